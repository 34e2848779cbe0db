"""Which catalogue items close a gap: the fewest, then the shortest."""

from __future__ import annotations

import itertools
import random

from lattice_learning.domain.gaps import EXACT_LIMIT, Gap, choose_items
from lattice_learning.domain.model import CatalogueItem, ItemFormat, ItemKind, SkillTarget


def item(item_id: str, *skills: tuple[str, int], hours: float = 8, active: bool = True):
    return CatalogueItem(
        item_id=item_id,
        title=item_id,
        kind=ItemKind.COURSE,
        skills=tuple(SkillTarget(s, lvl) for s, lvl in skills),
        duration_hours=hours,
        format=ItemFormat.SELF_PACED,
        active=active,
    )


def gap(*targets: tuple[str, int]) -> Gap:
    return Gap.of(SkillTarget(s, lvl) for s, lvl in targets)


def ids(plan) -> list[str]:
    return [i.item_id for i in plan.items]


def test_one_item_covering_the_whole_gap_beats_two_covering_a_part_each() -> None:
    catalogue = [
        item("k8s", ("kubernetes", 3), hours=4),
        item("go", ("go", 2), hours=4),
        item("platform-bootcamp", ("kubernetes", 3), ("go", 3), hours=40),
    ]
    plan = choose_items(gap(("kubernetes", 3), ("go", 2)), catalogue)
    assert ids(plan) == ["platform-bootcamp"]
    assert plan.uncovered == ()


def test_greedy_would_take_three_items_where_two_suffice_and_the_choice_takes_two() -> None:
    # The classic trap for "most skills first": the widest item covers the middle of the gap,
    # and two narrower items each cover one half and together all of it.
    catalogue = [
        item("wide", ("b", 1), ("c", 1), ("e", 1), ("f", 1), hours=1),
        item("left", ("a", 1), ("b", 1), ("c", 1), hours=5),
        item("right", ("d", 1), ("e", 1), ("f", 1), hours=5),
    ]
    plan = choose_items(gap(*((s, 1) for s in "abcdef")), catalogue)
    assert ids(plan) == ["left", "right"]


def test_an_item_building_a_skill_below_the_level_needed_does_not_close_it() -> None:
    catalogue = [item("intro", ("kubernetes", 2)), item("advanced", ("kubernetes", 4))]
    assert ids(choose_items(gap(("kubernetes", 3)), catalogue)) == ["advanced"]


def test_among_equally_few_items_the_shortest_total_duration_wins() -> None:
    catalogue = [item("long", ("sql", 3), hours=30), item("short", ("sql", 3), hours=6)]
    assert ids(choose_items(gap(("sql", 3)), catalogue)) == ["short"]


def test_skills_no_active_item_builds_are_reported_uncovered() -> None:
    catalogue = [item("k8s", ("kubernetes", 3)), item("retired-go", ("go", 3), active=False)]
    plan = choose_items(gap(("kubernetes", 3), ("go", 2), ("public-speaking", 2)), catalogue)
    assert ids(plan) == ["k8s"]
    assert plan.uncovered == ("go", "public-speaking")


def test_an_empty_catalogue_leaves_the_whole_gap_uncovered() -> None:
    plan = choose_items(gap(("sql", 2)), [])
    assert plan.items == ()
    assert plan.uncovered == ("sql",)


def test_a_gap_keeps_the_highest_level_asked_per_skill_and_a_stable_key() -> None:
    assert gap(("sql", 2), ("go", 1), ("sql", 4)).key == "go:1,sql:4"
    held = {"sql": 4, "go": 1}
    assert Gap.between([SkillTarget("sql", 3), SkillTarget("go", 2)], held).key == "go:2"


def _minimum_by_brute_force(g: Gap, catalogue: list[CatalogueItem]) -> int:
    for size in range(1, len(catalogue) + 1):
        for combo in itertools.combinations(catalogue, size):
            if all(any(i.builds(t) for i in combo) for t in g.targets):
                return size
    raise AssertionError("the generated catalogue covers every gap")


def test_the_choice_is_minimal_on_random_catalogues_as_brute_force_confirms() -> None:
    rng = random.Random(7)
    skills = [f"s{i}" for i in range(8)]
    for _ in range(200):
        catalogue = [
            item(f"i{n}", *((s, rng.randint(1, 5)) for s in rng.sample(skills, rng.randint(1, 3))))
            for n in range(rng.randint(3, 9))
        ]
        catalogue.append(item("backstop", *((s, 5) for s in skills), hours=500))
        g = gap(*((s, rng.randint(1, 5)) for s in rng.sample(skills, rng.randint(1, 6))))
        plan = choose_items(g, catalogue)
        assert plan.uncovered == ()
        assert all(any(i.builds(t) for i in plan.items) for t in g.targets)
        assert len(plan.items) == _minimum_by_brute_force(g, catalogue)


def test_gaps_beyond_the_exact_limit_are_still_fully_covered_greedily() -> None:
    skills = [f"s{i}" for i in range(EXACT_LIMIT + 4)]
    catalogue = [
        item(f"pair{i}", (a, 3), (b, 3)) for i, (a, b) in enumerate(itertools.pairwise(skills))
    ]
    plan = choose_items(gap(*((s, 3) for s in skills)), catalogue)
    assert plan.uncovered == ()
    assert all(any(i.builds(SkillTarget(s, 3)) for i in plan.items) for s in skills)
