"""A saved rating changes the conversation's kept view as building it again would (runtime.refresh_kept)."""

from __future__ import annotations

import random

import pytest

from profiling.reads import scorecards
from profiling.services import interviews
from tests.integration.helpers import declare_eligible, make_round_with_panel
from tests.integration.test_change_marks import a_mus_being_held


@pytest.mark.parametrize("seed", range(4))
def test_a_rating_changes_the_kept_view_exactly_as_building_it_again_does(uow_factory, catalog, seed):
    rng = random.Random(seed)
    manager, _team, _emil, interview_id = a_mus_being_held(uow_factory, catalog)
    with uow_factory() as uow:
        kept = scorecards.get_interview(manager, uow, interview_id)
    questions = kept.guide.scored_questions()
    for _ in range(30):  # new ratings and changed ones, notes, private notes, "not assessed", a rating taken back
        question = rng.choice(questions).id
        value = rng.choice([None, *kept.framework.scale.levels])
        with uow_factory() as uow:
            saved = interviews.save_rating(
                manager, uow, interview_id, question, value=value, not_assessed=value is None and rng.random() < 0.5,
                note=rng.choice(["", "Fortalte om en svær samtale", "  "]), private=rng.random() < 0.3,
                expected_version=kept.rating(question).version,
            )
        patched = scorecards.with_rating(kept, saved)
        with uow_factory() as uow:
            built = scorecards.get_interview(manager, uow, interview_id)
        assert patched == built
        kept = built


def test_a_round_scorecard_is_built_again_after_a_rating(uow_factory, catalog):
    """Its notes to write follow the round's rules (notatpligt): not derived from the one rating."""
    from profiling.services import rounds

    _owner, anne, _bo, created = make_round_with_panel(uow_factory, catalog)
    with uow_factory() as uow:
        kim = rounds.add_new_candidate(_owner, uow, created.id, {"name": "Kim Kandidat"}).candidates[-1].id
    declare_eligible(uow_factory, created.id, kim, anne)
    with uow_factory() as uow:
        interview_id = interviews.start_interview(anne, uow, catalog, person_id=kim, round_id=created.id)
    with uow_factory() as uow:
        view = scorecards.get_interview(anne, uow, interview_id)
        question = view.guide.scored_questions()[0].id
        saved = interviews.save_rating(anne, uow, interview_id, question, value=1, expected_version=0)
    assert scorecards.with_rating(view, saved) is None
