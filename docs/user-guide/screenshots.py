"""Make the user guide's screenshots from real runs of the ``multitrack`` command.

Every picture in ``docs/user-guide/img/`` is made here, never by hand: the script runs, in a
fresh folder, the very command lines the guide quotes (``STEPS``), in order, through bash and
the installed ``multitrack``, with a terminal 110 columns wide. It records what they print
with rich and saves it as SVG (and PNG when ``vl-convert-python`` is installed, which also
renders the analyses' Vega-Lite charts).

    .venv/bin/python docs/user-guide/screenshots.py            # every picture
    .venv/bin/python docs/user-guide/screenshots.py --only lint-findings --keep

A step may show only some of a command's tables (``keep``: the first words of their titles)
and only the first rows of each (``rows``), so that pictures stay small. The output is
deterministic (a seeded demo organisation, content-derived SVG ids), so running the script
again changes a picture only when the command's output changed.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.text import Text

try:  # optional: PNG files and the charts (PyPI: vl-convert-python)
    import vl_convert
except ImportError:  # pragma: no cover - depends on the environment
    vl_convert = None

HERE = Path(__file__).resolve().parent
IMG = HERE / "img"
ROOT = HERE.parents[1]
SHARED = ROOT.parent / "shared" / "data"
WIDTH = 110


Keep = str | tuple[str, int]  # a section's first words, with at most this many table rows


@dataclass(frozen=True)
class Step:
    """One command line of the guide, run in the working folder; ``shot`` names its picture."""

    command: str
    shot: str | None = None
    keep: tuple[Keep, ...] = ()  # show only the sections whose first line starts so
    rows: int | None = None  # at most this many rows of each table
    lines: int | None = None  # at most this many lines in all
    stderr: bool = True  # show what the command writes on stderr
    ok: tuple[int, ...] = (0,)  # exit statuses that mean it worked as the guide says
    instead: Callable[[Path], None] | None = None  # run this instead (no network here)


@dataclass(frozen=True)
class Chart:
    """A Vega-Lite file written by ``--charts``, rendered for the guide."""

    source: str
    shot: str


def _copy_ladders(work: Path) -> None:
    """Stand-in for ``git clone`` of the engineering ladders: the same files, from shared/."""
    if not (SHARED / "jorgef-engineering-ladders").is_dir():
        sys.exit(f"the engineering ladders are not in {SHARED} (see shared/data/README.md)")
    shutil.copytree(SHARED / "jorgef-engineering-ladders", work / "engineeringladders")


PERSON = "P000110"  # a B4 specialist of the demo organisation (seed 1) who wants to manage

STEPS: Sequence[Step | Chart] = (
    # Frameworks: start, check, read, compare, convert
    Step("multitrack templates", "templates", lines=24),
    Step("multitrack new --template starter --out my-framework.yaml", "new"),
    Step("multitrack lint my-framework.yaml", "lint-clean"),
    Step(
        "sed 's/min: 104000, mid: 120000, max: 136000/min: 84000, mid: 92000, max: 108000/'"
        " my-framework.yaml > broken.yaml"
    ),
    Step("multitrack lint broken.yaml", "lint-findings", ok=(1,)),
    Step(
        "multitrack show my-framework.yaml", "show", keep=("Starter", "Ceilings", ("Crossovers", 5))
    ),
    Step("multitrack show my-framework.yaml --family design", "show-family", keep=("Starter",)),
    Step("multitrack paths starter --from specialist/B3 --to management/B6 --max 2", "paths"),
    Step(
        'sed -e \'s/version: "2026.1"/version: "2027.1"/\''
        " -e 's/title: Team Lead/title: Engineering Team Lead/'"
        " -e 's/min: 68000, mid: 78000, max: 88000/min: 70000, mid: 80000, max: 90000/'"
        " my-framework.yaml > my-framework-2027.yaml"
    ),
    Step(
        "multitrack diff my-framework.yaml my-framework-2027.yaml --level-map level-map.csv", "diff"
    ),
    Step("git clone https://github.com/jorgef/engineeringladders", instead=_copy_ladders),
    Step(
        "multitrack convert engineeringladders --from ladders --out ladders.yaml"
        " --crossovers same-band --name 'Engineering ladders'",
        "convert",
    ),
    Step("multitrack show ladders.yaml", "convert-show", keep=("Engineering", "Ceilings")),
    Step("multitrack lint ladders.yaml", "convert-lint", lines=8),
    # The demo organisation and what it shows
    Step(
        "multitrack demo --people 200 --seed 1",
        "demo",
        stderr=False,
        keep=("Demo", "Organisation", "mean span", "Headcount"),
    ),
    Step(
        "multitrack structure",
        "structure",
        keep=("Organisation", "Structure at", ("Possible accidental", 3), ("Reporting parity", 5)),
    ),
    Step("multitrack structure --what-if-accidental 3", "structure-what-if"),
    Step(
        "multitrack retention --top 5",
        "retention",
        keep=(
            "Retention",
            ("Twelve-month voluntary exit rate by manager", 6),
            "Twelve-month voluntary exit rate by track",
            ("Flight-risk model", 4),
            ("Highest flight risk", 3),
        ),
    ),
    Step(
        "multitrack analyze scorecard --charts charts",
        "scorecard",
        keep=("Equivalence", "Verdicts:"),
    ),
    Chart("charts/attrition_km.vl.json", "chart-scorecard-staying"),
    # Careers
    Step(f"multitrack plan {PERSON}", "plan", keep=("Next steps", "Track fit", "Route")),
    Step(
        f"multitrack plan {PERSON} --target management/B4",
        "plan-target",
        keep=(("Development plan", 6), "Suggestions"),
    ),
    Step("multitrack candidates --track management --band B5 --top 5", "candidates"),
    Step("multitrack match --level management/B5=2 --level specialist/B6=1", "match"),
    # Pay
    Step(
        "multitrack analyze pay-equity --by demo_gender --charts charts",
        "pay-equity",
        keep=(
            "Pay equity",
            ("People paid far below", 3),
            ("Least-cost raises", 4),
            "total cost",
            "Remediation",
        ),
        ok=(0, 1),
    ),
    Chart("charts/pay-equity-gaps.vl.json", "chart-pay-equity-gaps"),
    Step(
        "multitrack analyze transparency --charts charts",
        "transparency",
        keep=("Pay transparency", "Gender pay gap", "Women and men", "Gap by category"),
    ),
    Chart("charts/transparency-categories.vl.json", "chart-transparency-categories"),
    # Forecast
    Step(
        "multitrack forecast --years 3 --charts charts",
        "forecast",
        keep=("Talent supply", "Projected headcount per track"),
    ),
    Chart("charts/forecast_totals.vl.json", "chart-forecast-totals"),
    Step(
        "cat > scenario.yaml <<'EOF'\n"
        "name: Twice the crossovers into management at B4\n"
        "changes:\n"
        "  - {kind: crossover, from: specialist, to: management, bands: [B4], scale: 2}\n"
        "EOF"
    ),
    Step(
        "multitrack forecast --years 3 --scenario scenario.yaml",
        "forecast-scenario",
        keep=("Talent supply", "Scenarios against the baseline, per track"),
    ),
    # Frames out
    Step("multitrack export frames --out demo-frames --pseudonymise", "export-frames"),
    Step("multitrack structure --frames demo-frames"),
    # Import from an HRIS file, into a database of its own
    Step(
        "cat > people.csv <<'EOF'\n"
        "Employee ID,Name,Job Family,Track,Band,Manager ID,Hire Date,Annual Salary,Currency,"
        "Location\n"
        "E001,Ada Byron,engineering,management,B6,,2015-03-01,118000,EUR,core\n"
        "E002,Grace Hopper,engineering,specialist,B5,E001,2018-09-17,97000,EUR,core\n"
        "E003,Alan Turing,engineering,specialist,B3,E002,2021-01-11,63000,EUR,remote\n"
        "E004,Hedy Lamarr,design,specialist,B4,E001,2019-05-06,76000,EUR,core\n"
        "EOF"
    ),
    Step("multitrack import framework starter --db hris.sqlite3", "import-framework"),
    Step("multitrack import people people.csv --db hris.sqlite3", "import-people"),
    Step("multitrack import people people.csv --db hris.sqlite3", "import-again"),
    Step(
        "sed -e 's/B5,E001/B9,E001/' -e 's/B3,E002,2021-01-11/B3,E007,2021-13-11/'"
        " people.csv > people-bad.csv"
    ),
    Step("multitrack import people people-bad.csv --db hris.sqlite3", "import-rejected", ok=(2,)),
)


def _say(message: str) -> None:
    sys.stdout.write(message + "\n")


# -- running -------------------------------------------------------------------------------


def environment(work: Path) -> dict[str, str]:
    """A fixed terminal, the working folder's own database, the installed command first."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "NO_COLOR"}}
    env.update(
        COLUMNS=str(WIDTH),
        LINES="60",
        FORCE_COLOR="1",
        TERM="xterm-256color",
        MULTITRACK_HOME=str(work),
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
    )
    return env


