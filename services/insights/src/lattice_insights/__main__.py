from lattice_platform.service import service_main

from lattice_insights.bootstrap import build
from lattice_insights.settings import InsightsSettings


def main() -> None:
    service_main(InsightsSettings, build)


if __name__ == "__main__":
    main()
