"""Errors of the domain that any layer may raise or catch."""

from __future__ import annotations


class ConcurrentEdit(Exception):
    """Someone else changed or created the same thing at the same moment; nothing of this change was kept."""
