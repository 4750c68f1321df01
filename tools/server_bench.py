"""The benchmark that counts: the real Streamlit server, driven by real browsers.

    .venv/bin/python tools/server_bench.py --participants 30 --json out.json

`dia-scan bench` measures the data layer (queries, reports, SQLite under 200 writers). A workshop's
participants meet something else: one `streamlit run app.py` process that reruns the page script for
every click of every phone. This tool measures that, against a bare Streamlit page with the same
widgets, in one run.

Method
------
1. A fresh demo database (`dia-scan demo`) in a temporary folder; the participants answer the first
   open round of the gemeente Quick Scan (its join code is read from the database). ONE server,
   `streamlit run app.py` on 127.0.0.1 on a free port, is pinned to one core (`taskset`, core 0 by
   default); this process, Playwright's driver and Chromium are pinned to the other core(s).
2. N participants (default 30), each a context and page of one headless Chromium on a phone-sized
   viewport, driven concurrently with Playwright's async API. Each answers the whole round as a
   participant does: opens the join link (`/meedoen?code=...`), picks a group (raad, college,
   organisatie, inwoners in turn), "Beginnen", "Start de vragenlijst", then on every screen taps one
   answer pill for every statement and "Volgende": the priorities (ticks as many themes as allowed),
   the round's own statement, the open questions (skipped), "Over u" (answers a random few, skips the
   rest), and "Versturen" until "Bedankt!". The choices come from a seeded random generator.
   Every click reruns the page script. For every click the page itself records the time from the
   click event to the settled screen (click-to-screen): the server's `script_finished` message for
   the rerun has arrived and Streamlit has handled it (a small hook in the page reads the websocket
   after Streamlit's own listener), React has drawn it, Streamlit shows no running state and no
   stale element, and after a click that changes the screen the next screen's text is there. The
   times are taken inside the page (`performance.now()`), so Playwright's round trips are not in
   them; the browsers' own work to draw the screen is.
   Interactions are the page loads plus the clicks: everything a participant does that runs the
   script on the server.
3. Server CPU: utime+stime (and those of reaped children) of the server process and every process
   below it, from /proc/<pid>/stat, before the participants start (after one warm-up page load) and
   after the last one is done. CPU per interaction = the difference / interactions. The browser
   side's CPU (this process, Playwright's driver, Chromium) is read the same way, to show whether
   the browsers' core was the bottleneck.
4. The same with `tools/bare_page.py`: plain Streamlit, no database, the same screens (six statements
   with the same 5+1 answer pills and "Volgende" each, as many screens as the real round has for the
   group, a send button). The same participants make the same clicks (a tick on the priorities
   screen becomes a pill there). The bare page is measured first, then the app, each with its own
   server on the same core.
5. After the app's run the submitted responses of the round are counted in the database (responses
   with `submitted_at`), per group, against the participants that saw "Bedankt!": lost (fewer
   stored) and duplicated (more). Errors: participants whose journey failed (a timeout, a screen
   that did not come, an error or exception shown). The stored answers are counted as well.
6. A JSON file with every figure and a short table: CPU per interaction and click-to-screen p50/p95
   for both, the ratios app/bare, errors, lost, duplicated.

Pace: the participants arrive evenly over `--ramp` seconds (default 60: the room scans the QR code)
and pause before each click a random 0.5x to 1.5x of `--think` seconds (default 8: reading the next
statement). The pace matters because the browsers are heavier than the server: Chromium needs
0.1 to 0.2 s of CPU to draw one rerun of a Streamlit page, more than the server needs to make it.
With `--think 0` the browsers' core is saturated first and both pages' click-to-screen become a
queue in the browsers; the table shows how busy each side was (CPU seconds / wall seconds).
`tools/ws_load.py` makes the same journeys through Streamlit's websocket protocol without browsers, for
as many participants as one server core carries.
`--server-option runner.postScriptGC=false` passes a Streamlit option to both servers;
`--profile DIR` records the servers with py-spy (if installed) while the participants answer.
The app freezes its long-lived objects out of the garbage collector's sight once per process
(`dia_scan/ui/startup.py`); the bare page, as Streamlit ships, does not, so Streamlit's full collection
after every run walks all of its imports. `--bare-freeze` makes the bare page freeze as well: the
difference is then the app's own work per click.

Engines and servers: `--engine postgresql` runs the app on PostgreSQL (a throwaway cluster from
tests/postgres_cluster.py pinned to the server core, or `--pg-url`); `--engine both` runs an app server on
SQLite and one on PostgreSQL at the same time, on the same core, with the same participants, and compares
the servers' CPU plus that of PostgreSQL's processes (on SQLite the database works inside the server).
`--nginx` adds two servers on a PostgreSQL cluster of their own behind the nginx of docs/deploy. Stored
responses are counted through the storage package, so the same on either engine.

Over 1,000 lines because the in-page timing hook, the participants' journeys, the servers it starts
and the figures are one measurement that nothing else imports; splitting it would only spread one run
over several files.

One run is one draw: on a shared machine, read the ratios, measured in the same run, more than the
milliseconds.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import importlib.util
import json
import os
import platform
import pwd
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BARE_PAGE = ROOT / "tools" / "bare_page.py"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
INSTRUMENT = "quickscan-gemeente"
GROUP_ORDER = ["raad", "college", "organisatie", "inwoners"]
TARGET_CPU_RATIO = 1.15
TARGET_P95_RATIO = 1.5
TARGET_ENGINE_CPU_RATIO = 1.1  # issue 16: the app on PostgreSQL at most 1.1x its CPU on SQLite
PILLS = '[data-testid="stButtonGroup"]'
CHECKBOX_LABELS = '[data-testid="stCheckbox"] label'

# -- in the page -----------------------------------------------------------------------------------

#: Installed before the page's own scripts. It counts the server's script runs from the websocket
#: (ForwardMsg field 4 new_session starts a run, field 6 script_finished ends one; a finish with
#: status 0 or 3 is a run that ran to its end, 2 one that stopped for a rerun) and times each click:
#: from the click event (capture phase, so before any widget sees it) until the screen has settled.
#: Settled: a run has finished since the click and Streamlit has handled that message (the counting
#: listener is added right after Streamlit's own, so it runs after Streamlit's handler and its
#: microtasks), React has had its turn to draw it (a MessageChannel message posted then arrives after
#: React's scheduled render), Streamlit shows no running state and no stale element, and the text the
#: driver expects for this click (the next step, "Bedankt!") is on the screen.
HOOK = r"""
(() => {
  if (window.__bench) return;
  const B = window.__bench = {started: 0, finished: 0, drawn: 0, pending: false, expect: '', results: []};
  const tick = new MessageChannel();
  tick.port1.onmessage = (e) => { B.drawn = e.data; if (B.check) B.check(); if (B.loaded) B.loaded(); };
  function varint(b, p) {
    let value = 0, scale = 1;
    while (p < b.length) {
      const byte = b[p++];
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) break;
      scale *= 128;
    }
    return [value, p];
  }
  function inspect(data) {
    if (!(data instanceof ArrayBuffer)) return;
    const b = new Uint8Array(data);
    let p = 0;
    while (p < b.length) {
      let tag, value;
      [tag, p] = varint(b, p);
      const fieldNo = Math.floor(tag / 8), wire = tag % 8;
      if (wire === 0) {
        [value, p] = varint(b, p);
        if (fieldNo === 6 && (value === 0 || value === 3)) tick.port2.postMessage(++B.finished);
      } else if (wire === 2) {
        [value, p] = varint(b, p);
        if (fieldNo === 4) B.started++;
        p += value;
      } else if (wire === 1) p += 8;
      else if (wire === 5) p += 4;
      else return;
    }
  }
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    addEventListener(type, listener, options) {
      super.addEventListener(type, listener, options);
      if (type === 'message' && !this.__counted) {
        this.__counted = true;
        super.addEventListener('message', (e) => inspect(e.data));
      }
    }
  };
  B.settled = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app) return false;
    const state = app.getAttribute('data-test-script-state');
    if (state === 'running' || state === 'rerunRequested') return false;
    const status = document.querySelector('[data-testid="stStatusWidget"]');
    if (status && status.innerText.includes('Running')) return false;
    if (document.querySelector('[data-stale="true"]')) return false;
    if (!B.expect) return true;
    const main = document.querySelector('[data-testid="stMain"]');
    return !!main && main.textContent.includes(B.expect);
  };
  const errors = () =>
    document.querySelectorAll('[data-testid="stException"], [data-testid="stAlertContentError"]').length;
  // The screen can only settle through a change of the page or a run drawn: check then, not on a timer.
  function check() {
    if (!B.pending || B.drawn <= B.finishedAtClick || !B.settled()) return;
    B.pending = false;
    B.expect = '';
    B.results.push({
      click: B.clickAt, settled: performance.now(), runs: B.started - B.startedAtClick, errors: errors(),
    });
    if (B.waiter) B.waiter();
  }
  B.check = check;
  new MutationObserver(check).observe(document, {
    subtree: true, childList: true, attributes: true, characterData: true,
  });
  window.addEventListener('click', () => {
    if (B.pending) return;  // a label's click on its input is part of the same tap
    B.pending = true;
    B.clickAt = performance.now();
    B.finishedAtClick = B.finished;
    B.startedAtClick = B.started;
  }, true);
})();
"""

#: Resolves with the n-th click's result once the page has it.
WAIT_CLICK = """(n) => new Promise((resolve) => {
  const B = window.__bench;
  const done = () => { if (B.results.length > n) { B.waiter = null; resolve(B.results[n]); } };
  B.waiter = done;
  done();
})"""

#: Resolves when the first run after the page load has been drawn and settled: the load time.
WAIT_LOAD = """() => new Promise((resolve) => {
  const B = window.__bench;
  const done = () => {
    if (B.drawn >= 1 && B.settled()) {
      B.loaded = null;
      resolve({ms: performance.now(), runs: B.started});
    }
  };
  B.loaded = done;
  new MutationObserver((_, observer) => { if (!B.loaded) observer.disconnect(); else done(); })
    .observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
  done();
})"""

#: The text the next click must bring to the screen.
EXPECT = "(text) => { window.__bench.expect = text; }"


class BenchError(RuntimeError):
    pass


# -- what each participant does ------------------------------------------------------------------


@dataclass
class Pick:
    widget: str  # "pill": a pill in the index-th pill group of the screen; "check": the index-th checkbox
    index: int
    label: str


@dataclass
class Screen:
    kind: str  # theme, priorities, open, background (as the app's steps)
    app: list[Pick]
    bare: list[Pick]


@dataclass
class Plan:
    number: int
    group_id: str
    group_label: str
    steps: int  # N in "Stap i van N": the review screen is step N
    screens: list[Screen]  # steps 1 to N-1

    @property
    def statements(self) -> int:
        return sum(len(s.app) for s in self.screens if s.kind == "theme")


@dataclass
class Click:
    """One tap of a participant: what (the radio option, button or pill with this label; the index-th
    pill group or checkbox of the screen), and the text the screen must show after it (if any)."""

    kind: str  # group, begin, start, answer, next, send
    widget: str  # radio, button, pill, check
    label: str = ""
    index: int = 0
    expect: str = ""


def journey_clicks(plan: Plan, variant: str) -> list[Click]:
    """Every tap of a participant's whole journey after the page load, in order, on the app or the bare
    page (the same for Chromium here and for the websocket client of tools/ws_load.py)."""
    clicks = [
        Click("group", "radio", plan.group_label),
        Click("begin", "button", "Beginnen", expect="Start de vragenlijst"),
        Click("start", "button", "Start de vragenlijst", expect=f"Stap 1 van {plan.steps}"),
    ]
    for number, screen in enumerate(plan.screens, start=1):
        for pick in screen.app if variant == "app" else screen.bare:
            clicks.append(Click("answer", pick.widget, pick.label, pick.index))
        clicks.append(Click("next", "button", "Volgende", expect=f"Stap {number + 1} van {plan.steps}"))
    clicks.append(Click("send", "button", "Versturen", expect="Bedankt!"))
    return clicks


def _exists(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:  # its parent package does not exist
        return False


def _module(*names: str):
    """The first of these modules that exists (the package's modules are being moved around)."""
    for name in names:
        if _exists(name):
            return importlib.import_module(name)
    raise ImportError(f"none of {names}")


def _cli_module() -> str:
    return next((n for n in ("dia_scan.admin.cli", "dia_scan.cli") if _exists(n)), "dia_scan.cli")


def make_plans(
    db_path: Path, round_id: int, participants: int, seed: int, bare_labels: list[str]
) -> list[Plan]:
    """Each participant's group and clicks, from the round's questionnaire as the app shows it."""
    storage = _module("dia_scan.storage")
    rounds = _module("dia_scan.quickscan.rounds", "dia_scan.rounds")
    drafts = _module("dia_scan.quickscan.drafts", "dia_scan.drafts")
    db = storage.connect(db_path)
    try:
        instrument = rounds.round_instrument(db, storage.get_round(db, round_id))
    finally:
        db.close()
    ids = [g.id for g in instrument.groups]
    groups = [g for g in GROUP_ORDER if g in ids] + [g for g in ids if g not in GROUP_ORDER]
    rng = random.Random(seed)
    plans = []
    for number in range(participants):
        group_id = groups[number % len(groups)]
        steps = drafts.answer_steps(instrument, group_id)
        screens = []
        for step in steps[1:-1]:
            app: list[Pick] = []
            bare: list[Pick] = []
            if step.kind == "theme":
                for index, statement in enumerate(step.statements):
                    scale = instrument.scale_of(statement)
                    labels = [p.label for p in scale.points] + ([scale.dont_know] if scale.dont_know else [])
                    label = rng.choice(labels)
                    app.append(Pick("pill", index, label))
                    bare.append(
                        Pick("pill", index, label if label in bare_labels else rng.choice(bare_labels))
                    )
            elif step.kind == "priorities" and instrument.priorities is not None:
                themes = drafts.priority_options(instrument, group_id)
                chosen = sorted(
                    rng.sample(range(len(themes)), min(instrument.priorities.max_choices, len(themes)))
                )
                app = [Pick("check", i, themes[i].title) for i in chosen]
                bare = [Pick("pill", j, rng.choice(bare_labels)) for j in range(len(chosen))]
            elif step.kind == "background":
                questions = list(step.background)
                chosen = sorted(rng.sample(range(len(questions)), rng.randint(0, len(questions))))
                app = [Pick("pill", i, rng.choice(questions[i].options).label) for i in chosen]
                bare = [Pick("pill", i, rng.choice(bare_labels)) for i in chosen]
            screens.append(Screen(step.kind, app, bare))
        plans.append(Plan(number, group_id, instrument.group(group_id).label, len(steps) - 1, screens))
    return plans


# -- processes -------------------------------------------------------------------------------------

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _proc_table() -> dict[int, tuple[int, int]]:
    """pid -> (parent pid, CPU ticks: utime+stime plus those of its reaped children)."""
    table = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        table[int(entry)] = (int(fields[1]), sum(int(x) for x in fields[11:15]))
    return table


def tree_cpu_by_name(root: int, exclude: set[int] | frozenset[int] = frozenset()) -> dict[str, float]:
    """CPU seconds of a process and every process below it (minus the subtrees of `exclude`), per
    process name (chromium's renderers and its browser process share a name)."""
    table = _proc_table()
    children: dict[int, list[int]] = {}
    for pid, (ppid, _) in table.items():
        children.setdefault(ppid, []).append(pid)
    totals: dict[str, float] = {}
    todo = [root]
    while todo:
        pid = todo.pop()
        if pid in exclude or pid not in table:
            continue
        try:
            with open(f"/proc/{pid}/comm") as f:
                name = f.read().strip()
        except OSError:
            name = "?"
        totals[name] = totals.get(name, 0.0) + table[pid][1] / CLOCK_TICKS
        todo += children.get(pid, [])
    return totals


def tree_cpu(root: int, exclude: set[int] | frozenset[int] = frozenset()) -> float:
    """CPU seconds of a process and every process below it (minus the subtrees of `exclude`)."""
    return sum(tree_cpu_by_name(root, exclude).values())


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


#: Every server this run started: their CPU is the servers', not the browsers'.
SERVER_PIDS: set[int] = set()


@dataclass
class Server:
    proc: subprocess.Popen
    base: str
    log: Path

    def affinity(self) -> str:
        try:
            with open(f"/proc/{self.proc.pid}/status") as f:
                return next(line.split(":")[1].strip() for line in f if line.startswith("Cpus_allowed_list"))
        except (OSError, StopIteration):
            return "?"

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def start_server(script: Path, env: dict[str, str], core: int, log: Path, options: list[str] = ()) -> Server:
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    command = [
        *(sys.executable, "-m", "streamlit", "run", str(script)),
        *("--server.address", "127.0.0.1", "--server.port", str(port)),
        *("--server.headless", "true", "--browser.gatherUsageStats", "false"),
        *("--server.fileWatcherType", "none"),
        *(part for option in options for part in (f"--{option.split('=', 1)[0]}", option.split("=", 1)[1])),
    ]
    if shutil.which("taskset"):
        command = ["taskset", "-c", str(core), *command]
        preexec = None
    else:

        def preexec() -> None:
            os.sched_setaffinity(0, {core})

    with open(log, "w") as out:
        proc = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**env, "DIA_SCAN_BASE_URL": base},
            stdout=out,
            stderr=subprocess.STDOUT,
            preexec_fn=preexec,
        )
    server = Server(proc, base, log)
    SERVER_PIDS.add(proc.pid)
    deadline = time.time() + 90
    while time.time() < deadline:
        if proc.poll() is not None:
            break
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return server
        except OSError:
            time.sleep(0.3)
    server.stop()
    raise BenchError("streamlit did not start: " + log.read_text()[-2000:])


