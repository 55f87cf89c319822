"""Personal data: retention with a frozen clock, the data subject's export, erasure, backup and restore."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from profiling.catalog import load_catalog
from profiling.domain.interviews import Interview, RatingEntry
from profiling.domain.people import Person
from profiling.domain.records import AuditEvent
from profiling.persistence import tables
from profiling.services import audit, case_file, interviews, privacy, rounds
from profiling.services.actors import Role
from profiling.services.errors import AccessDenied, InvalidInput, NotAllowedNow
from profiling.settings import Settings
from tests.integration.helpers import decide_and_close, declare_eligible, make_person, make_team, make_user


@pytest.fixture
def recruitment(uow_factory, catalog):
    """A round with a candidate who has a scorecard with a note; returns (owner, panel, round id, candidate id)."""
    with uow_factory() as uow:
        admin = make_user(uow, "Admin")
        owner = make_user(uow, "Mette Leder", Role.MANAGER)
    with uow_factory() as uow:
        created = rounds.create_round(
            owner, uow, catalog, {"title": "Specialist", "guide_id": "rekruttering", "panel_user_ids": [owner.user_id]}
        )
    with uow_factory() as uow:
        view = rounds.add_new_candidate(owner, uow, created.id, {"name": "Kim Kandidat", "email": "kim@x.example"})
    candidate = view.candidates[0].id
    question = catalog.guide("rekruttering").questions[0]
    declare_eligible(uow_factory, created.id, candidate, owner)
    with uow_factory() as uow:
        interview_id = interviews.start_interview(owner, uow, catalog, person_id=candidate, round_id=created.id)
        interviews.save_rating(owner, uow, interview_id, question.id, value=4, note="Fortalte om Kim", expected_version=0)
    with uow_factory() as uow:
        interviews.complete_interview(owner, uow, interview_id)
    return admin, owner, created.id, candidate


def close(uow_factory, owner, round_id, journalised: bool = True):
    """The owner decides and closes the round, and - unless told otherwise - files its case."""
    catalog = load_catalog([Settings().questionnaires_dir])
    decide_and_close(uow_factory, catalog, owner, round_id)
    if journalised:
        with uow_factory() as uow:
            case_file.journalise(owner, uow, round_id, "81.03.00-A00-1-26")


def stored_person(uow_factory, person_id):
    with uow_factory() as uow:
        person = uow.people.get(person_id)
        notes = uow.session.scalars(
            select(tables.ratings.c.note).join(Interview).where(tables.interviews.c.person_id == person_id)
        ).all()
        values = uow.session.scalars(
            select(tables.ratings.c.value).join(Interview).where(tables.interviews.c.person_id == person_id)
        ).all()
        return person.name, person.email, person.anonymised_at, notes, values


def test_a_candidate_of_a_round_closed_longer_ago_than_the_period_is_anonymised_keeping_the_scores(
    uow_factory, recruitment, clock
):
    _, owner, round_id, candidate = recruitment
    close(uow_factory, owner, round_id)
    clock.advance(days=179)
    with uow_factory() as uow:
        assert privacy.run_retention(uow, None).anonymised_person_ids == []
    clock.advance(days=2)
    with uow_factory() as uow:
        report = privacy.run_retention(uow, None)
    assert report.anonymised_person_ids == [candidate] and report.notes_removed == 1
    name, email, anonymised_at, notes, values = stored_person(uow_factory, candidate)
    assert (name, email, notes, values) == (f"Anonymiseret kandidat {candidate}", None, [""], [4])
    assert anonymised_at == clock.now
    with uow_factory() as uow:
        assert privacy.run_retention(uow, None).anonymised_person_ids == []  # once only


def decided_with_everything_said_about_kim(uow_factory, owner, round_id, candidate):
    """A reference on Kim, minutes naming Kim, the answer sent to Kim, an addendum to Kim's scorecard: closed, filed."""
    from profiling.services import decisions

    catalog = load_catalog([Settings().questionnaires_dir])
    with uow_factory() as uow:
        decisions.add_reference(owner, uow, catalog, round_id, candidate, {
            "referee_name": "Lone Berg", "consent_on": date(2026, 11, 1), "summary": "Kim er stabil",
            "answers": {"kan-medbetjene-borgeren": "Kim lærer borgerne selv at bruge selvbetjening"}})
    with uow_factory() as uow:
        decisions.write_minutes(owner, uow, catalog, round_id, {
            "recommended": [], "recommendation": "Ingen indstilles; Kim Kandidat var tættest på",
            "reasons": {candidate: "Kim Kandidat manglede erfaring"}, "decided_by": "Udvalget",
            "explanations": {candidate: "Kim nåede kun ét spørgsmål"},
            "decided_on": date(2026, 11, 20)})
    with uow_factory() as uow:
        rounds.set_round_status(owner, uow, round_id, rounds.RoundStatus.CLOSED)
    with uow_factory() as uow:
        decisions.record_answer(owner, uow, round_id, candidate, "Kære Kim Kandidat, du fik desværre ikke stillingen")
        uow.session.execute(tables.ratings.update().values(addendum="Kim svarede uddybende"))
        uow.commit()
    with uow_factory() as uow:
        case_file.journalise(owner, uow, round_id, "81.03.00-A00-4-26")