def run(step: Step, work: Path, env: dict[str, str]) -> str:
    """Run one step; a surprising exit status stops the script with the command's output."""
    if step.instead is not None:
        step.instead(work)
        return ""
    done = subprocess.run(
        ["bash", "-c", step.command],
        cwd=work,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT if step.stderr else subprocess.DEVNULL,
        text=True,
        check=False,
    )
    if done.returncode not in step.ok:
        sys.exit(f"{step.command!r} exited {done.returncode}:\n{done.stdout}")
    return done.stdout


# -- cropping ------------------------------------------------------------------------------


def _styled(line: Text, attribute: str) -> bool:
    """Whether every span of a non-blank line has this style (dim notes, italic titles)."""
    return bool(line.plain.strip() and line.spans) and all(
        attribute in str(span.style) for span in line.spans
    )


def _section_end(lines: list[Text], start: int) -> int:
    """Index after the section starting at ``start``: a table (through its notes) or a line.

    A table's title is italic and may wrap; its notes after the bottom border are dim.
    """
    top = start
    while top < len(lines) and _styled(lines[top], "italic"):
        top += 1
    if top == start or top == len(lines) or not lines[top].plain.startswith("┏"):
        return _wrapped_end(lines, start)
    end = next((i for i in range(top, len(lines)) if lines[i].plain.startswith("└")), len(lines))
    end += 1
    while end < len(lines) and _styled(lines[end], "dim"):
        end += 1
    return end


