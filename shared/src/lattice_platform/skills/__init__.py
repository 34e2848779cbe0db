"""The skill taxonomy: stable skill ids, aliases, and ESCO URIs, shared by every service.

An organisation loads its own taxonomy by pointing ``LATTICE_SKILL_TAXONOMY`` at a JSON file of the
same shape as the starter one (``starter_taxonomy.json``): a list of
``{"id": ..., "name": ..., "aliases": [...], "esco_uri": ...}``.
"""

from __future__ import annotations

import difflib
import json
import os
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path


@dataclass(frozen=True)
class Skill:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    esco_uri: str | None = None


class UnknownSkillError(ValueError):
    def __init__(self, raw: str, close_matches: list[str]) -> None:
        self.raw = raw
        self.close_matches = close_matches
        hint = f"; did you mean {', '.join(close_matches)}?" if close_matches else ""
        super().__init__(f"unknown skill {raw!r}{hint}")


def _fold(text: str) -> str:
    return re.sub(r"[^a-z0-9+#]+", " ", text.lower()).strip()


class Taxonomy:
    def __init__(self, skills: list[Skill]) -> None:
        self.skills = {s.id: s for s in skills}
        self._lookup: dict[str, str] = {}
        for skill in skills:
            for name in (skill.id, skill.name, *skill.aliases):
                self._lookup[_fold(name)] = skill.id
            if skill.esco_uri:
                self._lookup[skill.esco_uri] = skill.id

    def normalise(self, raw: str) -> str:
        """The canonical id for an id, name, alias or ESCO URI; raises with close matches."""
        found = self._lookup.get(raw) or self._lookup.get(_fold(raw))
        if found is None:
            close = difflib.get_close_matches(_fold(raw), list(self._lookup), n=5, cutoff=0.6)
            raise UnknownSkillError(raw, sorted({self._lookup[c] for c in close}))
        return found

    def __contains__(self, skill_id: object) -> bool:
        return skill_id in self.skills

    def __len__(self) -> int:
        return len(self.skills)

    @classmethod
    def from_json(cls, text: str) -> Taxonomy:
        return cls(
            [
                Skill(
                    id=item["id"],
                    name=item["name"],
                    aliases=tuple(item.get("aliases", ())),
                    esco_uri=item.get("esco_uri"),
                )
                for item in json.loads(text)
            ]
        )


@cache
def load_taxonomy(path: str | None = None) -> Taxonomy:
    """The organisation's taxonomy (``LATTICE_SKILL_TAXONOMY``) or the starter one."""
    path = path or os.environ.get("LATTICE_SKILL_TAXONOMY")
    if path:
        return Taxonomy.from_json(Path(path).read_text())
    starter = resources.files("lattice_platform.skills") / "starter_taxonomy.json"
    return Taxonomy.from_json(starter.read_text())
