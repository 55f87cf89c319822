"""Passwords: argon2id hashes, and a strength check that knows Danish password words and the person's own name."""

from __future__ import annotations

import secrets
from functools import lru_cache

from argon2 import Parameters, PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from argon2.profiles import RFC_9106_LOW_MEMORY
from zxcvbn import zxcvbn

from profiling.services.errors import InvalidInput
from profiling.settings import Settings

PASSWORD_MIN = 12
PASSWORD_MAX = 1024  # argon2 takes any length; a longer "password" is a paste gone wrong
ESTIMATED_LENGTH = 72  # zxcvbn refuses to estimate longer passwords; the first 72 characters carry the guess
# Words a Danish municipal user is likely to build a password on; zxcvbn knows English words, names and
# keyboard patterns, these add what it does not (it also gets the user's own name and e-mail).
DANISH_PASSWORD_WORDS = (
    "velkommen", "kodeord", "adgangskode", "password", "sommer", "vinter", "foraar", "efteraar", "januar",
    "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november",
    "december", "kommune", "kommunen", "borgerservice", "borger", "profilsamtale", "profil", "samtale", "eksempelby",
    "demo", "danmark", "dansk", "hejmeddig", "hejsa", "kaerlighed", "elskerdig", "fodbold", "sommerfugl", "hest",
    "hund", "kat", "mormor", "farfar", "medarbejder", "leder", "admin", "administrator", "rekruttering", "hemmelig",
    "hemmeligt", "skole", "julemand", "jul", "paaske", "rodgrod", "flode", "hygge", "mandag", "tirsdag", "onsdag",
    "torsdag", "fredag", "lordag", "sondag", "weekend", "region", "rådhus", "raadhus", "forvaltning", "jobcenter",
    "velfaerd", "sundhed", "skat", "mitid", "nemid", "borger", "kontor", "arbejde", "job", "test",
)
# The 98 Danish municipalities (and the words they are made of): a password is often the employer's name.
MUNICIPALITIES = (
    "albertslund", "allerod", "assens", "ballerup", "billund", "bornholm", "brondby", "bronderslev", "dragor",
    "egedal", "esbjerg", "fano", "favrskov", "faxe", "fredensborg", "fredericia", "frederiksberg", "frederikshavn",
    "frederikssund", "furesø", "fureso", "faaborg", "midtfyn", "gentofte", "gladsaxe", "glostrup", "greve", "gribskov",
    "guldborgsund", "haderslev", "halsnaes", "hedensted", "helsingor", "herlev", "herning", "hillerod", "hjorring",
    "holbaek", "holstebro", "horsens", "hvidovre", "hoje", "taastrup", "horsholm", "ikast", "brande", "ishoj",
    "jammerbugt", "kalundborg", "kerteminde", "kolding", "kobenhavn", "koebenhavn", "koge", "langeland", "lejre",
    "lemvig", "lolland", "lyngby", "taarbaek", "laeso", "mariagerfjord", "middelfart", "morso", "norddjurs",
    "nordfyn", "nyborg", "naestved", "odder", "odense", "odsherred", "randers", "rebild", "ringkobing", "skjern",
    "ringsted", "roskilde", "rudersdal", "rodovre", "samso", "silkeborg", "skanderborg", "skive", "slagelse",
    "solrod", "soro", "stevns", "struer", "svendborg", "syddjurs", "sonderborg", "thisted", "tonder", "tarnby",
    "vallensbaek", "varde", "vejen", "vejle", "vesthimmerland", "viborg", "vordingborg", "aero", "aabenraa",
    "aalborg", "aarhus", "arhus",
)
PASSWORD_MIN_SCORE = 3  # zxcvbn 0-4: 3 is "safely unguessable" (about 10^8 guesses and more)
# The cost of a password's argon2id hash (PROFILING_PASSWORD_HASHING). "owasp" is OWASP's Password Storage Cheat
# Sheet's recommended minimum (19 MiB, 2 passes, 1 lane): about 20 ms of one core, so fifty people signing in at
# nine o'clock take a second of a 2-core server's CPU. "rfc9106" is RFC 9106's second recommendation and
# argon2-cffi's default (64 MiB, 3 passes, 4 lanes): about six times the CPU, on every core at once. The sign-in's
# lock after five failures bounds guessing online; the cost matters to a stolen copy of the database.
HASHING: dict[str, Parameters] = {
    "owasp": Parameters(type=Type.ID, version=19, salt_len=16, hash_len=32, time_cost=2, memory_cost=19 * 1024, parallelism=1),
    "rfc9106": RFC_9106_LOW_MEMORY,
}
_DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "aa", "é": "e", "ü": "u", "ä": "ae", "ö": "o"})


