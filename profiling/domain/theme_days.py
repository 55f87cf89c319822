"""The theme day (temadag): the shared half of the Dualog concept.

A team looks at itself as a whole - an **anonymous team profile** built from the members' latest
assessments - picks the shared development themes, and writes down its agreements. The profile must
never let anyone work out one person's value, alone or combined with another theme day:

- it is a **frozen snapshot**, taken when the manager publishes it; later changes to the team never move it;
- it is shown only when at least `k` members contribute (k never below MIN_CONTRIBUTORS_FLOOR); a
  competence scored by fewer than k is withheld on its own ("too few to judge");
- a competence is also withheld when, beside an earlier snapshot sharing members with it, it would tell
  something about fewer than k people: when its contributors (a person and the assessment their value
  comes from) differ from the earlier one's by fewer than k people, when the earlier one was built from
  another source over some of the same people, or when all earlier snapshots together would let a
  member compute one colleague's value exactly (`disclosure.singled_out` solves the linear system);
- per competence only the mean (to a half level below SPREAD_FROM contributors, else one decimal), how
  many are at or above the target, within one level below it, or further below (a count under 3 is
  "< 3", with a second count hidden when it could be worked out from the others), and the gap; the
  spread only from SPREAD_FROM contributors; no per-person value, no minimum or maximum.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Literal

from pydantic import Field

from profiling.domain.disclosure import exposed
from profiling.domain.errors import InvalidInput, NotAllowedNow
from profiling.domain.framework import Framework, TargetLevel
from profiling.domain.scoring import Profile
from profiling.domain.text import DataModel

MIN_CONTRIBUTORS_FLOOR = 3  # k may be configured, never below this
DEFAULT_MIN_CONTRIBUTORS = 5
THEMES_BY_SHORTFALL = 3
THEMES_BY_SPREAD = 2
WIDE_SPREAD = 1.0  # a standard deviation of a whole level or more: the team sees this competence differently
SPREAD_FROM = 10  # below this many contributors: no spread, and the mean to a half level
SMALL_COUNT = 3  # a band with fewer members than this is shown as "< 3"

FEWER_THAN_SMALL: Literal["<3"] = "<3"
HIDDEN: Literal["hidden"] = "hidden"
# How many members are in a band: a number, "<3", or "hidden" (so a "<3" cannot be worked out from the others).
BandCount = int | Literal["<3", "hidden"]


class Source(StrEnum):
    """Which assessments the team profile is built from (shown as its label)."""

    MANAGER = "manager"  # each member's latest conversation with their manager
    SELF = "self"  # each member's latest self-assessment
    MANAGER_ELSE_SELF = "manager_else_self"  # the manager's where there is one, else the self-assessment


class ThemeReason(StrEnum):
    SHORTFALL = "shortfall"  # the team as a whole is below target
    SPREAD = "spread"  # the team sees it very differently


class Withheld(StrEnum):
    """Why a competence of the team profile is not shown."""

    TOO_FEW = "too_few"  # fewer than k contributors
    TOO_CLOSE = "too_close"  # differs from an earlier snapshot by fewer than k people
    OTHER_SOURCE = "other_source"  # an earlier snapshot over some of the same people used another source
    SINGLES_OUT = "singles_out"  # with the earlier snapshots it would let a member compute a colleague's value


class CompetenceBands(DataModel):
    """One competence of the team, as far as it may be shown (None throughout when withheld)."""

    competence_id: str
    contributors: int = Field(description="Members with a score for this competence.")
    withheld: bool = Field(description="Nothing of this competence is shown (see `reason`).")
    reason: Withheld | None = None
    mean: float | None = Field(None, description="Rounded: to a half level below SPREAD_FROM contributors, else 0.1.")
    target: int | None = None
    gap: float | None = Field(None, description="mean − target (of the rounded mean)")
    at_or_above: BandCount | None = Field(None, description="Members at or above the target.")
    within_one_below: BandCount | None = Field(None, description="Members below the target by at most one level.")
    further_below: BandCount | None = Field(None, description="Members more than one level below the target.")
    spread: float | None = Field(
        None, description="Standard deviation of the members' scores, from SPREAD_FROM contributors (no min or max)."
    )


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


# One value in a team profile: whose it is, and which assessment it comes from ("interview:12", "round:3").
Contribution = tuple[int, str]


@dataclass(frozen=True)
class Member:
    """A contributing member: their profile, and which assessment it comes from."""

    person_id: int
    basis: str
    profile: Profile


@dataclass(frozen=True)
class Release:
    """One competence as an earlier snapshot published it: the values behind its mean, and their source."""

    source: Source
    contributions: frozenset[Contribution]


@dataclass(frozen=True)
class Publication:
    """A team profile ready to freeze, and per competence shown the values behind it (kept for later checks)."""

    team_map: TeamMap
    released: Mapping[str, frozenset[Contribution]]


def checked_min_contributors(value: int) -> int:
    """k as configured; refused below the floor (a team of two could each read the other's scores)."""
    if value < MIN_CONTRIBUTORS_FLOOR:
        raise InvalidInput("min_contributors", "error.k_too_small", min=MIN_CONTRIBUTORS_FLOOR)
    return value


def published_mean(mean: float, contributors: int) -> float:
    """The mean as shown: to a half level below SPREAD_FROM contributors (so the sum of a small team is not
    fixed by it), else to one decimal; halves round up."""
    step = 0.5 if contributors < SPREAD_FROM else 0.1
    return round(math.floor(mean / step + 0.5) * step, 1)


def masked_counts(counts: Sequence[int]) -> list[BandCount]:
    """Band counts as shown: under 3 as "<3"; when only one band is under 3 (so the total would give it away),
    the smallest other band is hidden too."""
    shown: list[BandCount] = [FEWER_THAN_SMALL if c < SMALL_COUNT else c for c in counts]
    small = [i for i, c in enumerate(counts) if c < SMALL_COUNT]
    if len(small) == 1 and len(counts) > 1:
        others = sorted((c, -i) for i, c in enumerate(counts) if i != small[0])
        shown[-others[0][1]] = HIDDEN
    return shown


def _why_withheld(
    source: Source, contributions: frozenset[Contribution], earlier: Sequence[Release], k: int
) -> Withheld | None:
    """Whether publishing these values beside the earlier snapshots would tell about fewer than k people."""
    if len(contributions) < k:
        return Withheld.TOO_FEW
    people = {person for person, _ in contributions}
    for release in earlier:
        before = {person for person, _ in release.contributions}
        if release.source is not source and people & before:
            return Withheld.OTHER_SOURCE
        differing = {person for person, _ in contributions ^ release.contributions}
        if 0 < len(differing) < k:
            return Withheld.TOO_CLOSE
    if earlier:
        releases = [release.contributions for release in earlier] + [contributions]
        everyone = {person for release in releases for person, _ in release}
        readers = {person: {c for release in releases for c in release if c[0] == person} for person in everyone}
        if exposed(releases, readers):
            return Withheld.SINGLES_OUT
    return None


def publish(
    framework: Framework,
    target: Mapping[str, TargetLevel],
    members: Sequence[Member],
    min_contributors: int,
    source: Source = Source.MANAGER,
    earlier: Mapping[str, Sequence[Release]] | None = None,
) -> Publication:
    """The anonymous profile of a team from one profile per contributing member, checked against the earlier
    snapshots that share members with it (per competence)."""
    k = checked_min_contributors(min_contributors)
    earlier = earlier or {}
    contributors = len(members)
    if contributors < k:
        return Publication(TeamMap(contributors=contributors, min_contributors=k, shown=False, competences=[], themes=[]), {})
    bands = []
    released: dict[str, frozenset[Contribution]] = {}
    for competence in framework.competences:
        scored = [(m, s) for m in members if (s := m.profile.competence(competence.id).score) is not None]
        values = frozenset((m.person_id, m.basis) for m, _ in scored)
        reason = _why_withheld(source, values, earlier.get(competence.id, ()), k)
        if reason is not None:
            bands.append(CompetenceBands(competence_id=competence.id, contributors=len(scored), withheld=True, reason=reason))
            continue
        released[competence.id] = values
        bands.append(_bands(competence.id, [s for _, s in scored], target.get(competence.id)))
    team = TeamMap(contributors=contributors, min_contributors=k, shown=True, competences=bands, themes=shared_themes(bands))
    return Publication(team, released)


def _bands(competence_id: str, scores: Sequence[float], level: TargetLevel | None) -> CompetenceBands:
    n = len(scores)
    mean = published_mean(statistics.fmean(scores), n)
    goal = level.level if level is not None and level.weight > 0 else None
    counts: list[BandCount | None] = [None, None, None]
    if goal is not None:
        counts = list(masked_counts([
            sum(1 for s in scores if s >= goal),
            sum(1 for s in scores if goal - 1 <= s < goal),
            sum(1 for s in scores if s < goal - 1),
        ]))
    return CompetenceBands(
        competence_id=competence_id, contributors=n, withheld=False, mean=mean, target=goal,
        gap=None if goal is None else round(mean - goal, 1),
        at_or_above=counts[0], within_one_below=counts[1], further_below=counts[2],
        spread=round(statistics.pstdev(scores), 1) if n >= SPREAD_FROM else None,
    )


def shared_themes(bands: Sequence[CompetenceBands]) -> list[Theme]:
    """The competences with the largest mean shortfall, then the widest spread (one level or more, and only
    where the spread is shown at all: from SPREAD_FROM contributors)."""
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
    """A planned theme day of a team: which framework and assessments its team profile is built from, and -
    once its manager publishes it - the frozen team profile."""

    id: int = field(init=False)
    team_id: int
    title: str
    held_on: date
    framework_id: str
    source: str
    planned_by_id: int | None = None
    created_at: datetime
    agreed_at: datetime | None = None  # when the agreements were last written (the day's version moves with them)
    # The frozen team profile (TeamMap as JSON, and the target's name), from the moment it was published.
    published_at: datetime | None = None
    published: dict[str, Any] | None = None
    version: int = field(default=0, init=False)
    agreements: list[TeamAgreement] = field(default_factory=list)

    @property
    def team_map(self) -> TeamMap | None:
        """The published team profile (None until published)."""
        return None if self.published is None else TeamMap.model_validate(self.published["team_map"])

    @property
    def target_name(self) -> str | None:
        return None if self.published is None else self.published.get("target_name")

    def publish(self, team_map: TeamMap, target_name: str | None, now: datetime) -> None:
        """Freeze the team profile as the team will see it; it never changes after this."""
        if self.published_at is not None:
            raise NotAllowedNow("error.theme_day_published")
        self.published = {"team_map": team_map.model_dump(mode="json"), "target_name": target_name}
        self.published_at = now

    def agree(self, agreements: Sequence[tuple[str, str, date | None]], now: datetime) -> None:
        """The team's agreements become these (competence, text, follow-up date); empty texts are dropped."""
        self.agreements = [
            TeamAgreement(competence_id=competence_id, text=text, follow_up_on=follow_up_on, created_at=now)
            for competence_id, text, follow_up_on in agreements
            if text.strip()
        ]
        self.agreed_at = now
