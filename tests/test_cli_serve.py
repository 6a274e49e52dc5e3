"""`barter serve` as a user starts it: a real process on a free loopback port."""

from __future__ import annotations

import socket
import subprocess
import sys
import time

import httpx

from serve_samples import build_store


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_barter_serve_answers_on_loopback_read_only_unless_given_a_token(tmp_path):
    store = build_store(tmp_path / "desk.duckdb")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-c", "from barter.cli import main; main()", "serve", "--db", str(store), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                home = httpx.get(base + "/", timeout=5)
                break
            except httpx.TransportError:
                assert server.poll() is None, server.stdout.read()
                assert time.monotonic() < deadline, "barter serve did not answer within 60 s"
                time.sleep(0.2)
        assert home.status_code == 200 and "What PRK gives RUS" in home.text
        assert "server" not in home.headers
        refused = httpx.post(base + "/api/ingest", data={"urls": "https://news.example/a"}, headers={"Authorization": "Bearer x"})
        assert refused.status_code == 403 and "read-only" in refused.json()["detail"]
        assert httpx.get(base + "/", headers={"Host": "rebound.example"}).status_code == 400
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=20)
    assert f"open http://127.0.0.1:{port}/" in output and "read-only" in output
