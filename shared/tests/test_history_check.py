"""The delivery-history checker that the fault tests rely on: each anomaly is counted where it
happens, and a clean history has none."""

from __future__ import annotations

from lattice_devstack.testing.history import check

SENT = [("a", "a1"), ("b", "b1"), ("a", "a2"), ("b", "b2"), ("a", "a3")]


def test_a_history_seen_whole_and_in_order_per_key_has_no_anomaly() -> None:
    seen = [("b", "b1"), ("a", "a1"), ("a", "a2"), ("b", "b2"), ("a", "a3")]  # keys interleave
    verdict = check("clean", SENT, seen)
    assert (verdict.lost, verdict.duplicated, verdict.out_of_order) == ([], {}, [])
    assert verdict.figures() == (
        "clean: sent 5, seen 5, lost 0, seen twice 0, out of order 0, never sent 0"
    )


def test_an_event_never_seen_is_lost() -> None:
    verdict = check("lost", SENT, [("a", "a1"), ("b", "b1"), ("b", "b2"), ("a", "a3")])
    assert verdict.lost == ["a2"]
    assert verdict.out_of_order == [], "a gap is not a reordering"


def test_an_event_seen_again_is_duplicated_and_its_second_sighting_is_not_a_reordering() -> None:
    seen = [("a", "a1"), ("a", "a2"), ("a", "a1"), ("b", "b1"), ("b", "b2"), ("a", "a3")]
    verdict = check("twice", SENT, seen)
    assert verdict.duplicated == {"a1": 1}
    assert verdict.duplicates == 1
    assert verdict.out_of_order == []


def test_an_earlier_event_seen_after_a_later_one_of_its_key_is_out_of_order() -> None:
    seen = [("a", "a2"), ("a", "a1"), ("a", "a3"), ("b", "b1"), ("b", "b2")]
    assert check("reordered", SENT, seen).out_of_order == ["a1"]


def test_an_event_never_sent_or_under_another_key_is_unexpected() -> None:
    seen = [*SENT, ("a", "x9"), ("b", "a1")]
    assert check("strays", SENT, seen).unexpected == ["x9", "a1"]
