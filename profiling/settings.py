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
    secret_key: str | None = Field(
        None,
        description="Key that signs the sign-in cookie; default: a random key kept in data_dir/secret.key. "
        "Set it when several app servers share one database.",
    )
    session_idle_minutes: int = Field(30, ge=1, description="Sign out after this long without activity.")
    session_max_hours: int = Field(12, ge=1, description="A sign-in lasts at most this long.")
    secure_cookie: bool = Field(False, description="Send the sign-in cookie over HTTPS only (set it behind HTTPS).")
    demo_allowed: bool | None = Field(
        None, description="Offer demo data on an empty database; default: on SQLite, not on PostgreSQL."
    )
    sso_role_claim: str = Field("roles", description="ID-token claim that carries app roles (single sign-on).")

    @property
    def demo_offered(self) -> bool:
        """Whether an empty database offers the fictitious demo data (by default only on SQLite)."""
        if self.demo_allowed is not None:
            return self.demo_allowed
        return self.effective_database_url.startswith("sqlite")

    def signing_key(self) -> bytes:
        """The cookie-signing key: configured, or created once in the data folder (readable by the owner only)."""
        if self.secret_key:
            return self.secret_key.encode()
        path = self.data_dir / "secret.key"
        if not path.exists():
            import secrets

            self.data_dir.mkdir(parents=True, exist_ok=True)
            path.touch(mode=0o600)
            path.write_text(secrets.token_urlsafe(48))
        return path.read_text().strip().encode()

    @property
    def effective_database_url(self) -> str:
        """The configured database URL, or the embedded SQLite file."""
        return self.database_url or f"sqlite:///{self.data_dir / 'profilsamtale.db'}"
