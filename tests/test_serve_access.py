"""The desk's gate around the store: many readers, or one writer, inside one process."""

from __future__ import annotations

import threading
import time

from barter.serve.access import StoreGate


def test_readers_share_the_store_and_a_writer_waits_for_them_then_goes_before_new_readers(tmp_path):
    gate = StoreGate(tmp_path / "gate.duckdb")
    order: list[str] = []
    first_reading = threading.Event()
    release_first = threading.Event()

    def first_reader():
        with gate.read() as connection:
            connection.execute("SELECT 1").fetchone()
            order.append("read 1 open")
            first_reading.set()
            release_first.wait(10)
            order.append("read 1 closes")

    def writer():
        with gate.write() as connection:
            connection.execute("CREATE TABLE IF NOT EXISTS t (x INTEGER)")
            connection.execute("INSERT INTO t VALUES (1)")
            order.append("write")

    def second_reader():
        with gate.read() as connection:
            order.append(f"read 2 sees {connection.execute('SELECT count(*) FROM t').fetchone()[0]}")

    reader = threading.Thread(target=first_reader)
    reader.start()
    assert first_reading.wait(10)
    writing = threading.Thread(target=writer)
    writing.start()
    while not gate._writers_waiting:  # the writer is queued behind the open reader
        time.sleep(0.001)
    late = threading.Thread(target=second_reader)
    late.start()
    release_first.set()
    for thread in (reader, writing, late):
        thread.join(10)
    assert order == ["read 1 open", "read 1 closes", "write", "read 2 sees 1"]


def test_the_shared_connection_is_released_when_idle_so_another_process_can_write(tmp_path):
    import subprocess
    import sys

    gate = StoreGate(tmp_path / "gate.duckdb", linger=0.1)
    with gate.read() as connection:
        assert connection.execute("SELECT max(version) FROM schema_version").fetchone()[0] >= 1
    write_elsewhere = [
        sys.executable, "-c",
        "import sys; from barter.store import writing\n"
        "with writing(sys.argv[1], wait=float(sys.argv[2])) as c: c.execute('CREATE TABLE IF NOT EXISTS t (x INTEGER)')",
        str(gate.path),
    ]
    with gate.read():  # held open: the other process cannot get in
        assert subprocess.run([*write_elsewhere, "0"], capture_output=True).returncode != 0
    time.sleep(0.5)  # idle past the linger: released
    assert subprocess.run([*write_elsewhere, "5"], capture_output=True).returncode == 0
    with gate.read() as connection:  # and the desk, reopening, sees the other process's write
        assert connection.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 't'").fetchone()[0] == 1
