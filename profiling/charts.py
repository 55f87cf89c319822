"""Chart builders: scored profiles -> plotly figures with a table of the same numbers.

Pure functions: no streamlit, no database. Every chart comes with a table view (for screen readers and
for copying), draws the target dashed and on top, keeps the radial axis fixed to the scale so charts
are comparable, and shows unscored competences as gaps, never as zeros.
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

import plotly.graph_objects as go

from profiling import formatting, palette
from profiling.domain.framework import Framework
from profiling.domain.scoring import PanelProfile, Profile
from profiling.domain.text import Language
from profiling.domain.theme_days import TeamMap
from profiling.i18n import translate

PALETTE = palette.SERIES
TARGET_COLOUR = palette.TARGET
TEAM_COLOUR = palette.TEAM
# Never colour alone: every series also gets its own line style and marker.
DASHES = ["solid", "dot", "dashdot", "longdash", "longdashdot", "solid", "dot", "dashdot"]
MARKERS = ["circle", "square", "diamond", "triangle-up", "cross", "x", "star", "hexagon"]
MAX_PEOPLE = 8
Level = Literal["competence", "area"]


@dataclass(frozen=True)
class Spoke:
    """One axis of a radar: a competence or an area."""

    id: str
    label: str


@dataclass
class Series:
    """One polygon: a name, a value per spoke (None = not scored) and how it is drawn."""

    name: str
    values: list[float | None]
    colour: str
    n_ratings: list[int] = field(default_factory=list)
    dash: str = "solid"
    marker: str = "circle"
    fill: bool = False
    is_target: bool = False


# Whether a figure's properties are checked by plotly when it is built. The chart builders are checked by their
# tests (tests/unit/test_charts.py turns this on for every chart it builds); on a page the check cost more than
# the rest of building a radar (1.7 of 2.4 ms), in every new session for every chart shown.
VALIDATE_FIGURES = False


# The charts' own template, for Streamlit's theme to fill in (its fonts, colours, grid in the light and the dark
# theme - it styles the template's layout, so there must be one). Plotly's default template is 7 KB of a radar's 10:
# serialised, hashed and sent on every run that shows the chart, for settings Streamlit's theme replaces.
TEMPLATE: dict[str, Any] = {"layout": {"hovermode": "closest"}}


class Figure(go.Figure):
    """A plotly figure that is finished when built: its dictionary - what `st.plotly_chart` serialises
    on every run that shows it - is made once (plotly deep-copies the whole figure on each call).

    Callers must not change the figure or its dictionary afterwards; the chart builders never do.
    """

    _finished: dict[str, Any] | None = None

    def __init__(self, figure: dict[str, Any]) -> None:
        super().__init__({**figure, "layout": {"template": TEMPLATE, **figure.get("layout", {})}}, _validate=VALIDATE_FIGURES)

    def to_dict(self) -> dict[str, Any]:
        if self._finished is None:
            self._finished = super().to_dict()
        return self._finished


@dataclass
class Chart:
    """A figure and the same numbers as a table (one row per spoke, one column per series)."""

    figure: go.Figure
    table: list[dict[str, str]]


def plain(text: str) -> str:
    """A user's text safe inside plotly labels, which understand a few HTML tags (a, b, br, span)."""
    return html.escape(text, quote=False)


def spokes(framework: Framework, language: Language, level: Level = "competence") -> list[Spoke]:
    """The spokes of a radar for a framework, in framework order, labels wrapped for the chart."""
    if level == "area":
        items = [(a.id, a.name.in_language(language)) for a in framework.areas]
    else:
        items = [(c.id, c.name.in_language(language)) for c in framework.competences]
    return [Spoke(item_id, "<br>".join(textwrap.wrap(label, 22))) for item_id, label in items]


def profile_values(profile: Profile, level: Level) -> tuple[list[float | None], list[int]]:
    """A profile's scores (and rating counts) in framework order."""
    if level == "area":
        return [a.score for a in profile.areas], []
    return [c.score for c in profile.competences], [c.n_ratings for c in profile.competences]


def target_values(profile: Profile, level: Level) -> list[float | None]:
    """The target per spoke of a profile."""
    if level == "area":
        return [a.target for a in profile.areas]
    return [None if c.target is None else float(c.target) for c in profile.competences]


def _closed(values: Sequence[object]) -> list[object]:
    # Scatterpolar does not close a polygon by itself: repeat the first point at the end.
    return [*values, values[0]] if values else []


def _label(spoke: Spoke) -> str:
    return spoke.label.replace("<br>", " ")


