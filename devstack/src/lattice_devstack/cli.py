"""`lattice`: run the suite locally, mint dev tokens, regenerate the published docs."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Annotated

import typer
from rich.console import Console, Group
from rich.live import Live
from rich.panel import Panel
from rich.table import Table

from lattice_devstack.stack import BROKERS, CONSOLE, Stack

app = typer.Typer(
    add_completion=False, no_args_is_help=True, help=__doc__, pretty_exceptions_show_locals=False
)
console = Console()
STATE_DIR = Path(".lattice")
DOCS_DIR = Path("docs")
DOCS_PORT = 8000


@app.command()
def up(
    demo: Annotated[
        bool, typer.Option(help="Load the demo organisation and play its journeys.")
    ] = False,
    seed: Annotated[int, typer.Option(help="Seed of the demo organisation.")] = 7,
    employees: Annotated[int, typer.Option(help="Demo organisation size.")] = 300,
    exit_after_demo: Annotated[
        bool, typer.Option(help="Stop once the journeys have played.")
    ] = False,
    kafka: Annotated[
        str,
        typer.Option(
            help="The broker to start: tansu (embedded, memory only) or apache (Apache Kafka "
            "on loopback; needs Java 17+ and Maven). Ignored when KAFKA_BOOTSTRAP_SERVERS is set."
        ),
    ] = "tansu",
) -> None:
    """Start PostgreSQL, the broker, the six services and the console; Ctrl-C stops all of it
    cleanly."""
    if kafka not in BROKERS:
        raise typer.BadParameter(f"--kafka {kafka}: expected one of {', '.join(BROKERS)}")
    # The demo organisation lets people be found unless they opt out (an organisation policy).
    stack = Stack(
        STATE_DIR,
        extra_env={"LATTICE_PROFILE_DEFAULT_DISCOVERABLE": "true"} if demo else {},
        kafka=kafka,
        personas=_demo_personas(seed, employees) if demo else "",
    )
    # A supervisor (systemd, a CI job's timeout) stops with SIGTERM: stop as for Ctrl-C, or the
    # services, which run in sessions of their own, outlive this process.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        asyncio.run(_up(stack, demo, seed, employees, exit_after_demo))
    except KeyboardInterrupt:
        console.print("[yellow]stopping…[/yellow]")
    finally:
        stack.stop()
        console.print("[green]stopped[/green]: services drained, broker and database shut down")


def _demo_personas(seed: int, employees: int) -> str:
    from lattice_devstack.demo.personas import demo_personas  # noqa: PLC0415

    return demo_personas(seed, employees)


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


async def _up(stack: Stack, demo: bool, seed: int, employees: int, exit_after_demo: bool) -> None:
    with console.status("starting PostgreSQL, the broker, topics, the six services, the console…"):
        await stack.start()
    console.print(_status_table(stack))
    console.print(
        f"console: [bold]{stack.url(CONSOLE)}[/bold] (sign in as a persona; the dev stack only)"
    )
    docs = _serve_docs_in_background()
    console.print(f"{docs}; logs in {STATE_DIR}/logs/")
    console.print(
        "a token: [bold]./lattice token --employee E0001[/bold] "
        "(then curl -H 'Authorization: Bearer …' http://127.0.0.1:8004/v1/feed)"
    )
    if demo:
        from lattice_devstack.demo.play import play  # noqa: PLC0415

        await play(stack, seed=seed, employees=employees, console=console)
        if exit_after_demo:
            return
    with Live(_status_table(stack), console=console, refresh_per_second=1) as live:
        while True:
            await asyncio.sleep(2)
            await stack.refresh()
            live.update(_status_table(stack))


def _serve_docs_in_background(port: int = DOCS_PORT) -> str:
    """The HTTP API (OpenAPI) and event (AsyncAPI) docs, served next to the suite."""
    import uvicorn  # noqa: PLC0415

    from lattice_devstack.docs import docs_site  # noqa: PLC0415
    from lattice_devstack.infra import port_in_use  # noqa: PLC0415

    if port_in_use(port):
        return f"docs: port {port} is taken; run ./lattice docs --serve elsewhere"

    class DocsServer(uvicorn.Server):
        @contextlib.contextmanager
        def capture_signals(self) -> Iterator[None]:
            yield  # Ctrl-C belongs to `lattice up`, which stops everything in order

    config = uvicorn.Config(docs_site(DOCS_DIR), port=port, log_level="warning", lifespan="off")
    server = DocsServer(config)
    _background.add(asyncio.get_running_loop().create_task(server.serve()))
    return f"docs: http://127.0.0.1:{port} (OpenAPI per service, AsyncAPI)"


_background: set[asyncio.Task[None]] = set()


def _status_table(stack: Stack) -> Panel:
    table = Table(expand=True)
    for column in ("service", "state", "url", "last log line"):
        table.add_column(column, overflow="fold")
    for service in stack.services.values():
        colour = {"ready": "green", "starting": "yellow"}.get(service.state, "red")
        table.add_row(
            service.name,
            f"[{colour}]{service.state}[/{colour}]",
            service.url,
            service.last_log_line()[-90:],
        )
    infra = f"PostgreSQL {stack.database_url.split('@')[-1]} · Kafka {stack.bootstrap_servers}"
    return Panel(Group(table, infra), title="Lattice", subtitle="Ctrl-C stops everything")


@app.command()
def token(
    employee: Annotated[str | None, typer.Option(help="Employee id the token speaks for.")] = None,
    role: Annotated[
        list[str] | None, typer.Option(help="employee, manager, hr or service (repeatable).")
    ] = None,
    subject: Annotated[
        str | None, typer.Option(help="Token subject (defaults to the employee).")
    ] = None,
) -> None:
    """Mint a dev token signed with the running dev stack's key (.lattice/dev-jwt.key)."""
    from lattice_platform.auth import Role, SigningKey  # noqa: PLC0415

    private, public = STATE_DIR / "dev-jwt.key", STATE_DIR / "dev-jwt.pub"
    if not private.exists():
        raise typer.BadParameter("no dev key yet: run `./lattice up` once first")
    key = SigningKey(private.read_text(), public.read_text())
    roles = [Role(r) for r in role or ["employee"]]
    typer.echo(key.mint(subject or employee or "dev", roles, employee_id=employee))


