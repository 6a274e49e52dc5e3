"""`barter train`: rebuild the learned layer's model from barter's own annotations."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

console = Console()


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""

    @app.command("train")
    def train_command(
        shared: Path = typer.Option(Path("../shared"), "--shared",
                                    help="The shared folder beside the clone; passages are rebuilt from its corpus/."),
        out: Path | None = typer.Option(None, "--out", help="Where to write the model (default: the shipped one, "
                                                            "src/barter/models/claim-model.json)."),
        annotations: Path | None = typer.Option(None, "--annotations",
                                                help="Annotation file (default: training/annotations.jsonl)."),
        fraction: float = typer.Option(1.0, "--fraction", min=0.01, max=1.0,
                                       help="Train on this nested share of the TRAIN split (learning curves)."),
        report: bool = typer.Option(False, "--report", help="Print every cross-validated setting tried."),
        pipeline: str | None = typer.Option(None, "--pipeline", help="spaCy pipeline to load by name."),
        precision_floor: bool = typer.Option(True, "--precision-floor/--best-f1",
                                             help="Thresholds keep cross-validated precision at least the rules' own "
                                                  "(default), or maximise F1 alone."),
    ) -> None:
        """Train the claim model on the TRAIN split of training/annotations.jsonl and write it as JSON.

        Needs the corpus beside the clone (../shared/corpus): the annotations hold offsets, not text.
        The same annotations give a byte-identical model file.

        Example: barter train --shared ../shared --report
        """
        from rich.progress import Progress

        from barter.extract.learned import MODEL_PATH, forget_loaded
        from barter.train import ANNOTATIONS, read_annotations, train_from_shared

        source = annotations or ANNOTATIONS
        target = out or MODEL_PATH
        try:
            total = len(read_annotations(source))
        except (OSError, ValueError) as error:
            console.print(f"[red]error[/red]: {error}")
            raise typer.Exit(2) from None
        try:
            with Progress(console=console, transient=True) as bar:
                task = bar.add_task("reading passages", total=None)
                result = train_from_shared(
                    shared, target, annotations=source, fraction=fraction, pipeline=pipeline,
                    precision_floor=precision_floor, progress=lambda n: bar.update(task, advance=n, total=total))
        except (OSError, ValueError) as error:
            console.print(f"[red]error[/red]: {error}")
            raise typer.Exit(2) from None
        forget_loaded()
        trained = result.model["trained_on"]
        if report:
            table = Table(title="Cross-validated settings (TRAIN split, 5 folds grouped by passage)")
            for column in ("C", "class_weight", "threshold", "rule threshold", "P", "R", "F1", "floor met"):
                table.add_column(column, justify="right")
            for trial in result.report["trials"]:
                table.add_row(str(trial["C"]), trial["class_weight"], f"{trial['threshold']:.2f}", f"{trial['rule_threshold']:.2f}",
                              f"{trial['cv_precision']:.3f}", f"{trial['cv_recall']:.3f}", f"{trial['cv_f1']:.3f}",
                              "yes" if trial["meets_floor"] else "no")
            console.print(table)
        size = target.stat().st_size
        console.print(
            f"model -> {target} ({size / 1024:.0f} KiB, {result.report['features']} features, threshold "
            f"{result.model['threshold']:.2f}, rules' {result.model['rule_threshold']:.2f}, it overrules the rule frames "
            f"{', '.join(result.model['decided_frames']) or 'none'} only); trained on {trained['passages']} passages, {trained['candidates']} "
            f"candidates ({trained['positives']} claims); {result.report['test_passages']} TEST passages held out; "
            f"cross-validated key F1 {trained['cv_f1']:.3f} (P {trained['cv_precision']:.3f} R {trained['cv_recall']:.3f}; "
            f"precision floor {trained['precision_floor']:.3f}); "
            f"{result.report['seconds']:.0f} s", markup=False, highlight=False)