def _hover(series: Series, spoke_list: list[Spoke], targets: list[float | None], language: Language) -> list[str]:
    lines = []
    for i, spoke in enumerate(spoke_list):
        value, target = series.values[i], targets[i]
        if series.is_target:
            lines.append(f"{_label(spoke)}<br>{translate('chart.target', language)}: {formatting.number(value, language)}")
            continue
        gap = None if value is None or target is None else value - target
        parts = [
            f"<b>{series.name}</b>",
            _label(spoke),
            f"{translate('chart.score', language)}: {formatting.number(value, language)}",
            f"{translate('chart.target', language)}: {formatting.number(target, language)}",
            f"{translate('chart.gap', language)}: {formatting.signed(gap, language)}",
        ]
        if series.n_ratings:
            parts.append(f"{translate('chart.ratings', language)}: {series.n_ratings[i]}")
        lines.append("<br>".join(parts))
    return lines


def _table(spoke_list: list[Spoke], series: list[Series], language: Language) -> list[dict[str, str]]:
    heading = translate("chart.table.item", language)
    rows = []
    for i, spoke in enumerate(spoke_list):
        row = {heading: _label(spoke)}
        for item in series:
            row[html.unescape(item.name)] = formatting.number(item.values[i], language)
        rows.append(row)
    return rows


def radar(
    spoke_list: list[Spoke],
    series: list[Series],
    targets: list[float | None],
    scale: tuple[int, int],
    title: str,
    language: Language,
) -> Chart:
    """A radar chart: the series and the target as closed polygons on a radial axis fixed to the scale.

    The target is drawn last so it stays on top; a click on a legend entry hides or shows a series.
    """
    theta = _closed([s.label for s in spoke_list])
    ordered = [s for s in series if not s.is_target] + [s for s in series if s.is_target]
    traces = [
        {
            "type": "scatterpolar",
            "r": _closed(item.values),
            "theta": theta,
            "name": item.name,
            "mode": "lines+markers",
            "line": {"color": item.colour, "dash": item.dash, "width": 3 if item.is_target else 2},
            "marker": {"size": 6 if item.is_target else 8, "symbol": item.marker, "color": item.colour},
            "fill": "toself" if item.fill else "none",
            "connectgaps": False,
            "text": _closed(_hover(item, spoke_list, targets, language)),
            "hoverinfo": "text",
            "hoveron": "points",
        }
        for item in ordered
    ]
    low, high = scale
    layout = {
        "title": {"text": title, "x": 0.0, "xanchor": "left"},
        "polar": {
            "radialaxis": {"range": [low, high], "tickvals": list(range(low, high + 1)), "angle": 90, "tickangle": 90},
            "angularaxis": {"direction": "clockwise", "rotation": 90},
            "bgcolor": "rgba(0,0,0,0)",
        },
        "showlegend": True,
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.08, "x": 0.5, "xanchor": "center", "itemclick": "toggle"},
        "paper_bgcolor": "rgba(0,0,0,0)",
        # Room for the spokes' labels: above the top one for the title (they overlapped at 60 px), at the sides
        # for the longest names (cut at 80 px).
        "margin": {"l": 120, "r": 120, "t": 100, "b": 40},
        "height": 600,
    }
    # One constructor call: several times faster than add_trace + update_layout (pages render on every rerun).
    figure = Figure({"data": traces, "layout": layout})
    return Chart(figure, _table(spoke_list, ordered, language))


def _target_series(targets: list[float | None], language: Language) -> Series:
    return Series(translate("chart.target_profile", language), targets, TARGET_COLOUR, dash="dash", is_target=True)


def _scale(framework: Framework) -> tuple[int, int]:
    return framework.scale.min_level, framework.scale.max_level


def _person_series(name: str, profile: Profile, level: Level, index: int, fill: bool = False) -> Series:
    values, counts = profile_values(profile, level)
    return Series(
        plain(name),
        values,
        PALETTE[index % len(PALETTE)],
        counts,
        dash=DASHES[index % len(DASHES)],
        marker=MARKERS[index % len(MARKERS)],
        fill=fill,
    )


def person_radar(
    framework: Framework, profile: Profile, person_name: str, language: Language, level: Level = "competence"
) -> Chart:
    """One person's profile against the target: the target dashed, the person filled."""
    targets = target_values(profile, level)
    return radar(
        spokes(framework, language, level),
        [_person_series(person_name, profile, level, 0, fill=True), _target_series(targets, language)],
        targets,
        _scale(framework),
        translate("chart.person_vs_target", language, name=plain(person_name)),
        language,
    )


def people_radar(
    framework: Framework, people: Sequence[tuple[str, Profile]], language: Language, level: Level = "competence"
) -> Chart:
    """Up to eight people against the same target, one trace each; the target stays on top."""
    if not people:
        raise ValueError("at least one person is needed")
    if len(people) > MAX_PEOPLE:
        raise ValueError(f"at most {MAX_PEOPLE} people can be compared in one chart")
    targets = target_values(people[0][1], level)
    series = [_person_series(name, profile, level, i) for i, (name, profile) in enumerate(people)]
    return radar(
        spokes(framework, language, level),
        [*series, _target_series(targets, language)],
        targets,
        _scale(framework),
        translate("chart.people_vs_target", language, count=len(people)),
        language,
    )


