"""Sample documents and claims for the ledger's tests, written for them (no article text).

They cover what resolving must get right: a wire story and its syndicated
copy, a second outlet with a different figure, a Kremlin denial, a plan,
and each kind of transfer the Russia-DPRK ledger should show both ways.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from barter.records import Claim, DocumentInfo, Evidence, Quantity, Source

WIRE = (
    "Seoul's intelligence service told lawmakers that North Korea had sent roughly 10,000 containers "
    "of artillery shells to Russia by rail. The Kremlin called the report [baseless] and said no arms "
    "had changed hands. Officials in Washington said Russia had been delivering refined petroleum to "
    "Pyongyang above the UN ceiling, about 600,000 barrels so far."
)
SECOND = (
    "A research group counting rail cars estimates the shell shipments from North Korea to Russia at "
    "20,000 containers. It also believes Moscow sold Pyongyang another 300,000 barrels of diesel. "
    "Russia is thought to have sent wheat and other food, along with electricity, across the border."
)
THIRD = (
    "The two leaders agreed that Russia would share space know-how with North Korea to help its "
    "satellite programme. Moscow also hopes to hire thousands of North Korean labourers for building "
    "sites. Pyongyang backed Moscow's annexation claims at the UN, while Russia vetoed a new panel of "
    "experts mandate for North Korea."
)
CHINA = "China shipped fertiliser to North Korea in the spring, customs data show."

DOCUMENTS: list[dict] = [
    {"id": "doc:wire", "title": "Spy agency briefs lawmakers", "text": WIRE, "published": date(2024, 2, 10),
     "source": "wire.example", "url": "https://wire.example/a", "duplicate_of": None},
    {"id": "doc:copy", "title": "Spy agency briefs lawmakers", "text": WIRE, "published": date(2024, 2, 11),
     "source": "daily.example", "url": "https://daily.example/b", "duplicate_of": "doc:wire"},
    {"id": "doc:second", "title": "Counting rail cars", "text": SECOND, "published": date(2024, 3, 5),
     "source": "post.example", "url": None, "duplicate_of": None},
    {"id": "doc:third", "title": "Summit outcomes", "text": THIRD, "published": date(2024, 6, 20),
     "source": "times.example", "url": None, "duplicate_of": None},
    {"id": "doc:china", "title": "Border trade", "text": CHINA, "published": date(2024, 5, 1),
     "source": "trade.example", "url": None, "duplicate_of": None},
]
TEXTS = {d["id"]: d["text"] for d in DOCUMENTS}


def evidence(doc_id: str, phrase: str) -> Evidence:
    start = TEXTS[doc_id].index(phrase)
    return Evidence(start, start + len(phrase), phrase)


def claim(doc_id: str, phrase: str, giver: str, receiver: str, category: str, status: str = "asserted",
          sources: tuple[Source, ...] = (), **fields) -> Claim:
    return Claim(doc_id, giver, receiver, category, status, evidence(doc_id, phrase), sources, **fields)


KOR = (Source("Seoul's intelligence service", "KOR"),)
KREMLIN = (Source("the Kremlin", "RUS"),)
USA = (Source("officials in Washington", "USA"),)


def sample_claims() -> list[Claim]:
    shells = "sent roughly 10,000 containers of artillery shells to Russia"
    petroleum = "Russia had been delivering refined petroleum to Pyongyang above the UN ceiling, about 600,000 barrels"
    denial = "The Kremlin called the report [baseless] and said no arms had changed hands"
    claims = []
    for doc_id in ("doc:wire", "doc:copy"):  # the copy repeats every claim of the wire story
        claims += [
            claim(doc_id, shells, "PRK", "RUS", "arms", "reported", KOR, item="artillery shells",
                  quantity=Quantity(10000, 10000, "containers")),
            claim(doc_id, denial, "PRK", "RUS", "arms", "denied", KREMLIN, item="arms"),
            claim(doc_id, petroleum, "RUS", "PRK", "refined_petroleum", "reported", USA, item="refined petroleum",
                  quantity=Quantity(600000, 600000, "barrels")),
        ]
    claims += [
        claim("doc:second", "shell shipments from North Korea to Russia at 20,000 containers", "PRK", "RUS", "arms",
              "reported", item="shell", quantity=Quantity(20000, 20000, "containers")),
        claim("doc:second", "Moscow sold Pyongyang another 300,000 barrels of diesel", "RUS", "PRK",
              "refined_petroleum", "reported", item="diesel", quantity=Quantity(300000, 300000, "barrels")),
        claim("doc:second", "Russia is thought to have sent wheat and other food", "RUS", "PRK", "food", "reported",
              item="wheat"),
        claim("doc:second", "along with electricity", "RUS", "PRK", "energy", "reported", item="electricity"),
        claim("doc:third", "Russia would share space know-how with North Korea", "RUS", "PRK",
              "military_technology", "planned", item="space know-how"),
        claim("doc:third", "hire thousands of North Korean labourers", "PRK", "RUS", "workers", "planned",
              (Source("Moscow", "RUS"),), item="labourers"),
        claim("doc:third", "Pyongyang backed Moscow's annexation claims at the UN", "PRK", "RUS",
              "diplomatic_support", "asserted"),
        claim("doc:third", "Russia vetoed a new panel of experts mandate", "RUS", "PRK", "diplomatic_support",
              "asserted", item="veto"),
        claim("doc:china", "China shipped fertiliser to North Korea", "CHN", "PRK", "goods", "asserted",
              item="fertiliser", when="2024-04"),
    ]
    return claims


def document_infos() -> dict[str, DocumentInfo]:
    return {d["id"]: DocumentInfo(d["id"], d["published"], d["source"], d["duplicate_of"]) for d in DOCUMENTS}


def write_store(path: Path, claims: list[Claim] | None = None) -> None:
    """The sample documents and claims in a real DuckDB file, as ingest and extract would leave them."""
    from barter.store import writing

    with writing(path) as connection:
        for d in DOCUMENTS:
            connection.execute(
                "INSERT INTO documents (id, title, text, published, source, url, duplicate_of) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [d["id"], d["title"], d["text"], d["published"], d["source"], d["url"], d["duplicate_of"]],
            )
        for c in sample_claims() if claims is None else claims:
            q = c.quantity
            connection.execute(
                "INSERT INTO claims (id, doc_id, giver, receiver, category, status, sources, evidence_start, "
                'evidence_end, evidence_text, item, predicate, sentence, quantity_low, quantity_high, quantity_unit, "when", '
                "when_basis, confidence, extractor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [c.id, c.doc_id, c.giver, c.receiver, c.category, c.status,
                 json.dumps([{"code": s.code, "name": s.name} for s in c.sources]), c.evidence.start, c.evidence.end,
                 c.evidence.text, c.item, c.predicate, c.sentence, q.low if q else None, q.high if q else None,
                 q.unit if q else None, c.when, c.when_basis, c.confidence, c.extractor],
            )
