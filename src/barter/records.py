"""The records that flow between barter's stages, declared once.

ingest -> Document -> clean -> Document (with removed spans) -> extract -> Claim
-> resolve -> LedgerEntry -> assess -> LedgerEntry (with Flags), checked
against Measure.  Every stage takes and returns these; nothing else crosses a
stage boundary.  Records are frozen so a stage cannot quietly edit its input:
it returns a new record (``dataclasses.replace``).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Literal

CATEGORIES: tuple[str, ...] = (
    "arms",
    "military_personnel",
    "military_technology",
    "crude_oil",
    "refined_petroleum",
    "energy",
    "food",
    "goods",
    "aid",
    "workers",
    "money",
    "diplomatic_support",
)

# The scorer's coarse groups (../shared/eval/README.md); kept here because the
# ledger and the dashboard group by them too.
COARSE_CATEGORY: dict[str, str] = {
    "arms": "military",
    "military_personnel": "military",
    "military_technology": "military",
    "crude_oil": "energy",
    "refined_petroleum": "energy",
    "energy": "energy",
    "food": "goods",
    "goods": "goods",
    "aid": "goods",
    "workers": "people",
    "money": "money",
    "diplomatic_support": "diplomatic",
}

Status = Literal["asserted", "reported", "denied", "planned", "speculative"]
STATUSES: tuple[str, ...] = ("asserted", "reported", "denied", "planned", "speculative")

# How a document's text reached us: a whole article, or only a feed summary.
DocumentKind = Literal["article", "summary"]


def normalise_for_id(text: str) -> str:
    """The form of a text that its id is computed from: case and spacing folded."""
    return re.sub(r"\s+", " ", text).strip().casefold()


def document_id(text: str) -> str:
    """A stable id: the same article text always gets the same id, whoever sends it."""
    digest = hashlib.sha256(normalise_for_id(text).encode("utf-8")).hexdigest()
    return f"doc:{digest[:16]}"


@dataclass(frozen=True)
class Span:
    """A range of characters in a document's ``text``, with why it is marked."""

    start: int
    end: int
    reason: str = ""


@dataclass(frozen=True)
class Document:
    """One article (or feed entry) as stored.

    ``text`` is the article as it was read (for HTML: the text trafilatura
    extracted); every offset barter records points into it.  ``removed``
    marks the boilerplate the cleaner found in it: extraction reads only the
    rest, but nothing is deleted, so evidence can always be shown in place.
    """

    id: str
    text: str
    title: str = ""
    published: date | None = None
    source: str = ""  # the outlet: a site name or feed host
    url: str | None = None
    kind: DocumentKind = "article"
    origin: str = ""  # the input it came from: a path, a URL, "path#line"
    removed: tuple[Span, ...] = ()
    duplicate_of: str | None = None  # id of the first copy of a syndicated text

    def __post_init__(self) -> None:
        for span in self.removed:
            if not 0 <= span.start <= span.end <= len(self.text):
                raise ValueError(f"removed span {span} lies outside document {self.id}")


@dataclass(frozen=True)
class Evidence:
    """Verbatim text of a document: ``document.text[start:end] == text``."""

    start: int
    end: int
    text: str

    def holds_in(self, document_text: str) -> bool:
        return 0 <= self.start < self.end <= len(document_text) and document_text[self.start : self.end] == self.text


@dataclass(frozen=True)
class Source:
    """Who says so: a state code where the speaker belongs to a state, and the name as written."""

    name: str
    code: str | None = None


@dataclass(frozen=True)
class Quantity:
    low: float
    high: float
    unit: str

    def __post_init__(self) -> None:
        if self.low > self.high:
            raise ValueError(f"quantity low {self.low} exceeds high {self.high}")


# Where a claim's date comes from: the text dates the transfer, or only the
# document's publication date is known.
WhenBasis = Literal["text", "published"]


