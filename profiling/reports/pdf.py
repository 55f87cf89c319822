"""Printable PDF reports (fpdf2): the MUS report, the recruitment decision report, the theme-day sheet and the
interview kit for a conversation held on paper.

Charts are drawn as vector graphics with fpdf2's own drawing commands - no browser, no kaleido. The
reports hold scores, strengths, development areas and the agreed plan; rating notes are never printed,
so a note its rater marked private cannot appear in one.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from fpdf import FPDF, FontFace

from profiling import formatting, palette
from profiling.domain.framework import Framework
from profiling.domain.guide import Guide
from profiling.domain.insights import read_gaps
from profiling.domain.scoring import Profile
from profiling.domain.text import Language
from profiling.i18n import translate
from profiling.reads.comparison import RoundComparison
from profiling.reads.development_plans import PlanView
from profiling.reads.preparation import Preparation
from profiling.reads.target_levels import shown_name
from profiling.reads.theme_day_views import ThemeDayView
from profiling.reports import sentences

FONTS = Path(__file__).parent / "fonts"
# The on-screen charts' colours (RGB for fpdf2); the target is grey and dashed.
PALETTE = [palette.rgb(colour) for colour in palette.SERIES]
GREY = palette.rgb(palette.TARGET)


class Report(FPDF):
    """A4 portrait with the app's font, a confidentiality line and page numbers."""

    def __init__(self, title: str, language: Language) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.report_title = title
        self.language = language
        self.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_font("DejaVu", size=10)
        self.set_auto_page_break(auto=True, margin=18)
        self.set_title(title)
        self.set_creator("Profilsamtale")
        self.add_page()

    def header(self) -> None:
        self.set_font("DejaVu", "B", 9)
        self.set_text_color(*GREY)
        self.cell(0, 6, self.report_title, new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0, 0, 0)
        self.ln(2)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("DejaVu", "", 8)
        self.set_text_color(*GREY)
        self.cell(0, 5, translate("report.confidential", self.language), align="L")
        self.cell(0, 5, translate("report.page", self.language, page=self.page_no()), align="R")
        self.set_text_color(0, 0, 0)

    def heading(self, text: str, size: int = 14) -> None:
        self.set_font("DejaVu", "B", size)
        self.multi_cell(0, size * 0.5, text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(1)
        self.set_font("DejaVu", "", 10)

    def paragraph(self, text: str, size: float = 10) -> None:
        self.set_font("DejaVu", "", size)
        self.multi_cell(0, 5, text, align="L", new_x="LMARGIN", new_y="NEXT")

    def table(  # type: ignore[override]  # our report's table, built on fpdf2's
        self, header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float]
    ) -> None:
        widths = self._fitted(header, widths)
        self.set_font("DejaVu", "", 8.5)
        self.set_fill_color(255, 255, 255)
        self.set_draw_color(190, 190, 190)
        headings = FontFace(emphasis="BOLD", fill_color=(235, 238, 242))
        with super().table(
            col_widths=tuple(widths), text_align="LEFT", line_height=4.6, first_row_as_headings=True,
            headings_style=headings, cell_fill_color=(248, 249, 251), cell_fill_mode="ROWS",
        ) as table:
            table.row(header)
            for row in rows:
                table.row([str(cell) for cell in row])
        self.ln(3)
        self.set_font("DejaVu", "", 10)

    def _fitted(self, header: Sequence[str], widths: Sequence[float]) -> list[float]:
        """The column widths, widened where a heading's longest word would not fit (fpdf2 then breaks it
        mid-word: "Bedømmer|e"), taking the room from the column with the most to spare."""
        self.set_font("DejaVu", "B", 8.5)
        needed = [max(self.get_string_width(word) for word in heading.split()) + 2 * self.c_margin + 0.5
                  if heading.split() else 0.0 for heading in header]
        fitted = list(widths)
        for column, need in enumerate(needed):
            short = need - fitted[column]
            if short > 0:
                fitted[column] = need
                spare = max(range(len(fitted)), key=lambda other: fitted[other] - needed[other])
                fitted[spare] -= short
        return fitted


