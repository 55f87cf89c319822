"""Chart builders, tested on their data: values, closed polygons, fixed range, gaps, target on top."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from profiling import charts
from profiling.domain.framework import TargetLevel
from profiling.domain.scoring import RaterProfile, RaterRole, Scorer
from tests.builders import make_framework, rate

FRAMEWORK = make_framework({"area-a": ["a1", "a2"], "area-b": ["b1"]})


@pytest.fixture(autouse=True)
def figures_checked_by_plotly(monkeypatch):
    """Every figure built here is checked by plotly (pages skip the check): an unknown property fails the test."""
    monkeypatch.setattr(charts, "VALIDATE_FIGURES", True)


def profile_of(*ratings, target=None):
    return Scorer.build(FRAMEWORK, target).score(ratings)


def test_person_radar_draws_the_person_filled_and_the_target_dashed_on_top():
    chart = charts.person_radar(FRAMEWORK, profile_of(rate("a1", 3), rate("a2", 5)), "Anne", "da")
    person, target = chart.figure.data
    assert person.name == "Anne" and person.fill == "toself"
    assert target.name == "Målprofil" and target.line.dash == "dash" and target.fill == "none"
    assert list(target.r) == [4.0, 4.0, 4.0, 4.0]


def test_every_polygon_is_closed_by_repeating_its_first_point():
    chart = charts.person_radar(FRAMEWORK, profile_of(rate("a1", 3), rate("a2", 5), rate("b1", 2)), "Anne", "en")
    for trace in chart.figure.data:
        assert trace.r[0] == trace.r[-1] and trace.theta[0] == trace.theta[-1]
        assert len(trace.r) == len(FRAMEWORK.competences) + 1
    assert list(chart.figure.data[0].r) == [3, 5, 2, 3]


def test_an_unscored_competence_is_a_gap_not_a_zero():
    chart = charts.person_radar(FRAMEWORK, profile_of(rate("a1", 3), rate("b1", 2)), "Anne", "en")
    person = chart.figure.data[0]
    assert person.r[1] is None
    assert person.connectgaps is False


def test_the_radial_axis_is_fixed_to_the_scale():
    chart = charts.person_radar(FRAMEWORK, profile_of(rate("a1", 5)), "Anne", "en")
    axis = chart.figure.layout.polar.radialaxis
    assert tuple(axis.range) == (1, 5)
    assert list(axis.tickvals) == [1, 2, 3, 4, 5]


def test_area_level_has_one_spoke_per_area():
    chart = charts.person_radar(FRAMEWORK, profile_of(rate("a1", 2), rate("a2", 4)), "Anne", "en", level="area")
    person = chart.figure.data[0]
    assert list(person.r) == [3.0, None, 3.0]
    assert list(person.theta) == ["area-a", "area-b", "area-a"]


def test_hover_tells_score_target_gap_and_ratings_with_a_danish_decimal_comma():
    profile = Scorer.build(FRAMEWORK).score([rate("a1", 3), rate("a1", 4)])
    hover = charts.person_radar(FRAMEWORK, profile, "Anne", "da").figure.data[0].text[0]
    assert "Score: 3,5" in hover and "Mål: 4,0" in hover and "Afvigelse: −0,5" in hover and "Vurderinger: 2" in hover
    english = charts.person_radar(FRAMEWORK, profile, "Anne", "en").figure.data[0].text[0]
    assert "Score: 3.5" in english and "Gap: −0.5" in english


def test_the_table_view_holds_the_same_numbers_as_the_chart():
    chart = charts.person_radar(FRAMEWORK, profile_of(rate("a1", 3), rate("b1", 2)), "Anne", "da")
    assert chart.table == [
        {"Kompetence": "a1", "Anne": "3,0", "Målprofil": "4,0"},
        {"Kompetence": "a2", "Anne": "–", "Målprofil": "4,0"},
        {"Kompetence": "b1", "Anne": "2,0", "Målprofil": "4,0"},
    ]


def test_a_name_with_markup_is_shown_literally_not_as_html():
    chart = charts.person_radar(FRAMEWORK, profile_of(rate("a1", 3)), '<a href="http://x">Bo</a>', "en")
    assert chart.figure.data[0].name == '&lt;a href="http://x"&gt;Bo&lt;/a&gt;'
    assert "<a " not in chart.figure.layout.title.text


def test_several_people_get_distinct_colours_and_line_styles_and_the_target_stays_on_top():
    people = [(f"P{i}", profile_of(rate("a1", 1 + i % 5))) for i in range(8)]
    chart = charts.people_radar(FRAMEWORK, people, "en")
    traces = chart.figure.data
    assert [t.name for t in traces] == [*(f"P{i}" for i in range(8)), "Target profile"]
    assert len({t.line.color for t in traces[:-1]}) == 8
    assert len({(t.line.dash, t.marker.symbol) for t in traces[:-1]}) == 8
    assert chart.figure.layout.legend.itemclick == "toggle"


def test_more_than_eight_people_are_refused():
    with pytest.raises(ValueError, match="at most 8"):
        charts.people_radar(FRAMEWORK, [(f"P{i}", profile_of(rate("a1", 3))) for i in range(9)], "en")


def test_self_manager_radar_has_the_three_layers():
    scorer = Scorer.build(FRAMEWORK)
    panel = scorer.consolidate(
        [
            RaterProfile(rater="Leder", role=RaterRole.MANAGER, profile=scorer.score([rate("a1", 2)])),
            RaterProfile(rater="Anne", role=RaterRole.SELF, profile=scorer.score([rate("a1", 4)])),
        ]
    )
    chart = charts.self_manager_radar(FRAMEWORK, panel, "Anne", "da")
    assert [t.name for t in chart.figure.data] == ["Selvvurdering", "Lederens vurdering", "Målprofil"]
    assert [t.r[0] for t in chart.figure.data] == [4, 2, 4.0]


def test_a_person_over_time_is_one_trace_per_assessment_named_by_who_assessed_and_the_date_oldest_first():
    chart = charts.timeline_radar(
        FRAMEWORK,
        [(date(2026, 11, 1), "Leder", profile_of(rate("a1", 4))), (date(2025, 11, 3), "Rekrutteringspanel", profile_of(rate("a1", 2)))],
        "da",
    )
    assert [t.name for t in chart.figure.data] == ["Rekrutteringspanel 3. nov. 2025", "Leder 1. nov. 2026", "Målprofil"]
    assert [t.r[0] for t in chart.figure.data[:2]] == [2, 4]


def test_team_layer_shows_the_person_only_when_given():
    average = profile_of(rate("a1", 3))
    team_only = charts.team_radar(FRAMEWORK, average, "en")
    assert [t.name for t in team_only.figure.data] == ["Team average", "Target profile"]
    with_person = charts.team_radar(FRAMEWORK, average, "en", person=("Anne", profile_of(rate("a1", 5))))
    assert [t.name for t in with_person.figure.data] == ["Anne", "Team average", "Target profile"]


def test_gap_heatmap_holds_each_persons_gap_per_competence_and_blanks_for_unscored():
    target = {"a1": TargetLevel(level=4), "a2": TargetLevel(level=3), "b1": TargetLevel(level=4)}
    chart = charts.gap_heatmap(
        FRAMEWORK, [("Anne", profile_of(rate("a1", 5), rate("a2", 1), target=target)), ("Bo", profile_of(target=target))], "da"
    )
    heat = chart.figure.data[0]
    assert [list(row) for row in heat.z] == [[1.0, -2.0, None], [None, None, None]]
    assert list(heat.y) == ["Anne", "Bo"]
    assert chart.table[0] == {"Person": "Anne", "a1": "+1,0", "a2": "−2,0", "b1": "–"}


def test_a_competence_trend_has_the_scores_in_date_order_the_target_and_the_plan_goals():
    chart = charts.competence_trend(
        FRAMEWORK, "a1",
        [("Leder", [(date(2026, 11, 1), 4.0), (date(2025, 11, 1), 2.5), (date(2026, 5, 1), None)])],
        4.0, [date(2025, 11, 20)], "da",
    )
    score, target, goals = chart.figure.data
    assert list(score.y) == [2.5, None, 4.0] and score.connectgaps is False and score.name == "Leder"
    assert list(target.y) == [4.0, 4.0] and target.line.dash == "dash"
    assert list(goals.x) == [date(2025, 11, 20)] and goals.name == "Mål i udviklingsplanen"
    assert chart.table[0] == {"Dato": "1. nov. 2025", "Vurderet af": "Leder", "Score": "2,5"}


def test_a_competence_trend_draws_each_instrument_as_its_own_line_never_joined():
    chart = charts.competence_trend(
        FRAMEWORK, "a1",
        [("Rekrutteringspanel", [(date(2024, 6, 1), 3.5)]),
         ("Leder", [(date(2025, 11, 1), 2.5), (date(2026, 11, 1), 3.0)]),
         ("Selvvurdering", [(date(2025, 10, 20), 4.0), (date(2026, 10, 20), 4.5)])],
        4.0, [], "da",
    )
    lines = [t for t in chart.figure.data if t.mode == "lines+markers"]
    assert [t.name for t in lines] == ["Rekrutteringspanel", "Leder", "Selvvurdering"]
    assert [list(t.y) for t in lines] == [[3.5], [2.5, 3.0], [4.0, 4.5]]  # no line runs from one kind to another
    assert len({t.line.color for t in lines}) == 3 and len({t.marker.symbol for t in lines}) == 3
    assert [row["Vurderet af"] for row in chart.table] == ["Rekrutteringspanel", "Selvvurdering", "Leder", "Selvvurdering", "Leder"]


def test_a_competence_trend_labels_dates_too_close_to_read_apart_once_the_latest_of_them():
    chart = charts.competence_trend(
        FRAMEWORK, "a1",
        [("Leder", [(date(2025, 11, 2), 2.0), (date(2026, 11, 2), 3.5)]), ("Selvvurdering", [(date(2026, 10, 23), 3.0)])],
        4.0, [], "da",
    )
    assert list(chart.figure.layout.xaxis.ticktext) == ["2. nov. 2025", "2. nov. 2026"]
    assert sum(len(t.x) for t in chart.figure.data if t.mode == "lines+markers") == 3  # every point is still drawn


@given(st.lists(st.dates(date(2020, 1, 1), date(2030, 12, 31)), max_size=30))
@settings(deadline=None)
def test_the_labelled_dates_are_the_latest_and_each_far_enough_from_the_next(moments):
    ticks = charts.spaced_ticks(moments)
    assert set(ticks) <= set(moments) and ticks == sorted(ticks)
    if moments:
        assert ticks[-1] == max(moments)
        least = (max(moments) - min(moments)) * charts.TICK_SPACING
        assert all(later - earlier >= least for earlier, later in pairwise(ticks))


def test_plotly_refuses_a_figure_with_a_property_it_does_not_know_when_checking():
    with pytest.raises(ValueError, match="colour"):
        charts.Figure({"data": [{"type": "scatterpolar", "r": [1], "line": {"colour": "red"}}], "layout": {}})


def test_a_finished_figure_serialises_as_plotly_would_and_only_once():
    import plotly.graph_objects as go

    chart = charts.person_radar(FRAMEWORK, profile_of(rate("a1", 3), rate("a2", 5)), "Anne", "da")
    first = chart.figure.to_dict()
    assert first == go.Figure(chart.figure).to_dict()  # the same figure a plain plotly figure would send
    assert chart.figure.to_dict() is first  # and made once, however often a page shows it


def test_the_trend_over_time_marks_each_assessment_with_a_date_in_the_uis_language():
    points = [(date(2025, 11, 3), 3.0), (date(2026, 10, 23), 4.5)]
    chart = charts.competence_trend(FRAMEWORK, "a1", [("Leder", points)], 4.0, [], "da")
    axis = chart.figure.to_dict()["layout"]["xaxis"]
    assert list(axis["ticktext"]) == ["3. nov. 2025", "23. okt. 2026"]
    assert [row["Dato"] for row in chart.table] == ["3. nov. 2025", "23. okt. 2026"]


def test_a_lone_self_assessment_draws_no_empty_manager_trace():
    own, items = Scorer.build(FRAMEWORK).score_with_items([rate("a1", 4)])
    panel = Scorer.build(FRAMEWORK).consolidate([RaterProfile(rater="Mig", role=RaterRole.SELF, profile=own, items=items)])
    chart = charts.self_manager_radar(FRAMEWORK, panel, "Anne", "da")
    assert [trace["name"] for trace in chart.figure.to_dict()["data"]] == ["Selvvurdering", "Målprofil"]


def test_a_chart_carries_a_small_template_of_its_own_for_streamlits_theme_to_fill_not_plotlys_default():
    """Streamlit's theme styles the template's layout (fonts, colours, grid in light and dark); plotly's default
    template - 7 KB of a radar's 10, sent on every run - would only be replaced by it."""
    import plotly.io

    chart = charts.person_radar(FRAMEWORK, profile_of(rate("a1", 3), rate("a2", 5)), "Anne", "da")
    spec = chart.figure.to_dict()
    assert spec["layout"]["template"] == charts.TEMPLATE and spec["layout"]["template"]["layout"]
    assert len(plotly.io.to_json(spec, validate=False)) < 4_000
