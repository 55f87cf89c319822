"""A recruitment round's case documents: the drafts of its letters, an applicant's own case (partsaktindsigt,
forvaltningsloven § 9, stk. 3), and the whole case for the municipality's case system with its metadata, then
recorded as filed (journalisering, offentlighedsloven § 15 and arkivloven).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from profiling.domain.framework import Framework
from profiling.domain.guide import Guide
from profiling.domain.interviews import Interview, RatingEntry
from profiling.domain.records import Snapshot
from profiling.domain.rounds import Round
from profiling.domain.text import Language
from profiling.i18n import translate
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.reads.views import InterviewStatus
from profiling.reports.case_documents import (
    CaseMetadata,
    Document,
    Entry,
    Sheet,
    document,
    metadata_files,
    package,
    when,
)
from profiling.services import access, audit
from profiling.services.actors import Actor
from profiling.services.content import parse_snapshot
from profiling.services.errors import InvalidInput, NotFound

KLE_KEY = "case_kle"
DEFAULT_KLE = "81.03.00"  # KLE: personale - ansættelse i almindelighed
KLE_PATTERN = re.compile(r"\d{2}\.\d{2}(\.\d{2})?")  # main group . group [. subject]
CASE_STATUSES = (InterviewStatus.COMPLETED, InterviewStatus.EXCLUDED, InterviewStatus.INCOMPLETE)


def kle_number(uow: UnitOfWork) -> str:
    """The KLE number hiring cases are filed under (an administrator's setting, 81.03.00 by default)."""
    stored = uow.settings.value(KLE_KEY)
    return str(stored.get("kle")) if stored else DEFAULT_KLE


def set_kle_number(actor: Actor, uow: UnitOfWork, kle: str) -> str:
    """Set the KLE number hiring cases are filed under: a subject number of the municipality's plan (e.g. 81.03.00,
    or 81.03 where the plan stops at the group)."""
    access.require_admin(actor)
    cleaned = kle.strip()
    if not KLE_PATTERN.fullmatch(cleaned):
        raise InvalidInput("kle", "error.kle_number")
    uow.settings.store(KLE_KEY, {"kle": cleaned}, uow.now())
    audit.record(uow, actor, "settings.case_kle", kle=cleaned)
    uow.commit()
    return cleaned


def _names(uow: UnitOfWork, row: Round) -> dict[int, str]:
    return {p.id: p.name for p in uow.people.by_ids(row.candidate_ids).values()}


def _cards(uow: UnitOfWork, row: Round, person_id: int | None = None) -> tuple[list[Interview], dict[int, list[RatingEntry]]]:
    rows = [
        r for r in uow.interviews.query(round_ids=[row.id], newest_first=False)
        if r.status in CASE_STATUSES and (person_id is None or r.person_id == person_id)
    ]
    return rows, uow.interviews.ratings([r.id for r in rows])


def _documents(uow: UnitOfWork, row: Round, language: Language, person_id: int | None = None) -> list[Document]:
    """The round's case documents (or one applicant's own), each a PDF."""
    t = lambda key, **v: translate(key, language, **v)
    names = _names(uow, row)
    made: list[Document] = []

    def add(kind: str, sheet: Sheet, dated: object, about: int | None = None) -> None:
        made.append(document(kind, sheet, dated, len(made) + 1, language, about))  # type: ignore[arg-type]

    minutes = row.minutes
    if minutes is not None:
        about = [person_id] if person_id is not None else sorted(names, key=lambda p: names[p])
        entries = [Entry(t("case.criteria"), row.criteria or "–")]
        if person_id is None:
            entries.append(Entry(t("case.recommendation"), "\n".join(
                [", ".join(names.get(p, str(p)) for p in minutes.recommended) or "–", minutes.recommendation]).strip()))
        entries += [Entry(t("case.reasons_for", name=names.get(p, "")), minutes.reason_for(p) or "–") for p in about]
        entries += [Entry(t("case.explanation_for", name=names.get(p, "")), minutes.explanations[str(p)])
                    for p in about if str(p) in minutes.explanations]
        entries.append(Entry(t("case.decided_by"), f"{minutes.decided_by} · {when(minutes.decided_on, language)}"))
        add("minutes", Sheet(t("case.kind.minutes") + f" - {row.title}", when(minutes.written_at, language), entries),
            minutes.written_at, person_id)
    declarations = [d for d in row.declarations if person_id is None or d.person_id == person_id]
    if declarations:  # the applicant's own: who declared themself (dis)qualified about them
        users = uow.users.by_ids({d.user_id for d in declarations})
        add("declarations", Sheet(t("case.kind.declarations") + f" - {row.title}", row.title, [
            Entry(f"{users[d.user_id].name if d.user_id in users else '–'} · {names.get(d.person_id, '')} · "
                  f"{when(d.declared_at, language)}",
                  t("round.declared_disqualified") + f": {d.reason}" if d.disqualified else t("round.declared_eligible"))
            for d in declarations
        ]), max(d.declared_at for d in declarations), person_id)
    cards, ratings = _cards(uow, row, person_id)
    snapshots = uow.snapshots.by_ids({c.guide_snapshot_id for c in cards} | {c.framework_snapshot_id for c in cards})
    for card in cards:
        guide = parse_snapshot(snapshots[card.guide_snapshot_id], Guide)
        texts = {q.id: q.text.in_language(language) for q in guide.questions}
        entries = []
        for rating in ratings[card.id]:
            value = t("conversation.not_assessed") if rating.not_assessed else (str(rating.value) if rating.value else "–")
            body = rating.note
            if rating.addendum:
                body = f"{body}\n{t('conversation.addendum', date=when(rating.addendum_at, language))}: {rating.addendum}".strip()
            entries.append(Entry(f"{texts.get(rating.question_id, rating.question_id)} · {t('profile.rating')}: {value}", body))
        status = t(f"interview.status.{card.status}")
        add("scorecard", Sheet(
            t("case.kind.scorecard") + f" - {names.get(card.person_id, '')}",
            f"{card.rater_name} · {status} · {when(card.completed_at or card.started_at, language)}", entries,
        ), card.completed_at or card.started_at, card.person_id)
    framework_names = _competence_names(snapshots, cards, language)
    for reference in row.references:
        if person_id is not None and reference.person_id != person_id:
            continue
        who = names.get(reference.person_id, "")
        add("reference", Sheet(
            t("case.kind.reference") + f" - {who}",
            f"{reference.referee_name} ({reference.referee_relation or '–'}) · "
            f"{t('case.consent_on', date=when(reference.consent_at, language))}",
            [Entry(framework_names.get(k, k), v) for k, v in reference.answers.items()]
            + [Entry(t("case.reference_summary"), reference.summary or "–")],
        ), reference.taken_at, reference.person_id)
        if reference.hearing_sent_at is not None:
            add("hearing_letter", Sheet(t("case.kind.hearing_letter") + f" - {who}",
                                        t("case.deadline", date=when(reference.hearing_deadline, language)),
                                        [Entry("", reference.hearing_letter)]), reference.hearing_sent_at, reference.person_id)
        if reference.hearing_answered_at is not None:
            add("hearing_answer", Sheet(t("case.kind.hearing_answer") + f" - {who}", when(reference.hearing_answered_at, language),
                                        [Entry("", reference.hearing_answer)]), reference.hearing_answered_at, reference.person_id)
    for candidacy in row.candidates:
        if candidacy.answered_at is None or (person_id is not None and candidacy.person_id != person_id):
            continue
        add("answer", Sheet(t("case.kind.answer") + f" - {names.get(candidacy.person_id, '')}",
                            when(candidacy.answered_at, language), [Entry("", candidacy.answer)]),
            candidacy.answered_at, candidacy.person_id)
    return made


def _competence_names(snapshots: Mapping[int, Snapshot], cards: list[Interview], language: Language) -> dict[str, str]:
    """The competences' names of the framework the round was scored with."""
    for card in cards[:1]:
        framework = parse_snapshot(snapshots[card.framework_snapshot_id], Framework)
        return {c.id: c.name.in_language(language) for c in framework.competences}
    return {}


def access_package(actor: Actor, uow: UnitOfWork, round_id: int, person_id: int, language: Language) -> bytes:
    """An applicant's own case documents as a zip of PDFs (partsaktindsigt, FVL § 9, stk. 3): their scorecards with
    notes, the minutes' parts about them, references and hearings about them, their answer - never another
    applicant's. Separate from the data subject's export of everything held (GDPR art. 15)."""
    row = access.round_to_decide(actor, uow, round_id)
    if person_id not in row.candidate_ids:
        raise NotFound(f"candidate {person_id}")
    documents = _documents(uow, row, language, person_id)
    audit.record(uow, actor, "round.access_package", person_id=person_id, subject=f"round:{row.id}", documents=len(documents))
    uow.commit()
    return package(documents)


def case_file(actor: Actor, uow: UnitOfWork, round_id: int, language: Language) -> bytes:
    """The whole case for the municipality's case system (SBSYS, Acadre, WorkZone, eDoc): one PDF per document and
    its metadata (metadata.json, and metadata.csv for import tools). The round's decision must be made (closed)."""
    row = access.round_to_decide(actor, uow, round_id)
    row.require_closed()
    documents = _documents(uow, row, language)
    names = _names(uow, row)
    owner = uow.users.get(row.owner_id) if row.owner_id else None
    metadata = CaseMetadata(
        title=row.title, kle=kle_number(uow), opened_on=row.created_at.date(),
        closed_on=row.closed_at.date() if row.closed_at else None, owner=owner.name if owner else "",
        parties=sorted(names.items(), key=lambda item: item[1]),
    )
    audit.record(uow, actor, "round.case_file", subject=f"round:{row.id}", documents=len(documents))
    uow.commit()
    return package(documents, metadata_files(metadata, documents, names))


def journalise(actor: Actor, uow: UnitOfWork, round_id: int, case_number: str) -> str:
    """Record that the case file was filed in the case system, under which case number: from now on retention may
    anonymise the applicants' data (by the municipality's rule), and an applicant may be erased."""
    row = access.round_to_decide(actor, uow, round_id)
    row.require_closed()
    number = " ".join(case_number.split())
    if not number or len(number) > 60:
        raise InvalidInput("case_number", "error.case_number")
    row.journalised_at, row.case_number = uow.now(), number
    audit.record(uow, actor, "round.journalised", subject=f"round:{row.id}", case_number=number)
    uow.commit()
    return number

