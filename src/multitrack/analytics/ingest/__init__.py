"""Import HRIS exports (CSV, XLSX) into the analytics frames, every row checked.

Pure Python and polars, no Django: the web application stores what :func:`ingest` returns
and the CLI prints its problems. ``docs/import.md`` describes the file formats, the mapping
file and every rule.
"""

from multitrack.analytics.ingest.changes import people_changes
from multitrack.analytics.ingest.importer import ingest
from multitrack.analytics.ingest.mapping import ColumnMapping, MappingError
from multitrack.analytics.ingest.result import IngestResult, RowProblem

__all__ = [
    "ColumnMapping",
    "IngestResult",
    "MappingError",
    "RowProblem",
    "ingest",
    "people_changes",
]
