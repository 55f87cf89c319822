"""The fictitious "Eksempelby Kommune": two teams with development conversations and self-assessments,
one open recruitment round, and a closed one that hired into Syd. Every name is made up."""

from __future__ import annotations

from datetime import timedelta

from profiling.catalog import Catalog
from profiling.demo.builder import DemoBuilder, DemoSummary, demo_email
from profiling.domain.people import Person, Team, User
from profiling.domain.plans import Goal, GoalStatus, Plan
from profiling.domain.rounds import Minutes, Reference, Round
from profiling.domain.scoring import RaterRole
from profiling.domain.theme_days import Source, ThemeDay
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.reads.target_levels import default_name
from profiling.reads.views import PersonKind, RoundStatus
from profiling.services.actors import Role
from profiling.services.passwords import hash_password
from profiling.services.theme_days import take_snapshot

DEMO_MUNICIPALITY = "Eksempelby Kommune"


# Every demo account signs in with this documented password (fictitious data only; see docs/privacy.md).
DEMO_PASSWORD = "eksempelby-demo"


DEMO_SETTING = "demo"


# Made-up people of Eksempelby Kommune.
NORTH = ["Anne Mølgaard", "Bente Kjær", "Carsten Vestergaard", "Dorthe Bach", "Emil Thorsen", "Fatima El-Sayed"]


SOUTH = ["Gitte Lauridsen", "Hans Holt", "Ida Juhl", "Jakob Winther", "Karin Dahl", "Lars Brix"]


CANDIDATES = ["Maja Friis", "Nikolaj Skov", "Olivia Bjerre", "Rasmus Kirk"]


# The spring round of Syd, closed: Sofie was hired into Syd from it.
SPRING_CANDIDATES = ["Sofie Dam", "Tobias Lind"]


DIGITAL = ("digitalt-kompetent", "kan-medbetjene-borgeren", "paedagogiske-og-didaktiske-kompetencer")


def build_demo(uow: UnitOfWork, catalog: Catalog, seed: int = 2026) -> DemoSummary:
    """Load Eksempelby Kommune: two teams with development interviews and self-assessments, one open round and
    one closed round that hired into Syd, Nord's published theme day."""
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
    target = uow.targets.latest(default_name(build.content.framework))
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
    for rater, name, _, _ in plan:  # each declared themself not disqualified before the interview (FVL § 3)
        if round_row.declaration(rater.id, candidates[name].id) is None:
            round_row.declare(rater.id, candidates[name].id, False, "", interview_day - timedelta(days=1))
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
    representative = uow.users.by_email(demo_email(SOUTH[2]))  # Ida Juhl, the union representative
    assert representative is not None
    _spring_round(uow, build, south, jonas, camilla, representative, target_id)
    build.flush_ratings()
    _between_conversations(uow, catalog, build, north, south, mette, jonas, employees)
    # Every staff account of the demo, and an employee of each team, on the sign-in screen.
    shown = [admin, mette, jonas, camilla, peter, *(uow.users.by_email(demo_email(names[0])) for names in (NORTH, SOUTH))]
    accounts = [{"email": u.email, "name": u.name, "role": u.role} for u in shown if u is not None]
    uow.settings.store(DEMO_SETTING, {"accounts": accounts}, now)
    uow.commit()
    return build.summary


