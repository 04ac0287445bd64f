"""The aimsgraph error hierarchy.

Every error a user can cause carries a message that names the problem and a ``hint`` that
says what to do. Faces (CLI, API, UI) translate these once, at the edge.

    AimsgraphError
    ├── StoreError                 the graph store cannot do what was asked
    │   ├── StoreLockedError       another process owns the embedded store
    │   ├── StoreUnreachableError  a remote SPARQL endpoint cannot be reached
    │   └── StoreTimeoutError      a remote SPARQL endpoint gave no answer in time
    ├── QueryError                 malformed SPARQL (message carries line and column)
    │   ├── ReadOnlyQueryError     update, LOAD or SERVICE where only reads are allowed
    │   └── QueryTooComplexError   a query over the size or nesting limit, refused unparsed
    ├── NotFoundError              an unknown notation, document, link ...
    ├── ConflictError              a concurrent change won (e.g. two reviewers, one link)
    └── InputError                 any other bad input (ingest and mapping subclass it)
        └── RegisterInputError     bad AI-system fields or inventory rows (names row and field)

Lower layers add their own subclasses (``ingest.errors``, ``mapping.errors``) under
``InputError`` or ``AimsgraphError``.
"""

from __future__ import annotations


class AimsgraphError(Exception):
    """Base of every error aimsgraph raises on purpose."""

    code = "error"
    status = 400

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message} ({self.hint})"


class StoreError(AimsgraphError):
    code = "store_error"
    status = 503


class StoreLockedError(StoreError):
    code = "store_locked"
    status = 503


class StoreUnreachableError(StoreError):
    code = "store_unreachable"
    status = 503


class StoreTimeoutError(StoreError):
    code = "store_timeout"
    status = 504


class QueryError(AimsgraphError):
    code = "bad_query"
    status = 400


class ReadOnlyQueryError(QueryError):
    code = "read_only"
    status = 400


class QueryTooComplexError(QueryError):
    code = "query_too_complex"
    status = 400


class NotFoundError(AimsgraphError):
    code = "not_found"
    status = 404

    def __init__(
        self, message: str, *, hint: str | None = None, suggestions: list[str] | None = None
    ) -> None:
        self.suggestions = list(suggestions or [])
        if self.suggestions and hint is None:
            hint = "did you mean " + ", ".join(self.suggestions) + "?"
        super().__init__(message, hint=hint)


class ConflictError(AimsgraphError):
    code = "conflict"
    status = 409


class InputError(AimsgraphError):
    code = "bad_input"
    status = 422


class RegisterInputError(InputError):
    """Bad AI-system data: each problem names the row (1 = first data row), field and fix.

    ``problems`` is a list of ``{"row", "field", "message"}``; nothing was written.
    """

    code = "bad_register_input"

    def __init__(self, problems: list[dict[str, object]], *, hint: str | None = None) -> None:
        self.problems = problems
        first = problems[0]
        where = f"row {first['row']}: " if first.get("row") else ""
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(
            f"{where}{first['field']}: {first['message']}{more}",
            hint=hint or "fix the named rows and fields; nothing was written",
        )