def self_manager_radar(
    framework: Framework, panel: PanelProfile, person_name: str, language: Language, level: Level = "competence"
) -> Chart:
    """Self-assessment, the manager's assessment and the target: the three layers of a MUS."""
    targets = target_values(panel.consolidated, level)
    series = []
    own = [r for r in panel.raters if r.role.value == "self"]
    if own:
        series.append(
            Series(
                translate("chart.self", language), profile_values(own[-1].profile, level)[0], PALETTE[1],
                profile_values(own[-1].profile, level)[1], dash="dot", marker="diamond",
            )
        )
    if any(r.role.value != "self" for r in panel.raters):  # no empty "manager" trace beside a lone self-assessment
        series.append(
            Series(
                translate("chart.manager", language),
                profile_values(panel.consolidated, level)[0],
                PALETTE[0],
                profile_values(panel.consolidated, level)[1],
                fill=True,
            )
        )
    return radar(
        spokes(framework, language, level),
        [*series, _target_series(targets, language)],
        targets,
        _scale(framework),
        translate("chart.self_manager_target", language, name=plain(person_name)),
        language,
    )


def timeline_radar(
    framework: Framework, assessments: Sequence[tuple[date | datetime, str, Profile]], language: Language,
    level: Level = "competence",
) -> Chart:
    """A person over time: each completed assessment a trace, named by who assessed and the date, oldest first."""
    if not assessments:
        raise ValueError("at least one assessment is needed")
    ordered = sorted(assessments, key=lambda item: item[0])[-MAX_PEOPLE:]
    targets = target_values(ordered[-1][2], level)
    series = [
        _person_series(f"{label} {formatting.day(when, language)}", profile, level, i, fill=i == len(ordered) - 1)
        for i, (when, label, profile) in enumerate(ordered)
    ]
    return radar(
        spokes(framework, language, level),
        [*series, _target_series(targets, language)],
        targets,
        _scale(framework),
        translate("chart.over_time", language),
        language,
    )


def team_radar(
    framework: Framework,
    team_average: Profile,
    language: Language,
    person: tuple[str, Profile] | None = None,
    level: Level = "competence",
) -> Chart:
    """The team average against the target, and (for those allowed to see them) one person on top."""
    targets = target_values(team_average, level)
    average_values, average_counts = profile_values(team_average, level)
    series = [
        Series(
            translate("chart.team_average", language), average_values, TEAM_COLOUR, average_counts,
            dash="dashdot", marker="square", fill=person is None,
        )
    ]
    if person is not None:
        series.insert(0, _person_series(person[0], person[1], level, 0, fill=True))
    title = (
        translate("chart.person_team_target", language, name=plain(person[0]))
        if person
        else translate("chart.team_vs_target", language)
    )
    return radar(spokes(framework, language, level), [*series, _target_series(targets, language)], targets,
                 _scale(framework), title, language)


def team_map_radar(framework: Framework, team: TeamMap, language: Language) -> Chart:
    """The anonymous team profile: the team's mean per competence against the target (a withheld competence
    is a gap in the polygon); nothing per person."""
    values, targets = team.series(framework)
    series = Series(translate("chart.team_mean", language), values, TEAM_COLOUR, dash="dashdot", marker="square", fill=True)
    return radar(spokes(framework, language), [series, _target_series(targets, language)], targets, _scale(framework),
                 translate("chart.team_map", language, count=team.contributors), language)


def gap_heatmap(
    framework: Framework, rows: Sequence[tuple[str, Profile]], language: Language, title: str | None = None
) -> Chart:
    """People × competences coloured by gap to target (blue above, orange below); empty where unscored."""
    competence_labels = [_label(s) for s in spokes(framework, language)]
    # One line each, slanted under the map: wrapped into narrow columns, a long Danish word ("kommunikationsevner")
    # was cut mid-word and ran into its neighbour's label.
    axis_labels = competence_labels
    names = [plain(name) for name, _ in rows]
    gaps = [[c.gap for c in profile.competences] for _, profile in rows]
    text = [[formatting.signed(g, language) if g is not None else "" for g in row] for row in gaps]
    heatmap = {
        "type": "heatmap",
        "z": gaps,
        "x": axis_labels,
        "y": names,
        "text": text,
        "texttemplate": "%{text}",
        "zmin": -3,
        "zmax": 3,
        "zmid": 0,
        # Orange below target, blue above: a diverging scale readable with colour-vision deficiencies.
        "colorscale": palette.DIVERGING,
        "colorbar": {"title": {"text": translate("chart.gap", language)}},
        "hovertemplate": "%{y}<br>%{x}<br>" + translate("chart.gap", language) + ": %{text}<extra></extra>",
        "xgap": 2,
        "ygap": 2,
    }
    layout = {
        "title": {"text": title or translate("chart.gap_heatmap", language), "x": 0.0},
        "xaxis": {"tickangle": -40, "tickfont": {"size": 11}, "automargin": True},
        "yaxis": {"autorange": "reversed"},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "height": max(320, 60 + 34 * len(rows)) + 60,  # the slanted names take the room the top margin had
        "margin": {"l": 10, "r": 10, "t": 50, "b": 10},
    }
    figure = Figure({"data": [heatmap], "layout": layout})
    heading = translate("chart.table.person", language)
    table = [
        {heading: name, **{label: text[r][i] or formatting.DASH for i, label in enumerate(competence_labels)}}
        for r, (name, _) in enumerate(rows)
    ]
    return Chart(figure, table)


