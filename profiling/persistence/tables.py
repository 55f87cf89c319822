"""The database tables, and how the domain's entities map onto them (SQLAlchemy imperative mapping).

The entities (`profiling.domain.people`, `.interviews`, `.rounds`, `.plans`, `.records`) are plain classes
that know nothing of the database; this module maps them, once, when the persistence package is
imported. Queries name columns through the tables here (`interviews.c.person_id`); services only ever
see entities. Two tables hold no domain entity and keep declarative rows: settings and change marks.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, deferred, mapped_column, relationship
from sqlalchemy.sql.expression import false, true

from profiling.domain.interviews import Interview, RatingEntry
from profiling.domain.mail import OutgoingMail, PasswordToken
from profiling.domain.people import Person, Team, User
from profiling.domain.plans import CheckIn, Goal, Plan
from profiling.domain.records import AuditEvent, LoginSession, SignInAttempt, Snapshot, TargetProfile
from profiling.domain.rounds import Candidacy, Declaration, Minutes, NoteRequest, PanelSeat, Reference, Round
from profiling.domain.theme_days import TeamAgreement, ThemeDay

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """A moment in time, stored in UTC and always handed back time-zone aware (SQLite forgets the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is not None:
            return value.astimezone(UTC)
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class Base(DeclarativeBase):
    """Holds the metadata (a naming convention keeps migrations portable: SQLite batch mode needs names)."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dict[str, Any]: JSON, datetime: UtcDateTime()}


metadata = Base.metadata


def _id() -> Column[int]:
    return Column("id", Integer, primary_key=True)


def _moment(name: str, *, nullable: bool = False, index: bool = False) -> Column[datetime]:
    return Column(name, UtcDateTime(), nullable=nullable, index=index)


def _text(name: str, length: int | None = None, *, nullable: bool = False, **options: Any) -> Column[str]:
    return Column(name, String(length) if length else Text(), nullable=nullable, **options)


users = Table(
    "users",
    metadata,
    _id(),
    _text("email", 254, unique=True),
    _text("name", 120),
    _text("role", 20),
    Column("active", Boolean, nullable=False, default=True),
    _moment("created_at"),
    _text("password_hash", 255, nullable=True),
    Column("failed_sign_ins", Integer, nullable=False, default=0),
    _moment("locked_until", nullable=True),
    _moment("last_sign_in_at", nullable=True),
    _text("language", 2, default="da"),
    # Created by an HR import, and not taken over by an administrator since: only such accounts does an
    # import change (name, role never raised, deactivation and back).
    Column("managed_by_import", Boolean, nullable=False, default=False, server_default=false()),
    # Reminders by mail (a self-assessment due soon): each user may turn them off.
    Column("reminders", Boolean, nullable=False, default=True, server_default=true()),
)

teams = Table(
    "teams",
    metadata,
    _id(),
    _text("name", 120, unique=True),
    _text("unit", 120, default=""),
    Column("manager_id", Integer, ForeignKey("users.id", ondelete="SET NULL"), index=True),
    Column("target_profile_id", Integer, ForeignKey("target_profiles.id")),
)

people = Table(
    "people",
    metadata,
    _id(),
    _text("kind", 20),
    _text("name", 120, index=True),
    _text("email", 254, nullable=True),
    Column("team_id", Integer, ForeignKey("teams.id", ondelete="SET NULL"), index=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="SET NULL"), unique=True),
    _moment("created_at"),
    _moment("updated_at"),
    Column("consent_until", Date),
    _moment("consent_recorded_at", nullable=True),
    _moment("anonymised_at", nullable=True),
    Column("version", Integer, nullable=False, default=1),
    Column("hired_from_round_id", Integer, ForeignKey("rounds.id", ondelete="SET NULL")),
    _text("employee_number", 40, nullable=True, unique=True),
    # The day an HR import found them gone (None: here); left people leave team lists, pickers and counts.
    Column("left_on", Date),
    # The job title the payroll system gives (information; never read as a target profile).
    Column("job_title", String(120), nullable=False, default="", server_default=""),
)

outbox = Table(
    "outbox",
    metadata,
    _id(),
    _text("recipient", 254),
    _text("language", 2),
    _text("kind", 40),
    # What it is about ("interview:12"), so a reminder is queued once: never personal data.
    Column("about", String(60), nullable=False, default="", server_default="", index=True),
    _text("subject", 200),
    _text("body"),
    _text("attachment_name", 80, nullable=True),
    _text("attachment", nullable=True),
    _moment("created_at"),
    _text("status", 20),
    Column("attempts", Integer, nullable=False, default=0),
    _moment("next_attempt_at"),
    _moment("claimed_until", nullable=True),
    _moment("sent_at", nullable=True),
    _text("last_error", default=""),
    Index("ix_outbox_status", "status", "next_attempt_at"),
)

password_tokens = Table(
    "password_tokens",
    metadata,
    _id(),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    _text("token_hash", 64, unique=True),
    _moment("created_at"),
    _moment("expires_at"),
    _moment("used_at", nullable=True),
)

login_sessions = Table(
    "login_sessions",
    metadata,
    _id(),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    _text("token_hash", 64, nullable=True, unique=True),
    _text("cookie_hash", 64, nullable=True, unique=True),
    _text("handoff_hash", 64, nullable=True, unique=True),
    _moment("handoff_expires_at", nullable=True),
    _moment("created_at"),
    _moment("last_seen_at"),
    _moment("expires_at"),
    _moment("revoked_at", nullable=True),
)

sign_in_attempts = Table(
    "sign_in_attempts",
    metadata,
    _id(),
    _text("client", 64, index=True),
    _moment("at", index=True),
)

audit_log = Table(
    "audit_log",
    metadata,
    _id(),
    _moment("at", index=True),
    Column("actor_id", Integer, index=True),
    _text("actor_role", 20),
    _text("action", 60, index=True),
    Column("person_id", Integer, index=True),
    _text("subject", 80, default=""),
    Column("detail", JSON, nullable=False, default=dict),
)

snapshots = Table(
    "snapshots",
    metadata,
    _id(),
    _text("kind", 20),
    _text("object_id", 80),
    _text("version", 40, default=""),
    _text("content_hash", 64, unique=True),
    Column("content", JSON, nullable=False),
    _moment("created_at"),
)

target_profiles = Table(
    "target_profiles",
    metadata,
    _id(),
    _text("name", 120),
    Column("version", Integer, nullable=False, default=1),
    _text("framework_id", 80),
    Column("levels", JSON, nullable=False),
    _moment("created_at"),
    UniqueConstraint("name", "version"),
)

rounds = Table(
    "rounds",
    metadata,
    _id(),
    _text("title", 160),
    _text("framework_id", 80),
    _text("guide_id", 80),
    Column("target_profile_id", Integer, ForeignKey("target_profiles.id")),
    Column("owner_id", Integer, ForeignKey("users.id", ondelete="SET NULL"), index=True),
    _text("status", 20, default="open"),
    _moment("created_at"),
    _moment("closed_at", nullable=True),
    Column("min_coverage", Float, nullable=False, default=0.8, server_default="0.8"),
    Column("version", Integer, nullable=False, default=1),
    # When the round was last closed (kept when it is opened again: who was a candidate then stays unscored).
    _moment("last_closed_at", nullable=True),
    Column("criteria", Text, nullable=False, default="", server_default=""),
    # Filed in the municipality's case system (ESDH): when, and the case number it got there.
    _moment("journalised_at", nullable=True),
    _text("case_number", 60, default="", server_default=""),
)

round_panel = Table(
    "round_panel",
    metadata,
    Column("round_id", Integer, ForeignKey("rounds.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True),
    _text("seat", 20, default="panel", server_default="panel"),
)

# Each member's declaration per candidate (forvaltningsloven § 3): not disqualified, or disqualified and why.
round_declarations = Table(
    "round_declarations",
    metadata,
    Column("round_id", Integer, ForeignKey("rounds.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True),
    Column("person_id", Integer, ForeignKey("people.id", ondelete="CASCADE"), primary_key=True, index=True),
    Column("disqualified", Boolean, nullable=False),
    Column("reason", Text, nullable=False, default=""),
    _moment("declared_at"),
)

# The owner's requests for a note where the panel's ratings of a question lie two or more apart.
note_requests = Table(
    "note_requests",
    metadata,
    _id(),
    Column("round_id", Integer, ForeignKey("rounds.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("interview_id", Integer, ForeignKey("interviews.id", ondelete="CASCADE"), nullable=False, index=True),
    _text("question_id", 80),
    Column("requested_by_id", Integer, ForeignKey("users.id", ondelete="SET NULL")),
    _moment("requested_at"),
    UniqueConstraint("interview_id", "question_id"),
)

round_candidates = Table(
    "round_candidates",
    metadata,
    Column("round_id", Integer, ForeignKey("rounds.id", ondelete="CASCADE"), primary_key=True),
    Column("person_id", Integer, ForeignKey("people.id", ondelete="CASCADE"), primary_key=True, index=True),
    _moment("added_at"),
    # A hire of an internal applicant waiting for her current manager's (or an administrator's) confirmation.
    Column("hire_team_id", Integer, ForeignKey("teams.id", ondelete="SET NULL")),
    Column("hire_requested_by_id", Integer, ForeignKey("users.id", ondelete="SET NULL")),
    _moment("hire_requested_at", nullable=True),
    # The applicant's request to see their case (FVL § 9), and when it was met; the answer they were sent.
    _moment("access_requested_at", nullable=True),
    _moment("access_delivered_at", nullable=True),
    Column("answer", Text, nullable=False, default="", server_default=""),
    _moment("answered_at", nullable=True),
    Column("answered_by_id", Integer, ForeignKey("users.id", ondelete="SET NULL")),
)

# The minutes of a round's decision: the recommendation, the reasons per candidate, who decided.
round_minutes = Table(
    "round_minutes",
    metadata,
    Column("round_id", Integer, ForeignKey("rounds.id", ondelete="CASCADE"), primary_key=True),
    Column("recommended", JSON, nullable=False),
    Column("recommendation", Text, nullable=False),
    Column("reasons", JSON, nullable=False),
    Column("explanations", JSON, nullable=False),
    Column("decided_by", Text, nullable=False),
    Column("decided_on", Date, nullable=False),
    Column("written_by_id", Integer, ForeignKey("users.id", ondelete="SET NULL")),
    _moment("written_at"),
    Column("version", Integer, nullable=False, default=1),
)

# Reference checks on candidates, and the hearing of what weighs against them (FVL § 19).
round_references = Table(
    "round_references",
    metadata,
    _id(),
    Column("round_id", Integer, ForeignKey("rounds.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("person_id", Integer, ForeignKey("people.id", ondelete="CASCADE"), nullable=False, index=True),
    _text("referee_name", 120),
    _text("referee_relation", 160, default=""),
    _moment("consent_at"),
    Column("taken_by_id", Integer, ForeignKey("users.id", ondelete="SET NULL")),
    _moment("taken_at"),
    Column("answers", JSON, nullable=False),
    Column("summary", Text, nullable=False, default=""),
    Column("weighs_against", Boolean, nullable=False, default=False),
    Column("hearing_letter", Text, nullable=False, default=""),
    _moment("hearing_sent_at", nullable=True),
    Column("hearing_deadline", Date),
    Column("hearing_answer", Text, nullable=False, default=""),
    _moment("hearing_answered_at", nullable=True),
)

interviews = Table(
    "interviews",
    metadata,
    _id(),
    Column("person_id", Integer, ForeignKey("people.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("round_id", Integer, ForeignKey("rounds.id", ondelete="SET NULL"), index=True),
    _text("guide_id", 80),
    Column("guide_snapshot_id", Integer, ForeignKey("snapshots.id"), nullable=False),
    _text("framework_id", 80),
    _text("framework_version", 40),
    Column("framework_snapshot_id", Integer, ForeignKey("snapshots.id"), nullable=False),
    Column("target_profile_id", Integer, ForeignKey("target_profiles.id")),
    Column("rater_id", Integer, ForeignKey("users.id", ondelete="SET NULL"), index=True),
    _text("rater_name", 120),
    _text("rater_role", 20),
    _text("mode", 20),
    _text("status", 20, default="draft", index=True),
    Column("position", Integer, nullable=False, default=0),
    _moment("started_at"),
    _moment("completed_at", nullable=True, index=True),
    Column("due_on", Date),
    Column("invited_by_id", Integer, ForeignKey("users.id", ondelete="SET NULL")),
    Column("outcome", Text, nullable=False, default=""),
    Column("version", Integer, nullable=False, default=1),
    Column("held_on", Date),
    Column("entered_from_paper", Boolean, nullable=False, default=False, server_default=false()),
    # A MUS rating during which the manager chose to see the self-assessment (it anchors the rating).
    _moment("self_shown_at", nullable=True),
)

ratings = Table(
    "ratings",
    metadata,
    _id(),
    Column("interview_id", Integer, ForeignKey("interviews.id", ondelete="CASCADE"), nullable=False, index=True),
    _text("item_key", 90),
    Column("value", Integer),
    Column("not_assessed", Boolean, nullable=False, default=False),
    Column("note", Text, nullable=False, default=""),
    Column("private", Boolean, nullable=False, default=False),
    _moment("updated_at"),
    Column("version", Integer, nullable=False, default=1),
    Column("addendum", Text, nullable=False, default="", server_default=""),
    _moment("addendum_at", nullable=True),
    UniqueConstraint("interview_id", "item_key"),
)

development_plans = Table(
    "development_plans",
    metadata,
    _id(),
    Column("person_id", Integer, ForeignKey("people.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("interview_id", Integer, ForeignKey("interviews.id", ondelete="SET NULL")),
    _text("framework_id", 80),
    Column("target_profile_id", Integer, ForeignKey("target_profiles.id")),
    _text("title", 160),
    Column("created_by_id", Integer, ForeignKey("users.id", ondelete="SET NULL")),
    _moment("created_at"),
    _moment("manager_agreed_at", nullable=True),
    _moment("employee_agreed_at", nullable=True),
    Column("version", Integer, nullable=False, default=1),
)

plan_goals = Table(
    "plan_goals",
    metadata,
    _id(),
    Column("plan_id", Integer, ForeignKey("development_plans.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("position", Integer, nullable=False, default=0),
    _text("competence_id", 80),
    Column("goal", Text, nullable=False),
    Column("actions", Text, nullable=False, default=""),
    Column("support", Text, nullable=False, default=""),
    Column("deadline", Date),
    _text("status", 20, default="planned"),
)

goal_check_ins = Table(
    "goal_check_ins",
    metadata,
    _id(),
    Column("goal_id", Integer, ForeignKey("plan_goals.id", ondelete="CASCADE"), nullable=False, index=True),
    _moment("written_at"),
    Column("author_id", Integer, ForeignKey("users.id", ondelete="SET NULL")),
    Column("note", Text, nullable=False),
    Column("response", Text, nullable=False, default=""),
    _moment("responded_at", nullable=True),
    Column("responded_by_id", Integer, ForeignKey("users.id", ondelete="SET NULL")),
    Column("version", Integer, nullable=False, default=1),
)

theme_days = Table(
    "theme_days",
    metadata,
    _id(),
    Column("team_id", Integer, ForeignKey("teams.id", ondelete="CASCADE"), nullable=False, index=True),
    _text("title", 160),
    Column("held_on", Date, nullable=False),
    _text("framework_id", 80),
    _text("source", 20),
    Column("planned_by_id", Integer, ForeignKey("users.id", ondelete="SET NULL")),
    _moment("created_at"),
    _moment("agreed_at", nullable=True),
    Column("version", Integer, nullable=False, default=1),
    _moment("published_at", nullable=True),
    Column("published", JSON, nullable=True),
)

# Per competence a published theme day shows: whose values, from which assessment, are behind its mean. Only
# the guard against differencing reads it (nothing is shown); an erased person's rows go with them.
theme_day_releases = Table(
    "theme_day_releases",
    metadata,
    Column("theme_day_id", Integer, ForeignKey("theme_days.id", ondelete="CASCADE"), primary_key=True),
    _text("competence_id", 80, primary_key=True),
    Column("person_id", Integer, ForeignKey("people.id", ondelete="CASCADE"), primary_key=True, index=True),
    _text("basis", 40),
)

team_agreements = Table(
    "team_agreements",
    metadata,
    _id(),
    Column("theme_day_id", Integer, ForeignKey("theme_days.id", ondelete="CASCADE"), nullable=False, index=True),
    _text("competence_id", 80),
    Column("text", Text, nullable=False),
    Column("follow_up_on", Date),
    _moment("created_at"),
)


class SettingRow(Base):
    """An administrator's setting (retention period, candidate information text, demo mode)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[dict[str, Any]]
    updated_at: Mapped[datetime]


class ChangeMarkRow(Base):
    """How often the data of one scope ("person:12", "team:3", "round:7", "*" for anything, "!" for what
    every page shows) has changed: pages cache what they read and read again when a mark moves."""

    __tablename__ = "change_marks"

    scope: Mapped[str] = mapped_column(String(40), primary_key=True)
    generation: Mapped[int] = mapped_column(BigInteger, default=0)


def _map_entities() -> None:
    """Map each entity onto its table (once per process; the domain classes stay plain)."""
    mapper = Base.registry.map_imperatively
    for entity, table in (
        (User, users),
        (Team, teams),
        (LoginSession, login_sessions),
        (SignInAttempt, sign_in_attempts),
        (AuditEvent, audit_log),
        (TargetProfile, target_profiles),
        (OutgoingMail, outbox),
        (PasswordToken, password_tokens),
    ):
        mapper(entity, table)
    # A snapshot's content (a whole framework or guide, tens of kB of JSON) is read only where it is parsed for
    # the first time in this process (services/content.py keeps the parse by hash): not on every interview read.
    mapper(Snapshot, snapshots, properties={"content": deferred(snapshots.c.content)})
    mapper(Person, people, version_id_col=people.c.version)
    mapper(PanelSeat, round_panel)
    mapper(Candidacy, round_candidates)
    mapper(Declaration, round_declarations)
    mapper(NoteRequest, note_requests)
    mapper(Minutes, round_minutes, version_id_col=round_minutes.c.version)
    mapper(Reference, round_references)
    mapper(
        Round,
        rounds,
        version_id_col=rounds.c.version,
        properties={
            "panel": relationship(PanelSeat, cascade="all, delete-orphan", lazy="selectin"),
            "candidates": relationship(Candidacy, cascade="all, delete-orphan", lazy="selectin"),
            # Read when a round's case is worked on, not with every list of rounds.
            "declarations": relationship(Declaration, cascade="all, delete-orphan", lazy="select"),
            "note_requests": relationship(NoteRequest, cascade="all, delete-orphan", lazy="select"),
            "minutes": relationship(Minutes, cascade="all, delete-orphan", lazy="select", uselist=False),
            "references": relationship(Reference, cascade="all, delete-orphan", lazy="select",
                                       order_by=round_references.c.id),
        },
    )
    mapper(RatingEntry, ratings, version_id_col=ratings.c.version)
    mapper(
        Interview,
        interviews,
        version_id_col=interviews.c.version,
        # Loaded when a rule needs them (rating, completing); deleting a draft leaves its ratings to the
        # database's ON DELETE CASCADE instead of loading them first.
        properties={"ratings": relationship(RatingEntry, cascade="all, delete-orphan", passive_deletes=True, order_by=ratings.c.id)},
    )
    mapper(CheckIn, goal_check_ins, version_id_col=goal_check_ins.c.version)
    mapper(
        Goal,
        plan_goals,
        properties={
            "check_ins": relationship(
                CheckIn, cascade="all, delete-orphan", lazy="selectin", order_by=goal_check_ins.c.written_at
            )
        },
    )
    mapper(
        Plan,
        development_plans,
        version_id_col=development_plans.c.version,
        properties={
            "goals": relationship(Goal, cascade="all, delete-orphan", lazy="selectin", order_by=plan_goals.c.position)
        },
    )
    mapper(TeamAgreement, team_agreements)
    mapper(
        ThemeDay,
        theme_days,
        version_id_col=theme_days.c.version,
        properties={
            "agreements": relationship(
                TeamAgreement, cascade="all, delete-orphan", lazy="selectin", order_by=team_agreements.c.id
            )
        },
    )


_map_entities()
