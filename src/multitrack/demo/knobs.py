"""The ground truth of a demo organisation: the effects the analyses should find again.

Every figure here is an input of the generator, so an analysis run on the demo organisation
can be checked against it: the pay gap it estimates, the attrition it attributes to managers,
the promotion gap it finds between tracks. ``docs/demo.md`` explains each one and how it is
applied.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

__all__ = ["Knobs"]


@dataclass(frozen=True)
class Knobs:
    """Ground truth of the demo organisation (defaults give a plausible, slightly unfair firm).

    Rates are per year; gaps are differences in log pay (``-0.03`` is about 3% below);
    odds are multipliers against the management track at the same band.
    """

    # size and flows
    growth: float = 0.05
    """Net headcount growth per year; the org at the window start is smaller by this rate."""
    base_attrition: float = 0.12
    """Exits per head per year, all causes; hires replace every leaver."""
    involuntary_share: float = 0.25
    """Share of exits that are involuntary (they concentrate on low ratings)."""

    # retention drivers
    flight_risk_effective: float = 0.21
    """12-month flight risk under effective managers (top quarter of effectiveness)."""
    flight_risk_ineffective: float = 0.50
    """Same under ineffective managers (bottom quarter); only the ratio to the previous
    figure is used: it is the voluntary-exit hazard ratio between those quarters, scaled to
    ``base_attrition``."""
    stagnation_per_year: float = 0.6
    """Log-hazard of a voluntary exit per year spent in level beyond the typical time."""
    ceiling_hazard: float = 1.6
    """Hazard multiplier for people at their track's ceiling for two years or more."""
    top_of_range_hazard: float = 1.5
    """Hazard multiplier for people paid at or above 1.10 compa-ratio (top of the range)."""
    new_hire_hazard: float = 2.5
    """Hazard multiplier in the first two years after hire."""

    # promotion and mobility
    promotion_rate: float = 0.16
    """Promotion hazard per year at the typical time in level, rating 3."""
    specialist_upper_promotion: float = 0.7
    """Relative promotion rate on specialist tracks into bands above the management entry
    band (1 = same as elsewhere); the thinner upper specialist ladder."""
    decorative_ladder: bool = False
    """When true the specialist track's upper bands are nearly empty and see almost no
    promotions, while management's equivalent bands fill: the 'decorative ladder'."""
    internal_manager_fill: float = 0.6
    """Share of management vacancies filled by a crossover from the team (else hired)."""
    return_to_specialist: float = 0.03
    """Crossovers back from management per manager per year (accidental managers 3x)."""
    accidental_manager_share: float = 0.2
    """Share of management-track people who aspire to a specialist track and whose
    people-leadership is low (chosen for craft and seniority, not for leading)."""
    mean_span: float = 7.0
    """Mean span of control (direct reports per manager)."""

    # pay and ratings
    specialist_pay_gap: float = -0.03
    """Log-pay gap of specialist-kind tracks against management at equal band."""
    contributor_pay_gap: float = -0.01
    """Same for the other non-management tracks (leader-contributor, dynamic, custom)."""
    gender_pay_gap: float = -0.02
    """Log-pay gap of women against men at equal track, band, family and zone."""
    specialist_rating_shift: float = -0.1
    """Shift of specialists' ratings (points on the 1-5 scale) at equal ability."""
    variable_pay_share: float = 0.35
    """Share of people with variable pay at the entry band; rises with band."""
    inflation: float = 0.025
    """Yearly drift of the pay ranges; pay before the snapshot uses deflated ranges."""

    # people
    female_share: float = 0.42
    part_time_share: float = 0.08

    # access
    high_visibility_odds: float = 0.6
    """Relative odds of a non-management person getting a role on a high-visibility
    (grade 3) project, against a manager of the same band."""
    cross_functional_odds: float = 0.7
    """Relative rate of cross-functional workgroup memberships of non-management people,
    against managers of the same band."""

    def __post_init__(self) -> None:
        problems = [
            f.name
            for f in fields(self)
            if f.name in _POSITIVE
            and not getattr(self, f.name) > 0
            or f.name in _SHARES
            and not 0 <= getattr(self, f.name) <= 1
        ]
        if self.growth < 0:
            problems.append("growth")
        if problems:
            raise ValueError(f"Knobs out of range: {', '.join(problems)}")

    @property
    def manager_hazard_ratio(self) -> float:
        """Voluntary-exit hazard ratio, ineffective against effective managers."""
        return self.flight_risk_ineffective / self.flight_risk_effective


_POSITIVE = {
    "base_attrition",
    "flight_risk_effective",
    "flight_risk_ineffective",
    "ceiling_hazard",
    "top_of_range_hazard",
    "new_hire_hazard",
    "promotion_rate",
    "specialist_upper_promotion",
    "mean_span",
    "high_visibility_odds",
    "cross_functional_odds",
}
_SHARES = {
    "involuntary_share",
    "internal_manager_fill",
    "return_to_specialist",
    "accidental_manager_share",
    "variable_pay_share",
    "female_share",
    "part_time_share",
}