TICK_SPACING = 0.1  # of a time axis's span: dates labelled closer than that overlap


def spaced_ticks(moments: Sequence[date | datetime]) -> list[date | datetime]:
    """The moments to label on a time axis: the latest, and each earlier one at least TICK_SPACING of the axis
    before the next labelled (two assessments a week apart in a year of them would print over each other)."""
    unique = sorted(set(moments))
    if not unique:
        return []
    least = (unique[-1] - unique[0]) * TICK_SPACING
    kept = [unique[-1]]
    for moment in reversed(unique[:-1]):
        if kept[-1] - moment >= least:
            kept.append(moment)
    return kept[::-1]


def competence_trend(
    framework: Framework,
    competence_id: str,
    series: Sequence[tuple[str, Sequence[tuple[date | datetime, float | None]]]],
    target: float | None,
    goal_dates: Sequence[date | datetime],
    language: Language,
) -> Chart:
    """One competence over time: one labelled line per instrument (the panel, the manager, the person's own
    view - never joined across them), the target, and where a plan goal aimed at it."""
    name = framework.competence(competence_id).name.in_language(language)
    traces: list[dict[str, object]] = []
    symbols = ("circle", "square", "diamond")
    for index, (label, points) in enumerate(series):
        line = sorted(points, key=lambda p: p[0])
        if not line:
            continue
        traces.append({
            "type": "scatter", "x": [when for when, _ in line], "y": [score for _, score in line],
            "mode": "lines+markers", "name": label,
            "line": {"color": PALETTE[index % len(PALETTE)], "width": 3, "dash": DASHES[index % len(DASHES)]},
            "marker": {"size": 9, "symbol": symbols[index % len(symbols)]},
            "text": [formatting.day(when, language) for when, _ in line],
            "hovertemplate": label + " %{text}: %{y:.1f}<extra></extra>", "connectgaps": False,
        })
    ordered = sorted((p for _, points in series for p in points), key=lambda p: p[0])
    ticks = spaced_ticks([when for when, _ in ordered])
    if target is not None and ordered:
        traces.append(
            {
                "type": "scatter", "x": [ordered[0][0], ordered[-1][0]], "y": [target, target], "mode": "lines",
                "name": translate("chart.target_profile", language), "line": {"color": TARGET_COLOUR, "dash": "dash"},
                "hoverinfo": "skip",
            }
        )
    if goal_dates:
        low = framework.scale.min_level
        traces.append(
            {
                "type": "scatter", "x": list(goal_dates), "y": [low + 0.15] * len(goal_dates), "mode": "markers",
                "name": translate("chart.plan_goal", language),
                "marker": {"symbol": "star", "size": 14, "color": PALETTE[5]},
                "text": [formatting.day(d, language) for d in goal_dates],
                "hovertemplate": translate("chart.plan_goal", language) + ": %{text}<extra></extra>",
            }
        )
    layout = {
        "title": {"text": translate("chart.trend_title", language, name=name), "x": 0.0},
        "yaxis": {"range": [framework.scale.min_level, framework.scale.max_level + 0.2], "dtick": 1,
                  "title": {"text": translate("chart.score", language)}},
        # Ticks at the assessments, written as the UI writes dates (plotly's own month names are English).
        "xaxis": {"type": "date", "tickvals": ticks, "ticktext": [formatting.day(when, language) for when in ticks]},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "legend": {"orientation": "h", "y": -0.2},
        "height": 380,
        "margin": {"l": 50, "r": 20, "t": 50, "b": 40},
    }
    heading, by, score_heading = (translate(k, language) for k in ("chart.table.date", "chart.instrument", "chart.score"))
    rows = sorted(((when, label, score) for label, points in series for when, score in points), key=lambda row: row[0])
    table = [{heading: formatting.day(when, language), by: label, score_heading: formatting.number(score, language)}
             for when, label, score in rows]
    return Chart(Figure({"data": traces, "layout": layout}), table)
