"""Who may see and do what: every service operation × every role × every relation, from one table.

The municipality has a manager (Mette, leads Nord) and a manager of another team (Jonas, leads Syd) who
owns a recruitment round; a recruiter on that round's panel (Camilla); a recruiter with a round of her
own and no panel seat (Ulla); Anne, an employee in Nord who applies internally in Jonas's round; Tina, the
union representative (an employee) on the round's hiring committee; and Peter, a recruiter on the round's
panel who declared himself disqualified for its external candidate Kim.
Each cell runs on a fresh copy of the town. A cell is allowed (the call succeeds) or refused
(AccessDenied or NotFound); where a call is allowed but filters what it returns, the table also says
what each role gets to see.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import insert, select, text

import profiling.reads
import profiling.services
from profiling.domain.assessments import Instrument
from profiling.domain.policy import Permission
from profiling.persistence.database import session_factory
from profiling.persistence.tables import Base
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.reads import (
    comparison,
    decision_views,
    development_plans,
    directory,
    interview_views,
    letter_drafts,
    outbox,
    permissions,
    preparation,
    results,
    round_case,
    round_views,
    runner,
    scorecards,
    self_assessments,
    settings,
    target_levels,
    team,
    theme_day_views,
)
from profiling.reads.query import Query
from profiling.reads.views import RoundStatus
from profiling.services import (
    account_invitations,
    accounts,
    audit,
    bulk_export,
    case_file,
    cases,
    decisions,
    demo,
    interviews,
    invitations,
    mail,
    outcomes,
    people,
    people_import,
    plans,
    practice,
    privacy,
    rounds,
    targets,
    theme_days,
)
from profiling.services.actors import Actor, Role
from profiling.services.errors import AccessDenied, NotAllowedNow, NotFound
from profiling.services.system import actor_of
from profiling.settings import Settings
from tests.conftest import FrozenClock
from tests.integration.helpers import make_person, make_team, make_user

FRAMEWORK = "specialist-i-borgerkontakt"
ROLES = ["admin", "manager", "other_manager", "recruiter", "outsider", "employee", "committee", "disqualified"]
STAFF = {"admin", "manager", "other_manager", "recruiter", "outsider", "disqualified"}
EVERYONE = set(ROLES)


@dataclass
class Town:
    admin: Actor
    manager: Actor  # Mette, leads Nord (Anne's team)
    other_manager: Actor  # Jonas, leads Syd, owns the round
    recruiter: Actor  # Camilla, on the round's panel
    outsider: Actor  # Ulla, a recruiter with her own round and no panel seat
    employee: Actor  # Anne, in Nord, an internal applicant in Jonas's round
    committee: Actor  # Tina, union representative: on the round's hiring committee
    disqualified: Actor  # Peter, on the round's panel, disqualified for Kim
    anne: int
    bo: int  # in Syd
    kim: int  # external candidate in the round
    lis: int  # external candidate in Ulla's round
    round_id: int
    own_round: int  # Ulla's
    team_nord: int
    team_syd: int
    mus: int  # Mette's completed MUS of Anne, with a private note
    self_assessment: int  # Anne's completed self-assessment
    kim_scorecard: int  # Camilla's completed scorecard of Kim in the round
    anne_round_scorecard: int  # Camilla's completed scorecard of Anne in the round
    mette_draft: int  # Mette's MUS draft of Anne
    plan: int
    goal: int
    target: int
    theme_day: int  # Nord's, planned by Mette
    check_in: int  # Anne's check-in on her plan goal
    user_of: dict[str, int] = field(default_factory=dict)

    def actor(self, role: str) -> Actor:
        return getattr(self, role)


@pytest.fixture(scope="module")
def town_snapshot(engine, catalog) -> tuple[Town, dict[str, list[dict[str, Any]]]]:
    """The town, built once per database through the services, and every table's rows as it left them."""
    clock = FrozenClock(datetime(2026, 11, 22, 9, 30, tzinfo=UTC))
    factory = session_factory(engine)
    _empty(engine)
    built = build_town(lambda: UnitOfWork(factory, clock), catalog)
    with engine.connect() as connection:
        rows = {table.name: [dict(r._mapping) for r in connection.execute(select(table))] for table in Base.metadata.sorted_tables}
    _empty(engine)
    return built, rows


def _empty(engine) -> None:  # type: ignore[no-untyped-def]
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())


@pytest.fixture
def town(uow_factory, town_snapshot, engine) -> Town:
    """The town as the services built it, restored for each cell (building it for each of ~1,200 cells took
    most of CI's time); the test's units of work then empty the database as usual."""
    built, rows = town_snapshot
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())
        for table in Base.metadata.sorted_tables:
            if rows[table.name]:
                connection.execute(insert(table), rows[table.name])
        if connection.dialect.name == "postgresql":  # new rows must not reuse the restored ids
            for table in Base.metadata.sorted_tables:
                if "id" in table.c and rows[table.name]:
                    connection.execute(
                        text("SELECT setval(pg_get_serial_sequence(:name, 'id'), :top)"),
                        {"name": table.name, "top": max(r["id"] for r in rows[table.name])},
                    )
    return built


def build_town(uow_factory, catalog) -> Town:  # type: ignore[no-untyped-def]
    with uow_factory() as uow:
        admin = make_user(uow, "Admin")
        manager = make_user(uow, "Mette Leder", Role.MANAGER)
        other = make_user(uow, "Jonas Leder", Role.MANAGER)
        recruiter = make_user(uow, "Camilla Rekrutterer", Role.RECRUITER)
        outsider = make_user(uow, "Ulla Udenfor", Role.RECRUITER)
        employee = make_user(uow, "Anne Ansat", Role.EMPLOYEE)
        committee = make_user(uow, "Tina Tillidsrepræsentant", Role.EMPLOYEE)
        disqualified = make_user(uow, "Peter Panel", Role.RECRUITER)
        nord, syd = make_team(uow, "Nord", manager), make_team(uow, "Syd", other)
        anne = make_person(uow, "Anne Ansat", team_id=nord, user=employee)
        bo = make_person(uow, "Bo Ansat", team_id=syd)
    with uow_factory() as uow:
        the_round = rounds.create_round(other, uow, catalog, {
            "title": "Specialist", "guide_id": "rekruttering", "panel_user_ids": [recruiter.user_id, disqualified.user_id],
            "committee_user_ids": [committee.user_id],
        })
    with uow_factory() as uow:
        kim = rounds.add_new_candidate(other, uow, the_round.id, {"name": "Kim Kandidat"}).candidates[0].id
    with uow_factory() as uow:  # HR puts Anne on the round: an internal applicant
        rounds.add_candidate(admin, uow, the_round.id, anne)
    with uow_factory() as uow:
        own_round = rounds.create_round(outsider, uow, catalog, {"title": "Ullas runde", "guide_id": "rekruttering"})
    with uow_factory() as uow:
        lis = rounds.add_new_candidate(outsider, uow, own_round.id, {"name": "Lis Kandidat"}).candidates[0].id

    with uow_factory() as uow:
        cases.declare(disqualified, uow, the_round.id, kim, True, "Kim er min svoger")
    for person in (kim, anne):
        with uow_factory() as uow:
            cases.declare(recruiter, uow, the_round.id, person, False)

    def scorecard(actor: Actor, person: int, guide: str | None, round_id: int | None = None, private: bool = False,
                  complete: bool = True) -> int:
        with uow_factory() as uow:
            interview_id = interviews.start_interview(actor, uow, catalog, person_id=person, guide_id=guide, round_id=round_id)
            question = scorecards.get_interview(actor, uow, interview_id).guide.questions[0]
            interviews.save_rating(actor, uow, interview_id, question.id, value=3, note="privat vurdering" if private else "note",
                                   private=private, expected_version=0)
        if complete:
            with uow_factory() as uow:
                interviews.complete_interview(actor, uow, interview_id)
        return interview_id

    mus = scorecard(manager, anne, "udviklingssamtale", private=True)
    with uow_factory() as uow:
        plan = plans.save_plan(
            manager, uow, catalog, anne, "Plan 2026", [{"competence_id": "kan-medbetjene-borgeren", "goal": "Medbetjening hver dag"}],
            interview_id=mus,
        )
    with uow_factory() as uow:
        theme_day = theme_days.plan_theme_day(
            manager, uow, catalog, nord, {"title": "Temadag", "held_on": date(2026, 12, 1), "framework_id": FRAMEWORK}
        ).id
    with uow_factory() as uow:
        check_in = practice.check_in(employee, uow, plan.goals[0].id, "Prøvede det ved skranken").id
    with uow_factory() as uow:
        target = targets.save_target_profile(admin, uow, catalog, "Specialist", FRAMEWORK, {"kan-medbetjene-borgeren": (4, 1.0)}).id
    kim_card = scorecard(recruiter, kim, None, round_id=the_round.id)
    anne_card = scorecard(recruiter, anne, None, round_id=the_round.id)
    with uow_factory() as uow:  # the minutes of the decision: the round may close
        decisions.write_minutes(other, uow, catalog, the_round.id, {
            "recommended": [kim], "reasons": {kim: "Stærkest på medbetjening", anne: "Svagere på digitale kompetencer"},
            "explanations": {kim: "En kort samtale", anne: "En kort samtale"},  # one question each in this town
            "decided_by": "Ansættelsesudvalget", "decided_on": date(2026, 11, 20),
        })
    return Town(
        admin=admin, manager=manager, other_manager=other, recruiter=recruiter, outsider=outsider, employee=employee,
        committee=committee, disqualified=disqualified,
        anne=anne, bo=bo, kim=kim, lis=lis, round_id=the_round.id, own_round=own_round.id, team_nord=nord, team_syd=syd,
        mus=mus,
        self_assessment=scorecard(employee, anne, "selvvurdering"),
        kim_scorecard=kim_card,
        anne_round_scorecard=anne_card,
        mette_draft=scorecard(manager, anne, "udviklingssamtale", complete=False),
        plan=plan.id, goal=plan.goals[0].id, target=target, theme_day=theme_day, check_in=check_in,
    )


