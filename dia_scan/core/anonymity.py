"""The anonymity rule, in one place: no group with fewer than k participants is shown on its own.

k is chosen per round (default 5), never below 3 (below that, one person could be recognised from the
answers of a group of two) and at most 100. The scoring applies :func:`effective_k` to whatever k a
round stored, so an old or hand-edited value can never show a smaller group.
"""

from __future__ import annotations

from dia_scan.core.errors import ServiceError

MIN_K = 3
DEFAULT_K = 5
MAX_K = 100


def check_k(value: object) -> int:
    """A k a facilitator typed: a whole number from MIN_K to MAX_K, or a Dutch message what is wrong."""
    try:
        k = int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        raise ServiceError(
            f"De anonimiteitsgrens moet een heel getal zijn, bijvoorbeeld {DEFAULT_K}."
        ) from None
    if k < MIN_K:
        raise ServiceError(f"De anonimiteitsgrens moet minstens {MIN_K} zijn.")
    if k > MAX_K:
        raise ServiceError(f"De anonimiteitsgrens mag hoogstens {MAX_K} zijn.")
    return k


def effective_k(k: int) -> int:
    """The k the scoring uses: never below MIN_K."""
    return max(int(k), MIN_K)
