"""Personal data: retention of candidate data, the data subject's export, erasure, consent, settings."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from pydantic import Field

from profiling.domain.people import Person
from profiling.domain.rounds import Round
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.reads.views import PersonKind, RoundStatus, View
from profiling.services import access, audit, bulk_export
from profiling.services.actors import Actor
from profiling.services.errors import InvalidInput, NotAllowedNow, NotFound

DEFAULT_RETENTION_DAYS = 180
MAX_RETENTION_DAYS = 3 * 365
RETENTION_KEY = "retention"
ERASED_RATER = "Slettet bruger"
ERASED_CANDIDATE = "Slettet kandidat"
CANDIDATE_INFO_KEY = "candidate_information"
DEFAULT_CANDIDATE_INFORMATION = {
    "da": (
        "Vi gemmer dit navn, din e-mail og panelets vurderinger og noter fra rekrutteringssamtalen for at kunne "
        "træffe og dokumentere en saglig beslutning om ansættelsen. Kun rekrutteringens ansvarlige og panelet "
        "ser oplysningerne. Når rekrutteringen er afsluttet, anonymiseres dine oplysninger efter den periode, "
        "kommunen har fastsat - medmindre du har givet samtykke til, at vi må gemme dem til fremtidige stillinger. "
        "Du kan altid få indsigt i de oplysninger, vi har om dig."
    ),
    "en": (
        "We keep your name, your e-mail and the panel's ratings and notes from the recruitment interview to make "
        "and document a fair decision about the appointment. Only those responsible for the recruitment and the "
        "panel see the information. When the recruitment has ended, your information is anonymised after the "
        "period the municipality has set - unless you have consented to us keeping it for future positions. "
        "You can always see the information we hold about you."
    ),
}


class RetentionSettings(View):
    """How long candidate data of a closed round is kept, and the municipality's documented reason; and how long
    after the round's case is filed in the case system (its kassation rule for the tool's copy)."""

    days: int = Field(DEFAULT_RETENTION_DAYS, ge=1, le=MAX_RETENTION_DAYS)
    reason: str = ""
    after_filing_days: int | None = Field(None, ge=0, le=MAX_RETENTION_DAYS, description="None: the same as `days`.")

    @property
    def kassation_days(self) -> int:
        """Days after the case is filed before the applicants' data is anonymised here."""
        return self.days if self.after_filing_days is None else self.after_filing_days


class RetentionReport(View):
    """What one retention run did."""

    anonymised_person_ids: list[int]
    notes_removed: int
    ran_at: datetime
    # Candidates past the retention period kept because a round of theirs is not filed in the case system yet
    # (or was filed more recently than the kassation rule allows).
    waiting_for_filing: int = 0


class ErasurePreview(View):
    """What erasing a person removes, shown before the administrator confirms."""

    person_id: int
    name: str
    interviews: int
    ratings: int
    notes: int
    rounds: int
    has_account: bool
    unfiled_rounds: list[str] = Field(default_factory=list)  # titles of rounds not filed yet: erasure waits for them


def _setting(uow: UnitOfWork, key: str) -> dict[str, Any] | None:
    return uow.settings.value(key)


def _store_setting(uow: UnitOfWork, key: str, value: dict[str, Any]) -> None:
    uow.settings.store(key, value, uow.now())


def retention_settings(uow: UnitOfWork) -> RetentionSettings:
    """The retention period in force (default 180 days)."""
    stored = _setting(uow, RETENTION_KEY)
    return RetentionSettings.model_validate(stored) if stored else RetentionSettings()


def set_retention(
    actor: Actor, uow: UnitOfWork, days: int, reason: str, after_filing_days: int | None = None
) -> RetentionSettings:
    """Set the retention period (1 day to 3 years); a period beyond 180 days needs a documented reason. The days
    after a round's case is filed before its applicants' data is anonymised here follow the municipality's
    kassation rule (0 to 3 years; unchanged when not given)."""
    access.require_admin(actor)
    if not 1 <= days <= MAX_RETENTION_DAYS:
        raise InvalidInput("days", "error.retention_range", max=MAX_RETENTION_DAYS)
    if days > DEFAULT_RETENTION_DAYS and not reason.strip():
        raise InvalidInput("reason", "error.retention_reason")
    filing = retention_settings(uow).after_filing_days if after_filing_days is None else after_filing_days
    if filing is not None and not 0 <= filing <= MAX_RETENTION_DAYS:
        raise InvalidInput("after_filing_days", "error.retention_range", max=MAX_RETENTION_DAYS)
    settings = RetentionSettings(days=days, reason=reason.strip(), after_filing_days=filing)
    _store_setting(uow, RETENTION_KEY, settings.model_dump())
    audit.record(uow, actor, "settings.retention", days=days)
    uow.commit()
    return settings


