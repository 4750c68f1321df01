"""A throwaway PostgreSQL cluster for the tests, from Debian's ``postgresql`` package.

``initdb`` in a temporary folder, ``postgres`` on a free port on 127.0.0.1 (and its socket in that folder),
run as an unprivileged user (``nobody`` when the tests run as root, as PostgreSQL refuses root), stopped and
removed afterwards. Durability is switched off (``fsync=off``): the cluster lives for one test session,
and locking, transactions and constraints behave exactly as with it on.

Each test gets a database of its own, copied from a template (``CREATE DATABASE ... TEMPLATE``), which is
much cheaper than migrating a new schema."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import psycopg

from dia_scan.storage import postgres_idle


def binaries() -> Path | None:
    """The bin folder of the newest PostgreSQL installed by Debian's package, or None (also when
    DIA_SCAN_TEST_POSTGRES=0 switches the PostgreSQL half off)."""
    if os.environ.get("DIA_SCAN_TEST_POSTGRES") == "0":
        return None
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[4]))
    return Path(found[-1]).parent if found else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """One running PostgreSQL server; ``new_database()`` hands out fresh databases."""

    SUPERUSER = "dia"

    def __init__(self, bin_dir: Path):
        self.bin = bin_dir
        self.folder = Path(tempfile.mkdtemp(prefix="dia-scan-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.user = None
        if os.geteuid() == 0:
            self.user = pwd.getpwnam("nobody").pw_uid
            os.chown(self.folder, self.user, -1)

    def _run(self, *args: str) -> None:
        subprocess.run(
            [str(self.bin / args[0]), *args[1:]],
            check=True,
            user=self.user,
            cwd=self.folder,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    def start(self) -> Cluster:
        self._run(
            "initdb", "-D", str(self.data), "-U", self.SUPERUSER, "--auth=trust", "-E", "UTF8", "--no-locale"
        )
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.folder} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.folder / "log"), "-o", options, "-w", "start"
        )
        return self

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{self.SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def admin(self) -> psycopg.Connection:
        return psycopg.connect(self.url(), autocommit=True)

    def new_database(self, template: str | None = None) -> str:
        """A new, empty (or copied) database; returns its URL."""
        name = f"t_{uuid.uuid4().hex[:12]}"
        if template:  # a template database is copied only with nobody connected to it
            postgres_idle.close_all(self.url(template))
        with self.admin() as conn:
            conn.execute(f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else ""))
        return self.url(name)

    def drop(self, url: str) -> None:
        name = url.rsplit("/", 1)[1]
        postgres_idle.close_all(url)
        with self.admin() as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def start() -> Cluster | None:
    """A started cluster, or None when Debian's postgresql package is not installed."""
    bin_dir = binaries()
    return Cluster(bin_dir).start() if bin_dir else None
