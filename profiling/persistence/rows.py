"""SQLAlchemy 2 typed ORM rows. Only the persistence package imports these."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

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
    """Base of every row; a naming convention keeps migrations portable (SQLite batch mode needs names)."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dict[str, Any]: JSON, datetime: UtcDateTime()}


class UserRow(Base):
    """Someone who uses the app: administrator, manager, recruiter/panel member or employee."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime]
    # Local sign-in (argon2id); None for single sign-on users and accounts without a password yet.
    password_hash: Mapped[str | None] = mapped_column(String(255))
    failed_sign_ins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None]
    last_sign_in_at: Mapped[datetime | None]
    language: Mapped[str] = mapped_column(String(2), default="da")


class TeamRow(Base):
    """A team (e.g. "Borgerservice Nord") in a unit, led by a manager."""

    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    unit: Mapped[str] = mapped_column(String(120), default="")
    manager_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    # The target profile (a specific version) the team's conversations are held against; None: the default.
    target_profile_id: Mapped[int | None] = mapped_column(ForeignKey("target_profiles.id"))


class PersonRow(Base):
    """An employee or a job candidate whose competences are assessed."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(120), index=True)
    email: Mapped[str | None] = mapped_column(String(254))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id", ondelete="SET NULL"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), unique=True)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    # A candidate's consent to be kept for future positions (retention then does not anonymise them).
    consent_until: Mapped[date | None] = mapped_column(Date)
    consent_recorded_at: Mapped[datetime | None]
    anonymised_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class LoginSessionRow(Base):
    """A signed-in browser: the cookie carries the token, the database only its hash."""

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # The token the signed-in browser tab holds, and the one in its HttpOnly cookie (which survives a reload).
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    cookie_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    # A one-time code that the browser exchanges for the session cookie right after sign-in.
    handoff_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    handoff_expires_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class SignInAttemptRow(Base):
    """A failed sign-in, kept briefly to throttle guessing per client."""

    __tablename__ = "sign_in_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    client: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(index=True)


class AuditRow(Base):
    """Who did or read what, when, about which person. Append-only; holds no names or notes."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    actor_id: Mapped[int | None] = mapped_column(index=True)
    actor_role: Mapped[str] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(60), index=True)
    person_id: Mapped[int | None] = mapped_column(index=True)
    subject: Mapped[str] = mapped_column(String(80), default="")
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)


class SettingRow(Base):
    """An administrator's setting (retention period, candidate information text, demo mode)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[dict[str, Any]]
    updated_at: Mapped[datetime]


class SnapshotRow(Base):
    """The exact content of a framework or guide an interview was run with, stored once per content hash."""

    __tablename__ = "snapshots"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    object_id: Mapped[str] = mapped_column(String(80))
    version: Mapped[str] = mapped_column(String(40), default="")
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    content: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]


class TargetProfileRow(Base):
    """A named, versioned target profile: target level and weight per competence of one framework."""

    __tablename__ = "target_profiles"
    __table_args__ = (UniqueConstraint("name", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    version: Mapped[int] = mapped_column(Integer, default=1)
    framework_id: Mapped[str] = mapped_column(String(80))
    levels: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]


class RoundRow(Base):
    """A recruitment round: one position, one guide for every candidate, a panel."""

    __tablename__ = "rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(160))
    framework_id: Mapped[str] = mapped_column(String(80))
    guide_id: Mapped[str] = mapped_column(String(80))
    target_profile_id: Mapped[int | None] = mapped_column(ForeignKey("target_profiles.id"))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="open")
    created_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]
    # Candidates assessed on less than this share of the target's weight are listed unranked.
    min_coverage: Mapped[float] = mapped_column(Float, default=0.8, server_default="0.8")
    version: Mapped[int] = mapped_column(Integer, default=1)

    panel: Mapped[list[RoundPanelRow]] = relationship(cascade="all, delete-orphan", lazy="selectin")
    candidates: Mapped[list[RoundCandidateRow]] = relationship(cascade="all, delete-orphan", lazy="selectin")

    __mapper_args__ = {"version_id_col": version}


class RoundPanelRow(Base):
    """A panel member of a round."""

    __tablename__ = "round_panel"

    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)


class RoundCandidateRow(Base):
    """A candidate of a round."""

    __tablename__ = "round_candidates"

    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True, index=True)
    added_at: Mapped[datetime]


class InterviewRow(Base):
    """One rater's scorecard of one person with one guide."""

    __tablename__ = "interviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    round_id: Mapped[int | None] = mapped_column(ForeignKey("rounds.id", ondelete="SET NULL"), index=True)
    guide_id: Mapped[str] = mapped_column(String(80))
    guide_snapshot_id: Mapped[int] = mapped_column(ForeignKey("snapshots.id"))
    framework_id: Mapped[str] = mapped_column(String(80))
    framework_version: Mapped[str] = mapped_column(String(40))
    framework_snapshot_id: Mapped[int] = mapped_column(ForeignKey("snapshots.id"))
    target_profile_id: Mapped[int | None] = mapped_column(ForeignKey("target_profiles.id"))
    rater_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    rater_name: Mapped[str] = mapped_column(String(120))
    rater_role: Mapped[str] = mapped_column(String(20))
    mode: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[datetime]
    completed_at: Mapped[datetime | None] = mapped_column(index=True)
    due_on: Mapped[date | None] = mapped_column(Date)
    # Who invited the person to a self-assessment (they see whether it is done, not the answers).
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    outcome: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class RatingRow(Base):
    """One rating with its note; a row exists once the rater has touched the question."""

    __tablename__ = "ratings"
    __table_args__ = (UniqueConstraint("interview_id", "item_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int] = mapped_column(ForeignKey("interviews.id", ondelete="CASCADE"), index=True)
    # "q:<question id>" or "c:<competence id>": one key per rated item, unique per interview.
    item_key: Mapped[str] = mapped_column(String(90))
    value: Mapped[int | None]
    # True when the rater chose "not assessed" (value stays empty); untouched items have no row.
    not_assessed: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(Text, default="")
    private: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class PlanRow(Base):
    """A development plan agreed in a MUS: goals for the coming year, dated by both parties."""

    __tablename__ = "development_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    interview_id: Mapped[int | None] = mapped_column(ForeignKey("interviews.id", ondelete="SET NULL"))
    framework_id: Mapped[str] = mapped_column(String(80))
    target_profile_id: Mapped[int | None] = mapped_column(ForeignKey("target_profiles.id"))
    title: Mapped[str] = mapped_column(String(160))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]
    manager_agreed_at: Mapped[datetime | None]
    employee_agreed_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(Integer, default=1)

    goals: Mapped[list[GoalRow]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="GoalRow.position"
    )

    __mapper_args__ = {"version_id_col": version}


class GoalRow(Base):
    """One goal of a plan, linked to a competence, with actions, support, a deadline and a status."""

    __tablename__ = "plan_goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("development_plans.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    competence_id: Mapped[str] = mapped_column(String(80))
    goal: Mapped[str] = mapped_column(Text)
    actions: Mapped[str] = mapped_column(Text, default="")
    support: Mapped[str] = mapped_column(Text, default="")
    deadline: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="planned")


class ChangeMarkRow(Base):
    """How often the data of one scope ("person:12", "team:3", "round:7", "*" for anything, "!" for what
    every page shows) has changed: pages cache what they read and read again when a mark moves."""

    __tablename__ = "change_marks"

    scope: Mapped[str] = mapped_column(String(40), primary_key=True)
    generation: Mapped[int] = mapped_column(BigInteger, default=0)
