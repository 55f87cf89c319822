"""Passwords: argon2id hashes, and a strength check that knows Danish password words and the person's own name."""

from __future__ import annotations

import secrets
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn

from profiling.services.errors import InvalidInput

PASSWORD_MIN = 12
# Words a Danish municipal user is likely to build a password on; zxcvbn knows English words, names and
# keyboard patterns, these add what it does not (it also gets the user's own name and e-mail).
DANISH_PASSWORD_WORDS = (
    "velkommen", "kodeord", "adgangskode", "password", "sommer", "vinter", "foraar", "efteraar", "januar",
    "december", "kommune", "borgerservice", "borger", "profilsamtale", "profil", "samtale", "eksempelby", "demo",
    "danmark", "dansk", "kobenhavn", "koebenhavn", "aarhus", "odense", "aalborg", "tonder", "hejmeddig", "hejsa",
    "kaerlighed", "elskerdig", "fodbold", "sommerfugl", "hest", "hund", "kat", "mormor", "farfar", "medarbejder",
    "leder", "admin", "administrator", "rekruttering", "hemmelig", "hemmeligt", "skole", "julemand", "jul",
    "paaske", "rodgrod", "flode", "hygge", "mandag", "fredag", "weekend",
)
PASSWORD_MIN_SCORE = 3  # zxcvbn 0-4: 3 is "safely unguessable" (about 10^8 guesses and more)
_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters


def check_password(password: str, email: str = "", name: str = "") -> None:
    """InvalidInput (field 'password') unless the password is long enough and hard to guess.

    Strength is estimated with zxcvbn (dictionaries, names, keyboard patterns, repeats, dates), given
    Danish password words and the person's own name and e-mail.
    """
    if len(password) < PASSWORD_MIN:
        raise InvalidInput("password", "error.password_short", min=PASSWORD_MIN)
    personal = [email, email.split("@")[0], *email.split("@")[0].replace(".", " ").split(), *name.split()]
    estimate = zxcvbn(password[:100], user_inputs=[*DANISH_PASSWORD_WORDS, *(p for p in personal if p)])
    if estimate["score"] < PASSWORD_MIN_SCORE:
        raise InvalidInput("password", "error.password_common")


def hash_password(password: str) -> str:
    """An argon2id hash of the password."""
    return _hasher.hash(password)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return _hasher.hash(secrets.token_urlsafe(16))


def verify(password_hash: str | None, password: str) -> bool:
    """Check a password; without a hash, the same argon2 work against a dummy, so timing tells nothing."""
    try:
        return _hasher.verify(password_hash or _dummy_hash(), password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Whether a stored hash was made with weaker parameters than today's (rehash at the next sign-in)."""
    return _hasher.check_needs_rehash(password_hash)