Call = Callable[[Actor, Any, Town, Any], Any]
Reveal = Callable[[Any, Town], set[str]]


@dataclass(frozen=True)
class Cell:
    """One operation: the service function it calls, who may call it, and (for filtered reads) who sees what."""

    operation: str
    function: str
    call: Call
    allowed: set[str]
    reveals: Reveal | None = None
    sees: dict[str, set[str]] = field(default_factory=dict)


def names(town: Town) -> dict[int, str]:
    return {town.anne: "Anne", town.bo: "Bo", town.kim: "Kim", town.lis: "Lis"}


def scorecard_labels(town: Town) -> dict[int, str]:
    return {
        town.mus: "Anne's MUS", town.self_assessment: "Anne's self-assessment", town.kim_scorecard: "Kim's round card",
        town.anne_round_scorecard: "Anne's round card", town.mette_draft: "Mette's draft",
    }


def people_seen(result: Any, town: Town) -> set[str]:
    return {names(town)[p.id] for p in result if p.id in names(town)}


def cards_seen(result: Any, town: Town) -> set[str]:
    labels = scorecard_labels(town)
    return {labels[i.id] for i in result if i.id in labels}


def contexts_seen(result: Any, town: Town) -> set[str]:
    return {"round" if c.round_id is not None else "outside rounds" for c in result}


def history_seen(result: Any, town: Town) -> set[str]:
    return {"round" if p.instrument is Instrument.RECRUITMENT else "outside rounds" for p in result}


IMPORT_FILE = b"Medarbejdernummer;Navn;Team\n9001;Ny Kollega;Nord\n"
ANNE_SEEN = {"admin", "manager", "other_manager", "recruiter", "employee", "committee", "disqualified"}
ANNE_DEVELOPMENT = {"admin", "manager", "employee"}
ROUND_STAFF = {"admin", "other_manager", "recruiter"}
ROUND_CASE = ROUND_STAFF | {"committee", "disqualified"}  # everyone who sees the round
NOT_IN_TEAMS = ("other_manager", "recruiter", "outsider", "employee", "committee", "disqualified")

