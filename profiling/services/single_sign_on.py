"""Single sign-on: the actor for an identity confirmed by the municipality's OpenID Connect provider."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from profiling.persistence.unit_of_work import UnitOfWork
from profiling.services import accounts, audit
from profiling.services.actors import Actor, Role
from profiling.services.system import actor_of


def resolve_single_sign_on(uow: UnitOfWork, claims: Mapping[str, Any], role_claim: str = "roles") -> Actor | None:
    """The actor for an identity from the OpenID Connect provider, or None for an unknown e-mail.

    The e-mail (or preferred_username / upn) must belong to an active user; an unknown e-mail never
    gets an account. Roles come from the provider's app-role claim when it names one of ours
    (Profilsamtale.Admin, .Manager, .Recruiter, .Employee - the highest wins), else from the database.
    """
    email = next((str(claims[k]) for k in ("email", "preferred_username", "upn") if claims.get(k)), None)
    if not email:
        return None
    user = uow.users.by_email(email)
    if user is None or not user.active:
        return None
    claimed = claims.get(role_claim) or []
    if isinstance(claimed, str):
        claimed = [claimed]
    mapped = [role for role in Role if f"profilsamtale.{role.value}".lower() in {str(c).lower() for c in claimed}]
    if mapped:
        strongest = min(mapped, key=list(Role).index)  # Role lists the strongest first
        if user.role != strongest:
            demoted_admin = user.role == Role.ADMIN
            if demoted_admin:
                accounts.lock_administrators(uow)
            user.role = strongest
            if demoted_admin:
                uow.flush()
                if not accounts.has_active_administrator(uow):  # the provider never removes the last administrator
                    uow.rollback()
                    user = uow.users.get(user.id)
                    assert user is not None
                    return actor_of(user)
            audit.record(uow, None, "user.role_from_provider", subject=f"user:{user.id}", role=strongest.value)
    uow.commit()
    return actor_of(user)
