"""The `profiling` command through its real console-script entry point."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from profiling.persistence.database import head_revision
from tests.builders import framework_data, guide_data, question_data

PROFILING = Path(sys.executable).parent / "profiling"


def run(*args: str, questionnaires: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **(env or {})}
    if questionnaires is not None:
        env["PROFILING_QUESTIONNAIRES_DIR"] = str(questionnaires)
    return subprocess.run([str(PROFILING), *args], capture_output=True, text=True, env=env, timeout=60)


@pytest.fixture
def catalog_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "questionnaires"
    folder.mkdir()
    (folder / "framework.yaml").write_text(yaml.safe_dump({"kind": "framework", **framework_data()}))
    questions = [question_data("q1", "a1"), question_data("q2", "a1", weight=3), question_data("q3", "a2")]
    (folder / "guide.yaml").write_text(yaml.safe_dump({"kind": "guide", **guide_data(questions)}))
    return folder


def scorecard(tmp_path: Path, name: str, ratings: list[dict], role: str = "manager", **extra) -> Path:
    path = tmp_path / name
    document = {"framework": "test-framework", "rater": name, "rater_role": role, "ratings": ratings, **extra}
    path.write_text(json.dumps(document))
    return path


def test_validate_passes_on_the_shipped_questionnaires():
    result = run("validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("OK: 2 framework(s), 4 guide(s).")


def test_validate_prints_every_problem_as_file_location_message_and_fails(tmp_path, catalog_dir):
    broken = yaml.safe_load((catalog_dir / "guide.yaml").read_text())
    broken["questions"][0]["anchors"][6] = {"da": "x", "en": "x"}
    broken["questions"][1]["competence"] = "nope"
    (catalog_dir / "guide.yaml").write_text(yaml.safe_dump(broken))
    result = run("validate", str(catalog_dir))
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    guide = catalog_dir / "guide.yaml"
    assert any(line.startswith(f"{guide}: questions[1].competence: unknown competence 'nope'") for line in lines)
    assert any(line.startswith(f"{guide}: questions[0].anchors.6: level 6 is not on the scale 1-5") for line in lines)
    assert "Traceback" not in result.stderr


def test_validate_checks_a_single_guide_against_the_shipped_frameworks(tmp_path):
    guide = guide_data([question_data("q-x", "serviceminded")], framework="specialist-i-borgerkontakt")
    path = tmp_path / "my-guide.yaml"
    path.write_text(yaml.safe_dump({"kind": "guide", **guide}))
    result = run("validate", str(path))
    assert result.returncode == 0, result.stdout
    assert "1 guide(s)" in result.stdout


def test_score_prints_the_profile_of_one_scorecard(tmp_path, catalog_dir):
    card = scorecard(
        tmp_path,
        "anne.json",
        [
            {"question": "q1", "rating": 2, "note": "gave no example"},
            {"question": "q2", "rating": 4},
            {"competence": "a2", "rating": 5},
            {"competence": "b1", "rating": None},
        ],
    )
    result = run("score", str(card), questionnaires=catalog_dir)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["competences"]["a1"] == {"score": 3.5, "target": 4, "gap": -0.5, "n_ratings": 2}
    assert document["competences"]["b1"] == {"score": None, "target": 4, "gap": None, "n_ratings": 0}
    assert document["areas"]["area-a"] == {"score": 4.25, "target": 4.0, "gap": 0.25}
    # b1 not assessed: between the lowest level and its target - fit 61.1 to 94.4 (docs/scoring.md)
    assert (document["fit_low"], document["fit_high"]) == (pytest.approx(61.111), pytest.approx(94.444))
    assert document["coverage"] == pytest.approx(0.667)


def test_score_of_several_scorecards_adds_spread_disagreement_and_self_versus_manager(tmp_path, catalog_dir):
    manager = scorecard(tmp_path, "leder.json", [{"competence": "a1", "rating": 2}, {"competence": "a2", "rating": 3}])
    panel = scorecard(tmp_path, "panel.json", [{"competence": "a1", "rating": 4}], role="panel")
    own = scorecard(tmp_path, "mig.json", [{"competence": "a1", "rating": 3}, {"competence": "a2", "rating": 5}], role="self")
    result = run("score", str(manager), str(panel), str(own), questionnaires=catalog_dir)
    assert result.returncode == 0, result.stderr
    a1 = json.loads(result.stdout)["competences"]["a1"]
    assert (a1["score"], a1["spread"], a1["disagreement"], a1["n_raters"]) == (3.0, 2.0, True, 2)
    assert (a1["questions_compared"], a1["questions_apart"]) == (1, 1)  # 2 and 4 on the one direct rating
    assert "rwg" not in a1
    # Self is 1 above the manager on a1 and 2 above on a2: two shared competences are too few to separate a
    # general difference from the specific ones, so only the raw differences are given.
    assert a1["self_vs_manager"] == {
        "self": 3.0, "manager": 2.0, "difference": 1.0, "relative_difference": None, "classification": None,
    }
    document = json.loads(result.stdout)
    assert (document["general_difference"], document["too_few_to_separate"]) == (None, True)
    assert document["questions"] == {"compared": 1, "within_one": 0, "apart": 1, "unmatched": 0}
    assert document["competences"]["a2"]["disagreement"] is False


def test_a_target_in_the_scorecard_overrides_the_default_target(tmp_path, catalog_dir):
    card = scorecard(tmp_path, "t.json", [{"competence": "a1", "rating": 3}], target={"a1": {"level": 3, "weight": 2}})
    document = json.loads(run("score", str(card), questionnaires=catalog_dir).stdout)
    assert document["competences"]["a1"]["target"] == 3
    assert (document["fit_low"], document["fit_high"]) == (100.0, 100.0)


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ({"framework": "nope", "rater": "x", "rater_role": "manager", "ratings": [{"competence": "a1", "rating": 3}]},
         "framework: unknown framework 'nope'"),
        (
            {"framework": "test-framework", "rater": "x", "rater_role": "manager", "ratings": [{"question": "q9", "rating": 3}]},
            "ratings[0].question: unknown question 'q9'",
        ),
        (
            {"framework": "test-framework", "rater": "x", "rater_role": "manager",
             "ratings": [{"competence": "a1", "rating": 3}, {"competence": "zz", "rating": 3}]},
            "ratings[1].competence: unknown competence 'zz'",
        ),
        (
            {"framework": "test-framework", "rater": "x", "rater_role": "manager", "ratings": [{"question": "q1", "rating": 7}]},
            "ratings[0].rating: level 7 is not on the scale 1-5",
        ),
        (
            {"framework": "test-framework", "rater": "x", "rater_role": "boss", "ratings": []},
            "rater_role: Input should be 'manager', 'panel' or 'self'",
        ),
        (
            {"framework": "test-framework", "rater": "x", "rater_role": "panel", "ratings": [{"competence": "a1", "rating": "4"}]},
            "ratings[0].rating: Input should be a valid integer",
        ),
        (
            {"framework": "test-framework", "rater": "x", "rater_role": "panel", "ratings": [{"competence": "a1", "rating": 3}],
             "target": {"a1": {"level": 8}}},
            "target.a1.level: level 8 is not on the scale 1-5",
        ),
        ({"rater": "x", "rater_role": "panel", "ratings": []}, "framework: Field required"),
    ],
)
def test_bad_input_gives_a_one_line_error_naming_file_and_field(tmp_path, catalog_dir, document, expected):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document))
    result = run("score", str(path), questionnaires=catalog_dir)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [f"{path}: {expected}" + result.stderr.strip().split(expected, 1)[1]]
    assert "Traceback" not in result.stderr


def test_malformed_json_gives_a_one_line_error(tmp_path, catalog_dir):
    path = tmp_path / "broken.json"
    path.write_text('{"framework": "test-framework",,}')
    result = run("score", str(path), questionnaires=catalog_dir)
    assert result.returncode == 1
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"{path}: not valid JSON: ")


def test_a_missing_scorecard_file_gives_a_one_line_error(tmp_path, catalog_dir):
    result = run("score", str(tmp_path / "missing.json"), questionnaires=catalog_dir)
    assert result.returncode == 1
    assert result.stderr.strip() == f"{tmp_path / 'missing.json'}: cannot read the file: No such file or directory"


def test_score_reads_questions_of_the_shipped_recruitment_guide(tmp_path):
    from profiling.catalog import load_catalog
    from profiling.settings import Settings

    question = load_catalog([Settings().questionnaires_dir]).guide("rekruttering").questions[0]
    path = tmp_path / "card.json"
    path.write_text(json.dumps({
        "framework": "specialist-i-borgerkontakt", "rater": "Leder", "rater_role": "manager",
        "ratings": [{"question": question.id, "rating": 3}],
    }))
    result = run("score", str(path))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["competences"][question.competence]["score"] == 3.0


@pytest.mark.parametrize("make", ["device", "huge", "deep"])
def test_score_refuses_endless_huge_or_deeply_nested_input_in_one_line(tmp_path, catalog_dir, make):
    if make == "device":
        path = Path("/dev/zero")
    else:
        path = tmp_path / f"{make}.json"
        path.write_text(" " * 3_000_000 if make == "huge" else "[" * 100_000 + "]" * 100_000)
    result = run("score", str(path), questionnaires=catalog_dir)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith((f"{path}: not accepted: ", f"{path}: not valid JSON"))


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ({"target": {"a1": {"level": 3, "weight": 0}, "a2": {"level": 3, "weight": 0}}}, "target: every weight is 0"),
        ({"ratings": [{"question": "q1", "rating": 3}, {"question": "q1", "rating": 5}]},
         "ratings[1]: question 'q1' is rated again (first in ratings[0])"),
        ({"ratings": []}, "ratings: List should have at least 1 item"),
        ({"rater": "x" * 1_000_000}, "rater: String should have at most 120 characters"),
    ],
    ids=["all weights zero", "one question rated twice", "no ratings", "a 1 MB rater name"],
)
def test_score_refuses_a_scorecard_that_would_mislead_in_one_line(tmp_path, catalog_dir, case, expected):
    path = tmp_path / "card.json"
    path.write_text(json.dumps({
        "framework": "test-framework", "rater": "Leder", "rater_role": "manager",
        "ratings": [{"question": "q1", "rating": 3}], **case,
    }))
    result = run("score", str(path), questionnaires=catalog_dir)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"{path}: {expected}") and len(line) < 300


@pytest.mark.parametrize(
    ("environment", "args", "expected"),
    [
        ({"PROFILING_DATABASE_URL": "nonsense://x"}, ["db", "current"], "error: PROFILING_DATABASE_URL is not a database URL"),
        ({"PROFILING_DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:9/x?connect_timeout=2"}, ["db", "current"],
         "error: cannot reach or open the database"),
        ({"PROFILING_SESSION_IDLE_MINUTES": "many"}, ["purge"], "error: invalid setting: PROFILING_SESSION_IDLE_MINUTES"),
        ({}, ["db", "upgrade", "9999"], "unknown revision '9999'"),
        ({}, ["db", "downgrade", "0042"], "unknown revision '0042'"),
    ],
)
def test_a_bad_setup_gives_one_clear_line_and_no_traceback(tmp_path, environment, args, expected):
    env = {"PROFILING_DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}", **environment}
    result = run(*args, env=env)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith(expected)


def test_a_data_folder_that_is_a_file_is_named(tmp_path):
    (tmp_path / "data").write_text("")
    result = run("db", "current", env={"PROFILING_DATABASE_URL": "", "PROFILING_DATA_DIR": str(tmp_path / "data")})
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "PROFILING_DATA_DIR" in result.stderr


def test_a_downgrade_that_loses_data_is_refused_without_yes_and_says_what(tmp_path):
    env = {"PROFILING_DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"}
    assert run("db", "upgrade", env=env).returncode == 0
    refused = run("db", "downgrade", "0001", env=env)
    assert refused.returncode == 1
    assert "the audit log" in refused.stderr and "development plans" in refused.stderr and "--yes" in refused.stderr
    assert "theme days" in refused.stderr
    assert run("db", "current", env=env).stdout.startswith(f"current: {head_revision()}")  # nothing was reverted
    assert run("db", "downgrade", "0002", "--yes", env=env).returncode == 0
    assert run("db", "current", env=env).stdout.startswith("current: 0002")


def everything(value: int, *competences: str) -> list[dict]:
    return [{"competence": c, "rating": value} for c in competences]


def test_compare_groups_ties_together_lists_the_incomplete_last_and_says_a_pairs_difference_once(tmp_path, catalog_dir):
    files = []
    for person, ratings in {
        "Kim": {"Anne": everything(4, "a1", "a2", "b1"), "Bo": everything(4, "a1", "a2", "b1")},
        "Lea": {"Anne": everything(5, "a1", "a2", "b1"), "Bo": everything(3, "a1", "a2", "b1")},
        "Mads": {"Anne": everything(5, "a1"), "Bo": everything(5, "a1")},  # 1 of 3 competences: coverage 0.33
    }.items():
        for rater, given in ratings.items():
            path = tmp_path / f"{person}-{rater}.json"
            path.write_text(json.dumps(
                {"framework": "test-framework", "person": person, "rater": rater, "rater_role": "panel", "ratings": given}
            ))
            files.append(str(path))
    result = run("compare", *files, questionnaires=catalog_dir)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    ranking = [(r["person"], r["group"], r["fit_low"], r["fit_high"], r["complete"]) for r in document["ranking"]]
    assert ranking == [("Kim", 1, 100.0, 100.0, True), ("Lea", 1, 100.0, 100.0, True),
                       ("Mads", None, 33.333, 100.0, False)]  # no alphabet
    assert document["ranking"][1]["above_target"] == 0.0  # Lea: 4 on average against 4
    lea_questions = document["ranking"][1]["questions"]  # rule 1's counts, per candidate
    assert lea_questions["compared"] == lea_questions["within_one"] + lea_questions["apart"] + lea_questions["unmatched"]
    assert lea_questions["apart"] + lea_questions["unmatched"] >= 3
    assert {(d["person"], d["competence"]) for d in document["disagreements"]} == {("Lea", "a1"), ("Lea", "a2"), ("Lea", "b1")}
    a1 = document["agreement"]["competences"]["a1"]
    assert (a1["rwg_pooled"], a1["questions"], a1["raters"], a1["candidates"], a1["disagreements"]) == (None, 3, 2, 3, 1)
    assert document["agreement"]["round"] == {"rwg_pooled": None, "questions": 7, "raters": 2}  # under 10: too few
    calibration = {c["rater"]: c for c in document["calibration"]}
    assert calibration["Anne"]["shared_candidates"] == 3 and calibration["Anne"]["deviation"] == round((0 + 2 * 3 + 0) / 7, 3)
    # Two raters mirror each other: one fact about the pair, no "lenient" and "harsh" flags.
    assert document["pairwise"] == {"higher": "Anne", "lower": "Bo", "difference": 0.857, "shared_candidates": 3, "notable": True}
    assert (calibration["Anne"]["flag"], calibration["Bo"]["flag"]) == (None, None)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"person": None}, "person: required by compare"),
        ({"framework": "nope"}, "framework: unknown framework 'nope'"),
        ({"rater_role": "boss"}, "rater_role"),
    ],
)
def test_compare_refuses_bad_input_in_one_line(tmp_path, catalog_dir, change, expected):
    good = tmp_path / "good.json"
    good.write_text(json.dumps({"framework": "test-framework", "person": "Kim", "rater": "A", "rater_role": "panel",
                                "ratings": everything(3, "a1")}))
    bad = tmp_path / "bad.json"
    document = {"framework": "test-framework", "person": "Lea", "rater": "B", "rater_role": "panel", "ratings": everything(3, "a1")}
    bad.write_text(json.dumps({k: v for k, v in {**document, **change}.items() if v is not None}))
    result = run("compare", str(good), str(bad), questionnaires=catalog_dir)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"{bad}: ") and expected in line


def test_compare_refuses_a_minimum_coverage_outside_zero_to_one(tmp_path, catalog_dir):
    card = tmp_path / "k.json"
    card.write_text(json.dumps({"framework": "test-framework", "person": "Kim", "rater": "A", "rater_role": "panel",
                                "ratings": everything(3, "a1")}))
    result = run("compare", str(card), "--min-coverage", "80", questionnaires=catalog_dir)
    assert result.returncode == 1 and result.stderr.strip() == "--min-coverage: must lie between 0 and 1, not 80.0"


def test_validate_warns_about_a_protected_subject_and_fails_only_with_strict(tmp_path):
    guide = yaml.safe_load((Path(__file__).resolve().parents[2] / "questionnaires/guides/rekruttering.yaml").read_text())
    guide["questions"][0]["probes"].append({"text": {"da": "Er du gravid?", "en": "Are you pregnant?"}})
    path = tmp_path / "guide.yaml"
    path.write_text(yaml.safe_dump(guide, allow_unicode=True))
    relaxed = run("validate", str(path))
    assert relaxed.returncode == 0, relaxed.stderr
    assert f"{path}: questions[0].probes[" in relaxed.stdout and "pregnancy" in relaxed.stdout
    assert relaxed.stdout.strip().endswith("2 warning(s).")
    strict = run("validate", "--strict", str(path))
    assert strict.returncode == 1 and "2 warning(s) found" in strict.stderr


def with_administrator(tmp_path: Path) -> dict[str, str]:
    """A database with the administrator hr@kommune.example, made from the command line: the commands' env."""
    env = {"PROFILING_DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}", "ADMIN_PASSWORD": "en-lang-test-adgangskode"}
    created = run("user", "create", "--email", "hr@kommune.example", "--name", "HR", "--password-env", "ADMIN_PASSWORD", env=env)
    assert created.returncode == 0, created.stderr
    return env