def _wrapped_end(lines: list[Text], start: int) -> int:
    """Index after a line of text and the lines it wrapped onto (it filled the width)."""
    end = start + 1
    while (
        end < len(lines)
        and len(lines[end - 1].plain.rstrip()) > WIDTH - 16
        and lines[end].plain.strip()
        and lines[end].plain[0] not in "┏┃┡│└"
        and not _styled(lines[end], "italic")
    ):
        end += 1
    return end


def select(lines: list[Text], keep: Sequence[Keep]) -> list[Text]:
    """The sections whose first line starts with one of ``keep``, in the output's order.

    A ``(prefix, rows)`` item also keeps only the first ``rows`` rows of that table.
    """
    wanted = [(k, None) if isinstance(k, str) else k for k in keep]
    picked: list[Text] = []
    i = 0
    while i < len(lines):
        match = next((rows for k, rows in wanted if lines[i].plain.lstrip().startswith(k)), False)
        if match is False:
            i += 1
            continue
        end = _section_end(lines, i)
        section = lines[i:end]
        picked.extend(limit_rows(section, match) if match is not None else section)
        i = end
    return picked


def _first_cell(line: Text) -> str:
    parts = line.plain.split("│")
    return parts[1].strip() if len(parts) > 2 else ""


def limit_rows(lines: list[Text], rows: int) -> list[Text]:
    """Keep the first ``rows`` rows of every table (a row may span lines) and say what went."""
    out: list[Text] = []
    body, seen, dropped = False, 0, 0
    for line in lines:
        plain = line.plain
        if plain.startswith("┡"):
            body, seen, dropped = True, 0, 0
        elif plain.startswith("└"):
            out.append(line)
            if dropped:
                out.append(Text(f"… {dropped} more row(s) not shown here", style="dim italic"))
            body = False
            continue
        elif body and plain.startswith("│"):
            starts = bool(_first_cell(line))
            seen += starts
            if seen > rows:
                dropped += starts
                continue
        out.append(line)
    return out


