"""The coaching settings in force: k, the fewest contributors a theme day shows a value for, and the weeks
without a check-in after which a plan goal is listed for its manager."""

from __future__ import annotations

from pydantic import Field

from profiling.domain.theme_days import (
    DEFAULT_MIN_CONTRIBUTORS,
    MIN_CONTRIBUTORS_FLOOR,
)
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.reads.views import View

COACHING_KEY = "coaching"
MAX_MIN_CONTRIBUTORS = 50
DEFAULT_CHECK_IN_WEEKS = 4
MAX_CHECK_IN_WEEKS = 26


class CoachingSettings(View):
    """The administrator's settings of the shared half: k of the anonymous team profile, and after how many
    weeks without a check-in a plan goal is listed for its manager."""

    min_contributors: int = Field(DEFAULT_MIN_CONTRIBUTORS, ge=MIN_CONTRIBUTORS_FLOOR, le=MAX_MIN_CONTRIBUTORS)
    check_in_weeks: int = Field(DEFAULT_CHECK_IN_WEEKS, ge=1, le=MAX_CHECK_IN_WEEKS)


def coaching_settings(uow: UnitOfWork) -> CoachingSettings:
    """The settings in force (k = 5 and 4 weeks unless an administrator changed them)."""
    stored = uow.settings.value(COACHING_KEY)
    return CoachingSettings.model_validate(stored) if stored else CoachingSettings()