def test_import_people_previews_with_dry_run_imports_once_and_refuses_rows_in_error(tmp_path):
    env = with_administrator(tmp_path)
    good = tmp_path / "hr.csv"
    good.write_text("Medarbejdernummer;Navn;Team\n1;Anne Ansat;Nord\n2;Bo Ansat;Nord\n", encoding="utf-8-sig")
    dry = run("import", "people", str(good), "--admin", "hr@kommune.example", "--dry-run", env=env)
    assert dry.returncode == 0 and "2 new, 0 changed" in dry.stdout
    done = run("import", "people", str(good), "--admin", "hr@kommune.example", env=env)
    assert done.returncode == 0 and "2 created" in done.stdout and "1 teams created" in done.stdout
    again = run("import", "people", str(good), "--admin", "hr@kommune.example", env=env)
    assert "0 new, 0 changed, 2 unchanged" in again.stdout
    bad = tmp_path / "bad.csv"
    bad.write_text("Medarbejdernummer;Navn\n3;Cai\n3;Dublet\n", encoding="utf-8")
    refused = run("import", "people", str(bad), "--admin", "hr@kommune.example", env=env)
    assert refused.returncode == 1
    assert "row 3 (3): the employee number is also in row 2" in refused.stderr and "nothing imported" in refused.stderr
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    message = run("import", "people", str(empty), "--admin", "hr@kommune.example", env=env)
    assert message.returncode == 1 and "The file is empty." in message.stderr and "Traceback" not in message.stderr


