"""Sign-in in the app, and what each demo role's menu holds and shows."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from profiling.i18n import translate
from profiling.reads import round_views
from profiling.services import demo
from profiling.services.actors import Role
from profiling.ui.auth import TOKEN_KEY
from profiling.ui.navigation import ALL_PAGES, PAGES_BY_ROLE
from tests.app.conftest import APP, jump_list, open_account_menu, signed_in_as, units

DEMO = {
    Role.ADMIN: "anders.andersen@eksempelby.example",
    Role.MANAGER: "mette.soerensen@eksempelby.example",
    Role.RECRUITER: "camilla.holm@eksempelby.example",
    Role.EMPLOYEE: "anne.moelgaard@eksempelby.example",
}


def fresh_app(**query: str) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        app.query_params[key] = value
    return app


def refused_on_overview(app: AppTest) -> None:
    """A page outside the user's menu, opened by its address: the overview, saying why (never Streamlit's
    English "Page not found", never the page)."""
    assert not app.exception
    assert app.title[0].value == "Overblik"
    assert [w.value for w in app.warning] == ["Den side hører ikke til din rolle, så du er sendt til overblikket."]


def redirect_script(app: AppTest) -> str:
    """The script that sends the browser on (to set the sign-in cookie), among the page's html elements."""
    return next(h.proto.body for h in app.get("html") if "location.replace" in h.proto.body)


def sign_in_form(app: AppTest, email: str, password: str) -> AppTest:
    next(w for w in app.text_input if w.label == "E-mail").input(email)
    next(w for w in app.text_input if w.label == "Adgangskode").input(password)
    next(b for b in app.button if b.label == "Log ind").click()
    return app.run()


def sign_in_form_in(app: AppTest, email_label: str, password_label: str, button: str, email: str) -> AppTest:
    """The sign-in form in another language than Danish, with the demo password."""
    next(w for w in app.text_input if w.label == email_label).input(email)
    next(w for w in app.text_input if w.label == password_label).input(demo.DEMO_PASSWORD)
    next(b for b in app.button if b.label == button).click()
    return app.run()


def test_without_a_session_the_sign_in_screen_shows_and_lists_the_demo_accounts(demo_database):
    app = fresh_app(interview="3").run()
    assert not app.exception
    assert app.title[0].value == "Log ind"
    accounts_shown = app.table[0].value
    # every staff account of the demo (both managers, both panel members) and an employee of each team
    assert set(accounts_shown["E-mail"]) == set(DEMO.values()) | {
        "jonas.kristensen@eksempelby.example", "peter.lund@eksempelby.example", "gitte.lauridsen@eksempelby.example",
    }
    assert any(demo.DEMO_PASSWORD in m.value for m in app.markdown)


def test_english_chosen_on_the_sign_in_screen_is_kept_through_sign_in_and_sign_out(demo_database):
    app = fresh_app().run()
    app.sidebar.segmented_control[0].set_value("en").run()
    assert app.title[0].value == "Sign in" and app.query_params["lang"] == "en"
    app = sign_in_form_in(app, "E-mail", "Password", "Sign in", DEMO[Role.MANAGER])
    assert "lang%3Den" in redirect_script(app)  # the address after sign-in still says English
    # The browser comes back in a new session, with the address; the choice becomes the account's.
    back = fresh_app(lang="en")
    back.session_state[TOKEN_KEY] = app.session_state[TOKEN_KEY]
    back.run()
    assert back.title[0].value == "Overview"
    assert "lang" not in back.query_params
    with units(demo_database)() as uow:
        assert uow.users.by_email(DEMO[Role.MANAGER]).language == "en"  # type: ignore[union-attr]
    open_account_menu(back)
    next(b for b in back.sidebar.button if b.label == "Sign out").click().run()
    assert "lang=en" in redirect_script(back)


def test_a_wrong_password_is_refused_with_a_message_and_the_right_one_signs_in(demo_database):
    app = sign_in_form(fresh_app().run(), DEMO[Role.MANAGER], "forkert-adgangskode")
    assert [e.value for e in app.error] == [translate("error.sign_in_failed", "da")]
    assert TOKEN_KEY not in app.session_state
    app = sign_in_form(app, DEMO[Role.MANAGER], demo.DEMO_PASSWORD)
    assert app.session_state[TOKEN_KEY]
    script = redirect_script(app)
    assert "window.location.replace(\"/auth/complete?code=" in script
    assert "profilsamtale_handoff=" in script and "SameSite=Strict" in script
    app.run()
    assert app.title[0].value == "Overblik"
    assert "Mette Sørensen" in signed_in_as(app)


