"""Choose verbetertips from ``questions/advies.yaml`` for the weakest and most-prioritised themes."""

from __future__ import annotations

from dataclasses import dataclass

from dia_scan.core.model import Advice, QuickScan, Resource, Tip

#: Below this score a theme counts as weak even when it is not among the lowest.
WEAK_SCORE = 60.0

#: How each kind of resource is named on screen and in reports.
RESOURCE_KIND_LABELS = {
    "diamant": "DiAmant",
    "ontwikkeltraject": "Ontwikkeltraject",
    "aanknopingspunt": "Aanknopingspunt voor actie",
    "richtlijn": "Richtlijn",
    "rode_draad": "Rode draad",
    "instrument": "Instrument",
    "overig": "Meer informatie",
}


@dataclass(frozen=True)
class SelectedAdvice:
    target_id: str
    target_title: str
    reason: str  # plain Dutch: why this theme or dimension was chosen
    score: float | None
    tips: list[tuple[Tip, list[Resource]]]

    def to_dict(self) -> dict:
        return {
            "target_id": self.target_id,
            "target_title": self.target_title,
            "reason": self.reason,
            "score": None if self.score is None else round(self.score, 1),
            "tips": [
                {
                    "id": tip.id,
                    "title": tip.title,
                    "text": tip.text,
                    "resources": [
                        {"id": r.id, "kind": r.kind, "title": r.title, "source": r.source} for r in res
                    ],
                }
                for tip, res in self.tips
            ],
        }


def _tips(advice: Advice, target_id: str) -> list[tuple[Tip, list[Resource]]]:
    return [(tip, [advice.resource(r) for r in tip.resources]) for tip in advice.tips_for(target_id)]


def select_advice(
    advice: Advice, instrument: QuickScan, result, *, weakest: int = 2, prioritised: int = 2
) -> list:
    """Tips for the lowest-scoring themes and the themes most often picked as a priority."""
    themes = [t for t in result.themes if not t.custom and t.overall is not None]
    chosen: dict[str, SelectedAdvice] = {}
    for t in sorted(themes, key=lambda t: t.overall)[:weakest]:
        chosen[t.id] = SelectedAdvice(
            t.id,
            t.title,
            f"Dit thema scoort het laagst ({t.overall:.0f} van 100).",
            t.overall,
            _tips(advice, t.id),
        )
    for t in themes:
        if t.id not in chosen and t.overall < WEAK_SCORE and len(chosen) < weakest + prioritised:
            chosen[t.id] = SelectedAdvice(
                t.id,
                t.title,
                f"Dit thema scoort onder de {WEAK_SCORE:.0f} ({t.overall:.0f}).",
                t.overall,
                _tips(advice, t.id),
            )
    share = {p.theme_id: p.overall for p in result.priorities if p.overall is not None}
    by_id = {t.id: t for t in themes}
    for theme_id, s in sorted(share.items(), key=lambda kv: -kv[1])[:prioritised]:
        if s <= 0 or theme_id in chosen or theme_id not in by_id:
            continue
        t = by_id[theme_id]
        chosen[theme_id] = SelectedAdvice(
            t.id,
            t.title,
            f"{s * 100:.0f}% van de deelnemers wil dat dit thema beter wordt.",
            t.overall,
            _tips(advice, t.id),
        )
    return [c for c in chosen.values() if c.tips]


def checklist_advice(
    advice: Advice, dimensions: list[tuple[str, str, float | None]], weakest: int = 2
) -> list:
    """Tips for the weakest dimensions of a checklist: (id, title, score) in, SelectedAdvice out."""
    scored = [d for d in dimensions if d[2] is not None]
    out = []
    for dim_id, title, score in sorted(scored, key=lambda d: d[2])[:weakest]:
        tips = _tips(advice, dim_id)
        if tips:
            out.append(
                SelectedAdvice(
                    dim_id, title, f"Deze dimensie scoort het laagst ({score:.0f} van 100).", score, tips
                )
            )
    return out