CELLS: list[Cell] = [
    # people
    Cell("see Anne", "directory.get_person", lambda a, uow, t, c: directory.get_person(a, uow, t.anne), ANNE_SEEN),
    Cell("see Bo", "directory.get_person", lambda a, uow, t, c: directory.get_person(a, uow, t.bo), {"admin", "other_manager"}),
    Cell("see candidate Kim", "directory.get_person", lambda a, uow, t, c: directory.get_person(a, uow, t.kim),
         ROUND_STAFF | {"committee"}),
    Cell("see candidate Lis", "directory.get_person", lambda a, uow, t, c: directory.get_person(a, uow, t.lis), {"admin", "outsider"}),
    Cell("list people", "directory.list_people", lambda a, uow, t, c: directory.list_people(a, uow), EVERYONE, people_seen, {
        "admin": {"Anne", "Bo", "Kim", "Lis"}, "manager": {"Anne"}, "other_manager": {"Anne", "Bo", "Kim"},
        "recruiter": {"Anne", "Kim"}, "outsider": {"Lis"}, "employee": {"Anne"}, "committee": {"Anne", "Kim"},
        "disqualified": {"Anne"},
    }),
    Cell("rights on Anne", "directory.person_rights", lambda a, uow, t, c: directory.person_rights(a, uow, t.anne), ANNE_SEEN,
         lambda r, t: {k for k in ("edit", "converse") if getattr(r, k)}, {
             "admin": {"edit", "converse"}, "manager": {"edit", "converse"}, "other_manager": set(), "recruiter": set(),
             "employee": set(), "committee": set(), "disqualified": set(),
         }),
    Cell("create a candidate", "people.create_person",
         lambda a, uow, t, c: people.create_person(a, uow, {"kind": "candidate", "name": "Ny"}), STAFF),
    Cell("create an employee in Nord", "people.create_person",
         lambda a, uow, t, c: people.create_person(a, uow, {"kind": "employee", "name": "Ny", "team_id": t.team_nord}),
         {"admin", "manager"}),
    Cell("create an employee in no team", "people.create_person",
         lambda a, uow, t, c: people.create_person(a, uow, {"kind": "employee", "name": "Ny"}), {"admin"}),
    Cell("rename Anne", "people.update_person",
         lambda a, uow, t, c: people.update_person(a, uow, t.anne, {"kind": "employee", "name": "Anne A", "team_id": t.team_nord}, 1),
         {"admin", "manager"}),
    Cell("move Anne to Syd", "people.update_person",
         lambda a, uow, t, c: people.update_person(a, uow, t.anne, {"kind": "employee", "name": "Anne Ansat", "team_id": t.team_syd}, 1),
         {"admin"}),
    Cell("clear Anne's team", "people.update_person",
         lambda a, uow, t, c: people.update_person(a, uow, t.anne, {"kind": "employee", "name": "Anne Ansat"}, 1),
         {"admin"}),
    Cell("rename candidate Kim", "people.update_person",
         lambda a, uow, t, c: people.update_person(a, uow, t.kim, {"kind": "candidate", "name": "Kim K"}, 1),
         {"admin", "other_manager"}),
    Cell("make candidate Kim an employee", "people.update_person",
         lambda a, uow, t, c: people.update_person(a, uow, t.kim, {"kind": "employee", "name": "Kim Kandidat"}, 1),
         {"admin"}),
    Cell("record Kim's consent", "privacy.record_consent",
         lambda a, uow, t, c: privacy.record_consent(a, uow, t.kim, date(2027, 6, 1)), {"admin", "other_manager"}),
    Cell("list teams", "directory.list_teams", lambda a, uow, t, c: directory.list_teams(a, uow), EVERYONE,
         lambda r, t: {tv.name for tv in r}, {
             "admin": {"Nord", "Syd"}, "manager": {"Nord"}, "other_manager": {"Syd"}, "recruiter": set(),
             "outsider": set(), "employee": set(), "committee": set(), "disqualified": set(),
         }),
    Cell("list panel users", "directory.list_users", lambda a, uow, t, c: directory.list_users(a, uow), STAFF,
         lambda r, t: {"employees" for u in r if u.role == Role.EMPLOYEE} or {"no employees"},
         {role: {"no employees"} for role in STAFF}),
    # scorecards
    Cell("read Anne's MUS", "scorecards.get_interview", lambda a, uow, t, c: scorecards.get_interview(a, uow, t.mus),
         ANNE_DEVELOPMENT),
    Cell("read Anne's self-assessment", "scorecards.get_interview",
         lambda a, uow, t, c: scorecards.get_interview(a, uow, t.self_assessment), ANNE_DEVELOPMENT),
    Cell("read Kim's round scorecard", "scorecards.get_interview",
         lambda a, uow, t, c: scorecards.get_interview(a, uow, t.kim_scorecard), ROUND_STAFF),
    Cell("read Anne's round scorecard", "scorecards.get_interview",
         lambda a, uow, t, c: scorecards.get_interview(a, uow, t.anne_round_scorecard), ROUND_STAFF),
    Cell("read Mette's draft", "scorecards.get_interview", lambda a, uow, t, c: scorecards.get_interview(a, uow, t.mette_draft),
         {"admin", "manager"}),
    Cell("scorecards of Anne", "interview_views.interviews_of_person",
         lambda a, uow, t, c: interview_views.interviews_of_person(a, uow, t.anne), ANNE_SEEN, cards_seen, {
             "admin": {"Anne's MUS", "Anne's self-assessment", "Anne's round card", "Mette's draft"},
             "manager": {"Anne's MUS", "Anne's self-assessment", "Mette's draft"},
             "other_manager": {"Anne's round card"}, "recruiter": {"Anne's round card"},
             "employee": {"Anne's MUS", "Anne's self-assessment"}, "committee": {"Anne's round card"},
             "disqualified": set(),  # blind: he has not completed his own of Anne
         }),
    Cell("recent results", "interview_views.recent_results", lambda a, uow, t, c: interview_views.recent_results(a, uow), EVERYONE,
         cards_seen, {
             "admin": {"Anne's MUS", "Anne's self-assessment", "Anne's round card", "Kim's round card"},
             "manager": {"Anne's MUS", "Anne's self-assessment"},
             "other_manager": {"Anne's round card", "Kim's round card"},
             "recruiter": {"Anne's round card", "Kim's round card"}, "outsider": set(),
             "employee": {"Anne's MUS", "Anne's self-assessment"},
             "committee": {"Anne's round card", "Kim's round card"}, "disqualified": set(),
         }),
    Cell("my drafts", "interview_views.my_drafts", lambda a, uow, t, c: interview_views.my_drafts(a, uow), EVERYONE, cards_seen, {
        "manager": {"Mette's draft"}, **{r: set() for r in ROLES if r != "manager"},
    }),
    Cell("which of Anne's scorecards open", "interview_views.openable",
         lambda a, uow, t, c: [type("S", (), {"id": i}) for i in interview_views.openable(
             a, uow, [t.mus, t.self_assessment, t.anne_round_scorecard, t.kim_scorecard])], EVERYONE, cards_seen, {
             "admin": {"Anne's MUS", "Anne's self-assessment", "Anne's round card", "Kim's round card"},
             "manager": {"Anne's MUS", "Anne's self-assessment"},
             "other_manager": {"Anne's round card", "Kim's round card"},
             "recruiter": {"Anne's round card", "Kim's round card"}, "outsider": set(),
             "employee": {"Anne's MUS", "Anne's self-assessment"},
             "committee": set(), "disqualified": set(),  # the committee reads results, never a scorecard in full
         }),
    Cell("start a MUS with Anne", "interviews.start_interview",
         lambda a, uow, t, c: interviews.start_interview(a, uow, c, person_id=t.anne, guide_id="udviklingssamtale"),
         {"admin", "manager"}),
    Cell("start a MUS with candidate Kim", "interviews.start_interview",
         lambda a, uow, t, c: interviews.start_interview(a, uow, c, person_id=t.kim, guide_id="udviklingssamtale"), {"admin"}),
    Cell("start a recruitment interview with Kim outside the round", "interviews.start_interview",
         lambda a, uow, t, c: interviews.start_interview(a, uow, c, person_id=t.kim, guide_id="rekruttering"), {"admin"}),
    Cell("declare oneself not disqualified for Anne", "cases.declare",
         lambda a, uow, t, c: cases.declare(a, uow, t.round_id, t.anne, False), ROUND_CASE),
    Cell("declare oneself not disqualified for the candidates named (Anne)", "cases.declare_not_disqualified",
         lambda a, uow, t, c: cases.declare_not_disqualified(a, uow, t.round_id, [t.anne]), ROUND_CASE),
    Cell("score Kim in the round (declared first)", "interviews.start_interview",
         lambda a, uow, t, c: interviews.start_interview(a, _declared(uow, a, t, t.kim), c, person_id=t.kim, round_id=t.round_id),
         ROUND_STAFF),
    Cell("the round's case", "round_case.round_case", lambda a, uow, t, c: round_case.round_case(a, uow, c, t.round_id), ROUND_CASE,
         lambda r, t: {f"{d.user_name.split()[0]}: {names(t)[d.person_id]}" for d in r.declarations}, {
             **{role: {"Camilla: Kim", "Camilla: Anne", "Peter: Kim"} for role in ROUND_CASE - {"disqualified"}},
             "disqualified": {"Camilla: Anne", "Peter: Kim"},  # his own, not the others' about Kim
         }),
    Cell("ask the raters for notes", "cases.ask_for_notes", lambda a, uow, t, c: cases.ask_for_notes(a, uow, c, t.round_id),
         {"admin", "other_manager"}),
    Cell("add a requested note to Camilla's card of Kim", "interviews.add_requested_note",
         lambda a, uow, t, c: interviews.add_requested_note(a, _note_asked(uow, t), t.kim_scorecard, _first_question(c), "Hørt"),
         {"recruiter"}),
    # the round's case: minutes, references and hearings, access to one's own case, answers, filing
    Cell("the round's decision", "decision_views.decision", lambda a, uow, t, c: decision_views.decision(a, uow, c, t.round_id),
         ROUND_CASE, lambda r, t: {names(t)[p] for p in r.minutes.reasons} if r.minutes else set(), {
             **{role: {"Anne", "Kim"} for role in ROUND_CASE}, "disqualified": {"Anne"},  # not what is said of Kim
         }),
    Cell("write the minutes", "decisions.write_minutes",
         lambda a, uow, t, c: decisions.write_minutes(a, uow, c, t.round_id, {
             "reasons": {t.kim: "Grund", t.anne: "Grund"}, "explanations": {t.kim: "Kort", t.anne: "Kort"},
             "decided_by": "Udvalget", "decided_on": date(2026, 11, 21)}),
         {"admin", "other_manager"}),
    Cell("take a reference on Anne", "decisions.add_reference",
         lambda a, uow, t, c: decisions.add_reference(a, uow, c, t.round_id, t.anne, {
             "referee_name": "Tidligere leder", "consent_on": date(2026, 11, 1), "summary": "God"}),
         {"admin", "other_manager", "recruiter", "disqualified"}),
    Cell("hear Kim on a reference against him", "decisions.start_hearing",
         lambda a, uow, t, c: decisions.start_hearing(a, uow, t.round_id, _reference_against(uow, t), "Brev", date(2026, 12, 5)),
         {"admin", "other_manager"}),
    Cell("record Kim's answer to the hearing", "decisions.record_hearing_answer",
         lambda a, uow, t, c: decisions.record_hearing_answer(a, uow, t.round_id, _reference_against(uow, t, heard=True), "Svar"),
         {"admin", "other_manager"}),
    Cell("record Anne's request to see her case", "decisions.request_access",
         lambda a, uow, t, c: decisions.request_access(a, uow, t.round_id, t.anne), {"admin", "other_manager"}),
    Cell("record Anne's access as given", "decisions.deliver_access",
         lambda a, uow, t, c: decisions.deliver_access(a, _access_asked(uow, t), t.round_id, t.anne), {"admin", "other_manager"}),
    Cell("Anne's own case documents (the applicant asking for access)", "case_file.access_package",
         lambda a, uow, t, c: case_file.access_package(a, uow, t.round_id, t.anne, "da"), {"admin", "other_manager"},
         lambda r, t: _package_parties(r, t), {role: {"Anne"} for role in ("admin", "other_manager")}),
    Cell("the draft answer to Kim", "letter_drafts.answer_draft",
         lambda a, uow, t, c: letter_drafts.answer_draft(a, uow, c, t.round_id, t.kim, "da"), {"admin", "other_manager"},
         lambda r, t: {"Kim's reasons"} if "Stærkest på medbetjening" in r and "Svagere" not in r else {"others' too"},
         {role: {"Kim's reasons"} for role in ("admin", "other_manager")}),
    Cell("the draft hearing letter to Kim", "letter_drafts.hearing_draft",
         lambda a, uow, t, c: letter_drafts.hearing_draft(a, uow, c, t.round_id, _reference_against(uow, t), date(2026, 12, 5), "da"),
         {"admin", "other_manager"}),
    Cell("record the answer sent to Kim", "decisions.record_answer",
         lambda a, uow, t, c: decisions.record_answer(a, _closed(uow, t), t.round_id, t.kim, "Svar med begrundelse"),
         {"admin", "other_manager"}),
    Cell("the case file for the case system", "case_file.case_file",
         lambda a, uow, t, c: case_file.case_file(a, _closed(uow, t), t.round_id, "da"), {"admin", "other_manager"}),
    Cell("record the filing", "case_file.journalise",
         lambda a, uow, t, c: case_file.journalise(a, _closed(uow, t), t.round_id, "81.03.00-A00-1-26"), {"admin", "other_manager"}),
    Cell("users for a round's panel and hiring committee", "directory.list_round_seats",
         lambda a, uow, t, c: directory.list_round_seats(a, uow), STAFF,
         lambda r, t: {"employees on the panel" for u in r[0] if u.role == Role.EMPLOYEE}
         | {"an employee on the committee" for u in r[1] if u.role == Role.EMPLOYEE},
         {role: {"an employee on the committee"} for role in STAFF}),
    Cell("start Anne's self-assessment", "interviews.start_interview",
         lambda a, uow, t, c: interviews.start_interview(a, uow, c, person_id=t.anne, guide_id="selvvurdering"), {"employee"}),
    Cell("rate in Mette's draft", "interviews.save_rating",
         lambda a, uow, t, c: interviews.save_rating(a, uow, t.mette_draft, "mus-kommunikation-1", value=4, expected_version=1),
         {"manager"}),
    Cell("enter Mette's draft from paper", "interviews.enter_from_paper",
         lambda a, uow, t, c: interviews.enter_from_paper(a, uow, t.mette_draft, date(2026, 11, 1), []), {"manager"}),
    Cell("move in Mette's draft", "interviews.move_to", lambda a, uow, t, c: interviews.move_to(a, uow, t.mette_draft, 2),
         {"manager"}),
    Cell("see Anne's self-assessment before completing Mette's draft", "interviews.show_self_assessment",
         lambda a, uow, t, c: interviews.show_self_assessment(a, uow, t.mette_draft), {"manager"}),
    Cell("complete Mette's draft", "interviews.complete_interview",
         lambda a, uow, t, c: interviews.complete_interview(a, uow, t.mette_draft), {"manager"}),
    Cell("discard Mette's draft", "interviews.discard_draft",
         lambda a, uow, t, c: interviews.discard_draft(a, uow, t.mette_draft), {"manager"}),
    # results
    Cell("read Anne's MUS result", "results.person_result",
         lambda a, uow, t, c: results.person_result(a, uow, t.anne, f"interview:{t.mus}"), ANNE_DEVELOPMENT),
    Cell("read Anne's round result", "results.person_result",
         lambda a, uow, t, c: results.person_result(a, uow, t.anne, f"round:{t.round_id}"), ROUND_STAFF | {"committee"}),
    Cell("read Kim's result", "results.person_result",
         lambda a, uow, t, c: results.person_result(a, uow, t.kim, f"round:{t.round_id}"), ROUND_STAFF | {"committee"}),
    Cell("Anne's assessments", "results.person_contexts", lambda a, uow, t, c: results.person_contexts(a, uow, t.anne),
         ANNE_SEEN, contexts_seen, {
             "admin": {"round", "outside rounds"}, "manager": {"outside rounds"}, "other_manager": {"round"},
             "recruiter": {"round"}, "employee": {"outside rounds"}, "committee": {"round"}, "disqualified": set(),
         }),
    Cell("Anne's history", "results.person_history",
         lambda a, uow, t, c: results.person_history(a, uow, t.anne, FRAMEWORK), ANNE_SEEN, history_seen, {
             "admin": {"round", "outside rounds"}, "manager": {"outside rounds"}, "other_manager": {"round"},
             "recruiter": {"round"}, "employee": {"outside rounds"}, "committee": {"round"}, "disqualified": set(),
         }),
    # development
    Cell("prepare Anne's MUS", "preparation.mus_preparation",
         lambda a, uow, t, c: preparation.mus_preparation(a, uow, c, t.anne, FRAMEWORK), ANNE_DEVELOPMENT),
    Cell("read Anne's plans", "development_plans.plans_of", lambda a, uow, t, c: development_plans.plans_of(a, uow, t.anne),
         ANNE_DEVELOPMENT),
    Cell("follow Anne's invitations", "self_assessments.invitations_of",
         lambda a, uow, t, c: self_assessments.invitations_of(a, uow, c, t.anne), ANNE_DEVELOPMENT),
    Cell("my open self-assessments", "self_assessments.my_open_self_assessments",
         lambda a, uow, t, c: self_assessments.my_open_self_assessments(a, uow, c), EVERYONE),
    Cell("invite Anne to a self-assessment", "invitations.invite_to_self_assessment",
         lambda a, uow, t, c: invitations.invite_to_self_assessment(a, uow, c, t.anne, date(2026, 12, 15)),
         {"admin", "manager"}),
    Cell("save a plan for Anne", "plans.save_plan",
         lambda a, uow, t, c: plans.save_plan(a, uow, c, t.anne, "Ny plan", [{"competence_id": "kan-medbetjene-borgeren", "goal": "Mål"}]),
         {"admin", "manager"}),
    Cell("agree to Anne's plan", "plans.agree_plan", lambda a, uow, t, c: plans.agree_plan(a, uow, t.plan),
         ANNE_DEVELOPMENT),
    Cell("follow up a goal of Anne's", "plans.set_goal_status",
         lambda a, uow, t, c: plans.set_goal_status(a, uow, t.goal, plans.GoalStatus.DONE), ANNE_DEVELOPMENT),
    Cell("write the outcome of Anne's MUS", "outcomes.save_outcome",
         lambda a, uow, t, c: outcomes.save_outcome(a, uow, t.mus, "Aftalt"), {"manager"}),
    Cell("read the outcome of Anne's MUS", "outcomes.mus_outcome",
         lambda a, uow, t, c: outcomes.mus_outcome(a, uow, t.mus), EVERYONE,
         lambda r, t: {"outcome"} if r == "Aftalt" else set(), {**{r: set() for r in ROLES}}),
    # rounds
    Cell("see the round", "round_views.get_round", lambda a, uow, t, c: round_views.get_round(a, uow, t.round_id), ROUND_CASE,
         lambda r, t: {names(t)[p.id] for p in r.candidates}, {
             **{role: {"Anne", "Kim"} for role in ROUND_CASE}, "disqualified": {"Anne"},
         }),
    Cell("may change the round", "round_views.get_round", lambda a, uow, t, c: round_views.get_round(a, uow, t.round_id).may_change,
         ROUND_CASE, lambda r, t: r, {"admin": True, "other_manager": True, "recruiter": False, "committee": False,
                                      "disqualified": False}),
    Cell("may hold the round's interviews", "round_views.get_round",
         lambda a, uow, t, c: round_views.get_round(a, uow, t.round_id).may_score,
         ROUND_CASE, lambda r, t: r, {"admin": True, "other_manager": True, "recruiter": True, "committee": False,
                                      "disqualified": True}),
    Cell("the municipality's settings", "settings.municipal_settings",
         lambda a, uow, t, c: settings.municipal_settings(a, uow), {"admin"}),
    Cell("may administer at all", "permissions.allowed",
         lambda a, uow, t, c: permissions.allowed(a, uow, Permission.ADMINISTER), EVERYONE,
         lambda r, t: {"administers"} if r else set(), {**{role: set() for role in ROLES}, "admin": {"administers"}}),
    Cell("may see team overviews at all", "permissions.allowed",
         lambda a, uow, t, c: permissions.allowed(a, uow, Permission.SEE_TEAM_OVERVIEW), EVERYONE,
         lambda r, t: {"team overviews"} if r else set(),
         {**{role: set() for role in ROLES}, **{role: {"team overviews"} for role in ("admin", "manager", "other_manager")}}),
    Cell("sits on a hiring committee", "round_views.sits_on_a_committee",
         lambda a, uow, t, c: round_views.sits_on_a_committee(a, uow), EVERYONE, lambda r, t: {"committee"} if r else set(),
         {**{role: set() for role in ROLES}, "committee": {"committee"}}),
    Cell("list rounds", "round_views.list_rounds", lambda a, uow, t, c: round_views.list_rounds(a, uow), EVERYONE,
         lambda r, t: {rv.title for rv in r}, {
             "admin": {"Specialist", "Ullas runde"}, "manager": set(), "other_manager": {"Specialist"},
             "recruiter": {"Specialist"}, "outsider": {"Ullas runde"}, "employee": set(), "committee": {"Specialist"},
             "disqualified": {"Specialist"},
         }),
    Cell("round titles", "round_views.round_titles", lambda a, uow, t, c: round_views.round_titles(a, uow), EVERYONE,
         lambda r, t: {rv.title for rv in r}, {
             "admin": {"Specialist", "Ullas runde"}, "manager": set(), "other_manager": {"Specialist"},
             "recruiter": {"Specialist"}, "outsider": {"Ullas runde"}, "employee": set(), "committee": {"Specialist"},
             "disqualified": {"Specialist"},
         }),
    Cell("create a round", "rounds.create_round",
         lambda a, uow, t, c: rounds.create_round(a, uow, c, {"title": "Ny", "guide_id": "rekruttering"}), STAFF),
    Cell("change the round", "rounds.update_round",
         lambda a, uow, t, c: rounds.update_round(a, uow, c, t.round_id, {"title": "Ny titel", "guide_id": "rekruttering",
                                                                        "panel_user_ids": [t.recruiter.user_id]}, 1),
         {"admin", "other_manager"}),
    Cell("close the round", "rounds.set_round_status",
         lambda a, uow, t, c: rounds.set_round_status(a, uow, t.round_id, RoundStatus.CLOSED), {"admin", "other_manager"}),
    Cell("add a new candidate to the round", "rounds.add_new_candidate",
         lambda a, uow, t, c: rounds.add_new_candidate(a, uow, t.round_id, {"name": "Ny Kandidat"}), {"admin", "other_manager"}),
    Cell("add Bo to the round", "rounds.add_candidate", lambda a, uow, t, c: rounds.add_candidate(a, uow, t.round_id, t.bo),
         {"admin", "other_manager"}),
    Cell("add Lis to the round", "rounds.add_candidate", lambda a, uow, t, c: rounds.add_candidate(a, uow, t.round_id, t.lis),
         {"admin"}),
    Cell("add Anne to Ulla's round", "rounds.add_candidate",
         lambda a, uow, t, c: rounds.add_candidate(a, uow, t.own_round, t.anne), {"admin"}),
    Cell("add Kim to Ulla's round", "rounds.add_candidate",
         lambda a, uow, t, c: rounds.add_candidate(a, uow, t.own_round, t.kim), {"admin"}),
    Cell("who can be added to Ulla's round", "round_views.people_to_add",
         lambda a, uow, t, c: round_views.people_to_add(a, uow, t.own_round), {"admin", "outsider"}, people_seen, {
             "admin": {"Anne", "Bo", "Kim"}, "outsider": set(),
         }),
    Cell("take Lis (not on it) off the round", "rounds.remove_candidate",
         lambda a, uow, t, c: rounds.remove_candidate(a, uow, t.round_id, t.lis), {"admin", "other_manager"}),
    Cell("the round's scorecards", "round_views.round_scorecards",
         lambda a, uow, t, c: round_views.round_scorecards(a, uow, t.round_id).scorecards,
         ROUND_CASE, cards_seen, {
             **{r: {"Anne's round card", "Kim's round card"} for r in ROUND_STAFF | {"committee"}},
             "disqualified": set(),  # blind for Anne, disqualified for Kim
         }),
    Cell("compare the round", "comparison.compare_round", lambda a, uow, t, c: comparison.compare_round(a, uow, c, t.round_id),
         ROUND_CASE, lambda r, t: {names(t)[c.person.id] for c in r.candidates}, {
             **{role: {"Anne", "Kim"} for role in ROUND_STAFF | {"committee"}}, "disqualified": set(),
         }),
    # teams and targets
    Cell("overview team Nord", "team.team_overview",
         lambda a, uow, t, c: team.team_overview(a, uow, c, FRAMEWORK, team_ids=[t.team_nord]), {"admin", "manager"}),
    Cell("what a candidate is told when added", "round_case.candidate_information_shown",
         lambda a, uow, t, c: round_case.candidate_information_shown(a, uow), EVERYONE),
    Cell("whether anything is stored yet", "directory.nothing_stored", lambda a, uow, t, c: directory.nothing_stored(a, uow), EVERYONE,
         lambda r, t: {r}, {role: {False} for role in EVERYONE}),
    Cell("teams in reach", "team.teams_in_reach", lambda a, uow, t, c: team.teams_in_reach(a, uow),
         {"admin", "manager", "other_manager"}),
    Cell("Anne's team", "team.team_of", lambda a, uow, t, c: team.team_of(a, uow, t.anne), EVERYONE,
         lambda r, t: {r.name} if r else set(), {"admin": {"Nord"}, "manager": {"Nord"},
                                                  **{r: set() for r in NOT_IN_TEAMS}}),
    Cell("Anne's team average", "team.team_average_for",
         lambda a, uow, t, c: team.team_average_for(a, uow, c, t.anne, FRAMEWORK), EVERYONE,
         lambda r, t: {"average"} if r else set(), {"admin": {"average"}, "manager": {"average"},
                                                     **{r: set() for r in NOT_IN_TEAMS}}),
    Cell("list target profiles", "target_levels.list_target_profiles",
         lambda a, uow, t, c: target_levels.list_target_profiles(a, uow, FRAMEWORK), STAFF),
    Cell("save a target profile", "targets.save_target_profile",
         lambda a, uow, t, c: targets.save_target_profile(a, uow, c, "Ny stilling", FRAMEWORK, {"kan-medbetjene-borgeren": (4, 1.0)}),
         {"admin"}),
    Cell("assign a target to Nord", "targets.assign_team_target",
         lambda a, uow, t, c: targets.assign_team_target(a, uow, c, t.team_nord, t.target), {"admin"}),
    # administration and personal data
    Cell("read the audit log", "audit.list_entries", lambda a, uow, t, c: audit.list_entries(a, uow), {"admin"}),
    Cell("export the audit log", "audit.export_csv", lambda a, uow, t, c: audit.export_csv(a, uow, []), {"admin"}),
    Cell("list accounts", "directory.list_accounts", lambda a, uow, t, c: directory.list_accounts(a, uow), {"admin"}),
    Cell("create a user", "accounts.create_user",
         lambda a, uow, t, c: accounts.create_user(a, uow, {"email": "ny@eksempelby.example", "name": "Ny", "role": "manager"}),
         {"admin"}),
    Cell("change Mette's role", "accounts.update_account",
         lambda a, uow, t, c: accounts.update_account(a, uow, t.manager.user_id, role=Role.RECRUITER), {"admin"}),
    Cell("export Anne's data", "privacy.export_person", lambda a, uow, t, c: privacy.export_person(a, uow, t.anne), {"admin"}),
    Cell("preview erasing Kim", "privacy.erasure_preview", lambda a, uow, t, c: privacy.erasure_preview(a, uow, t.kim),
         {"admin"}),
    Cell("erase Kim once the round's case is filed", "privacy.erase_person",
         lambda a, uow, t, c: privacy.erase_person(a, _filed(uow, t), t.kim, "Kim Kandidat"), {"admin"}),
    Cell("set retention", "privacy.set_retention", lambda a, uow, t, c: privacy.set_retention(a, uow, 90, ""), {"admin"}),
    Cell("set the KLE number of hiring cases", "case_file.set_kle_number",
         lambda a, uow, t, c: case_file.set_kle_number(a, uow, "81.03"), {"admin"}),
    Cell("run retention", "privacy.run_retention", lambda a, uow, t, c: privacy.run_retention(uow, a), {"admin"}),
    Cell("load the demo (past the check, refused: the town is not empty)", "demo.load_demo",
         lambda a, uow, t, c: _load_demo_into_town(a, uow, c), {"admin"}),
    # the shared half: theme days, practice between conversations, hiring from a round
    Cell("set k and the check-in weeks", "theme_days.set_coaching_settings",
         lambda a, uow, t, c: theme_days.set_coaching_settings(a, uow, 6, 3), {"admin"}),
    Cell("teams with theme days", "theme_day_views.theme_day_teams", lambda a, uow, t, c: theme_day_views.theme_day_teams(a, uow),
         EVERYONE, lambda r, t: {tv.name for tv in r}, {
             "admin": {"Nord", "Syd"}, "manager": {"Nord"}, "other_manager": {"Syd"}, "recruiter": set(),
             "outsider": set(), "employee": {"Nord"}, "committee": set(), "disqualified": set(),
         }),
    Cell("may plan Nord's theme day", "theme_day_views.may_plan_theme_day",
         lambda a, uow, t, c: theme_day_views.may_plan_theme_day(a, uow, t.team_nord), EVERYONE,
         lambda r, t: {"plans"} if r else set(), {
             "admin": {"plans"}, "manager": {"plans"}, **{r: set() for r in NOT_IN_TEAMS},
         }),
    Cell("Nord's theme days", "theme_day_views.theme_days_of", lambda a, uow, t, c: theme_day_views.theme_days_of(a, uow, t.team_nord),
         {"admin", "manager", "employee"}),
    Cell("plan a theme day for Nord", "theme_days.plan_theme_day",
         lambda a, uow, t, c: theme_days.plan_theme_day(
             a, uow, c, t.team_nord, {"title": "Ny", "held_on": date(2027, 1, 5), "framework_id": FRAMEWORK}),
         {"admin", "manager"}),
    Cell("open Nord's theme day", "theme_day_views.theme_day", lambda a, uow, t, c: theme_day_views.theme_day(a, uow, c, t.theme_day),
         {"admin", "manager", "employee"},
         lambda r, t: {"not published"} if r.team_map is None else {"preview" if r.preview else "published"},
         {"admin": {"preview"}, "manager": {"preview"}, "employee": {"not published"}}),
    Cell("write Nord's agreements", "theme_days.save_agreements",
         lambda a, uow, t, c: theme_days.save_agreements(
             a, uow, c, t.theme_day, [{"competence_id": "kan-medbetjene-borgeren", "text": "Vi viser borgeren vejen"}], 1),
         {"admin", "manager"}),
    Cell("check in on Anne's goal", "practice.check_in",
         lambda a, uow, t, c: practice.check_in(a, uow, t.goal, "Prøvede igen"), {"employee"}),
    Cell("respond to Anne's check-in", "practice.respond",
         lambda a, uow, t, c: practice.respond(a, uow, t.check_in, "Godt set", 1), {"admin", "manager"}),
    Cell("goals without practice", "team.quiet_goals", lambda a, uow, t, c: team.quiet_goals(a, uow),
         {"admin", "manager", "other_manager"}),
    Cell("hire Kim into Syd from the closed round", "rounds.hire_candidate",
         lambda a, uow, t, c: rounds.hire_candidate(a, _closed(uow, t), t.round_id, t.kim, t.team_syd), {"admin", "other_manager"}),
    Cell("hire Kim into Nord from the closed round", "rounds.hire_candidate",
         lambda a, uow, t, c: rounds.hire_candidate(a, _closed(uow, t), t.round_id, t.kim, t.team_nord), {"admin"}),
    Cell("hire Anne (an internal applicant) into Syd from the closed round", "rounds.hire_candidate",
         lambda a, uow, t, c: rounds.hire_candidate(a, _closed(uow, t), t.round_id, t.anne, t.team_syd),
         {"admin", "other_manager"}, lambda r, t: {"waiting"} if t.anne in r.pending_hires else {"hired"},
         {"admin": {"hired"}, "other_manager": {"waiting"}}),
    Cell("confirm Anne's hire into Syd", "rounds.answer_hire_request",
         lambda a, uow, t, c: rounds.answer_hire_request(a, _hire_asked(uow, t), t.round_id, t.anne, True), {"admin", "manager"}),
    Cell("hires waiting for an answer", "round_views.hire_requests",
         lambda a, uow, t, c: round_views.hire_requests(a, _hire_asked(uow, t)), EVERYONE,
         lambda r, t: {names(t)[w.person.id] for w in r}, {
             "admin": {"Anne"}, "manager": {"Anne"}, **{r: set() for r in NOT_IN_TEAMS},
         }),
    Cell("publish Nord's theme day", "theme_days.publish_theme_day",
         lambda a, uow, t, c: theme_days.publish_theme_day(a, uow, c, t.theme_day, 1), {"admin", "manager"}),
    Cell("choose one's own language", "accounts.set_own_language",
         lambda a, uow, t, c: accounts.set_own_language(a, uow, "en"), EVERYONE),
    Cell("turn one's own reminders off", "accounts.set_own_reminders",
         lambda a, uow, t, c: accounts.set_own_reminders(a, uow, False), EVERYONE),
    Cell("accounts without a password", "directory.without_password",
         lambda a, uow, t, c: directory.without_password(a, uow), {"admin"}),
    Cell("invite Anne's account", "account_invitations.invite_accounts",
         lambda a, uow, t, c: account_invitations.invite_accounts(a, uow, [t.employee.user_id], "https://x.example"), {"admin"}),
    Cell("the outbox", "outbox.outbox_status", lambda a, uow, t, c: outbox.outbox_status(a, uow), {"admin"}),
    Cell("send a failed mail again", "mail.send_again", lambda a, uow, t, c: mail.send_again(a, uow, _failed_mail(uow)),
         {"admin"}),
    Cell("send the outbox now", "mail.send_now",
         lambda a, uow, t, c: mail.send_now(a, lambda: uow, Settings(smtp_host=None)), {"admin"}),
    Cell("the import's column mappings", "people_import.import_mappings",
         lambda a, uow, t, c: people_import.import_mappings(a, uow), {"admin"}),
    Cell("save a column mapping", "people_import.save_import_mapping",
         lambda a, uow, t, c: people_import.save_import_mapping(a, uow, "SD Løn", {"employee_number": "Medarbejdernr."}),
         {"admin"}),
    Cell("preview an HR import", "people_import.preview_import",
         lambda a, uow, t, c: people_import.preview_import(a, uow, IMPORT_FILE, "hr.csv"), {"admin"}),
    Cell("import from the HR system", "people_import.apply_import",
         lambda a, uow, t, c: people_import.apply_import(a, uow, IMPORT_FILE, "hr.csv"), {"admin"}),
    Cell("export all data", "bulk_export.everything", lambda a, uow, t, c: bulk_export.everything(a, uow), {"admin"}),
    Cell("set the candidate information", "privacy.set_candidate_information",
         lambda a, uow, t, c: privacy.set_candidate_information(a, uow, "Tekst", "Text"), {"admin"}),
]

