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


class LocalizedText(DataModel):
    """One text in Danish and English; both are required."""

    da: NonEmptyText = Field(description="Danish text (the default language).")
    en: NonEmptyText = Field(description="English text.")

    def in_language(self, language: Language) -> str:
        """The text in `language`."""
        return self.da if language == "da" else self.en
