"""Configuration, read from PROFILING_* environment variables (and a .env file) with pydantic-settings."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def default_data_dir() -> Path:
    """Where the embedded database lives: ~/.local/share/profilsamtale (XDG_DATA_HOME respected)."""
    import os

    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "profilsamtale"


class Settings(BaseSettings):
    """Every setting of the application; environment variables are PROFILING_<NAME>."""

    model_config = SettingsConfigDict(env_prefix="PROFILING_", env_file=".env", extra="ignore")

    questionnaires_dir: Path = Field(
        PROJECT_ROOT / "questionnaires", description="Folder with the framework and guide YAML files."
    )
    data_dir: Path = Field(default_factory=default_data_dir, description="Folder of the embedded SQLite database.")
    database_url: str | None = Field(
        None, description="SQLAlchemy URL of the database; default: SQLite in data_dir."
    )

    @property
    def effective_database_url(self) -> str:
        """The configured database URL, or the embedded SQLite file."""
        return self.database_url or f"sqlite:///{self.data_dir / 'profilsamtale.db'}"
