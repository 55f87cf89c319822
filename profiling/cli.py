"""The `profiling` command: a thin typer adapter over the catalog, scoring and (later) services."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Annotated, Any

import typer
import typer.core

from profiling.catalog import load_catalog
from profiling.reads import directory
from profiling.schema import write_schemas
from profiling.scorecard_file import ScorecardInputError, score_files
from profiling.settings import Settings


def _plain_arguments() -> None:
    """Arguments in the help as click writes them (FILE, [PATH]...), without typer's type markers ("FILE <path>")
    and braces ("{FILE}"): a test reads every command's help."""
    argument = getattr(typer.core, "TyperArgument", None)
    if argument is None or not hasattr(argument, "_usage_display_name"):
        return

    def usage_name(self: Any) -> str:
        if self.metavar:
            return str(self.metavar)
        return (self.display_name_raw if self.required else f"[{self.display_name_raw}]") + ("..." if self.nargs != 1 else "")

    argument.display_type_rich = lambda self, ctx: None
    argument._usage_display_name = usage_name


_plain_arguments()

# Plain help (no boxes, no "<bool>" markers), as wide as the terminal - or 120 columns when piped or in a log.
PLAIN_HELP: dict[str, Any] = {
    "rich_markup_mode": None,
    "context_settings": {"max_content_width": 120, "terminal_width": shutil.get_terminal_size((120, 24)).columns},
}

app = typer.Typer(
    help="Profilsamtale: structured profiling conversations against a competence profile.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    **PLAIN_HELP,
)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            typer.echo(f"profilsamtale {version('profilsamtale')}")
        except PackageNotFoundError:
            typer.echo("profilsamtale (not installed)")
        raise typer.Exit()


@app.callback()
def _options(
    show_version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and stop.")
    ] = False,
) -> None:
    """Profilsamtale: structured profiling conversations against a competence profile."""


def _fail(message: str) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(1)


def _usage(message: str) -> typer.Exit:
    """Bad usage (exit status 2, as for an unknown option): scheduled jobs tell it from a refused import."""
    typer.echo(message, err=True)
    return typer.Exit(2)


