"""A read: builds what a page shows, and declares once which data it depends on and which reads it audits.

    @query(depends_on=[person("person_id")], audits=lambda result, a: [Audited("result.read", a["person_id"])])
    def person_result(actor, uow, person_id, context_key=None) -> ResultView: ...

A read built for one user is kept for that user's sessions. One declared `same_for_roles=...` - whose view, and
whether it is allowed at all, depend on nothing of an actor of those roles but the role (the accounts and the
settings for everyone, every team for an administrator) - is built once for everyone of such a role
(tests/integration/test_access_matrix.py holds every such declaration to it: two actors of one such role get the
same view or the same refusal).

A read never commits. Whoever runs it (`profiling.reads.runner.run`, or the UI's `runtime.read`, which keeps
the result for the browser session) asks the declaration for the change marks to compare (`scopes`) and
for the audit entries to write (`audited`), and writes those in a short transaction of their own.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Concatenate, Generic, Literal, ParamSpec, TypeVar

from profiling.persistence.changes import EVERYTHING, SHARED, person_scope, record_scope, round_scope, team_scope
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.services.actors import Actor, Role

P = ParamSpec("P")
EVERY_ROLE = frozenset(Role)  # a read whose view depends on nothing of any actor but the role
Model = TypeVar("Model")
Arguments = Mapping[str, Any]


@dataclass(frozen=True)
class Depends:
    """One thing a read depends on: the person, team, round, scorecard or theme day named by an argument, a
    list (any person's row, any round, the outbox), every row, or only the shared data (users' names, teams,
    target profiles, settings) that every read depends on anyway."""

    kind: Literal["person", "record", "team", "round", "scorecard", "theme_day", "list", "everything", "shared"]
    argument: str | None = None

    def scopes(self, uow: UnitOfWork, arguments: Arguments) -> set[str]:
        value = arguments.get(self.argument) if self.argument else None
        match self.kind:
            case "everything":
                return {EVERYTHING}
            case "shared":
                return set()
            case "list":  # the argument is the list's scope itself
                return {self.argument or EVERYTHING}
            case "round":
                return {round_scope(value)} if value is not None else {EVERYTHING}
            case "team":
                if value is None:
                    return {EVERYTHING}
                return {team_scope(t) for t in (value if isinstance(value, list | tuple | set | frozenset) else [value])}
            case "person":
                if value is None:
                    return {EVERYTHING}
                row = uow.people.get(value)  # a profile compares with the person's team
                return {person_scope(value)} | ({team_scope(row.team_id)} if row is not None and row.team_id else set())
            case "record":
                return {record_scope(value)} if value is not None else {EVERYTHING}
            case "scorecard":  # its person's data, and its round's
                card = uow.interviews.get(value) if value is not None else None
                if card is None:
                    return {EVERYTHING}
                return {person_scope(card.person_id)} | ({round_scope(card.round_id)} if card.round_id else set())
            case "theme_day":  # its team's data
                day = uow.theme_days.get(value) if value is not None else None
                return {team_scope(day.team_id)} if day is not None else {EVERYTHING}
        raise ValueError(self.kind)


def person(argument: str = "person_id") -> Depends:
    """The person named by `argument`: their scorecards, plans, and their team's data."""
    return Depends("person", argument)


def record(argument: str = "person_id") -> Depends:
    """The person's record: what `person` covers, less the ratings of a conversation still being held (a draft)
    and less their team's data."""
    return Depends("record", argument)


def team(argument: str = "team_id") -> Depends:
    """The team (or list of teams) named by `argument`; None: every team."""
    return Depends("team", argument)


def round_(argument: str = "round_id") -> Depends:
    """The round named by `argument`: its panel, candidates and scorecards."""
    return Depends("round", argument)


EVERY_ROW = Depends("everything")
PEOPLE_ROWS = Depends("list", "people")  # any person's own row: name, team, kind, employee number
ROUND_ROWS = Depends("list", "rounds")  # any round, its panel and its candidates
MAIL = Depends("list", "mail")  # the outbox
ACCOUNTS = Depends("list", "accounts")  # any change to a user account, its sign-in bookkeeping included
SHARED_ONLY = Depends("shared")