def test_check_says_one_line_per_part_and_fails_until_the_database_is_migrated_and_a_key_is_set(tmp_path):
    env = {"PROFILING_DATA_DIR": str(tmp_path), "PROFILING_DATABASE_URL": f"sqlite:///{tmp_path / 'p.db'}"}
    env.pop("PROFILING_SECRET_KEY", None)
    fresh = run("check", env=env)
    assert fresh.returncode == 1
    lines = fresh.stdout.splitlines()
    assert [line.split()[0] for line in lines] == ["ok", "FAIL", "ok", "FAIL", "ok"]
    assert lines[4] == "ok    mail: no server set (PROFILING_SMTP_HOST); mails wait in the outbox"
    assert lines[1].startswith("FAIL  migrations: at base, newest is") and "profiling db upgrade" in lines[1]
    assert run("db", "upgrade", env=env).returncode == 0
    ready = run("check", env={**env, "PROFILING_SECRET_KEY": "k" * 40})
    assert ready.returncode == 0, ready.stdout
    assert ready.stdout.splitlines()[2].startswith("ok    questionnaires: 2 framework(s), 4 guide(s)")
    unreachable = run("check", env={**env, "PROFILING_DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:9/none"})
    assert unreachable.returncode == 1 and unreachable.stdout.startswith("FAIL  database: cannot reach or open the database")
    no_mail_server = run("check", env={**env, "PROFILING_SECRET_KEY": "k" * 40, "PROFILING_SMTP_HOST": "127.0.0.1",
                                       "PROFILING_SMTP_PORT": "9", "PROFILING_SMTP_SECURITY": "none"})
    assert no_mail_server.returncode == 1 and no_mail_server.stdout.splitlines()[-1].startswith("FAIL  mail: 127.0.0.1:9 (none):")


