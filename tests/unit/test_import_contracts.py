"""The house's import rules, checked on the source: imports point inward, and each layer keeps to its own."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "profiling"


def imports_of(folder: str) -> dict[str, set[str]]:
    """Every module under `folder` (or the one file) with the absolute names it imports."""
    root = PACKAGE / folder
    files = [root] if root.suffix == ".py" else sorted(root.rglob("*.py"))
    found = {}
    for path in files:
        names = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
        found[str(path.relative_to(PACKAGE.parent))] = names
    return found


def offending(folder: str, forbidden: tuple[str, ...], allowed_own: tuple[str, ...] | None = None) -> dict[str, set[str]]:
    bad = {}
    for module, names in imports_of(folder).items():
        wrong = {n for n in names if n.split(".")[0] in forbidden or n in forbidden or any(n.startswith(f + ".") for f in forbidden)}
        if allowed_own is not None:
            wrong |= {n for n in names if n.startswith("profiling") and not n.startswith(allowed_own)}
        if wrong:
            bad[module] = wrong
    return bad


def test_the_domain_imports_nothing_of_ours_but_the_domain_and_no_framework():
    assert offending("domain", ("streamlit", "sqlalchemy", "yaml", "plotly", "alembic"), allowed_own=("profiling.domain",)) == {}


@pytest.mark.parametrize("folder", ["ui", "web.py"])
def test_the_ui_and_the_web_routes_never_reach_into_persistence_or_sqlalchemy(folder):
    assert offending(folder, ("sqlalchemy", "profiling.persistence", "alembic")) == {}


def test_services_never_import_the_ui_or_a_drawing_library():
    assert offending("services", ("streamlit", "plotly", "profiling.ui", "profiling.charts")) == {}


def test_chart_builders_are_pure_functions_of_the_domain():
    assert offending("charts.py", ("streamlit", "sqlalchemy", "profiling.services", "profiling.persistence", "profiling.ui")) == {}


def test_services_never_import_sqlalchemy_nor_reach_past_the_repositories_into_the_session():
    # Services work on the domain's entities; the tables they are mapped onto are persistence's own.
    assert offending("services", ("sqlalchemy", "alembic", "profiling.persistence.tables", "profiling.persistence.repositories")) == {}
    reaching = {
        str(path.relative_to(PACKAGE.parent))
        for path in sorted((PACKAGE / "services").rglob("*.py"))
        if "uow.session" in path.read_text(encoding="utf-8")
    }
    assert reaching == set(), "a query belongs in a repository (profiling/persistence/repositories.py)"


def test_streamlits_own_charts_use_the_one_palette():
    import tomllib

    from profiling import palette

    config = tomllib.loads((PACKAGE.parent / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["theme"]["light"]["chartCategoricalColors"] == palette.SERIES
    assert sorted(config["theme"]["dark"]["chartCategoricalColors"][:7]) == sorted(palette.SERIES[:7])


def _service_functions() -> dict[str, tuple[bool, set[str]]]:
    """Per service function ("module.name"): whether it commits itself, and the service functions it calls."""
    found = {}
    for path in sorted((PACKAGE / "services").glob("*.py")):
        module = path.stem
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if not isinstance(node, ast.FunctionDef):
                continue
            commits, called = False, set()
            for inner in ast.walk(node):
                if not isinstance(inner, ast.Call):
                    continue
                function = inner.func
                commit_call = isinstance(function, ast.Attribute) and function.attr == "commit"
                commits |= commit_call or (isinstance(function, ast.Name) and function.id == "committed")
                if isinstance(function, ast.Attribute) and isinstance(function.value, ast.Name):
                    called.add(f"{function.value.id}.{function.attr}")
            found[f"{module}.{node.name}"] = (commits, called)
    return found


def test_a_use_case_never_calls_another_modules_use_case_that_commits():
    """One commit per use case: a step shared between modules (e.g. people.new_person) leaves committing to
    the use case that calls it, so a failure in a later step leaves nothing half-written."""
    functions = _service_functions()
    nested = {
        name: sorted(c for c in called if functions.get(c, (False, set()))[0] and c.split(".")[0] != name.split(".")[0])
        for name, (_, called) in functions.items()
    }
    assert {name: calls for name, calls in nested.items() if calls} == {}


def _queries() -> dict[str, ast.FunctionDef]:
    """Every declared read ("module.name"): a function decorated with @query, in the services or the reads."""
    found = {}
    for folder in ("services", "reads"):
        for path in sorted((PACKAGE / folder).glob("*.py")):
            for node in ast.parse(path.read_text(encoding="utf-8")).body:
                if isinstance(node, ast.FunctionDef) and any(
                    isinstance(d, ast.Call) and isinstance(d.func, ast.Name) and d.func.id == "query" for d in node.decorator_list
                ):
                    found[f"{folder}/{path.stem}.{node.name}"] = node
    return found


def _writes(node: ast.AST) -> set[str]:
    """The commits and audit records a piece of code makes itself."""
    made = set()
    for inner in ast.walk(node):
        if isinstance(inner, ast.Call):
            function = inner.func
            if isinstance(function, ast.Attribute) and function.attr in ("commit", "flush", "record", "record_reads"):
                made.add(function.attr)
            if isinstance(function, ast.Name) and function.id == "committed":
                made.add("committed")
    return made


def test_a_read_never_commits_nor_writes_its_own_audit_entry():
    """The runner writes what a read declares it audits, in a transaction of its own; the read only reads."""
    queries = _queries()
    assert len(queries) >= 20, sorted(queries)
    assert {name: _writes(node) for name, node in queries.items() if _writes(node)} == {}
    assert sorted(name for name in queries if not name.startswith("reads/")) == []  # every read is on the read side
    # Nothing in the read side commits, but the runner's call of the audit command.
    for path in sorted((PACKAGE / "reads").glob("*.py")):
        if path.stem != "runner":
            assert _writes(ast.parse(path.read_text(encoding="utf-8"))) == set(), path.name


def test_which_scopes_a_change_touches_is_declared_per_table_not_decided_by_entity_classes():
    source = (PACKAGE / "persistence" / "changes.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    calls = {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
    assert "isinstance" not in calls
    assert not [n for n in ast.walk(tree) if isinstance(n, ast.MatchClass)]
    assert not {n for n in imports_of("persistence/changes.py")["profiling/persistence/changes.py"] if n.startswith("profiling.domain")}


def test_every_table_declares_what_a_change_to_it_touches():
    from profiling.persistence import changes, tables

    declared = set(changes.TOUCHES) | set(changes.SHARED_TABLES)
    assert set(tables.Base.metadata.tables) == declared
    assert not set(changes.TOUCHES) & set(changes.SHARED_TABLES)


def _builds_views_without_an_actor(function: object) -> bool:
    """A view builder: turns rows into views (its return mentions a View) without being told who asks, so it
    decides no access - a read or a command that takes the acting user is not one."""
    import inspect
    import typing

    from profiling.reads.views import View

    def mentions_view(hint: object) -> bool:
        return (isinstance(hint, type) and issubclass(hint, View)) or any(mentions_view(a) for a in typing.get_args(hint))

    if not inspect.isfunction(function) or "actor" in inspect.signature(function).parameters:
        return False
    return mentions_view(typing.get_type_hints(function).get("return"))


def _taken_from_other_services() -> dict[str, set[str]]:
    """Per services module, the "module.name"s it takes from the other services modules (imported by name, or
    reached as an attribute of an imported services module)."""
    taken: dict[str, set[str]] = {}
    for path in sorted((PACKAGE / "services").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules, names = {}, set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "profiling.services":
                modules |= {(a.asname or a.name): a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("profiling.services."):
                names |= {f"{node.module.split('.')[2]}.{a.name}" for a in node.names}
        names |= {
            f"{modules[n.value.id]}.{n.attr}"
            for n in ast.walk(tree)
            if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id in modules
        }
        taken[path.stem] = {n for n in names if n.split(".")[0] != path.stem}
    return taken


def test_services_import_no_other_services_view_builders():
    """Views are built on the read side (profiling.reads): a service that needs another subject's view takes its
    builder from there, so services do not stack on each other to reach a view."""
    import importlib

    taken = _taken_from_other_services()
    assert sum(len(names) for names in taken.values()) >= 10  # the check sees the imports it should judge
    builders = {
        module: sorted(
            name for name in names
            if _builds_views_without_an_actor(getattr(importlib.import_module(f"profiling.services.{name.split('.')[0]}"), name.split(".")[1]))
        )
        for module, names in taken.items()
    }
    assert {module: names for module, names in builders.items() if names} == {}


def test_the_view_builder_rule_knows_a_builder_from_a_read_and_a_command():
    from profiling.reads import directory, round_views
    from profiling.services import rounds

    assert _builds_views_without_an_actor(directory.person_views)
    assert _builds_views_without_an_actor(round_views.round_views)
    assert not _builds_views_without_an_actor(round_views.get_round)  # a read: takes the acting user
    assert not _builds_views_without_an_actor(rounds.create_round)  # a command
