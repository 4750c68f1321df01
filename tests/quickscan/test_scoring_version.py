"""The score cache keys on ``scoring.SCORING_VERSION``: a change of the scoring code must be a decision.

When this test fails, the code that computes a round's scores changed. If what any round scores changed
(a rule, a rounding, a threshold), raise ``SCORING_VERSION`` in dia_scan/quickscan/scoring.py, so cached
comparison scores are made again. Then record the new fingerprint below under that version. A change that
only tidies the code keeps the version and records the new fingerprint under it.
"""

from __future__ import annotations

import ast
import hashlib
from pathlib import Path

from dia_scan.quickscan import scoring

ROOT = Path(__file__).resolve().parents[2]
SCORING_CODE = [
    "dia_scan/quickscan/scoring.py",
    "dia_scan/quickscan/result_types.py",
    "dia_scan/core/scores.py",
    "dia_scan/core/anonymity.py",
]
#: SCORING_VERSION -> fingerprint of the code above (its syntax tree: comments, docstrings and layout do not count).
RECORDED = {1: "aface7d6aebbede3"}


def _code_only(tree: ast.Module) -> ast.Module:
    """The tree without docstrings: a change of wording in a docstring changes no score."""
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            if isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
                node.body = body[1:] or [ast.Pass()]
    return tree


def _fingerprint() -> str:
    digest = hashlib.sha256()
    for name in SCORING_CODE:
        tree = _code_only(ast.parse((ROOT / name).read_text(encoding="utf-8")))
        digest.update(ast.dump(tree).encode())
    return digest.hexdigest()[:16]


def test_the_scoring_code_matches_its_version():
    assert _fingerprint() == RECORDED.get(scoring.SCORING_VERSION), (
        "The scoring code changed: raise SCORING_VERSION if scores change, and record the fingerprint "
        f"{_fingerprint()} for version {scoring.SCORING_VERSION} in this file."
    )


def test_the_cache_key_carries_the_version():
    from dia_scan.compare import comparison

    assert f"scoring-{scoring.SCORING_VERSION}|" in comparison._SCORING_STAMP