@dataclass(frozen=True)
class Claim:
    """One statement in one document that a state gives something to another."""

    doc_id: str
    giver: str
    receiver: str
    category: str
    status: str
    evidence: Evidence
    sources: tuple[Source, ...] = ()
    item: str = ""  # as written: "152 mm artillery shells"
    predicate: str = ""  # as written: "shipped"
    sentence: str = ""
    quantity: Quantity | None = None
    when: str | None = None  # ISO date, month ("2023-09") or year ("2022")
    when_basis: WhenBasis | None = None
    confidence: float = 1.0
    extractor: str = "rules"  # "rules" or "rules+model"

    def __post_init__(self) -> None:
        if self.category not in CATEGORIES:
            raise ValueError(f"unknown category {self.category!r}")
        if self.status not in STATUSES:
            raise ValueError(f"unknown status {self.status!r}")
        if self.giver == self.receiver:
            raise ValueError(f"a state cannot give to itself ({self.giver})")

    @property
    def id(self) -> str:
        key = "|".join(
            [self.doc_id, self.giver, self.receiver, self.category, self.status,
             str(self.evidence.start), str(self.evidence.end)]
        )
        return "claim:" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]

    @property
    def key(self) -> tuple[str, str, str, str]:
        """The scorer's key: one transfer in one document."""
        return (self.doc_id, self.giver, self.receiver, self.category)

    def to_contract(self) -> dict[str, Any]:
        """The claim in the shape of ../shared/eval/README.md, plus our extra fields."""
        return {
            "id": self.id,
            "doc_id": self.doc_id,
            "giver": self.giver,
            "receiver": self.receiver,
            "category": self.category,
            "status": self.status,
            "sources": [{"code": s.code, "name": s.name} for s in self.sources],
            "evidence": asdict(self.evidence),
            "quantity": asdict(self.quantity) if self.quantity else None,
            "when": self.when,
            "when_basis": self.when_basis,
            "item": self.item,
            "predicate": self.predicate,
            "sentence": self.sentence,
            "confidence": self.confidence,
            "extractor": self.extractor,
        }

    @classmethod
    def from_contract(cls, row: dict[str, Any]) -> Claim:
        sources = []
        for s in row.get("sources") or []:
            sources.append(Source(name=s, code=s) if isinstance(s, str) else Source(name=s.get("name") or "", code=s.get("code")))
        q = row.get("quantity")
        return cls(
            doc_id=row["doc_id"],
            giver=row["giver"],
            receiver=row["receiver"],
            category=row["category"],
            status=row["status"],
            evidence=Evidence(**row["evidence"]),
            sources=tuple(sources),
            item=row.get("item") or "",
            predicate=row.get("predicate") or "",
            sentence=row.get("sentence") or "",
            quantity=Quantity(**q) if q else None,
            when=row.get("when"),
            when_basis=row.get("when_basis"),
            confidence=row.get("confidence", 1.0),
            extractor=row.get("extractor", "rules"),
        )


@dataclass(frozen=True)
class Citation:
    """A paragraph of a UN Security Council resolution."""

    resolution: str  # "2397"
    paragraph: str  # "5", "8(a)(i)", "Annex IV"
    confirmed: bool = True  # False where the paragraph was not seen in S/RES text


@dataclass(frozen=True)
class Cap:
    amount: float
    unit: str  # "barrels"
    period: str  # "year"
    since: date | None = None


@dataclass(frozen=True)
class Measure:
    """One UN sanctions measure on a state, as data (src/barter/data/measures.yaml)."""

    id: str
    title: str
    target: str  # the sanctioned state, "PRK"
    direction: str  # "into", "out_of", "both"
    categories: tuple[str, ...]
    citations: tuple[Citation, ...]
    summary: str  # our own words
    items: tuple[str, ...] = ()  # words that put an item under it when the category alone does not
    cap: Cap | None = None
    deadline: date | None = None
    exemptions: tuple[str, ...] = ()
    source: str = ""


@dataclass(frozen=True)
class Flag:
    """A ledger entry touches a measure: which, why, and how sure."""

    measure_id: str
    reason: str
    certainty: str  # "asserted", "corroborated", "reported", "contested", "denied", "planned", "speculative"
    yearly: tuple[tuple[int, float, float], ...] = ()  # (year, reported low, reported high) for capped items
    cap_note: str = ""


@dataclass(frozen=True)
class DocumentInfo:
    """What resolving claims needs to know of a document: when, which outlet, and whose copy it is."""

    id: str
    published: date | None = None
    source: str = ""  # the outlet
    duplicate_of: str | None = None  # syndicated copies point at the first copy


@dataclass(frozen=True)
class QuantityReport:
    """One figure one document gives for a ledger entry; the cap arithmetic adds these up."""

    claim_id: str
    low: float
    high: float
    unit: str
    when: str | None = None  # the claim's date, else the document's publication date
    status: str = "reported"


@dataclass(frozen=True)
class LedgerEntry:
    """One transfer across articles: every claim that reports it, merged."""

    id: str
    giver: str
    receiver: str
    category: str
    items: tuple[str, ...]
    claim_ids: tuple[str, ...]
    outlets: int  # independent outlets: syndicated copies count once
    asserted_by: tuple[str, ...]  # source names (or "the article") that assert or report it
    denied_by: tuple[str, ...]
    standing: str  # "asserted", "reported", "contested", "denied", "planned", "speculative"
    quantity: Quantity | None = None  # the range across sources, never a sum
    first_date: str | None = None
    last_date: str | None = None
    flags: tuple[Flag, ...] = ()
    reports: tuple[QuantityReport, ...] = ()  # every figure behind ``quantity``; not stored, read by assess


@dataclass(frozen=True)
class Reject:
    """An input that could not be read, and what to do about it."""

    input: str
    reason: str

    def line(self) -> str:
        return f"{self.input}: {self.reason}"


@dataclass
class RunCounts:
    """What one ingest or extract run did; mutable because it is tallied as the run goes."""

    read: int = 0
    stored: int = 0
    unchanged: int = 0
    duplicates: int = 0
    rejected: int = 0
    claims: int = 0
    extra: dict[str, int] = field(default_factory=dict)
