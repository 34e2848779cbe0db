from lattice_platform.service import service_main

from lattice_profile.bootstrap import build
from lattice_profile.entrypoints.cli import import_employees
from lattice_profile.settings import ProfileSettings


def main() -> None:
    service_main(ProfileSettings, build, extra_commands=[import_employees])


if __name__ == "__main__":
    main()
