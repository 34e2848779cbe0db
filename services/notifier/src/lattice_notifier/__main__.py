from lattice_platform.service import service_main

from lattice_notifier.bootstrap import build
from lattice_notifier.settings import NotifierSettings


def main() -> None:
    service_main(NotifierSettings, build)


if __name__ == "__main__":
    main()
