"""Demo content for the other organisation types: one provincie and one waterschap, two rounds each.

Called from :func:`dia_scan.admin.demo.build_demo` after the demo gemeenten. Deterministic for a seed. The
groups come from each instrument's YAML; nothing here knows gemeente groups. The waterschap's first
round has a small dagelijks bestuur, so its binnenkant is shown merged (the anonymity rule at work).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from sqlite_utils import Database

from dia_scan import storage
from dia_scan.admin.demo_common import DEMO_BEHEERCODE, demo_background
from dia_scan.common import agenda
from dia_scan.core import codes
from dia_scan.core.catalog import Catalog
from dia_scan.core.errors import ServiceError
from dia_scan.core.model import DONT_KNOW, QuickScan
from dia_scan.quickscan import rounds


@dataclass(frozen=True)
class OtherDemo:
    name: str
    type: str
    instrument_id: str
    province: str | None
    size_class: str
    tags: tuple[str, ...]
    level: float  # general mood on 1..5
    group_sizes: tuple[dict[str, int], dict[str, int]]  # first and second round
    actions: tuple[tuple[str, str, str, str], ...]  # wat, wie, status, theme id


OTHER_DEMOS = (
    OtherDemo(
        "Demoprovincie Midden-Veenland",
        "provincie",
        "quickscan-provincie",
        None,
        ">= 250k",
        ("landelijk", "veel kleine kernen"),
        3.1,
        (
            {"statenleden": 19, "gs": 5, "ambtenaren": 31, "inwoners": 58},
            {"statenleden": 23, "gs": 6, "ambtenaren": 36, "inwoners": 74},
        ),
        (
            (
                "Statenleden krijgen elk kwartaal een korte stand van zaken in gewone taal",
                "griffie",
                "gedaan",
                "krachtige_staten",
            ),
            (
                "Inwonerspanel per regio, twee keer per jaar",
                "team participatie",
                "bezig",
                "betrokken_inwoners",
            ),
        ),
    ),
    OtherDemo(
        "Demowaterschap De Brede Stroom",
        "waterschap",
        "quickscan-waterschap",
        "Gelderland",
        ">= 250k",
        ("rivierengebied", "landelijk"),
        3.2,
        (
            {"ab_leden": 13, "db_leden": 4, "ambtenaren": 26, "ingezetenen": 41, "bedrijven": 9},
            {"ab_leden": 16, "db_leden": 5, "ambtenaren": 29, "ingezetenen": 55, "bedrijven": 12},
        ),
        (
            (
                "Spreekuur van het algemeen bestuur in elk deelgebied",
                "secretaris-directeur",
                "bezig",
                "krachtig_algemeen_bestuur",
            ),
            (
                "Uitleg over de waterschapsbelasting in gewone taal op de website",
                "communicatie",
                "gepland",
                "digitale_democratie",
            ),
        ),
    ),
)

ROUNDS = (
    ("Quick Scan voorjaar 2025", "2025-04-07", "2025-05-02", "2025-04-01T09:00:00+00:00"),
    ("Quick Scan najaar 2026", "2026-09-14", "2026-10-09", "2026-09-01T09:00:00+00:00"),
)

OPEN_TEXTS = (
    "Bij het gebiedsproces over de dijk werden we op tijd betrokken en dat werkte goed.",
    "De stukken zijn lastig te lezen; een korte samenvatting zou helpen.",
    "Kom vaker naar de dorpen toe in plaats van alleen in het provinciehuis te vergaderen.",
    "Laat weten wat er met onze reacties is gedaan, ook als het antwoord nee is.",
)


def build_demo_other_types(db: Database, catalog: Catalog, seed: int = 2026) -> dict:
    """Add the demo provincie and waterschap. Returns ``{"organisations": [...]}`` like build_demo."""
    rng = random.Random(seed + 7)
    about_rng = random.Random(f"{seed + 7}-over-u")  # its own stream: the answers stay as they were
    summary: dict = {"organisations": []}
    for demo in OTHER_DEMOS:
        instrument = catalog.instruments.get(demo.instrument_id)
        if not isinstance(instrument, QuickScan):
            raise ServiceError(f"De vragenlijst '{demo.instrument_id}' ontbreekt in questions/.")
        org_id = storage.insert_organisation(
            db, demo.name, demo.type, demo.province, demo.size_class, list(demo.tags), demo=True
        )
        levels = {t.id: demo.level + rng.uniform(-0.6, 0.6) for t in instrument.themes}
        entry: dict = {"name": demo.name, "rounds": []}
        for index, (title, start, end, created) in enumerate(ROUNDS):
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
            )
            storage.update_round(db, created_round.round_id, created_at=created)
            round_row = storage.get_round(db, created_round.round_id)
            for group_id, size in demo.group_sizes[index].items():
                for _ in range(size):
                    draft = _answers(rng, instrument, group_id, levels, improvement=0.3 * index)
                    draft["background"] = demo_background(about_rng, instrument, group_id)
                    rounds.submit_complete(db, round_row, group_id, draft, check_open=False)
            if index == 0:
                rounds.set_published(db, created_round.permit, False)
                storage.update_round(db, created_round.round_id, closed_at=f"{end}T17:00:00+00:00")
                for wat, wie, status, theme_id in demo.actions:
                    agenda.add_action(
                        db,
                        created_round.permit,
                        wat=wat,
                        waarom=instrument.theme(theme_id).title,
                        target_id=theme_id,
                        wie=wie,
                        wanneer="2026-06-30",
                        status=status,
                    )
            entry["rounds"].append({"title": title, "join_code": created_round.join_code})
        summary["organisations"].append(entry)
    return summary


def _answers(
    rng: random.Random, instrument: QuickScan, group_id: str, levels: dict, improvement: float
) -> dict:
    # The binnenkant is a little more positive than the buitenkant, as in the QSLD pilots.
    side = instrument.group(group_id).side
    shift = 0.3 if side == "binnenkant" else -0.35
    answers: dict[str, int | str] = {}
    for theme, statement in instrument.statements_for(group_id):
        if rng.random() < (0.12 if side == "buitenkant" else 0.05):
            answers[statement.id] = DONT_KNOW
            continue
        mood = levels[theme.id] + shift + improvement + rng.gauss(0, 0.9)
        value = max(1, min(5, round(mood)))
        answers[statement.id] = 6 - value if statement.reverse else value
    themes = [t.id for t in instrument.themes]
    picks = rng.sample(themes, k=min(3, len(themes)))
    opens = {}
    options = instrument.open_questions_for(group_id)
    if options and rng.random() < 0.2:
        opens[rng.choice(options).id] = rng.choice(OPEN_TEXTS)
    return {"answers": answers, "priorities": picks, "open": opens}