def test_version_prints_the_installed_version():
    result = run("--version")
    assert result.returncode == 0 and result.stdout.startswith("profilsamtale 0.")


def test_wait_until_up_returns_once_the_health_route_answers_and_fails_after_its_timeout():
    import http.server
    import threading

    class Health(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200 if self.path == "/_stcore/health" else 404)
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Health)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        port = server.server_address[1]
        up = run("wait-until-up", "--port", str(port), "--timeout", "10")
        assert up.returncode == 0 and up.stdout.strip() == f"up: http://127.0.0.1:{port}/_stcore/health"
    finally:
        server.shutdown()
        server.server_close()
    down = run("wait-until-up", "--port", str(port), "--timeout", "1")
    assert down.returncode == 1 and f"no answer from http://127.0.0.1:{port}/_stcore/health within 1 s" in down.stderr


@pytest.mark.parametrize("command", [(), ("import", "people"), ("db", "upgrade"), ("compare",), ("user", "create"),
                                     ("restore",), ("validate",), ("check",), ("wait-until-up",)])
def test_help_is_plain_text_without_type_markers_and_not_cut_at_80_columns(command):
    result = run(*command, "--help", env={"COLUMNS": "200"})
    assert result.returncode == 0, result.stderr
    assert "<" not in result.stdout and "{" not in result.stdout and "│" not in result.stdout, result.stdout
    assert not [line for line in result.stdout.splitlines() if line.startswith("  ") and line.endswith("...")]  # not cut


