"""``dia-scan load-organisations`` and ``dia-scan reset-beheercode``: the reference list of organisations
and a new beheercode, for whoever runs the server."""

from __future__ import annotations

import sys
from pathlib import Path

from dia_scan import storage
from dia_scan.common import code_access, reference_list
from dia_scan.core.errors import ServiceError


def _db(args):
    return storage.connect(Path(args.db) if args.db else storage.default_path())


def cmd_load_organisations(args) -> int:
    path = Path(args.file)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        print(f"fout: bestand {path} niet gevonden", file=sys.stderr)
        return 1
    except UnicodeDecodeError:
        print(f"fout: {path} is geen UTF-8-tekstbestand. Sla de tabel op als 'CSV UTF-8'.", file=sys.stderr)
        return 1
    db = _db(args)
    try:
        count = reference_list.load_cbs_table(db, text, args.source or path.name)
    except ServiceError as err:
        print(f"fout: {err} De lijst is niet veranderd.", file=sys.stderr)
        return 1
    print(f"{count} gemeenten geladen uit {path}; de keuzelijst van organisaties gebruikt nu deze lijst.")
    return 0


def cmd_reset_beheercode(args) -> int:
    kind = code_access.CHECKLIST if args.assessment else code_access.QUICK_SCAN
    db = _db(args)
    try:
        row, beheercode = code_access.reset_beheercode(db, args.assessment or args.round, kind)
    except ServiceError as err:
        print(f"fout: {err}", file=sys.stderr)
        return 1
    what = "beoordeling" if args.assessment else "ronde"
    print(f"Nieuwe beheercode voor {what} '{row.title}' ({row.join_code}): {beheercode}")
    print("De oude beheercode werkt niet meer. Geef deze code alleen aan de trekker, en maar één keer.")
    return 0


def add_organisation_parsers(sub) -> None:
    p = sub.add_parser(
        "load-organisations", help="vervang de lijst van gemeenten door een nieuwere CBS-tabel (zelfde vorm)"
    )
    p.add_argument("file", help="CSV met de kolommen van dia_scan/reference/gemeenten-cbs-2022.csv")
    p.add_argument("--db", help="het databasebestand (standaard DIA_SCAN_DB of data/dia_scan.db)")
    p.add_argument("--source", help="de bron, zoals 'CBS, Gebieden in Nederland 2024 (85755NED)'")
    p.set_defaults(func=cmd_load_organisations)

    p = sub.add_parser("reset-beheercode", help="geef een ronde (of beoordeling) een nieuwe beheercode")
    p.add_argument("--db", help="het databasebestand (standaard DIA_SCAN_DB of data/dia_scan.db)")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--round", help="de deelnamecode van de ronde")
    which.add_argument("--assessment", help="de code van een beoordeling van de inclusiviteit-checklist")
    p.set_defaults(func=cmd_reset_beheercode)
