"""Commands whose rule is the point, against a unit of work in memory (tests/unit/fakes.py).

The same commands run against SQLite and PostgreSQL in tests/integration; here each rule is checked on its
own, for every input hypothesis tries: a refusal writes nothing and commits nothing; an accepted change is
stored and audited in exactly one commit.
"""

from __future__ import annotations

from typing import Any, cast

import pytest
from hypothesis import given
from hypothesis import strategies as st

from profiling.domain.theme_days import MIN_CONTRIBUTORS_FLOOR
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.reads import coaching
from profiling.services import audit, privacy, theme_days
from profiling.services.actors import Actor, Role
from profiling.services.errors import AccessDenied, InvalidInput
from tests.unit.fakes import FakeUnitOfWork

ADMIN = Actor(user_id=1, name="Anna Admin", role=Role.ADMIN)
MANAGER = Actor(user_id=2, name="Mette Leder", role=Role.MANAGER)


def fake() -> Any:
    """A fresh unit of work in memory, typed as the services expect it."""
    return cast(UnitOfWork, FakeUnitOfWork())


@given(k=st.integers(-5, 80), weeks=st.integers(-3, 40))
def test_the_theme_days_k_is_never_set_below_its_floor_and_a_refusal_writes_nothing(k, weeks):
    uow = fake()
    allowed = MIN_CONTRIBUTORS_FLOOR <= k <= coaching.MAX_MIN_CONTRIBUTORS and 1 <= weeks <= coaching.MAX_CHECK_IN_WEEKS
    if not allowed:
        with pytest.raises(InvalidInput):
            theme_days.set_coaching_settings(ADMIN, uow, k, weeks)
        assert uow.commits == 0 and uow.committed == {"settings": {}, "audit": []}
        return
    theme_days.set_coaching_settings(ADMIN, uow, k, weeks)
    assert uow.commits == 1
    assert coaching.coaching_settings(uow).model_dump() == {"min_contributors": k, "check_in_weeks": weeks}
    assert [e["action"] for e in uow.committed["audit"]] == ["settings.coaching"]


def test_only_an_administrator_changes_the_theme_days_k():
    uow = fake()
    with pytest.raises(AccessDenied):
        theme_days.set_coaching_settings(MANAGER, uow, 6, 4)
    assert uow.commits == 0 and coaching.coaching_settings(uow).min_contributors == 5


@given(days=st.integers(-10, 3 * 365 + 10), reason=st.sampled_from(["", "  ", "Klagefrist i overenskomsten"]))
def test_a_retention_beyond_half_a_year_needs_a_reason_and_a_refusal_writes_nothing(days, reason):
    uow = fake()
    in_range = 1 <= days <= privacy.MAX_RETENTION_DAYS
    needs_reason = days > privacy.DEFAULT_RETENTION_DAYS
    if not in_range or (needs_reason and not reason.strip()):
        with pytest.raises(InvalidInput):
            privacy.set_retention(ADMIN, uow, days, reason)
        assert uow.commits == 0 and privacy.retention_settings(uow).days == privacy.DEFAULT_RETENTION_DAYS
        return
    privacy.set_retention(ADMIN, uow, days, reason)
    assert uow.commits == 1
    assert privacy.retention_settings(uow).days == days
    assert privacy.retention_settings(uow).reason == reason.strip()


def test_changing_the_retention_keeps_the_days_after_filing_when_they_are_not_given():
    uow = fake()
    privacy.set_retention(ADMIN, uow, 90, "", after_filing_days=365)
    privacy.set_retention(ADMIN, uow, 120, "")
    assert privacy.retention_settings(uow).after_filing_days == 365
    assert uow.commits == 2


@given(reads=st.lists(st.tuples(st.sampled_from(["result.read", "team.read"]), st.integers(1, 4), st.just("")), max_size=8))
def test_the_reads_a_page_audits_are_written_once_each_in_one_commit(reads):
    uow = fake()
    audit.record_reads(MANAGER, uow, reads)
    written = [(e["action"], e["person_id"], e["subject"]) for e in uow.committed["audit"]]
    assert written == list(dict.fromkeys(reads))
    assert uow.commits == (1 if reads else 0)
    assert {e["actor_id"] for e in uow.committed["audit"]} <= {MANAGER.user_id}


@pytest.mark.parametrize("role", list(Role))
def test_a_page_asks_the_policy_whether_a_role_may_administer_or_see_team_overviews(role):
    from profiling.domain import policy
    from profiling.domain.policy import Permission
    from profiling.reads import permissions

    actor = Actor(user_id=9, name="Someone", role=role)
    for permission in (Permission.ADMINISTER, Permission.SEE_TEAM_OVERVIEW, Permission.RUN_RECRUITMENT):
        assert permissions.allowed(actor, fake(), permission) is policy.can(actor, permission)
    assert permissions.allowed(actor, fake(), Permission.ADMINISTER) is (role is Role.ADMIN)


def test_a_permission_that_needs_a_subject_is_not_answered_without_one():
    from profiling.domain.policy import Permission
    from profiling.reads import permissions

    with pytest.raises(ValueError, match="needs a subject"):
        permissions.allowed(ADMIN, fake(), Permission.SEE_PERSON)