# -- the participants --------------------------------------------------------------------------------


@dataclass
class Journey:
    plan: Plan
    load_ms: float | None = None
    clicks: list[dict] = field(default_factory=list)  # kind, ms, runs
    script_runs: int = 0
    sent: bool = False
    error: str | None = None
    seconds: float = 0.0
    context: object = None


class Driver:
    def __init__(self, browser, variant: str, think: float, timeout: float, seed: int):
        self.browser, self.variant, self.think, self.timeout = browser, variant, think, timeout
        self.seed = seed

    async def _click(
        self, page, journey: Journey, rng: random.Random, locator, kind: str, expect: str = ""
    ) -> dict:
        """Click, and wait for the settled screen (with the expected text on it, if given)."""
        if self.think:
            await asyncio.sleep(self.think * rng.uniform(0.5, 1.5))
        if expect:
            await page.evaluate(EXPECT, expect)
        await locator.click()
        n = len(journey.clicks)
        try:
            result = await asyncio.wait_for(page.evaluate(WAIT_CLICK, n), self.timeout)
        except TimeoutError:
            raise BenchError(f"no settled screen {self.timeout:.0f} s after click {n} ({kind})") from None
        journey.clicks.append(
            {"kind": kind, "ms": result["settled"] - result["click"], "runs": result["runs"]}
        )
        journey.script_runs += result["runs"]
        if result["errors"]:
            text = await page.locator('[data-testid="stMain"]').inner_text()
            raise BenchError(f"error shown after click {n} ({kind}): {text[:300]!r}")
        return result

    async def journey(self, url: str, plan: Plan, arrival: float = 0.0) -> Journey:
        await asyncio.sleep(arrival)
        journey = Journey(plan)
        rng = random.Random(f"{self.seed}-{self.variant}-{plan.number}")
        started = time.perf_counter()
        context = await self.browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL")
        journey.context = context
        await context.add_init_script(HOOK)
        page = await context.new_page()
        page.set_default_timeout(self.timeout * 1000)
        try:
            await page.goto(url)
            loaded = await asyncio.wait_for(page.evaluate(WAIT_LOAD), self.timeout)
            journey.load_ms, journey.script_runs = loaded["ms"], loaded["runs"]
            for click in journey_clicks(plan, self.variant):
                if click.widget == "radio":
                    target = page.get_by_text(click.label, exact=True).first
                elif click.widget == "button":
                    target = page.get_by_role("button", name=click.label)
                elif click.widget == "pill":
                    pills = page.locator(PILLS).nth(click.index)
                    target = pills.get_by_role("radio", name=click.label, exact=True)
                else:
                    target = page.locator(CHECKBOX_LABELS).nth(click.index)
                await self._click(page, journey, rng, target, click.kind, click.expect)
            journey.sent = True
        except Exception as err:  # noqa: BLE001 - every failure is one participant's error, reported
            journey.error = f"{type(err).__name__}: {(str(err).strip().splitlines() or [''])[0][:300]}"
        journey.seconds = time.perf_counter() - started
        return journey


