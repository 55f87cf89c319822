"""Small helpers for service tests: users, teams and people straight into the database."""

from __future__ import annotations

from profiling.domain.people import Person, Team, User
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.reads import decision_views, scorecards
from profiling.services.actors import Actor, Role
from profiling.services.system import actor_of


def make_user(uow: UnitOfWork, name: str, role: Role = Role.ADMIN) -> Actor:
    row = User(email=f"{name.lower().replace(' ', '.')}@eksempelby.example", name=name, role=role, created_at=uow.now())
    uow.users.add(row)
    uow.flush()
    uow.commit()
    return actor_of(row)


def make_team(uow: UnitOfWork, name: str, manager: Actor | None = None, unit: str = "Borgerservice") -> int:
    row = Team(name=name, unit=unit, manager_id=manager.user_id if manager else None)
    uow.teams.add(row)
    uow.flush()
    uow.commit()
    return row.id


def make_person(
    uow: UnitOfWork, name: str, kind: str = "employee", team_id: int | None = None, user: Actor | None = None
) -> int:
    now = uow.now()
    row = Person(
        kind=kind, name=name, email=None, team_id=team_id, user_id=user.user_id if user else None,
        created_at=now, updated_at=now,
    )
    uow.people.add(row)
    uow.flush()
    uow.commit()
    return row.id


def make_round_with_panel(uow_factory, catalog, title: str = "Specialist i borgerkontakt"):  # type: ignore[no-untyped-def]
    """An open recruitment round owned by a manager, with two recruiters on the panel: (owner, anne, bo, round)."""
    from profiling.services import rounds

    with uow_factory() as uow:
        owner = make_user(uow, "Mette Leder", Role.MANAGER)
        anne = make_user(uow, "Anne Panel", Role.RECRUITER)
        bo = make_user(uow, "Bo Panel", Role.RECRUITER)
    with uow_factory() as uow:
        created = rounds.create_round(
            owner, uow, catalog,
            {"title": title, "guide_id": "rekruttering", "panel_user_ids": [anne.user_id, bo.user_id]},
        )
    return owner, anne, bo, created


def declare_eligible(units, round_id: int, person_id: int, *raters: Actor) -> None:  # type: ignore[no-untyped-def]
    """Each rater declares themself not disqualified for the candidate (before scoring them in the round)."""
    from profiling.services import cases

    for rater in raters:
        with units() as uow:
            cases.declare(rater, uow, round_id, person_id, False)


def complete_scorecard(units, catalog, rater: Actor, person_id: int, guide_id: str | None = None,  # type: ignore[no-untyped-def]
                       value: int = 3, round_id: int | None = None) -> int:
    """A completed scorecard with every scored question rated `value`, through the services (in a round, the rater
    declares themself not disqualified for the candidate first; low ratings get the note they need)."""
    from profiling.services import cases, interviews

    if round_id is not None:
        with units() as uow:
            cases.declare(rater, uow, round_id, person_id, False)
    with units() as uow:
        interview_id = interviews.start_interview(rater, uow, catalog, person_id=person_id, guide_id=guide_id, round_id=round_id)
        guide = scorecards.get_interview(rater, uow, interview_id).guide
    note = "Det hørte panelet" if round_id is not None and value <= 2 else ""
    for question in guide.scored_questions():
        with units() as uow:
            interviews.save_rating(rater, uow, interview_id, question.id, value=value, note=note, expected_version=0)
    with units() as uow:
        interviews.complete_interview(rater, uow, interview_id)
    return interview_id


def decide_and_close(units, catalog, owner: Actor, round_id: int, recommended: list[int] | None = None) -> None:  # type: ignore[no-untyped-def]
    """The owner writes the minutes (reasons for every assessed candidate, a word on every flagged one) and closes."""
    from datetime import date

    from profiling.services import decisions, rounds

    with units() as uow:
        view = decision_views.decision(owner, uow, catalog, round_id)
    with units() as uow:
        decisions.write_minutes(owner, uow, catalog, round_id, {
            "recommended": recommended or [], "recommendation": "Panelets indstilling",
            "reasons": {p: "Vurderet ud fra kriterierne" for p in view.assessed},
            "explanations": {p: "Et panelmedlem var syg" for p in view.flagged},
            "decided_by": "Ansættelsesudvalget", "decided_on": date(2026, 11, 20),
        })
    with units() as uow:
        rounds.set_round_status(owner, uow, round_id, rounds.RoundStatus.CLOSED)
