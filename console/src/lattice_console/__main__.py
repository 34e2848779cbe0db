"""`lattice-console serve`: the console's web server."""

from __future__ import annotations

import sys

import uvicorn
from lattice_platform.server import server_options
from lattice_platform.telemetry.setup import configure_logging

from lattice_console.app import create_app
from lattice_console.settings import ConsoleSettings


def main() -> None:
    if sys.argv[1:] != ["serve"]:
        sys.exit("usage: lattice-console serve")
    settings = ConsoleSettings()
    configure_logging(settings.log_level, settings.log_json)
    uvicorn.run(create_app(settings), **server_options(settings))


if __name__ == "__main__":
    main()