def _start_profiler(server: Server, variant: str, folder: Path | None) -> subprocess.Popen | None:
    """py-spy on the server while the participants answer (`--profile DIR`), as collapsed stacks."""
    if folder is None:
        return None
    spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    folder.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen(
        [spy, "record", "--pid", str(server.proc.pid), "--format", "raw", "--threads", "--nonblocking"]
        + ["--rate", "200", "-o", str(folder / f"{variant}.txt")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _stop_profiler(profiler: subprocess.Popen | None) -> None:
    if profiler is not None:
        profiler.send_signal(signal.SIGINT)
        profiler.wait(timeout=60)


async def _warm_up(browser, url: str, timeout: float) -> None:
    """One page load, not measured: the server's first run imports and caches what every run uses."""
    context = await browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL")
    await context.add_init_script(HOOK)
    page = await context.new_page()
    await page.goto(url)
    await asyncio.wait_for(page.evaluate(WAIT_LOAD), timeout)
    await context.close()


async def run_variant(
    browser,
    variant: str,
    server: Server,
    urls: list[str],
    plans: list[Plan],
    args,
    label: str | None = None,
    database_pid: int | None = None,
    more_servers: tuple[Server, ...] = (),
    proxy_pid: int | None = None,
) -> tuple[dict, list[Journey]]:
    """One page's participants on one server (or on ``server`` and ``more_servers`` behind the proxy
    ``proxy_pid``, whose address the urls name). ``variant`` says what they click (bare or app); ``label``
    names the result; ``database_pid``: a database server whose CPU counts as the app's (PostgreSQL)."""
    driver = Driver(browser, variant, args.think, args.timeout, args.seed)
    await _warm_up(browser, urls[0], args.timeout)
    await asyncio.sleep(1.0)  # let the warm-up session's end settle
    own = os.getpid()
    servers = set(SERVER_PIDS)
    every_server = [server, *more_servers]
    server_before = [tree_cpu(one.proc.pid) for one in every_server]
    database_before = tree_cpu(database_pid) if database_pid else 0.0
    proxy_before = tree_cpu(proxy_pid) if proxy_pid else 0.0
    browser_before = tree_cpu_by_name(own, exclude=servers)
    load_before = os.getloadavg()[0]
    profiler = _start_profiler(server, variant, args.profile)
    started = time.perf_counter()
    step = args.ramp / len(plans) if plans else 0.0
    journeys = await asyncio.gather(
        *(driver.journey(url, plan, i * step) for i, (url, plan) in enumerate(zip(urls, plans, strict=True)))
    )
    wall = time.perf_counter() - started
    per_server = [tree_cpu(one.proc.pid) - b for one, b in zip(every_server, server_before, strict=True)]
    server_cpu = sum(per_server)
    database_cpu = tree_cpu(database_pid) - database_before if database_pid else 0.0
    proxy_cpu = tree_cpu(proxy_pid) - proxy_before if proxy_pid else 0.0
    browser_after = tree_cpu_by_name(own, exclude=servers)
    browser_cpu = {k: round(v - browser_before.get(k, 0.0), 2) for k, v in browser_after.items()}
    load_after = os.getloadavg()[0]
    _stop_profiler(profiler)
    for journey in journeys:
        await journey.context.close()
    summary = summarise(
        label or variant, journeys, server_cpu, browser_cpu, wall, (load_before, load_after), database_cpu
    )
    if more_servers:
        summary["servers"] = len(every_server)
        summary["server_cpu_s_each"] = [round(x, 2) for x in per_server]
        summary["proxy_cpu_s"] = round(proxy_cpu, 2)
        if summary["interactions"]:
            summary["proxy_cpu_ms_per_interaction"] = round(1000 * proxy_cpu / summary["interactions"], 2)
            # what the whole installation spends per interaction: servers, database and nginx
            summary["server_and_database_cpu_ms_per_interaction"] = round(
                1000 * (server_cpu + database_cpu + proxy_cpu) / summary["interactions"], 2
            )
    return summary, journeys


# -- figures -----------------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float | None:
    """Linear interpolation between the closest ranks (numpy's default)."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def spread(values: list[float]) -> dict:
    def r(x):
        return None if x is None else round(x, 1)

    return {
        "n": len(values),
        "p50": r(percentile(values, 50)),
        "p95": r(percentile(values, 95)),
        "p99": r(percentile(values, 99)),
        "max": r(max(values)) if values else None,
    }


def summarise(
    variant,
    journeys: list[Journey],
    server_cpu,
    browser_cpu,
    wall,
    loads,
    database_cpu: float = 0.0,
    side: str = "browser",
) -> dict:
    """The figures of one page's participants. ``side`` names what drove them (browser here, client in
    tools/ws_load.py) in the keys of ``browser_cpu``'s figures."""
    clicks = [c for j in journeys for c in j.clicks]
    loads_ms = [j.load_ms for j in journeys if j.load_ms is not None]
    interactions = len(clicks) + len(loads_ms)

    def per_interaction(seconds: float) -> float | None:
        return round(1000 * seconds / interactions, 2) if interactions else None

    kinds = sorted({c["kind"] for c in clicks})
    return {
        "variant": variant,
        "participants": len(journeys),
        "interactions": interactions,
        "page_loads": len(loads_ms),
        "clicks": len(clicks),
        "script_runs": sum(j.script_runs for j in journeys),
        "sent": sum(j.sent for j in journeys),
        "errors": sum(j.error is not None for j in journeys),
        "error_messages": [f"participant {j.plan.number}: {j.error}" for j in journeys if j.error],
        "server_cpu_s": round(server_cpu, 2),
        "server_cpu_ms_per_interaction": per_interaction(server_cpu),
        # PostgreSQL's own processes (SQLite's work is inside the server process): 0 on SQLite
        "database_cpu_s": round(database_cpu, 2),
        "database_cpu_ms_per_interaction": per_interaction(database_cpu),
        "server_and_database_cpu_ms_per_interaction": per_interaction(server_cpu + database_cpu),
        f"{side}_cpu_s": round(sum(browser_cpu.values()), 2),
        f"{side}_cpu_s_by_process": {k: v for k, v in sorted(browser_cpu.items()) if v},
        "wall_s": round(wall, 1),
        "server_core_busy": round(server_cpu / wall, 2) if wall else None,
        f"{side}_busy": round(sum(browser_cpu.values()) / wall, 2) if wall else None,
        "click_to_screen_ms": spread([c["ms"] for c in clicks]),
        "click_to_screen_ms_by_kind": {k: spread([c["ms"] for c in clicks if c["kind"] == k]) for k in kinds},
        "page_load_ms": spread(loads_ms),
        "load_average": [round(x, 2) for x in loads],
        "participant_seconds": spread([j.seconds for j in journeys]),
    }


def _storage():
    return _module("dia_scan.storage")


def submitted_counts(target: Path | str, round_id: int) -> tuple[dict[str, int], int]:
    """Submitted responses of the round per group, and the highest response id, through the storage
    package (so the same on SQLite and on PostgreSQL)."""
    storage = _storage()
    db = storage.connect(target)
    try:
        counts = {
            row["group_id"]: row["n"]
            for row in storage.fetch_all(
                db,
                "SELECT group_id, COUNT(*) AS n FROM responses WHERE round_id = ? AND submitted_at IS NOT NULL"
                " GROUP BY group_id",
                [round_id],
            )
        }
        last = storage.fetch_one(db, "SELECT COALESCE(MAX(id), 0) AS last FROM responses")["last"]
    finally:
        db.close()
    return counts, last


def stored_responses(
    target: Path | str, round_id: int, before: dict[str, int], last_id: int, journeys
) -> dict:
    after, _ = submitted_counts(target, round_id)
    sent: dict[str, int] = {}
    for plan, ok in journeys:
        if ok:
            sent[plan.group_id] = sent.get(plan.group_id, 0) + 1
    groups = sorted(set(sent) | set(after) | set(before))
    stored = {g: after.get(g, 0) - before.get(g, 0) for g in groups}
    storage = _storage()
    db = storage.connect(target)
    try:
        answers = storage.fetch_one(
            db,
            "SELECT COUNT(*) AS n FROM answers WHERE response_id IN (SELECT id FROM responses"
            " WHERE round_id = ? AND id > ? AND submitted_at IS NOT NULL)",
            [round_id, last_id],
        )["n"]
    finally:
        db.close()
    return {
        "sent": sum(sent.values()),
        "stored": sum(stored.values()),
        "lost": sum(max(0, sent.get(g, 0) - stored[g]) for g in groups),
        "duplicated": sum(max(0, stored[g] - sent.get(g, 0)) for g in groups),
        "per_group": {g: {"sent": sent.get(g, 0), "stored": stored[g]} for g in groups},
        "answers_sent": sum(plan.statements for plan, ok in journeys if ok),
        "answers_stored": answers,
    }


def _ratio(a, b) -> float | None:
    return round(a / b, 2) if a is not None and b else None


def version_of(command: list[str]) -> str:
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "?"


def engine_ratios(sqlite: dict | None, pg: dict | None) -> dict:
    """PostgreSQL over SQLite, the same participants at the same time."""

    def get(variant, *path):
        for key in path:
            variant = None if variant is None else variant.get(key)
        return variant

    return {
        "server_and_database_cpu_per_interaction": _ratio(
            get(pg, "server_and_database_cpu_ms_per_interaction"),
            get(sqlite, "server_and_database_cpu_ms_per_interaction"),
        ),
        "server_cpu_per_interaction": _ratio(
            get(pg, "server_cpu_ms_per_interaction"), get(sqlite, "server_cpu_ms_per_interaction")
        ),
        "p50": _ratio(get(pg, "click_to_screen_ms", "p50"), get(sqlite, "click_to_screen_ms", "p50")),
        "p95": _ratio(get(pg, "click_to_screen_ms", "p95"), get(sqlite, "click_to_screen_ms", "p95")),
    }


def engine_table(
    result: dict, other: str = "postgresql", titles=("SQLite", "PostgreSQL"), base: str = ""
) -> str:
    """The app ("app", or "app_<base>") beside another run of it in the same run ("app_<other>")."""
    suffix = f"_{base}" if base else ""
    sqlite, pg = result[f"app{suffix}"], result[f"app_{other}"]
    ratios = engine_ratios(sqlite, pg)
    stored, stored_pg = result.get(f"responses{suffix}") or {}, result.get(f"responses_{other}") or {}

    def cell(variant, key, *path):
        value = variant.get(key)
        for part in path:
            value = None if value is None else value.get(part)
        return "-" if value is None else str(value)

    rows = [
        ("the app on", titles[0], titles[1], f"{titles[1]}/{titles[0]}"),
        ("interactions", cell(sqlite, "interactions"), cell(pg, "interactions"), ""),
        (
            "server + database (+ nginx) CPU ms per interaction",
            cell(sqlite, "server_and_database_cpu_ms_per_interaction"),
            cell(pg, "server_and_database_cpu_ms_per_interaction"),
            f"{ratios['server_and_database_cpu_per_interaction']}x"
            + (f" (target <= {TARGET_ENGINE_CPU_RATIO}x)" if other == "postgresql" else ""),
        ),
        (
            "  of which the Streamlit server",
            cell(sqlite, "server_cpu_ms_per_interaction"),
            cell(pg, "server_cpu_ms_per_interaction"),
            f"{ratios['server_cpu_per_interaction']}x",
        ),
        (
            "  of which PostgreSQL's processes",
            cell(sqlite, "database_cpu_ms_per_interaction"),
            cell(pg, "database_cpu_ms_per_interaction"),
            "",
        ),
        (
            "  of which nginx",
            cell(sqlite, "proxy_cpu_ms_per_interaction"),
            cell(pg, "proxy_cpu_ms_per_interaction"),
            "",
        ),
        (
            "click-to-screen p50 / p95 ms",
            f"{cell(sqlite, 'click_to_screen_ms', 'p50')} / {cell(sqlite, 'click_to_screen_ms', 'p95')}",
            f"{cell(pg, 'click_to_screen_ms', 'p50')} / {cell(pg, 'click_to_screen_ms', 'p95')}",
            f"{ratios['p50']}x / {ratios['p95']}x",
        ),
        (
            "database connections opened per interaction",
            cell(sqlite, "database_sessions_per_interaction"),
            cell(pg, "database_sessions_per_interaction"),
            "",
        ),
        ("errors", cell(sqlite, "errors"), cell(pg, "errors"), ""),
        (
            "sent / stored / lost / duplicated",
            "/".join(str(stored.get(k, "-")) for k in ("sent", "stored", "lost", "duplicated")),
            "/".join(str(stored_pg.get(k, "-")) for k in ("sent", "stored", "lost", "duplicated")),
            "",
        ),
    ]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    return "\n".join(
        f"{r[0]:<{widths[0]}}  {r[1]:>{widths[1]}}  {r[2]:>{widths[2]}}  {r[3]}".rstrip() for r in rows
    )


def table(result: dict) -> str:
    bare, app, stored = result.get("bare"), result.get("app"), result.get("responses") or {}

    def cell(variant, *path):
        value = variant
        for key in path:
            value = None if value is None else value.get(key)
        return "-" if value is None else str(value)

    ratios = result["ratios"]
    rows = [
        ("", "bare", "app", "app/bare"),
        ("participants", cell(bare, "participants"), cell(app, "participants"), ""),
        ("interactions (loads + clicks)", cell(bare, "interactions"), cell(app, "interactions"), ""),
        (
            "server CPU ms per interaction",
            cell(bare, "server_cpu_ms_per_interaction"),
            cell(app, "server_cpu_ms_per_interaction"),
            f"{cell(ratios, 'cpu_per_interaction')}x (target <= {TARGET_CPU_RATIO}x)",
        ),
        (
            "click-to-screen p50 ms",
            cell(bare, "click_to_screen_ms", "p50"),
            cell(app, "click_to_screen_ms", "p50"),
            f"{cell(ratios, 'p50')}x",
        ),
        (
            "click-to-screen p95 ms",
            cell(bare, "click_to_screen_ms", "p95"),
            cell(app, "click_to_screen_ms", "p95"),
            f"{cell(ratios, 'p95')}x (target <= {TARGET_P95_RATIO}x)",
        ),
        (
            "server core busy (CPU s / wall s)",
            cell(bare, "server_core_busy"),
            cell(app, "server_core_busy"),
            "",
        ),
        ("browsers' cores busy (CPU s / wall s)", cell(bare, "browser_busy"), cell(app, "browser_busy"), ""),
        ("errors", cell(bare, "errors"), cell(app, "errors"), ""),
        ("sent / stored", cell(bare, "sent"), f"{cell(stored, 'sent')} / {cell(stored, 'stored')}", ""),
        ("lost / duplicated", "", f"{cell(stored, 'lost')} / {cell(stored, 'duplicated')}", ""),
    ]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    return "\n".join(
        f"{r[0]:<{widths[0]}}  {r[1]:>{widths[1]}}  {r[2]:>{widths[2]}}  {r[3]}".rstrip() for r in rows
    )


# -- the run -----------------------------------------------------------------------------------------


def open_round(target: Path | str) -> tuple[int, str]:
    storage = _storage()
    db = storage.connect(target)
    try:
        row = storage.fetch_one(
            db,
            "SELECT id, join_code FROM rounds WHERE instrument_id = ? AND closed_at IS NULL ORDER BY id LIMIT 1",
            [INSTRUMENT],
        )
    finally:
        db.close()
    if row is None:
        raise BenchError(f"the demo has no open {INSTRUMENT} round")
    return row["id"], row["join_code"]


def read_bare_page() -> tuple[list[str], dict[str, str]]:
    spec = importlib.util.spec_from_file_location("bare_page", BARE_PAGE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # its page runs only as __main__
    return [module.LABELS[o] for o in module.OPTIONS], dict(module.GROUPS)


@dataclass
class AppDatabase:
    """One database the app is measured on: its engine, where it is, the round the participants answer,
    and for PostgreSQL the server's main process (its CPU is the app's too)."""

    engine: str
    target: Path | str
    round_id: int = 0
    join_code: str = ""
    database_pid: int | None = None

    beside_sqlite: bool = False
    behind_nginx: bool = False  # two servers behind docs/deploy's nginx

    @property
    def key(self) -> str:
        """The result's key: "app" for the first (or only) engine, "app_postgresql" beside SQLite,
        "app_nginx" for the two servers behind nginx."""
        if self.behind_nginx:
            return "app_nginx"
        return "app" if self.engine == "sqlite" or not self.beside_sqlite else "app_postgresql"


def postmaster_pid(data_folder: Path) -> int:
    return int((data_folder / "postmaster.pid").read_text().split()[0])


def pin_tree(root: int, core: int) -> None:
    """Pin a process and its children to one core; children forked later inherit it."""
    table = _proc_table()
    todo = [root]
    while todo:
        pid = todo.pop()
        try:
            os.sched_setaffinity(pid, {core})
        except OSError:
            continue
        todo += [child for child, (ppid, _) in table.items() if ppid == pid]


async def _measure(args, plans: list[Plan], apps: list[AppDatabase], tmp: Path) -> dict:
    from playwright.async_api import async_playwright

    env = {**os.environ, "DIA_SCAN_DB": str(apps[0].target)}
    result: dict = {}
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            if args.only in ("both", "bare"):
                bare_env = {**env, "BARE_PAGE_FREEZE": "1"} if args.bare_freeze else env
                server = start_server(
                    BARE_PAGE, bare_env, args.server_core, tmp / "bare.log", args.server_option
                )
                try:
                    result["server_affinity"] = server.affinity()
                    urls = [f"{server.base}/?stappen={p.steps}" for p in plans]
                    result["bare"], _ = await run_variant(browser, "bare", server, urls, plans, args)
                finally:
                    server.stop()
            if args.only in ("both", "app"):
                # Every engine's server at once, on the same core, with the same participants: the
                # machine's load falls on both alike.
                servers: list[list[Server]] = []
                proxies: list[Nginx | None] = []
                try:
                    for app in apps:
                        app_env = {
                            **os.environ,
                            "DIA_SCAN_DB": str(app.target),
                            "STREAMLIT_SERVER_COOKIE_SECRET": "gedeeld-geheim-van-de-benchmark",
                        }
                        count = 2 if app.behind_nginx else 1
                        servers.append(
                            [
                                start_server(
                                    ROOT / "app.py",
                                    app_env,
                                    args.server_core,
                                    tmp / f"{app.key}-{n}.log",
                                    args.server_option,
                                )
                                for n in range(count)
                            ]
                        )
                        proxies.append(
                            start_nginx(servers[-1], tmp / f"nginx-{app.key}", args.server_core)
                            if app.behind_nginx
                            else None
                        )
                    result["server_affinity"] = servers[0][0].affinity()
                    before = [submitted_counts(app.target, app.round_id) for app in apps]
                    sessions = [_sessions(app) for app in apps]
                    runs = await asyncio.gather(
                        *(
                            run_variant(
                                browser,
                                "app",
                                group[0],
                                [f"{(proxy or group[0]).base}/meedoen?code={app.join_code}" for _ in plans],
                                plans,
                                args,
                                label=app.key,
                                database_pid=app.database_pid,
                                more_servers=tuple(group[1:]),
                                proxy_pid=proxy.pid if proxy else None,
                            )
                            for app, group, proxy in zip(apps, servers, proxies, strict=True)
                        )
                    )
                    for app, (summary, journeys), (counts, last_id), opened in zip(
                        apps, runs, before, sessions, strict=True
                    ):
                        summary["engine"] = app.engine
                        if opened is not None:
                            # minus the one this count itself opens
                            summary["database_sessions"] = _sessions(app) - opened - 1
                            summary["database_sessions_per_interaction"] = (
                                round(summary["database_sessions"] / summary["interactions"], 2)
                                if summary["interactions"]
                                else None
                            )
                        result[app.key] = summary
                        sent = [(j.plan, j.sent) for j in journeys]
                        responses_key = "responses" + app.key.removeprefix("app")
                        result[responses_key] = stored_responses(
                            app.target, app.round_id, counts, last_id, sent
                        )
                finally:
                    for proxy in proxies:
                        if proxy is not None:
                            proxy.stop()
                    for group in servers:
                        for server in group:
                            server.stop()
                for app in apps:
                    logs = [p.read_text() for p in sorted(tmp.glob(f"{app.key}-*.log"))]
                    result[app.key]["server_tracebacks"] = sum(log.count("Traceback") for log in logs)
        finally:
            await browser.close()
    return result


@dataclass
class Nginx:
    """nginx from Debian's package with docs/deploy/nginx-dia-scan.conf (as tests/browser/test_two_servers.py
    starts it: only the ports changed)."""

    config: Path
    folder: Path
    base: str
    pid: int

    def stop(self) -> None:
        subprocess.run([NGINX, "-c", str(self.config), "-p", str(self.folder), "-s", "stop"], check=False)


NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def start_nginx(servers: list[Server], folder: Path, core: int) -> Nginx:
    sys.path.insert(0, str(ROOT))
    from tests.browser.test_two_servers import _nginx_config

    folder.mkdir()
    if os.geteuid() == 0:  # nginx's workers run as nobody
        os.chown(folder, pwd.getpwnam("nobody").pw_uid, -1)
    listen = _free_port()
    first, second = (int(s.base.rsplit(":", 1)[1]) for s in servers)
    config = _nginx_config(folder, listen, first, second)
    subprocess.run([NGINX, "-t", "-c", str(config), "-p", str(folder)], check=True, capture_output=True)
    subprocess.run([NGINX, "-c", str(config), "-p", str(folder)], check=True)
    pid = int((folder / "nginx.pid").read_text().strip())
    pin_tree(pid, core)
    SERVER_PIDS.add(pid)
    return Nginx(config, folder, f"http://127.0.0.1:{listen}", pid)


def _sessions(app: AppDatabase) -> int | None:
    """Connections opened to the PostgreSQL database so far (each starts a server process there)."""
    if app.engine != "postgresql":
        return None
    time.sleep(1.0)  # PostgreSQL publishes its statistics about once a second
    storage = _storage()
    db = storage.connect(app.target)
    try:
        return storage.fetch_one(
            db, "SELECT sessions FROM pg_stat_database WHERE datname = current_database()"
        )["sessions"]
    finally:
        db.close()


def make_demo(target: Path | str) -> None:
    subprocess.run(
        [sys.executable, "-m", _cli_module(), "demo", "--db", str(target)],
        check=True,
        cwd=ROOT,
        env={**os.environ, "DIA_SCAN_DB": str(target)},
        stdout=subprocess.DEVNULL,
    )


def start_cluster(core: int):
    """A throwaway PostgreSQL cluster (tests/postgres_cluster.py), pinned to the server's core."""
    sys.path.insert(0, str(ROOT))
    from tests import postgres_cluster

    cluster = postgres_cluster.start()
    if cluster is None:
        raise BenchError("PostgreSQL is not installed (apt-get install postgresql); or give --pg-url")
    pin_tree(postmaster_pid(cluster.data), core)
    return cluster


def add_shared_options(parser: argparse.ArgumentParser, timeout: float) -> None:
    """The options of a run that tools/ws_load.py shares: the pace, the seed, the timeout of one screen,
    the server's core, which page, Streamlit options for the servers, keeping the temporary folder."""
    parser.add_argument(
        "--think", type=float, default=8.0, help="mean pause in seconds before each click (default 8)"
    )
    parser.add_argument(
        "--ramp", type=float, default=60.0, help="participants arrive evenly over these seconds (default 60)"
    )
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--timeout", type=float, default=timeout, help="seconds to wait for one screen")
    parser.add_argument("--server-core", type=int, default=0)
    parser.add_argument("--only", choices=["both", "bare", "app"], default="both")
    parser.add_argument(
        "--server-option",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a Streamlit option for the servers, e.g. runner.postScriptGC=false",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (database, logs)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--participants", type=int, default=30)
    parser.add_argument("--json", type=Path, help="write every figure to this file")
    add_shared_options(parser, timeout=120.0)
    parser.add_argument(
        "--engine",
        choices=["sqlite", "postgresql", "both"],
        default="sqlite",
        help="the app's database; both: an app server on each, at the same time, with the same participants",
    )
    parser.add_argument(
        "--nginx",
        action="store_true",
        help="beside one server on PostgreSQL, two servers behind nginx (docs/deploy) on another "
        "database of the same PostgreSQL, at the same time, with the same participants",
    )
    parser.add_argument(
        "--pg-url",
        help="an empty PostgreSQL database for --engine postgresql/both (default: a throwaway cluster, "
        "tests/postgres_cluster.py, pinned to the server core)",
    )
    parser.add_argument(
        "--bare-freeze",
        action="store_true",
        help="the bare page freezes its imports out of the collector's sight too, as the app does "
        "(ui/startup.py): the difference is then the app's own work per click",
    )
    parser.add_argument("--profile", type=Path, help="record the server with py-spy into this folder")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is not installed (apt-get install chromium)", file=sys.stderr)
        return 2

    cores = sorted(os.sched_getaffinity(0))
    browser_cores = [c for c in cores if c != args.server_core] or cores
    os.sched_setaffinity(0, browser_cores)  # Playwright's driver and Chromium inherit this
    tmp = Path(tempfile.mkdtemp(prefix="server-bench-"))
    cluster = None
    clusters = []
    try:
        apps: list[AppDatabase] = []
        if args.engine in ("sqlite", "both"):
            apps.append(AppDatabase("sqlite", tmp / "dia.db"))
        if args.engine in ("postgresql", "both"):
            if args.pg_url:
                url, pid = args.pg_url, None
            else:
                cluster = start_cluster(args.server_core)
                clusters.append(cluster)
                url, pid = cluster.new_database(), postmaster_pid(cluster.data)
            apps.append(AppDatabase("postgresql", url, database_pid=pid, beside_sqlite=args.engine == "both"))
            if args.nginx:
                if cluster is None:
                    raise BenchError("--nginx needs the throwaway cluster (no --pg-url)")
                apps.append(
                    AppDatabase("postgresql", cluster.new_database(), database_pid=pid, behind_nginx=True)
                )
        for app in apps:
            make_demo(app.target)
            app.round_id, app.join_code = open_round(app.target)
        bare_labels, _ = read_bare_page()
        plans = make_plans(apps[0].target, apps[0].round_id, args.participants, args.seed, bare_labels)
        started = datetime.now(UTC)
        measured = asyncio.run(_measure(args, plans, apps, tmp))
    finally:
        for one in clusters:
            one.stop()
        if args.keep:
            print(f"kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    join_code = apps[0].join_code

    bare, app = measured.get("bare"), measured.get("app")
    stored = measured.get("responses") or {}
    on_pg, stored_pg = measured.get("app_postgresql"), measured.get("responses_postgresql") or {}
    on_nginx, stored_nginx = measured.get("app_nginx"), measured.get("responses_nginx") or {}

    def get(variant, *path):
        for key in path:
            variant = None if variant is None else variant.get(key)
        return variant

    result = {
        "tool": "tools/server_bench.py",
        "measured_at": started.isoformat(timespec="seconds"),
        "machine": {
            "cores": os.cpu_count(),
            "server_core": args.server_core,
            "server_affinity": measured.get("server_affinity"),
            "browser_cores": browser_cores,
            "python": platform.python_version(),
            "streamlit": version_of([sys.executable, "-m", "streamlit", "version"]),
            "chromium": version_of([CHROMIUM, "--version"]),
            "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        },
        "settings": {
            "participants": args.participants,
            "think_s": args.think,
            "ramp_s": args.ramp,
            "server_options": args.server_option,
            "bare_freeze": args.bare_freeze,
            "engine": args.engine,
            "seed": args.seed,
            "round": join_code,
            "groups": {
                g: sum(p.group_id == g for p in plans) for g in dict.fromkeys(p.group_id for p in plans)
            },
        },
        "participants": args.participants,
        "interactions": get(app, "interactions") or get(bare, "interactions"),
        "errors": (get(app, "errors") or 0) + (get(bare, "errors") or 0) + (get(on_pg, "errors") or 0),
        "lost": (stored.get("lost") or 0) + (stored_pg.get("lost") or 0) if stored else None,
        "duplicated": (stored.get("duplicated") or 0) + (stored_pg.get("duplicated") or 0)
        if stored
        else None,
        "stored_responses": stored.get("stored"),
        "ratios": {
            "cpu_per_interaction": _ratio(
                get(app, "server_cpu_ms_per_interaction"), get(bare, "server_cpu_ms_per_interaction")
            ),
            "p50": _ratio(get(app, "click_to_screen_ms", "p50"), get(bare, "click_to_screen_ms", "p50")),
            "p95": _ratio(get(app, "click_to_screen_ms", "p95"), get(bare, "click_to_screen_ms", "p95")),
        },
        "bare": bare,
        "app": app,
        "responses": stored or None,
    }
    if on_pg is not None:
        result["app_postgresql"] = on_pg
        result["responses_postgresql"] = stored_pg
        result["engines"] = engine_ratios(app, on_pg)
    if on_nginx is not None:
        result["app_nginx"] = on_nginx
        result["responses_nginx"] = stored_nginx
        # against one server on PostgreSQL (beside SQLite that is "app_postgresql")
        result["two_servers_over_one"] = engine_ratios(on_pg or app, on_nginx)
    ratios = result["ratios"]
    result["targets"] = {
        "cpu_per_interaction_at_most_1.15x_bare": None
        if ratios["cpu_per_interaction"] is None
        else ratios["cpu_per_interaction"] <= TARGET_CPU_RATIO,
        "p95_at_most_1.5x_bare": None if ratios["p95"] is None else ratios["p95"] <= TARGET_P95_RATIO,
        "no_errors_lost_or_duplicated": result["errors"] == 0
        and not result["lost"]
        and not result["duplicated"],
    }
    if on_pg is not None:
        cpu = result["engines"]["server_and_database_cpu_per_interaction"]
        result["targets"]["postgresql_cpu_at_most_1.1x_sqlite"] = (
            None if cpu is None else cpu <= TARGET_ENGINE_CPU_RATIO
        )
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(table(result))
    if on_pg is not None:
        print()
        print(engine_table(result))
    if on_nginx is not None:
        print()
        base = "postgresql" if on_pg is not None else ""
        print(engine_table(result, "nginx", ("1 server", "2 behind nginx"), base))
    for variant in (bare, app, on_pg, on_nginx):
        for message in (variant or {}).get("error_messages", [])[:5]:
            print(f"{variant['variant']}: {message}", file=sys.stderr)
    return 0 if result["errors"] == 0 and not result["lost"] and not result["duplicated"] else 1


if __name__ == "__main__":
    sys.exit(main())
