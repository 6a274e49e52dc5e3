"""The `resolve`, `ledger` and `show` commands: build the ledger from claims and read it.

Every piece of text that came from an article is handed to Rich as a Text
object, never as markup, so brackets in a quote cannot restyle the terminal.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from barter.cli.options import DbOption

DEFAULT_PAIR = ("RUS", "PRK")
QUOTES_PER_ROW = 3
STANDING_STYLE = {"contested": "bold yellow", "denied": "red", "asserted": "green", "reported": "cyan"}


def state_name(code: str) -> str:
    """A state's English name from its ISO alpha-3 code (followthemoney's country list), else the code."""
    from followthemoney import registry

    country = registry.country.clean(code)
    return registry.country.names.get(country, code) if country else code


def ensure_fresh_ledger(db: Path, console: Console) -> None:
    """Rebuild the ledger when the claims changed since it was built, saying so."""
    from barter.store import reading, writing
    from barter.store.ledger import ledger_is_stale, rebuild_ledger

    with reading(db) as connection:
        stale = ledger_is_stale(connection)
    if stale:
        with writing(db) as connection:
            rebuilt = rebuild_ledger(connection)
        console.print(f"[dim]The ledger was out of date: rebuilt {len(rebuilt.entries)} entries from {rebuilt.claims} claims.[/dim]")
        for line in rebuilt.skipped:
            console.print(Text(line, style="yellow"))


# ---- one row a category ----------------------------------------------------------------------


def row_standing(standings: Sequence[str]) -> str:
    """A category's standing across its entries: contested if any is, denied only if all are."""
    from barter.resolve import STATUS_STRENGTH

    kinds = set(standings)
    if "contested" in kinds or ("denied" in kinds and len(kinds) > 1):
        return "contested"
    if kinds == {"denied"}:
        return "denied"
    return max(kinds, key=lambda s: STATUS_STRENGTH.get(s, 0))


def _quantity_text(entries: Sequence) -> str:
    by_unit: dict[str, list[float]] = {}
    for entry in entries:
        if entry.quantity:
            by_unit.setdefault(entry.quantity.unit, []).extend([entry.quantity.low, entry.quantity.high])
    parts = []
    for unit, values in by_unit.items():
        low, high = min(values), max(values)
        parts.append(f"{low:,.0f} {unit}" if low == high else f"{low:,.0f}-{high:,.0f} {unit}")
    return "; ".join(parts) or "-"


def short_id(entry_id: str) -> str:
    """The start of an entry id that `barter show` accepts."""
    return entry_id.removeprefix("entry:")[:8]


def _dates_text(first: str | None, last: str | None) -> str:
    if not first and not last:
        return "-"
    if first == last or not last:
        return first or "-"
    return f"{first} to {last}"


def _category_rows(entries: Sequence) -> dict[str, list]:
    """Entries grouped by category, in the order of records.CATEGORIES (arms first, diplomacy last)."""
    from barter.records import CATEGORIES

    rows: dict[str, list] = {}
    for entry in sorted(entries, key=lambda e: CATEGORIES.index(e.category) if e.category in CATEGORIES else 99):
        rows.setdefault(entry.category, []).append(entry)
    return rows


def balance_table(title: str, entries: Sequence) -> Table:
    table = Table(title=title, title_justify="left", show_lines=True, expand=True)
    for name, ratio in (("Category", 3), ("Items", 4), ("Quantity", 3), ("Outlets", 2), ("Dates", 3),
                        ("Standing", 3), ("Measures touched", 4), ("Entry", 2)):
        table.add_column(name, ratio=ratio, overflow="fold")
    for category, group in _category_rows(entries).items():
        items = list(dict.fromkeys(item for e in group for item in e.items))
        firsts = [e.first_date for e in group if e.first_date]
        lasts = [e.last_date for e in group if e.last_date]
        outlets = max(e.outlets for e in group)
        standing = row_standing([e.standing for e in group])
        measures = list(dict.fromkeys(f.measure_id for e in group for f in e.flags))
        table.add_row(
            Text(category, style="bold"),
            Text(", ".join(items) or "-"),
            Text(_quantity_text(group)),
            Text(str(outlets) if len(group) == 1 else f">={outlets}"),
            Text(_dates_text(min(firsts) if firsts else None, max(lasts) if lasts else None)),
            Text(standing, style=STANDING_STYLE.get(standing, "")),
            Text(", ".join(measures) or "-", style="magenta" if measures else ""),
            Text("\n".join(short_id(e.id) for e in group), style="dim"),
        )
    if not entries:
        table.add_row(Text("nothing reported", style="dim"), *[Text("")] * 7)
    return table