@app.command()
def validate(
    paths: Annotated[list[Path] | None, typer.Argument(metavar="[PATH]...", help="Files or folders (default: questionnaires/).")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Treat warnings (e.g. lawfulness) as errors.")] = False,
) -> None:
    """Check questionnaire files; print every problem and warning as `file: location: message`.

    Warnings name texts that touch subjects a public employer may not ask about (health, family plans,
    religion, origin, age, union membership, ...); they fail the run only with --strict.
    """
    settings = Settings()
    targets = paths or [settings.questionnaires_dir]
    reference = load_catalog([settings.questionnaires_dir]).frameworks.values() if paths else ()
    catalog = load_catalog(targets, reference_frameworks=reference)
    for problem in [*catalog.problems, *catalog.warnings]:
        typer.echo(str(problem))
    if catalog.problems or (strict and catalog.warnings):
        raise _fail(f"{len(catalog.problems)} problem(s), {len(catalog.warnings)} warning(s) found.")
    warned = f", {len(catalog.warnings)} warning(s)" if catalog.warnings else ""
    typer.echo(f"OK: {len(catalog.frameworks)} framework(s), {len(catalog.guides)} guide(s){warned}.")


@app.command()
def score(
    files: Annotated[list[Path], typer.Argument(metavar="FILE...", help="Scorecard JSON files of one person.")],
) -> None:
    """Score scorecards (JSON) and print the scored profile as JSON."""
    catalog = load_catalog([Settings().questionnaires_dir])
    try:
        document = score_files(files, catalog)
    except ScorecardInputError as error:
        raise _fail(str(error)) from None
    typer.echo(json.dumps(document, indent=2, ensure_ascii=False))


@app.command()
def compare(
    files: Annotated[list[Path], typer.Argument(metavar="FILE...", help="Scorecard JSON files of several candidates of one round.")],
    min_coverage: Annotated[
        float, typer.Option(metavar="SHARE", help="Candidates assessed on less of the target's weight are listed unranked (0-1).")
    ] = 0.8,
) -> None:
    """Rank a round's candidates and print agreement, disagreements and rater calibration as JSON."""
    from profiling.scorecard_file import compare_files

    catalog = load_catalog([Settings().questionnaires_dir])
    try:
        document = compare_files(files, catalog, min_coverage)
    except ScorecardInputError as error:
        raise _fail(str(error)) from None
    typer.echo(json.dumps(document, indent=2, ensure_ascii=False))


@app.command()
def schema(
    folder: Annotated[Path | None, typer.Argument(metavar="[FOLDER]", help="Where to write (default: questionnaires/schema).")] = None,
) -> None:
    """Write the JSON Schema of framework and guide files, for editors."""
    for path in write_schemas(folder or Settings().questionnaires_dir / "schema"):
        typer.echo(f"wrote {path}")


db_app = typer.Typer(help="Database schema (Alembic migrations).", no_args_is_help=True, **PLAIN_HELP)
app.add_typer(db_app, name="db")


def _engine():  # type: ignore[no-untyped-def]
    """The database engine of the command's application (not migrated: `db` commands decide that)."""
    from profiling import bootstrap

    return bootstrap.application().engine


@db_app.command("upgrade")
def db_upgrade(revision: Annotated[str, typer.Argument(metavar="[REVISION]", help="Target revision (default: head).")] = "head") -> None:
    """Apply migrations (the app does this on start too)."""
    from profiling.persistence.database import current_revision, known_revisions, upgrade

    if revision != "head" and revision not in known_revisions():
        raise _fail(f"unknown revision '{revision}'; known: head, {', '.join(sorted(known_revisions()))}")
    engine = _engine()
    upgrade(engine, revision)
    typer.echo(f"Database at revision {current_revision(engine)}: {engine.url.render_as_string(hide_password=True)}")


@db_app.command("downgrade")
def db_downgrade(
    revision: Annotated[str, typer.Argument(metavar="REVISION", help="Target revision ('base' empties the schema).")],
    yes: Annotated[bool, typer.Option("--yes", help="Confirm that the data the reverted revisions hold is lost.")] = False,
) -> None:
    """Revert migrations down to REVISION; refused without --yes when data would be lost (it says which)."""
    from profiling.persistence.database import current_revision, downgrade, known_revisions, losses_of_downgrade

    if revision != "base" and revision not in known_revisions():
        raise _fail(f"unknown revision '{revision}'; known: base, {', '.join(sorted(known_revisions()))}")
    engine = _engine()
    lost = losses_of_downgrade(engine, revision)
    if lost and not yes:
        typer.echo(f"Going down to {revision} deletes for good:", err=True)
        for item in lost:
            typer.echo(f"  - {item}", err=True)
        raise _fail("Take a backup first (`profiling backup`), then run again with --yes.")
    downgrade(engine, revision)
    typer.echo(f"Database at revision {current_revision(engine) or 'base'}.")


@db_app.command("current")
def db_current() -> None:
    """Show the revision the database is at, and whether it is the newest."""
    from profiling.persistence.database import current_revision, head_revision

    engine = _engine()
    current, head = current_revision(engine), head_revision()
    typer.echo(f"current: {current or 'base'}; newest: {head}" + ("" if current == head else " (run `profiling db upgrade`)"))


@app.command()
def demo(
    scale: Annotated[str, typer.Option(metavar="small|large", help="'small': Eksempelby Kommune; 'large': a whole municipality.")] = "small",
    seed: Annotated[int, typer.Option(metavar="N", help="Random seed: the same seed gives the same data.")] = 2026,
) -> None:
    """Load fictitious demo data into an empty database."""
    from profiling import bootstrap
    from profiling.demo import large, municipality

    if scale not in ("small", "large"):
        raise _fail("--scale must be 'small' or 'large'")
    application = bootstrap.application()
    if not application.settings.demo_offered and scale == "small":
        raise _fail("demo data is off for this database (PROFILING_DEMO_ALLOWED)")
    application.migrate()
    catalog = application.catalog
    with application.unit_of_work() as uow:
        if not directory.is_empty(uow):
            raise _fail("The database already holds people; demo data goes only into an empty database.")
        if scale == "small":
            summary = municipality.build_demo(uow, catalog, seed)
        else:
            summary = large.load_large(uow, catalog, seed, progress=lambda text: typer.echo(text, err=True))
    typer.echo(
        f"Loaded {summary.people} fictitious people, {summary.users} users, "
        f"{summary.interviews} scorecards and {summary.ratings} ratings."
    )


import_app = typer.Typer(help="Bring data in from other systems.", no_args_is_help=True, **PLAIN_HELP)
app.add_typer(import_app, name="import")


@import_app.command("people")
def import_people(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="CSV or Excel export of the HR or payroll system (see the template).")],
    admin: Annotated[str, typer.Option(metavar="EMAIL", help="E-mail of the administrator the import is done (and audited) as.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would change; write nothing.")] = False,
    valid_rows: Annotated[bool, typer.Option("--valid-rows", help="Import the valid rows even when other rows are in error.")] = False,
    deactivate_missing: Annotated[
        bool, typer.Option("--deactivate-missing", help="Mark imported people the file no longer has as having left and "
                           "deactivate their accounts (never deletes).")
    ] = False,
    confirm_deactivate: Annotated[
        int | None, typer.Option(metavar="N", help="Confirm that N people leave, when that is more than 10 % of those here.")
    ] = None,
    mapping_file: Annotated[Path | None, typer.Option(
        "--mapping", metavar="FILE", help="Which column is which: YAML or JSON pairs of field: the file's header "
        "(e.g. employee_number: Medarb.nr. / first_name: Fornavn / team: Afdeling); the fields are in README.md.",
    )] = None,
    match_without_leading_zeros: Annotated[bool, typer.Option(
        "--match-without-leading-zeros",
        help="Read an employee number that lost its leading zeros in Excel (10009) as the known one (010009).",
    )] = False,
) -> None:
    """Import people and teams from a spreadsheet: new, changed, unchanged and rows in error (with the row and the
    reason) and who is no longer in the file, then - unless --dry-run - everything in one transaction.

    Exit status: 0 imported (with --valid-rows also when other rows were in error); 1 nothing imported (rows in
    error, or more than 10 % would leave without --confirm-deactivate); 2 bad usage (no such file, not an
    administrator, an unknown option)."""
    from profiling.i18n import translate
    from profiling.services import people_import
    from profiling.services.errors import AccessDenied, InvalidInput, NotAllowedNow

    if not file.is_file():
        raise _usage(f"{file}: no such file")
    data = file.read_bytes()
    mapping = _mapping(mapping_file) if mapping_file is not None else None
    units = _units()
    actor = _administrator(units, admin)
    try:
        with units() as uow:
            preview = people_import.preview_import(actor, uow, data, file.name, zeros_confirmed=match_without_leading_zeros,
                                                   mapping=mapping)
    except InvalidInput as error:
        raise _fail(translate(error.message_key, "en", **error.values)) from None
    for key, values in preview.notices:
        typer.echo(translate(key, "en", **values), err=True)
    for row in preview.rows:
        if row.problems:
            reasons = "; ".join(translate(key, "en", **values) for key, values in row.problems)
            typer.echo(f"row {row.line} ({row.employee_number or '-'}): {reasons}", err=True)
        elif row.account:  # every change to a user account, said before anything is written
            said = "; ".join(translate(key, "en", **values) for key, values in row.account)
            typer.echo(f"row {row.line} ({row.employee_number}): account: {said}")
    for name, team in preview.leaders_not_in_file:
        typer.echo(f"not in the file but still leads {team}: {name} (never deactivated)", err=True)
    for number, name in preview.not_in_file:
        typer.echo(f"not in the file: {number} {name}" + (" (leaves with --deactivate-missing)" if deactivate_missing else ""))
    counts = preview.counts
    typer.echo(
        f"{counts['new']} new, {counts['changed']} changed, {counts['unchanged']} unchanged, {counts['error']} in error; "
        f"{sum(1 for t in preview.teams if t.status == 'new')} new teams; {len(preview.not_in_file)} imported people not in the file"
    )
    if dry_run:
        raise typer.Exit(1 if counts["error"] else 0)
    try:
        with units() as uow:
            result = people_import.apply_import(
                actor, uow, data, file.name, valid_rows_only=valid_rows, deactivate_missing=deactivate_missing,
                confirm_leaving=confirm_deactivate, zeros_confirmed=match_without_leading_zeros, mapping=mapping,
            )
    except NotAllowedNow as refusal:
        if refusal.message_key == "import.errors_remain":
            raise _fail("nothing imported: rows are in error (fix them, or import the valid rows with --valid-rows)") from None
        raise _fail(translate(refusal.message_key, "en")) from None
    except InvalidInput as error:
        if error.message_key == "import.confirm_leaving":
            raise _fail(
                f"nothing imported: {error.values['count']} of the {error.values['total']} people here are not in the "
                f"file and would leave (more than 10 %); if that is right, run again with "
                f"--confirm-deactivate {error.values['count']}"
            ) from None
        raise _fail(translate(error.message_key, "en", **error.values)) from None
    except AccessDenied as error:
        raise _usage(str(error)) from None
    typer.echo(
        f"Imported: {result.created} created, {result.changed} changed, {result.unchanged} unchanged, "
        f"{result.skipped} skipped, {result.left} left ({result.deactivated} accounts deactivated); "
        f"{result.teams_created} teams created, {result.teams_changed} changed."
    )
    if result.skipped:
        raise typer.Exit(1)


