"""Pay equity and pay transparency on the analytics frames.

- :func:`analyze` / :func:`pay_equity_report`: adjusted gaps within pay analysis groups by
  track and demographic field, Oaxaca–Blinder decompositions, outliers and a least-cost
  remediation plan; :func:`write_workpaper` records it all.
- :func:`transparency_report`: the figures of Directive (EU) 2023/970, Article 9, and the
  5% joint-assessment test per category of work of equal value.

``docs/pay-equity.md`` states every definition and threshold.
"""

from multitrack.analytics.payequity.analysis import EquityResult, analyze, pay_equity_report
from multitrack.analytics.payequity.groups import EquityConfig, Population, population
from multitrack.analytics.payequity.transparency import TransparencyConfig, transparency
from multitrack.analytics.payequity.transparency_report import transparency_report
from multitrack.analytics.payequity.workpaper import write_workpaper

__all__ = [
    "EquityConfig",
    "EquityResult",
    "Population",
    "TransparencyConfig",
    "analyze",
    "pay_equity_report",
    "population",
    "transparency",
    "transparency_report",
    "write_workpaper",
]
