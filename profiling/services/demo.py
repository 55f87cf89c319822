"""Demo data: the fictitious "Eksempelby Kommune", and a large synthetic municipality for benchmarks.

Every name here is made up. Ratings come from a per-person latent level per competence plus noise,
so the charts say something: strengths, shared gaps, blind spots and a panel that disagrees.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from pydantic import BaseModel

from profiling.catalog import Catalog
from profiling.domain.framework import Framework
from profiling.domain.guide import Guide
from profiling.domain.interviews import Interview, question_key
from profiling.domain.people import Person, Team, User
from profiling.domain.rounds import Round
from profiling.domain.scoring import RaterRole
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.services import access
from profiling.services.accounts import first_start_open
from profiling.services.actors import Actor, Role
from profiling.services.content import store_snapshot
from profiling.services.errors import AccessDenied, NotAllowedNow
from profiling.services.passwords import hash_password
from profiling.services.system import is_empty
from profiling.services.targets import ensure_default_targets
from profiling.services.views import InterviewStatus, PersonKind, RoundStatus

DEMO_DOMAIN = "eksempelby.example"
DEMO_MUNICIPALITY = "Eksempelby Kommune"
# Every demo account signs in with this documented password (fictitious data only; see docs/privacy.md).
DEMO_PASSWORD = "eksempelby-demo"
DEMO_SETTING = "demo"


class DemoAccount(BaseModel):
    """A demo account shown on the sign-in screen."""

    email: str
    name: str
    role: Role


def demo_accounts(uow: UnitOfWork) -> list[DemoAccount]:
    """The documented demo accounts, one per role, if the demo is loaded; else an empty list."""
    value = uow.settings.value(DEMO_SETTING)
    if value is None:
        return []
    return [DemoAccount.model_validate(a) for a in value.get("accounts", [])]


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


def _email(name: str) -> str:
    ascii_name = name.lower().translate(ASCII_LETTERS)
    return f"{''.join(c for c in ascii_name if c.isalnum() or c in '.-')}@{DEMO_DOMAIN}"


class DemoBuilder:
    """Writes demo rows quickly: ORM rows for people and interviews, bulk inserts for ratings."""

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
        row = User(email=_email(name), name=name, role=role, created_at=self.now, password_hash=password_hash)
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
            email=_email(name),
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
            if notes and value is not None and self.random.random() < 0.6:
                nearest = min(question.anchors, key=lambda level: abs(level - value))
                note = question.anchors[nearest].da
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


# Made-up people of Eksempelby Kommune.
NORTH = ["Anne Mølgaard", "Bente Kjær", "Carsten Vestergaard", "Dorthe Bach", "Emil Thorsen", "Fatima El-Sayed"]
SOUTH = ["Gitte Lauridsen", "Hans Holt", "Ida Juhl", "Jakob Winther", "Karin Dahl", "Lars Brix"]
CANDIDATES = ["Maja Friis", "Nikolaj Skov", "Olivia Bjerre", "Rasmus Kirk"]
DIGITAL = ("digitalt-kompetent", "kan-medbetjene-borgeren", "paedagogiske-og-didaktiske-kompetencer")


def load_demo(actor: Actor | None, uow: UnitOfWork, catalog: Catalog) -> DemoSummary:
    """The fictitious demo municipality, into an empty database only: loaded by an administrator, or
    by anyone at the first start (no user and no person yet - the moment anyone may create the first
    administrator). The command line (`profiling demo`) is the operator's and calls `build_demo`."""
    if actor is None:
        if not first_start_open(uow):
            raise AccessDenied("the demo is loaded by an administrator once the database has users")
    else:
        access.require_admin(actor)
    if not is_empty(uow):
        raise NotAllowedNow("error.demo_not_empty")
    return build_demo(uow, catalog)