# Said to every candidate whatever the municipality's own text (GDPR art. 13(2)(f) and art. 22).
NO_AUTOMATED_DECISION = {
    "da": (
        "Der træffes ingen automatiske afgørelser: værktøjets rangordning er et hjælpemiddel, og afgørelsen træffes af "
        "mennesker - ansættelsesudvalget - ud fra stillingens kriterier og med en skriftlig begrundelse "
        "(databeskyttelsesforordningens art. 13, stk. 2, litra f, og art. 22)."
    ),
    "en": (
        "No automated decision is made: the tool's ranking is an aid, and the decision is made by people - the hiring "
        "committee - against the position's criteria and with written reasons (GDPR art. 13(2)(f) and art. 22)."
    ),
}


def candidate_information(uow: UnitOfWork, *, as_shown: bool = True) -> dict[str, str]:
    """The text shown when a candidate is added: what is stored, why, for how long, who sees it - as shown, with
    the sentence that no automated decision is made; `as_shown=False`: the municipality's own text, to edit."""
    own = _setting(uow, CANDIDATE_INFO_KEY) or dict(DEFAULT_CANDIDATE_INFORMATION)
    if not as_shown:
        return own
    return {language: f"{text}\n\n{NO_AUTOMATED_DECISION[language]}" for language, text in own.items()}


def set_candidate_information(actor: Actor, uow: UnitOfWork, da: str, en: str) -> None:
    """Replace the candidate information text (administrators only)."""
    access.require_admin(actor)
    for field, text in (("da", da), ("en", en)):
        if not text.strip():
            raise InvalidInput(field, "error.required")
        if len(text) > 4000:
            raise InvalidInput(field, "error.too_long", max=4000)
    _store_setting(uow, CANDIDATE_INFO_KEY, {"da": da.strip(), "en": en.strip()})
    audit.record(uow, actor, "settings.candidate_information")
    uow.commit()


def record_consent(actor: Actor, uow: UnitOfWork, person_id: int, until: date | None) -> None:
    """Record (or withdraw, with None) a candidate's consent to be kept for future positions, dated now."""
    access.require_may_manage_people(actor)
    person = access.require_may_edit_person(actor, uow, person_id)
    if person.kind != PersonKind.CANDIDATE:
        raise InvalidInput("person_id", "error.consent_candidates_only")
    if until is not None and until <= uow.now().date():
        raise InvalidInput("until", "error.consent_in_future")
    person.consent_until = until
    person.consent_recorded_at = uow.now()
    audit.record(uow, actor, "person.consent", person_id=person.id, until=until.isoformat() if until else None)
    uow.commit()


# Mails dealt with (sent, failed, uncertain) are kept this long for the administrator, then deleted.
MAIL_KEPT = timedelta(days=30)


def run_retention(uow: UnitOfWork, actor: Actor | None) -> RetentionReport:
    """Anonymise candidates past the retention period, unless they consented.

    A candidate is due when every round they are on closed more than the retention period ago and was filed in the
    case system longer ago than the kassation rule says - a round's case documents are never anonymised before
    they are filed (GDPR art. 17(3)(b): the duty to keep the record comes first) - or, on no round at all (never
    put on one, or taken off), when their record was last changed that long ago.
    Anonymisation keeps the scores (for statistics) and removes the name, the contact details and every
    note written about the candidate. `actor` None is the system's own run (at start-up and with
    `profiling purge`); a user who runs it must be an administrator.
    """
    if actor is not None:
        access.require_admin(actor)
    now = uow.now()
    settings = retention_settings(uow)
    days = settings.days
    cutoff = now - timedelta(days=days)
    filed_before = now - timedelta(days=settings.kassation_days)
    today = now.date()
    rounds_of = uow.rounds.candidacies()
    candidates = uow.people.unanonymised_candidates()

    def past_period(person: Person) -> bool:
        rounds = rounds_of.get(person.id)
        if not rounds:
            return person.updated_at <= cutoff
        return all(status == RoundStatus.CLOSED and closed_at is not None and closed_at <= cutoff
                   for status, closed_at, _ in rounds)

    def filed(person: Person) -> bool:
        return all(at is not None and at <= filed_before for _, _, at in rounds_of.get(person.id, []))

    past = [p for p in candidates if past_period(p) and (p.consent_until is None or p.consent_until < today)]
    anonymised = [p for p in past if filed(p)]
    notes_removed = 0
    if anonymised:
        ids = [p.id for p in anonymised]
        _forget_in_cases(uow, {p.id: (p.name, f"Anonymiseret kandidat {p.id}") for p in anonymised})
        for person in anonymised:
            person.name = f"Anonymiseret kandidat {person.id}"
            person.email = None
            person.anonymised_at = now
            person.consent_until = None
        notes_removed = uow.interviews.clear_notes_and_outcomes(ids)
    waiting = len(past) - len(anonymised)
    mails_forgotten = uow.outbox.forget(before=now - MAIL_KEPT)
    uow.password_tokens.forget_closed(now)
    audit.record(uow, actor, "retention.run", anonymised=len(anonymised), notes_removed=notes_removed, days=days,
                 waiting_for_filing=waiting, mails_forgotten=mails_forgotten)
    uow.commit()
    return RetentionReport(anonymised_person_ids=[p.id for p in anonymised], notes_removed=notes_removed, ran_at=now,
                           waiting_for_filing=waiting)


