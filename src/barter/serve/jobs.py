"""Ingest from the page: a background job per request, its progress polled by the page.

The job runs the same steps as `barter ingest` - the ingest stage's
``read_inputs``, the cleaner, the store's ``save_documents`` with a run and
its rejects recorded - but every write goes through the desk's StoreGate,
because inside this process DuckDB refuses a writer while readers are open
(barter.ingest.ingest opens the file itself and would fail mid-request).
The desk adds no reading logic of its own.  Progress lives in memory; a
restarted server forgets its jobs.
"""

from __future__ import annotations

import importlib
import shutil
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from barter.records import Document, Reject, RunCounts
from barter.serve.access import StoreGate

MAX_JOBS_KEPT = 50
MAX_REJECT_LINES = 200
BATCH_SIZE = 50  # documents saved per hold of the store


class IngestUnavailable(RuntimeError):
    """This install has no ingest stage to call (yet)."""


@dataclass
class IngestJob:
    id: str
    inputs: list[str]
    state: str = "queued"  # queued, reading, saving, done, failed
    current: str = ""  # the input being read
    inputs_started: int = 0
    counts: RunCounts = field(default_factory=RunCounts)
    rejects: list[str] = field(default_factory=list)
    message: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "inputs": len(self.inputs),
            "inputs_started": self.inputs_started,
            "current": self.current,
            "state": self.state,
            "read": self.counts.read,
            "stored": self.counts.stored,
            "unchanged": self.counts.unchanged,
            "duplicates": self.counts.duplicates,
            "rejected": self.counts.rejected,
            "rejects": list(self.rejects),
            "message": self.message,
            "finished": self.state in ("done", "failed"),
        }


def ingest_functions() -> SimpleNamespace:
    """The pieces of the ingest stage and the documents store, or IngestUnavailable naming what is missing."""
    try:
        ingest = importlib.import_module("barter.ingest")
        documents = importlib.import_module("barter.store.documents")
        cleaner = importlib.import_module("barter.clean")
        return SimpleNamespace(
            read_inputs=ingest.read_inputs,
            Limits=ingest.Limits,
            clean=cleaner.clean,
            save_documents=documents.save_documents,
            near_duplicates_index=documents.near_duplicates_index,
            start_run=documents.start_run,
            finish_run=documents.finish_run,
            record_reject=documents.record_reject,
        )
    except (ImportError, AttributeError) as error:
        raise IngestUnavailable(
            f"ingest from the page is not available in this install ({error}); use `barter ingest` on the command line"
        ) from error


class IngestJobs:
    """The jobs this server has run, newest last, and the threads running them."""

    def __init__(self, gate: StoreGate, max_bytes: int | None = None) -> None:
        self.gate = gate
        self.max_bytes = max_bytes
        self._jobs: dict[str, IngestJob] = {}
        self._lock = threading.Lock()

    def get(self, job_id: str) -> IngestJob | None:
        with self._lock:
            return self._jobs.get(job_id)

    def start(self, inputs: list[str], scratch: Path | None) -> IngestJob:
        """Check the ingest stage is there, then run it over ``inputs`` in a thread."""
        stage = ingest_functions()
        job = IngestJob(id=uuid.uuid4().hex, inputs=inputs)
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > MAX_JOBS_KEPT:
                self._jobs.pop(next(iter(self._jobs)))
        thread = threading.Thread(target=self._run, args=(job, stage, scratch), daemon=True, name=f"ingest-{job.id[:8]}")
        thread.start()
        return job

    def _run(self, job: IngestJob, stage: SimpleNamespace, scratch: Path | None) -> None:
        try:
            self._ingest(job, stage)
            job.state = "done"
            c = job.counts
            job.message = f"read {c.read}, stored {c.stored}, unchanged {c.unchanged}, duplicates {c.duplicates}, rejected {c.rejected}"
        except Exception as error:  # the page must hear why, whatever it was
            job.state = "failed"
            first_line = str(error).splitlines()[0] if str(error) else type(error).__name__
            job.message = f"ingest failed: {first_line}"
        finally:
            if scratch is not None:
                shutil.rmtree(scratch, ignore_errors=True)

    def _ingest(self, job: IngestJob, stage: SimpleNamespace) -> None:
        with self.gate.write() as connection:
            run_id = stage.start_run(connection, "serve-ingest", job.inputs)
            index = stage.near_duplicates_index(connection)
        documents: list[Document] = []
        rejects: list[Reject] = []

        def flush() -> None:
            job.state = "saving"
            with self.gate.write() as connection:
                saved = stage.save_documents(connection, documents, run_id, index)
                for reject in rejects:
                    stage.record_reject(connection, run_id, reject)
            for name in ("read", "stored", "unchanged", "duplicates"):
                setattr(job.counts, name, getattr(job.counts, name) + getattr(saved, name, 0))
            documents.clear()
            rejects.clear()
            job.state = "reading"

        def started(item: str) -> None:
            job.inputs_started += 1
            job.current = Path(item).name if not item.startswith(("http://", "https://")) else item

        job.state = "reading"
        limits = stage.Limits(max_bytes=self.max_bytes) if self.max_bytes else stage.Limits()
        for result in stage.read_inputs(job.inputs, limits, started):
            if isinstance(result, Reject):
                job.counts.rejected += 1
                rejects.append(result)
                if len(job.rejects) < MAX_REJECT_LINES:
                    job.rejects.append(_shown(result, job.inputs))
            else:
                documents.append(stage.clean(result))
            if len(documents) + len(rejects) >= BATCH_SIZE:
                flush()
        flush()
        with self.gate.write() as connection:
            stage.finish_run(connection, run_id, job.counts)


def _shown(reject: Reject, inputs: list[str]) -> str:
    """The reject's line, naming an upload by its file name rather than its private temporary path."""
    line = reject.line()
    for item in inputs:
        if not item.startswith(("http://", "https://")):
            line = line.replace(item, Path(item).name.split("-", 1)[-1])
    return line
