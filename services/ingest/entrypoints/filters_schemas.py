"""Create/Update/Read schemas of postmaster filters; patterns are checked when they are saved."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from services.ingest.domain.filters import compile_pattern


class MatchSchema(BaseModel):
    model_config = ConfigDict(extra="forbid")

    field: str = Field(
        min_length=1, max_length=200, description="A header name (any), or 'body' for the text body.", examples=["From"]
    )
    pattern: str = Field(min_length=1, max_length=2000, description="Regular expression, case-insensitive.")
    negate: bool = Field(default=False, description="Match when the pattern does NOT match.")

    @field_validator("pattern")
    @classmethod
    def compiles(cls, pattern: str) -> str:
        try:
            compile_pattern(pattern)
        except Exception as exc:  # regex.error, or a pattern too complex to compile
            raise ValueError(f"not a valid regular expression: {exc}") from exc
        return pattern


class ActionsSchema(BaseModel):
    model_config = ConfigDict(extra="forbid")

    queue: str | None = Field(default=None, max_length=200)
    priority: int | None = Field(default=None, ge=1, le=5)
    state: str | None = Field(default=None, max_length=200)
    type: str | None = Field(default=None, max_length=200)
    title: str | None = Field(default=None, max_length=255)
    customer: str | None = Field(default=None, max_length=255)
    owner: str | None = Field(default=None, max_length=255)
    tags: list[str] = Field(default=[], max_length=50)
    ignore: bool = Field(default=False, description="Keep the message, but do not announce it (status 'ignored').")


class FilterCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    position: int = Field(default=0, ge=-1_000_000, le=1_000_000, description="Filters run in ascending position.")
    enabled: bool = True
    matches: list[MatchSchema] = Field(min_length=1, max_length=50, description="All must match.")
    actions: ActionsSchema
    stop: bool = Field(default=False, description="No later filter runs after this one matched.")


class FilterUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=200)
    position: int | None = Field(default=None, ge=-1_000_000, le=1_000_000)
    enabled: bool | None = None
    matches: list[MatchSchema] | None = Field(default=None, min_length=1, max_length=50)
    actions: ActionsSchema | None = None
    stop: bool | None = None


class FilterRead(FilterCreate):
    id: int
