"""All the municipality's data in one go, for its own analysis and for leaving the tool: every person, team,
round (with its case: declarations, minutes, references, answers), scorecard, rating, plan, target profile and
theme day - private notes left out. Administrators only;
each export is audited. The columns are documented in docs/export.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from profiling.domain.rounds import Seat
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.services import access, audit
from profiling.services.actors import Actor

Table = list[dict[str, Any]]


# The tables about the municipality rather than a person: left out of one person's export.
NOT_ABOUT_A_PERSON = ("teams", "minutes", "target_profiles", "theme_days", "team_agreements")


def everything(actor: Actor, uow: UnitOfWork) -> dict[str, Table]:
    """Every table of the export by name (its rows as column -> value); a private note is never in it."""
    access.require_admin(actor)
    tables = build_tables(uow)
    audit.record(uow, actor, "data.export", subject="everything", rows=counts(tables))
    uow.commit()
    return tables


def person_tables(uow: UnitOfWork, person_id: int) -> dict[str, Table]:
    """The rows about one person of every table that holds any: the same builder as the bulk export, so the
    data subject's export (privacy.export_person) never lags behind it. No access check or audit here."""
    tables = build_tables(uow, frozenset({person_id}))
    return {name: rows for name, rows in tables.items() if name not in NOT_ABOUT_A_PERSON}