def _forget_in_cases(uow: UnitOfWork, names: dict[int, tuple[str, str]]) -> None:
    """What the rounds' cases say about these candidates (person id -> (name, shown as from now on)): gone, once
    the cases are filed and their kassation has come (the scores stay)."""
    of = uow.rounds.rounds_of_candidates(list(names))
    for row in uow.rounds.list(round_ids={rid for rounds in of.values() for rid in rounds}):
        for person_id, (name, shown_as) in names.items():
            if row.id in of[person_id]:
                row.forget_candidate(person_id, name, shown_as)


def _iso(moment: datetime | date | None) -> str | None:
    return moment.isoformat() if moment else None


def _case_about(uow: UnitOfWork, row: Round, person_id: int) -> dict[str, Any]:
    """What a round's case holds about one candidate, for their export."""
    candidacy = next((c for c in row.candidates if c.person_id == person_id), None)
    members = {u.id: u.name for u in uow.users.by_ids({d.user_id for d in row.declarations}).values()}
    minutes = row.minutes
    return {
        "journalised_at": _iso(row.journalised_at), "case_number": row.case_number,
        "access_requested_at": _iso(candidacy.access_requested_at) if candidacy else None,
        "access_delivered_at": _iso(candidacy.access_delivered_at) if candidacy else None,
        "answer": candidacy.answer if candidacy else "", "answered_at": _iso(candidacy.answered_at) if candidacy else None,
        "minutes": None if minutes is None else {
            "recommended": person_id in minutes.recommended, "reason": minutes.reason_for(person_id),
            "explanation": minutes.explanations.get(str(person_id), ""), "decided_by": minutes.decided_by,
            "decided_on": _iso(minutes.decided_on),
        },
        "declarations": [
            {"member": members.get(d.user_id), "disqualified": d.disqualified, "reason": d.reason,
             "declared_at": _iso(d.declared_at)}
            for d in row.declarations if d.person_id == person_id
        ],
        "references": [
            {"referee": r.referee_name, "relation": r.referee_relation, "consent_at": _iso(r.consent_at),
             "answers": r.answers, "summary": r.summary, "weighs_against": r.weighs_against,
             "hearing_letter": r.hearing_letter, "hearing_sent_at": _iso(r.hearing_sent_at),
             "hearing_deadline": _iso(r.hearing_deadline), "hearing_answer": r.hearing_answer}
            for r in row.references if r.person_id == person_id
        ],
    }