def build_demo(uow: UnitOfWork, catalog: Catalog, seed: int = 2026) -> DemoSummary:
    """Load Eksempelby Kommune: two teams with development interviews and self-assessments, one open round."""
    build = DemoBuilder(uow, catalog, seed)
    rng = build.random
    now = build.now
    password = hash_password(DEMO_PASSWORD)  # one hash for every demo account: they share the password
    admin = build.user("Anders Andersen", Role.ADMIN, password)
    mette = build.user("Mette Sørensen", Role.MANAGER, password)
    jonas = build.user("Jonas Kristensen", Role.MANAGER, password)
    camilla = build.user("Camilla Holm", Role.RECRUITER, password)
    peter = build.user("Peter Lund", Role.RECRUITER, password)
    uow.flush()
    north = build.team("Borgerservice Nord", "Borgerservice", mette)
    south = build.team("Borgerservice Syd", "Borgerservice", jonas)
    uow.flush()
    target = uow.targets.latest(f"{build.content.framework.title.da} (standard)")
    target_id = target.id if target else None

    employees: list[tuple[Person, User]] = []
    for team, names, manager, offsets in (
        (north, NORTH, mette, {}),
        # The south team shares a gap in digital competences: a training need the team view should show.
        (south, SOUTH, jonas, {c: -0.9 for c in DIGITAL}),
    ):
        for index, name in enumerate(names):
            account = build.user(name, Role.EMPLOYEE, password)
            uow.flush()
            person = build.person(name, PersonKind.EMPLOYEE, team, account)
            uow.flush()
            latent = build.latent(offsets=offsets)
            latent.self_bias = [0.9, 0.0, -0.8][index % 3]  # blind spots, aligned, hidden strengths
            this_year = now - timedelta(days=rng.randint(12, 40))
            if index % 2 == 0:  # last year's MUS: a little lower, so next year shows progress
                build.scorecard(
                    person, "udviklingssamtale", manager, RaterRole.MANAGER, latent,
                    completed_at=this_year - timedelta(days=365), shift=-0.5,
                )
            build.scorecard(
                person, "selvvurdering", account, RaterRole.SELF, latent,
                completed_at=this_year - timedelta(days=rng.randint(2, 7)), notes=False,
            )
            employees.append((person, account))
            if index == len(names) - 1:  # this year's MUS still in progress for one employee per team
                build.scorecard(person, "udviklingssamtale", manager, RaterRole.MANAGER, latent, completed_at=None, answered_share=0.4)
            else:
                build.scorecard(person, "udviklingssamtale", manager, RaterRole.MANAGER, latent, completed_at=this_year)

    round_row = Round(
        title="Specialist i borgerkontakt, Borgerservice Nord",
        framework_id=build.content.framework.id,
        guide_id="rekruttering",
        target_profile_id=target_id,
        owner_id=mette.id,
        status=RoundStatus.OPEN,
        created_at=now - timedelta(days=14),
    )
    round_row.seat_panel([camilla.id, peter.id])
    uow.rounds.add(round_row)
    uow.flush()
    profiles = {
        "Maja Friis": build.latent(base=4.1, spread=0.4),
        "Nikolaj Skov": build.latent(base=3.3, spread=0.5, offsets={c: 0.9 for c in DIGITAL}),
        "Olivia Bjerre": build.latent(base=3.6, spread=0.4, offsets={"veludviklede-kommunikationsevner": 0.9, **{c: -1.2 for c in DIGITAL}}),
        "Rasmus Kirk": build.latent(base=2.7, spread=0.5),
    }
    candidates = {}
    for name in CANDIDATES:
        person = build.person(name, PersonKind.CANDIDATE)
        uow.flush()
        round_row.place(person.id, now - timedelta(days=10))
        candidates[name] = person
    uow.flush()
    interview_day = now - timedelta(days=5)
    plan = [
        (camilla, "Maja Friis", 1.0, None),
        (peter, "Maja Friis", 1.0, None),
        (camilla, "Nikolaj Skov", 1.0, {"veludviklede-kommunikationsevner": 4}),
        # Peter hears Nikolaj's communication quite differently: the panel must talk before deciding.
        (peter, "Nikolaj Skov", 1.0, {"veludviklede-kommunikationsevner": 2}),
        (camilla, "Olivia Bjerre", 1.0, None),
        (peter, "Olivia Bjerre", 0.5, None),
        (camilla, "Rasmus Kirk", 0.3, None),
    ]
    for offset, (rater, name, share, overrides) in enumerate(plan):
        build.scorecard(
            candidates[name], "rekruttering", rater, RaterRole.PANEL, profiles[name],
            completed_at=interview_day + timedelta(hours=offset) if share == 1.0 else None,
            answered_share=share, round_row=round_row, target_profile_id=target_id, overrides=overrides,
        )
    if build.digital is not None:  # last, so the rest of the demo stays as it was for a given seed
        for person, account in employees:
            build.scorecard(
                person, "digital-kortlaegning", account, RaterRole.SELF,
                build.latent(base=3.0, content=build.digital), content=build.digital,
                completed_at=now - timedelta(days=rng.randint(20, 60)), notes=False,
            )
    build.flush_ratings()
    employee = uow.users.by_email(_email(NORTH[0]))
    shown = [admin, mette, camilla, employee]
    accounts = [{"email": u.email, "name": u.name, "role": u.role} for u in shown if u is not None]
    uow.settings.store(DEMO_SETTING, {"accounts": accounts}, now)
    uow.commit()
    return build.summary


FIRST_NAMES = [
    "Anne", "Bo", "Camilla", "Dennis", "Eva", "Frederik", "Gry", "Henrik", "Inge", "Jens", "Katrine", "Lasse",
    "Mette", "Niels", "Pia", "Rune", "Signe", "Thomas", "Ulla", "Viggo", "Yasmin", "Zenia", "Aske", "Birgit",
]
LAST_NAMES = [
    "Andersen", "Bech", "Clausen", "Dam", "Eriksen", "Frost", "Gade", "Holm", "Iversen", "Jessen", "Krogh",
    "Lund", "Munk", "Nørgaard", "Olsen", "Poulsen", "Quist", "Riis", "Storm", "Toft", "Vang", "Winther",
]
UNITS = [
    "Borgerservice", "Kontaktcenter", "Biblioteker", "Jobcenter", "Ydelsescenter",
    "Pladsanvisning", "Byggesag", "Ældreservice", "Skoleadministration", "Sundhedsservice",
]


