from lattice_platform.service import service_main

from lattice_learning.bootstrap import build
from lattice_learning.settings import LearningSettings


def main() -> None:
    service_main(LearningSettings, build)


if __name__ == "__main__":
    main()
