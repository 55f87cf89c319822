"""The theme day (temadag): the shared half of the Dualog concept.

A team looks at itself as a whole - an **anonymous team profile** built from the members' latest
assessments - picks the shared development themes, and writes down its agreements. The profile must
never let anyone single out a person:

- it is shown only when at least `k` members contribute (k never below MIN_CONTRIBUTORS_FLOOR); below k,
  nothing per competence is shown;
- a competence scored by fewer than k members is withheld on its own ("too few to judge");
- there are no per-person values, no minimum or maximum: per competence only the mean, how many are at
  or above the target, within one level below it, or further below, and the mean's gap to the target.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from pydantic import Field

from profiling.domain.errors import InvalidInput
from profiling.domain.framework import Framework, TargetLevel
from profiling.domain.scoring import Profile
from profiling.domain.text import DataModel

MIN_CONTRIBUTORS_FLOOR = 3  # k may be configured, never below this
DEFAULT_MIN_CONTRIBUTORS = 5
THEMES_BY_SHORTFALL = 3
THEMES_BY_SPREAD = 2
WIDE_SPREAD = 1.0  # a standard deviation of a whole level or more: the team sees this competence differently


class Source(StrEnum):
    """Which assessments the team profile is built from (shown as its label)."""

    MANAGER = "manager"  # each member's latest conversation with their manager
    SELF = "self"  # each member's latest self-assessment
    MANAGER_ELSE_SELF = "manager_else_self"  # the manager's where there is one, else the self-assessment


class ThemeReason(StrEnum):
    SHORTFALL = "shortfall"  # the team as a whole is below target
    SPREAD = "spread"  # the team sees it very differently


class CompetenceBands(DataModel):
    """One competence of the team, as far as it may be shown (None throughout when withheld)."""

    competence_id: str
    contributors: int = Field(description="Members with a score for this competence.")
    withheld: bool = Field(description="Fewer than k contributors: nothing of this competence is shown.")
    mean: float | None = None
    target: int | None = None
    gap: float | None = Field(None, description="mean − target")
    at_or_above: int | None = Field(None, description="Members at or above the target.")
    within_one_below: int | None = Field(None, description="Members below the target by at most one level.")
    further_below: int | None = Field(None, description="Members more than one level below the target.")
    spread: float | None = Field(None, description="Standard deviation of the members' scores (no min or max).")


class Theme(DataModel):
    competence_id: str
    reason: ThemeReason


class TeamMap(DataModel):
    """The anonymous team profile; `shown` is False below k and then `competences` is empty."""

    contributors: int
    min_contributors: int
    shown: bool
    competences: list[CompetenceBands]
    themes: list[Theme]

    def competence(self, competence_id: str) -> CompetenceBands | None:
        return next((c for c in self.competences if c.competence_id == competence_id), None)

    def series(self, framework: Framework) -> tuple[list[float | None], list[float | None]]:
        """The team's mean and the target per competence, in framework order (None where withheld or untargeted)."""
        by_id = {c.competence_id: c for c in self.competences}
        means = [by_id[c.id].mean if c.id in by_id else None for c in framework.competences]
        targets = [
            float(target) if c.id in by_id and (target := by_id[c.id].target) is not None else None
            for c in framework.competences
        ]
        return means, targets


def checked_min_contributors(value: int) -> int:
    """k as configured; refused below the floor (a team of two could each read the other's scores)."""
    if value < MIN_CONTRIBUTORS_FLOOR:
        raise InvalidInput("min_contributors", "error.k_too_small", min=MIN_CONTRIBUTORS_FLOOR)
    return value


def team_map(
    framework: Framework, target: Mapping[str, TargetLevel], profiles: Sequence[Profile], min_contributors: int
) -> TeamMap:
    """The anonymous profile of a team from one profile per contributing member."""
    k = checked_min_contributors(min_contributors)
    contributors = len(profiles)
    if contributors < k:
        return TeamMap(contributors=contributors, min_contributors=k, shown=False, competences=[], themes=[])
    bands = []
    for competence in framework.competences:
        scores = [s for p in profiles if (s := p.competence(competence.id).score) is not None]
        level = target.get(competence.id)
        if len(scores) < k:
            bands.append(CompetenceBands(competence_id=competence.id, contributors=len(scores), withheld=True))
            continue
        mean = statistics.fmean(scores)
        goal = level.level if level is not None and level.weight > 0 else None
        bands.append(
            CompetenceBands(
                competence_id=competence.id,
                contributors=len(scores),
                withheld=False,
                mean=mean,
                target=goal,
                gap=None if goal is None else mean - goal,
                at_or_above=None if goal is None else sum(1 for s in scores if s >= goal),
                within_one_below=None if goal is None else sum(1 for s in scores if goal - 1 <= s < goal),
                further_below=None if goal is None else sum(1 for s in scores if s < goal - 1),
                spread=statistics.pstdev(scores),
            )
        )
    return TeamMap(contributors=contributors, min_contributors=k, shown=True, competences=bands, themes=shared_themes(bands))


def shared_themes(bands: Sequence[CompetenceBands]) -> list[Theme]:
    """The competences with the largest mean shortfall, then the widest spread (one level or more)."""
    shown = [b for b in bands if not b.withheld]
    short = sorted((b for b in shown if b.gap is not None and b.gap < 0), key=lambda b: (b.gap, b.competence_id))
    themes = [Theme(competence_id=b.competence_id, reason=ThemeReason.SHORTFALL) for b in short[:THEMES_BY_SHORTFALL]]
    taken = {t.competence_id for t in themes}
    wide = sorted(
        (b for b in shown if b.spread is not None and b.spread >= WIDE_SPREAD and b.competence_id not in taken),
        key=lambda b: (-(b.spread or 0.0), b.competence_id),
    )
    return themes + [Theme(competence_id=b.competence_id, reason=ThemeReason.SPREAD) for b in wide[:THEMES_BY_SPREAD]]


@dataclass(eq=False, kw_only=True)
class TeamAgreement:
    """What the team agreed on the day about one theme, and when to follow it up."""

    id: int = field(init=False)
    theme_day_id: int = field(init=False)
    competence_id: str
    text: str
    follow_up_on: date | None = None
    created_at: datetime


@dataclass(eq=False, kw_only=True)
class ThemeDay:
    """A planned theme day of a team: which framework and assessments its team profile is built from."""

    id: int = field(init=False)
    team_id: int
    title: str
    held_on: date
    framework_id: str
    source: str
    planned_by_id: int | None = None
    created_at: datetime
    agreed_at: datetime | None = None  # when the agreements were last written (the day's version moves with them)
    version: int = field(default=0, init=False)
    agreements: list[TeamAgreement] = field(default_factory=list)

    def agree(self, agreements: Sequence[tuple[str, str, date | None]], now: datetime) -> None:
        """The team's agreements become these (competence, text, follow-up date); empty texts are dropped."""
        self.agreements = [
            TeamAgreement(competence_id=competence_id, text=text, follow_up_on=follow_up_on, created_at=now)
            for competence_id, text, follow_up_on in agreements
            if text.strip()
        ]
        self.agreed_at = now