def crop(output: str, step: Step) -> list[Text]:
    """The lines of ``output`` (ANSI) the picture shows."""
    lines = Text.from_ansi(output.rstrip("\n")).split("\n", allow_blank=True)
    lines = list(lines)
    if step.keep:
        lines = select(lines, step.keep)
    if step.rows is not None:
        lines = limit_rows(lines, step.rows)
    if step.lines is not None and len(lines) > step.lines:
        more = len(lines) - step.lines
        lines = [*lines[: step.lines], Text(f"… {more} more line(s)", style="dim italic")]
    return lines


# -- pictures ------------------------------------------------------------------------------


def _svg_format() -> str:
    """Rich's SVG template without the web font (nothing is fetched; local monospace)."""
    from rich._export_format import CONSOLE_SVG_FORMAT

    fmt = re.sub(r"@font-face \{\{.*?\}\}\s*", "", CONSOLE_SVG_FORMAT, flags=re.S)
    return fmt.replace(
        "font-family: Fira Code, monospace;",
        "font-family: 'Fira Code', 'DejaVu Sans Mono', Menlo, monospace;",
    )


def terminal_svg(command: str, lines: Sequence[Text]) -> str:
    """An SVG of a terminal showing the prompt, the command and its (cropped) output."""
    console = Console(
        record=True,
        width=WIDTH,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        legacy_windows=False,
    )
    console.print(Text("$ ", style="bold green") + Text(command, style="bold"), soft_wrap=False)
    for line in lines:
        console.print(line, overflow="fold")
    return console.export_svg(title="multitrack", code_format=_svg_format())


def save(name: str, svg: str, png: bool) -> None:
    IMG.mkdir(exist_ok=True)
    (IMG / f"{name}.svg").write_text(svg, encoding="utf-8")
    if png and vl_convert is not None:
        (IMG / f"{name}.png").write_bytes(vl_convert.svg_to_png(svg, scale=1.0))
    _say(f"wrote img/{name}.svg" + (" and .png" if png and vl_convert else ""))


def chart_svg(work: Path, chart: Chart) -> str | None:
    if vl_convert is None:
        _say(f"skipped {chart.shot}: vl-convert-python is not installed")
        return None
    spec = json.loads((work / chart.source).read_text(encoding="utf-8"))
    return vl_convert.vegalite_to_svg(spec)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", default=None, help="Write only these pictures.")
    parser.add_argument("--png", action="store_true", help="Also write PNG (vl-convert-python).")
    parser.add_argument("--keep", action="store_true", help="Keep the working folder.")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="multitrack-guide-"))
    env = environment(work)
    try:
        for step in STEPS:
            wanted = args.only is None or step.shot in args.only
            if isinstance(step, Chart):
                svg = chart_svg(work, step) if wanted else None
            else:
                output = run(step, work, env)
                svg = terminal_svg(step.command, crop(output, step)) if step.shot else None
            if svg is not None and wanted:
                save(step.shot, svg, png=args.png)
    finally:
        if args.keep:
            _say(f"working folder kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
