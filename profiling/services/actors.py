"""Who is acting (kept here for the services' imports; the definitions live in the domain)."""

from profiling.domain.actors import Actor, Role

__all__ = ["Actor", "Role"]