def test_after_signing_in_the_page_in_the_url_opens_with_its_ids(demo_database, open_page):
    with units(demo_database)() as uow:
        mette = uow.users.by_email(DEMO[Role.MANAGER])
        (draft,) = [i for i in uow.interviews.query(rater_id=mette.id, status="draft")]
        draft_id = draft.id
    app = fresh_app().run()
    app.switch_page("profiling/ui/app_pages/conversation.py")
    app.query_params["interview"] = str(draft_id)
    app.run()
    assert app.title[0].value == "Log ind"
    app = sign_in_form(app, DEMO[Role.MANAGER], demo.DEMO_PASSWORD)
    assert f"interview%3D{draft_id}" in redirect_script(app)  # comes back to the interview
    app.run()
    assert jump_list(app, draft_id).value > 0


def test_the_first_start_offers_the_demo_and_the_first_administrator(database_url):
    app = fresh_app().run()
    assert app.title[0].value == "Velkommen til Profilsamtale"
    next(b for b in app.button if b.label.startswith("Indlæs demodata")).click().run()
    assert not app.exception
    assert app.title[0].value == "Log ind"  # no silent sign-in as the administrator
    assert any("Demodata for Eksempelby Kommune er indlæst" in m.value for m in app.success)
    accounts = set(app.table[0].value["Navn"])
    assert {"Anders Andersen", "Mette Sørensen", "Jonas Kristensen", "Camilla Holm", "Peter Lund", "Anne Mølgaard"} <= accounts
    app = sign_in_form(app, DEMO[Role.ADMIN], demo.DEMO_PASSWORD)
    app.run()
    assert app.title[0].value == "Overblik"
    assert "Anders Andersen" in signed_in_as(app)


def test_the_first_administrator_is_created_on_the_first_start_screen(database_url):
    app = fresh_app().run()
    for label, value in [("Navn", "Ada Admin"), ("E-mail", "ada@eksempelby.example")]:
        next(w for w in app.text_input if w.label == label).input(value)
    next(w for w in app.text_input if w.label == "Adgangskode").input("kort")
    next(w for w in app.text_input if w.label == "Gentag adgangskoden").input("kort")
    next(b for b in app.button if b.label == "Opret og log ind").click().run()
    assert [e.value for e in app.error] == ["Adgangskoden skal være på mindst 12 tegn."]
    next(w for w in app.text_input if w.label == "Adgangskode").input("korrekt-hest-batteri")
    next(w for w in app.text_input if w.label == "Gentag adgangskoden").input("korrekt-hest-batteri")
    next(b for b in app.button if b.label == "Opret og log ind").click().run()
    assert app.session_state[TOKEN_KEY]
    app.run()
    assert signed_in_as(app) == "Ada Admin (administrator)"


@pytest.mark.parametrize("role", list(DEMO))
def test_each_role_reaches_exactly_its_pages_and_each_renders(demo_database, open_page, role):
    allowed = {spec.file for spec in PAGES_BY_ROLE[role]}
    for spec in ALL_PAGES:
        app = open_page(as_email=DEMO[role])
        if spec.file in allowed:
            app.switch_page(spec.path).run()
            assert not app.exception, (role, spec.file, [e.value for e in app.exception])
            assert app.title, (role, spec.file)
        else:
            refused_on_overview(app.switch_page(spec.path).run())


def test_an_employee_sees_only_themself(demo_database, open_page):
    app = open_page("profile.py", as_email=DEMO[Role.EMPLOYEE])
    assert app.selectbox[0].options == ["–", "Anne Mølgaard (Borgerservice Nord)"]  # with her team (two of one name differ)
    with units(demo_database)() as uow:
        anne = uow.people.by_email(DEMO[Role.EMPLOYEE]).id
        bente = uow.people.by_email("bente.kjaer@eksempelby.example").id
    own = open_page("profile.py", as_email=DEMO[Role.EMPLOYEE], person=anne)
    assert own.title[0].value == "Anne Mølgaard"
    other = open_page("profile.py", as_email=DEMO[Role.EMPLOYEE], person=bente)
    assert any("Findes ikke" in e.value for e in other.error)
    assert not other.get("plotly_chart")


