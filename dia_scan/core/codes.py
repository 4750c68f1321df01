"""Join codes, beheercodes and resume codes: generation, normalisation and hashing.

- Join codes (8 characters) are meant to be read off a projector and typed on a phone, so the
  alphabet has no look-alikes (no 0/O, 1/I/L).
- Beheercodes and resume codes carry at least 60 bits of randomness. Beheercodes are stored with a
  slow salted hash (scrypt) and compared in constant time. Resume codes are looked up by their
  SHA-256 (they are random enough that a fast hash does not help a guesser).
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 8
SECRET_CODE_LENGTH = 14  # 14 * log2(31) ≈ 69 bits

_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**14, 8, 1


def random_code(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def seeded_join_code(rng, exists) -> str:
    """A join code drawn from a seeded random generator (demo and benchmark content), unused so far."""
    while True:
        code = "".join(rng.choice(ALPHABET) for _ in range(JOIN_CODE_LENGTH))
        if not exists(code):
            return code


def bits_of(length: int) -> float:
    return length * math.log2(len(ALPHABET))


def new_join_code() -> str:
    return random_code(JOIN_CODE_LENGTH)


def new_secret_code() -> str:
    """A beheercode or resume code, shown in groups of four for readability."""
    return grouped(random_code(SECRET_CODE_LENGTH))


def grouped(code: str) -> str:
    """A typed secret code as it is shown: ABCD-EFGH-JKMN-PQ."""
    raw = normalise(code)
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def normalise(code: str | None) -> str:
    """Upper case, without spaces, dashes or anything else that is not a letter or digit."""
    if not code:
        return ""
    return "".join(ch for ch in str(code)[:200].upper() if ch.isascii() and ch.isalnum())


def looks_like_join_code(code: str) -> bool:
    code = normalise(code)
    return len(code) == JOIN_CODE_LENGTH and all(ch in ALPHABET for ch in code)


def hash_secret(code: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(
        normalise(code).encode(), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P, dklen=32
    )
    return f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${salt.hex()}${digest.hex()}"


def verify_secret(code: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt_hex, digest_hex = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    candidate = hashlib.scrypt(
        normalise(code).encode(), salt=bytes.fromhex(salt_hex), n=int(n), r=int(r), p=int(p), dklen=32
    )
    return hmac.compare_digest(candidate.hex(), digest_hex)


def token_hash(code: str) -> str:
    return hashlib.sha256(("dia-scan-resume:" + normalise(code)).encode()).hexdigest()
