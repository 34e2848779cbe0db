from __future__ import annotations

from lattice_platform.service import service_main

from lattice_openings.bootstrap import build
from lattice_openings.entrypoints.cli import import_roles
from lattice_openings.settings import OpeningsSettings


def main() -> None:
    service_main(OpeningsSettings, build, extra_commands=[import_roles])


if __name__ == "__main__":
    main()
