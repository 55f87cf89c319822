"""Loading questionnaire files: every kind of malformed file is reported with its exact location."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from profiling import catalog as catalog_module
from profiling.catalog import CatalogProblem, load_catalog
from tests.builders import framework_data, guide_data, question_data, text


def write(folder: Path, name: str, kind: str, data: dict[str, Any]) -> Path:
    path = folder / name
    path.write_text(yaml.safe_dump({"kind": kind, **data}, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def valid_guide() -> dict[str, Any]:
    return guide_data([question_data("q1", "a1"), question_data("q2", "b1")])


def problems_after(tmp_path: Path, framework_change=None, guide_change=None) -> list[CatalogProblem]:
    framework, guide = framework_data(), valid_guide()
    if framework_change:
        framework_change(framework)
    if guide_change:
        guide_change(guide)
    write(tmp_path, "framework.yaml", "framework", framework)
    write(tmp_path, "guide.yaml", "guide", guide)
    return load_catalog([tmp_path]).problems


def test_valid_files_load_without_problems(tmp_path):
    catalog = load_catalog([write(tmp_path, "f.yaml", "framework", framework_data()).parent])
    assert catalog.problems == []
    assert list(catalog.frameworks) == ["test-framework"]


def _set(path: list[Any], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        node = data
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = value

    return change


def _delete(path: list[Any]) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        node = data
        for part in path[:-1]:
            node = node[part]
        del node[path[-1]]

    return change


def _append(path: list[Any], value_of: Callable[[dict[str, Any]], Any]) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        node = data
        for part in path:
            node = node[part]
        node.append(value_of(data))

    return change


FRAMEWORK_CASES = {
    "unknown key": (
        _set(["areas", 0, "competences", 0, "colour"], "red"),
        "areas[0].competences[0].colour",
        "unknown key",
    ),
    "duplicate competence id": (
        _append(["areas", 1, "competences"], lambda data: copy.deepcopy(data["areas"][0]["competences"][0])),
        "areas[1].competences[1].id",
        "duplicate id 'a1' (first used at areas[0].competences[0].id)",
    ),
    "duplicate area id": (_set(["areas", 1, "id"], "area-a"), "areas[1].id", "duplicate id 'area-a'"),
    "missing Danish text": (_delete(["title", "da"]), "title.da", "required key is missing"),
    "empty Danish text": (_set(["areas", 0, "name", "da"], "   "), "areas[0].name.da", "at least 1 character"),
    "anchor off the scale": (
        _set(["areas", 0, "competences", 1, "anchors"], {1: text("x"), 3: text("y"), 5: text("z"), 7: text("w")}),
        "areas[0].competences[1].anchors.7",
        "level 7 is not on the scale 1-5",
    ),
    "dangling target reference": (
        _set(["default_target", "zz"], {"level": 3}),
        "default_target.zz",
        "unknown competence 'zz'",
    ),
    "target level off the scale": (
        _set(["default_target", "a2", "level"], 9),
        "default_target.a2.level",
        "level 9 is not on the scale 1-5",
    ),
    "level written as text": (
        _set(["default_target", "a1", "level"], "4"),
        "default_target.a1.level",
        "valid integer",
    ),
    "scale without a label for a level": (_delete(["scale", "labels", 3]), "scale.labels", "no label for level 3"),
    "id with capitals and spaces": (_set(["id"], "Test Framework"), "id", "should match pattern"),
    "area without competences": (_set(["areas", 1, "competences"], []), "areas[1].competences", "at least 1 item"),
    "competence without indicators": (
        _set(["areas", 0, "competences", 0, "indicators"], []),
        "areas[0].competences[0].indicators",
        "at least 1 item",
    ),
}


@pytest.mark.parametrize("case", FRAMEWORK_CASES, ids=list(FRAMEWORK_CASES))
def test_a_malformed_framework_is_reported_at_its_exact_location(tmp_path, case):
    change, location, message = FRAMEWORK_CASES[case]
    problems = problems_after(tmp_path, framework_change=change)
    framework_problems = [p for p in problems if p.file.endswith("framework.yaml")]
    assert [p.location for p in framework_problems] == [location]
    assert message in framework_problems[0].message


GUIDE_CASES = {
    "dangling competence reference": (
        _set(["questions", 1, "competence"], "nope"),
        "questions[1].competence",
        "unknown competence 'nope' in 'test-framework'",
    ),
    "anchor off the scale": (
        _set(["questions", 0, "anchors", 6], text("too high")),
        "questions[0].anchors.6",
        "level 6 is not on the scale 1-5",
    ),
    "missing middle anchor": (
        _delete(["questions", 0, "anchors", 3]),
        "questions[0].anchors",
        "an anchor for level 3 is required",
    ),
    "duplicate question id": (
        _set(["questions", 1, "id"], "q1"),
        "questions[1].id",
        "duplicate id 'q1' (first used at questions[0].id)",
    ),
    "unknown framework": (_set(["framework"], "other"), "framework", "unknown framework 'other'"),
    "unknown question kind": (
        _set(["questions", 0, "kind"], "trick"),
        "questions[0].kind",
        "'behavioural', 'situational', 'self_statement' or 'dialogue'",
    ),
    "unknown STAR step": (
        _set(["questions", 0, "probes", 0, "star"], "outcome"),
        "questions[0].probes[0].star",
        "'situation', 'task', 'action' or 'result'",
    ),
    "missing English question text": (
        _delete(["questions", 1, "text", "en"]),
        "questions[1].text.en",
        "required key is missing",
    ),
    "unknown key in the introduction": (
        _set(["introduction", "agenda"], text("x")),
        "introduction.agenda",
        "unknown key",
    ),
    "guide without questions": (_set(["questions"], []), "questions", "at least 1 item"),
    "unknown mode": (_set(["mode"], "exam"), "mode", "'recruitment', 'development' or 'self_assessment'"),
}


@pytest.mark.parametrize("case", GUIDE_CASES, ids=list(GUIDE_CASES))
def test_a_malformed_guide_is_reported_at_its_exact_location(tmp_path, case):
    change, location, message = GUIDE_CASES[case]
    problems = problems_after(tmp_path, guide_change=change)
    assert [p.location for p in problems] == [location]
    assert problems[0].file.endswith("guide.yaml")
    assert message in problems[0].message


def test_invalid_yaml_is_reported_with_its_line(tmp_path):
    (tmp_path / "broken.yaml").write_text("kind: guide\nid: x\ntitle: {da: a, en: b\nmode: recruitment\n")
    (problem,) = load_catalog([tmp_path]).problems
    assert problem.location == ""
    assert problem.message.startswith("not valid YAML")
    assert problem.line == 4


def test_a_duplicate_yaml_key_is_an_error_not_silently_the_last_value(tmp_path):
    (tmp_path / "dup.yaml").write_text("kind: framework\nid: one\nid: two\n")
    (problem,) = load_catalog([tmp_path]).problems
    assert "found duplicate key 'id'" in problem.message
    assert problem.line == 3


def test_a_file_without_kind_is_reported(tmp_path):
    (tmp_path / "nokind.yaml").write_text("id: x\n")
    (problem,) = load_catalog([tmp_path]).problems
    assert (problem.location, problem.message) == ("kind", "required key is missing")


def test_a_file_of_unknown_kind_is_reported(tmp_path):
    (tmp_path / "odd.yaml").write_text("kind: survey\n")
    (problem,) = load_catalog([tmp_path]).problems
    assert problem.message == "must be 'framework' or 'guide', not 'survey'"


def test_a_file_that_is_not_a_mapping_is_reported(tmp_path):
    (tmp_path / "list.yaml").write_text("- a\n- b\n")
    (problem,) = load_catalog([tmp_path]).problems
    assert "expected a mapping" in problem.message


def test_a_problem_names_the_line_of_the_offending_value(tmp_path):
    write(tmp_path, "framework.yaml", "framework", framework_data())
    data = valid_guide()
    data["questions"][1]["competence"] = "nope"
    path = write(tmp_path, "guide.yaml", "guide", data)
    (problem,) = load_catalog([tmp_path]).problems
    line = path.read_text().splitlines()[problem.line - 1]
    assert line.strip() == "competence: nope"
    assert str(problem) == f"{path}: questions[1].competence: unknown competence 'nope' in 'test-framework' (line {problem.line})"


def test_a_question_id_used_by_two_guides_of_one_framework_is_reported_in_the_second(tmp_path):
    write(tmp_path, "framework.yaml", "framework", framework_data())
    write(tmp_path, "a-guide.yaml", "guide", guide_data([question_data("q1", "a1")], guide_id="a-guide"))
    write(tmp_path, "b-guide.yaml", "guide", guide_data([question_data("q1", "b1")], guide_id="b-guide"))
    catalog = load_catalog([tmp_path])
    assert [(Path(p.file).name, p.location) for p in catalog.problems] == [("b-guide.yaml", "questions[0].id")]
    assert "also used in guide 'a-guide'" in catalog.problems[0].message
    assert list(catalog.guides) == ["a-guide"]


def test_a_broken_file_never_stops_the_others_from_loading(tmp_path):
    write(tmp_path, "framework.yaml", "framework", framework_data())
    write(tmp_path, "good.yaml", "guide", valid_guide())
    broken = copy.deepcopy(valid_guide())
    broken["id"] = "broken"
    broken["questions"][0]["competence"] = "nope"
    write(tmp_path, "broken.yaml", "guide", broken)
    (tmp_path / "garbage.yaml").write_text("{{{{")
    catalog = load_catalog([tmp_path])
    assert list(catalog.guides) == ["test-guide"]
    assert list(catalog.frameworks) == ["test-framework"]
    assert sorted(Path(p.file).name for p in catalog.problems) == ["broken.yaml", "garbage.yaml"]


def test_a_guide_of_a_broken_framework_is_reported_as_referring_to_an_unknown_framework(tmp_path):
    framework = framework_data()
    framework["areas"][0]["colour"] = "red"
    write(tmp_path, "framework.yaml", "framework", framework)
    write(tmp_path, "guide.yaml", "guide", valid_guide())
    problems = load_catalog([tmp_path]).problems
    assert {(Path(p.file).name, p.location) for p in problems} == {
        ("framework.yaml", "areas[0].colour"),
        ("guide.yaml", "framework"),
    }


def test_every_problem_of_a_file_is_reported_not_only_the_first(tmp_path):
    framework = framework_data()
    framework["title"] = {"da": "x"}
    framework["areas"][0]["competences"][0]["extra"] = 1
    write(tmp_path, "framework.yaml", "framework", framework)
    locations = {p.location for p in load_catalog([tmp_path]).problems}
    assert locations == {"title.en", "areas[0].competences[0].extra"}


def test_a_missing_path_is_a_problem_not_a_crash(tmp_path):
    (problem,) = load_catalog([tmp_path / "missing.yaml"]).problems
    assert problem.message == "no such file or folder"


def test_a_file_nested_two_thousand_levels_deep_is_refused_not_a_crash(tmp_path):
    (tmp_path / "deep.yaml").write_text("kind: guide\nid: deep\nx: " + "[" * 2000 + "]" * 2000 + "\n")
    catalog = load_catalog([tmp_path])
    assert [p.message for p in catalog.problems] == ["not accepted: nested more than 40 levels deep"]


def test_an_alias_bomb_is_refused_before_it_is_expanded(tmp_path):
    lines = ["kind: guide", "id: bomb", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]  # 10^9 values expanded
    (tmp_path / "bomb.yaml").write_text("\n".join(lines) + "\n")
    catalog = load_catalog([tmp_path])
    assert [p.message for p in catalog.problems] == ["not accepted: more than 200,000 values once aliases are expanded"]


def test_a_file_larger_than_the_limit_is_refused_without_being_read(tmp_path):
    (tmp_path / "big.yaml").write_text("kind: guide\n" + "# padding\n" * 300_000)
    catalog = load_catalog([tmp_path])
    assert catalog.problems[0].message.startswith("cannot read the file: larger than")


def test_five_hundred_problems_in_one_file_are_located_from_one_parse(tmp_path, monkeypatch):
    (tmp_path / "many.yaml").write_text("kind: guide\n" + "".join(f"k{i}: 1\n" for i in range(500)))
    composed = []
    real = catalog_module._StrictLoader.get_single_node
    monkeypatch.setattr(catalog_module._StrictLoader, "get_single_node", lambda self: composed.append(1) or real(self))
    catalog = load_catalog([tmp_path])
    unknown = [p for p in catalog.problems if p.message.startswith("unknown key")]
    assert len(unknown) == 500 and unknown[499].line == 501
    assert len(composed) == 1  # each problem once parsed the whole file again: 500 problems took > 120 s


LAWFULNESS_CASES = {
    "health": ("Hvornår var du sidst sygemeldt?", "When were you last on sick leave?"),
    "disability": ("Har du en funktionsnedsættelse, vi skal kende?", "Do you have a disability we should know of?"),
    "family": ("Planlægger du at gå på barsel?", "Are you planning parental leave?"),
    "religion": ("Hvilken religion har du?", "What is your religion?"),
    "origin": ("Hvad er din etniske baggrund?", "What is your ethnic background?"),
    "sexual_orientation": ("Hvad er din seksuelle orientering?", "What is your sexual orientation?"),
    "age": ("Hvor gammel er du?", "How old are you?"),
    "union": ("Er du medlem af en fagforening?", "Are you a trade union member?"),
    "politics": ("Hvilket parti stemmer du på?", "Which party member are you?"),
    # The old mus-rummelighed-1 probe, which the check missed: the employee's feelings about another way of life
    "private_life": ("Hvad gjorde mødet ved dig?", "What did the meeting do to you?"),
}


def test_validate_would_have_warned_about_the_old_question_on_a_citizen_with_another_background_or_lifestyle(tmp_path):
    from tests.builders import framework_data, guide_data, question_data

    (tmp_path / "framework.yaml").write_text(yaml.safe_dump({"kind": "framework", **framework_data()}))
    question = question_data("q1", "a1")
    question["text"] = {
        "da": "Fortæl om et møde med en borger med en helt anden baggrund eller livsstil end din egen, som du har "
              "tænkt over bagefter. Hvad lærte du?",
        "en": "Tell me about a meeting with a citizen with a completely different background or way of life from "
              "your own that you have thought about afterwards. What did you learn?",
    }
    question["statement"] = {"da": "Medarbejderen møder borgere med en anden baggrund eller livsform end sin egen nysgerrigt.",
                             "en": "The employee meets citizens with a way of life different from their own with curiosity."}
    (tmp_path / "guide.yaml").write_text(yaml.safe_dump({"kind": "guide", **guide_data([question])}))
    catalog = load_catalog([tmp_path])
    found = {(w.location, w.message.split("(")[0]) for w in catalog.warnings}
    assert ("questions[0].text.da", "warning: touches ethnic and national origin, race and colour ") in found
    assert ("questions[0].text.da", "warning: touches private life, lifestyle and personal attitudes ") in found
    assert {w.location for w in catalog.warnings} >= {"questions[0].text.en", "questions[0].statement.da", "questions[0].statement.en"}


def test_a_level_label_that_says_no_example_is_refused_not_assessed_says_it(tmp_path):
    data = framework_data()
    data["scale"]["labels"][1] = {"da": "Ikke vist", "en": "Not demonstrated"}
    (tmp_path / "framework.yaml").write_text(yaml.safe_dump({"kind": "framework", **data}))
    problems = load_catalog([tmp_path]).problems
    assert [p.location for p in problems] == ["scale.labels.1"]
    assert "'no example' is said with 'not assessed'" in problems[0].message


@pytest.mark.parametrize("category", LAWFULNESS_CASES)
def test_validate_warns_where_a_guide_asks_about_a_protected_subject(tmp_path, category):
    from tests.builders import framework_data, guide_data, question_data

    (tmp_path / "framework.yaml").write_text(yaml.safe_dump({"kind": "framework", **framework_data()}))
    da, en = LAWFULNESS_CASES[category]
    question = question_data("q1", "a1")
    question["probes"] = [{"text": {"da": da, "en": en}}]
    (tmp_path / "guide.yaml").write_text(yaml.safe_dump({"kind": "guide", **guide_data([question])}))
    catalog = load_catalog([tmp_path])
    assert catalog.problems == []
    assert {w.location for w in catalog.warnings} == {"questions[0].probes[0].text.da", "questions[0].probes[0].text.en"}
    assert all(w.line and "a public employer may not ask about or score this" in w.message for w in catalog.warnings)


def test_a_text_about_the_citizens_health_is_no_warning(tmp_path):
    from tests.builders import framework_data, guide_data, question_data

    (tmp_path / "framework.yaml").write_text(yaml.safe_dump({"kind": "framework", **framework_data()}))
    question = question_data("q1", "a1")
    question["probes"] = [{"text": {"da": "Hvordan vejleder du om borgerens helbredsoplysninger?",
                                    "en": "How do you advise on the citizen's health information?"}}]
    (tmp_path / "guide.yaml").write_text(yaml.safe_dump({"kind": "guide", **guide_data([question])}))
    assert load_catalog([tmp_path]).warnings == []


def test_a_dialogue_topic_has_no_anchors_and_a_rated_question_needs_them(tmp_path):
    from tests.builders import framework_data, guide_data, question_data

    (tmp_path / "framework.yaml").write_text(yaml.safe_dump({"kind": "framework", **framework_data()}))
    talk = question_data("q1", "a1")
    talk["kind"] = "dialogue"
    rated = question_data("q2", "a1")
    del rated["anchors"]
    (tmp_path / "guide.yaml").write_text(yaml.safe_dump({"kind": "guide", **guide_data([talk, rated])}))
    messages = {p.location: p.message for p in load_catalog([tmp_path]).problems}
    assert "never rated and has no anchors" in messages["questions[0]"]
    assert "needs behavioural anchors" in messages["questions[1]"]


def test_a_self_assessment_item_that_is_not_parallel_to_its_manager_item_is_reported(tmp_path):
    from tests.builders import framework_data, guide_data, question_data

    (tmp_path / "framework.yaml").write_text(yaml.safe_dump({"kind": "framework", **framework_data()}))
    manager_items = [question_data("q1", "a1"), question_data("q2", "a2")]
    for item in manager_items:
        item["statement"] = {"da": "Medarbejderen gør det", "en": "The employee does it"}
    development = {**guide_data(manager_items), "id": "mus", "mode": "development"}
    own = [question_data("q11", "a1"), question_data("q12", "a1")]
    own[0]["pairs_with"] = "q1"
    own[1]["pairs_with"] = "q1"  # twice, and q2 is left without a partner
    own[1]["anchors"] = {1: {"da": "x", "en": "x"}, 3: {"da": "y", "en": "y"}, 5: {"da": "z", "en": "z"}}
    self_guide = {**guide_data(own), "id": "selv", "mode": "self_assessment"}
    (tmp_path / "mus.yaml").write_text(yaml.safe_dump({"kind": "guide", **development}))
    (tmp_path / "selv.yaml").write_text(yaml.safe_dump({"kind": "guide", **self_guide}))
    messages = [(p.location, p.message) for p in load_catalog([tmp_path]).problems]
    assert ("questions[1].anchors", "must be identical to the anchors of 'q1'") in messages
    assert any("paired twice" in m for _, m in messages)
    assert ("questions", "the development item 'q2' has no self-assessment item") in messages
