"""The starter skill taxonomy the profile service normalises skills with."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import pytest
from lattice_platform.skills import Taxonomy, UnknownSkillError, load_taxonomy

STARTER = resources.files("lattice_platform.skills") / "starter_taxonomy.json"


def _fold(text: str) -> str:
    return re.sub(r"[^a-z0-9+#]+", " ", text.lower()).strip()


def test_the_starter_taxonomy_covers_a_few_hundred_skills_across_the_workplace() -> None:
    entries = json.loads(STARTER.read_text())
    assert len(entries) >= 300
    categories = {e["category"] for e in entries}
    assert {"engineering", "data", "product", "design", "finance", "operations"} <= categories
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", e["id"]) for e in entries)


def test_no_name_or_alias_of_the_starter_taxonomy_points_at_two_skills() -> None:
    claimed: dict[str, str] = {}
    clashes = []
    for entry in json.loads(STARTER.read_text()):
        for text in (entry["id"], entry["name"], *entry["aliases"]):
            owner = claimed.setdefault(_fold(text), entry["id"])
            if owner != entry["id"]:
                clashes.append((text, owner, entry["id"]))
    assert clashes == []


@pytest.mark.parametrize(
    ("raw", "skill_id"),
    [
        ("Python 3", "python"),
        ("py", "python"),
        ("http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d", "python"),
        ("K8s", "kubernetes"),
        ("golang", "go"),
        ("Line management", "people-management"),
        ("data analytics", "data-analysis"),
        ("Presenting", "public-speaking"),
        ("structured query language", "sql"),
        ("PM", "project-management"),
        ("ReactJS", "react"),
        ("FP&A", "forecasting-finance"),
        ("UX", "ux-design"),
        ("Talent Acquisition", "recruiting"),
    ],
)
def test_aliases_names_and_esco_uris_normalise_to_the_stable_id(raw: str, skill_id: str) -> None:
    assert load_taxonomy().normalise(raw) == skill_id


def test_an_organisation_taxonomy_replaces_the_starter_one(tmp_path: Path) -> None:
    own = tmp_path / "taxonomy.json"
    own.write_text(json.dumps([{"id": "cobol-batch", "name": "COBOL batch", "aliases": ["jcl"]}]))
    taxonomy: Taxonomy = load_taxonomy(str(own))
    assert taxonomy.normalise("JCL") == "cobol-batch"
    with pytest.raises(UnknownSkillError):
        taxonomy.normalise("python")