@app.command()
def docs(
    check: Annotated[bool, typer.Option(help="Fail if the committed docs are stale.")] = False,
    serve: Annotated[bool, typer.Option(help="Serve the API and event docs on :8000.")] = False,
) -> None:
    """Regenerate docs/ (event JSON Schemas, AsyncAPI, each service's OpenAPI) and the typed
    client generated from the OpenAPI documents (clients/python)."""
    from lattice_devstack import client  # noqa: PLC0415
    from lattice_devstack.docs import generate_all, openapi_documents, serve_docs  # noqa: PLC0415

    if serve:
        serve_docs(DOCS_DIR)
        return
    documents = generate_all()
    generated = {str(DOCS_DIR / name): text for name, text in documents.items()}
    generated |= client.generate(openapi_documents(documents))
    stale = [name for name, text in generated.items() if not _holds(Path(name), text)]
    leftovers = client.leftovers(generated)
    if check:
        if stale or leftovers:
            console.print(f"[red]stale[/red]: {', '.join(stale + leftovers)} — run ./lattice docs")
            raise typer.Exit(1)
        console.print("docs and client are up to date")
        return
    for name in leftovers:
        Path(name).unlink()
    for name in stale:
        Path(name).parent.mkdir(parents=True, exist_ok=True)
        Path(name).write_text(generated[name])
    console.print(f"wrote docs to {DOCS_DIR}/ and the client to {client.PACKAGE}/")


def _holds(path: Path, text: str) -> bool:
    return path.exists() and path.read_text() == text
