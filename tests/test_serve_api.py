"""The desk's JSON API and HTML pages over a real DuckDB file (tests/serve_samples.py)."""

from __future__ import annotations

import html
import io
import re
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from barter.serve import create_app
from barter.serve.queries import parse_pair
from serve_samples import (
    CLAIMS, CRUDE, DENIAL, DOCUMENTS, ENTRIES, FUEL, GAZETTE, GULF, HOSTILE, IMG, MEASURES, MISSILES, SATELLITES, SCRIPT,
    SHELLS, TROOPS, WIRE, build_store,
)

TOKEN = "s3cret-token"
ALL_ENTRIES = {e[0] for e in ENTRIES}
PAGES = ("/", "/entries", "/timeline", "/documents", "/measures", "/ingest", "/search?q=russia", "/api/docs")


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    return build_store(tmp_path_factory.mktemp("desk") / "desk.duckdb")


@pytest.fixture(scope="module")
def client(store) -> TestClient:
    return TestClient(create_app(store, token=TOKEN, measures=MEASURES, search_per_minute=1000))


@pytest.fixture
def fresh_store(tmp_path) -> Path:
    """A store of one's own, for tests that write."""
    return build_store(tmp_path / "desk.duckdb")


def ids(listing: dict) -> set[str]:
    return {item["id"] for item in listing["items"]}


VOID = {"meta", "link", "input", "br", "hr", "img", "line"}  # elements that never close


