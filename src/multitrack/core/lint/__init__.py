"""The framework health check: coded rules with severities, located findings and fix hints.

Rules live one per function in topic modules (ladder, levels, pay, competencies, transitions,
EVP, complexity, settings); importing this package registers them in :data:`RULES` in code
order. ``lint(fw, located)`` runs them all and returns a :class:`LintReport`; ``to_sarif``
turns a report into SARIF 2.1.0 for code scanning.
"""

from multitrack.core.lint import (  # noqa: F401 - imported to register their rules
    competencies,
    complexity,
    evp,
    ladder,
    levels,
    pay,
    settings,
    transitions,
)
from multitrack.core.lint.base import RULES, Finding, Rule, Severity
from multitrack.core.lint.complexity import Complexity
from multitrack.core.lint.engine import LintReport, lint
from multitrack.core.lint.sarif import to_sarif

# registration order follows import order; the registry reads best in code order
for _code in sorted(RULES):
    RULES[_code] = RULES.pop(_code)

__all__ = ["RULES", "Complexity", "Finding", "LintReport", "Rule", "Severity", "lint", "to_sarif"]
