"""A large synthetic municipality for benchmarks: thousands of made-up employees, candidates and scorecards."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, timedelta

from profiling.catalog import Catalog
from profiling.demo.builder import DemoBuilder, DemoSummary, Latent
from profiling.domain.people import Person, Team, User
from profiling.domain.rounds import Round
from profiling.domain.scoring import RaterRole
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.reads.target_levels import default_name
from profiling.reads.views import PersonKind, RoundStatus
from profiling.services.actors import Role

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
    target = uow.targets.latest(default_name(build.content.framework))
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