def _closed(uow, town: Town):  # type: ignore[no-untyped-def]
    """The unit of work, after the round's owner closed the round (only a closed round hires)."""
    rounds.set_round_status(town.other_manager, uow, town.round_id, RoundStatus.CLOSED)
    return uow


def _filed(uow, town: Town):  # type: ignore[no-untyped-def]
    """The unit of work, after Jonas closed the round and recorded its case as filed in the case system."""
    case_file.journalise(town.other_manager, _closed(uow, town), town.round_id, "81.03.00-A00-1-26")
    return uow


def _hire_asked(uow, town: Town):  # type: ignore[no-untyped-def]
    """The unit of work, after Jonas asked to hire Anne, Mette's employee, from his closed round."""
    rounds.hire_candidate(town.other_manager, _closed(uow, town), town.round_id, town.anne, town.team_syd)
    return uow


def _declared(uow, actor: Actor, town: Town, person_id: int):  # type: ignore[no-untyped-def]
    """The unit of work, after the actor declared themself not disqualified for the candidate (where they may)."""
    try:
        cases.declare(actor, uow, town.round_id, person_id, False)
    except (AccessDenied, NotFound, NotAllowedNow):
        uow.rollback()  # not theirs to declare, or disqualified already: scoring refuses below
    return uow


