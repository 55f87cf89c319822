"""Demo data as a use case: who may load the fictitious municipality, and its documented accounts.

The data itself is in profiling.demo (made up, every name)."""

from __future__ import annotations

from pydantic import BaseModel

from profiling.catalog import Catalog
from profiling.demo.builder import DemoSummary
from profiling.demo.municipality import DEMO_PASSWORD, DEMO_SETTING, build_demo
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.reads.directory import is_empty
from profiling.services import access
from profiling.services.accounts import first_start_open
from profiling.services.actors import Actor, Role
from profiling.services.errors import AccessDenied, NotAllowedNow

__all__ = ["DEMO_PASSWORD", "DemoAccount", "DemoSummary", "build_demo", "demo_accounts", "load_demo"]


class DemoAccount(BaseModel):
    """A demo account shown on the sign-in screen."""

    email: str
    name: str
    role: Role


def demo_accounts(uow: UnitOfWork) -> list[DemoAccount]:
    """The documented demo accounts, one per role, if the demo is loaded; else an empty list."""
    value = uow.settings.value(DEMO_SETTING)
    if value is None:
        return []
    return [DemoAccount.model_validate(a) for a in value.get("accounts", [])]


def load_demo(actor: Actor | None, uow: UnitOfWork, catalog: Catalog) -> DemoSummary:
    """The fictitious demo municipality, into an empty database only: loaded by an administrator, or
    by anyone at the first start (no user and no person yet - the moment anyone may create the first
    administrator). The command line (`profiling demo`) is the operator's and calls `build_demo`."""
    if actor is None:
        if not first_start_open(uow):
            raise AccessDenied("the demo is loaded by an administrator once the database has users")
    else:
        access.require_admin(actor)
    if not is_empty(uow):
        raise NotAllowedNow("error.demo_not_empty")
    return build_demo(uow, catalog)