@dataclass(frozen=True)
class Audited:
    """A read to write to the audit log: what was read, about whom (ids only, never a name or a note)."""

    action: str
    person_id: int | None = None
    subject: str = ""


@dataclass(frozen=True)
class Query(Generic[P, Model]):
    """A declared read; calling it builds the view (in the caller's unit of work, without auditing)."""

    build: Callable[Concatenate[Actor, UnitOfWork, P], Model]
    depends_on: tuple[Depends, ...]
    audits: Callable[[Model, Arguments], Iterable[Audited]] | None = None
    name: str = field(default="")
    same_for_roles: frozenset[Role] = frozenset()  # for these roles, the view and its check depend on the role alone

    def holder(self, actor: Actor) -> Hashable:
        """To whom a view of this read built for `actor` may be handed: the actor themself, or everyone of their
        role (a role of `same_for_roles`)."""
        return role_of(actor) if actor.role in self.same_for_roles else actor

    def __call__(self, actor: Actor, uow: UnitOfWork, *args: P.args, **kwargs: P.kwargs) -> Model:
        return self.build(actor, uow, *args, **kwargs)

    @functools.cached_property
    def _signature(self) -> inspect.Signature:
        return inspect.signature(self.build)

    def arguments(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """The call's arguments by name (defaults applied), without the actor and the unit of work."""
        bound = self._signature.bind(None, None, *args, **kwargs)
        bound.apply_defaults()
        return dict(list(bound.arguments.items())[2:])

    def scopes(self, uow: UnitOfWork, arguments: Arguments, known: dict[Hashable, set[str]] | None = None) -> set[str]:
        """The change-mark scopes whose marks tell whether this read's data changed (always the shared one).

        `known`: what each dependency resolved to before (a person's team, a scorecard's round), reused and
        added to - the UI keeps it for one script run, so several reads of one person look their team up once.
        """
        known = {} if known is None else known
        found = {SHARED}
        for dependency in self.depends_on:
            key = (dependency, cache_key({"value": arguments.get(dependency.argument) if dependency.argument else None}))
            if key not in known:
                known[key] = dependency.scopes(uow, arguments)
            found |= known[key]
        return found

    def audited(self, model: Model, arguments: Arguments) -> list[Audited]:
        """The audit entries this read of `model` asks for."""
        return list(self.audits(model, arguments)) if self.audits else []


def role_of(actor: Actor) -> Hashable:
    """Everyone of the actor's role, as the holder of what is built the same for all of them (never equal to an
    actor)."""
    return ("role", actor.role)


def query(
    *, depends_on: Iterable[Depends], audits: Callable[[Any, Arguments], Iterable[Audited]] | None = None,
    same_for_roles: Iterable[Role] = (),
) -> Callable[[Callable[Concatenate[Actor, UnitOfWork, P], Model]], Query[P, Model]]:
    """Declare a read: the data it depends on, the audit entries a run of it writes, and the roles for which its
    view is the same for everyone of the role (then built once for them all)."""

    def declare(build: Callable[Concatenate[Actor, UnitOfWork, P], Model]) -> Query[P, Model]:
        name = f"{build.__module__}.{build.__qualname__}"
        return Query(build, tuple(depends_on), audits, name, frozenset(same_for_roles))

    return declare


def cache_key(arguments: Arguments) -> Hashable:
    """The arguments as a hashable key (lists as tuples; an object without a value, e.g. the catalog, by identity)."""

    def frozen(value: object) -> Hashable:
        if isinstance(value, list | tuple | set | frozenset):
            return tuple(frozen(v) for v in (sorted(value) if isinstance(value, set | frozenset) else value))
        if isinstance(value, Hashable) and type(value).__hash__ is not object.__hash__:
            return value
        return ("id", id(value))

    return tuple(sorted((name, frozen(value)) for name, value in arguments.items()))
