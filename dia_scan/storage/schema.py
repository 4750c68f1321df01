"""The schema: every migration in one place, numbered in order; each runs once, inside a transaction, and
running ``migrate()`` again is safe."""

from __future__ import annotations

from collections.abc import Callable

from sqlite_utils import Database

from dia_scan.storage.connection import friendly_errors, now, transaction

Migration = Callable[[Database], None]


MIGRATIONS: list[tuple[int, str, Migration]] = []


def migration(number: int, name: str) -> Callable[[Migration], Migration]:
    def register(fn: Migration) -> Migration:
        MIGRATIONS.append((number, name, fn))
        MIGRATIONS.sort(key=lambda m: m[0])
        return fn

    return register


@friendly_errors
def schema_version(db: Database) -> int:
    if "_migrations" not in db.table_names():
        return 0
    row = db.execute("SELECT MAX(number) FROM _migrations").fetchone()
    return row[0] or 0


def migrate(db: Database) -> list[str]:
    """Apply every migration not applied yet; returns the names applied.

    The applied numbers are read first without a lock, so an up-to-date database never waits for a
    writer; the write lock is only taken when something is pending (and the check repeated under it).
    """
    if "_migrations" not in db.table_names():
        with transaction(db):
            db.execute(
                "CREATE TABLE IF NOT EXISTS _migrations (number INTEGER PRIMARY KEY, name TEXT, applied_at TEXT)"
            )
    done = {row[0] for row in db.execute("SELECT number FROM _migrations").fetchall()}
    applied = []
    for number, name, fn in MIGRATIONS:
        if number in done:
            continue
        with transaction(db):
            if db.execute("SELECT 1 FROM _migrations WHERE number = ?", [number]).fetchone():
                continue
            fn(db)
            db.execute("INSERT INTO _migrations VALUES (?, ?, ?)", [number, name, now()])
            applied.append(name)
    return applied


