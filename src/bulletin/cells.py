"""A sheet's rows as records, each distinct cell validated once.

An activity sheet of 100,000 rows holds a few hundred distinct dates,
districts, awards and counts. Validating each row whole with pydantic was
most of what `check` spent on such a sheet; here each distinct cell of a
column is stripped and validated once, through its field's own type, and a
row whose every cell is valid becomes the record `schema.validate` would
have made from it. A row with any INVALID cell is left to `schema.validate`
itself, so its messages stay word for word the same.
"""

from __future__ import annotations

from itertools import repeat
from typing import Any, Generic, Sequence

from pydantic import ValidationError

from .schema import R, construct, field_adapter, known_keys

# What `Cells.column` gives for an empty cell, and for one the schema refuses
# (or an empty one the schema requires).
ABSENT, INVALID = object(), object()


class Cells(Generic[R]):
    """The cells of rows of one record type, validated and remembered by column and text."""

    def __init__(self, model: type[R]):
        self.model = model
        required = {n for n in known_keys(model) if model.model_fields[n].is_required()}
        self._empty = {column: INVALID if column in required else ABSENT for column in known_keys(model)}
        # column -> cell as read -> its valid value, ABSENT or INVALID
        self._seen: dict[str, dict[str | None, Any]] = {column: {} for column in known_keys(model)}

    def column(self, column: str, cells: Sequence[str | None]) -> list[Any]:
        """Each cell's value for the column, from its text as read (or None): stripped
        and validated once per distinct cell."""
        seen = self._seen[column]
        new = list(set(cells).difference(seen))
        seen.update(zip(new, self._validate(column, ["" if cell is None else cell.strip() for cell in new])))
        return [seen[cell] for cell in cells]

    def record(self, values: dict[str, Any]) -> R:
        """The record of a row's values (none ABSENT or INVALID) and of the fields its
        loader fills in: the one `schema.validate` and `model_copy` make from the row."""
        return construct(self.model, values, set(values))

    def _validate(self, column: str, texts: list[str]) -> list[Any]:
        """Each text's value, ABSENT or INVALID; all in one call while none is wrong
        (a column of ids is 100,000 distinct texts)."""
        given = [text for text in texts if text]
        try:
            valid = iter(field_adapter(self.model, column, many=True).validate_python(given))
        except ValidationError:
            valid = map(self._one, repeat(column), given)
        return [next(valid) if text else self._empty[column] for text in texts]

    def _one(self, column: str, text: str) -> Any:
        try:
            return field_adapter(self.model, column).validate_python(text)
        except ValidationError:
            return INVALID