def build_tables(uow: UnitOfWork, person_ids: frozenset[int] | None = None) -> dict[str, Table]:
    """Every table of the export, or (`person_ids`) only the rows about those people."""
    def about(person_id: int | None) -> bool:
        return person_ids is None or person_id in person_ids

    users = {u.id: u for u in uow.users.all()}
    teams = {t.id: t for t in uow.teams.all()}
    targets = uow.targets.all()
    target_names = {t.id: f"{t.name} (v{t.version})" for t in targets}
    people = [p for p in uow.people.everyone() if about(p.id)]
    rounds = sorted((r for r in uow.rounds.list() if person_ids is None or any(about(c.person_id) for c in r.candidates)),
                    key=lambda r: r.id)
    interviews = [i for i in uow.interviews.query(newest_first=False) if about(i.person_id)]
    interview_ids = {i.id for i in interviews}
    plans = [p for p in uow.plans.everything() if about(p.person_id)]
    ratings = uow.interviews.every_rating() if person_ids is None else [
        rating for ratings_of in uow.interviews.ratings(sorted(interview_ids)).values() for rating in ratings_of
    ]
    theme_days = uow.theme_days.everything()

    def name_of(user_id: int | None) -> str | None:
        return users[user_id].name if user_id in users else None

    return {
        "people": [
            {
                "person_id": p.id, "employee_number": p.employee_number, "name": p.name, "email": p.email, "kind": p.kind,
                "job_title": p.job_title, "left_on": p.left_on,
                "team_id": p.team_id, "team": teams[p.team_id].name if p.team_id in teams else None,
                "has_account": p.user_id is not None, "hired_from_round_id": p.hired_from_round_id,
                "consent_until": p.consent_until, "anonymised_at": p.anonymised_at, "created_at": p.created_at,
                "updated_at": p.updated_at,
            }
            for p in sorted(people, key=lambda p: p.id)
        ],
        "teams": [
            {
                "team_id": t.id, "name": t.name, "unit": t.unit, "manager": name_of(t.manager_id),
                "manager_email": users[t.manager_id].email if t.manager_id in users else None,
                "target_profile": target_names.get(t.target_profile_id) if t.target_profile_id else None,
            }
            for t in teams.values()
        ],
        "rounds": [
            {
                "round_id": r.id, "title": r.title, "guide_id": r.guide_id, "framework_id": r.framework_id,
                "target_profile": target_names.get(r.target_profile_id) if r.target_profile_id else None,
                "owner": name_of(r.owner_id), "status": r.status, "min_coverage": r.min_coverage,
                "panel": ", ".join(sorted(name_of(s.user_id) or "" for s in r.panel if s.seat == Seat.PANEL)),
                "committee": ", ".join(sorted(name_of(s.user_id) or "" for s in r.panel if s.seat == Seat.COMMITTEE)),
                "criteria": r.criteria, "candidate_ids": ", ".join(str(c.person_id) for c in r.candidates),
                "created_at": r.created_at, "closed_at": r.closed_at, "last_closed_at": r.last_closed_at,
                "journalised_at": r.journalised_at, "case_number": r.case_number,
            }
            for r in rounds
        ],
        "round_candidates": [
            {
                "round_id": r.id, "person_id": c.person_id, "added_at": c.added_at,
                "access_requested_at": c.access_requested_at, "access_delivered_at": c.access_delivered_at,
                "answer": c.answer, "answered_at": c.answered_at, "answered_by": name_of(c.answered_by_id),
            }
            for r in rounds for c in r.candidates if about(c.person_id)
        ],
        "declarations": [
            {
                "round_id": r.id, "member": name_of(d.user_id), "person_id": d.person_id, "disqualified": d.disqualified,
                "reason": d.reason, "declared_at": d.declared_at,
            }
            for r in rounds for d in r.declarations if about(d.person_id)
        ],
        "minutes": [
            {
                "round_id": r.id, "recommended_ids": ", ".join(str(p) for p in r.minutes.recommended),
                "recommendation": r.minutes.recommendation, "decided_by": r.minutes.decided_by,
                "decided_on": r.minutes.decided_on, "written_by": name_of(r.minutes.written_by_id),
                "written_at": r.minutes.written_at,
            }
            for r in rounds if r.minutes is not None
        ],
        "minutes_reasons": [
            {
                "round_id": r.id, "person_id": int(person_id), "reason": r.minutes.reasons.get(person_id, ""),
                "explanation": r.minutes.explanations.get(person_id, ""),
            }
            for r in rounds if r.minutes is not None
            for person_id in sorted({*r.minutes.reasons, *r.minutes.explanations}, key=int) if about(int(person_id))
        ],
        "note_requests": [
            {"round_id": r.id, "interview_id": n.interview_id, "question_id": n.question_id,
             "requested_by": name_of(n.requested_by_id), "requested_at": n.requested_at}
            for r in rounds for n in r.note_requests if n.interview_id in interview_ids
        ],
        "references": [
            {
                "reference_id": f.id, "round_id": r.id, "person_id": f.person_id, "referee_name": f.referee_name,
                "referee_relation": f.referee_relation, "consent_at": f.consent_at, "taken_by": name_of(f.taken_by_id),
                "taken_at": f.taken_at, "summary": f.summary, "weighs_against": f.weighs_against,
                "hearing_letter": f.hearing_letter, "hearing_sent_at": f.hearing_sent_at,
                "hearing_deadline": f.hearing_deadline, "hearing_answer": f.hearing_answer,
                "hearing_answered_at": f.hearing_answered_at,
            }
            for r in rounds for f in r.references if about(f.person_id)
        ],
        "reference_answers": [
            {"reference_id": f.id, "competence_id": competence_id, "answer": answer}
            for r in rounds for f in r.references if about(f.person_id) for competence_id, answer in f.answers.items()
        ],
        "interviews": [
            {
                "interview_id": i.id, "person_id": i.person_id, "round_id": i.round_id, "guide_id": i.guide_id,
                "framework_id": i.framework_id, "framework_version": i.framework_version,
                "target_profile": target_names.get(i.target_profile_id) if i.target_profile_id else None,
                "rater": i.rater_name, "rater_role": i.rater_role, "mode": i.mode, "status": i.status,
                "started_at": i.started_at, "completed_at": i.completed_at, "due_on": i.due_on, "outcome": i.outcome,
            }
            for i in interviews
        ],
        "ratings": [
            {
                "interview_id": r.interview_id, "item": r.item_key, "value": r.value, "not_assessed": r.not_assessed,
                "note": "" if r.private else r.note, "note_withheld": r.private and bool(r.note), "updated_at": r.updated_at,
                "addendum": r.addendum, "addendum_at": r.addendum_at,
            }
            for r in ratings
        ],
        "plans": [
            {
                "plan_id": p.id, "person_id": p.person_id, "title": p.title, "framework_id": p.framework_id,
                "created_by": name_of(p.created_by_id), "created_at": p.created_at,
                "manager_agreed_at": p.manager_agreed_at, "employee_agreed_at": p.employee_agreed_at,
            }
            for p in plans
        ],
        "goals": [
            {
                "goal_id": g.id, "plan_id": p.id, "position": g.position, "competence_id": g.competence_id, "goal": g.goal,
                "actions": g.actions, "support": g.support, "deadline": g.deadline, "status": g.status,
            }
            for p in plans for g in p.goals
        ],
        "check_ins": [
            {
                "goal_id": g.id, "written_at": c.written_at, "written_by": name_of(c.author_id), "note": c.note,
                "response": c.response, "responded_at": c.responded_at, "responded_by": name_of(c.responded_by_id),
            }
            for p in plans for g in p.goals for c in g.check_ins
        ],
        "target_profiles": [
            {
                "target_profile": f"{t.name} (v{t.version})", "name": t.name, "version": t.version,
                "framework_id": t.framework_id, "competence_id": competence_id,
                "level": level.get("level") if isinstance(level, Mapping) else level,
                "weight": level.get("weight", 1.0) if isinstance(level, Mapping) else 1.0,
            }
            for t in targets for competence_id, level in t.levels.items()
        ],
        "theme_days": [
            {
                "theme_day_id": d.id, "team_id": d.team_id, "title": d.title, "held_on": d.held_on,
                "framework_id": d.framework_id, "source": d.source, "planned_by": name_of(d.planned_by_id),
                "published_at": d.published_at,
            }
            for d in theme_days
        ],
        "team_agreements": [
            {"theme_day_id": d.id, "competence_id": a.competence_id, "text": a.text, "follow_up_on": a.follow_up_on}
            for d in theme_days for a in d.agreements
        ],
    }


def counts(tables: Mapping[str, Sequence[object]]) -> dict[str, int]:
    return {name: len(rows) for name, rows in tables.items()}