def _letters(text: str) -> str:
    """The letters of a text, lower case, Danish letters spelled out (as people type them on an English keyboard)."""
    return "".join(c for c in text.lower().translate(_DANISH_LETTERS) if c.isalpha())


def _made_of(letters: str, words: frozenset[str]) -> bool:
    """Whether `letters` is nothing but known words run together ("sommer", "adaandersen", "kommune")."""
    if not letters:
        return True
    reachable = [True] + [False] * len(letters)
    for end in range(1, len(letters) + 1):
        reachable[end] = any(reachable[start] and letters[start:end] in words for start in range(max(0, end - 20), end))
    return reachable[-1]


def check_password(password: str, email: str = "", name: str = "") -> None:
    """InvalidInput (field 'password') unless the password is long enough and hard to guess.

    Refused: a password that is only the person's own name, Danish password words, a municipality, a season
    or a month, with digits and signs around them ("Ada Andersen1", "Sommer2025!!", "Kommune12345!"); then
    strength is estimated with zxcvbn (dictionaries, names, keyboard patterns, repeats, dates) given those
    words and the person's own name and e-mail.
    """
    if len(password) < PASSWORD_MIN:
        raise InvalidInput("password", "error.password_short", min=PASSWORD_MIN)
    if len(password) > PASSWORD_MAX:
        raise InvalidInput("password", "error.password_long", max=PASSWORD_MAX)
    local = email.split("@")[0]
    personal = [email, local, *local.replace(".", " ").replace("_", " ").replace("-", " ").split(), *name.replace("-", " ").split()]
    words = frozenset(_letters(w) for w in (*DANISH_PASSWORD_WORDS, *MUNICIPALITIES, *personal) if len(_letters(w)) >= 2)
    if _made_of(_letters(password), words):
        raise InvalidInput("password", "error.password_common")
    hints = [*DANISH_PASSWORD_WORDS, *MUNICIPALITIES, *(p for p in personal if p)]
    for candidate in {password[:ESTIMATED_LENGTH], password.lower().translate(_DANISH_LETTERS)[:ESTIMATED_LENGTH]}:
        if zxcvbn(candidate, user_inputs=hints)["score"] < PASSWORD_MIN_SCORE:
            raise InvalidInput("password", "error.password_common")


@lru_cache(maxsize=1)
def hasher() -> PasswordHasher:
    """The process's password hasher, with the configured cost (read once: restart after changing it)."""
    return PasswordHasher.from_parameters(HASHING[Settings().password_hashing])


def hash_password(password: str) -> str:
    """An argon2id hash of the password."""
    return hasher().hash(password)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return hasher().hash(secrets.token_urlsafe(16))


def verify(password_hash: str | None, password: str) -> bool:
    """Check a password (a hash's own parameters decide its cost); without a hash, the same argon2 work against a
    dummy, so timing tells nothing."""
    try:
        return hasher().verify(password_hash or _dummy_hash(), password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Whether a stored hash was made with other parameters than the configured ones (rehashed at the next sign-in:
    a changed setting reaches every password as its owner signs in)."""
    return hasher().check_needs_rehash(password_hash)
