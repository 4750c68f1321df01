"""Scores and results that both products share: a score is a float 0-100 or None (nothing to score),
and every result is a frozen dataclass that turns into JSON-ready dicts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import fields, is_dataclass
from typing import Any


def to_plain(value: Any) -> Any:
    """Dataclasses, mappings and sequences as JSON-ready dicts and lists; keys become strings."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, Mapping):
        return {str(key): to_plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [to_plain(item) for item in value]
    return value


class ResultBase:
    def to_dict(self) -> dict[str, Any]:
        return to_plain(self)


Score = float | None


def mean(values: Iterable[Score]) -> Score:
    """The plain mean skipping None: the same float as ``weighted_mean`` with every weight 1.0
    (``value * 1.0`` is ``float(value)``, and n ones add up to exactly ``n``), in one cheap pass."""
    kept = [value for value in values if value is not None]
    if not kept:
        return None
    return clamp_to_inputs(sum([float(value) for value in kept]) / len(kept), kept)


def clamp_to_inputs(result: float, values: list) -> float:
    """The mean of ``values`` kept between their lowest and highest."""
    # Float rounding may push a mean a hair outside its inputs (100.00000000000001); clamp it back.
    lowest, highest = min(values), max(values)
    return highest if result > highest else lowest if result < lowest else result