def _note_asked(uow, town: Town):  # type: ignore[no-untyped-def]
    """The unit of work, after Jonas asked Camilla for a note on the first question of her scorecard of Kim."""
    the_round = uow.rounds.get(town.round_id)
    question = uow.interviews.ratings([town.kim_scorecard])[town.kim_scorecard][0].question_id
    the_round.ask_for_note(town.kim_scorecard, question, town.other_manager.user_id, uow.now())
    uow.commit()
    return uow


def _reference_against(uow, town: Town, heard: bool = False) -> int:  # type: ignore[no-untyped-def]
    """A reference on Kim that weighs against him (put to him when `heard`), as Jonas took it; its id."""
    from profiling.domain.rounds import Reference

    the_round = uow.rounds.get(town.round_id)
    reference = Reference(person_id=town.kim, referee_name="Tidligere kollega", consent_at=uow.now(), taken_at=uow.now(),
                          taken_by_id=town.other_manager.user_id, summary="Gik fra vrede borgere", weighs_against=True)
    the_round.references.append(reference)
    if heard:
        reference.start_hearing("Brev", date(2026, 12, 5), uow.now())
    uow.commit()
    return reference.id


def _access_asked(uow, town: Town):  # type: ignore[no-untyped-def]
    """The unit of work, after Jonas recorded Anne's request to see her case."""
    decisions.request_access(town.other_manager, uow, town.round_id, town.anne)
    return uow


