"""Text in both languages of the product: Danish (the default) and English."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Language = Literal["da", "en"]
LANGUAGES: tuple[Language, ...] = ("da", "en")

NonEmptyText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class DataModel(BaseModel):
    """Base of every model read from a data file: unknown keys are errors, values never change."""

    model_config = ConfigDict(extra="forbid", frozen=True)


LOCAL = "local"
Source = Annotated[
    str,
    StringConstraints(pattern=r"^(local|\d{3}_[0-9a-f]{16}\.txt)$"),
    Field(description="The seed document a text comes from (its file name), or 'local' for a local addition."),
]


class LocalizedText(DataModel):
    """One text in Danish and English; both are required."""

    da: NonEmptyText = Field(description="Danish text (the default language).")
    en: NonEmptyText = Field(description="English text.")
    source: Source | None = Field(
        None, description="Where the text comes from, where it differs from its item's: a seed file, or 'local'."
    )

    def in_language(self, language: Language) -> str:
        """The text in `language`."""
        return self.da if language == "da" else self.en
