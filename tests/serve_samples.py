"""A small store for the desk's tests: documents in our own words, their claims, ledger entries, measures.

Written with the store's own schema (``barter.store.writing`` runs the real
migrations) and plain SQL, so the desk is tested against the tables as they
are, not against another module's helpers.  One document is hostile: its
title, text, outlet and a source name carry script and onerror payloads.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from barter.records import Citation, Claim, Evidence, Measure, Quantity, Source, Cap, document_id
from barter.store import writing

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"


@dataclass(frozen=True)
class SampleDoc:
    title: str
    text: str
    published: str
    source: str
    removed: tuple[tuple[str, str], ...] = ()  # (text removed, reason)
    url: str = "https://news.example/article"

    @property
    def id(self) -> str:
        return document_id(self.text)


GAZETTE = SampleDoc(
    title="Rail cars carry shells east, ministry says",
    text=(
        "Seoul's defence ministry said on Monday that North Korea had sent about 6,700 containers of munitions "
        "to Russia since last August.\n"
        "The ministry added that Russia appears to be paying with fuel, shipping more than one million barrels "
        "of refined petroleum to Pyongyang this year.\n"
        "Moscow did not answer a request for comment.\n"
        "Sign up for the Gazette morning briefing. Advertisement."
    ),
    published="2024-03-10",
    source="Harbour Gazette",
    removed=(("Sign up for the Gazette morning briefing. Advertisement.", "newsletter"),),
)
WIRE = SampleDoc(
    title="Wheat for the winter, and a denial",
    text=(
        "Pyongyang's foreign ministry dismissed the claims of arms deliveries as absurd.\n"
        "Russia will deliver 50,000 tonnes of wheat to North Korea before winter, its agriculture ministry announced.\n"
        "The two governments also talked about sending North Korean construction workers to Russian building sites."
    ),
    published="2024-06-02",
    source="Northern Wire",
)
HOSTILE = SampleDoc(
    title=f"{SCRIPT} missile cargo",
    text=(
        f"Report: {SCRIPT} North Korea shipped missiles to Russia in June.\n"
        f"The caption read {IMG} and nothing else."
    ),
    published="2024-07-01",
    source="<b>Evil</b> Times",
    url="javascript:alert(1)",
)
GULF = SampleDoc(
    title="Drones across the Caspian",
    text="Iran supplied attack drones to Russia over the Caspian Sea, Ukrainian intelligence said.",
    published="2023-11-05",
    source="Gulf Ledger",
)
DISPATCH = SampleDoc(
    title="Soldiers, satellites and crude",
    text=(
        "In October about 11,000 North Korean soldiers reached Russia's Kursk region, Ukraine's military "
        "intelligence said.\n"
        "Russian engineers are probably helping Pyongyang with its satellite launches, officials in Seoul believe.\n"
        "Russia shipped roughly 1.2 million barrels of crude oil to North Korea in February, a monitoring group reported."
    ),
    published="2024-11-02",
    source="Eastern Dispatch",
)
DOCUMENTS = (GAZETTE, WIRE, HOSTILE, GULF, DISPATCH)


def _claim(doc: SampleDoc, quote: str, giver: str, receiver: str, category: str, status: str, **extra) -> Claim:
    start = doc.text.index(quote)
    return Claim(
        doc_id=doc.id,
        giver=giver,
        receiver=receiver,
        category=category,
        status=status,
        evidence=Evidence(start, start + len(quote), quote),
        sentence=quote,
        **extra,
    )


SHELLS = _claim(
    GAZETTE, "North Korea had sent about 6,700 containers of munitions to Russia", "PRK", "RUS", "arms", "reported",
    sources=(Source("South Korea's defence ministry", "KOR"),), item="containers of munitions",
    quantity=Quantity(6700, 6700, "containers"), when="2023-08", when_basis="text",
)
FUEL = _claim(
    GAZETTE, "shipping more than one million barrels of refined petroleum to Pyongyang", "RUS", "PRK",
    "refined_petroleum", "reported", sources=(Source("South Korea's defence ministry", "KOR"),),
    item="refined petroleum", quantity=Quantity(1_000_000, 1_000_000, "barrels"), when="2024", when_basis="text",
)
DENIAL = _claim(
    WIRE, "dismissed the claims of arms deliveries", "PRK", "RUS", "arms", "denied",
    sources=(Source("North Korea's foreign ministry", "PRK"),), item="arms",
)
WHEAT = _claim(
    WIRE, "Russia will deliver 50,000 tonnes of wheat to North Korea", "RUS", "PRK", "food", "planned",
    sources=(Source("Russia's agriculture ministry", "RUS"),), item="wheat", quantity=Quantity(50_000, 50_000, "tonnes"),
)
WORKERS = _claim(
    WIRE, "sending North Korean construction workers to Russian building sites", "PRK", "RUS", "workers", "speculative",
    item="construction workers",
)
MISSILES = _claim(
    HOSTILE, "North Korea shipped missiles to Russia", "PRK", "RUS", "arms", "reported",
    sources=(Source(IMG, None),), item="missiles", when="2024-06", when_basis="text",
)
DRONES = _claim(
    GULF, "Iran supplied attack drones to Russia", "IRN", "RUS", "arms", "reported",
    sources=(Source("Ukrainian intelligence", "UKR"),), item="attack drones",
)
TROOPS = _claim(
    DISPATCH, "about 11,000 North Korean soldiers reached Russia's Kursk region", "PRK", "RUS", "military_personnel",
    "reported", sources=(Source("Ukraine's military intelligence", "UKR"),), item="soldiers",
    quantity=Quantity(11_000, 11_000, "soldiers"), when="2024-10", when_basis="text",
)
SATELLITES = _claim(
    DISPATCH, "Russian engineers are probably helping Pyongyang with its satellite launches", "RUS", "PRK",
    "military_technology", "speculative", sources=(Source("officials in Seoul", "KOR"),), item="satellite launches",
)
CRUDE = _claim(
    DISPATCH, "Russia shipped roughly 1.2 million barrels of crude oil to North Korea in February", "RUS", "PRK",
    "crude_oil", "reported", sources=(Source("a monitoring group"),), item="crude oil",
    quantity=Quantity(1_200_000, 1_200_000, "barrels"), when="2024-02", when_basis="text",
)
CLAIMS = (SHELLS, FUEL, DENIAL, WHEAT, WORKERS, MISSILES, DRONES, TROOPS, SATELLITES, CRUDE)

ARMS_FLAG = {"measure_id": "prk-arms", "reason": "arms out of the DPRK", "certainty": "contested", "yearly": [], "cap_note": ""}
FUEL_FLAG = {
    "measure_id": "prk-refined-cap",
    "reason": "refined petroleum into the DPRK",
    "certainty": "reported",
    "yearly": [[2024, 1_000_000, 1_000_000]],
    "cap_note": "reported 1,000,000 barrels in 2024 against a yearly cap of 500,000",
}
SPACE_FLAG = {
    "measure_id": "prk-arms", "reason": "technology for ballistic missiles", "certainty": "speculative",
    "yearly": [], "cap_note": "",
}
WORKERS_FLAG = {"measure_id": "prk-workers", "reason": "DPRK workers abroad", "certainty": "speculative", "yearly": [], "cap_note": ""}

# (id, giver, receiver, category, items, claims, outlets, asserted_by, denied_by, standing, quantity, first, last, flags)
ENTRIES = (
    ("entry:prk-rus-arms", "PRK", "RUS", "arms", ["munitions", "missiles"], [SHELLS, DENIAL, MISSILES], 3,
     ["South Korea's defence ministry", IMG], ["North Korea's foreign ministry"], "contested",
     (6700, 6700, "containers"), "2023-08", "2024-07-01", [ARMS_FLAG]),
    ("entry:rus-prk-fuel", "RUS", "PRK", "refined_petroleum", ["refined petroleum"], [FUEL], 1,
     ["South Korea's defence ministry"], [], "reported", (1_000_000, 1_000_000, "barrels"), "2024", "2024-03-10", [FUEL_FLAG]),
    ("entry:rus-prk-wheat", "RUS", "PRK", "food", ["wheat"], [WHEAT], 1,
     ["Russia's agriculture ministry"], [], "planned", (50_000, 50_000, "tonnes"), "2024", "2024", []),
    ("entry:prk-rus-workers", "PRK", "RUS", "workers", ["construction workers"], [WORKERS], 1,
     ["the article"], [], "speculative", None, "2024-06-02", "2024-06-02", [WORKERS_FLAG]),
    ("entry:irn-rus-drones", "IRN", "RUS", "arms", ["attack drones"], [DRONES], 1,
     ["Ukrainian intelligence"], [], "reported", None, "2023-11-05", "2023-11-05", []),
    ("entry:prk-rus-troops", "PRK", "RUS", "military_personnel", ["soldiers"], [TROOPS], 1,
     ["Ukraine's military intelligence"], [], "reported", (11_000, 11_000, "soldiers"), "2024-10", "2024-11-02", []),
    ("entry:rus-prk-satellites", "RUS", "PRK", "military_technology", ["satellite launches"], [SATELLITES], 1,
     ["officials in Seoul"], [], "speculative", None, "2024-11-02", "2024-11-02", [SPACE_FLAG]),
    ("entry:rus-prk-crude", "RUS", "PRK", "crude_oil", ["crude oil"], [CRUDE], 1,
     ["a monitoring group"], [], "reported", (1_200_000, 1_200_000, "barrels"), "2024-02", "2024-02", []),
)

MEASURES = (
    Measure(
        id="prk-arms", title="Arms embargo on the DPRK", target="PRK", direction="both", categories=("arms",),
        citations=(Citation("1718", "8(a)"), Citation("1874", "9")),
        summary="No state may sell arms to the DPRK or buy arms from it (our summary).",
    ),
    Measure(
        id="prk-refined-cap", title="Cap on refined petroleum into the DPRK", target="PRK", direction="into",
        categories=("refined_petroleum",), citations=(Citation("2397", "5"),),
        summary="Refined petroleum supplied to the DPRK is capped at half a million barrels a year (our summary).",
        cap=Cap(500_000, "barrels", "year"),
    ),
    Measure(
        id="prk-workers", title="DPRK workers abroad", target="PRK", direction="out_of", categories=("workers",),
        citations=(Citation("2397", "8"),), summary="States were to send DPRK workers home (our summary).",
    ),
)


def _removed_spans(doc: SampleDoc) -> str:
    spans = []
    for text, reason in doc.removed:
        start = doc.text.index(text)
        spans.append({"start": start, "end": start + len(text), "reason": reason})
    return json.dumps(spans)


def build_store(path: Path) -> Path:
    """Create a DuckDB file at ``path`` holding the sample documents, claims and ledger."""
    with writing(path) as con:
        for doc in DOCUMENTS:
            con.execute(
                "INSERT INTO documents (id, title, text, published, source, url, kind, origin, removed)"
                " VALUES (?, ?, ?, CAST(? AS DATE), ?, ?, 'article', ?, ?)",
                [doc.id, doc.title, doc.text, doc.published, doc.source,
                 doc.url, "tests/serve_samples.py", _removed_spans(doc)],
            )
        for claim in CLAIMS:
            q = claim.quantity
            con.execute(
                "INSERT INTO claims (id, doc_id, giver, receiver, category, status, sources, evidence_start,"
                " evidence_end, evidence_text, item, predicate, sentence, quantity_low, quantity_high, quantity_unit,"
                ' "when", when_basis, confidence, extractor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
                [claim.id, claim.doc_id, claim.giver, claim.receiver, claim.category, claim.status,
                 json.dumps([{"code": s.code, "name": s.name} for s in claim.sources]),
                 claim.evidence.start, claim.evidence.end, claim.evidence.text, claim.item, claim.predicate,
                 claim.sentence, q.low if q else None, q.high if q else None, q.unit if q else None,
                 claim.when, claim.when_basis, claim.confidence, claim.extractor],
            )
        for (entry_id, giver, receiver, category, items, claims, outlets, asserted, denied, standing,
             quantity, first, last, flags) in ENTRIES:
            low, high, unit = quantity if quantity else (None, None, None)
            con.execute(
                "INSERT INTO ledger_entries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [entry_id, giver, receiver, category, json.dumps(items), json.dumps([c.id for c in claims]), outlets,
                 json.dumps(asserted), json.dumps(denied), standing, low, high, unit, first, last, json.dumps(flags)],
            )
    return path
