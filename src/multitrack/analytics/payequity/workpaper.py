"""The reproducible workpaper of a pay-equity run: the model in words, exclusions, versions.

A folder holding ``workpaper.json`` (the model, its controls and reference categories per
compared field, thresholds, the data date, counts of exclusions by reason, software
versions) and one CSV per table: ``gaps.csv``, ``oaxaca.csv``, ``outliers.csv``,
``remediation.csv``, ``remediation_groups.csv`` and ``exclusions.csv`` (who was left out
and why). It names individuals: it is for HR and counsel, for the purpose of a pay-equity
review.
"""

from __future__ import annotations

import datetime as dt
import json
import platform
from dataclasses import asdict
from importlib import metadata
from pathlib import Path
from typing import Any

import polars as pl

from multitrack.analytics.payequity.analysis import EquityResult
from multitrack.analytics.payequity.export import write_csv
from multitrack.analytics.payequity.gaps import FieldModel
from multitrack.analytics.report import jsonable

__all__ = ["model_description", "versions", "write_workpaper"]

PACKAGES = ("multitrack", "numpy", "scipy", "polars", "statsmodels")


def versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def model_description(result: EquityResult, model: FieldModel) -> dict[str, Any]:
    """The fitted model of one compared field, in words and in parts."""
    cfg = result.config
    controls = model.numeric + model.categorical
    groups = " × ".join(cfg.group_by)
    formula = (
        f"log({'base + variable pay' if cfg.pay == 'total' else 'base pay'}) = intercept + "
        f"{model.tested} + {' + '.join(controls) or 'no controls'} + error, fitted separately "
        f"within each {groups} group"
    )
    aliased = {
        g: list(r.aliased) for g, r in model.fits.items() if r.aliased
    }  # controls constant within the group
    return {
        "field": model.tested,
        "formula": formula,
        "outcome": "natural log of people.pay_annual_fte"
        + (" + people.variable_annual" if cfg.pay == "total" else ""),
        "compared_against": model.reference,
        "levels": list(model.levels),
        "numeric_controls": model.numeric,
        "categorical_controls": model.categorical,
        "reference_categories": model.design.references,
        "left_out_per_group": aliased,
        "people": model.data.height,
        "people_without_a_value": result.population.frame.height - model.data.height,
    }


def write_workpaper(result: EquityResult, folder: str | Path) -> list[Path]:
    """Write the workpaper folder; returns the files written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    pop, cfg = result.population, result.config
    reasons = dict(pop.exclusions.group_by("reason").len().iter_rows())
    suppressed = result.gaps.filter(pl.col("note").str.starts_with("suppressed"))
    suppressed = {
        "rule": f"fewer than {cfg.min_side} people on either side of a comparison",
        "comparisons": suppressed.select("field", "group", "level").to_dicts(),
    }
    paper = {
        "purpose": "pay-equity review for HR and counsel; names individuals",
        "data_date": pop.as_of,
        "generated": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "software": versions(),
        "pay": "people.pay_annual_fte: base pay, organisation currency, per year, full time"
        + ("; plus people.variable_annual" if cfg.pay == "total" else ""),
        "groups": {"by": list(cfg.group_by), "count": pop.frame["group"].n_unique()},
        "models": [model_description(result, m) for m in result.models],
        "standard_errors": cfg.cov,
        "thresholds": {
            "flag_abs_t": cfg.flag_t,
            "min_people_per_side": cfg.min_side,
            "outlier_studentized": cfg.outlier_z,
            "remediation_target": result.plan.target,
        },
        "oaxaca": {"two_fold": "pooled (with side indicator)", "bootstrap": cfg.bootstrap},
        "config": asdict(cfg),
        "people_analysed": pop.frame.height,
        "exclusions": {
            "total": pop.exclusions.height,
            "by_reason": reasons,
            "file": "exclusions.csv",
            "rule": "exited people, missing pay and missing controls are left out; the first "
            "reason that applies is recorded",
        },
        "suppressed_comparisons": suppressed,
        "flagged_comparisons": result.flagged().height,
        "remediation": {"people": result.plan.raises.height, "total_cost": result.plan.total},
    }
    paths = [folder / "workpaper.json"]
    paths[0].write_text(json.dumps(jsonable(paper), indent=2, ensure_ascii=False), "utf-8")
    tables = {
        "gaps": result.gaps,
        "oaxaca": result.oaxaca,
        "outliers": result.outliers,
        "remediation": result.plan.raises,
        "remediation_groups": result.plan.groups,
        "exclusions": pop.exclusions,
    }
    paths += [write_csv(frame, folder / f"{name}.csv") for name, frame in tables.items()]
    return paths
