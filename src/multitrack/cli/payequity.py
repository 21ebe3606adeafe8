"""Pay-equity and pay-transparency commands: ``analyze pay-equity`` and ``analyze transparency``.

Both exit 0 when nothing is flagged, 1 when something is (a flagged comparison in a group, or
a category for joint assessment), and 2 on unusable input.
"""

from __future__ import annotations

from pathlib import Path

import typer

from multitrack.cli.common import (
    EXIT_FINDINGS,
    ChartsOption,
    DbOption,
    FramesOption,
    JsonOption,
    err_console,
    fail,
    open_frames,
    render,
)

CsvOption = typer.Option(None, "--csv", help="Also write the figures as CSV to this file.")


def _percent(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        value = float(text.strip().rstrip("%"))
    except ValueError:
        fail(f"--target-gap: '{text}' is not a percentage (e.g. 2 or 2%)")
    if not 0 < value < 100:
        fail(f"--target-gap: {value:g}% must lie between 0 and 100")
    return value / 100


def pay_equity(
    db: str = DbOption,
    frames: Path = FramesOption,
    as_json: bool = JsonOption,
    csv: Path = CsvOption,
    workpaper: Path = typer.Option(
        None, "--workpaper", help="Write the workpaper (JSON + CSV files) to this folder."
    ),
    by: list[str] = typer.Option(
        None, "--by", help="Field to compare (repeat); default: track and every demo_* field."
    ),
    groups: str = typer.Option(
        "band,family", "--groups", help="Columns that form a pay analysis group."
    ),
    target_t: float = typer.Option(2.0, "--target-t", help="Remediation target: |t| below."),
    target_gap: str = typer.Option(
        None, "--target-gap", help="Remediation target: adjusted gap below PCT (e.g. 2)."
    ),
    min_side: int = typer.Option(5, "--min-side", help="Suppress below this many per side."),
    pay: str = typer.Option("base", "--pay", help="base, or total (base + variable)."),
    bootstrap: int = typer.Option(200, "--bootstrap", help="Oaxaca bootstrap replicates."),
    charts: Path = ChartsOption,
) -> None:
    """Adjusted gaps within pay groups, Oaxaca–Blinder, outliers and least-cost raises."""
    from multitrack.analytics.payequity import EquityConfig, analyze, write_workpaper
    from multitrack.analytics.payequity.export import write_csv

    config = EquityConfig(
        group_by=tuple(g.strip() for g in groups.split(",") if g.strip()),
        fields=tuple(by) if by else None,
        target_t=target_t,
        target_gap=_percent(target_gap),
        min_side=min_side,
        pay=pay,
        bootstrap=bootstrap,
    )
    org = open_frames(db, frames)
    try:
        result = analyze(org, config)
    except ValueError as exc:
        fail(str(exc))
    report = result.report()
    if csv is not None:
        write_csv(result.gaps, csv)
    if workpaper is not None:
        written = write_workpaper(result, workpaper)
        err_console.print(f"workpaper: {len(written)} files in {workpaper}", highlight=False)
    render(report, as_json, charts)
    if report.meta["flagged_in_groups"]:
        raise typer.Exit(EXIT_FINDINGS)


def transparency(
    db: str = DbOption,
    frames: Path = FramesOption,
    as_json: bool = JsonOption,
    csv: Path = CsvOption,
    gender: str = typer.Option("demo_gender", "--gender", help="The gender column."),
    men: str = typer.Option(None, "--men", help="Label of men in that column (default: found)."),
    women: str = typer.Option(None, "--women", help="Label of women (default: found)."),
    charts: Path = ChartsOption,
) -> None:
    """Pay-transparency figures (Directive (EU) 2023/970, Art. 9) and the 5% category test."""
    from multitrack.analytics.payequity import TransparencyConfig, transparency_report
    from multitrack.analytics.payequity.export import write_long_csv

    org = open_frames(db, frames)
    try:
        report = transparency_report(org, TransparencyConfig(gender=gender, men=men, women=women))
    except ValueError as exc:
        fail(str(exc))
    if csv is not None:
        write_long_csv(
            report.tables,
            {"summary": "measure", "variable_share": "measure", "quartiles": "quartile"},
            csv,
        )
    render(report, as_json, charts)
    if report.meta["joint_assessment"]:
        raise typer.Exit(EXIT_FINDINGS)


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    """Add ``analyze pay-equity`` and ``analyze transparency``."""
    groups["analyze"].command("pay-equity")(pay_equity)
    groups["analyze"].command("transparency")(transparency)