def case_texts(uow_factory, round_id) -> str:
    """Every free text the round's case holds, in one string."""
    with uow_factory() as uow:
        (row,) = uow.rounds.list(round_ids=[round_id])
        addenda = uow.session.scalars(select(tables.ratings.c.addendum)).all()
        return " ".join([
            row.minutes.recommendation if row.minutes else "", *(row.minutes.reasons.values() if row.minutes else []),
            *(row.minutes.explanations.values() if row.minutes else []),
            *(c.answer for c in row.candidates), *(d.reason for d in row.declarations),
            *(f"{r.referee_name} {r.summary} {r.answers}" for r in row.references), *addenda,
        ])


def test_anonymising_a_filed_candidate_removes_what_the_case_says_about_them_and_keeps_the_scores(
    uow_factory, recruitment, clock
):
    _, owner, round_id, candidate = recruitment
    decided_with_everything_said_about_kim(uow_factory, owner, round_id, candidate)
    assert case_texts(uow_factory, round_id).count("Kim") == 7
    clock.advance(days=181)
    with uow_factory() as uow:
        assert privacy.run_retention(uow, None).anonymised_person_ids == [candidate]
    left = case_texts(uow_factory, round_id)
    assert "Kim" not in left and "Lone Berg" not in left
    assert f"Anonymiseret kandidat {candidate} var tættest på" in left  # the decision's words stay, without the name
    assert stored_person(uow_factory, candidate)[4] == [4]


def test_a_candidate_of_an_open_round_is_kept(uow_factory, recruitment, clock):
    clock.advance(days=1000)
    with uow_factory() as uow:
        assert privacy.run_retention(uow, None).anonymised_person_ids == []


def test_a_candidate_who_consented_is_kept_until_the_consent_runs_out(uow_factory, recruitment, clock):
    _admin, owner, round_id, candidate = recruitment
    with uow_factory() as uow:
        privacy.record_consent(owner, uow, candidate, date(2027, 12, 31))
    close(uow_factory, owner, round_id)
    clock.advance(days=200)
    with uow_factory() as uow:
        assert privacy.run_retention(uow, None).anonymised_person_ids == []
        assert uow.people.get(candidate).consent_recorded_at is not None
    clock.now = clock.now.replace(year=2028, month=1, day=2)
    with uow_factory() as uow:
        assert privacy.run_retention(uow, None).anonymised_person_ids == [candidate]


def test_the_retention_period_is_the_administrators_choice_with_a_reason_beyond_six_months(uow_factory, recruitment, clock):
    admin, owner, round_id, candidate = recruitment
    with uow_factory() as uow, pytest.raises(InvalidInput) as missing_reason:
        privacy.set_retention(admin, uow, 365, "")
    assert missing_reason.value.field == "reason"
    with uow_factory() as uow, pytest.raises(InvalidInput):
        privacy.set_retention(admin, uow, 3 * 365 + 1, "for længe")
    with uow_factory() as uow, pytest.raises(AccessDenied):
        privacy.set_retention(owner, uow, 90, "")
    with uow_factory() as uow:
        privacy.set_retention(admin, uow, 30, "")
    close(uow_factory, owner, round_id)
    clock.advance(days=31)
    with uow_factory() as uow:
        assert privacy.run_retention(uow, None).anonymised_person_ids == [candidate]


