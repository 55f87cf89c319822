"""Settings as an IT department sets them: secrets from files (container and systemd credentials), a database
password with any characters, and the app reading forwarded client addresses behind the compose proxy."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import make_url

from profiling.settings import Settings


def test_secrets_come_from_the_files_named_by_the_file_variables(tmp_path, monkeypatch):
    (tmp_path / "key").write_text("k" * 40 + "\n")
    (tmp_path / "url").write_text("postgresql+psycopg://profilsamtale@db/profilsamtale\n")
    monkeypatch.setenv("PROFILING_SECRET_KEY_FILE", str(tmp_path / "key"))
    monkeypatch.setenv("PROFILING_DATABASE_URL_FILE", str(tmp_path / "url"))
    monkeypatch.delenv("PROFILING_SECRET_KEY", raising=False)
    monkeypatch.delenv("PROFILING_DATABASE_URL", raising=False)
    settings = Settings()
    assert settings.secret_key == "k" * 40  # without the line end
    assert settings.effective_database_url == "postgresql+psycopg://profilsamtale@db/profilsamtale"


def test_a_value_set_directly_wins_over_its_file(tmp_path, monkeypatch):
    (tmp_path / "key").write_text("from the file")
    monkeypatch.setenv("PROFILING_SECRET_KEY_FILE", str(tmp_path / "key"))
    monkeypatch.setenv("PROFILING_SECRET_KEY", "from the environment")
    assert Settings().secret_key == "from the environment"


def test_a_missing_secret_file_is_a_setting_error_that_names_the_variable(tmp_path, monkeypatch):
    monkeypatch.setenv("PROFILING_SECRET_KEY_FILE", str(tmp_path / "nowhere"))
    monkeypatch.delenv("PROFILING_SECRET_KEY", raising=False)
    with pytest.raises(ValueError, match="PROFILING_SECRET_KEY_FILE: cannot read"):
        Settings()


@pytest.mark.parametrize("password", ["p@ss/w:rd%", "æ ø#å?&=", "plain"])
def test_a_database_password_with_any_characters_is_escaped_into_the_url(monkeypatch, password):
    monkeypatch.setenv("PROFILING_DATABASE_URL", "postgresql+psycopg://profilsamtale@db:5432/profilsamtale")
    monkeypatch.setenv("PROFILING_DATABASE_PASSWORD", password)
    url = make_url(Settings().effective_database_url)
    assert (url.username, url.password, url.host, url.port, url.database) == ("profilsamtale", password, "db", 5432, "profilsamtale")


def test_the_log_level_and_json_format_come_from_the_settings(capsys):
    import json
    import logging

    from profiling import logs

    logs.configure(Settings(log_level="WARNING", log_format="json"))
    log = logging.getLogger("profiling.test")
    log.info("not shown at WARNING")
    log.warning("incident %s", "ab12cd34")
    lines = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    (entry,) = [json.loads(line) for line in lines]
    assert (entry["level"], entry["logger"], entry["message"]) == ("WARNING", "profiling.test", "incident ab12cd34")
    logs.configure(Settings())  # back to text at INFO for the other tests
    logging.getLogger("profiling.test").info("plain")
    assert capsys.readouterr().err.rstrip().endswith("INFO profiling.test: plain")
