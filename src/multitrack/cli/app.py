"""Assemble the ``multitrack`` command from its modules.

Each module in ``COMMAND_MODULES`` defines ``register(app, groups)`` and adds its commands to
the root app or to one of the shared groups (``analyze``, ``import``, ``export``), so adding a
capability never edits another capability's module.
"""

from __future__ import annotations

import importlib

import typer

COMMAND_MODULES = (
    "multitrack.cli.framework",  # show, schema
    "multitrack.cli.lint",  # lint
    "multitrack.cli.templates",  # templates, new, convert, paths, diff
    "multitrack.cli.demo",  # demo
    "multitrack.cli.people",  # import …, export frames, serve
    "multitrack.cli.scorecard",  # analyze scorecard
    "multitrack.cli.payequity",  # analyze pay-equity, analyze transparency
    "multitrack.cli.structure",  # structure, retention
    "multitrack.cli.forecast",  # forecast
    "multitrack.cli.careers",  # plan, candidates, match
)


def build() -> typer.Typer:
    app = typer.Typer(
        name="multitrack",
        help="Design, run and audit multi-track career models.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )
    groups = {
        "analyze": typer.Typer(
            help="Analyses of an organisation's people data.", no_args_is_help=True
        ),
        "import": typer.Typer(help="Import HRIS exports (CSV, XLSX).", no_args_is_help=True),
        "export": typer.Typer(help="Export stored data.", no_args_is_help=True),
    }
    for name in COMMAND_MODULES:
        module = importlib.import_module(name)
        module.register(app, groups)
    for name, group in groups.items():
        if group.registered_commands or group.registered_groups:
            app.add_typer(group, name=name)
    return app


def main() -> None:
    build()()
