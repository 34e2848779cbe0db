from lattice_platform.service import service_main

from lattice_webhooks.bootstrap import build
from lattice_webhooks.settings import WebhooksSettings


def main() -> None:
    service_main(WebhooksSettings, build)


if __name__ == "__main__":
    main()