def quote_lines(details: Sequence) -> list[Text]:
    """Each category's quotes, a few per category, as Text lines."""
    lines: list[Text] = []
    by_category: dict[str, list] = {}
    for category, entries in _category_rows([d.entry for d in details]).items():
        by_category[category] = [d for d in details if d.entry in entries]
    for category, group in by_category.items():
        # A syndicated copy repeats its original word for word: show the words once.
        unique, seen = [], set()
        for detail in group:
            for quote in detail.quotes:
                said = (quote.claim.status, quote.claim.evidence.text)
                if said not in seen:
                    seen.add(said)
                    unique.append((detail.entry, quote))
        lines.append(Text(f"  {category}", style="bold"))
        for entry, quote in unique[:QUOTES_PER_ROW]:
            who = ", ".join(s.name or s.code or "" for s in quote.claim.sources) or "the article"
            line = Text("    ")
            line.append(f"[{quote.claim.status}] ", style=STANDING_STYLE.get(quote.claim.status, "dim"))
            line.append(f"\u201c{quote.claim.evidence.text}\u201d", style="italic")
            line.append(f"  {who}; {quote.outlet or quote.document_id}", style="dim")
            lines.append(line)
        if len(unique) > QUOTES_PER_ROW:
            ids = " or ".join(sorted({short_id(e.id) for e, _q in unique}))
            lines.append(Text(f"    ... {len(unique) - QUOTES_PER_ROW} more: barter show {ids}", style="dim"))
    return lines


def print_balance_sheet(console: Console, db: Path, a: str, b: str, quotes: bool) -> None:
    from barter.store import reading
    from barter.store.ledger import get_entry, ledger_for_pair

    with reading(db) as connection:
        entries = ledger_for_pair(connection, a, b)
        details = [get_entry(connection, e.id) for e in entries] if quotes else []
    console.print(Text(f"Ledger: {state_name(a)} ({a}) and {state_name(b)} ({b})", style="bold underline"))
    for giver, receiver in ((a, b), (b, a)):
        side = [e for e in entries if e.giver == giver and e.receiver == receiver]
        title = f"What {state_name(giver)} gives {state_name(receiver)} ({giver} -> {receiver})"
        console.print(balance_table(title, side))
        if quotes and side:
            console.print(Text("Quotes", style="bold"))
            for line in quote_lines([d for d in details if d and d.entry.giver == giver]):
                console.print(line)
        console.print()


def print_other_pairs(console: Console, db: Path, shown: tuple[str, str]) -> None:
    from barter.store import reading
    from barter.store.ledger import pairs

    with reading(db) as connection:
        others = [p for p in pairs(connection) if {p[0], p[1]} != set(shown)]
    if not others:
        return
    table = Table(title="Other pairs in the ledger (barter ledger A B)", title_justify="left")
    for name in ("A", "B", "Entries A -> B", "Entries B -> A"):
        table.add_column(name)
    for a, b, ab, ba in others:
        table.add_row(a, b, str(ab), str(ba))
    console.print(table)


# ---- show one entry ------------------------------------------------------------------------------