class Elements(HTMLParser):
    """Every start tag of a page, with its attributes and the text inside it (for leaf-ish elements)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.open: list[tuple[str, dict[str, str], list[str]]] = []
        self.texts: list[tuple[str, dict[str, str], str]] = []
        self.script_bodies: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = {k: v or "" for k, v in attrs}
        self.tags.append((tag, attributes))
        if tag not in VOID:
            self.open.append((tag, attributes, []))

    def handle_endtag(self, tag):
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i][0] == tag:
                name, attributes, parts = self.open.pop(i)
                text = "".join(parts)
                self.texts.append((name, attributes, text))
                if name == "script":
                    self.script_bodies.append(text)
                if self.open:
                    self.open[-1][2].append(text)
                return

    def handle_data(self, data):
        if self.open:
            self.open[-1][2].append(data)

    def text_of(self, tag: str, **attrs: str) -> list[str]:
        return [t for name, a, t in self.texts if name == tag and all(a.get(k) == v for k, v in attrs.items())]


def parse(page: str) -> Elements:
    parser = Elements()
    parser.feed(page)
    parser.close()
    return parser


# --- reading the ledger ----------------------------------------------------


def test_pairs_lists_each_pair_once_busiest_first(client):
    pairs = client.get("/api/pairs").json()
    assert [(p["a"], p["b"], p["entries"]) for p in pairs] == [("PRK", "RUS", 7), ("IRN", "RUS", 1)]
    assert pairs[0]["claims"] == 9


def test_balance_sheet_splits_what_each_side_gives_with_counts_ranges_and_flags(client):
    sheet = client.get("/api/balance", params={"pair": "RUS-PRK"}).json()
    russia, korea = sheet["sides"]
    assert (russia["giver"], russia["receiver"], korea["giver"]) == ("RUS", "PRK", "PRK")
    assert {c["category"] for c in russia["categories"]} == {"refined_petroleum", "food", "military_technology", "crude_oil"}
    assert {c["category"] for c in korea["categories"]} == {"arms", "workers", "military_personnel"}
    fuel = next(c for c in russia["categories"] if c["category"] == "refined_petroleum")
    assert fuel["quantities"] == [{"unit": "barrels", "low": 1_000_000, "high": 1_000_000, "entries": 1}]
    assert fuel["flags"] == [{"measure_id": "prk-refined-cap", "entries": 1}]
    arms = next(c for c in korea["categories"] if c["category"] == "arms")
    assert (arms["entries"], arms["claims"], arms["standings"]) == (1, 3, {"contested": 1})
    assert korea["flagged"] == 2 and russia["flagged"] == 2


def test_balance_refuses_a_malformed_pair_naming_it(client):
    response = client.get("/api/balance", params={"pair": "RUSSIA"})
    assert response.status_code == 400
    assert "RUSSIA" in response.json()["detail"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ALL_ENTRIES),
        ({"pair": "RUS-PRK"}, ALL_ENTRIES - {"entry:irn-rus-drones"}),
        ({"pair": "RUS-IRN"}, {"entry:irn-rus-drones"}),
        ({"giver": "rus"}, {"entry:rus-prk-fuel", "entry:rus-prk-wheat", "entry:rus-prk-satellites", "entry:rus-prk-crude"}),
        ({"category": "arms"}, {"entry:prk-rus-arms", "entry:irn-rus-drones"}),
        ({"status": "planned"}, {"entry:rus-prk-wheat"}),
        ({"measure": "prk-refined-cap"}, {"entry:rus-prk-fuel"}),
        ({"outlet": "Northern Wire"}, {"entry:prk-rus-arms", "entry:rus-prk-wheat", "entry:prk-rus-workers"}),
        # "2024" (a year) reaches to 2024-12-31; "2024-03-10" ends before May.
        ({"since": "2024-05"}, {"entry:prk-rus-arms", "entry:rus-prk-wheat", "entry:prk-rus-workers",
                                "entry:prk-rus-troops", "entry:rus-prk-satellites"}),
        ({"until": "2023-12-31"}, {"entry:prk-rus-arms", "entry:irn-rus-drones"}),
        ({"since": "2023-11", "until": "2023-11"}, {"entry:prk-rus-arms", "entry:irn-rus-drones"}),
        ({"since": "2023-09-01", "until": "2023-10-31"}, {"entry:prk-rus-arms"}),
        ({"category": "arms", "pair": "PRK-RUS", "status": "contested"}, {"entry:prk-rus-arms"}),
        ({"category": "aid"}, set()),
    ],
)
def test_entries_filter_by_each_parameter(client, params, expected):
    listing = client.get("/api/entries", params=params).json()
    assert ids(listing) == expected
    assert listing["total"] == len(expected)


def test_entries_paginate_without_overlap_and_report_the_total(client):
    pages = [client.get("/api/entries", params={"limit": 3, "offset": o}).json() for o in (0, 3, 6)]
    assert [len(p["items"]) for p in pages] == [3, 3, 2]
    assert all(p["total"] == len(ALL_ENTRIES) for p in pages)
    seen = [i["id"] for p in pages for i in p["items"]]
    assert len(seen) == len(set(seen)) and set(seen) == ALL_ENTRIES


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 201}, {"offset": -1}])
def test_page_bounds_are_enforced(client, params):
    assert client.get("/api/entries", params=params).status_code == 422


@pytest.mark.parametrize(("name", "value"), [("since", "2024-13"), ("until", "last week"), ("giver", "R1"), ("pair", "RUS")])
def test_a_malformed_filter_is_refused_naming_the_parameter(client, name, value):
    response = client.get("/api/claims", params={name: value})
    assert response.status_code in (400, 422)
    assert name in response.text


def test_entry_detail_carries_its_claims_with_their_documents(client):
    entry = client.get("/api/entries/entry:prk-rus-arms").json()
    assert [c["id"] for c in entry["claims"]] == [SHELLS.id, DENIAL.id, MISSILES.id]
    shells = entry["claims"][0]
    assert shells["document"]["source"] == "Harbour Gazette"
    assert shells["sources"] == [{"code": "KOR", "name": "South Korea's defence ministry"}]
    assert entry["flags"][0]["measure_id"] == "prk-arms"


def test_unknown_ids_answer_404(client):
    for path in ("/api/entries/entry:none", "/api/claims/claim:none", "/api/documents/doc:none"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "none" in response.json()["detail"]


def test_claims_filter_and_each_evidence_holds_in_its_document(client):
    listing = client.get("/api/claims", params={"pair": "PRK-RUS", "status": "reported", "limit": 200}).json()
    assert ids(listing) == {SHELLS.id, FUEL.id, MISSILES.id, TROOPS.id, CRUDE.id}
    for claim in client.get("/api/claims", params={"limit": 200}).json()["items"]:
        text = client.get(f"/api/documents/{claim['doc_id']}").json()["text"]
        evidence = claim["evidence"]
        assert text[evidence["start"] : evidence["end"]] == evidence["text"]


def test_claims_filter_by_measure_through_their_entries(client):
    assert ids(client.get("/api/claims", params={"measure": "prk-arms"}).json()) == {SHELLS.id, DENIAL.id, MISSILES.id, SATELLITES.id}


def test_documents_filter_by_outlet_date_and_pair(client):
    assert ids(client.get("/api/documents", params={"outlet": "Harbour Gazette"}).json()) == {GAZETTE.id}
    assert ids(client.get("/api/documents", params={"since": "2024-06", "until": "2024-06"}).json()) == {WIRE.id}
    assert ids(client.get("/api/documents", params={"pair": "IRN-RUS"}).json()) == {GULF.id}
    assert ids(client.get("/api/documents", params={"giver": "IRN"}).json()) == {GULF.id}
    assert ids(client.get("/api/documents", params={"measure": "prk-refined-cap"}).json()) == {GAZETTE.id}
    assert client.get("/api/documents").json()["total"] == len(DOCUMENTS)


def test_document_detail_has_its_text_removed_spans_and_claims(client):
    doc = client.get(f"/api/documents/{GAZETTE.id}").json()
    assert doc["text"] == GAZETTE.text
    (span,) = doc["removed"]
    assert GAZETTE.text[span["start"] : span["end"]].startswith("Sign up") and span["reason"] == "newsletter"
    assert {c["id"] for c in doc["claims"]} == {SHELLS.id, FUEL.id}


def test_search_needs_every_term_and_finds_documents_and_quotes(client):
    found = client.get("/api/search", params={"q": "russia wheat"}).json()
    assert ids(found["documents"]) == {WIRE.id}
    assert [c["evidence"]["text"] for c in found["quotes"]["items"]] == [
        "Russia will deliver 50,000 tonnes of wheat to North Korea"
    ]
    snippet = found["documents"]["items"][0]["snippet"]
    start, end = snippet["mark"]
    assert snippet["text"][start:end].lower() in ("russia", "wheat")


def test_search_keeps_quoted_phrases_whole(client):
    assert client.get("/api/search", params={"q": '"wheat to North Korea"'}).json()["documents"]["total"] == 1
    assert client.get("/api/search", params={"q": '"wheat to Russia"'}).json()["documents"]["total"] == 0


def test_search_treats_sql_wildcards_and_quotes_as_plain_characters(client):
    for query in ("%", "_", "' OR 1=1 --", "\\"):
        found = client.get("/api/search", params={"q": query}).json()
        assert found["documents"]["total"] == 0, query


def test_search_is_rate_limited_per_client(store):
    limited = TestClient(create_app(store, measures=MEASURES, search_per_minute=3))
    codes = [limited.get("/api/search", params={"q": "russia"}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    refused = limited.get("/api/search", params={"q": "russia"})
    assert int(refused.headers["retry-after"]) >= 1


def test_measures_are_listed_with_their_citations(client):
    measures = client.get("/api/measures").json()
    assert [m["id"] for m in measures] == ["prk-arms", "prk-refined-cap", "prk-workers"]
    assert measures[1]["citations"] == [{"resolution": "2397", "paragraph": "5", "confirmed": True}]


def test_timeline_counts_entries_by_month_and_category(client):
    timeline = client.get("/api/timeline", params={"pair": "PRK-RUS"}).json()
    assert timeline["counts"] == [
        {"month": "2023-08", "category": "arms", "entries": 1},
        {"month": "2024-02", "category": "crude_oil", "entries": 1},
        {"month": "2024-06", "category": "workers", "entries": 1},
        {"month": "2024-10", "category": "military_personnel", "entries": 1},
        {"month": "2024-11", "category": "military_technology", "entries": 1},
    ]
    assert timeline["without_month"] == 2  # the two entries dated "2024"


def test_openapi_describes_the_api_and_the_docs_page_lists_it(client):
    spec = client.get("/api/openapi.json").json()
    for path in ("/api/entries", "/api/claims", "/api/documents", "/api/measures", "/api/pairs", "/api/search", "/api/ingest"):
        assert path in spec["paths"], path
    docs = client.get("/docs").text  # FastAPI's usual address redirects to ours
    assert "/api/entries" in docs and "/api/openapi.json" in docs


# --- writing needs the token ---------------------------------------------


def test_ingest_without_a_token_is_401(client):
    response = client.post("/api/ingest", data={"urls": "https://news.example/a"})
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


def test_ingest_with_a_wrong_token_is_403(client):
    response = client.post("/api/ingest", data={"urls": "https://news.example/a"}, headers={"Authorization": "Bearer nope"})
    assert response.status_code == 403


def test_a_server_started_without_a_token_refuses_every_write(store):
    read_only = TestClient(create_app(store, measures=MEASURES))
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert read_only.post("/api/ingest", data={"urls": "https://news.example/a"}, headers=auth).status_code == 403
    response = read_only.delete(f"/api/documents/{GAZETTE.id}", headers=auth)
    assert response.status_code == 403 and "read-only" in response.json()["detail"]
    assert read_only.get(f"/api/documents/{GAZETTE.id}").status_code == 200


def test_delete_needs_the_token_then_removes_the_document_and_its_claims(fresh_store):
    desk = TestClient(create_app(fresh_store, token=TOKEN, measures=MEASURES))
    assert desk.delete(f"/api/documents/{WIRE.id}").status_code == 401
    response = desk.delete(f"/api/documents/{WIRE.id}", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200 and response.json()["claims_deleted"] == 3
    assert desk.get(f"/api/documents/{WIRE.id}").status_code == 404
    assert desk.get("/api/claims", params={"doc_id": WIRE.id}).json()["total"] == len(CLAIMS) - 3
    # The entry that cited the deleted claims still opens, saying what is gone.
    assert "no longer in the store" in desk.get("/entries/entry:rus-prk-wheat").text


def test_an_upload_over_the_cap_is_refused_with_413(fresh_store):
    desk = TestClient(create_app(fresh_store, token=TOKEN, max_upload_mb=0.01))
    big = io.BytesIO(b"x" * 20_000)
    response = desk.post("/api/ingest", files={"files": ("big.txt", big, "text/plain")}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 413
    assert "limit" in response.json()["detail"]


def test_a_large_body_to_any_other_endpoint_is_refused_with_413(client):
    response = client.request("DELETE", f"/api/documents/{GAZETTE.id}", content=b"x" * 100_000,
                              headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 413


def test_ingest_refuses_input_that_is_not_a_url(client):
    response = client.post("/api/ingest", data={"urls": "javascript:alert(1)"}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 400 and "URL" in response.json()["detail"]


def test_ingest_from_the_page_stores_an_uploaded_file_and_reports_progress(fresh_store):
    desk = TestClient(create_app(fresh_store, token=TOKEN))
    auth = {"Authorization": f"Bearer {TOKEN}"}
    article = "Our own words: Russia sent two tugboats to North Korea in spring, a harbour official said.\n"
    response = desk.post("/api/ingest", files={"files": ("tugboats.txt", io.BytesIO(article.encode()), "text/plain")}, headers=auth)
    assert response.status_code == 202, response.text
    progress = response.json()["progress"]
    deadline = time.monotonic() + 30
    while not (job := desk.get(progress, headers=auth).json())["finished"] and time.monotonic() < deadline:
        time.sleep(0.1)
    assert job["state"] == "done", job
    assert job["read"] == 1 and job["rejected"] == 0
    found = desk.get("/api/search", params={"q": "tugboats"}).json()
    assert found["documents"]["total"] == 1


def test_ingest_progress_needs_the_token_and_a_known_job(client):
    assert client.get("/api/ingest/abc").status_code == 401
    assert client.get("/api/ingest/abc", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 404


# --- hostile text and security headers -------------------------------------


@pytest.mark.parametrize("path", [*PAGES, "/api/entries", "/static/barter.js", "/no-such-page", "/api/no-such"])
def test_every_response_carries_a_strict_content_security_policy(client, path):
    headers = client.get(path).headers
    policy = headers["content-security-policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"


def _entry_and_document_pages(client) -> list[str]:
    return [*PAGES, "/entries/entry:prk-rus-arms", f"/documents/{HOSTILE.id}", f"/documents/{GAZETTE.id}", "/search?q=missiles"]


def test_pages_carry_no_inline_script_handlers_or_styles(client):
    for path in _entry_and_document_pages(client):
        page = parse(client.get(path).text)
        scripts = [a for tag, a in page.tags if tag == "script"]
        assert scripts == [{"src": "/static/barter.js", "defer": ""}], path
        assert all(not body.strip() for body in page.script_bodies), path
        for tag, attributes in page.tags:
            assert not any(name.startswith("on") or name == "style" for name in attributes), (path, tag, attributes)
            assert not attributes.get("href", "").lower().startswith("javascript:"), (path, tag)


def test_hostile_text_is_escaped_in_every_page_that_shows_it(client):
    for path in ("/", "/entries", "/documents", f"/documents/{HOSTILE.id}", "/entries/entry:prk-rus-arms", "/search?q=caption"):
        page = client.get(path).text
        assert SCRIPT not in page and "<img" not in page and "<b>Evil" not in page, path
    document = client.get(f"/documents/{HOSTILE.id}").text
    assert html.escape(SCRIPT, quote=False) in document
    assert html.escape(IMG, quote=False) in document
    entry = client.get("/entries/entry:prk-rus-arms").text
    assert html.escape(IMG, quote=False) in entry  # a source's name, as who says so


def test_a_javascript_url_from_an_article_is_not_linked(client):
    page = parse(client.get(f"/documents/{HOSTILE.id}").text)
    assert not [a for tag, a in page.tags if tag == "a" and "javascript" in a.get("href", "")]


def test_the_entry_page_marks_each_quote_at_its_offsets_with_its_outlet_and_sources(client):
    page = client.get("/entries/entry:prk-rus-arms").text
    parsed = parse(page)
    for claim in (SHELLS, DENIAL, MISSILES):
        assert parsed.text_of("mark", **{"data-claim": claim.id, "class": "focus"}) == [claim.evidence.text]
    assert "Harbour Gazette" in page and "South Korea&#39;s defence ministry" in page
    assert f"/documents/{GAZETTE.id.replace(':', '%3A')}?claim={SHELLS.id.replace(':', '%3A')}#quote" in page


def test_the_entry_page_shows_the_measure_text_beside_its_flag(client):
    page = client.get("/entries/entry:rus-prk-fuel").text
    assert "Cap on refined petroleum into the DPRK" in page
    assert "half a million barrels a year" in page
    assert "S/RES/2397 para. 5" in page
    assert "against a yearly cap of 500,000" in page


def test_the_document_page_greys_out_removed_boilerplate_and_keeps_the_whole_text(client):
    page = client.get(f"/documents/{GAZETTE.id}", params={"claim": FUEL.id}).text
    parsed = parse(page)
    removed = [t for name, a, t in parsed.texts if name == "span" and a.get("class") == "removed" and "boilerplate:" in a.get("title", "")]
    assert removed == ["Sign up for the Gazette morning briefing. Advertisement."]
    (text_panel,) = [t for name, a, t in parsed.texts if a.get("id") == "article-text"]
    assert text_panel == GAZETTE.text
    assert parsed.text_of("mark", id="quote") == [FUEL.evidence.text]


def test_pages_answer_bad_requests_with_a_page_not_json(client):
    response = client.get("/entries", params={"since": "yesterday"})
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/html")
    assert "since" in response.text


def test_every_page_renders(client):
    for path in _entry_and_document_pages(client):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["content-type"].startswith("text/html"), path


def test_the_balance_sheet_links_each_entry_to_its_page(client):
    page = parse(client.get("/", params={"pair": "PRK-RUS"}).text)
    links = {a["href"] for tag, a in page.tags if tag == "a" and a.get("class") == "entry-link"}
    expected = {"/entries/" + e[0].replace(":", "%3A") for e in ENTRIES if "IRN" not in (e[1], e[2])}
    assert links == expected


def test_an_empty_store_shows_an_empty_ledger_not_an_error(tmp_path):
    desk = TestClient(create_app(tmp_path / "empty.duckdb"))
    assert "The ledger is empty" in desk.get("/").text
    assert desk.get("/api/entries").json() == {"items": [], "total": 0, "limit": 50, "offset": 0}
    assert re.search(r"No entries match", desk.get("/entries").text)


def test_writes_are_rate_limited_before_the_token_is_checked(fresh_store):
    desk = TestClient(create_app(fresh_store, token=TOKEN, write_per_minute=2))
    guesses = [desk.delete(f"/api/documents/{GAZETTE.id}", headers={"Authorization": f"Bearer guess{n}"}).status_code for n in range(3)]
    assert guesses == [403, 403, 429]


def test_a_desk_limited_to_loopback_names_refuses_other_hosts(store):
    desk = TestClient(create_app(store, allowed_hosts=["127.0.0.1", "localhost"]), base_url="http://127.0.0.1")
    assert desk.get("/api/pairs").status_code == 200
    assert desk.get("/api/pairs", headers={"host": "attacker.example"}).status_code == 400


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(min_size=1, max_size=60).filter(lambda q: q.strip()))
def test_search_answers_any_text_without_error_and_only_with_matches(client, query):
    response = client.get("/api/search", params={"q": query})
    assert response.status_code == 200
    terms = response.json()["terms"]
    for doc in response.json()["documents"]["items"]:
        full = client.get(f"/api/documents/{doc['id']}").json()
        haystack = (full["title"] + " " + full["text"]).lower()
        assert all(term.lower() in haystack for term in terms)


@given(text=st.text(max_size=12))
def test_parse_pair_accepts_only_two_distinct_codes(text):
    pair = parse_pair(text)
    if pair is not None:
        assert len(pair) == 2 and pair[0] != pair[1]
        assert all(code.isascii() and code.isalpha() and code.isupper() and len(code) in (2, 3) for code in pair)


def test_parse_pair_reads_the_usual_spellings():
    assert parse_pair("rus-prk") == parse_pair("RUS,PRK") == parse_pair("RUS PRK") == ("RUS", "PRK")
    assert parse_pair("RUS-RUS") is None and parse_pair("RUS-PRK-CHN") is None and parse_pair("RUS-P1K") is None


def test_while_another_process_writes_the_store_requests_answer_503_and_then_recover(store):
    desk = TestClient(create_app(store, measures=MEASURES, lock_wait=0.3))
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys; from barter.store import writing\n"
         "with writing(sys.argv[1]):\n    print('holding', flush=True); sys.stdin.read()",
         str(store)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "holding"
        api = desk.get("/api/entries")
        assert api.status_code == 503 and "busy" in api.json()["detail"]
        page = desk.get("/entries")
        assert page.status_code == 503 and "busy" in page.text
    finally:
        holder.communicate("", timeout=30)
    assert desk.get("/api/entries").status_code == 200


def test_a_chunked_upload_without_a_length_is_cut_off_at_the_cap(fresh_store):
    desk = TestClient(create_app(fresh_store, token=TOKEN, max_upload_mb=0.01))
    boundary = "b0undary"
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"big.txt\"\r\n"
            "Content-Type: text/plain\r\n\r\n").encode()

    def body():
        yield head
        for _ in range(10):
            yield b"y" * 4096
        yield f"\r\n--{boundary}--\r\n".encode()

    response = desk.post("/api/ingest", content=body(), headers={
        "Authorization": f"Bearer {TOKEN}", "Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert response.status_code == 413


def test_ingest_from_the_page_reports_a_bad_file_by_its_own_name(fresh_store):
    desk = TestClient(create_app(fresh_store, token=TOKEN))
    auth = {"Authorization": f"Bearer {TOKEN}"}
    response = desk.post("/api/ingest", files={"files": ("empty.txt", io.BytesIO(b""), "text/plain")}, headers=auth)
    assert response.status_code == 202
    deadline = time.monotonic() + 30
    while not (job := desk.get(response.json()["progress"], headers=auth).json())["finished"] and time.monotonic() < deadline:
        time.sleep(0.1)
    assert job["state"] == "done" and job["rejected"] == 1 and job["stored"] == 0
    (line,) = job["rejects"]
    assert line.startswith("empty.txt: ") and "barter-upload-" not in line


def test_list_pages_link_to_the_next_and_previous_page_keeping_the_filters(client):
    first = parse(client.get("/entries", params={"pair": "PRK-RUS", "limit": 3}).text)
    (next_link,) = {a["href"] for tag, a in first.tags if tag == "a" and a.get("rel") == "next"}
    assert next_link == "/entries?pair=PRK-RUS&limit=3&offset=3"
    second = parse(client.get(next_link).text)
    assert {a["href"] for tag, a in second.tags if tag == "a" and a.get("rel") == "prev"} == {
        "/entries?pair=PRK-RUS&limit=3&offset=0"
    }
