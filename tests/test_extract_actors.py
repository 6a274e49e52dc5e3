"""The actors component and the pipeline it runs in."""

from __future__ import annotations

from datetime import date

import pytest

from barter.extract.pipeline import PipelineMissing, load_pipeline, pipeline_name


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def actors(nlp, text: str, **user_data) -> list[tuple[str, str, str]]:
    doc = nlp.make_doc(text)
    doc.user_data.update(user_data)
    for _, component in nlp.pipeline:
        doc = component(doc)
    return [(span.text, span.label_, span.kb_id_) for span in doc.spans["actors"]]


def test_an_acronym_matches_as_spelled_and_never_as_a_pronoun(nlp):
    assert [a[1] for a in actors(nlp, "The US and the U.S. Navy told us so.")] == ["USA", "USA"]


def test_the_longest_form_wins(nlp):
    assert actors(nlp, "North Korea sent them.") == [("North Korea", "PRK", "state")]


def test_spelling_variants_the_gazetteer_folds_match(nlp):
    assert actors(nlp, "Kim Jong-un met him.")[0][1:] == ("PRK", "person")


def test_a_demonym_and_a_capital_stand_for_their_state(nlp):
    found = actors(nlp, "Turkish firms sold goods to Moscow.")
    assert [(a[1], a[2]) for a in found] == [("TUR", "demonym"), ("RUS", "metonym")]


def test_an_ambiguous_form_needs_the_state_named_elsewhere(nlp):
    assert actors(nlp, "Georgia beat Jordan.") == []
    assert ("Georgia", "GEO", "state") in actors(nlp, "Georgia beat Jordan.", supported_codes=("GEO",))


def test_an_international_organisation_is_marked_without_a_state(nlp):
    assert ("NATO", "ORG", "organisation") in actors(nlp, "NATO met in Brussels.")


def test_a_leader_is_read_as_of_the_publication_date(nlp):
    found = actors(nlp, "Biden spoke.", published=date(2023, 5, 1))
    assert found and found[0][1] == "USA"


def test_the_pipeline_leaves_out_the_named_entity_recogniser(nlp):
    assert "ner" not in nlp.pipe_names
    assert nlp.pipe_names[-2:] == ["barter_actors", "barter_items"]


def test_a_missing_pipeline_is_one_clear_error_naming_it():
    with pytest.raises(PipelineMissing, match="no_such_pipeline.*pip install"):
        load_pipeline("no_such_pipeline")


def test_the_environment_names_the_pipeline_unless_the_config_does(monkeypatch):
    monkeypatch.setenv("BARTER_SPACY_PIPELINE", "other_pipeline")
    assert pipeline_name() == "other_pipeline"
    assert pipeline_name("explicit_pipeline") == "explicit_pipeline"
