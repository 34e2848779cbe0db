"""A synthetic employee population as an HRIS CSV export (for the import test and benchmark)."""

from __future__ import annotations

import csv
import random
from pathlib import Path

from lattice_profile.adapters.employee_csv import COLUMNS

DEPARTMENTS = ("engineering", "data", "product", "design", "sales", "finance", "hr", "operations")
LOCATIONS = ("lisbon", "porto", "berlin", "london", "madrid", "remote")


def write_population(path: Path, size: int, seed: int = 7) -> Path:
    rng = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for n in range(size):
            employee_id = f"E{n:06d}"
            manager = f"E{n // 8:06d}" if n else ""
            management = n < size // 8
            hired = f"{rng.randint(2005, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            writer.writerow(
                [
                    employee_id,
                    f"Person {n}",
                    f"person.{n}@example.com",
                    f"role-{rng.randint(1, 120)}",
                    rng.randint(1, 12),
                    "management" if management else "individual_contributor",
                    rng.choice(DEPARTMENTS),
                    rng.choice(LOCATIONS),
                    manager,
                    hired,
                    hired,
                    "active",
                    "2026-01-01T00:00:00Z",
                ]
            )
    return path
