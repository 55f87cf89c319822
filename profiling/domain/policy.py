"""Who may see and do what: one pure policy, in one place.

`can(actor, permission, relations, subject)` decides from three things only: the actor (user and role),
the **relations** that tie them to the data (the teams they lead, the rounds they own or sit on the panel
of, their own person record - loaded by one query), and the **facts** of the subject (a person, a round,
a scorecard). Nothing here reads a database; services load the relations and facts and ask.

The rules (docs/privacy.md has them in full):
- an administrator sees and does everything;
- a manager sees the people of the teams they lead, with their development data (conversations held
  outside recruitment rounds, self-assessments, plans);
- the owner and the panel of a recruitment round see its candidates and **that round's scorecards
  only**: an internal applicant's development data stays with her own manager;
- the round's hiring committee (e.g. the union representative) sees its candidates, their consolidated
  results and the minutes: never scores, never opens a scorecard or reads a note, never another round;
- a member who declared themself disqualified for a candidate (forvaltningsloven § 3) neither scores nor sees
  that candidate in that round; scoring a candidate needs the declaration "not disqualified" first;
- an employee sees only themself, and no recruitment scorecards;
- a scorecard is edited only by its rater; while a round is open, a panel member sees another rater's
  scorecard of a candidate only after completing their own (blind scoring);
- people are created and edited only inside teams one leads; a round's owner edits the name and e-mail
  of its external candidates; an existing person joins a round only through a right that does not come
  from that round (administrator, their team's manager, owner of another round they are in);
- a candidate is hired from a closed round by whoever may change the round, into a team they lead (an
  administrator: any team); an internal applicant (in a team) only with her current manager's or an
  administrator's confirmation; the round's scorecards of the person hired from it are then read by their
  new manager and by themself - the scores only, never the panel's notes or the raters' names: the first
  point of their development history;
- a theme day is planned, and the team's agreements written, by the team's manager or an administrator;
  the team's members see its anonymous team profile and agreements, never another person's values;
- a practice check-in on a plan goal is written by the employee, and answered by their manager;
- a note marked private is read by its rater only - not the person, their manager or an administrator (the
  rating behind it counts as any other).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from profiling.domain.actors import Actor, Role
from profiling.domain.states import PersonKind


class Permission(StrEnum):
    """What an actor asks to do; the subject each one needs is named beside it."""

    ADMINISTER = "administer"  # users, settings, personal-data tasks (no subject)
    MANAGE_PEOPLE = "manage_people"  # create and edit people records at all (no subject)
    RUN_RECRUITMENT = "run_recruitment"  # create recruitment rounds (no subject)
    SEE_PERSON = "see_person"  # PersonFacts
    LEAD_PERSON = "lead_person"  # PersonFacts: their manager (or an administrator)
    SEE_DEVELOPMENT = "see_development"  # PersonFacts: the person themself or their manager
    EDIT_PERSON = "edit_person"  # PersonFacts
    PLACE_PERSON = "place_person"  # Placement: where a new or moved person may go
    ADD_TO_ROUND = "add_to_round"  # Joining: an existing person onto a round
    SEE_ROUND = "see_round"  # RoundFacts
    CHANGE_ROUND = "change_round"  # RoundFacts
    EDIT_SCORECARD = "edit_scorecard"  # ScorecardFacts
    READ_SCORECARD = "read_scorecard"  # ScorecardFacts: its ratings (e.g. in a consolidated result)
    OPEN_SCORECARD = "open_scorecard"  # ScorecardFacts: one rater's scorecard in full
    READ_EVIDENCE = "read_evidence"  # ScorecardFacts: the notes and the rater's name behind its ratings
    SEE_TEAM_OVERVIEW = "see_team_overview"  # no subject: team overviews at all (teams_reachable says which)
    SCORE_IN_ROUND = "score_in_round"  # RoundFacts: hold a round's interviews (its owner and panel)
    SCORE_CANDIDATE = "score_candidate"  # Candidature: score this candidate (not disqualified for them)
    DECLARE = "declare"  # RoundFacts: declare oneself (not) disqualified for its candidates (owner, panel, committee)
    HOLD_CONVERSATION = "hold_conversation"  # PersonFacts: a conversation outside rounds (their manager)
    FILL_SELF_ASSESSMENT = "fill_self_assessment"  # PersonFacts: only the person themself
    HIRE = "hire"  # Hiring: a candidate of a round into a team
    CONFIRM_HIRE = "confirm_hire"  # PersonFacts: let an internal applicant be hired away (her manager)
    PLAN_THEME_DAY = "plan_theme_day"  # TeamFacts: plan it and write the team's agreements
    SEE_THEME_DAY = "see_theme_day"  # TeamFacts: the anonymous team profile and the agreements
    PRACTISE_GOAL = "practise_goal"  # PersonFacts: write a check-in on one's own plan goal
    RESPOND_TO_PRACTICE = "respond_to_practice"  # PersonFacts: answer a check-in (their manager)
    READ_PRIVATE_NOTE = "read_private_note"  # PrivateNote: a note its rater marked private


@dataclass(frozen=True)
class Relations:
    """What ties the actor to the data."""

    led_team_ids: frozenset[int] = frozenset()
    owned_round_ids: frozenset[int] = frozenset()
    panel_round_ids: frozenset[int] = frozenset()
    own_person_id: int | None = None
    own_team_id: int | None = None  # the team the actor's own person record belongs to
    committee_round_ids: frozenset[int] = frozenset()  # the rounds whose hiring committee the actor sits on
    disqualified: frozenset[tuple[int, int]] = frozenset()  # (round, candidate) the actor declared disqualified for

    @property
    def staff_round_ids(self) -> frozenset[int]:
        """The rounds the actor owns or sits on the panel of."""
        return self.owned_round_ids | self.panel_round_ids

    @property
    def case_round_ids(self) -> frozenset[int]:
        """The rounds the actor takes part in: owner, panel or hiring committee."""
        return self.staff_round_ids | self.committee_round_ids


NO_RELATIONS = Relations()


@dataclass(frozen=True)
class PersonFacts:
    """A person record as the policy sees it."""

    id: int
    kind: str
    team_id: int | None = None
    user_id: int | None = None
    candidate_round_ids: frozenset[int] = frozenset()  # the rounds they are a candidate in
    hired_from_round_id: int | None = None


@dataclass(frozen=True)
class Placement:
    """A person of `kind` put into `team_id` (None: no team)."""

    kind: str
    team_id: int | None


@dataclass(frozen=True)
class Joining:
    """An existing person added to the round `round_id`."""

    person: PersonFacts
    round_id: int


@dataclass(frozen=True)
class TeamFacts:
    id: int


@dataclass(frozen=True)
class Candidature:
    """A candidate (`person`) in the round `round`."""

    round: RoundFacts
    person: PersonFacts


@dataclass(frozen=True)
class PrivateNote:
    """A note its rater marked private, on one of their scorecards."""

    rater_id: int | None  # None once the rater's account is deleted


@dataclass(frozen=True)
class Hiring:
    """A candidate of the round hired into `team_id`."""

    round: RoundFacts
    person: PersonFacts
    team_id: int


@dataclass(frozen=True)
class RoundFacts:
    id: int
    owner_id: int | None
    is_open: bool = True


@dataclass(frozen=True)
class ScorecardFacts:
    """A scorecard, its person and round, and whether the actor completed their own of that person there."""

    rater_id: int | None  # None once the rater's account is deleted
    rater_role: str
    completed: bool
    person: PersonFacts
    round: RoundFacts | None = None
    actor_completed_own: bool = False


@dataclass(frozen=True)
class Visibility:
    """The people an actor may see, as a query can select them."""

    everyone: bool = False
    team_ids: frozenset[int] = frozenset()
    round_ids: frozenset[int] = frozenset()
    person_ids: frozenset[int] = frozenset()
    # (round, candidate) pairs seen nowhere through that round: the actor is disqualified for them there.
    round_exclusions: frozenset[tuple[int, int]] = frozenset()


class Refused(Exception):
    """The policy said no (services turn it into their AccessDenied)."""

    def __init__(self, permission: Permission) -> None:
        super().__init__(f"not allowed: {permission.value}")
        self.permission = permission


def led_teams(actor: Actor, relations: Relations) -> frozenset[int]:
    """The teams whose people the actor leads as their manager (none for other roles)."""
    return relations.led_team_ids if actor.role is Role.MANAGER else frozenset()


def people_visible(actor: Actor, relations: Relations) -> Visibility:
    """Who the actor may see: everyone, their own record, or the people of led teams and staffed rounds."""
    if actor.is_admin:
        return Visibility(everyone=True)
    if actor.role is Role.EMPLOYEE:  # themself, and the candidates of a hiring committee they sit on
        own = relations.own_person_id
        return Visibility(person_ids=frozenset() if own is None else frozenset({own}),
                          round_ids=relations.committee_round_ids, round_exclusions=relations.disqualified)
    return Visibility(team_ids=led_teams(actor, relations), round_ids=relations.case_round_ids,
                      round_exclusions=relations.disqualified)


def rounds_visible(actor: Actor, relations: Relations) -> frozenset[int] | None:
    """The rounds the actor may see; None: every round."""
    if actor.is_admin:
        return None
    if actor.role is Role.EMPLOYEE:
        return relations.committee_round_ids
    return relations.case_round_ids


def teams_reachable(actor: Actor, relations: Relations) -> frozenset[int] | None:
    """The teams whose overview the actor may see; None: every team."""
    if actor.is_admin:
        return None
    return led_teams(actor, relations)


def can(actor: Actor, permission: Permission, relations: Relations = NO_RELATIONS, subject: object = None) -> bool:
    """Whether the actor may do `permission` (to `subject`, of the type the permission names)."""
    rule = _RULES[permission]
    return rule(actor, relations, subject)


def require(actor: Actor, permission: Permission, relations: Relations = NO_RELATIONS, subject: object = None) -> None:
    """Nothing if the actor may; Refused otherwise."""
    if not can(actor, permission, relations, subject):
        raise Refused(permission)


def _administer(actor: Actor, _relations: Relations, _subject: object) -> bool:
    return actor.is_admin


def _not_employee(actor: Actor, _relations: Relations, _subject: object) -> bool:
    return actor.role is not Role.EMPLOYEE


def _see_person(actor: Actor, relations: Relations, person: PersonFacts) -> bool:
    seen = people_visible(actor, relations)
    return (
        seen.everyone
        or person.id in seen.person_ids
        or (person.team_id is not None and person.team_id in seen.team_ids)
        or any((r, person.id) not in seen.round_exclusions for r in seen.round_ids & person.candidate_round_ids)
    )


def _lead_person(actor: Actor, relations: Relations, person: PersonFacts) -> bool:
    return actor.is_admin or (person.team_id is not None and person.team_id in led_teams(actor, relations))


def _see_development(actor: Actor, relations: Relations, person: PersonFacts) -> bool:
    return _see_person(actor, relations, person) and (
        (person.user_id is not None and person.user_id == actor.user_id) or _lead_person(actor, relations, person)
    )


def _edit_person(actor: Actor, relations: Relations, person: PersonFacts) -> bool:
    if actor.role is Role.EMPLOYEE or not _see_person(actor, relations, person):
        return False
    if _lead_person(actor, relations, person):
        return True
    external = person.kind == PersonKind.CANDIDATE and person.team_id is None
    return external and bool(person.candidate_round_ids & relations.owned_round_ids)


def _place_person(actor: Actor, relations: Relations, placement: Placement) -> bool:
    if actor.is_admin:
        return True
    if actor.role is Role.EMPLOYEE:
        return False
    if placement.team_id is not None and placement.team_id not in led_teams(actor, relations):
        return False
    return not (placement.kind == PersonKind.EMPLOYEE and placement.team_id is None)


def _add_to_round(actor: Actor, relations: Relations, joining: Joining) -> bool:
    if actor.is_admin:
        return True
    person = joining.person
    if person.team_id is not None and person.team_id in led_teams(actor, relations):
        return True
    other_owned = relations.owned_round_ids - {joining.round_id}
    return bool(person.candidate_round_ids & other_owned)


def _see_round(actor: Actor, relations: Relations, round_: RoundFacts) -> bool:
    visible = rounds_visible(actor, relations)
    return visible is None or round_.id in visible


def _change_round(actor: Actor, _relations: Relations, round_: RoundFacts) -> bool:
    return actor.is_admin or (round_.owner_id is not None and round_.owner_id == actor.user_id)


def _edit_scorecard(actor: Actor, _relations: Relations, card: ScorecardFacts) -> bool:
    return card.rater_id == actor.user_id


def _read_scorecard(actor: Actor, relations: Relations, card: ScorecardFacts) -> bool:
    if actor.is_admin or card.rater_id == actor.user_id:
        return True
    if not card.completed:
        return False
    if card.round is not None:
        person = card.person
        own = person.user_id is not None and person.user_id == actor.user_id
        if card.round.id == person.hired_from_round_id and (own or _lead_person(actor, relations, person)):
            return True  # the round a person was hired from is the first point of their history
        if (card.round.id, person.id) in relations.disqualified:
            return False
        if card.round.id in relations.committee_round_ids:
            return True  # the committee reads the ratings in the consolidated result (never a scorecard in full)
        if card.round.id not in relations.staff_round_ids:
            return False
        blind = card.round.is_open and card.round.id in relations.panel_round_ids  # a panel member, owner or not
        return not blind or card.actor_completed_own
    person = card.person
    return (person.user_id is not None and person.user_id == actor.user_id) or (
        person.team_id is not None and person.team_id in led_teams(actor, relations)
    )


def _open_scorecard(actor: Actor, relations: Relations, card: ScorecardFacts) -> bool:
    if card.rater_id == actor.user_id or actor.is_admin:
        return True
    if not _read_scorecard(actor, relations, card):
        return False
    if card.round is not None:  # a round's scorecards open in full to its own staff only
        return card.round.id in relations.staff_round_ids
    if card.person.user_id is not None and card.person.user_id == actor.user_id:
        return True
    # A submitted self-assessment is for the conversation with one's manager: the manager may read it.
    return card.rater_role == "self" and card.completed and _lead_person(actor, relations, card.person)


def _read_evidence(actor: Actor, relations: Relations, card: ScorecardFacts) -> bool:
    if actor.is_admin or card.rater_id == actor.user_id:
        return True
    if card.round is not None and card.round.id not in relations.staff_round_ids:
        return False  # the person hired from the round, and their new manager: the scores, not the panel's notes
    return _read_scorecard(actor, relations, card)


def _read_private_note(actor: Actor, _relations: Relations, note: PrivateNote) -> bool:
    return note.rater_id is not None and note.rater_id == actor.user_id


def _see_team_overview(actor: Actor, _relations: Relations, _subject: object) -> bool:
    return actor.is_admin or actor.role is Role.MANAGER


def _score_in_round(actor: Actor, relations: Relations, round_: RoundFacts) -> bool:
    return actor.is_admin or round_.id in relations.staff_round_ids


def _score_candidate(actor: Actor, relations: Relations, candidature: Candidature) -> bool:
    return (
        _score_in_round(actor, relations, candidature.round)
        and candidature.round.id in candidature.person.candidate_round_ids
        and (candidature.round.id, candidature.person.id) not in relations.disqualified
    )


def _declare(actor: Actor, relations: Relations, round_: RoundFacts) -> bool:
    return actor.is_admin or round_.id in relations.case_round_ids


def _hold_conversation(actor: Actor, relations: Relations, person: PersonFacts) -> bool:
    return actor.role is not Role.EMPLOYEE and _lead_person(actor, relations, person)


def _fill_self_assessment(actor: Actor, _relations: Relations, person: PersonFacts) -> bool:
    return person.user_id is not None and person.user_id == actor.user_id


def _hire(actor: Actor, relations: Relations, hiring: Hiring) -> bool:
    return (
        _change_round(actor, relations, hiring.round)
        and hiring.round.id in hiring.person.candidate_round_ids
        and (actor.is_admin or hiring.team_id in led_teams(actor, relations))
    )


def _confirm_hire(actor: Actor, relations: Relations, person: PersonFacts) -> bool:
    return actor.role is not Role.EMPLOYEE and _lead_person(actor, relations, person)


def _plan_theme_day(actor: Actor, relations: Relations, team: TeamFacts) -> bool:
    return actor.is_admin or team.id in led_teams(actor, relations)


def _see_theme_day(actor: Actor, relations: Relations, team: TeamFacts) -> bool:
    return _plan_theme_day(actor, relations, team) or relations.own_team_id == team.id


def _practise_goal(actor: Actor, _relations: Relations, person: PersonFacts) -> bool:
    return person.user_id is not None and person.user_id == actor.user_id


def _respond_to_practice(actor: Actor, relations: Relations, person: PersonFacts) -> bool:
    return person.user_id != actor.user_id and _lead_person(actor, relations, person)


_RULES: dict[Permission, Callable[[Actor, Relations, Any], bool]] = {
    Permission.ADMINISTER: _administer,
    Permission.MANAGE_PEOPLE: _not_employee,
    Permission.RUN_RECRUITMENT: _not_employee,
    Permission.SEE_PERSON: _see_person,
    Permission.LEAD_PERSON: _lead_person,
    Permission.SEE_DEVELOPMENT: _see_development,
    Permission.EDIT_PERSON: _edit_person,
    Permission.PLACE_PERSON: _place_person,
    Permission.ADD_TO_ROUND: _add_to_round,
    Permission.SEE_ROUND: _see_round,
    Permission.CHANGE_ROUND: _change_round,
    Permission.EDIT_SCORECARD: _edit_scorecard,
    Permission.READ_SCORECARD: _read_scorecard,
    Permission.OPEN_SCORECARD: _open_scorecard,
    Permission.READ_EVIDENCE: _read_evidence,
    Permission.READ_PRIVATE_NOTE: _read_private_note,
    Permission.SEE_TEAM_OVERVIEW: _see_team_overview,
    Permission.SCORE_IN_ROUND: _score_in_round,
    Permission.SCORE_CANDIDATE: _score_candidate,
    Permission.DECLARE: _declare,
    Permission.HOLD_CONVERSATION: _hold_conversation,
    Permission.FILL_SELF_ASSESSMENT: _fill_self_assessment,
    Permission.HIRE: _hire,
    Permission.CONFIRM_HIRE: _confirm_hire,
    Permission.PLAN_THEME_DAY: _plan_theme_day,
    Permission.SEE_THEME_DAY: _see_theme_day,
    Permission.PRACTISE_GOAL: _practise_goal,
    Permission.RESPOND_TO_PRACTICE: _respond_to_practice,
}
