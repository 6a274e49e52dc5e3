"""`barter eval`: run the extractor on a gold set and print the scorer's figures."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from barter.evaluate import Scores, error_rows, read_jsonl, score

console = Console()
# The error table is read for its sentences: give it room even when piped to a file.
wide_console = Console(width=max(console.width, 180))


def documents_from_rows(rows: list[dict[str, Any]]):
    """Documents in the shared eval shape, cleaned as ingest would clean them."""
    from barter.clean import clean
    from barter.records import Document

    for row in rows:
        published = None
        if row.get("published"):
            try:
                published = date.fromisoformat(str(row["published"])[:10])
            except ValueError:
                published = None
        yield clean(Document(id=row["id"], text=row["text"], title=row.get("title") or "", published=published,
                             source=row.get("source") or "", url=row.get("url")))


def predict(doc_rows: list[dict[str, Any]], gate: bool, model: bool, pipeline: str | None) -> list[dict[str, Any]]:
    from barter.extract import ExtractConfig, extract_documents

    config = ExtractConfig(gate=gate, model=model, **({"pipeline": pipeline} if pipeline else {}))
    return [claim.to_contract() for _, claims in extract_documents(documents_from_rows(doc_rows), config) for claim in claims]


def _ratio(numerator: int, denominator: int) -> str:
    return f"{numerator}/{denominator} ({numerator / denominator:.3f})" if denominator else f"{numerator}/0"


def print_scores(scores: Scores, errors: list | None) -> None:
    headline = Table(title="Extraction against gold", show_header=True)
    for column in ("level", "P", "R", "F1"):
        headline.add_column(column, justify="right" if column != "level" else "left")
    for level, prf in (("fine", scores.fine), ("coarse", scores.coarse)):
        headline.add_row(level, f"{prf.precision:.3f}", f"{prf.recall:.3f}", f"{prf.f1:.3f}")
    console.print(headline)

    per = Table(title="Per category (fine keys)")
    for column in ("category", "P", "R", "found", "spurious", "missed"):
        per.add_column(column)
    for category, prf in scores.per_category.items():
        per.add_row(category, f"{prf.precision:.3f}", f"{prf.recall:.3f}", str(len(prf.true_positives)),
                    str(len(prf.false_positives)), str(len(prf.false_negatives)))
    console.print(per)

    found = scores.found
    console.print(f"sources  {_ratio(scores.sources_named, scores.sources_wanted)} gold sources named")
    console.print(f"status   {_ratio(scores.status_matched, found)} found keys with a matching status")
    console.print(f"grounded {_ratio(scores.grounded, found)} found keys point at a gold evidence passage")
    console.print(f"evidence {_ratio(scores.verbatim, scores.predicted)} predicted claims quote the document verbatim")
    for what, count in sorted(scores.dropped.items()):
        console.print(f"  predictions dropped or flagged: {what}: {count}")

    if errors is not None:
        table = Table(title="Errors: missed and spurious keys", show_lines=True)
        for column in ("kind", "doc", "giver→receiver", "category", "status"):
            table.add_column(column, no_wrap=True)
        table.add_column("sentence", overflow="fold", ratio=1)
        for row in errors:
            doc_id, giver, receiver, category = row.key
            table.add_row(row.kind, doc_id[-28:], f"{giver}→{receiver}", category, row.status, row.sentence)
        wide_console.print(table)
    f = scores.fine
    console.print(f"fine     P {f.precision:.3f}  R {f.recall:.3f}  F1 {f.f1:.3f}", markup=False, highlight=False)


def register(app: typer.Typer) -> None:
    @app.command("eval")
    def eval_command(
        docs: Path = typer.Argument(..., help="Documents in the shared eval shape (id, title, published, source, url, text)."),
        gold: Path = typer.Argument(..., help="Gold claims, one a line, as annotated by the eval GUIDE."),
        errors: bool = typer.Option(False, "--errors", help="List missed and spurious claims with their sentence."),
        pred: Path | None = typer.Option(None, "--pred", help="Score these predictions instead of running the extractor."),
        save: Path | None = typer.Option(None, "--save", help="Write the predictions scored, one claim a line."),
        gate: bool = typer.Option(True, "--gate/--no-gate", help="Parse only passages the gate lets through."),
        model: bool = typer.Option(True, "--model/--no-model", help="Use the learned layer when it is installed."),
        pipeline: str | None = typer.Option(None, "--pipeline", help="spaCy pipeline to load by name."),
        as_json: bool = typer.Option(False, "--json", help="Print the figures as one JSON object."),
        min_f1: float | None = typer.Option(None, "--min-f1", help="Exit 1 when fine F1 is below this."),
    ) -> None:
        """Run extraction on DOCS and score it against GOLD, with the shared scorer's arithmetic.

        Example: barter eval ../shared/eval/dev-real/docs.jsonl ../shared/eval/dev-real/gold.jsonl --errors
        """
        try:
            doc_rows = read_jsonl(docs)
            gold_rows = read_jsonl(gold)
            predictions = read_jsonl(pred) if pred else predict(doc_rows, gate, model, pipeline)
        except (OSError, ValueError) as error:
            console.print(f"[red]error[/red]: {error}", markup=True)
            raise typer.Exit(2) from None
        if save:
            save.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in predictions), encoding="utf-8")
        texts = {row["id"]: row["text"] for row in doc_rows}
        scores = score(texts, gold_rows, predictions)
        if as_json:
            typer.echo(json.dumps(scores.as_dict()))
        else:
            print_scores(scores, error_rows(texts, gold_rows, predictions, scores) if errors else None)
        if min_f1 is not None and scores.fine.f1 < min_f1:
            raise typer.Exit(1)