def _name(rng: random.Random, serial: int) -> str:
    # A serial keeps names unique (and e-mail addresses with them) in a municipality of thousands.
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} {serial}"


def load_large(
    uow: UnitOfWork,
    catalog: Catalog,
    seed: int = 2026,
    *,
    teams: int = 100,
    team_size: int = 20,
    rounds: int = 30,
    candidates_per_round: int = 10,
    scorecards: int | None = 10_000,
    progress: Callable[[str], None] = lambda _: None,
) -> DemoSummary:
    """A whole synthetic municipality: by default 2,000 employees in 100 teams, 300 candidates in 30
    rounds and 10,000 completed scorecards. The same seed gives the same data."""
    build = DemoBuilder(uow, catalog, seed)
    rng = build.random
    now = build.now
    target = uow.targets.latest(f"{build.content.framework.title.da} (standard)")
    target_id = target.id if target else None
    serial = iter(range(1, 10**7))
    progress("creating teams and people …")
    managers = [build.user(f"Leder {_name(rng, next(serial))}", Role.MANAGER) for _ in range(teams)]
    recruiters = [build.user(f"Rekrutterer {_name(rng, next(serial))}", Role.RECRUITER) for _ in range(max(2, rounds))]
    uow.flush()
    team_rows = [
        build.team(f"{UNITS[i % len(UNITS)]} team {i + 1}", UNITS[i % len(UNITS)], managers[i]) for i in range(teams)
    ]
    uow.flush()
    employees: list[tuple[Person, Team, Latent]] = []
    for team_row in team_rows:
        team_offsets = {c.id: rng.gauss(0, 0.4) for c in build.content.framework.competences}
        for _ in range(team_size):
            employees.append((build.person(_name(rng, next(serial)), PersonKind.EMPLOYEE, team_row), team_row, build.latent(offsets=team_offsets)))
    uow.flush()
    manager_of = {t.id: m for t, m in zip(team_rows, managers, strict=False)}
    plan: list[tuple[Person, str, User, RaterRole, Latent, datetime, Round | None, float]] = []
    for person, team_row, latent in employees:
        latent.self_bias = rng.choice([0.8, 0.0, 0.0, -0.7])
        for years_ago, shift in ((1, -0.4), (0, 0.0)):
            done = now - timedelta(days=365 * years_ago + rng.randint(5, 60))
            plan.append((person, "udviklingssamtale", manager_of[team_row.id], RaterRole.MANAGER, latent, done, None, shift))
            plan.append((person, "selvvurdering", manager_of[team_row.id], RaterRole.SELF, latent, done - timedelta(days=3), None, shift))
    progress("creating rounds and candidates …")
    for r in range(rounds):
        owner = managers[r % len(managers)]
        panel = rng.sample(recruiters, k=min(3, len(recruiters)))
        round_row = Round(
            title=f"Specialist i borgerkontakt, runde {r + 1}", framework_id=build.content.framework.id,
            guide_id="rekruttering", target_profile_id=target_id, owner_id=owner.id,
            status=RoundStatus.OPEN if r % 3 == 0 else RoundStatus.CLOSED, created_at=now - timedelta(days=30 + r),
        )
        round_row.seat_panel(u.id for u in panel)
        uow.rounds.add(round_row)
        uow.flush()
        for _ in range(candidates_per_round):
            candidate = build.person(_name(rng, next(serial)), PersonKind.CANDIDATE)
            uow.flush()
            round_row.place(candidate.id, round_row.created_at)
            latent = build.latent(base=rng.uniform(2.6, 4.2), spread=0.5)
            for rater in panel:
                plan.append((candidate, "rekruttering", rater, RaterRole.PANEL, latent, round_row.created_at + timedelta(days=7), round_row, 0.0))
    # Extra follow-up conversations bring the total to the requested number of scorecards (None: as planned).
    scorecards = len(plan) if scorecards is None else scorecards
    while len(plan) < scorecards:
        person, team_row, latent = rng.choice(employees)
        done = now - timedelta(days=rng.randint(61, 300))
        plan.append((person, "udviklingssamtale", manager_of[team_row.id], RaterRole.MANAGER, latent, done, None, -0.2))
    plan = plan[:scorecards]
    self_accounts: dict[int, User] = {}
    for index, (person, guide_id, rater, role, latent, done, in_round, shift) in enumerate(plan, start=1):
        if role is RaterRole.SELF:
            # A self-assessment is the employee's own: give them an account the first time.
            account = self_accounts.get(person.id)
            if account is None:
                account = self_accounts[person.id] = build.user(person.name, Role.EMPLOYEE)
                uow.flush()
                person.user_id = account.id
            rater = account
        build.scorecard(
            person, guide_id, rater, role, latent, completed_at=done, round_row=in_round,
            target_profile_id=target_id if in_round else None, notes=rng.random() < 0.2, shift=shift,
        )
        if index % 500 == 0:
            build.flush_ratings()
            progress(f"{index:,} of {len(plan):,} scorecards …")
    build.flush_ratings()
    uow.commit()
    return build.summary