def _package_parties(package: bytes, town: Town) -> set[str]:
    """Whose documents a case package holds (by the names in the PDFs' titles)."""
    import io
    import zipfile

    from pypdf import PdfReader

    text = " ".join(
        page.extract_text() or "" for name in zipfile.ZipFile(io.BytesIO(package)).namelist()
        for page in PdfReader(io.BytesIO(zipfile.ZipFile(io.BytesIO(package)).read(name))).pages
    )
    return {name for name in ("Anne", "Kim") if f"{name} " in text}


def _first_question(catalog) -> str:  # type: ignore[no-untyped-def]
    return catalog.guide("rekruttering").questions[0].id


def _load_demo_into_town(actor: Actor, uow, catalog) -> str:  # type: ignore[no-untyped-def]
    """The administrator gets past the access check and is refused only because the town holds people."""
    try:
        demo.load_demo(actor, uow, catalog)
    except NotAllowedNow as refusal:
        return refusal.message_key
    raise AssertionError("the demo went into a database that holds people")


# Public service functions with an `actor` that are building blocks of the operations above, not operations.
def _failed_mail(uow: Any) -> int:
    """A mail the server refused, to send again."""
    failed = mail.queue(uow, recipient="anne@x.example", language="da", kind="account_invitation", subject="s", body="b")
    failed.refused("550 no such user")
    uow.flush()
    return failed.id