def test_another_persons_interview_id_in_the_url_shows_not_found(demo_database, open_page):
    with units(demo_database)() as uow:
        other = next(i for i in uow.interviews.query(status="completed") if i.round_id is not None)
        other_id = other.id
    app = open_page("conversation.py", as_email=DEMO[Role.EMPLOYEE], interview=other_id)
    assert not app.exception
    assert any("Findes ikke" in e.value for e in app.error)
    assert not app.radio


def test_the_administration_page_lists_users_and_explains_retention(demo_database, open_page):
    app = open_page("admin.py")
    assert not app.exception
    assert "anders.andersen@eksempelby.example" in set(app.dataframe[0].value["E-mail"])
    retention = open_page("admin.py", tab="Persondata")
    assert any("Datatilsynet" in m.value for m in retention.markdown)
    audit_tab = open_page("admin.py", tab="Revisionslog")
    assert "Handling" in audit_tab.dataframe[0].value.columns


def test_the_administrator_finds_a_user_by_typing_and_changes_their_role(demo_database, open_page, monkeypatch):
    from profiling.ui import widgets

    monkeypatch.setattr(widgets, "MATCHES_SHOWN", 3)  # the demo's accounts stand in for a municipality's thousands
    app = open_page("admin.py")
    assert not [s for s in app.selectbox if s.label == "Bruger"]  # nobody listed until a name is typed
    app.text_input(key="admin_user_find").input("zzqx").run()
    assert any(c.value == "Ingen bruger passer til søgningen." for c in app.caption)
    app.text_input(key="admin_user_find").input("camilla.holm@").run()  # by e-mail address as well as by name
    (user,) = [s for s in app.selectbox if s.label == "Bruger"]
    assert user.options == ["Camilla Holm (camilla.holm@eksempelby.example)"]
    role = next(s for s in app.selectbox if s.label == "Rolle" and s.form_id.startswith("user_edit_"))
    role.set_value(Role.MANAGER)
    next(b for b in app.button if b.label == "Gem" and b.form_id.startswith("user_edit_")).click().run()
    assert not app.exception
    with units(demo_database)() as uow:
        assert uow.users.by_email(DEMO[Role.RECRUITER]).role == Role.MANAGER  # type: ignore[union-attr]


def test_an_employee_on_a_hiring_committee_reaches_the_rounds_and_the_comparison_and_scores_nothing(demo_database, open_page):
    from profiling.catalog import load_catalog
    from profiling.services import rounds
    from profiling.services.system import actor_of
    from profiling.settings import Settings

    email = "bente.kjaer@eksempelby.example"
    with units(demo_database)() as uow:
        mette = actor_of(uow.users.by_email(DEMO[Role.MANAGER]))
        bente = uow.users.by_email(email).id  # type: ignore[union-attr]
        (the_round,) = round_views.list_rounds(mette, uow, rounds.RoundStatus.OPEN)
    app = open_page(as_email=email)
    refused_on_overview(app.switch_page("profiling/ui/app_pages/rounds.py").run())  # not hers before she sits on a committee
    with units(demo_database)() as uow:
        rounds.update_round(mette, uow, load_catalog([Settings().questionnaires_dir]), the_round.id, {
            "title": the_round.title, "guide_id": the_round.guide_id, "panel_user_ids": [u.id for u in the_round.panel],
            "committee_user_ids": [bente],
        }, the_round.version)
    page = open_page("rounds.py", as_email=email, round=the_round.id)
    assert not page.exception, [e.value for e in page.exception]
    assert any(h.value == the_round.title for h in page.subheader)
    assert not [b for b in page.button if b.label in ("Start interview", "Fortsæt interview")]
    assert not page.tabs  # no "create a round" for a committee member
    compared = open_page("comparison.py", as_email=email, round=the_round.id)
    assert not compared.exception and compared.get("plotly_chart")


