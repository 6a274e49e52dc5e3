"""Denials of what others report: "the Kremlin called reports of an arms deal absurd".

A government that dismisses "reports of an arms deal" denies a transfer
whose parties the denial itself does not name.  The GUIDE still wants the
claim (status denied, source the denier), because an analyst needs the
denial next to what it denies: resolve.py marks the ledger entry contested.

This module finds such denials in a parsed sentence: a report noun
(data/status.yaml, list ``report_nouns``) that holds an item, judged untrue
by its governing words (status.classify_status says "denied"), with a state
as the denier (sources.attribute).  The parties are borrowed from the
transfer being denied: a claim of the same category, in the same sentence or
earlier in the document, to which the denier is itself a party.  A denial
that matches no such transfer yields nothing, as a guess of its parties
would put words in the denier's mouth.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Span, Token

from barter.extract.items import ITEMS_KEY
from barter.extract.sources import attribute
from barter.extract.status import FALSITY_LEMMAS, REPORT_NOUNS, classify_status
from barter.records import Claim, Source

__all__ = ["DeniedReport", "denied_reports", "parties_denied"]

DENIED_FRAME = "denied_report"


@dataclass(frozen=True)
class DeniedReport:
    """A report of a transfer that a state calls untrue; its parties are still to be found."""

    category: str
    item: Span
    report: Token  # "reports", "claims", "allegations": the predicate the status and source hang on
    deniers: tuple[Source, ...]
    evidence: tuple[int, int]  # token range: from the denier to the verdict

    @property
    def denier_codes(self) -> set[str]:
        return {source.code for source in self.deniers if source.code}


def denied_reports(sent: Span) -> list[DeniedReport]:
    """The denials of reported transfers in one parsed sentence."""
    found = []
    items = [span for span in sent.doc.spans.get(ITEMS_KEY, []) if sent.start <= span.start and span.end <= sent.end]
    for token in sent:
        if token.pos_ != "NOUN" or token.lemma_.lower() not in REPORT_NOUNS:
            continue
        item = _item_reported(token, items)
        if item is None:
            continue
        reading = classify_status(sent, token)
        if reading.status != "denied":
            continue
        deniers = tuple(source for source in attribute(sent, token) if source.code)
        if not deniers:
            continue
        found.append(DeniedReport(category=item.label_, item=item, report=token, deniers=deniers,
                                  evidence=_evidence_range(sent, token, reading.cue)))
    return found


def _item_reported(report: Token, items: list[Span]) -> Span | None:
    """The item a report is about: inside the report's own phrase ("reports of an arms deal")."""
    phrase = {t.i for t in report.subtree}
    for item in items:
        if item.root.i in phrase and item.label_:
            return item
    return None


def _evidence_range(sent: Span, report: Token, cue: str) -> tuple[int, int]:
    """From the denier's clause start to the verdict word, closing quote included."""
    verb = report.head if report.dep_ in ("dobj", "nsubjpass", "nsubj", "pobj") else report
    start = min([verb.i, report.left_edge.i] + [c.left_edge.i for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")])
    end = report.right_edge.i + 1
    for token in sent.doc[end:min(sent.end, end + 6)]:  # the verdict after the report: "as baseless"
        if token.lower_ == cue.lower() or token.lemma_.lower() in FALSITY_LEMMAS or token.lower_ in FALSITY_LEMMAS:
            end = token.i + 1
            break
    if end < sent.end and sent.doc[end].is_quote:
        end += 1
    return max(start, sent.start), min(end, sent.end)


def parties_denied(denial: DeniedReport, claims: Iterable[Claim]) -> tuple[str, str] | None:
    """Giver and receiver of the latest claim of the denial's category that the denier is a party to."""
    for claim in reversed(list(claims)):
        if claim.category != denial.category or claim.status == "denied":
            continue
        if denial.denier_codes & {claim.giver, claim.receiver}:
            return claim.giver, claim.receiver
    return None
