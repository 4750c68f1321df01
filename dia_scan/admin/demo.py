"""Deterministic, realistic demo content: a few demo gemeenten, two rounds each, an agenda.

The same seed always gives the same database content (apart from hashes and timestamps of writes),
so screenshots and tests can rely on it. Every demo organisation is named as a demo.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from sqlite_utils import Database

from dia_scan import storage
from dia_scan.admin.demo_checklists import build_demo_checklists
from dia_scan.admin.demo_common import DEMO_BEHEERCODE, demo_background
from dia_scan.admin.demo_other import build_demo_other_types
from dia_scan.common import agenda
from dia_scan.core import codes
from dia_scan.core.catalog import Catalog
from dia_scan.core.errors import ServiceError
from dia_scan.core.model import DONT_KNOW, QuickScan
from dia_scan.core.permits import RoundPermit
from dia_scan.core.records import Round
from dia_scan.quickscan import rounds

#: The beheercode of every demo round and process (documented in the README; never use it for real).


@dataclass(frozen=True)
class DemoOrganisation:
    name: str
    province: str
    size_class: str
    tags: tuple[str, ...]
    level: float  # general mood on 1..5
    group_sizes: tuple[dict[str, int], dict[str, int]]  # first and second round


DEMO_ORGANISATIONS = [
    DemoOrganisation(
        "Demogemeente Lindewaard",
        "Gelderland",
        "20-50k",
        ("plattelandsgemeente", "kernen"),
        3.3,
        (
            {"raad": 14, "college": 5, "organisatie": 18, "inwoners": 46},
            {"raad": 16, "college": 6, "organisatie": 22, "inwoners": 61},
        ),
    ),
    DemoOrganisation(
        "Demogemeente Havenstede",
        "Zuid-Holland",
        "100-250k",
        ("stedelijk",),
        3.0,
        (
            {"raad": 21, "college": 4, "organisatie": 35, "inwoners": 118},
            {"raad": 25, "college": 7, "organisatie": 40, "inwoners": 96},
        ),
    ),
    DemoOrganisation(
        "Demogemeente Bergveld",
        "Limburg",
        "< 20k",
        ("plattelandsgemeente",),
        3.5,
        (
            {"raad": 9, "college": 5, "organisatie": 11, "inwoners": 27},
            {"raad": 11, "college": 5, "organisatie": 12, "inwoners": 3},
        ),
    ),
]

ROUND_DATES = [
    ("Quick Scan voorjaar 2025", "2025-03-03", "2025-03-28", "2025-03-01T09:00:00+00:00"),
    ("Quick Scan najaar 2026", "2026-10-05", "2026-10-30", "2026-10-01T09:00:00+00:00"),
]

OPEN_TEXTS = [
    "Bij het plan voor het dorpsplein mochten bewoners echt meedenken en dat zie je terug.",
    "De raad hoort vaak pas laat wat er speelt; we zouden eerder met elkaar in gesprek moeten.",
    "Maak de stukken korter en in gewone taal, dan lezen meer mensen mee.",
    "De avond over de nieuwe sporthal was goed georganiseerd, maar er kwamen vooral dezelfde mensen.",
    "Geef terug wat er met onze inbreng is gedaan, ook als het antwoord nee is.",
    "Jongeren doen bijna nooit mee; ga naar de scholen en sportclubs toe.",
    "De samenwerking tussen griffie en ambtenaren bij de begroting liep dit jaar prima.",
    "Zorg dat raadsleden zich veilig voelen, de toon op sociale media wordt harder.",
]

DEMO_ACTIONS = [
    (
        "Raadsinformatie in gewone taal: elk raadsvoorstel krijgt een samenvatting op B1-niveau",
        "griffie",
        "gedaan",
    ),
    (
        "Jaarlijkse bijeenkomst van raad, college en organisatie over de rolverdeling",
        "griffier en gemeentesecretaris",
        "bezig",
    ),
    (
        "Terugkoppeling aan inwoners na elke participatieavond, binnen zes weken",
        "team participatie",
        "gepland",
    ),
]


def build_demo(db: Database, catalog: Catalog, seed: int = 2026) -> dict:
    """Fill an empty database with demo content. Returns a short summary with the demo codes."""
    if storage.list_organisations(db):
        raise ServiceError("De database bevat al gegevens; de demo wordt alleen in een lege database gezet.")
    instrument = catalog.instruments.get("quickscan-gemeente")
    if not isinstance(instrument, QuickScan):
        raise ServiceError("De vragenlijst 'quickscan-gemeente' ontbreekt in questions/.")
    rng = random.Random(seed)
    about_rng = random.Random(f"{seed}-over-u")  # its own stream: the answers stay as they were
    summary: dict = {"organisations": [], "beheercode": DEMO_BEHEERCODE}
    for org in DEMO_ORGANISATIONS:
        org_id = storage.insert_organisation(
            db, org.name, "gemeente", org.province, org.size_class, list(org.tags), demo=True
        )
        theme_levels = {t.id: org.level + rng.uniform(-0.7, 0.6) for t in instrument.themes}
        entry = {"name": org.name, "rounds": []}
        for index, (title, start, end, created) in enumerate(ROUND_DATES):
            created_round = rounds.create_round(
                db,
                catalog,
                organisation_id=org_id,
                instrument_id=instrument.id,
                title=title,
                period_start=start,
                # the current round has no end date, so the demo can be joined whenever it is built
                period_end=end if index == 0 else None,
                join_code=codes.seeded_join_code(rng, lambda c: storage.join_code_exists(db, c)),
                beheercode=DEMO_BEHEERCODE,
                custom_questions=(
                    [
                        {
                            "kind": "stelling",
                            "text": "De gemeente legt goed uit wat er met de uitkomst van deze scan gebeurt.",
                            "groups": [],
                        }
                    ]
                    if index == 1
                    else []
                ),
            )
            storage.update_round(db, created_round.round_id, created_at=created)
            round_row = storage.get_round(db, created_round.round_id)
            improvement = 0.25 * index
            for group_id, size in org.group_sizes[index].items():
                for _ in range(size):
                    draft = _demo_answers(rng, instrument, round_row, group_id, theme_levels, improvement)
                    draft["background"] = demo_background(about_rng, instrument, group_id)
                    rounds.submit_complete(db, round_row, group_id, draft, check_open=False)
            if index == 0:
                rounds.set_published(db, created_round.permit, False)
                storage.update_round(db, created_round.round_id, closed_at=f"{end}T17:00:00+00:00")
                _demo_agenda(db, created_round.permit, instrument)
            entry["rounds"].append({"title": title, "join_code": created_round.join_code})
        summary["organisations"].append(entry)

    summary["checklists"] = build_demo_checklists(db, catalog, seed)
    summary["organisations"] += build_demo_other_types(db, catalog, seed)["organisations"]
    return summary


_GROUP_SHIFT = {"raad": 0.1, "college": 0.55, "organisatie": 0.2, "inwoners": -0.45}


def _demo_answers(
    rng, instrument: QuickScan, round_row: Round, group_id: str, levels: dict, improvement: float
) -> dict:
    answers: dict[str, int | str] = {}
    shift = _GROUP_SHIFT.get(group_id, 0.0)
    for theme, statement in instrument.statements_for(group_id):
        dk_chance = (
            0.35 if (group_id == "inwoners" and theme.id in ("krachtige_raad", "weerbaar_bestuur")) else 0.06
        )
        if rng.random() < dk_chance:
            answers[statement.id] = DONT_KNOW
            continue
        mood = levels.get(theme.id, 3.2) + shift + improvement + rng.gauss(0, 0.9)
        value = max(1, min(5, round(mood)))
        answers[statement.id] = 6 - value if statement.reverse else value
    if round_row.custom_questions:
        answers["maatwerk_1"] = max(1, min(5, round(3.1 + shift + rng.gauss(0, 1))))
    themes = [t.id for t in instrument.themes]
    weights = [1.0 / max(0.5, levels[t] - 1.5) for t in themes]
    picks: list[str] = []
    while len(picks) < 3:
        pick = rng.choices(themes, weights=weights)[0]
        if pick not in picks:
            picks.append(pick)
    opens = {}
    if instrument.open_questions and rng.random() < 0.25:
        q = rng.choice(instrument.open_questions_for(group_id))
        opens[q.id] = rng.choice(OPEN_TEXTS)
    return {"answers": answers, "priorities": picks, "open": opens}


def _demo_agenda(db: Database, permit: RoundPermit, instrument: QuickScan) -> None:
    theme_ids = [t.id for t in instrument.themes]
    for (wat, wie, status), target in zip(
        DEMO_ACTIONS, ["krachtige_raad", "samenspel_afspraken", "betrokken_inwoners"], strict=True
    ):
        agenda.add_action(
            db,
            permit,
            wat=wat,
            waarom=instrument.theme(target).title if target in theme_ids else "",
            target_id=target if target in theme_ids else None,
            wie=wie,
            wanneer="2025-12-31",
            status=status,
            source="handmatig",
        )