def test_the_export_holds_everything_about_the_person_and_is_audited(uow_factory, recruitment):
    admin, _owner, round_id, candidate = recruitment
    with uow_factory() as uow:
        document = privacy.export_person(admin, uow, candidate)
    assert document["person"]["name"] == "Kim Kandidat" and document["person"]["email"] == "kim@x.example"
    assert document["recruitment_rounds"][0]["id"] == round_id
    (assessment,) = document["assessments"]
    assert assessment["ratings"][0]["note"] == "Fortalte om Kim" and assessment["ratings"][0]["rating"] == 4
    assert {"round.candidate_add", "interview.start", "rating.save"} <= {e["action"] for e in document["access_log"]}
    with uow_factory() as uow:
        actions = [e.action for e in audit.list_entries(admin, uow, person_id=candidate)]
    assert actions[0] == "person.export"


def test_the_export_of_a_candidate_holds_what_the_rounds_case_says_about_them(uow_factory, recruitment):
    admin, owner, round_id, candidate = recruitment
    decided_with_everything_said_about_kim(uow_factory, owner, round_id, candidate)
    with uow_factory() as uow:
        (listed,) = privacy.export_person(admin, uow, candidate)["recruitment_rounds"]
    assert listed["case_number"] == "81.03.00-A00-4-26" and listed["answer"].startswith("Kære Kim Kandidat")
    assert listed["minutes"]["reason"] == "Kim Kandidat manglede erfaring" and listed["minutes"]["recommended"] is False
    assert [d["member"] for d in listed["declarations"]] == ["Mette Leder"]
    assert [r["referee"] for r in listed["references"]] == ["Lone Berg"]


def test_only_an_administrator_exports_or_erases(uow_factory, recruitment):
    _, owner, _, candidate = recruitment
    with uow_factory() as uow, pytest.raises(AccessDenied):
        privacy.export_person(owner, uow, candidate)
    with uow_factory() as uow, pytest.raises(AccessDenied):
        privacy.erase_person(owner, uow, candidate, "Kim Kandidat")


def test_erasure_needs_the_name_and_then_removes_everything_but_an_audit_entry_without_personal_data(
    uow_factory, recruitment
):
    admin, owner, round_id, candidate = recruitment
    with uow_factory() as uow:
        preview = privacy.erasure_preview(admin, uow, candidate)
    assert (preview.interviews, preview.ratings, preview.notes, preview.rounds) == (1, 1, 1, 1)
    assert preview.unfiled_rounds == ["Specialist"]
    with uow_factory() as uow, pytest.raises(NotAllowedNow) as refused:  # the case record is kept until it is filed
        privacy.erase_person(admin, uow, candidate, "Kim Kandidat")
    assert refused.value.message_key == "error.erase_before_filing"
    decided_with_everything_said_about_kim(uow_factory, owner, round_id, candidate)  # decided, closed and filed
    with uow_factory() as uow, pytest.raises(InvalidInput):
        privacy.erase_person(admin, uow, candidate, "Kim")
    with uow_factory() as uow:
        privacy.erase_person(admin, uow, candidate, "Kim Kandidat")
    with uow_factory() as uow:
        assert uow.people.get(candidate) is None
        assert uow.interviews.query(person_ids=[candidate]) == []
        assert uow.session.scalars(select(RatingEntry)).all() == []
        assert uow.rounds.rounds_of_candidates([candidate])[candidate] == frozenset()
        erasure = uow.session.scalars(select(AuditEvent).where(tables.audit_log.c.action == "person.erase")).one()
        erased = (erasure.person_id, erasure.detail)
        every_entry = " ".join(f"{r.subject} {r.detail}" for r in uow.session.scalars(select(AuditEvent)))
    assert erased == (candidate, {"interviews": 1, "ratings": 1, "rounds": 1})
    assert "Kim" not in every_entry and "kim@x.example" not in every_entry
    assert "Kim" not in case_texts(uow_factory, round_id)  # the round's record of them goes with the person


