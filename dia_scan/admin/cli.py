"""``dia-scan``: a thin command line over the same services the pages use."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from dia_scan import storage
from dia_scan.admin import anonymised, backup
from dia_scan.core import i18n
from dia_scan.core.catalog import CatalogError, _display, load_catalog


def _catalog(args):
    return load_catalog([Path(p) for p in args.questions] if getattr(args, "questions", None) else None)


def cmd_validate(args) -> int:
    paths = [Path(p) for p in args.paths] or None
    try:
        catalog = load_catalog(paths)
    except CatalogError as err:
        print(f"{len(err.problems)} probleem/problemen gevonden:", file=sys.stderr)
        for problem in err.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    for inst_id, inst in catalog.instruments.items():
        if inst.kind == "quickscan":
            detail = (
                f"{len(inst.themes)} thema's, {len(inst.statements())} stellingen, {len(inst.groups)} groepen"
            )
        else:
            detail = f"{len(inst.dimensions)} dimensies, {len(inst.criteria())} criteria"
        print(f"ok  {_display(catalog.files[inst_id])}  {inst_id} v{inst.version}: {detail}")
        _print_missing_translations(inst)
    if catalog.advice:
        tips = sum(len(e.tips) for e in catalog.advice.advice)
        print(f"ok  advies v{catalog.advice.version}: {tips} tips, {len(catalog.advice.resources)} bronnen")
    return 0


def cmd_translations(args) -> int:
    from dia_scan.admin import translations

    problems = translations.check() if args.check else translations.update()
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)
    if problems:
        print(f"{len(problems)} vertaling(en) ontbreken of zijn niet bijgewerkt.", file=sys.stderr)
        return 1
    print("ok  de vertalingen van de schermen zijn compleet en bijgewerkt")
    return 0


def _print_missing_translations(instrument) -> None:
    """Per language what participants would still read in Dutch (not an error: Dutch is the fallback)."""
    for language in i18n.TRANSLATION_LANGUAGES:
        missing = i18n.missing(instrument, language)
        checked = "nog niet nagekeken" if language in instrument.unreviewed_languages else "nagekeken"
        if not missing:
            print(f"    {language}: alles vertaald ({checked})")
            continue
        places = "plaats" if len(missing) == 1 else "plaatsen"
        print(f"    {language}: {len(missing)} {places} nog niet vertaald, daar staat Nederlands:")
        for line in missing:
            print(f"      {line}")


def cmd_demo(args) -> int:
    from dia_scan.admin.demo import DEMO_BEHEERCODE, build_demo
    from dia_scan.core.errors import ServiceError

    target = args.db or storage.default_target()
    db = storage.connect(target)
    shown = storage.engine.redacted(str(target))
    if storage.list_organisations(db):
        if args.if_empty:
            print(f"{shown} bevat al gegevens; demo overgeslagen.")
            return 0
    try:
        summary = build_demo(db, _catalog(args), seed=args.seed)
    except ServiceError as err:
        print(f"fout: {err}", file=sys.stderr)
        return 1
    print(f"Demo-inhoud gemaakt in {shown}")
    for org in summary["organisations"]:
        codes = ", ".join(f"{r['title']}: {r['join_code']}" for r in org["rounds"])
        print(f"  {org['name']}  ({codes})")
    for process in summary.get("checklists", {}).get("processes", []):
        codes = ", ".join(f"{a['title']}: {a['join_code']}" for a in process["assessments"])
        print(f"  Inclusiviteit, {process['organisation']}: {process['process']}  ({codes})")
    print(f"Beheercode van alle demo-rondes en -processen: {DEMO_BEHEERCODE}")
    return 0


def _round_or_exit(db, code: str):
    from dia_scan.core.errors import ServiceError
    from dia_scan.quickscan.rounds import find_round

    try:
        return find_round(db, code)
    except ServiceError as err:
        print(f"fout: {err}", file=sys.stderr)
        sys.exit(1)


def cmd_import(args) -> int:
    from dia_scan.quickscan.importer import ImportError_, import_responses

    db = storage.connect(args.db)
    round_row = _round_or_exit(db, args.round)
    try:
        result = import_responses(db, round_row, Path(args.file))
    except FileNotFoundError:
        print(f"fout: bestand {args.file} niet gevonden", file=sys.stderr)
        return 1
    except UnicodeDecodeError:
        print(f"fout: {args.file} is geen UTF-8-tekstbestand", file=sys.stderr)
        return 1
    except ImportError_ as err:
        print("Niets geïmporteerd. Problemen:", file=sys.stderr)
        for p in err.problems:
            print(f"  {p}", file=sys.stderr)
        return 1
    groups = ", ".join(f"{g}: {n}" for g, n in result.per_group.items())
    print(f"{result.imported} antwoordformulieren geïmporteerd ({groups}).")
    return 0


def cmd_paper_form(args) -> int:
    from dia_scan.output.document import ReportError
    from dia_scan.quickscan.paper_form import PaperFormError, round_questionnaire

    db = storage.connect(args.db)
    round_row = _round_or_exit(db, args.round)
    try:
        data = round_questionnaire(db, round_row, args.group)
    except (PaperFormError, ReportError) as err:
        print(f"fout: {err}", file=sys.stderr)
        return 1
    output = Path(args.output or f"vragenlijst-{round_row.join_code}-{args.group}.pdf")
    output.write_bytes(data)
    print(f"Vragenlijst geschreven naar {output}")
    return 0


def cmd_report(args) -> int:
    from dia_scan.quickscan.results import build_round_report

    db = storage.connect(args.db)
    round_row = _round_or_exit(db, args.round)
    report = build_round_report(db, _catalog(args), round_row)
    if args.format == "json":
        text = json.dumps(report.to_dict(), ensure_ascii=False, indent=2)
        if args.output:
            Path(args.output).write_text(text + "\n", encoding="utf-8")
            print(f"Rapport geschreven naar {args.output}")
        else:
            print(text)
        return 0
    from dia_scan.output.document import ReportError
    from dia_scan.quickscan import report as report_export

    output = Path(args.output or f"{report_export.file_stem_for(round_row)}.{args.format}")
    try:
        data = report_export.round_report(db, _catalog(args), round_row, args.format)
    except ReportError as err:
        print(f"fout: {err}", file=sys.stderr)
        return 1
    output.write_bytes(data)
    print(f"Rapport geschreven naar {output}")
    return 0


def cmd_checklist_report(args) -> int:
    from dia_scan.checklist import exports
    from dia_scan.checklist import report as checklist_report
    from dia_scan.checklist import service as checklists
    from dia_scan.core.errors import ServiceError
    from dia_scan.output.document import ReportError

    db = storage.connect(args.db)
    try:
        assessment = checklists.find_assessment(db, args.assessment)
        stem = exports.file_stem(checklists.assessment_report(db, assessment.id))
        data = checklist_report.checklist_report(db, _catalog(args), assessment.id, args.format)
    except (ServiceError, ReportError) as err:
        print(f"fout: {err}", file=sys.stderr)
        return 1
    output = Path(args.output or f"{stem}.{args.format}")
    output.write_bytes(data)
    print(f"Rapport geschreven naar {output}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dia-scan", description="DiA Scan: Quick Scan lokale democratie en inclusiviteit-checklist"
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("validate", help="controleer de vragenlijsten (YAML)")
    p.add_argument("paths", nargs="*", help="bestanden of mappen (standaard: questions/)")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("translations", help="werk de vertalingen van de schermen bij (gettext)")
    p.add_argument("--check", action="store_true", help="alleen controleren, niets schrijven")
    p.set_defaults(func=cmd_translations)

    p = sub.add_parser("demo", help="zet demo-inhoud in een lege database")
    p.add_argument(
        "--db", help="databasebestand of postgresql://-URL (standaard: DIA_SCAN_DB of data/dia_scan.db)"
    )
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--if-empty", action="store_true", help="sla over als de database al gegevens heeft")
    p.add_argument("--questions", nargs="*", help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser(
        "import-responses", help="importeer antwoorden van papieren formulieren (Excel of CSV)"
    )
    p.add_argument("--db", required=True)
    p.add_argument("--round", required=True, help="deelnamecode van de ronde")
    p.add_argument("file")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("paper-form", help="de vragenlijst op papier (PDF) voor een groep van een ronde")
    p.add_argument("--db", required=True)
    p.add_argument("--round", required=True, help="deelnamecode van de ronde")
    p.add_argument("--group", required=True, help="de groep, bijvoorbeeld raad of inwoners")
    p.add_argument("--output", "-o", help="schrijf naar dit bestand")
    p.set_defaults(func=cmd_paper_form)

    p = sub.add_parser("report", help="de uitkomsten van een ronde")
    p.add_argument("--db", required=True)
    p.add_argument("--round", required=True, help="deelnamecode van de ronde")
    p.add_argument("--format", default="json", choices=["json", "html", "pdf", "xlsx"])
    p.add_argument("--output", "-o", help="schrijf naar dit bestand")
    p.add_argument("--questions", nargs="*", help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("checklist-report", help="het rapport van een inclusiviteit-checklist")
    p.add_argument("--db", required=True)
    p.add_argument("--assessment", required=True, help="deelnamecode van de beoordeling")
    p.add_argument("--format", default="html", choices=["html", "pdf", "xlsx"])
    p.add_argument("--output", "-o", help="schrijf naar dit bestand")
    p.add_argument("--questions", nargs="*", help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_checklist_report)

    p = sub.add_parser("backup", help="maak een back-up van de database (ook terwijl de app draait)")
    p.add_argument("--db", required=True, help="het databasebestand of een postgresql://-URL")
    p.add_argument("--to", required=True, help="back-upbestand, of een map voor een bestand met datum")
    p.add_argument("--force", action="store_true", help="vervang een bestaand back-upbestand")
    p.set_defaults(func=backup.cmd_backup)

    p = sub.add_parser("restore", help="zet een back-up terug (de huidige database wordt bewaard)")
    p.add_argument("--from", dest="from_path", required=True, help="het back-upbestand")
    p.add_argument(
        "--db", required=True, help="het databasebestand (of de postgresql://-URL) dat wordt vervangen"
    )
    p.add_argument("--force", action="store_true", help="vervang een bestaande database")
    p.set_defaults(func=backup.cmd_restore)

    p = sub.add_parser("export-anonymised", help="geanonimiseerde export voor onderzoek (CSV + README)")
    p.add_argument("--db", required=True, help="het databasebestand")
    p.add_argument("--to", required=True, help="een lege of nieuwe map")
    p.add_argument("--round", action="append", help="alleen deze ronde (deelnamecode); mag vaker")
    p.add_argument("--with-open-text", action="store_true", help="neem ook de open antwoorden op")
    p.add_argument("--force", action="store_true", help="vervang een eerdere export in de map")
    p.set_defaults(func=anonymised.cmd_export_anonymised)

    from dia_scan.admin.bench import add_bench_parser
    from dia_scan.admin.copy_database import add_copy_database_parser
    from dia_scan.admin.organisations_cli import add_organisation_parsers
    from dia_scan.compare.coordinators import add_hash_password_parser

    add_copy_database_parser(sub)
    add_bench_parser(sub)
    add_hash_password_parser(sub)
    add_organisation_parsers(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except storage.StorageError as err:
        print(f"fout: {err}", file=sys.stderr)
        return 1
    except CatalogError as err:
        print("De vragenlijsten bevatten fouten:", file=sys.stderr)
        for problem in err.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
