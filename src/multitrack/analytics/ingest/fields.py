"""The fields each kind of import knows, and the export headers recognised for each by default.

Headers are matched after :func:`header_key` (case, spaces and punctuation ignored), so
"Employee ID", "employee_id" and "EmployeeID" are one header. The aliases cover the usual
exports of Workday, BambooHR, SAP SuccessFactors, Personio and ADP; the first alias of a
field that a file has wins. Some aliases imply a default for another field ("Monthly Salary"
means the pay period is a month).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

__all__ = ["FIELDS", "IMPLIES", "KINDS", "REQUIRED", "header_key"]

KINDS = ("people", "assessments", "workgroups", "projects", "development")

_PERSON = (
    "employee id", "employee number", "employee no", "emp id", "emp no", "worker id",
    "person id", "personnel number", "personnel no", "staff id", "staff number", "user id",
    "employee code", "associate id", "file number", "employee", "id",
)  # fmt: skip

_PEOPLE: dict[str, tuple[str, ...]] = {
    "person_id": _PERSON,
    "name": ("name", "full name", "employee name", "worker name", "legal name", "display name",
             "preferred name", "worker"),
    "first_name": ("first name", "given name", "legal first name", "preferred first name",
                   "firstname", "forename"),
    "last_name": ("last name", "surname", "family name", "legal last name", "lastname"),
    "email": ("email", "work email", "email address", "business email", "work email address",
              "primary work email", "company email", "e mail"),
    "family": ("job family", "family", "job function", "job family group", "function"),
    "zone": ("zone", "location zone", "pay zone", "geo zone", "location", "work location",
             "location name", "office", "site"),
    "track": ("track", "career track", "career path", "ladder", "job track"),
    "band": ("band", "grade", "job grade", "pay grade", "salary grade", "job band", "career band"),
    "level": ("level", "job level", "career level", "level code", "management level",
              "position level", "job profile"),
    "title": ("job title", "business title", "position title", "title", "position"),
    "manager_id": ("manager id", "manager employee id", "supervisor id", "supervisor employee id",
                   "reports to", "reports to id", "line manager id", "manager number",
                   "manager worker id", "direct manager id", "supervisor number",
                   "manager employee number"),
    "hire_date": ("hire date", "original hire date", "start date", "date of hire", "date hired",
                  "employment start date", "joining date", "date of joining", "hire dt",
                  "seniority date", "continuous service date", "date joined", "entry date",
                  "most recent hire date"),
    "level_since": ("level since", "level start date", "job start date", "position start date",
                    "time in position start date", "date in position", "in role since",
                    "grade since", "date in job"),
    "exit_date": ("termination date", "exit date", "leaving date", "separation date", "term date",
                  "last day worked", "date of leaving", "leave date", "termination dt",
                  "end date"),
    "exit_reason": ("termination reason", "exit reason", "reason for leaving",
                    "separation reason", "termination type", "leaving reason", "exit type",
                    "term reason"),
    "regretted": ("regretted", "regrettable", "regretted attrition", "regretted loss",
                  "regrettable termination"),
    "aspiration": ("aspiration", "track aspiration", "career aspiration", "preferred track",
                   "desired track", "aspired track"),
    "rating": ("rating", "performance rating", "last performance rating", "performance score",
               "overall rating", "rating score", "review rating", "latest rating", "performance"),
    "rating_date": ("rating date", "review date", "performance review date", "appraisal date",
                    "rating period end"),
    "fte": ("fte", "fte %", "full time equivalent", "fte percentage", "employment percentage",
            "work percentage", "scheduled fte", "working time percentage", "time type",
            "full part time"),
    "hours_per_week": ("standard hours", "scheduled weekly hours", "weekly hours",
                       "hours per week", "working hours", "contract hours", "scheduled hours",
                       "weekly working hours", "contracted hours"),
    "base": ("annual salary", "base pay", "base salary", "annual base salary", "annual base pay",
             "base compensation", "current base pay", "salary", "pay rate", "base rate",
             "regular pay rate amount", "salary amount", "compensation", "monthly salary",
             "monthly base salary", "monthly income", "monthly pay", "hourly rate",
             "hourly pay rate", "hourly wage", "wage"),
    "variable": ("bonus", "variable pay", "annual bonus", "bonus amount", "target bonus",
                 "variable compensation", "incentive", "annual incentive", "commission"),
    "currency": ("currency", "pay currency", "currency code", "salary currency",
                 "compensation currency", "base pay currency"),
    "period": ("pay period", "pay frequency", "frequency", "pay rate type", "salary period",
               "pay rate frequency", "pay interval", "period"),
    "effective_date": ("effective date", "pay effective date", "salary effective date",
                       "compensation effective date", "last pay change date", "pay change date",
                       "base pay effective date"),
    "tenure_years": ("years at company", "years of service", "length of service",
                     "service years", "tenure years", "tenure", "yrs service"),
    "years_in_level": ("years in current role", "years in level", "years in role",
                       "years in position", "time in position", "years in grade"),
    "demo_gender": ("gender", "sex", "gender identity"),
    "demo_ethnicity": ("ethnicity", "race", "ethnic group", "race ethnicity"),
    "demo_age": ("age",),
    "demo_disability": ("disability", "disability status"),
}  # fmt: skip

_DATES = ("date", "assessment date", "review date", "rated on", "completed on", "assessed on")
_ASSESSMENTS: dict[str, tuple[str, ...]] = {
    "person_id": ("assessee id", "subject id", "ratee id", *_PERSON),
    "competency": ("competency", "competency key", "competency name", "skill", "skill name",
                   "competence"),
    "proficiency": ("proficiency", "proficiency level", "assessed level", "score", "rating",
                    "level", "step"),
    "source": ("source", "rater type", "assessor type", "reviewer type", "assessment type",
               "relationship", "perspective"),
    "date": _DATES,
    "assessor_id": ("assessor id", "reviewer id", "rater id", "evaluator id", "assessor",
                    "reviewer", "rater"),
}  # fmt: skip

_MEMBER = {
    "person_id": ("member id", *_PERSON, "member"),
    "start": ("start date", "start", "joined", "joined on", "from", "since"),
    "end": ("end date", "end", "left", "left on", "until", "to"),
}
_WORKGROUPS: dict[str, tuple[str, ...]] = {
    "workgroup_id": ("workgroup id", "work group id", "group id", "committee id", "forum id",
                     "workgroup key"),
    "name": ("workgroup name", "workgroup", "work group", "group name", "group", "committee",
             "name"),
    "cross_functional": ("cross functional", "cross function", "is cross functional"),
    **_MEMBER,
}  # fmt: skip
_PROJECTS: dict[str, tuple[str, ...]] = {
    "project_id": ("project id", "project code", "project number", "project key"),
    "name": ("project name", "project", "name", "title"),
    "visibility": ("visibility", "project visibility", "profile", "visibility grade"),
    "role": ("role", "project role", "assignment role", "member role"),
    **_MEMBER,
}  # fmt: skip
_DEVELOPMENT: dict[str, tuple[str, ...]] = {
    "person_id": ("mentee id", "coachee id", "learner id", "participant id", *_PERSON),
    "kind": ("kind", "type", "development type", "activity type", "activity", "programme type"),
    "partner_id": ("partner id", "mentor id", "coach id", "mentor", "coach", "partner"),
    "course_id": ("course id", "course code", "training id", "learning item id", "course key"),
    "course_name": ("course name", "course title", "course", "training name", "training",
                    "learning item"),
    "competencies": ("competencies", "course competencies", "skills", "develops", "competency"),
    "hours": ("hours", "course hours", "duration hours", "duration"),
    "start": ("start date", "start", "from", "enrolled on", "began"),
    "end": ("end date", "end", "until", "completed on", "completion date", "finished"),
    "status": ("status", "completion status", "state"),
}  # fmt: skip

FIELDS: Mapping[str, Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        "people": _PEOPLE,
        "assessments": _ASSESSMENTS,
        "workgroups": _WORKGROUPS,
        "projects": _PROJECTS,
        "development": _DEVELOPMENT,
    }
)

# Fields a file must have (one of each inner tuple); people need a level or track + band.
REQUIRED: Mapping[str, tuple[tuple[str, ...], ...]] = MappingProxyType(
    {
        "people": (("person_id",),),
        "assessments": (("person_id",), ("competency",), ("proficiency",), ("source",), ("date",)),
        "workgroups": (("workgroup_id", "name"),),
        "projects": (("project_id", "name"),),
        "development": (("person_id", "course_id", "course_name"),),
    }
)

# header (as header_key) -> defaults it implies for other fields
IMPLIES: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        "monthlysalary": {"period": "month"},
        "monthlybasesalary": {"period": "month"},
        "monthlyincome": {"period": "month"},
        "monthlypay": {"period": "month"},
        "hourlyrate": {"period": "hour"},
        "hourlypayrate": {"period": "hour"},
        "hourlywage": {"period": "hour"},
        "wage": {"period": "hour"},
        "annualsalary": {"period": "year"},
        "annualbasesalary": {"period": "year"},
        "annualbasepay": {"period": "year"},
    }
)

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def header_key(header: str) -> str:
    """A header as compared: lower case, letters and digits only (``FTE %`` → ``fte``)."""
    return _NOT_ALNUM.sub("", header.lower())