def test_erasing_an_employee_with_an_account_removes_the_account(uow_factory, catalog):
    with uow_factory() as uow:
        admin = make_user(uow, "Admin")
        employee = make_user(uow, "Ea Ansat", Role.EMPLOYEE)
        team = make_team(uow, "Nord")
        person = make_person(uow, "Ea Ansat", team_id=team, user=employee)
    with uow_factory() as uow:
        interview_id = interviews.start_interview(employee, uow, catalog, person_id=person, guide_id="selvvurdering")
        interviews.save_rating(employee, uow, interview_id, catalog.guide("selvvurdering").questions[0].id, value=3, expected_version=0)
    with uow_factory() as uow:
        privacy.erase_person(admin, uow, person, "Ea Ansat")
    with uow_factory() as uow:
        assert uow.users.get(employee.user_id) is None
        assert uow.session.scalars(select(Person)).all() == []


def test_the_candidate_information_text_is_the_administrators(uow_factory, recruitment):
    admin, owner, _, _ = recruitment
    with uow_factory() as uow:
        assert "anonymiseres" in privacy.candidate_information(uow)["da"]
    with uow_factory() as uow:
        privacy.set_candidate_information(admin, uow, "Vi gemmer dine data i 6 måneder.", "We keep your data for 6 months.")
    with uow_factory() as uow:
        assert privacy.candidate_information(uow, as_shown=False)["en"] == "We keep your data for 6 months."
        shown = privacy.candidate_information(uow)["en"]
    assert shown.startswith("We keep your data for 6 months.") and "No automated decision is made" in shown  # art. 13(2)(f)
    with uow_factory() as uow, pytest.raises(AccessDenied):
        privacy.set_candidate_information(owner, uow, "x", "y")


def test_a_candidate_never_put_on_a_round_is_anonymised_once_the_period_has_passed(uow_factory, clock):
    from profiling.services import people

    with uow_factory() as uow:
        recruiter = make_user(uow, "Rita Rekrutterer", Role.RECRUITER)
    with uow_factory() as uow:
        lone = people.create_person(recruiter, uow, {"kind": "candidate", "name": "Lone Ensom", "email": "lone@x.example"})
    clock.advance(days=179)
    with uow_factory() as uow:
        assert privacy.run_retention(uow, None).anonymised_person_ids == []
    clock.advance(days=2)
    with uow_factory() as uow:
        assert privacy.run_retention(uow, None).anonymised_person_ids == [lone.id]
    assert stored_person(uow_factory, lone.id)[:2] == (f"Anonymiseret kandidat {lone.id}", None)


def test_a_candidate_taken_off_a_round_is_anonymised_a_period_after_that(uow_factory, catalog, clock):
    with uow_factory() as uow:
        owner = make_user(uow, "Mette Leder", Role.MANAGER)
    with uow_factory() as uow:
        created = rounds.create_round(owner, uow, catalog, {"title": "Specialist", "guide_id": "rekruttering"})
    with uow_factory() as uow:
        kim = rounds.add_new_candidate(owner, uow, created.id, {"name": "Kim Kandidat"}).candidates[0].id
    clock.advance(days=100)
    with uow_factory() as uow:
        rounds.remove_candidate(owner, uow, created.id, kim)
    clock.advance(days=170)  # 270 days after creation, 170 after removal
    with uow_factory() as uow:
        assert privacy.run_retention(uow, None).anonymised_person_ids == []
    clock.advance(days=11)
    with uow_factory() as uow:
        assert privacy.run_retention(uow, None).anonymised_person_ids == [kim]