def draw_radar(
    pdf: Report,
    centre: tuple[float, float],
    radius: float,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None], tuple[int, int, int], bool]],
    scale: tuple[int, int],
) -> None:
    """A radar chart in vector graphics: rings for the levels, one polygon per series (dashed ones for the
    target), gaps where a value is missing, and a legend under it."""
    cx, cy = centre
    low, high = scale
    count = len(labels)

    def point(index: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / count
        r = radius * (value - low) / (high - low)
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    pdf.set_draw_color(210, 210, 210)
    pdf.set_line_width(0.2)
    pdf.set_font("DejaVu", "", 6.5)
    for level in range(low, high + 1):
        ring = [point(i, level) for i in range(count)]
        pdf.polygon(ring, style="D")
        pdf.set_text_color(*GREY)
        pdf.text(cx + 0.8, point(0, level)[1] - 0.4, str(level))
    for i in range(count):
        pdf.line(cx, cy, *point(i, high))
    pdf.set_text_color(60, 60, 60)
    pdf.set_font("DejaVu", "", 7)
    for i, label in enumerate(labels):
        x, y = point(i, high + 0.45)
        width = min(pdf.get_string_width(label), 40)
        align = "C" if abs(x - cx) < 2 else ("L" if x > cx else "R")
        left = x - width / 2 if align == "C" else (x if align == "L" else x - width)
        pdf.set_xy(left, y - 2.5)
        pdf.multi_cell(40 if align != "C" else width + 2, 3.2, label, align=align)
    for _name, values, colour, dashed in series:
        pdf.set_draw_color(*colour)
        pdf.set_line_width(0.6 if dashed else 0.5)
        if dashed:
            pdf.set_dash_pattern(dash=1.5, gap=1)
        for i in range(count):
            a, b = values[i], values[(i + 1) % count]
            if a is not None and b is not None:  # a missing score leaves a gap, never a zero
                pdf.line(*point(i, a), *point((i + 1) % count, b))
        pdf.set_dash_pattern()
        pdf.set_fill_color(*colour)
        for i, value in enumerate(values):
            if value is not None:
                x, y = point(i, value)
                pdf.circle(x=x, y=y, radius=0.8, style="F")
    legend_y = cy + radius + 12
    x = cx - radius
    pdf.set_font("DejaVu", "", 8)
    pdf.set_text_color(0, 0, 0)
    for name, _values, colour, dashed in series:
        pdf.set_draw_color(*colour)
        pdf.set_line_width(0.6)
        if dashed:
            pdf.set_dash_pattern(dash=1.5, gap=1)
        pdf.line(x, legend_y, x + 7, legend_y)
        pdf.set_dash_pattern()
        pdf.text(x + 8.5, legend_y + 1.1, name)
        x += 12 + pdf.get_string_width(name)
    pdf.set_y(legend_y + 6)
    pdf.set_draw_color(0, 0, 0)
    pdf.set_fill_color(255, 255, 255)
    pdf.set_line_width(0.2)


def _labels(framework: Framework, language: Language) -> list[str]:
    return [c.name.in_language(language) for c in framework.competences]


def _n(value: float | None, language: Language, digits: int = 1) -> str:
    return formatting.number(value, language, digits)


def mus_report(preparation: Preparation, plan: PlanView | None, outcome: str, language: Language, now: datetime) -> bytes:
    """The MUS report: radar (self, manager, target), competence table, strengths, development areas,
    coaching questions and the agreed development plan."""
    t = lambda key, **v: translate(key, language, **v)
    framework = preparation.framework
    person = preparation.person
    pdf = Report(t("report.mus_title", name=person.name), language)
    pdf.heading(t("report.mus_title", name=person.name), 16)
    pdf.paragraph(
        t("report.mus_meta", date=formatting.day(now, language), framework=framework.title.in_language(language),
          version=framework.version, target=shown_name(preparation.target_name, [framework], language) if preparation.target_name else t("round.default_target"))
    )
    pdf.ln(2)
    consolidated = preparation.panel.consolidated
    own = [r for r in preparation.panel.raters if r.role.value == "self"]
    series = []
    if own:
        series.append((t("chart.self"), [c.score for c in own[0].profile.competences], PALETTE[1], False))
    if preparation.has_manager_view:
        series.append((t("chart.manager"), [c.score for c in consolidated.competences], PALETTE[0], False))
    series.append((t("chart.target_profile"), [None if c.target is None else float(c.target) for c in consolidated.competences], GREY, True))
    draw_radar(pdf, (105, pdf.get_y() + 55), 45, _labels(framework, language), series, (framework.scale.min_level, framework.scale.max_level))
    pdf.heading(t("report.competences"), 12)
    for said in sentences.self_manager_notes(preparation, language):
        pdf.paragraph(said, 9.5)
    rows = []
    for item in preparation.items:
        reasons = ", ".join(t(f"alignment.{r}") for r in item.reasons)
        rows.append([
            framework.competence(item.competence_id).name.in_language(language),
            _n(item.self_score, language), _n(item.manager_score, language), formatting.signed(item.difference, language),
            str(item.target) if item.target is not None else "–", formatting.signed(item.gap, language), reasons,
        ])
    pdf.table(
        [t("profile.col.competence"), t("chart.self"), t("chart.manager"), t("development.col.difference"),
         t("profile.col.target"), t("profile.col.gap"), t("report.attention")],
        rows, (50, 16, 18, 22, 14, 16, 44),
    )
    pdf.paragraph(t("development.classification_help"), 8)
    profile_for_reading: Profile = consolidated if preparation.has_manager_view else (own[0].profile if own else consolidated)
    reading = read_gaps(profile_for_reading)
    for title, scores in ((t("profile.strengths"), reading.strengths), (t("profile.development_areas"), reading.development_areas)):
        pdf.heading(title, 11)
        if not scores:
            pdf.paragraph("–")
        for score in scores:
            name = framework.competence(score.competence_id).name.in_language(language)
            pdf.paragraph(f"• {name}: {_n(score.score, language)} ({formatting.signed(score.gap, language)})")
        pdf.ln(1)
    coaching = [item for item in preparation.items if item.coaching]
    if coaching:
        pdf.heading(t("report.coaching"), 11)
        for item in coaching:
            pdf.set_font("DejaVu", "B", 9.5)
            pdf.multi_cell(0, 5, framework.competence(item.competence_id).name.in_language(language), new_x="LMARGIN", new_y="NEXT")
            for question in item.coaching:
                pdf.paragraph(f"• {question.in_language(language)}", 9.5)
        pdf.ln(1)
    if outcome:
        pdf.heading(t("report.outcome"), 11)
        pdf.paragraph(outcome)
    pdf.heading(t("report.plan"), 12)
    if plan is None:
        pdf.paragraph(t("report.no_plan"))
    else:
        pdf.paragraph(plan.title)
        agreed = t(
            "report.agreed",
            manager=formatting.day(plan.manager_agreed_at, language),
            employee=formatting.day(plan.employee_agreed_at, language),
        )
        pdf.paragraph(agreed, 9)
        pdf.table(
            [t("profile.col.competence"), t("plan.goal"), t("plan.actions"), t("plan.support"), t("plan.deadline"), t("plan.status")],
            [
                [
                    framework.competence(g.competence_id).name.in_language(language) if g.competence_id in {c.id for c in framework.competences} else g.competence_id,
                    g.goal, g.actions, g.support, formatting.day(g.deadline, language), t(f"goal.{g.status.value}"),
                ]
                for g in plan.goals
            ],
            (34, 40, 40, 30, 22, 14),
        )
    return bytes(pdf.output())


def recruitment_report(comparison: RoundComparison, language: Language, now: datetime) -> bytes:
    """The recruitment decision report: the round's comparison, ranking, disagreements, candidate summaries."""
    t = lambda key, **v: translate(key, language, **v)
    framework = comparison.framework
    pdf = Report(t("report.recruitment_title", title=comparison.round.title), language)
    pdf.heading(t("report.recruitment_title", title=comparison.round.title), 16)
    pdf.paragraph(
        t("report.recruitment_meta", date=formatting.day(now, language), framework=framework.title.in_language(language),
          version=framework.version, target=shown_name(comparison.target_name, [framework], language) if comparison.target_name else t("round.default_target"),
          panel=", ".join(u.name for u in comparison.round.panel) or "–")
    )
    pdf.ln(2)
    candidates = comparison.candidates[:8]
    if candidates:
        series = [
            (c.person.name, [s.score for s in c.panel.consolidated.competences], PALETTE[i % len(PALETTE)], False)
            for i, c in enumerate(candidates)
        ]
        first = candidates[0].panel.consolidated
        series.append((t("chart.target_profile"), [None if s.target is None else float(s.target) for s in first.competences], GREY, True))
        draw_radar(pdf, (105, pdf.get_y() + 55), 45, _labels(framework, language), series, (framework.scale.min_level, framework.scale.max_level))
    pdf.heading(t("comparison.tab.ranking"), 12)
    pdf.paragraph(sentences.ranking_status(comparison, language), 9.5)
    pdf.paragraph(t("comparison.groups_help"), 9)
    pdf.table(
        [t("export.group"), t("export.candidate"), t("export.fit"), t("export.above_target"), t("export.coverage"),
         t("export.raters"), t("export.disagreements")],
        [
            [
                sentences.group_text(c, language), c.person.name, sentences.fit_text(c, language),
                _n(c.above_target, language),
                formatting.percent(c.panel.consolidated.coverage, language),
                str(len([r for r in c.panel.raters if r.role.value != "self"])),
                str(sentences.disagreement_count(c)),
            ]
            for c in comparison.candidates
        ],
        (24, 46, 26, 20, 24, 20, 20),
    )
    if any(c.group is None for c in comparison.candidates):
        pdf.paragraph(t("comparison.incomplete_help", coverage=formatting.percent(comparison.round.min_coverage, language)), 9)
    flagged = [
        [c.person.name, framework.competence(s.competence_id).name.in_language(language), str(s.compared), str(s.apart),
         str(s.unmatched)]
        for c in comparison.candidates for s in c.panel.consolidated.competences if s.disagreement
    ]
    pdf.heading(t("report.disagreements"), 12)
    pdf.paragraph(sentences.disagreement_sentence(comparison, language), 9.5)
    if flagged:
        pdf.paragraph(t("report.disagreements_body"), 9)
        pdf.table(
            [t("export.candidate"), t("export.competence"), t("export.questions_compared"), t("export.questions_apart"),
             t("export.questions_unmatched")],
            flagged, (40, 56, 26, 28, 30),
        )
    pdf.heading(t("comparison.agreement"), 12)
    pdf.paragraph(sentences.round_agreement_sentence(comparison.round_agreement, language), 9.5)
    pdf.paragraph(t("comparison.agreement_help"), 9)
    pdf.table(
        [t("export.competence"), t("export.rwg_pooled"), t("export.questions"), t("export.note")],
        [
            [framework.competence(a.competence_id).name.in_language(language), _n(a.rwg, language, 2), str(a.questions),
             sentences.agreement_note(a, language)]
            for a in comparison.agreement
        ],
        (84, 26, 24, 46),
    )
    pdf.heading(t("comparison.calibration"), 12)
    pdf.paragraph(t("comparison.calibration_help"), 9)
    if comparison.pairwise is not None:
        pdf.paragraph(sentences.pairwise_sentence(comparison.pairwise, language), 9.5)
    else:  # with two raters the pairwise sentence says it all: their deviations are mirror images
        pdf.table(
            [t("export.rater"), t("export.deviation"), t("export.shared_candidates"), t("export.flag")],
            [
                [c.rater_name, _n(c.deviation, language), str(c.shared_candidates), sentences.calibration_note(c, language)]
                for c in comparison.calibration
            ],
            (60, 36, 34, 50),
        )
    pdf.heading(t("report.candidates"), 12)
    for c in comparison.candidates:
        consolidated = c.panel.consolidated
        reading = read_gaps(consolidated)
        pdf.set_font("DejaVu", "B", 10.5)
        pdf.multi_cell(0, 5.5, f"{t('export.group')} {sentences.group_text(c, language)}: {c.person.name}",
                       new_x="LMARGIN", new_y="NEXT")
        pdf.paragraph(sentences.questions_sentence(c.panel.questions, language), 9)
        pdf.paragraph(
            t("report.candidate_line",
              fit=sentences.fit_text(c, language),
              coverage=formatting.percent(consolidated.coverage, language),
              raters=t("count.raters", count=len([r for r in c.panel.raters if r.role.value != "self"]))),
            9.5,
        )
        for title, scores in ((t("profile.strengths"), reading.strengths), (t("profile.development_areas"), reading.development_areas)):
            names = ", ".join(
                f"{framework.competence(s.competence_id).name.in_language(language)} ({formatting.signed(s.gap, language)})" for s in scores
            )
            pdf.paragraph(f"{title}: {names or '–'}", 9.5)
        pdf.ln(2)
    return bytes(pdf.output())


def theme_day_sheet(view: ThemeDayView, language: Language, now: datetime) -> bytes:
    """The one-page sheet for the room: the anonymous team radar (or why there is none), the shared themes
    with discussion prompts, and space for the team's agreements. Never a person's values."""
    t = lambda key, **v: translate(key, language, **v)
    day = view.summary
    framework = view.framework
    if view.team_map is None or view.preview:
        raise ValueError("a theme day's sheet shows its published team profile only")
    team = view.team_map
    pdf = Report(t("theme_day.sheet_title", team=day.team_name), language)
    pdf.heading(f"{day.title} · {day.team_name}", 14)
    pdf.paragraph(
        t("theme_day.sheet_meta", date=formatting.day(day.held_on, language), framework=framework.title.in_language(language),
          source=t(f"theme_day.source.{day.source.value}"), count=team.contributors),
        8.5,
    )
    if not team.shown:
        pdf.ln(2)
        pdf.paragraph(t("theme_day.too_few", count=team.contributors, k=team.min_contributors))
    else:
        by_id = {c.competence_id: c for c in team.competences}
        means, targets = team.series(framework)
        series = [(t("chart.team_mean"), means, PALETTE[0], False), (t("chart.target_profile"), targets, GREY, True)]
        draw_radar(pdf, (105, pdf.get_y() + 42), 34, _labels(framework, language), series,
                   (framework.scale.min_level, framework.scale.max_level))
        pdf.heading(t("theme_day.themes"), 11)
        if not team.themes:
            pdf.paragraph(t("theme_day.no_themes"), 9)
        for theme in team.themes:
            bands = by_id[theme.competence_id]
            pdf.set_font("DejaVu", "B", 9.5)
            name = framework.competence(theme.competence_id).name.in_language(language)
            pdf.multi_cell(0, 4.8, f"{name} - {t(f'theme_day.reason.{theme.reason.value}')}", new_x="LMARGIN", new_y="NEXT")
            pdf.paragraph(sentences.band_sentence(bands, language), 8.5)
            for prompt in view.prompts.get(theme.competence_id, [])[:2]:
                pdf.paragraph(f"• {prompt.in_language(language)}", 8.5)
    pdf.heading(t("theme_day.agreements"), 11)
    for agreement in day.agreements:
        name = framework.competence(agreement.competence_id).name.in_language(language)
        follow_up = t("theme_day.follow_up_on", date=formatting.day(agreement.follow_up_on, language)) if agreement.follow_up_on else ""
        pdf.paragraph(f"• {name}: {agreement.text} {follow_up}".rstrip(), 9)
    pdf.set_draw_color(190, 190, 190)
    bottom = pdf.h - 20
    y = pdf.get_y() + 4
    while y < bottom:  # lines to write the day's agreements on
        pdf.line(pdf.l_margin, y, pdf.w - pdf.r_margin, y)
        y += 8
    return bytes(pdf.output())


def interview_kit(
    guide: Guide, framework: Framework, language: Language, *, person_name: str | None = None,
    round_title: str | None = None,
) -> bytes:
    """The printable kit for an interview held away from a screen: a cover, the introduction and time plan,
    then per competence each question with its probes, the anchors at the lowest, middle and highest level,
    rating boxes and room for notes. A name (and a recruitment round) is printed on the cover only, so the
    pages can lie on a table without showing whose they are."""
    t = lambda key, **v: translate(key, language, **v)
    pdf = Report(guide.title.in_language(language), language)
    pdf.heading(guide.title.in_language(language), 16)
    pdf.paragraph(t("kit.meta", framework=framework.title.in_language(language), version=framework.version), 9)
    pdf.ln(3)
    for label, value in (
        (t("kit.round"), round_title if round_title is not None else None),
        (t("kit.person"), person_name or ""),
        (t("kit.interviewer"), ""),
        (t("kit.date"), ""),
    ):
        if value is None:
            continue
        pdf.set_font("DejaVu", "B", 10)
        pdf.cell(35, 8, label)
        pdf.set_font("DejaVu", "", 10)
        pdf.cell(0, 8, value or "_" * 48, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    intro = guide.introduction
    pdf.heading(t("conversation.step.introduction"), 12)
    for title, text in ((t("conversation.opening"), intro.opening), (t("conversation.purpose"), intro.purpose),
                        (t("conversation.practical"), intro.practical)):
        if text is not None:
            pdf.set_font("DejaVu", "B", 9.5)
            pdf.multi_cell(0, 5, title, new_x="LMARGIN", new_y="NEXT")
            pdf.paragraph(text.in_language(language), 9.5)
    core = guide.core_questions()
    pdf.paragraph(sentences.time_plan(guide, language), 9)
    low, high = framework.scale.min_level, framework.scale.max_level
    middle = (low + high) // 2
    boxes = "   ".join(f"☐ {level}" for level in range(low, high + 1)) + f"   ☐ {t('conversation.not_assessed')}"
    number = 0
    for competence_id in guide.competence_order():
        pdf.add_page()
        pdf.heading(framework.competence(competence_id).name.in_language(language), 13)
        for question in guide.questions_for(competence_id):
            number += 1
            pdf.set_font("DejaVu", "B", 10)
            optional = "" if question in core else f" ({t('kit.optional')})"
            minutes = t("question.minutes", minutes=formatting.number(question.minutes, language, 0))
            pdf.multi_cell(0, 5.2, f"{number}. {question.text.in_language(language)}{optional} · {minutes}",
                           new_x="LMARGIN", new_y="NEXT")
            for probe in question.probes:
                pdf.paragraph(f"   – {probe.text.in_language(language)}", 9)
            if question.scored:
                for level in (low, middle, high):
                    anchor = question.anchors.get(level)
                    if anchor is not None:
                        pdf.paragraph(f"{level}: {anchor.in_language(language)}", 8.5)
                pdf.set_font("DejaVu", "", 10)
                pdf.cell(0, 7, boxes, new_x="LMARGIN", new_y="NEXT")
            else:
                pdf.paragraph(t("kit.dialogue"), 8.5)
            pdf.set_draw_color(190, 190, 190)
            for _ in range(3):  # room for notes
                y = pdf.get_y() + 6
                pdf.line(pdf.l_margin, y, pdf.w - pdf.r_margin, y)
                pdf.set_y(y)
            pdf.ln(4)
    if guide.closing is not None:
        pdf.heading(t("conversation.step.finish"), 12)
        pdf.paragraph(guide.closing.in_language(language), 9.5)
    return bytes(pdf.output())