def export_person(actor: Actor, uow: UnitOfWork, person_id: int) -> dict[str, Any]:
    """Everything held about one person, as a JSON-ready document (the data subject's right of access)."""
    access.require_admin(actor)
    person = uow.people.get(person_id)
    if person is None:
        raise NotFound(f"person {person_id}")
    team = uow.teams.get(person.team_id) if person.team_id else None
    rows = uow.interviews.query(person_ids=[person.id], newest_first=False)
    ratings = uow.interviews.ratings([r.id for r in rows])
    rounds = uow.rounds.list(round_ids=uow.rounds.rounds_of_candidates([person.id])[person.id])
    entries = audit.list_entries(actor, uow, person_id=person.id, limit=10_000)
    document = {
        "exported_at": uow.now().isoformat(),
        "person": {
            "id": person.id,
            "employee_number": person.employee_number,
            "kind": person.kind,
            "name": person.name,
            "email": person.email,
            "team": team.name if team else None,
            "unit": team.unit if team else None,
            "created_at": person.created_at.isoformat(),
            "consent_until": person.consent_until.isoformat() if person.consent_until else None,
            "consent_recorded_at": person.consent_recorded_at.isoformat() if person.consent_recorded_at else None,
            "anonymised_at": person.anonymised_at.isoformat() if person.anonymised_at else None,
        },
        "recruitment_rounds": [
            {"id": r.id, "title": r.title, "status": r.status, "closed_at": r.closed_at.isoformat() if r.closed_at else None,
             **_case_about(uow, r, person.id)}
            for r in rounds
        ],
        "assessments": [
            {
                "id": r.id,
                "guide": r.guide_id,
                "framework": f"{r.framework_id} {r.framework_version}",
                "round_id": r.round_id,
                "rater": r.rater_name,
                "rater_role": r.rater_role,
                "status": r.status,
                "started_at": r.started_at.isoformat(),
                "completed_at": r.completed_at.isoformat() if r.completed_at else None,
                "outcome": r.outcome,
                "ratings": [
                    {
                        "question": rating.question_id,
                        "rating": rating.value,
                        "not_assessed": rating.not_assessed,
                        # A private note is its rater's own working note: only the rater ever sees its text.
                        "note": "" if rating.private else rating.note,
                        "private_note_withheld": rating.private and bool(rating.note),
                        "addendum": rating.addendum,
                    }
                    for rating in ratings[r.id]
                ],
            }
            for r in rows
        ],
        "access_log": [
            {"at": e.at.isoformat(), "action": e.action, "actor_id": e.actor_id, "actor_role": e.actor_role}
            for e in entries
        ],
        # Every table of the bulk export that holds rows about the person, as it holds them (one builder for
        # both: development plans, goals, check-ins, case records ...).
        "tables": {
            name: [{column: _iso(value) if isinstance(value, date) else value for column, value in row.items()} for row in rows]
            for name, rows in bulk_export.person_tables(uow, person.id).items()
        },
    }
    audit.record(uow, actor, "person.export", person_id=person.id)
    uow.commit()
    return document


def erasure_preview(actor: Actor, uow: UnitOfWork, person_id: int) -> ErasurePreview:
    """What erasing the person would remove (nothing is changed)."""
    access.require_admin(actor)
    person = uow.people.get(person_id)
    if person is None:
        raise NotFound(f"person {person_id}")
    rows = uow.interviews.query(person_ids=[person.id])
    ratings = uow.interviews.ratings([r.id for r in rows])
    round_ids = uow.rounds.rounds_of_candidates([person.id])[person.id]
    return ErasurePreview(
        person_id=person.id,
        name=person.name,
        interviews=len(rows),
        ratings=sum(len(v) for v in ratings.values()),
        notes=sum(1 for v in ratings.values() for r in v if r.note),
        rounds=len(round_ids),
        has_account=person.user_id is not None,
        unfiled_rounds=[r.title for r in uow.rounds.list(round_ids=round_ids) if r.journalised_at is None],
    )


def erase_person(actor: Actor, uow: UnitOfWork, person_id: int, confirm_name: str) -> ErasurePreview:
    """Delete a person and everything about them; the typed name must match to confirm.

    The scorecards, ratings, notes and round places go with the person (and their user account, if any).
    The audit entry of the erasure remains, holding only the former id and the counts.
    """
    preview = erasure_preview(actor, uow, person_id)
    if confirm_name.strip() != preview.name:
        raise InvalidInput("confirm_name", "error.erasure_confirmation")
    if preview.unfiled_rounds:  # the case record is kept until filed (GDPR art. 17(3)(b); arkivloven)
        raise NotAllowedNow("error.erase_before_filing")
    person = uow.people.get(person_id)
    assert person is not None
    user_id = person.user_id
    _forget_in_cases(uow, {person_id: (person.name, ERASED_CANDIDATE)})
    for row in uow.interviews.query(person_ids=[person_id]):
        uow.interviews.delete(row)
    uow.people.delete(person)
    if user_id is not None:
        user = uow.users.get(user_id)
        if user is not None and user.id != actor.user_id:
            # Scorecards this person wrote about others keep their ratings but lose the rater's name.
            uow.interviews.erase_rater(user.id, ERASED_RATER)
            uow.outbox.forget_to(user.email)  # the mails to them go too
            uow.users.delete(user)
    audit.record(
        uow, actor, "person.erase", person_id=person_id,
        interviews=preview.interviews, ratings=preview.ratings, rounds=preview.rounds,
    )
    uow.commit()
    uow.purge_freed_space()
    return preview