user_app = typer.Typer(help="User accounts.", no_args_is_help=True, **PLAIN_HELP)
app.add_typer(user_app, name="user")


def _units():  # type: ignore[no-untyped-def]
    """Units of work on the application's database, migrated to the newest revision."""
    from profiling import bootstrap

    return bootstrap.application().migrate().unit_of_work


@user_app.command("create")
def user_create(
    email: Annotated[str, typer.Option(metavar="EMAIL", help="The user's e-mail (their sign-in name).")],
    name: Annotated[str, typer.Option(metavar="NAME", help="The user's full name.")],
    role: Annotated[str, typer.Option(metavar="admin", help="Only 'admin': further users are created in the app.")] = "admin",
    password_env: Annotated[
        str | None, typer.Option(metavar="VARIABLE", help="Read the password from this environment variable (for automation).")
    ] = None,
) -> None:
    """Create an administrator when none is active (a new database, or all locked out); the password is asked
    for (twice, hidden) unless --password-env names a variable."""
    import os

    from profiling.services import accounts
    from profiling.services.actors import Role
    from profiling.services.errors import AccessDenied, InvalidInput

    if role != Role.ADMIN.value:
        raise _fail("--role: the command line creates administrators only; other users are created in the app")
    if password_env:
        password = os.environ.get(password_env)
        if not password:
            raise _fail(f"the environment variable {password_env} is empty or not set")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    units = _units()
    try:
        with units() as uow:
            created = accounts.create_administrator_by_operator(
                uow, {"email": email, "name": name, "role": role, "password": password}
            )
    except InvalidInput as error:
        from profiling.i18n import translate

        raise _fail(f"{error.field}: {translate(error.message_key, 'en', **error.values)}") from None
    except AccessDenied:
        raise _fail("an active administrator exists already: create further users in the app (Administration)") from None
    typer.echo(f"Created {created.role.value} {created.email} (user {created.id}).")