def print_entry(console: Console, detail, measures_by_id: dict) -> None:
    entry = detail.entry
    head = Text()
    head.append(f"{entry.id}\n", style="bold")
    head.append(f"{state_name(entry.giver)} ({entry.giver}) gives {state_name(entry.receiver)} ({entry.receiver}): ")
    head.append(entry.category, style="bold")
    head.append(f"\nItems: {', '.join(entry.items) or '-'}")
    head.append(f"\nQuantity: {_quantity_text([entry])}")
    head.append(f"\nDates: {entry.first_date or '?'} to {entry.last_date or '?'}")
    head.append("\nStanding: ")
    head.append(entry.standing, style=STANDING_STYLE.get(entry.standing, ""))
    head.append(f"; independent outlets: {entry.outlets}")
    head.append(f"\nAccording to: {', '.join(entry.asserted_by) or '-'}")
    head.append(f"\nDenied by: {', '.join(entry.denied_by) or '-'}")
    console.print(head)
    for flag in entry.flags:
        measure = measures_by_id.get(flag.measure_id)
        line = Text("\nMeasure ", style="magenta")
        line.append(f"{flag.measure_id}", style="bold magenta")
        if measure:
            cites = "; ".join(
                f"S/RES/{c.resolution} para {c.paragraph}" + ("" if c.confirmed else " (paragraph unconfirmed)")
                for c in measure.citations
            )
            line.append(f": {measure.title} [{cites}]")
        line.append(f"\n  why: {flag.reason}\n  how sure: {flag.certainty}")
        if flag.cap_note:
            line.append(f"\n  cap: {flag.cap_note}")
        console.print(line)
    console.print(Text(f"\nEvidence ({len(detail.quotes)} quotes)", style="bold"))
    for number, quote in enumerate(detail.quotes, start=1):
        claim = quote.claim
        who = ", ".join(f"{s.name} ({s.code})" if s.code and s.code != s.name else s.name or s.code or "" for s in claim.sources)
        meta = Text(f"\n{number}. [{claim.status}] ", style=STANDING_STYLE.get(claim.status, ""))
        meta.append(f"{who or 'the article'}; {quote.outlet or '?'}, {quote.published or 'undated'}: {quote.title or quote.document_id}")
        if quote.duplicate_of:
            meta.append(f" (syndicated copy of {quote.duplicate_of})", style="dim")
        if quote.url:
            meta.append(f"\n   {quote.url}", style="dim")
        console.print(meta)
        body = Text("   ")
        if quote.verbatim:
            body.append(("..." if quote.before else "") + " ".join(quote.before.split()) + " ", style="dim")
            body.append(claim.evidence.text, style="bold")
            body.append(" " + " ".join(quote.after.split()) + ("..." if quote.after else ""), style="dim")
        else:
            body.append(claim.evidence.text, style="bold")
            body.append("  (not found verbatim in the stored document)", style="red")
        console.print(body)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""

    @app.command("resolve")
    def resolve_command(db: Path = DbOption) -> None:
        """Rebuild the ledger from every stored claim: merge claims into entries and flag UN measures.

        Example: barter resolve --db barter.duckdb
        """
        from barter.store import writing
        from barter.store.ledger import rebuild_ledger

        console = Console()
        with writing(db) as connection:
            rebuilt = rebuild_ledger(connection)
        for line in rebuilt.skipped:
            console.print(Text(line, style="yellow"))
        flagged = sum(1 for e in rebuilt.entries if e.flags)
        contested = sum(1 for e in rebuilt.entries if e.standing == "contested")
        console.print(
            f"{rebuilt.claims} claims -> {len(rebuilt.entries)} ledger entries "
            f"({flagged} touching a UN measure, {contested} contested)"
        )

    @app.command("ledger")
    def ledger_command(
        a: str = typer.Argument(None, help="One state (ISO alpha-3), e.g. RUS."),
        b: str = typer.Argument(None, help="The other state, e.g. PRK."),
        quotes: bool = typer.Option(True, "--quotes/--no-quotes", help="List each category's quotes under its table."),
        db: Path = DbOption,
    ) -> None:
        """Print two states' balance sheet: what A gives B and what B gives A, a row per category.

        Example: barter ledger RUS PRK
        """
        console = Console()
        if (a is None) != (b is None):
            console.print("barter ledger: give two states (e.g. `barter ledger RUS PRK`) or none for RUS PRK")
            raise typer.Exit(2)
        pair = (a.upper(), b.upper()) if a and b else DEFAULT_PAIR
        ensure_fresh_ledger(db, console)
        print_balance_sheet(console, db, *pair, quotes=quotes)
        if a is None:
            print_other_pairs(console, db, pair)

    @app.command("show")
    def show_command(
        entry: str = typer.Argument(..., help="A ledger entry id, or a unique start of one (as `barter ledger` prints it)."),
        db: Path = DbOption,
    ) -> None:
        """Print one ledger entry with every quote in its context and the UN measures it touches.

        Example: barter show 3fa2c1
        """
        from barter.measures import load as load_measures
        from barter.store import reading
        from barter.store.ledger import AmbiguousEntry, find_entry_id, get_entry

        console = Console()
        ensure_fresh_ledger(db, console)
        with reading(db) as connection:
            try:
                entry_id = find_entry_id(connection, entry)
            except AmbiguousEntry as error:
                console.print(Text(f"barter show: {error}"))
                raise typer.Exit(2) from None
            detail = get_entry(connection, entry_id) if entry_id else None
        if detail is None:
            console.print(Text(f"barter show: no ledger entry starts with {entry!r}; `barter ledger` lists them"))
            raise typer.Exit(1)
        print_entry(console, detail, {m.id: m for m in load_measures()})