BUILDING_BLOCKS = {
    "audit.record": "writes the audit entry of an operation",
    "audit.record_reads": "writes the audit entries of a read (each read is in the table)",
    "interview_views.visible_ratings": "the private-note rule of a scorecard's view (scorecards.get_interview is in the table)",
    "runner.run": "runs a read (each read is in the table)",
    "runner.write_audited": "writes the audit entries of a read (each read is in the table)",
    "people.new_person": "the shared step of create_person and add_new_candidate (both in the table)",
    "query.role_of": "names the holder of a read declared the same for a role (each such read is held to it below)",
}


def service_operations() -> set[str]:
    """Every public function of profiling.services (but the access rules themselves) and every read of
    profiling.reads that takes an actor."""
    found = set()
    for package in (profiling.services, profiling.reads):
        for module in pkgutil.iter_modules(package.__path__):
            if module.name == "access":
                continue
            loaded = importlib.import_module(f"{package.__name__}.{module.name}")
            for name, member in vars(loaded).items():
                function = member.build if isinstance(member, Query) else member
                if not inspect.isfunction(function) or name.startswith("_") or function.__module__ != loaded.__name__:
                    continue
                if "actor" in inspect.signature(function).parameters:
                    found.add(f"{module.name}.{name}")
    return found


def test_the_matrix_covers_every_service_operation():
    covered = {cell.function for cell in CELLS}
    assert service_operations() - set(BUILDING_BLOCKS) - covered == set()
    assert covered - service_operations() == set()


def test_every_filtered_read_says_what_each_allowed_role_sees():
    for cell in CELLS:
        if cell.reveals is not None:
            assert set(cell.sees) == cell.allowed, cell.operation


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("cell", CELLS, ids=lambda c: c.operation)
def test_every_role_is_allowed_or_refused_as_the_rules_say(uow_factory, catalog, town, role, cell):
    actor = town.actor(role)
    with uow_factory() as uow:
        if role not in cell.allowed:
            with pytest.raises((AccessDenied, NotFound)):
                cell.call(actor, uow, town, catalog)
            return
        result = cell.call(actor, uow, town, catalog)
    if cell.reveals is not None:
        assert cell.reveals(result, town) == cell.sees[role]


def test_a_manager_sees_the_result_of_a_team_member_but_not_another_raters_scorecard(uow_factory, catalog, town):
    with uow_factory() as uow:
        interview_id = interviews.start_interview(town.admin, uow, catalog, person_id=town.anne, guide_id="udviklingssamtale")
        question = scorecards.get_interview(town.admin, uow, interview_id).guide.questions[0]
        interviews.save_rating(town.admin, uow, interview_id, question.id, value=5, note="fra admin", expected_version=0)
    with uow_factory() as uow:
        interviews.complete_interview(town.admin, uow, interview_id)
    with uow_factory() as uow:
        result = results.person_result(town.manager, uow, town.anne, f"interview:{interview_id}")
        assert result.panel.consolidated.competence(question.competence).score == 5
        with pytest.raises(NotFound):
            scorecards.get_interview(town.manager, uow, interview_id)


