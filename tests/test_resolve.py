"""resolve: per-article claims become ledger entries, one per transfer."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from barter.records import Claim, DocumentInfo, Evidence, Quantity, Source
from barter.resolve import entry_id, item_kinds, resolve, standing_of, unit_key
from ledger_samples import document_infos, sample_claims

TEXT = "x" * 400


def make(doc: str, category: str = "arms", status: str = "reported", item: str = "", start: int = 0,
         giver: str = "PRK", receiver: str = "RUS", quantity: Quantity | None = None, when: str | None = None,
         sources: tuple[Source, ...] = ()) -> Claim:
    return Claim(doc, giver, receiver, category, status, Evidence(start, start + 5, TEXT[start : start + 5]),
                 sources, item=item, quantity=quantity, when=when)


def docs(*specs: tuple[str, str, date | None, str | None]) -> dict[str, DocumentInfo]:
    return {doc_id: DocumentInfo(doc_id, published, outlet, copy_of) for doc_id, outlet, published, copy_of in specs}


SPRING = date(2024, 4, 1)


def only(entries):
    assert len(entries) == 1, entries
    return entries[0]


def test_ten_outlets_reporting_one_shipment_make_one_entry_with_ten_pieces_of_evidence():
    documents = docs(*[(f"d{i}", f"outlet{i}.example", SPRING, None) for i in range(10)])
    claims = [make(f"d{i}", item="artillery shells", quantity=Quantity(10000, 10000, "containers")) for i in range(10)]
    entry = only(resolve(claims, documents))
    assert len(entry.claim_ids) == 10
    assert entry.outlets == 10


def test_the_same_figure_reported_twice_is_not_summed():
    documents = docs(("a", "one.example", SPRING, None), ("b", "two.example", SPRING, None))
    claims = [make(d, item="shells", quantity=Quantity(10000, 10000, "containers")) for d in ("a", "b")]
    entry = only(resolve(claims, documents))
    assert (entry.quantity.low, entry.quantity.high, entry.quantity.unit) == (10000, 10000, "containers")


def test_conflicting_quantities_become_a_range_across_sources():
    documents = docs(("a", "one.example", SPRING, None), ("b", "two.example", SPRING, None))
    claims = [make("a", item="shells", quantity=Quantity(10000, 10000, "containers")),
              make("b", item="shells", quantity=Quantity(20000, 24000, "containers"))]
    entry = only(resolve(claims, documents))
    assert (entry.quantity.low, entry.quantity.high) == (10000, 24000)


def test_syndicated_copies_count_as_one_outlet():
    documents = docs(("orig", "wire.example", SPRING, None), ("copy1", "daily.example", SPRING, "orig"),
                     ("copy2", "weekly.example", SPRING, "orig"))
    entry = only(resolve([make(d, item="shells") for d in ("orig", "copy1", "copy2")], documents))
    assert entry.outlets == 1
    assert len(entry.claim_ids) == 3


def test_two_stories_from_one_outlet_count_once_and_a_second_outlet_counts():
    documents = docs(("a", "wire.example", SPRING, None), ("b", "wire.example", SPRING, None),
                     ("c", "post.example", SPRING, None))
    entry = only(resolve([make(d, item="shells") for d in "abc"], documents))
    assert entry.outlets == 2


def test_a_denial_attaches_to_what_it_denies_and_marks_it_contested():
    documents = docs(("a", "one.example", SPRING, None), ("b", "two.example", SPRING, None))
    claims = [make("a", item="artillery shells", sources=(Source("Seoul's spy agency", "KOR"),)),
              make("b", status="denied", item="arms", sources=(Source("the Kremlin", "RUS"),))]
    entry = only(resolve(claims, documents))
    assert entry.standing == "contested"
    assert entry.denied_by == ("the Kremlin (RUS)",)
    assert entry.asserted_by == ("Seoul's spy agency (KOR)",)


def test_a_generic_denial_contests_every_shipment_it_could_be_about():
    documents = docs(("a", "one.example", SPRING, None))
    claims = [make("a", item="artillery shells", start=0), make("a", item="ballistic missiles", start=10),
              make("a", status="denied", item="weapons", start=20)]
    entries = resolve(claims, documents)
    assert len(entries) == 2
    assert {e.standing for e in entries} == {"contested"}


def test_a_denial_alone_stands_as_denied():
    entry = only(resolve([make("a", status="denied", item="arms")], docs(("a", "one.example", SPRING, None))))
    assert entry.standing == "denied"
    assert entry.asserted_by == ()


def test_different_kinds_of_item_in_one_year_are_different_entries():
    documents = docs(("a", "one.example", SPRING, None))
    entries = resolve([make("a", item="artillery shells"), make("a", item="ballistic missiles", start=10)], documents)
    assert sorted(e.items for e in entries) == [("artillery shells",), ("ballistic missiles",)]


def test_a_generic_item_joins_the_specific_shipment():
    documents = docs(("a", "one.example", SPRING, None))
    entry = only(resolve([make("a", item="shells"), make("a", item="weapons", start=10)], documents))
    assert set(entry.items) == {"shells", "weapons"}


def test_reports_from_different_years_are_different_entries_with_different_ids():
    documents = docs(("a", "one.example", date(2023, 9, 1), None), ("b", "one.example", date(2024, 9, 1), None))
    entries = resolve([make("a", item="shells"), make("b", item="shells")], documents)
    assert len(entries) == 2
    assert entries[0].id != entries[1].id
    assert (entries[0].first_date, entries[1].first_date) == ("2023-09-01", "2024-09-01")


def test_the_date_in_the_text_outranks_the_publication_date():
    entry = only(resolve([make("a", item="shells", when="2023-11")], docs(("a", "one.example", date(2024, 2, 1), None))))
    assert entry.first_date == "2023-11"


def test_first_and_last_dates_span_the_claims():
    documents = docs(("a", "one.example", date(2024, 1, 5), None), ("b", "two.example", date(2024, 7, 9), None))
    entry = only(resolve([make("a", item="shells"), make("b", item="shells")], documents))
    assert (entry.first_date, entry.last_date) == ("2024-01-05", "2024-07-09")


def test_giver_receiver_and_category_each_separate_entries():
    documents = docs(("a", "one.example", SPRING, None))
    claims = [make("a", category="arms"), make("a", category="workers", start=10),
              make("a", category="arms", giver="RUS", receiver="PRK", start=20)]
    assert len(resolve(claims, documents)) == 3


def test_planned_figures_do_not_widen_the_range_of_reported_ones():
    documents = docs(("a", "one.example", SPRING, None))
    claims = [make("a", category="workers", quantity=Quantity(30000, 30000, "workers")),
              make("a", category="workers", status="planned", quantity=Quantity(20000, 50000, "workers"), start=10)]
    entry = only(resolve(claims, documents))
    assert (entry.quantity.low, entry.quantity.high) == (30000, 30000)
    assert entry.standing == "reported"
    assert len(entry.reports) == 2  # both figures go on to assess, which skips the plan


def test_entry_ids_are_stable_and_follow_the_documented_key():
    documents = document_infos()
    first = resolve(sample_claims(), documents)
    again = resolve(list(reversed(sample_claims())), documents)
    assert [e.id for e in first] == [e.id for e in again]
    food = next(e for e in first if e.category == "food")
    assert food.id == entry_id("RUS", "PRK", "food", "2024", item_kinds("wheat"))


def test_the_samples_resolve_to_the_russia_dprk_ledger():
    entries = resolve(sample_claims(), document_infos())
    arms = next(e for e in entries if e.category == "arms")
    assert arms.standing == "contested"
    assert arms.outlets == 2  # the wire story, its copy (once), and the research group
    assert (arms.quantity.low, arms.quantity.high) == (10000, 20000)
    assert {(e.giver, e.receiver, e.category) for e in entries} >= {
        ("RUS", "PRK", "refined_petroleum"), ("RUS", "PRK", "food"), ("RUS", "PRK", "energy"),
        ("RUS", "PRK", "military_technology"), ("PRK", "RUS", "arms"), ("PRK", "RUS", "workers"),
        ("PRK", "RUS", "diplomatic_support"),
    }


def test_a_claim_given_twice_is_counted_once():
    documents = docs(("a", "one.example", SPRING, None))
    entry = only(resolve([make("a", item="shells"), make("a", item="shells")], documents))
    assert len(entry.claim_ids) == 1


def test_standing_prefers_the_strongest_status_and_a_denial_contests():
    assert standing_of(["planned", "reported"]) == "reported"
    assert standing_of(["speculative", "planned"]) == "planned"
    assert standing_of(["planned", "denied"]) == "contested"


def test_units_compare_without_case_plural_or_abbreviation():
    assert unit_key("Barrels") == unit_key("bbl") == unit_key("barrel")
    assert unit_key("tonnes") == unit_key("t")
    assert unit_key("containers") != unit_key("barrels")


def test_a_rocket_launcher_is_artillery_not_a_missile():
    assert item_kinds("multiple rocket launchers") == {"artillery systems"}
    assert item_kinds("ballistic missiles") == {"missiles"}
    assert item_kinds("supplies") == frozenset()


ITEMS = st.sampled_from(["", "shells", "ballistic missiles", "weapons", "drones", "artillery ammunition"])
CLAIM = st.builds(
    lambda doc, item, status, start, year: make(doc, item=item, status=status, start=start,
                                                when=str(year) if year else None),
    st.sampled_from(["a", "b", "c"]), ITEMS, st.sampled_from(["reported", "asserted", "denied", "planned"]),
    st.integers(0, 300), st.sampled_from([None, 2023, 2024]),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(CLAIM, min_size=1, max_size=12), st.randoms())
def test_every_claim_lands_in_an_entry_whatever_the_order(claims, rng):
    documents = docs(("a", "one.example", SPRING, None), ("b", "two.example", None, None),
                     ("c", "three.example", date(2023, 1, 1), "a"))
    entries = resolve(claims, documents)
    shuffled = list(claims)
    rng.shuffle(shuffled)
    assert [(e.id, set(e.claim_ids)) for e in resolve(shuffled, documents)] == [(e.id, set(e.claim_ids)) for e in entries]
    cited = {cid for e in entries for cid in e.claim_ids}
    assert cited == {c.id for c in claims}
    for e in entries:
        assert e.outlets >= 1
        assert e.standing in ("asserted", "reported", "contested", "denied", "planned", "speculative")