@migration(1, "initial schema")
def _initial_schema(db: Database) -> None:
    # executescript() would commit the migration's transaction half-way, so run statement by statement
    statements = [
        """CREATE TABLE organisations (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            type TEXT NOT NULL DEFAULT 'gemeente',
            province TEXT,
            size_class TEXT,
            tags TEXT NOT NULL DEFAULT '[]',
            demo INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL
        )""",
        """CREATE TABLE instrument_versions (
            instrument_id TEXT NOT NULL,
            version INTEGER NOT NULL,
            kind TEXT NOT NULL,
            title TEXT NOT NULL,
            body TEXT NOT NULL,
            stored_at TEXT NOT NULL,
            PRIMARY KEY (instrument_id, version)
        )""",
        """CREATE TABLE rounds (
            id INTEGER PRIMARY KEY,
            organisation_id INTEGER NOT NULL REFERENCES organisations(id),
            instrument_id TEXT NOT NULL,
            instrument_version INTEGER NOT NULL,
            title TEXT NOT NULL,
            period_start TEXT,
            period_end TEXT,
            join_code TEXT NOT NULL UNIQUE,
            beheercode_hash TEXT NOT NULL,
            published INTEGER NOT NULL DEFAULT 0,
            closed_at TEXT,
            k INTEGER NOT NULL DEFAULT 5 CHECK (k >= 3),
            custom_questions TEXT NOT NULL DEFAULT '[]',
            results_for_participants INTEGER NOT NULL DEFAULT 0,
            summary_published INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            FOREIGN KEY (instrument_id, instrument_version)
                REFERENCES instrument_versions(instrument_id, version)
        )""",
        "CREATE INDEX idx_rounds_org ON rounds(organisation_id)",
        """CREATE TABLE responses (
            id INTEGER PRIMARY KEY,
            round_id INTEGER NOT NULL REFERENCES rounds(id),
            group_id TEXT NOT NULL,
            token_hash TEXT NOT NULL UNIQUE,
            draft TEXT NOT NULL DEFAULT '{}',
            started_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            submitted_at TEXT
        )""",
        "CREATE INDEX idx_responses_round ON responses(round_id, group_id)",
        """CREATE TABLE answers (
            response_id INTEGER NOT NULL REFERENCES responses(id),
            question_id TEXT NOT NULL,
            value INTEGER,
            dont_know INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (response_id, question_id)
        )""",
        """CREATE TABLE priorities (
            response_id INTEGER NOT NULL REFERENCES responses(id),
            theme_id TEXT NOT NULL,
            PRIMARY KEY (response_id, theme_id)
        )""",
        """CREATE TABLE open_answers (
            id INTEGER PRIMARY KEY,
            response_id INTEGER NOT NULL REFERENCES responses(id),
            round_id INTEGER NOT NULL REFERENCES rounds(id),
            group_id TEXT NOT NULL,
            question_id TEXT NOT NULL,
            text TEXT NOT NULL
        )""",
        "CREATE INDEX idx_open_answers_round ON open_answers(round_id)",
        """CREATE TABLE tallies (
            round_id INTEGER NOT NULL REFERENCES rounds(id),
            group_id TEXT NOT NULL,
            question_id TEXT NOT NULL,
            option TEXT NOT NULL,
            n INTEGER NOT NULL,
            PRIMARY KEY (round_id, group_id, question_id, option)
        ) WITHOUT ROWID""",
        """CREATE TABLE group_counts (
            round_id INTEGER NOT NULL REFERENCES rounds(id),
            group_id TEXT NOT NULL,
            started INTEGER NOT NULL DEFAULT 0,
            submitted INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (round_id, group_id)
        ) WITHOUT ROWID""",
        """CREATE TABLE processes (
            id INTEGER PRIMARY KEY,
            organisation_id INTEGER NOT NULL REFERENCES organisations(id),
            name TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            phase TEXT,
            participation_level TEXT,
            target_groups TEXT NOT NULL DEFAULT '[]',
            created_at TEXT NOT NULL
        )""",
        """CREATE TABLE assessments (
            id INTEGER PRIMARY KEY,
            process_id INTEGER NOT NULL REFERENCES processes(id),
            instrument_id TEXT NOT NULL,
            instrument_version INTEGER NOT NULL,
            title TEXT NOT NULL,
            mode TEXT NOT NULL CHECK (mode IN ('samen', 'apart')),
            join_code TEXT NOT NULL UNIQUE,
            beheercode_hash TEXT NOT NULL,
            published INTEGER NOT NULL DEFAULT 1,
            closed_at TEXT,
            created_at TEXT NOT NULL,
            FOREIGN KEY (instrument_id, instrument_version)
                REFERENCES instrument_versions(instrument_id, version)
        )""",
        """CREATE TABLE assessors (
            id INTEGER PRIMARY KEY,
            assessment_id INTEGER NOT NULL REFERENCES assessments(id),
            token_hash TEXT NOT NULL UNIQUE,
            label TEXT NOT NULL,
            started_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            submitted_at TEXT
        )""",
        """CREATE TABLE checklist_answers (
            assessor_id INTEGER NOT NULL REFERENCES assessors(id),
            criterion_id TEXT NOT NULL,
            option_id TEXT,
            toelichting TEXT NOT NULL DEFAULT '',
            actiepunt TEXT NOT NULL DEFAULT '',
            updated_at TEXT NOT NULL,
            PRIMARY KEY (assessor_id, criterion_id)
        )""",
        """CREATE TABLE actions (
            id INTEGER PRIMARY KEY,
            organisation_id INTEGER NOT NULL REFERENCES organisations(id),
            round_id INTEGER REFERENCES rounds(id),
            assessment_id INTEGER REFERENCES assessments(id),
            wat TEXT NOT NULL,
            waarom TEXT NOT NULL DEFAULT '',
            target_id TEXT,
            wie TEXT NOT NULL DEFAULT '',
            wanneer TEXT,
            status TEXT NOT NULL DEFAULT 'gepland'
                CHECK (status IN ('gepland', 'bezig', 'gedaan', 'gestopt')),
            result_note TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL DEFAULT 'handmatig',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        "CREATE INDEX idx_actions_org ON actions(organisation_id)",
    ]
    for sql in statements:
        db.execute(sql)


# Scores of a round as the comparison needs them (k-safe aggregates from scoring.score_round), kept so
# a comparison of hundreds of organisations only rescores rounds whose counts changed. Numbered 20 to
# stay clear of migrations added in parallel; it depends on nothing after migration 1.
@migration(20, "comparison: cached round scores")
def _round_score_cache(db: Database) -> None:
    db.execute(
        """CREATE TABLE round_score_cache (
            round_id INTEGER PRIMARY KEY,
            fingerprint TEXT NOT NULL,
            body TEXT NOT NULL,
            stored_at TEXT NOT NULL
        )"""
    )


# Paper forms imported into a round: which file (its SHA-256, not its contents) and how many forms,
# so the same file is never counted twice.
@migration(21, "paper forms: imported files")
def _paper_imports(db: Database) -> None:
    db.execute(
        """CREATE TABLE paper_imports (
            round_id INTEGER NOT NULL REFERENCES rounds(id),
            sha256 TEXT NOT NULL,
            responses INTEGER NOT NULL,
            imported_at TEXT NOT NULL,
            PRIMARY KEY (round_id, sha256)
        )"""
    )


# The optional "Over u" questions (age, ...): only counts per round, group, question and option. There is
# deliberately no response id, so these answers cannot be linked to someone's other answers.
@migration(22, "background questions: tallies only")
def _background_tallies(db: Database) -> None:
    db.execute(
        """CREATE TABLE background_tallies (
            round_id INTEGER NOT NULL REFERENCES rounds(id),
            group_id TEXT NOT NULL,
            question_id TEXT NOT NULL,
            option TEXT NOT NULL,
            n INTEGER NOT NULL CHECK (n >= 0),
            PRIMARY KEY (round_id, group_id, question_id, option)
        )"""
    )


# The languages a round offers its participants besides Dutch, as "nl,fy,en" (Dutch always). Rounds made
# before have none stored and offer Dutch only.
@migration(30, "rounds: languages offered to participants")
def _round_languages(db: Database) -> None:
    db.execute("ALTER TABLE rounds ADD COLUMN languages TEXT")


# Organisations picked from the reference list (dia_scan/reference/): which entry (CBS code such as
# GM0358, PV27, or WS01) and the CBS urbanisation class (1 = zeer sterk stedelijk ... 5 = niet stedelijk).
@migration(31, "organisations: reference list entry and urbanisation")
def _organisation_reference(db: Database) -> None:
    db.execute("ALTER TABLE organisations ADD COLUMN reference_code TEXT")
    db.execute("ALTER TABLE organisations ADD COLUMN urbanisation INTEGER")


# An organisation code: a secret (kept only as a hash) with which colleagues prove they belong to the
# organisation when they set up a new round or process for it.
@migration(32, "organisations: organisation code")
def _organisation_code(db: Database) -> None:
    db.execute("ALTER TABLE organisations ADD COLUMN code_hash TEXT")


# Wrong beheercode (and organisation proof) tries per round, assessment or organisation, so the
# slow-down and block hold across browser sessions. blocked_until is seconds since the epoch.
@migration(33, "code access: wrong tries per target")
def _code_attempts(db: Database) -> None:
    db.execute(
        """CREATE TABLE code_attempts (
            scope TEXT NOT NULL,
            target TEXT NOT NULL,
            failed INTEGER NOT NULL DEFAULT 0,
            blocked_until REAL NOT NULL DEFAULT 0,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (scope, target)
        )"""
    )


# A newer CBS list of gemeenten loaded with `dia-scan load-organisations`; empty means the list shipped
# with the package (dia_scan/reference/) is used.
@migration(34, "reference list: loaded gemeenten")
def _reference_gemeenten(db: Database) -> None:
    db.execute(
        """CREATE TABLE reference_gemeenten (
            code TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            province TEXT NOT NULL,
            size_code INTEGER NOT NULL,
            urbanisation INTEGER NOT NULL,
            inhabitants INTEGER NOT NULL,
            source TEXT NOT NULL,
            loaded_at TEXT NOT NULL
        )"""
    )


# The phase the process was in when an assessment was made: criteria that cannot apply yet in that phase
# (terugkoppeling while still in voorbereiding) are shown as such, not scored. Existing assessments take
# the process's phase as it is now, the best that is known.
@migration(36, "checklist: phase of each assessment")
def _assessment_phase(db: Database) -> None:
    db.execute("ALTER TABLE assessments ADD COLUMN phase TEXT")
    db.execute(
        "UPDATE assessments SET phase = (SELECT p.phase FROM processes p WHERE p.id = assessments.process_id)"
    )


# Who fill in an assessment (the project team, participants, bestuurders, ambtenaren), as a JSON list of
# ids; the checklist is meant to be gone through together with those concerned. Existing ones: the team.
@migration(37, "checklist: who fill in each assessment")
def _assessment_who(db: Database) -> None:
    db.execute("ALTER TABLE assessments ADD COLUMN who TEXT NOT NULL DEFAULT '[\"team\"]'")


# The languages an assessment offers its assessors, as "nl,fy,en" (Dutch always), chosen when it is
# started, like a round's (migration 30). Assessments from before could be filled in in every language,
# so they keep all three.
@migration(38, "checklist: languages offered to assessors")
def _assessment_languages(db: Database) -> None:
    db.execute("ALTER TABLE assessments ADD COLUMN languages TEXT")
    db.execute("UPDATE assessments SET languages = 'nl,fy,en'")