def test_the_administrator_sets_the_disposal_rule_and_the_kle_number_and_a_malformed_number_is_refused(database_url, open_page):
    from profiling.services import case_file, privacy

    app = open_page("admin.py", tab="Persondata")
    assert not app.exception, [e.value for e in app.exception]
    next(n for n in app.number_input if n.label == "Dage efter journalisering (kassation)").set_value(30)
    kle = next(x for x in app.text_input if x.label == "KLE-nummer for ansættelsessager")
    assert kle.value == "81.03.00"
    kle.input("81.3")
    next(b for b in app.button if b.label == "Gem" and b.form_id == "retention").click().run()
    assert not app.exception, [e.value for e in app.exception]
    assert any("81.03 eller 81.03.00" in e.value for e in app.error)
    next(x for x in app.text_input if x.label == "KLE-nummer for ansættelsessager").input("81.03")
    next(b for b in app.button if b.label == "Gem" and b.form_id == "retention").click().run()
    assert any(s.value == "Gemt." or s.value.startswith("Gemt") for s in app.success)
    with units(database_url)() as uow:
        assert privacy.retention_settings(uow).kassation_days == 30
        assert case_file.kle_number(uow) == "81.03"


def test_an_invitation_link_sets_the_password_once_and_then_the_person_signs_in(demo_database):
    import re

    from sqlalchemy import select

    from profiling.domain.mail import OutgoingMail
    from profiling.services import account_invitations
    from profiling.services.system import actor_of

    with units(demo_database)() as uow:
        admin = actor_of(uow.users.by_email(DEMO[Role.ADMIN]))  # type: ignore[arg-type]
        gitte = uow.users.by_email("gitte.lauridsen@eksempelby.example")
        account_invitations.invite_accounts(admin, uow, [gitte.id], "https://profilsamtale.example")  # type: ignore[union-attr]
    with units(demo_database)() as uow:
        (sent,) = uow.session.scalars(select(OutgoingMail)).all()
        token = re.search(r"set_password=([\w-]+)", sent.body).group(1)  # type: ignore[union-attr]
    app = fresh_app(set_password=token).run()
    assert not app.exception and app.title[0].value == "Vælg din adgangskode"
    fields = [w for w in app.text_input if w.label in ("Adgangskode", "Gentag adgangskoden")]
    fields[0].input("nyt-og-langt-kodeord-2026")
    fields[1].input("nyt-og-langt-kodeord-2026")
    next(b for b in app.button if b.label == "Gem adgangskoden").click()
    app.run()
    assert not app.exception and app.title[0].value == "Log ind"
    said = [s.value.replace("\\", "").replace("\u2060", "") for s in app.success]  # shown literally, never as a link
    assert "Din adgangskode er gemt. Log ind med gitte.lauridsen@eksempelby.example." in said
    assert "set_password" not in app.query_params
    app = sign_in_form(app, "gitte.lauridsen@eksempelby.example", "nyt-og-langt-kodeord-2026")
    assert app.session_state[TOKEN_KEY]
    spent = fresh_app(set_password=token).run()  # the link works once
    assert [e.value for e in spent.error] == [translate("error.link_expired", "da")]


def test_the_administrator_invites_the_accounts_without_a_password_and_sees_them_wait_in_the_outbox(demo_database, open_page):
    from profiling.domain.people import User

    with units(demo_database)() as uow:
        for n in range(3):
            uow.users.add(User(email=f"ny{n}@eksempelby.example", name=f"Ny Kollega {n}", role=Role.EMPLOYEE, created_at=uow.now()))
        uow.commit()
    app = open_page("admin.py", as_email=DEMO[Role.ADMIN], tab="Mail og invitationer")
    assert not app.exception
    assert any("PROFILING_SMTP_HOST" in w.value for w in app.warning)  # no mail server in the tests' settings
    invite = next(b for b in app.button if b.label.startswith("Send invitationer til"))
    assert invite.label == "Send invitationer til 3 brugere uden adgangskode"
    invite.click().run()
    assert not app.exception
    assert any(s.value == "3 invitationer er lagt i udbakken." for s in app.success)
    app.run()
    waiting = next(m for m in app.metric if m.label == "Venter")
    assert waiting.value == "3"