def _spring_round(
    uow: UnitOfWork, build: DemoBuilder, south: Team, jonas: User, camilla: User, representative: User, target_id: int | None
) -> None:
    """Syd's spring round, run as a case and filed four months ago: the criteria, the committee with the union
    representative, declarations, notes behind every rating, a reference on each candidate - Tobias's weighing
    against him, heard and answered - the minutes, Sofie hired into Syd, Tobias's answer with its reasons, and the
    filing in the case system."""
    now = build.now
    spring = Round(
        title="Specialist i borgerkontakt, Borgerservice Syd (forår)", framework_id=build.content.framework.id,
        guide_id="rekruttering", target_profile_id=target_id, owner_id=jonas.id, status=RoundStatus.OPEN,
        created_at=now - timedelta(days=160),
        criteria="Erfaring med borgerbetjening og medbetjening\nDigitale kompetencer\nKan afkode borgeren og håndtere konflikter",
    )
    spring.seat_panel([camilla.id], [representative.id])
    uow.rounds.add(spring)
    uow.flush()
    people = {}
    for name in SPRING_CANDIDATES:
        people[name] = build.person(name, PersonKind.CANDIDATE)
        uow.flush()
        spring.place(people[name].id, now - timedelta(days=150))
    uow.flush()
    sofie, tobias = people["Sofie Dam"], people["Tobias Lind"]
    for offset, rater in enumerate((jonas, camilla)):
        for index, name in enumerate(SPRING_CANDIDATES):
            spring.declare(rater.id, people[name].id, False, "", now - timedelta(days=141))
            build.scorecard(
                people[name], "rekruttering", rater, RaterRole.PANEL, build.latent(base=3.8 - 0.6 * index, spread=0.4),
                completed_at=now - timedelta(days=140 - offset - index), round_row=spring, target_profile_id=target_id,
                note_share=1.0,  # a note behind every rating: the duty to note
            )
    spring.references.extend([
        Reference(person_id=sofie.id, referee_name="Lone Berg", referee_relation="tidligere nærmeste leder",
                  consent_at=now - timedelta(days=138), taken_by_id=jonas.id, taken_at=now - timedelta(days=137),
                  answers={"kan-medbetjene-borgeren": "Lærte borgerne selv at bruge MitID i stedet for at gøre det for dem."},
                  summary="Positiv reference."),
        Reference(person_id=tobias.id, referee_name="Kurt Holm", referee_relation="tidligere kollega",
                  consent_at=now - timedelta(days=138), taken_by_id=jonas.id, taken_at=now - timedelta(days=137),
                  answers={"evner-at-vaere-paa": "Gik flere gange fra skranken, når en borger blev vred."},
                  summary="Oplysningerne om konflikthåndtering taler imod kandidaten.", weighs_against=True),
    ])
    heard = spring.references[1]
    heard.start_hearing(
        "Kære Tobias Lind\n\nVi har indhentet en reference hos Kurt Holm, som oplyser, at du flere gange gik fra skranken, "
        "når en borger blev vred. Du kan kommentere oplysningerne senest om otte dage.\n\nVenlig hilsen\nJonas Kristensen",
        (now - timedelta(days=128)).date(), now - timedelta(days=136),
    )
    heard.record_answer("Det var i min første måned, og jeg hentede min leder hver gang, som aftalt. Det har jeg lært af.",
                        now - timedelta(days=133))
    spring.write_minutes(
        Minutes(recommended=[sofie.id], recommendation="Panelet indstiller enstemmigt Sofie Dam til stillingen.",
                reasons={str(sofie.id): "Stærkest på medbetjening og digitale kompetencer; gode eksempler på konflikthåndtering.",
                         str(tobias.id): "God på borgerbetjening, men svagere på digitale kompetencer og konflikthåndtering end "
                                         "den indstillede; hans svar på høringen er taget med."},
                decided_by="Ansættelsesudvalget: Jonas Kristensen (formand), Camilla Holm og Ida Juhl (tillidsrepræsentant)",
                decided_on=(now - timedelta(days=126)).date(), written_by_id=jonas.id, written_at=now - timedelta(days=126)),
        assessed=[sofie.id, tobias.id], flagged=[], notes_outstanding=0, today=(now - timedelta(days=126)).date(),
    )
    spring.set_status(RoundStatus.CLOSED, now - timedelta(days=125))
    sofie.hire(spring.id, south.id, now - timedelta(days=124))
    answered = spring.candidacy(tobias.id)
    if answered is not None:
        answered.answer = ("Kære Tobias Lind\n\nTak for din ansøgning. Vi har valgt en anden kandidat, som var stærkere på "
                           "digitale kompetencer og konflikthåndtering.\n\nVenlig hilsen\nJonas Kristensen")
        answered.answered_at, answered.answered_by_id = now - timedelta(days=123), jonas.id
    spring.journalised_at, spring.case_number = now - timedelta(days=120), "81.03.00-A00-14-26"


def _between_conversations(
    uow: UnitOfWork, catalog: Catalog, build: DemoBuilder, north: Team, south: Team, mette: User, jonas: User,
    employees: list[tuple[Person, User]],
) -> None:
    """The shared half and the thread between conversations: last year's plan of Anne with check-ins (one goal
    practised, one quiet), a theme day of Nord held with agreements and its team profile published, and Syd's
    digital theme day ahead."""
    now = build.now
    anne, anne_account = employees[0]
    plan = Plan(
        person_id=anne.id, framework_id=build.content.framework.id, title="Udviklingsplan 2025-26",
        created_by_id=mette.id, created_at=now - timedelta(days=330),
        manager_agreed_at=now - timedelta(days=330), employee_agreed_at=now - timedelta(days=329),
    )
    plan.goals = [
        Goal(position=0, competence_id="kan-medbetjene-borgeren", goal="Lære borgeren at bruge selvbetjeningen ved skranken",
             actions="Vise én borger om dagen hele vejen igennem", status=GoalStatus.IN_PROGRESS),
        Goal(position=1, competence_id="kan-afkode-borgeren", goal="Spørge åbent ind, før jeg foreslår en løsning",
             actions="Bruge 'fortæl lidt mere' i svære samtaler", status=GoalStatus.PLANNED),
    ]
    uow.plans.add(plan)
    first = plan.goals[0].check_in(
        "Viste en ældre borger MitID-appen trin for trin. Hun fik logget ind selv anden gang.", anne_account.id,
        now - timedelta(days=60),
    )
    first.respond("Godt set at lade hende gøre det selv. Hvad gjorde forskellen anden gang?", mette.id, now - timedelta(days=58))
    plan.goals[0].check_in(
        "Prøvede det samme med en travl borger - det gik for hurtigt. Jeg spørger nu først, om der er tid.", anne_account.id,
        now - timedelta(days=21),
    )
    held = ThemeDay(
        team_id=north.id, title="Temadag: borgeren som medbetjent", held_on=(now - timedelta(days=45)).date(),
        framework_id=build.content.framework.id, source=Source.MANAGER, planned_by_id=mette.id,
        created_at=now - timedelta(days=70),
    )
    held.agree(
        [
            ("kan-medbetjene-borgeren", "Vi viser borgeren selvbetjeningen i stedet for at gøre det for dem - mindst én gang om dagen hver.",
             (now + timedelta(days=30)).date()),
            ("kan-afkode-borgeren", "Vi deler hver fredag én samtale, hvor vi misforstod borgeren, og hvad vi lærte.",
             (now + timedelta(days=14)).date()),
        ],
        now - timedelta(days=45),
    )
    uow.theme_days.add(held)
    uow.flush()
    take_snapshot(uow, catalog, held)
    held.published_at = now - timedelta(days=46)
    if build.digital is not None:
        uow.theme_days.add(ThemeDay(
            team_id=south.id, title="Temadag: digitale kompetencer", held_on=(now + timedelta(days=21)).date(),
            framework_id=build.digital.framework.id, source=Source.SELF, planned_by_id=jonas.id, created_at=now,
        ))
    uow.flush()
