from ninja import Field, Schema


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
