"""Demo content for the inclusiviteit-checklist: one process per demo organisation, each assessed
twice (an earlier and a later assessment) by two anonymous assessors who disagree (ja against nee) on
exactly one criterion, with toelichtingen, actiepunten and a few of them on the verbeteragenda.

The same seed gives the same content. Call it after the Quick Scan demo has made the organisations.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from sqlite_utils import Database

from dia_scan import storage
from dia_scan.admin.demo_common import DEMO_BEHEERCODE
from dia_scan.checklist import service as checklists
from dia_scan.common import agenda
from dia_scan.core import codes
from dia_scan.core.catalog import Catalog
from dia_scan.core.errors import ServiceError
from dia_scan.core.model import Checklist
from dia_scan.core.permits import ProcessPermit


@dataclass(frozen=True)
class DemoProcess:
    name: str
    description: str
    phase: str
    level: str
    target_groups: tuple[str, ...]
    mood: float  # 0..1: how far along the process is at the first assessment


DEMO_PROCESSES = [
    DemoProcess(
        "Wijkvisie Lindewaard-Noord",
        "Samen met bewoners, ondernemers en verenigingen een visie maken op de wijk voor de komende tien jaar.",
        "uitvoering",
        "adviseren",
        ("jongeren", "ouderen", "ondernemers", "nieuwkomers"),
        0.45,
    ),
    DemoProcess(
        "Energieplan Havenstede-Oost",
        "Met huurders en eigenaren kiezen hoe de wijk van het aardgas af gaat, straat voor straat.",
        "voorbereiding",
        "coproduceren",
        ("huurders", "woningeigenaren", "mensen met weinig geld"),
        0.35,
    ),
    DemoProcess(
        "Begroting in gesprek",
        "Inwoners denken mee over de keuzes in de begroting van volgend jaar, op avonden in de kernen en online.",
        "afronding",
        "raadplegen",
        ("inwoners van de kernen", "jongeren", "verenigingen"),
        0.55,
    ),
]

ASSESSMENT_DATES = [
    ("Eerste beoordeling", "2025-04-10T14:00:00+00:00"),
    ("Tweede beoordeling", "2026-10-15T14:00:00+00:00"),
]

TOELICHTINGEN = {
    "ja": [
        "Staat in het plan van aanpak en is besproken met de wethouder.",
        "Dit ging goed: we hebben het vooraf met de deelnemers gecheckt.",
        "Iedereen in het team kon dit in eigen woorden uitleggen.",
    ],
    "deels": [
        "Wel op papier, maar deelnemers wisten het niet.",
        "Bij de eerste bijeenkomst wel, daarna niet meer.",
        "Half gelukt: online wel, op papier niet.",
    ],
    "nee": [
        "Hier hebben we niet aan gedacht.",
        "Geen tijd voor gehad; het moest snel.",
        "We wisten niet goed hoe.",
    ],
}

#: Actiepunten per dimension, so a demo actiepunt fits the criterion it belongs to.
ACTIEPUNTEN = {
    "doel_invloed": [
        "Vooraf opschrijven welke trede op de participatieladder we beloven, en dat op de uitnodiging zetten.",
        "Met de wethouder afspreken wat nog open ligt, en dat eerlijk aan deelnemers vertellen.",
    ],
    "wie_doen_mee": [
        "Sleutelfiguren uit de wijk vragen om mensen persoonlijk uit te nodigen.",
        "Een lijst maken van wie er nog niet bij was, en navragen waarom niet.",
    ],
    "toegankelijkheid": [
        "Een korte uitleg in gewone taal maken en laten lezen door twee bewoners.",
        "Een avond organiseren op een andere tijd en plek, bijvoorbeeld bij de sportclub.",
    ],
    "werkvormen": [
        "Met een koffiekar de wijk in gaan, in plaats van mensen naar het gemeentehuis te halen.",
        "Bij elke bijeenkomst ruimte maken voor tegengeluid: wie denkt er anders over?",
    ],
    "terugkoppeling": [
        "Binnen zes weken iedere deelnemer laten weten wat er met de inbreng is gedaan.",
        "Na afloop met een paar deelnemers terugkijken: wie bereikten we wel en wie niet?",
    ],
    "eigen_blik": [
        "In het teamoverleg een half uur bespreken wie we vanzelf uitnodigen en wie we vergeten.",
        "Halverwege samen met twee bewoners en de wethouder terugkijken op wie er meedoet.",
    ],
}
GENERAL_ACTIEPUNT = "Dit punt bespreken in het volgende teamoverleg en een trekker kiezen."


def build_demo_checklists(db: Database, catalog: Catalog, seed: int = 2026) -> dict:
    """Add demo processes to the demo organisations; returns a summary with the demo codes."""

    checklist = checklists.checklist_of(catalog)
    organisations = sorted((o for o in storage.list_organisations(db) if o.demo), key=lambda o: o.id)
    if not organisations:
        raise ServiceError("Er zijn geen demo-organisaties. Zet eerst de demo van de Quick Scan klaar.")
    rng = random.Random(seed)
    summary: dict = {"beheercode": DEMO_BEHEERCODE, "processes": []}
    for organisation, demo in zip(organisations, DEMO_PROCESSES, strict=False):
        process_id = checklists.register_process(
            db,
            catalog,
            organisation_id=organisation.id,
            name=demo.name,
            description=demo.description,
            phase=demo.phase,
            participation_level=demo.level,
            target_groups=list(demo.target_groups),
        )
        storage.update_process(db, process_id, created_at=ASSESSMENT_DATES[0][1])
        levels = {d.id: demo.mood + rng.uniform(-0.25, 0.25) for d in checklist.dimensions}
        entry = {"organisation": organisation.name, "process": demo.name, "assessments": []}
        permit = None
        for index, (title, created_at) in enumerate(ASSESSMENT_DATES):
            created = checklists.start_assessment(
                db,
                catalog,
                process_id=process_id,
                mode="apart",
                title=title,
                join_code=codes.seeded_join_code(rng, lambda c: storage.join_code_exists(db, c)),
                beheercode=DEMO_BEHEERCODE,
                permit=permit,
            )
            permit = created.permit
            storage.update_assessment(db, created.assessment_id, created_at=created_at)
            improvement = 0.3 * index
            _fill_in(db, rng, checklist, created.assessment_id, levels, improvement, demo.phase)
            if index == 0:
                _agenda_from(db, permit, created.assessment_id)
                checklists.set_open(db, permit, created.assessment_id, False)
            entry["assessments"].append({"title": title, "join_code": created.join_code})
        summary["processes"].append(entry)
    return summary


def _fill_in(
    db: Database,
    rng: random.Random,
    checklist: Checklist,
    assessment_id: int,
    levels: dict[str, float],
    improvement: float,
    phase: str,
) -> None:
    """Two assessors; the second mostly agrees, never says ja where the first said nee (or the
    reverse), except on one chosen criterion: the gespreksstarter. A criterion that cannot apply yet in
    the process's phase gets n.v.t. from both, as its explanation asks."""
    assessment = checklists.get_assessment(db, assessment_id)
    first = checklists.join_assessment(db, assessment)
    second = checklists.join_assessment(db, assessment)
    criteria = checklist.criteria()
    applies = {c.id: c.applies_in(phase) for _, c in criteria}
    # the disagreement sits on a criterion in a middling dimension, where it is plausible
    disputed = rng.choice([c.id for _, c in criteria[3:-3] if applies[c.id]])
    for dimension, criterion in criteria:
        level = min(0.95, levels[dimension.id] + improvement)
        option = _option(rng, level)
        if not applies[criterion.id]:
            pair = ("nvt", "nvt")
        elif criterion.id == disputed:
            pair = ("ja", "nee") if rng.random() < 0.5 else ("nee", "ja")
        else:
            pair = (option, _nearby(rng, option))
        for handle, chosen in zip((first, second), pair, strict=True):
            # the gespreksstarter always has both sides explained
            explain = criterion.id == disputed or rng.random() < 0.35
            toelichting = rng.choice(TOELICHTINGEN[chosen]) if chosen in TOELICHTINGEN and explain else ""
            actions = ACTIEPUNTEN.get(dimension.id, [GENERAL_ACTIEPUNT])
            actiepunt = rng.choice(actions) if chosen in ("nee", "deels") and rng.random() < 0.3 else ""
            checklists.answer(
                db,
                handle.assessor_id,
                criterion.id,
                option_id=chosen,
                toelichting=toelichting,
                actiepunt=actiepunt,
            )
    checklists.mark_done(db, first.assessor_id)
    if improvement == 0:
        checklists.mark_done(db, second.assessor_id)


def _option(rng: random.Random, level: float) -> str:
    draw = rng.random()
    if draw < 0.05:
        return "nvt"
    if draw < 0.05 + level * 0.75:
        return "ja"
    if draw < 0.05 + level * 0.75 + 0.3:
        return "deels"
    return "nee"


def _nearby(rng: random.Random, option: str) -> str:
    """The second assessor: the same answer, or one step towards "deels" (never ja against nee)."""
    if option in ("ja", "nee") and rng.random() < 0.2:
        return "deels"
    return option


def _agenda_from(db: Database, permit: ProcessPermit, assessment_id: int) -> None:
    """Two actiepunten of the earlier assessment went onto the verbeteragenda and were followed up."""
    report = checklists.assessment_report(db, assessment_id)
    items = [(c.id, text) for c in report.todo for text in c.actiepunten][:2]
    for (criterion_id, text), status in zip(items, ("gedaan", "bezig"), strict=False):
        action_id = checklists.put_on_agenda(db, permit, report, criterion_id, text)
        agenda.update_action(db, permit, action_id, status=status, wie="projectteam", wanneer="2025-12-31")