@app.command()
def purge() -> None:
    """Anonymise candidate data past the retention period (the app also does this on start)."""
    from profiling.services import privacy

    units = _units()
    with units() as uow:
        report = privacy.run_retention(uow, None)
        days = privacy.retention_settings(uow).days
    typer.echo(
        f"Retention {days} days: anonymised {len(report.anonymised_person_ids)} candidate(s), "
        f"removed {report.notes_removed} note(s); {report.waiting_for_filing} kept until their round's case is filed."
    )


@app.command()
def backup(path: Annotated[Path, typer.Argument(metavar="PATH", help="The backup file to write (must not exist).")]) -> None:
    """Take a consistent online backup of the embedded SQLite database, while the app runs."""
    from profiling.persistence import backup as backups

    try:
        size = backups.backup(Settings().effective_database_url, path)
    except backups.BackupError as error:
        raise _fail(str(error)) from None
    typer.echo(f"Backed up to {path} ({size:,} bytes).")


@app.command()
def restore(
    path: Annotated[Path, typer.Argument(metavar="PATH", help="A backup file written by `profiling backup`.")],
    force: Annotated[bool, typer.Option("--force", help="Restore even though the app seems to run on the database.")] = False,
) -> None:
    """Replace the embedded database with a backup. Refused while the app runs on it (stop it first)."""
    from profiling.persistence import backup as backups

    try:
        backups.restore(Settings().effective_database_url, path, force=force)
    except backups.BackupError as error:
        raise _fail(str(error)) from None
    typer.echo(f"Restored from {path}.")