def test_an_erased_note_is_gone_from_the_database_file_and_its_write_ahead_log(tmp_path, catalog):
    """secure_delete overwrites the freed pages; the WAL is checkpointed and truncated after an erasure."""
    from profiling.persistence.database import create_database_engine, session_factory, upgrade
    from profiling.persistence.unit_of_work import UnitOfWork

    path = tmp_path / "erase.db"
    engine = create_database_engine(f"sqlite:///{path}")
    upgrade(engine)
    units = session_factory(engine)
    secret = "Uforglemmelig-note-om-Kim-7319"
    with UnitOfWork(units) as uow:
        admin = make_user(uow, "Admin")
    with UnitOfWork(units) as uow:
        created = rounds.create_round(admin, uow, catalog, {"title": "R", "guide_id": "rekruttering", "panel_user_ids": [admin.user_id]})
    with UnitOfWork(units) as uow:
        kim = rounds.add_new_candidate(admin, uow, created.id, {"name": "Kim Kandidat"}).candidates[0].id
    declare_eligible(lambda: UnitOfWork(units), created.id, kim, admin)
    with UnitOfWork(units) as uow:
        interview_id = interviews.start_interview(admin, uow, catalog, person_id=kim, round_id=created.id)
        question = catalog.guide("rekruttering").questions[0].id
        interviews.save_rating(admin, uow, interview_id, question, value=4, note=secret, expected_version=0)
    with UnitOfWork(units) as uow:
        interviews.complete_interview(admin, uow, interview_id)
    decide_and_close(lambda: UnitOfWork(units), catalog, admin, created.id)
    with UnitOfWork(units) as uow:  # filed in the case system: the tool's copy may go
        case_file.journalise(admin, uow, created.id, "81.03.00-A00-2-26")
    with UnitOfWork(units) as uow:  # the note reaches the main file, as it would over a day's work
        uow.session.connection().exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    assert secret.encode() in path.read_bytes()
    with UnitOfWork(units) as uow:
        privacy.erase_person(admin, uow, kim, "Kim Kandidat")
    files = [p for p in tmp_path.iterdir() if p.name.startswith("erase.db")]
    assert all(secret.encode() not in p.read_bytes() for p in files), [p.name for p in files]
    engine.dispose()


def test_the_database_file_is_readable_by_its_owner_only(tmp_path):
    from profiling.persistence.database import create_database_engine, upgrade

    path = tmp_path / "new" / "profilsamtale.db"
    upgrade(create_database_engine(f"sqlite:///{path}"))
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert oct(path.parent.stat().st_mode & 0o777) == "0o700"
    assert all(oct(p.stat().st_mode & 0o777) == "0o600" for p in path.parent.iterdir())


def test_retention_waits_for_the_case_to_be_filed_then_follows_the_kassation_rule(uow_factory, recruitment, clock):
    admin, owner, round_id, candidate = recruitment
    with uow_factory() as uow:
        privacy.set_retention(admin, uow, 30, "", after_filing_days=60)
    close(uow_factory, owner, round_id, journalised=False)
    clock.advance(days=400)
    with uow_factory() as uow:  # closed long ago, but the case is not filed: its documents stay
        waiting = privacy.run_retention(uow, None)
    assert (waiting.anonymised_person_ids, waiting.waiting_for_filing) == ([], 1)
    with uow_factory() as uow:
        case_file.journalise(owner, uow, round_id, "81.03.00-A00-7-26")
    clock.advance(days=59)
    with uow_factory() as uow:
        assert privacy.run_retention(uow, None).anonymised_person_ids == []
    clock.advance(days=2)
    with uow_factory() as uow:
        done = privacy.run_retention(uow, None)
    assert (done.anonymised_person_ids, done.waiting_for_filing) == ([candidate], 0)


def test_a_rejected_applicants_letter_is_recorded_never_mailed_by_the_app(uow_factory, recruitment):
    """The case page prepares the answer; a person sends it (issue 23): recording it queues no mail."""
    from sqlalchemy import select

    from profiling.domain.mail import OutgoingMail

    _, owner, round_id, candidate = recruitment
    with uow_factory() as uow:
        before = len(uow.session.scalars(select(OutgoingMail)).all())
    decided_with_everything_said_about_kim(uow_factory, owner, round_id, candidate)
    with uow_factory() as uow:
        kinds = [m.kind for m in uow.session.scalars(select(OutgoingMail)).all()]
    assert len(kinds) == before and "answer" not in " ".join(kinds)