def test_import_people_lists_who_leaves_needs_the_count_confirmed_above_10_percent_and_says_bad_usage_with_2(tmp_path):
    env = with_administrator(tmp_path)
    full = tmp_path / "hr.csv"
    full.write_text("Medarbejdernummer;Navn;Team\n1;Anne Ansat;Nord\n2;Bo Ansat;Nord\n3;Cai Ansat;Nord\n", encoding="utf-8-sig")
    assert run("import", "people", str(full), "--admin", "hr@kommune.example", env=env).returncode == 0
    copy = tmp_path / "copy.csv"  # an Excel copy with one row left
    copy.write_text("Medarbejdernummer;Navn;Team\n1;Anne Ansat;Nord\n", encoding="utf-8-sig")
    dry = run("import", "people", str(copy), "--admin", "hr@kommune.example", "--dry-run", "--deactivate-missing", env=env)
    assert dry.returncode == 0 and "not in the file: 2 Bo Ansat (leaves with --deactivate-missing)" in dry.stdout
    refused = run("import", "people", str(copy), "--admin", "hr@kommune.example", "--deactivate-missing", env=env)
    assert refused.returncode == 1
    assert "2 of the 3 people here are not in the file" in refused.stderr and "--confirm-deactivate 2" in refused.stderr
    confirmed = run("import", "people", str(copy), "--admin", "hr@kommune.example", "--deactivate-missing",
                    "--confirm-deactivate", "2", env=env)
    assert confirmed.returncode == 0 and "2 left" in confirmed.stdout
    again = run("import", "people", str(copy), "--admin", "hr@kommune.example", "--dry-run", env=env)
    assert "0 imported people not in the file" in again.stdout  # those who left are not "missing" again
    assert run("import", "people", str(tmp_path / "nowhere.csv"), "--admin", "hr@kommune.example", env=env).returncode == 2
    assert run("import", "people", str(copy), "--admin", "nobody@kommune.example", env=env).returncode == 2