@app.command(short_help="Check the database, migrations, questionnaires, secret key and mail server (exit 1 on a failure).")
def check() -> None:
    """Check the installation, one line each: the database is reachable and at the newest migration, the
    questionnaires load, the secret key is set, the mail server answers. Exit 1 if anything fails (for a start-up
    or monitoring check)."""
    from sqlalchemy import text as sql

    from profiling.persistence.database import current_revision, head_revision

    settings = Settings()
    results: list[tuple[bool, str]] = []
    engine = None
    try:
        engine = _engine()
        with engine.connect() as connection:
            connection.execute(sql("SELECT 1"))
        results.append((True, f"database: reachable ({engine.url.render_as_string(hide_password=True)})"))
    except Exception as error:  # noqa: BLE001 - any fault is reported as one line
        results.append((False, f"database: {describe_fault(error) or type(error).__name__}"))
        engine = None
    if engine is not None:
        current, head = current_revision(engine), head_revision()
        results.append((current == head, f"migrations: at {current or 'base'}" + (
            "" if current == head else f", newest is {head} (run `profiling db upgrade`)")))
    catalog = load_catalog([settings.questionnaires_dir])
    results.append((not catalog.problems, f"questionnaires: {len(catalog.frameworks)} framework(s), {len(catalog.guides)} "
                    f"guide(s) in {settings.questionnaires_dir}" + (f", {len(catalog.problems)} problem(s) (run `profiling validate`)"
                                                                      if catalog.problems else "")))
    key_file = settings.data_dir / "secret.key"
    if settings.secret_key:
        results.append((len(settings.secret_key) >= 32, "secret key: set" + (
            "" if len(settings.secret_key) >= 32 else " but shorter than 32 characters")))
    else:
        results.append((key_file.is_file(), f"secret key: kept in {key_file}" if key_file.is_file()
                        else f"secret key: none yet (PROFILING_SECRET_KEY, or {key_file} is made on first start)"))
    if settings.smtp_host:
        from profiling.services.mail import MailNotNow, MailRefused, SmtpTransport

        where = f"{settings.smtp_host}:{settings.smtp_port} ({settings.smtp_security})"
        try:
            SmtpTransport(settings).check()
            results.append((True, f"mail: {where} answers" + (" and accepts the sign-in" if settings.smtp_user else "")))
        except (MailNotNow, MailRefused) as error:
            results.append((False, f"mail: {where}: {error}"))
    else:
        results.append((True, "mail: no server set (PROFILING_SMTP_HOST); mails wait in the outbox"))
    for ok, line in results:
        typer.echo(("ok    " if ok else "FAIL  ") + line)
    if not all(ok for ok, _ in results):
        raise typer.Exit(1)


@app.command("wait-until-up", short_help="Wait until the app process on a port answers its health check (for systemd).")
def wait_until_up(
    port: Annotated[int, typer.Option(metavar="PORT", help="The app process's port on this host.")] = 8501,
    timeout: Annotated[float, typer.Option(metavar="SECONDS", help="Seconds to wait.")] = 60,
) -> None:
    """Wait until the app process on PORT answers its health check (a start check for systemd); exit 1 if it
    does not within TIMEOUT seconds."""
    import time
    import urllib.error
    import urllib.request

    url = f"http://127.0.0.1:{port}/_stcore/health"
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    typer.echo(f"up: {url}")
                    return
        except (urllib.error.URLError, OSError):
            pass
        if time.monotonic() >= deadline:
            raise _fail(f"no answer from {url} within {timeout:g} s")
        time.sleep(0.5)


