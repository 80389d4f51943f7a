"""The one exception type for problems a user can cause (bad files, bad maps, bad settings)."""

from __future__ import annotations


class JourneymapError(Exception):
    """A problem in the user's input, with where it is: file, row and field when known."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        row: int | None = None,
        field: str | None = None,
    ) -> None:
        self.file, self.row, self.field = file, row, field
        where = ", ".join(
            part
            for part in (
                f"file {file}" if file else "",
                f"row {row}" if row is not None else "",
                f"field {field!r}" if field else "",
            )
            if part
        )
        super().__init__(f"{where}: {message}" if where else message)


def invalid_input(exc: Exception, file: str,
                  hidden: frozenset[str] = frozenset()) -> JourneymapError:
    """The first problem of a pydantic ValidationError, as a JourneymapError naming the file and
    the dotted path to the bad field (`hidden` path parts, such as union tags, left out)."""
    error = exc.errors()[0]  # type: ignore[attr-defined]
    field = ".".join(str(p) for p in error["loc"]
                     if str(p) not in hidden and not str(p).startswith("function-"))
    return JourneymapError(error["msg"], file=file, field=field or None)
