"""`lattice up --demo`: load the organisation, then play the journeys with the feed on screen."""

from __future__ import annotations

import inspect

from rich.console import Console
from rich.rule import Rule

from lattice_devstack.demo.client import Lattice
from lattice_devstack.demo.display import render
from lattice_devstack.demo.journeys import HIRED_LIVE, JOURNEYS, OPEN_AT_START, Check, Scene
from lattice_devstack.demo.load import load
from lattice_devstack.demo.observer import Observer
from lattice_devstack.demo.organisation import generate
from lattice_devstack.stack import Stack


async def play(
    stack: Stack, *, seed: int, employees: int, console: Console, topic_prefix: str = ""
) -> list[Check]:
    org = generate(seed, employees)
    names = {p.employee_id: p.name for p in org.people}
    async with Lattice(stack, org, topic_prefix) as lattice:
        console.print(Rule("loading the demo organisation"))
        skip = {org.cast[name] for name in HIRED_LIVE}
        openings = await load(
            lattice,
            org,
            skip=skip,
            opening_keys=OPEN_AT_START,
            progress=lambda line: console.print(f"  • {line}"),
        )
        watching = False

        def show(envelope: object) -> None:
            if watching:
                rendered = render(envelope, names)  # type: ignore[arg-type]
                if rendered is not None:
                    console.print(rendered)

        async with Observer(stack.bootstrap_servers, topic_prefix, on_event=show) as observer:
            scene = Scene(lattice, observer, openings, say=console.print)
            with console.status("letting the suite settle (recommendations, mentor suggestions)…"):
                await observer.quiet()
            console.print(f"  • {len(observer.seen)} feed events so far; now the journeys")
            watching = True
            for title, journey in JOURNEYS:
                scene.journey = title
                console.print(Rule(title))
                story = " ".join(inspect.cleandoc(journey.__doc__ or "").split())
                console.print(f"[dim]{story}[/dim]")
                await journey(scene)
                for check in (c for c in scene.checks if c.journey == title):
                    mark = "[green]✔[/green]" if check.passed else "[red]✘[/red]"
                    console.print(
                        f"  {mark} {check.claim}"
                        + (
                            f" [dim]({check.detail})[/dim]"
                            if check.detail and not check.passed
                            else ""
                        )
                    )
    passed = sum(c.passed for c in scene.checks)
    console.print(Rule(f"{passed} of {len(scene.checks)} outcomes as expected"))
    return scene.checks