mail_app = typer.Typer(help="Mail: the outbox and its delivery.", no_args_is_help=True, **PLAIN_HELP)
app.add_typer(mail_app, name="mail")


@mail_app.command("send")
def mail_send(
    once: Annotated[bool, typer.Option("--once", help="Send what is due and stop (else keep going, every INTERVAL).")] = False,
    interval: Annotated[float, typer.Option(metavar="SECONDS", help="Pause between runs.")] = 30,
) -> None:
    """Deliver the outbox through the mail server in the settings (PROFILING_SMTP_*): one mail at a time, retried
    with a growing pause while the server is away; a permanent refusal fails the mail with the server's answer."""
    import time

    from profiling.services import mail, notifications

    settings = Settings()
    units = _units()
    transport = mail.SmtpTransport(settings)
    try:
        while True:
            with units() as uow:
                notifications.queue_reminders(uow)  # self-assessments due soon
                uow.commit()
            report = mail.deliver(units, transport, settings.mail_sender)
            if report.sent or report.retried or report.failed or report.uncertain:
                typer.echo(f"sent {report.sent}, later {report.retried}, failed {report.failed}, uncertain {report.uncertain}")
            if once:
                return
            time.sleep(interval)
    finally:
        transport.close()


def _mapping(path: Path) -> dict[str, str]:
    """A column mapping file: JSON or YAML, {field: header} (or {"columns": {field: header}}); bad usage if not."""
    import yaml

    from profiling.people_file import HEADERS

    try:
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise _usage(f"--mapping: {path}: cannot be read ({type(error).__name__})") from None
    columns = content.get("columns", content) if isinstance(content, dict) else None
    if not isinstance(columns, dict) or not columns:
        raise _usage(f"--mapping: {path}: expected field: header pairs")
    unknown = sorted(str(f) for f in columns if f not in HEADERS)
    if unknown:
        raise _usage(f"--mapping: {path}: unknown field(s) {', '.join(unknown)}; known: {', '.join(HEADERS)}")
    return {str(f): str(c) for f, c in columns.items() if c}


def _administrator(units: Any, admin: str) -> Any:
    """The actor of an active administrator's e-mail (--admin), or bad usage."""
    from profiling.services.system import actor_of

    with units() as uow:
        user = uow.users.by_email(admin)
        if user is None or not user.active or user.role != "admin":
            raise _usage(f"--admin: {admin} is not an active administrator")
        return actor_of(user)


@user_app.command("list")
def user_list(
    admin: Annotated[str, typer.Option(metavar="EMAIL", help="E-mail of the administrator who lists (audited).")],
) -> None:
    """Every account, one per line: e-mail, name, role, active or not, password set or not, last sign-in."""

    units = _units()
    actor = _administrator(units, admin)
    with units() as uow:
        listed = directory.list_accounts(actor, uow)
    for account in listed:
        typer.echo("\t".join([
            account.email, account.name, account.role.value, "active" if account.active else "inactive",
            "password" if account.has_password else "no password",
            account.last_sign_in_at.isoformat(timespec="minutes") if account.last_sign_in_at else "never signed in",
        ]))


@user_app.command("deactivate")
def user_deactivate(
    email: Annotated[str, typer.Argument(metavar="EMAIL", help="The account to deactivate.")],
    admin: Annotated[str, typer.Option(metavar="EMAIL", help="E-mail of the administrator who deactivates (audited).")],
) -> None:
    """Deactivate an account: its sessions end at once and it cannot sign in (nothing is deleted)."""
    from profiling.services import accounts
    from profiling.services.errors import InvalidInput

    units = _units()
    actor = _administrator(units, admin)
    with units() as uow:
        user = uow.users.by_email(email)
        if user is None:
            raise _usage(f"{email}: no such account")
        try:
            accounts.update_account(actor, uow, user.id, active=False)
        except InvalidInput as error:
            from profiling.i18n import translate

            raise _fail(translate(error.message_key, "en", **error.values)) from None
    typer.echo(f"{email} is deactivated.")