def test_users_are_listed_invited_and_deactivated_and_everything_exported_from_the_command_line(tmp_path):
    import zipfile

    from openpyxl import load_workbook

    env = with_administrator(tmp_path)
    people = tmp_path / "hr.csv"
    people.write_text("Medarbejdernummer;Navn;E-mail;Team\n1;Anne Ansat;anne@kommune.example;Nord\n", encoding="utf-8-sig")
    assert run("import", "people", str(people), "--admin", "hr@kommune.example", env=env).returncode == 0
    listed = run("user", "list", "--admin", "hr@kommune.example", env=env)
    assert listed.returncode == 0
    assert "anne@kommune.example\tAnne Ansat\temployee\tactive\tno password\tnever signed in" in listed.stdout.splitlines()
    invited = run("user", "invite", "--admin", "hr@kommune.example", "--team", "Nord", env=env)
    assert invited.returncode == 0 and invited.stdout.startswith("1 invitation(s) queued")
    assert run("user", "deactivate", "anne@kommune.example", "--admin", "hr@kommune.example", env=env).returncode == 0
    assert "anne@kommune.example\tAnne Ansat\temployee\tinactive" in run("user", "list", "--admin", "hr@kommune.example", env=env).stdout
    assert run("user", "deactivate", "nobody@kommune.example", "--admin", "hr@kommune.example", env=env).returncode == 2
    workbook_path, archive_path = tmp_path / "alt.xlsx", tmp_path / "alt.zip"
    exported = run("export", "all", "--admin", "hr@kommune.example", "--output", str(workbook_path), env=env)
    assert exported.returncode == 0, exported.stderr
    assert "people" in load_workbook(workbook_path).sheetnames
    assert run("export", "all", "--admin", "hr@kommune.example", "--output", str(archive_path), "--format", "zip",
               env=env).returncode == 0
    assert "people.csv" in zipfile.ZipFile(archive_path).namelist()
    again = run("export", "all", "--admin", "hr@kommune.example", "--output", str(workbook_path), env=env)
    assert again.returncode == 2 and "exists already" in again.stderr


def test_import_people_reads_a_layout_of_its_own_with_a_mapping_file(tmp_path):
    env = with_administrator(tmp_path)
    export = tmp_path / "eget.csv"
    export.write_bytes("Løbenr;Navn1;Navn2;Org\r\n0001;Lis;Leder;Nord\r\n".encode("cp1252"))
    without = run("import", "people", str(export), "--admin", "hr@kommune.example", "--dry-run", env=env)
    assert without.returncode == 1 and "Medarbejdernummer" in without.stderr
    mapping = tmp_path / "kobling.yaml"
    mapping.write_text("columns:\n  employee_number: Løbenr\n  first_name: Navn1\n  last_name: Navn2\n  team: Org\n")
    mapped = run("import", "people", str(export), "--admin", "hr@kommune.example", "--mapping", str(mapping), env=env)
    assert mapped.returncode == 0 and "1 created" in mapped.stdout, mapped.stderr
    mapping.write_text("shoe_size: Sko\n")
    wrong = run("import", "people", str(export), "--admin", "hr@kommune.example", "--mapping", str(mapping), env=env)
    assert wrong.returncode == 2 and "unknown field(s) shoe_size" in wrong.stderr
