"""The questionnaire catalog: YAML files -> validated frameworks and guides, or problems with file:location.

A broken file never stops the others from loading: its problems are collected and the rest of the
catalog is usable. Every problem names the file, the location inside it (`areas[2].competences[0].id`)
and, where the YAML parser knows it, the line.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ValidationError

from profiling.domain.framework import Framework
from profiling.domain.guide import Guide, GuideMode, Question, pairing_problems
from profiling.domain.lawfulness import SubjectList, lawfulness_warnings, subject_list
from profiling.domain.validation import Location

__all__ = [
    "Catalog",
    "CatalogProblem",
    "UnknownFramework",
    "UnknownGuide",
    "content_hash",
    "load_catalog",
    "parse_document",
    "read_document",
    "read_limited",
]

Kind = Literal["framework", "guide"]
MODELS: dict[str, type[Framework | Guide]] = {"framework": Framework, "guide": Guide}
YAML_SUFFIXES = (".yaml", ".yml")

_FRIENDLY_MESSAGES = {
    "extra_forbidden": "unknown key (not allowed here)",
    "missing": "required key is missing",
}


class UnknownFramework(KeyError):
    """No framework with this id is in the catalog."""

    def __str__(self) -> str:
        return f"unknown framework '{self.args[0]}'"


class UnknownGuide(KeyError):
    """No guide with this id is in the catalog."""

    def __str__(self) -> str:
        return f"unknown guide '{self.args[0]}'"


@dataclass(frozen=True)
class CatalogProblem:
    """One problem in one file: where it is and what is wrong."""

    file: str
    location: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f" (line {self.line})" if self.line else ""
        return f"{self.file}: {self.location or '<file>'}: {self.message}{where}"


@dataclass
class Catalog:
    """Every framework and guide that loaded, every problem of those that did not, and warnings."""

    frameworks: dict[str, Framework] = field(default_factory=dict)
    guides: dict[str, Guide] = field(default_factory=dict)
    problems: list[CatalogProblem] = field(default_factory=list)
    warnings: list[CatalogProblem] = field(default_factory=list)

    def framework(self, framework_id: str) -> Framework:
        """The framework with this id; UnknownFramework if it is not loaded."""
        try:
            return self.frameworks[framework_id]
        except KeyError:
            raise UnknownFramework(framework_id) from None

    def guide(self, guide_id: str) -> Guide:
        """The guide with this id; UnknownGuide if it is not loaded."""
        try:
            return self.guides[guide_id]
        except KeyError:
            raise UnknownGuide(guide_id) from None

    def guides_for(self, framework_id: str, mode: GuideMode | None = None) -> list[Guide]:
        """The guides of one framework (optionally of one mode), sorted by id."""
        return sorted(
            (g for g in self.guides.values() if g.framework == framework_id and (mode is None or g.mode is mode)),
            key=lambda g: g.id,
        )

    def questions(self, framework_id: str) -> dict[str, Question]:
        """Every question of every guide of one framework, by question id."""
        return {q.id: q for g in self.guides_for(framework_id) for q in g.questions}


def content_hash(model: BaseModel) -> str:
    """A stable SHA-256 of a model's content, to tell whether a snapshot still matches its file."""
    canonical = json.dumps(model.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


# libyaml's parser where PyYAML has it (the wheels do): the shipped questionnaires load in a third of the time.
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_SafeLoader):  # type: ignore[valid-type,misc]
    """A safe YAML loader that refuses duplicate keys instead of silently keeping the last."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    "while reading a mapping", node.start_mark, f"found duplicate key '{key}'", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _node_at(root: yaml.Node | None, location: Location) -> yaml.Node | None:
    """The YAML node at a pydantic location, or the deepest node on the way there."""
    node = root
    for part in location:
        if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
        elif isinstance(node, yaml.MappingNode):
            child = next((v for k, v in node.value if str(k.value) == str(part)), None)
            if child is None:
                key = next((k for k, _ in node.value if str(k.value) == str(part)), None)
                return key or node
            node = child
        else:
            return node
    return node


def _format_location(location: Location, data: Any) -> str:
    """A location as the user reads it: list items as [i], mapping keys as .key."""
    text = ""
    for part in location:
        if isinstance(data, list) and isinstance(part, int):
            text += f"[{part}]"
            data = data[part] if 0 <= part < len(data) else None
        else:
            text += ("." if text else "") + str(part)
            if isinstance(data, dict):
                data = next((v for k, v in data.items() if str(k) == str(part)), None)
            else:
                data = None
    return text


def _clean_location(location: Sequence[str | int]) -> Location:
    # Pydantic marks a bad mapping key with a trailing '[key]'; the key itself is the location.
    return tuple(part for part in location if part != "[key]")


# Limits that keep a hostile or broken file from exhausting memory or the stack: a questionnaire is a few
# hundred kilobytes with a nesting depth around ten.
MAX_FILE_BYTES = 2_000_000
MAX_DEPTH = 40
MAX_NODES = 200_000  # after aliases are expanded: a "billion laughs" file is refused before it is built


class InputTooLarge(ValueError):
    """A file larger than the limit given."""


def read_limited(path: Path, limit: int) -> str:
    """A text file's content, refused (InputTooLarge) beyond `limit` bytes without reading more.

    Reads at most `limit` + 1 bytes, so a device or an endless stream costs no more than that.
    OSError and UnicodeDecodeError pass through for the caller to word.
    """
    with path.open("rb") as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise InputTooLarge(f"larger than {limit // 1_000_000} MB")
    return data.decode("utf-8")


def _shape_problem(root: yaml.Node) -> str | None:
    """Why a composed document is too deep or would expand too far (aliases counted in full), or None."""
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, children_done = stack.pop()
        if depth > MAX_DEPTH:
            return f"nested more than {MAX_DEPTH} levels deep"
        if id(node) in sizes:
            continue
        children: list[yaml.Node] = []
        if isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        elif isinstance(node, yaml.MappingNode):
            children = [part for pair in node.value for part in pair]
        if children_done or not children:
            sizes[id(node)] = 1 + sum(sizes[id(c)] for c in children)
            if sizes[id(node)] > MAX_NODES:
                return f"more than {MAX_NODES:,} values once aliases are expanded"
            continue
        stack.append((node, depth, True))
        stack.extend((child, depth + 1, False) for child in children if id(child) not in sizes)
    return None


@dataclass
class Document:
    """One YAML file parsed once: its kind, its data and its node tree (for the lines of problems)."""

    kind: Kind | None
    data: Any
    root: yaml.Node | None
    problems: list[CatalogProblem]


def parse_document(path: Path, text: str | None = None) -> Document:
    """Parse one YAML file into kind, data and nodes, or problems; `text` overrides reading the file."""
    name = str(path)

    def refused(message: str, location: str = "", line: int | None = None) -> Document:
        return Document(None, None, None, [CatalogProblem(name, location, message, line)])

    try:
        text = read_limited(path, MAX_FILE_BYTES) if text is None else text
    except InputTooLarge as error:
        return refused(f"cannot read the file: {error}")
    except (OSError, UnicodeDecodeError) as error:
        return refused(f"cannot read the file: {error}")
    loader = _StrictLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return refused("expected a mapping with 'kind: framework' or 'kind: guide'")
        if (shape := _shape_problem(root)) is not None:
            return refused(f"not accepted: {shape}")
        data = loader.construct_document(root)
    except RecursionError:
        return refused(f"not accepted: nested more than {MAX_DEPTH} levels deep")
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        if "nesting depth" in problem:  # libyaml's own limit (1,000 levels), met before ours
            return refused(f"not accepted: nested more than {MAX_DEPTH} levels deep")
        return refused(f"not valid YAML: {problem}", line=mark.line + 1 if mark else None)
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        return refused("expected a mapping with 'kind: framework' or 'kind: guide'")
    kind = data.get("kind")
    if kind not in MODELS:
        message = "required key is missing" if kind is None else f"must be 'framework' or 'guide', not '{kind}'"
        return refused(message, "kind", 1)
    return Document(kind, {k: v for k, v in data.items() if k != "kind"}, root, [])


def read_document(path: Path, text: str | None = None) -> tuple[Kind | None, Any, list[CatalogProblem]]:
    """Parse one YAML file into (kind, data) or problems; `text` overrides reading the file."""
    document = parse_document(path, text)
    return document.kind, document.data, document.problems


def _located(path: Path, root: yaml.Node | None, data: Any, location: Location, message: str) -> CatalogProblem:
    """A problem or warning at a location, with the line of its YAML node."""
    node = _node_at(root, location) if root is not None else None
    line = node.start_mark.line + 1 if node is not None else None
    return CatalogProblem(str(path), _format_location(location, data), message, line)


@dataclass
class _Loaded:
    path: Path
    kind: Kind
    root: yaml.Node | None
    data: Any
    model: Framework | Guide


class _Loader:
    def __init__(self) -> None:
        self.catalog = Catalog()
        self.loaded: list[_Loaded] = []

    def problem(self, path: Path, root: yaml.Node | None, data: Any, location: Location, message: str) -> None:
        self.catalog.problems.append(_located(path, root, data, location, message))

    def warn(self, path: Path, root: yaml.Node | None, data: Any, location: Location, message: str) -> None:
        self.catalog.warnings.append(_located(path, root, data, location, message))

    def read(self, path: Path) -> None:
        document = parse_document(path)
        if document.problems:
            self.catalog.problems.extend(document.problems)
            return
        assert document.kind is not None
        try:
            model = MODELS[document.kind].model_validate(document.data)
        except ValidationError as error:
            for detail in error.errors():
                message = _FRIENDLY_MESSAGES.get(detail["type"], detail["msg"])
                self.problem(path, document.root, document.data, _clean_location(detail["loc"]), message)
            return
        self.loaded.append(_Loaded(path, document.kind, document.root, document.data, model))

    def resolve(self, known_frameworks: dict[str, Framework]) -> Catalog:
        frameworks: dict[str, Framework] = dict(known_frameworks)
        for item in (i for i in self.loaded if i.kind == "framework"):
            assert isinstance(item.model, Framework)
            if item.model.id in self.catalog.frameworks:
                self.problem(item.path, item.root, item.data, ("id",), f"framework '{item.model.id}' is defined twice")
                continue
            self.catalog.frameworks[item.model.id] = frameworks[item.model.id] = item.model
        question_owner: dict[tuple[str, str], str] = {}
        for item in (i for i in self.loaded if i.kind == "guide"):
            guide = item.model
            assert isinstance(guide, Guide)
            framework = frameworks.get(guide.framework)
            if framework is None:
                self.problem(item.path, item.root, item.data, ("framework",), f"unknown framework '{guide.framework}'")
                continue
            problems = guide.problems_against(framework)
            if guide.id in self.catalog.guides:
                problems.append((("id",), f"guide '{guide.id}' is defined twice"))
            for i, question in enumerate(guide.questions):
                owner = question_owner.get((guide.framework, question.id))
                if owner is not None:
                    problems.append((("questions", i, "id"), f"question id '{question.id}' is also used in guide '{owner}'"))
            if guide.mode is GuideMode.SELF_ASSESSMENT:
                development = [
                    i.model for i in self.loaded
                    if isinstance(i.model, Guide) and i.model.framework == guide.framework and i.model.mode is GuideMode.DEVELOPMENT
                ]
                if development:  # validated on its own, a self-assessment's partner guide is not at hand
                    problems += pairing_problems(guide, development)
            for location, message in problems:
                self.problem(item.path, item.root, item.data, location, message)
            for location, message in lawfulness_warnings(guide, sensitive_subjects()):
                self.warn(item.path, item.root, item.data, location, message)
            if not problems:
                self.catalog.guides[guide.id] = guide
                for question in guide.questions:
                    question_owner[(guide.framework, question.id)] = guide.id
        return self.catalog


SENSITIVE_SUBJECTS = Path(__file__).parent / "data" / "sensitive-subjects.yaml"


@lru_cache(maxsize=1)
@cache
def sensitive_subjects() -> SubjectList:
    """The protected and sensitive subjects guides are checked against (profiling/data/sensitive-subjects.yaml)."""
    return subject_list(yaml.safe_load(SENSITIVE_SUBJECTS.read_text(encoding="utf-8")))


def yaml_files(paths: Iterable[Path]) -> list[Path]:
    """Every YAML file named or found below the given paths, sorted; frameworks before guides."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(p for p in path.rglob("*") if p.suffix in YAML_SUFFIXES and p.is_file())
        else:
            files.append(path)
    return sorted(set(files))


def load_catalog(paths: Iterable[Path], reference_frameworks: Iterable[Framework] = ()) -> Catalog:
    """Load every framework and guide below `paths`.

    Guides may refer to frameworks among `paths` or among `reference_frameworks` (used when a single
    guide file is validated on its own).
    """
    loader = _Loader()
    for path in yaml_files(paths):
        if not path.exists():
            loader.catalog.problems.append(CatalogProblem(str(path), "", "no such file or folder"))
            continue
        loader.read(path)
    return loader.resolve({f.id: f for f in reference_frameworks})
