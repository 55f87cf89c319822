"""Readings of a scored profile for a conversation: strengths and development areas, ordered by gap."""

from __future__ import annotations

from pydantic import Field

from profiling.domain.scoring import CompetenceScore, Profile
from profiling.domain.text import DataModel


class GapReading(DataModel):
    """A profile's scored competences split into strengths (at or above target) and development areas."""

    strengths: list[CompetenceScore] = Field(description="Largest surplus first.")
    development_areas: list[CompetenceScore] = Field(description="Largest shortfall first.")


def read_gaps(profile: Profile, limit: int = 3) -> GapReading:
    """The top `limit` strengths (gap ≥ 0, largest first) and development areas (gap < 0, largest shortfall first).

    Ties are broken by the number of ratings (more evidence first), then by framework order.
    """
    gaps = [(c.gap, i, c) for i, c in enumerate(profile.competences) if c.gap is not None]
    strengths = sorted((x for x in gaps if x[0] >= 0), key=lambda x: (-x[0], -x[2].n_ratings, x[1]))
    development = sorted((x for x in gaps if x[0] < 0), key=lambda x: (x[0], -x[2].n_ratings, x[1]))
    return GapReading(
        strengths=[c for _, _, c in strengths[:limit]],
        development_areas=[c for _, _, c in development[:limit]],
    )
