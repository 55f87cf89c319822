"""Configuration, read from PROFILING_* environment variables (and a .env file) with pydantic-settings."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# The questionnaires shipped with the package: `profiling/_questionnaires` links to the top-level questionnaires/
# folder in a checkout and is a copy of it in an installed package (package data), so the app and the command
# line read the same files however the package was installed.
SHIPPED_QUESTIONNAIRES = (Path(__file__).parent / "_questionnaires").resolve()


def default_data_dir() -> Path:
    """Where the embedded database lives: ~/.local/share/profilsamtale (XDG_DATA_HOME respected)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "profilsamtale"


# Settings that may come from a file instead (PROFILING_<NAME>_FILE, e.g. a Docker or systemd credential): the
# file's content, without the line end, is the value.
SECRETS = ("secret_key", "database_url", "database_password", "smtp_password")


class Settings(BaseSettings):
    """Every setting of the application; environment variables are PROFILING_<NAME>, and the secrets may be read
    from a file named by PROFILING_<NAME>_FILE."""

    model_config = SettingsConfigDict(env_prefix="PROFILING_", env_file=".env", extra="ignore")

    @model_validator(mode="before")
    @classmethod
    def _secrets_from_files(cls, values: Any) -> Any:
        if not isinstance(values, dict):
            return values
        for name in SECRETS:
            path = os.environ.get(f"PROFILING_{name.upper()}_FILE")
            if path and values.get(name) is None:
                try:
                    values[name] = Path(path).read_text(encoding="utf-8").rstrip("\r\n")
                except OSError as error:
                    raise ValueError(f"PROFILING_{name.upper()}_FILE: cannot read {path} ({error.strerror})") from None
        return values

    questionnaires_dir: Path = Field(
        SHIPPED_QUESTIONNAIRES, description="Folder with the framework and guide YAML files."
    )
    data_dir: Path = Field(default_factory=default_data_dir, description="Folder of the embedded SQLite database.")
    database_url: str | None = Field(
        None, description="SQLAlchemy URL of the database; default: SQLite in data_dir."
    )
    database_password: str | None = Field(
        None, description="The database password, kept out of the URL (any characters: it is escaped into it)."
    )
    secret_key: str | None = Field(
        None,
        description="Key that signs the sign-in cookie; default: a random key kept in data_dir/secret.key. "
        "Set it when several app servers share one database.",
    )
    session_idle_minutes: int = Field(30, ge=1, description="Sign out after this long without activity.")
    session_max_hours: int = Field(12, ge=1, description="A sign-in lasts at most this long.")
    password_hashing: Literal["owasp", "rfc9106"] = Field(
        "owasp", description="The cost of a password's argon2id hash: owasp (19 MiB, 2 passes, 1 lane: OWASP's recommended "
        "minimum) or rfc9106 (64 MiB, 3 passes, 4 lanes: RFC 9106's second recommendation, about six times the CPU)."
    )
    secure_cookie: bool = Field(False, description="Send the sign-in cookie over HTTPS only (set it behind HTTPS).")
    demo_allowed: bool | None = Field(
        None, description="Offer demo data on an empty database; default: on SQLite, not on PostgreSQL."
    )
    sso_role_claim: str = Field("roles", description="ID-token claim that carries app roles (single sign-on).")
    base_url: str = Field(
        "http://localhost:8501", description="The address users open the app at: links in mails point there."
    )
    smtp_host: str | None = Field(None, description="The mail server; no mail is sent without it (it waits in the outbox).")
    smtp_port: int = Field(587, ge=1, le=65535, description="The mail server's port (587 with STARTTLS, 465 with TLS).")
    smtp_security: Literal["starttls", "tls", "none"] = Field(
        "starttls", description="starttls (port 587), tls (port 465) or none (a relay on the local network only)."
    )
    smtp_user: str | None = Field(None, description="User name at the mail server, if it asks for one.")
    smtp_password: str | None = Field(None, description="Password at the mail server (or PROFILING_SMTP_PASSWORD_FILE).")
    mail_sender: str = Field("profilsamtale@localhost", description="The sender of the app's mails (From).")
    organisation_name: str = Field("", description="The public body using the app (named in the accessibility statement).")
    accessibility_contact: str = Field(
        "", description="Where users report an accessibility problem (an e-mail address or web page), in the statement."
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field("INFO", description="The app's log level.")
    log_format: Literal["text", "json"] = Field("text", description="text, or json: one JSON object per line.")

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
        """The configured database URL (with database_password escaped into it), or the embedded SQLite file."""
        if not self.database_url:
            return f"sqlite:///{self.data_dir / 'profilsamtale.db'}"
        if self.database_password is None:
            return self.database_url
        from sqlalchemy.engine import make_url

        return make_url(self.database_url).set(password=self.database_password).render_as_string(hide_password=False)
