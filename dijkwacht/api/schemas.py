from typing import Annotated

from ninja import Field, Schema
from pydantic import AfterValidator, ConfigDict


def _without_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("Tekst mag geen NUL-teken bevatten.")
    return value


# Text a caller sends to be stored: PostgreSQL stores no NUL character, so it is refused as bad
# input (400) instead of failing the write.
Text = Annotated[str, AfterValidator(_without_nul)]
# A reference to a row by its number: within what the database can compare.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]


class Problem(Schema):
    """RFC 9457 problem details, as every error of this API is answered."""

    type: str = Field("about:blank", description="URI van het soort probleem.")
    title: str = Field(..., description="Korte samenvatting van het probleem.")
    status: int = Field(..., description="De HTTP-statuscode.")
    detail: str | None = Field(None, description="Uitleg bij dit geval.")
    instance: str | None = Field(None, description="Het pad van het verzoek.")


class InvalidParam(Schema):
    name: str
    reason: str


class ValidationProblem(Problem):
    invalidParams: list[InvalidParam] = Field(
        default_factory=list, description="Per parameter wat er niet klopt."
    )


# Error responses every authenticated list endpoint can give.
LIST_ERRORS: dict[int, type[Schema]] = {400: ValidationProblem, 401: Problem}

# Error responses of a write by a platform admin or a coordinator: 403 for anyone else, 404 for
# an object they do not see, 422 for input the rules refuse (per field).
WRITE_ERRORS: dict[int, type[Schema]] = {
    400: ValidationProblem,
    401: Problem,
    403: Problem,
    404: Problem,
    422: ValidationProblem,
}

# A create without an object in its path: no 404.
CREATE_ERRORS: dict[int, type[Schema]] = {k: v for k, v in WRITE_ERRORS.items() if k != 404}


class Strict(Schema):
    """A body that names only fields the operation knows: anything else is a 400, not quietly
    ignored (a PATCH that seemed to change something and changed nothing)."""

    model_config = ConfigDict(extra="forbid")
