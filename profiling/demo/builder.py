"""Writing made-up data quickly: people, teams, rounds and scorecards whose ratings come from a latent
level per competence plus noise, so the charts say something."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from profiling.catalog import Catalog
from profiling.domain.framework import Framework
from profiling.domain.guide import Guide
from profiling.domain.interviews import Interview, question_key
from profiling.domain.people import Person, Team, User
from profiling.domain.rounds import Round
from profiling.domain.scoring import RaterRole
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.reads.views import InterviewStatus, PersonKind
from profiling.services.actors import Role
from profiling.services.content import store_snapshot
from profiling.services.targets import ensure_default_targets

DEMO_DOMAIN = "eksempelby.example"


@dataclass
class DemoSummary:
    """What was loaded."""

    users: int = 0
    people: int = 0
    interviews: int = 0
    ratings: int = 0


@dataclass
class Latent:
    """A made-up person's true level per competence (what raters see, with noise)."""

    levels: dict[str, float]
    self_bias: float = 0.0


@dataclass
class _Content:
    framework: Framework
    framework_snapshot_id: int
    guides: dict[str, tuple[Guide, int]] = field(default_factory=dict)


ASCII_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", " ": ".", "é": "e"})


def demo_email(name: str) -> str:
    ascii_name = name.lower().translate(ASCII_LETTERS)
    return f"{''.join(c for c in ascii_name if c.isalnum() or c in '.-')}@{DEMO_DOMAIN}"


class DemoBuilder:
    """Writes demo data quickly: entities for people and interviews, bulk inserts for ratings."""

    def __init__(self, uow: UnitOfWork, catalog: Catalog, seed: int) -> None:
        self.uow = uow
        self.catalog = catalog
        self.random = random.Random(seed)
        self.now = uow.now()
        self.summary = DemoSummary()
        ensure_default_targets(uow, catalog)
        framework = catalog.framework("specialist-i-borgerkontakt")
        snapshot = store_snapshot(uow, framework)
        uow.flush()
        self.content = _Content(framework, snapshot.id)
        for guide_id in ("rekruttering", "udviklingssamtale", "selvvurdering"):
            guide = catalog.guide(guide_id)
            guide_snapshot = store_snapshot(uow, guide)
            uow.flush()
            self.content.guides[guide_id] = (guide, guide_snapshot.id)
        # Seed 003's digital mapping: a team map from the employees' self-assessments.
        digital = catalog.frameworks.get("digitale-kompetencer")
        self.digital: _Content | None = None
        if digital is not None and "digital-kortlaegning" in catalog.guides:
            digital_snapshot = store_snapshot(uow, digital)
            mapping = catalog.guide("digital-kortlaegning")
            mapping_snapshot = store_snapshot(uow, mapping)
            uow.flush()
            self.digital = _Content(digital, digital_snapshot.id, {mapping.id: (mapping, mapping_snapshot.id)})
        self.pending_ratings: list[dict[str, object]] = []

    def user(self, name: str, role: Role, password_hash: str | None = None) -> User:
        row = User(email=demo_email(name), name=name, role=role, created_at=self.now, password_hash=password_hash)
        self.uow.users.add(row)
        self.summary.users += 1
        return row

    def team(self, name: str, unit: str, manager: User | None) -> Team:
        row = Team(name=name, unit=unit, manager_id=manager.id if manager else None)
        self.uow.teams.add(row)
        return row

    def person(self, name: str, kind: PersonKind, team: Team | None = None, user: User | None = None) -> Person:
        row = Person(
            kind=kind,
            name=name,
            email=demo_email(name),
            team_id=team.id if team else None,
            user_id=user.id if user else None,
            created_at=self.now - timedelta(days=400),
            updated_at=self.now - timedelta(days=400),
        )
        self.uow.people.add(row)
        self.summary.people += 1
        return row

    def latent(
        self, base: float = 3.3, spread: float = 0.6, offsets: dict[str, float] | None = None, content: _Content | None = None
    ) -> Latent:
        offsets = offsets or {}
        return Latent(
            {
                c.id: min(5.0, max(1.0, self.random.gauss(base, spread) + offsets.get(c.id, 0.0)))
                for c in (content or self.content).framework.competences
            }
        )

    def rating_value(self, true_level: float, noise: float = 0.55) -> int:
        return int(min(5, max(1, round(self.random.gauss(true_level, noise)))))

    def scorecard(
        self,
        person: Person,
        guide_id: str,
        rater: User,
        role: RaterRole,
        latent: Latent,
        *,
        completed_at: datetime | None,
        answered_share: float = 1.0,
        round_row: Round | None = None,
        target_profile_id: int | None = None,
        notes: bool = True,
        note_share: float = 0.6,
        shift: float = 0.0,
        overrides: dict[str, int] | None = None,
        content: _Content | None = None,
    ) -> Interview:
        """A scorecard with ratings drawn around the latent levels (`shift` moves them all)."""
        content = content or self.content
        guide, guide_snapshot_id = content.guides[guide_id]
        framework = content.framework
        started = (completed_at or self.now) - timedelta(minutes=self.random.randint(40, 90))
        order = guide.competence_order()
        questions = guide.scored_questions()  # a dialogue topic is never rated
        answered_count = round(len(questions) * answered_share)
        row = Interview.begin(
            person_id=person.id, guide=guide, framework=framework, guide_snapshot_id=guide_snapshot_id,
            framework_snapshot_id=content.framework_snapshot_id, rater_id=rater.id, rater_name=rater.name,
            rater_role=role, now=started, round_id=round_row.id if round_row else None,
            target_profile_id=target_profile_id,
        )
        if completed_at:
            row.status, row.completed_at = InterviewStatus.COMPLETED, completed_at
        row.position = len(order) + 1 if completed_at else min(len(order), 1 + answered_count // 2)
        self.uow.interviews.add(row)
        self.uow.flush()
        bias = latent.self_bias if role is RaterRole.SELF else 0.0
        for question in questions[:answered_count]:
            override = (overrides or {}).get(question.competence)
            if override is not None:
                value: int | None = override
            elif self.random.random() < 0.03:
                value = None  # now and then a question is deliberately not assessed
            else:
                value = self.rating_value(latent.levels[question.competence] + bias + shift)
            note = ""
            if notes and value is not None and self.random.random() < note_share:
                nearest = min(question.anchors, key=lambda level: abs(level - value))
                note = question.anchors[nearest].da
            elif notes and value is None and note_share >= 1.0:
                note = "Kandidaten kunne ikke give et eksempel."
            self.pending_ratings.append(
                {
                    "interview_id": row.id,
                    "item_key": question_key(question.id),
                    "value": value,
                    "not_assessed": value is None,
                    "note": note,
                    "private": False,
                    "updated_at": completed_at or self.now,
                    "version": 1,
                }
            )
        self.summary.interviews += 1
        return row

    def flush_ratings(self) -> None:
        if self.pending_ratings:
            self.uow.interviews.add_ratings(self.pending_ratings)
            self.summary.ratings += len(self.pending_ratings)
            self.pending_ratings = []