export_app = typer.Typer(help="Taking the data out.", no_args_is_help=True, **PLAIN_HELP)
app.add_typer(export_app, name="export")


@export_app.command("all")
def export_all(
    admin: Annotated[str, typer.Option(metavar="EMAIL", help="E-mail of the administrator the export is made as (audited).")],
    output: Annotated[Path, typer.Option(metavar="PATH", help="The file to write (must not exist).")],
    export_format: Annotated[str, typer.Option("--format", metavar="xlsx|zip", help="An Excel workbook, or CSV files in a zip.")] = "xlsx",
    language: Annotated[str, typer.Option(metavar="da|en", help="The CSV files' conventions (decimal comma, Ja/Nej).")] = "da",
) -> None:
    """Every table of the municipality's data, as the administration page exports it (docs/export.md) - for a
    scheduled export. Private notes are never in it."""
    from profiling.reports import bulk
    from profiling.services import bulk_export

    if export_format not in ("xlsx", "zip") or language not in ("da", "en"):
        raise _usage("--format must be xlsx or zip, --language da or en")
    if output.exists():
        raise _usage(f"{output}: exists already (an export never overwrites a file)")
    units = _units()
    actor = _administrator(units, admin)
    with units() as uow:
        tables = bulk_export.everything(actor, uow)
    data = bulk.to_excel(tables) if export_format == "xlsx" else bulk.to_zip(tables, "en" if language == "en" else "da")
    output.write_bytes(data)
    output.chmod(0o600)
    typer.echo(f"Exported {sum(len(rows) for rows in tables.values())} rows of {len(tables)} tables to {output}.")


@user_app.command("invite")
def user_invite(
    admin: Annotated[str, typer.Option(metavar="EMAIL", help="E-mail of the administrator the invitations are sent as.")],
    team: Annotated[str | None, typer.Option(metavar="NAME", help="Only the accounts of this team's members.")] = None,
    single_sign_on: Annotated[bool, typer.Option("--single-sign-on", help="Say how to sign in with the municipal account "
                                                 "instead of sending a link to set a password.")] = False,
) -> None:
    """Invite every active account without a password (of one team, with --team): a mail with a one-time link to
    set the password (7 days), queued in the outbox for `profiling mail send`."""
    from profiling.services import account_invitations

    units = _units()
    actor = _administrator(units, admin)
    with units() as uow:
        wanted = set(directory.without_password(actor, uow))
        if team is not None:
            found = next((t for t in uow.teams.all() if t.name == team), None)
            if found is None:
                raise _usage(f"--team: no team named {team}")
            wanted &= {p.user_id for p in uow.people.in_teams([found.id]) if p.user_id is not None}
    with units() as uow:
        count = account_invitations.invite_accounts(actor, uow, wanted, Settings().base_url, single_sign_on)
    typer.echo(f"{count} invitation(s) queued; `profiling mail send` delivers them.")


def main() -> None:
    """Entry point of the console script: every expected fault is one line on stderr and exit 1, never a traceback."""
    try:
        app()
    except Exception as error:
        message = describe_fault(error)
        if message is None:
            raise
        typer.echo(f"error: {message}", err=True)
        raise SystemExit(1) from None


def describe_fault(error: Exception) -> str | None:
    """One sentence for a fault of the setup (settings, database, files); None for a bug."""
    from alembic.util import CommandError
    from pydantic import ValidationError
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError

    if isinstance(error, ValidationError):
        fields = ", ".join("PROFILING_" + ".".join(str(p) for p in e["loc"]).upper() for e in error.errors())
        return f"invalid setting: {fields}"
    if isinstance(error, (ArgumentError, NoSuchModuleError)):
        return "PROFILING_DATABASE_URL is not a database URL this program can use (e.g. sqlite:///path or postgresql+psycopg://…)"
    if isinstance(error, OperationalError):
        return "cannot reach or open the database (check PROFILING_DATABASE_URL and that the server is running)"
    if isinstance(error, CommandError):
        return f"database migration: {error}"
    if isinstance(error, OSError):
        where = f": {error.filename}" if error.filename else ""
        return f"{error.strerror or error}{where} (check PROFILING_DATA_DIR)"
    return None