def test_a_manager_moved_to_another_team_loses_the_old_team_at_once(uow_factory, town):
    with uow_factory() as uow:
        directory.get_person(town.manager, uow, town.anne)
    with uow_factory() as uow:  # Nord gets Jonas as manager; Mette now leads nobody
        uow.teams.get(town.team_nord).manager_id = town.other_manager.user_id
        uow.commit()
    with uow_factory() as uow, pytest.raises(NotFound):
        directory.get_person(town.manager, uow, town.anne)
    with uow_factory() as uow, pytest.raises(NotFound):
        scorecards.get_interview(town.other_manager, uow, town.mus)  # her own scorecards were not his...
    with uow_factory() as uow:
        directory.get_person(town.other_manager, uow, town.anne)  # ...but Anne is now in his team


def test_an_internal_applicants_round_staff_never_see_her_development_data(uow_factory, catalog, town):
    for staff in (town.other_manager, town.recruiter):
        with uow_factory() as uow:
            assert {c.round_id for c in results.person_contexts(staff, uow, town.anne)} == {town.round_id}
            assert all(p.instrument is Instrument.RECRUITMENT for p in results.person_history(staff, uow, town.anne, FRAMEWORK))
            with pytest.raises(AccessDenied):
                preparation.mus_preparation(staff, uow, catalog, town.anne, FRAMEWORK)
            with pytest.raises(NotFound):
                results.person_result(staff, uow, town.anne, f"interview:{town.mus}")


def test_her_own_manager_does_not_see_her_application_scores(uow_factory, town):
    with uow_factory() as uow:
        assert town.round_id not in {c.round_id for c in results.person_contexts(town.manager, uow, town.anne)}
        with pytest.raises(NotFound):
            results.person_result(town.manager, uow, town.anne, f"round:{town.round_id}")


def test_a_round_owner_cannot_pull_in_a_candidate_by_walking_ids(uow_factory, town):
    for person_id in range(1, town.lis + 5):
        if person_id == town.lis:  # her own candidate, on her round already
            continue
        with uow_factory() as uow, pytest.raises(NotFound):
            rounds.add_candidate(town.outsider, uow, town.own_round, person_id)
    with uow_factory() as uow:
        assert {c.id for c in round_views.get_round(town.outsider, uow, town.own_round).candidates} == {town.lis}


def test_a_recruiter_pressing_save_on_a_candidate_keeps_team_and_kind(uow_factory, town):
    with uow_factory() as uow:
        view = people.update_person(town.other_manager, uow, town.kim, {"kind": "candidate", "name": "Kim Kandidat"}, 1)
    assert (view.kind.value, view.team_id) == ("candidate", None)


def test_someone_elses_interview_id_gives_not_found_not_a_hint(uow_factory, town):
    with uow_factory() as uow, pytest.raises(NotFound):
        scorecards.get_interview(town.other_manager, uow, town.mus)
    with uow_factory() as uow, pytest.raises(NotFound):
        scorecards.get_interview(town.employee, uow, town.kim_scorecard)
    with uow_factory() as uow, pytest.raises(NotFound):
        scorecards.get_interview(town.employee, uow, 987654)


def test_a_private_note_is_seen_only_by_its_rater(uow_factory, town):
    with uow_factory() as uow:
        own = scorecards.get_interview(town.manager, uow, town.mus)
        for_admin = scorecards.get_interview(town.admin, uow, town.mus)
        for_anne = scorecards.get_interview(town.employee, uow, town.mus)
        result = results.person_result(town.employee, uow, town.anne, f"interview:{town.mus}")
        exported = privacy.export_person(town.admin, uow, town.anne)
    question = own.guide.questions[0].id
    assert own.rating(question).note == "privat vurdering"
    assert for_admin.rating(question).note == "" and for_anne.rating(question).note == ""
    assert for_anne.rating(question).value == 3  # the rating itself still counts
    assert all(e.note != "privat vurdering" for e in result.evidence)
    assert "privat vurdering" not in str(exported)
    withheld = [r for a in exported["assessments"] for r in a["ratings"] if r["private_note_withheld"]]
    assert len(withheld) == 1 and withheld[0]["rating"] == 3


def test_an_employee_sees_only_themself_in_every_list(uow_factory, town):
    with uow_factory() as uow:
        assert [p.id for p in directory.list_people(town.employee, uow)] == [town.anne]
        assert round_views.list_rounds(town.employee, uow) == []
        assert {r.person_id for r in interview_views.recent_results(town.employee, uow)} == {town.anne}


def test_reading_assessment_data_is_audited_also_for_the_person_themself(uow_factory, town):
    runner.run(results.person_result, town.employee, uow_factory, town.anne, f"interview:{town.mus}")
    with uow_factory() as uow:
        entries = audit.list_entries(town.admin, uow, action="result.read", person_id=town.anne)
    assert [(e.actor_id, e.person_id) for e in entries] == [(town.employee.user_id, town.anne)]


def test_a_team_overview_records_one_read_per_member_shown(uow_factory, catalog, town):
    runner.run(team.team_overview, town.manager, uow_factory, catalog, FRAMEWORK, team_ids=[town.team_nord])
    with uow_factory() as uow:
        entries = audit.list_entries(town.admin, uow, action="team.read")
    assert [e.person_id for e in entries] == [town.anne]


def _read_of(cell: Cell) -> Query[Any, Any] | None:
    """The declared read a cell calls, if it calls one."""
    module, name = cell.function.split(".")
    try:
        member = getattr(importlib.import_module(f"profiling.reads.{module}"), name)
    except (ModuleNotFoundError, AttributeError):
        return None
    return member if isinstance(member, Query) else None


SAME_FOR_ROLES = [cell for cell in CELLS if (read := _read_of(cell)) is not None and read.same_for_roles]


def test_some_reads_are_declared_the_same_for_everyone_of_a_role():
    assert {cell.function for cell in SAME_FOR_ROLES} >= {
        "directory.list_accounts", "settings.municipal_settings", "directory.list_teams"
    }


@pytest.mark.parametrize("cell", SAME_FOR_ROLES, ids=lambda c: c.operation)
def test_a_read_declared_the_same_for_a_role_gives_two_actors_of_that_role_the_same_view_or_the_same_refusal(
    uow_factory, catalog, town, cell
):
    """What a read declared the same for a role builds for one actor of the role is handed to everyone of it: it
    must depend on nothing else of them. Every two actors of such a role in the town (a second administrator
    added): the two managers lead different teams, the three recruiters sit on different panels, the employee
    applies in a round and the union representative sits on its committee."""
    with uow_factory() as uow:
        second = accounts.create_user(town.admin, uow, {
            "name": "Anden Admin", "email": "anden.admin@eksempelby.example", "role": "admin",
            "password": "korrekt-hest-batteri-haefteklamme",
        })
        second_admin = actor_of(uow.users.one(second.id))
    actors = [town.actor(role) for role in ROLES] + [second_admin]
    outcomes: dict[Role, list[tuple[str, Any]]] = {}
    for actor in actors:
        with uow_factory() as uow:
            try:
                outcome: tuple[str, Any] = ("allowed", cell.call(actor, uow, town, catalog))
            except (AccessDenied, NotFound) as refusal:
                outcome = ("refused", type(refusal))
        outcomes.setdefault(actor.role, []).append(outcome)
    declared = _read_of(cell).same_for_roles  # type: ignore[union-attr]
    for role in declared:
        found = outcomes[role]
        assert len(found) >= 2 and all(outcome == found[0] for outcome in found), (cell.operation, role)
