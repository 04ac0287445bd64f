"""Errors the mapping package raises.

AimsgraphError
├── ModelLoadError             the embedding model cannot be loaded (name, path, offline)
├── VectorIndexError           the vector index on disk is unreadable or of another shape
├── ReferenceMissingError      no requirements in the graph (``init`` has not run)
├── StatementDataError         a bundled evidence-statements file is malformed (packaging)
└── InputError
    ├── UnknownStandardError   a standard other than iso42001, iso27001, euaiact
    ├── UnknownRequirementError  a notation that is not in the standard
    ├── BatchInputError        a bad line in a ``match --jsonl`` batch (names the line)
    └── SoaRowError            a Statement of Applicability row refused (names the field)
"""

from __future__ import annotations

from ontology.errors import AimsgraphError, InputError


class ModelLoadError(AimsgraphError):
    """The sentence-transformers model could not be loaded."""

    code = "model_load_failed"
    status = 500


class VectorIndexError(AimsgraphError):
    """The vector index files are damaged or were built for another vector size."""

    code = "vector_index_error"
    status = 500


class ReferenceMissingError(AimsgraphError):
    """The graph holds no reference data for the standard asked about."""

    code = "reference_missing"
    status = 409


class StatementDataError(AimsgraphError):
    """A bundled evidence-statements file (mapping/retrieval/statement_data) is malformed."""

    code = "statement_data_error"
    status = 500


class UnknownStandardError(InputError):
    """A standard name that aimsgraph does not know."""

    code = "unknown_standard"


class UnknownRequirementError(InputError):
    """A notation that names no requirement of the standard."""

    code = "unknown_requirement"
    status = 404


class BatchInputError(InputError):
    """One line of a JSON-lines batch is not a usable ``{"id", "text"}`` object."""

    code = "bad_batch_line"

    def __init__(self, line_number: int, problem: str) -> None:
        super().__init__(
            f"line {line_number} of the batch input: {problem}",
            hint='each line must be a JSON object like {"id": "x1", "text": "..."}',
        )
        self.line_number = line_number


class SoaRowError(InputError):
    """A Statement of Applicability row that cannot be set as given; ``field`` names the
    field at fault (``justification`` or ``implementation_status``) for a form to mark."""

    code = "soa_row_refused"

    def __init__(self, message: str, *, field: str, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.field = field
