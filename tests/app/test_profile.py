"""The profile page: the radar against the target, the self-assessment and the team; development over time."""

from __future__ import annotations

import json

import pytest

from profiling import formatting
from profiling.persistence.database import create_database_engine, session_factory
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.reads import directory


@pytest.fixture
def anne(demo_database, admin) -> int:
    """A demo employee with last year's and this year's MUS and a self-assessment."""
    engine = create_database_engine(demo_database)
    with UnitOfWork(session_factory(engine)) as uow:
        person = directory.list_people(admin, uow, "Anne Mølgaard")[0]
    engine.dispose()
    return person.id


def trace_names(app) -> list[str]:
    return [trace["name"] for trace in json.loads(app.get("plotly_chart")[0].proto.spec)["data"]]


def test_the_profile_shows_fit_coverage_and_the_radar_against_the_target(anne, open_page):
    app = open_page("profile.py", person=anne)
    assert not app.exception
    assert [m.label for m in app.metric] == ["Match med målprofil", "Dækning", "Bedømmere"]
    assert trace_names(app) == ["Anne Mølgaard", "Målprofil"]
    strengths = next(m.value for m in app.markdown if m.value.startswith("**Styrker**"))
    development = next(m.value for m in app.markdown if m.value.startswith("**Udviklingsområder**"))
    assert any(line.startswith("- ") for line in (strengths + "\n" + development).splitlines()), "the competences are listed"


def test_the_self_assessment_and_the_team_are_layers_of_the_radar(anne, open_page):
    app = open_page("profile.py", person=anne)
    layer = app.segmented_control(key="profile_layer")
    assert layer.options == ["Målprofilen", "Selvvurderingen", "Teamet"]
    layer.set_value("self").run()
    assert trace_names(app) == ["Selvvurdering", "Lederens vurdering", "Målprofil"]
    app.segmented_control(key="profile_layer").set_value("team").run()
    assert trace_names(app) == ["Anne Mølgaard", "Teamets gennemsnit", "Målprofil"]


def test_development_over_time_has_one_trace_per_assessment_and_one_trend_line_per_instrument(anne, demo_database, open_page):
    app = open_page("profile.py", person=anne, tab="Over tid")
    assert not app.exception
    # last year's MUS, this year's self-assessment and MUS, the target: each named by who assessed
    # the days as the app writes them: local dates of the demo's moments (which carry the time of day the demo
    # was built at, so near midnight and across a change of summer time a day can move)
    with UnitOfWork(session_factory(create_database_engine(demo_database))) as uow:
        done = sorted(i.completed_at for i in uow.interviews.query(person_ids=[anne], status="completed")
                      if i.completed_at and i.guide_id != "digital-kortlaegning")  # the specialist profile's
    last_mus, self_assessment, this_mus = (formatting.day(moment, "da") for moment in done)
    assert trace_names(app) == [f"Leder {last_mus}", f"Selvvurdering {self_assessment}", f"Leder {this_mus}", "Målprofil"]
    assert list(app.dataframe[-1].value.columns) == [
        "Kompetence", f"{last_mus} · Leder", f"{self_assessment} · Selvvurdering", f"{this_mus} · Leder",
    ]
    trend = json.loads(app.get("plotly_chart")[1].proto.spec)["data"]
    lines = {t["name"]: len(t["x"]) for t in trend if t.get("mode") == "lines+markers"}
    assert lines == {"Leder": 2, "Selvvurdering": 1}  # never one line through the manager's and her own view


def test_a_single_rater_and_low_coverage_are_flagged(anne, open_page):
    app = open_page("profile.py", person=anne)
    assert any("Kun én bedømmer" in i.value for i in app.info)
