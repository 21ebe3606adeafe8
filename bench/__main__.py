"""Run every benchmark module: ``python -m bench [--quick] [names…]``.

Each module ``bench/bench_<name>.py`` defines ``run(quick: bool) -> list[dict]`` returning
rows with at least ``name``, ``seconds`` and, where there is one, ``baseline_seconds``.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import pkgutil
from pathlib import Path

from rich.console import Console
from rich.table import Table


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--quick", action="store_true", help="small sizes, seconds in all")
    parser.add_argument(
        "--rows", type=int, help="size for modules that take one (people: people in the CSV)"
    )
    parser.add_argument("names", nargs="*", help="only these modules (e.g. lint forecast)")
    args = parser.parse_args()
    folder = Path(__file__).parent
    modules = sorted(
        m.name for m in pkgutil.iter_modules([str(folder)]) if m.name.startswith("bench_")
    )
    if args.names:
        modules = [m for m in modules if m.removeprefix("bench_") in args.names]
    console = Console()
    for name in modules:
        run = importlib.import_module(f"bench.{name}").run
        sized = args.rows and "rows" in inspect.signature(run).parameters
        rows = run(quick=args.quick, rows=args.rows) if sized else run(quick=args.quick)
        table = Table(title=name.removeprefix("bench_"))
        for col in ("case", "seconds", "baseline", "baseline s", "speed-up", "note"):
            table.add_column(col)
        for r in rows:
            base = r.get("baseline_seconds")
            ratio = f"{base / r['seconds']:.1f}x" if base and r["seconds"] else ""
            table.add_row(
                r["name"],
                f"{r['seconds']:.4f}",
                r.get("baseline", ""),
                f"{base:.4f}" if base else "",
                ratio,
                r.get("note", ""),
            )
        console.print(table)


if __name__ == "__main__":
    main()
