// barter's desk: the one script.  It builds nothing from HTML strings: text
// from the server goes in through textContent only.
"use strict";

function autosubmit() {
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
}

function say(element, text) {
  element.textContent = text;
}

function listRejects(list, lines) {
  list.replaceChildren();
  lines.forEach(function (line) {
    var item = document.createElement("li");
    item.textContent = line;
    list.appendChild(item);
  });
}

function describe(job) {
  var parts = [job.state + ":"];
  if (!job.finished && job.current) parts.push("input " + job.inputs_started + " of " + job.inputs + " (" + job.current + "),");
  parts.push(job.read + " read", job.stored + " stored");
  if (job.unchanged) parts.push(job.unchanged + " unchanged");
  if (job.duplicates) parts.push(job.duplicates + " duplicates");
  parts.push(job.rejected + " rejected");
  var text = parts.join(" ");
  return job.message ? text + " - " + job.message : text;
}

function errorText(response, body) {
  var detail = body && body.detail;
  if (Array.isArray(detail)) detail = detail.map(function (d) { return d.msg; }).join("; ");
  return "HTTP " + response.status + ": " + (detail || response.statusText);
}

function poll(url, token, status, bar, rejects) {
  fetch(url, { headers: { "Authorization": "Bearer " + token } })
    .then(function (response) {
      return response.json().then(function (body) { return { response: response, body: body }; });
    })
    .then(function (result) {
      if (!result.response.ok) { say(status, errorText(result.response, result.body)); return; }
      var job = result.body;
      say(status, describe(job));
      listRejects(rejects, job.rejects || []);
      if (job.finished) {
        bar.max = 1; bar.value = 1;
        status.dataset.state = job.state;
      } else {
        window.setTimeout(function () { poll(url, token, status, bar, rejects); }, 800);
      }
    })
    .catch(function (error) { say(status, "lost contact with the server: " + error); });
}

function ingestForm() {
  var form = document.getElementById("ingest-form");
  if (!form) return;
  var panel = document.getElementById("ingest-progress");
  var status = document.getElementById("ingest-status");
  var bar = document.getElementById("ingest-bar");
  var rejects = document.getElementById("ingest-rejects");
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var token = document.getElementById("ingest-token").value;
    var data = new FormData(form);
    data.delete("token");
    var size = 0;
    data.getAll("files").forEach(function (file) { size += file.size || 0; });
    var limit = Number(form.dataset.maxBytes);
    panel.hidden = false;
    bar.removeAttribute("value");
    delete status.dataset.state;
    if (limit && size > limit) {
      say(status, "too large: " + size + " bytes chosen, the limit is " + limit + " bytes");
      return;
    }
    say(status, "sending…");
    fetch(form.action, { method: "POST", body: data, headers: { "Authorization": "Bearer " + token } })
      .then(function (response) {
        return response.json().then(function (body) { return { response: response, body: body }; });
      })
      .then(function (result) {
        if (!result.response.ok) {
          say(status, errorText(result.response, result.body));
          status.dataset.state = "refused";
          return;
        }
        say(status, describe(result.body));
        poll(result.body.progress, token, status, bar, rejects);
      })
      .catch(function (error) { say(status, "could not send: " + error); });
  });
}

document.addEventListener("DOMContentLoaded", function () {
  autosubmit();
  ingestForm();
});
