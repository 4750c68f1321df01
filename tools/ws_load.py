"""How many participants one server core carries: Streamlit's own websocket protocol as the load.

    .venv/bin/python tools/ws_load.py --participants 60 --json out.json
    .venv/bin/python tools/ws_load.py --sweep 30,60,120,240,480 --think 8 --ramp 60 --json out.json

`tools/server_bench.py` drives real Chromium, and on a small machine the browsers' own drawing is the
bottleneck long before the server is: it can tell the server's CPU per click, not how many people one
server carries. This tool leaves the browsers out. Each participant is one websocket session that speaks
to the server as Streamlit's frontend does, with its protobuf messages, and makes the same journey as a
participant of server_bench (the same plans: `server_bench.make_plans`): it opens `/meedoen?code=...`,
picks a group, "Beginnen", "Start de vragenlijst", taps one answer pill per statement and "Volgende" on
every screen, ticks the priorities, skips the open questions, answers a few "Over u" questions and
"Versturen", until "Bedankt!".

The protocol, as the frontend of Streamlit 1.67 speaks it (`streamlit/web/server/starlette/
starlette_websocket.py`, `streamlit/runtime/app_session.py`):

- a websocket to `/_stcore/stream` with subprotocol "streamlit" and the page's own Origin;
- every script run is asked for with `BackMsg(rerun_script=ClientState(...))`: the query string of the
  address (the server changes it with `page_info_changed`, e.g. `?resume=...` after "Beginnen"), the
  page (by its name on the first load, by the script hash from `new_session`/`navigation` after that),
  and the states of ALL widgets on the current screen, as the frontend keeps them: pills (ButtonGroup)
  as `string_array_value` of the formatted option, radio as `string_value`, checkbox as `bool_value`,
  text area as `string_value` (each widget's serde in `streamlit/elements/widgets/`), taken from the
  widget's default when it first appears or the server sets its value, and a pressed button as
  `trigger_value` in that one message only;
- a run answers with `new_session`, the deltas of every element (each widget proto carries its id, label
  and options; the current screen is the elements of the last completed run), `session_status_changed`,
  and `script_finished` (status 0: ran to its end; 2: stopped for a rerun, e.g. after `st.rerun()`, and
  another run follows). No cached message hashes are advertised, so every message comes whole.

What is timed: from sending the click's BackMsg (or opening the websocket, for a page load) until the
`script_finished` of the run that ran to its end. That is the server's part of click-to-screen: the
browser's drawing (0.1 to 0.2 s on this machine's Chromium, less on a phone that draws only its own
screen) is not in it, and neither are the static files and the two small JSON requests of a page load
(a phone has them cached). After every click the tool checks the screen as server_bench does: the next
step's text ("Stap i van N", "Bedankt!") must be there and no error or exception.

The rest is server_bench's, imported from it: a fresh `dia-scan demo` database, one `streamlit run` per
page pinned to one core (`taskset`, core 0 by default) while this process runs on the other core(s);
server CPU from /proc (the server and its children) per interaction (page loads + clicks); the stored
responses counted per group against the participants who saw "Bedankt!" (lost, duplicated) and the
stored answers against those sent; the bare page (`tools/bare_page.py`) with the same participants as
the baseline. This client is one asyncio process; its own CPU over wall time is reported beside the
server's ("client busy"): near 1.0 means the client, not the server, was the limit.
`--engine postgresql` runs the app on a throwaway PostgreSQL cluster (tests/postgres_cluster.py, through
server_bench) pinned to the server's core; the per-click CPU is then the Streamlit server's only.

`--sweep 30,60,120,...` runs the steps one after the other against the same server (one per page), each
with fresh participants, and stops a page's steps after the first whose p95 is over `--p95-limit-ms`
(default 1000) or that had errors. `--duration S` ends each step S seconds after the last participant
arrived (unfinished participants stop between clicks and are counted apart, not as errors), so a sweep
at a workshop's pace fits in minutes; the p95 is then also given over the clicks after the ramp only
("steady", all participants present).

Pace as server_bench: participants arrive evenly over `--ramp` seconds and wait a random 0.5x to 1.5x of
`--think` seconds before each click.

Over 400 lines because the protocol client, the participants that use it and the sweep's figures are
one measurement that nothing else imports; what it shares with server_bench is imported from there.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import resource
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

import server_bench as bench  # noqa: E402 - a sibling script, not a package
from websockets.asyncio.client import connect  # noqa: E402

P95_LIMIT_MS = 1000.0
#: Widget element types whose state the frontend keeps and sends back (buttons only as a trigger).
STATEFUL = ("button_group", "radio", "checkbox", "text_area", "text_input")


class ProtocolError(RuntimeError):
    pass


def _protos():
    """Streamlit's generated protobuf classes (importing them loads streamlit: once, at the start)."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    return BackMsg, ForwardMsg, WidgetState


BackMsg, ForwardMsg, WidgetState = _protos()
ERROR_ALERT = 1  # Alert.Format.ERROR
RAN_TO_END = (0, 3)  # ScriptFinishedStatus: FINISHED_SUCCESSFULLY, FINISHED_FRAGMENT_RUN_SUCCESSFULLY
COMPILE_ERROR = 1


@dataclass
class Widget:
    kind: str  # the element's type: button, button_group, radio, checkbox, text_area, ...
    path: tuple[int, ...]  # delta path: the order on the screen
    proto: object

    @property
    def labels(self) -> list[str]:
        if self.kind == "button_group":
            return [o.content for o in self.proto.options]
        if self.kind == "radio":
            return list(self.proto.options)
        return [self.proto.label]


def initial_state(widget: Widget):
    """The state the frontend registers when the widget appears (or the server sets its value), or None
    when it registers none (a button; a radio without a default)."""
    p, state = widget.proto, WidgetState(id=widget.proto.id)
    if widget.kind == "button_group":
        values = list(p.raw_values) if p.set_value else [p.options[i].content for i in p.default]
        state.string_array_value.data.extend(values)
    elif widget.kind == "radio":
        if p.set_value and p.HasField("raw_value"):
            state.string_value = p.raw_value
        elif p.HasField("default"):
            state.string_value = p.options[p.default]
        else:
            return None
    elif widget.kind == "checkbox":
        state.bool_value = p.value if p.set_value else p.default
    elif widget.kind in ("text_area", "text_input"):
        state.string_value = p.value if p.set_value else p.default
    else:
        return None
    return state


class Session:
    """One participant's websocket session: the current screen and the widget states, as the frontend."""

    def __init__(self, base: str, path: str, query: str, timeout: float):
        self.base, self.page_name, self.query, self.timeout = base, path, query, timeout
        self.ws = None
        self.page_hash = ""
        self.running = False
        self.states: dict[str, object] = {}  # widget id -> WidgetState
        self.widgets: list[Widget] = []  # the current screen's widgets, in screen order
        self.texts: list[str] = []  # the current screen's text: headings, markdown, alerts, progress, labels
        self.errors: list[str] = []
        self._run_widgets: dict[tuple[int, ...], Widget] = {}
        self._run_texts: dict[tuple[int, ...], str] = {}
        self._run_errors: list[str] = []

    async def open(self) -> dict:
        """Open the websocket and load the page: the first run, timed from before the connection."""
        started = time.perf_counter()
        host = urlsplit(self.base).netloc
        self.ws = await connect(
            f"ws://{host}/_stcore/stream",
            subprotocols=["streamlit"],
            origin=self.base,
            max_size=None,
            ping_interval=None,  # the browser sends no pings of its own
            open_timeout=self.timeout,
        )
        # the frontend asks for the first run as soon as the connection is open
        await self.ws.send(self._client_state([]).SerializeToString())
        return await self._run(started)

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()

    def _client_state(self, triggers: list) -> object:
        message = BackMsg()
        client = message.rerun_script
        client.query_string = self.query
        if self.page_hash:
            client.page_script_hash = self.page_hash
        else:
            client.page_name = self.page_name
        context = client.context_info
        context.timezone, context.timezone_offset, context.locale = "Europe/Amsterdam", -60, "nl-NL"
        context.url = f"{self.base}/{self.page_name}" + (f"?{self.query}" if self.query else "")
        triggered = {t.id for t in triggers}
        current = {w.proto.id for w in self.widgets}
        client.widget_states.widgets.extend(
            [s for i, s in self.states.items() if i in current and i not in triggered] + triggers
        )
        return message

    async def rerun(self, triggers: list = ()) -> dict:
        started = time.perf_counter()
        await self.ws.send(self._client_state(list(triggers)).SerializeToString())
        return await self._run(started)

    async def _run(self, started: float) -> dict:
        """Read until a run has finished to its end: its time, the runs begun, the screen."""
        runs = 0
        deadline = started + self.timeout
        while True:
            try:
                data = await asyncio.wait_for(self.ws.recv(), max(0.0, deadline - time.perf_counter()))
            except TimeoutError:
                raise ProtocolError(f"no finished run {self.timeout:.0f} s after the message") from None
            if isinstance(data, str):
                raise ProtocolError("the server sent a text frame")
            message = ForwardMsg()
            message.ParseFromString(data)
            kind = message.WhichOneof("type")
            if kind == "new_session":
                runs += 1
                self._run_widgets, self._run_texts, self._run_errors = {}, {}, []
                self.page_hash = message.new_session.page_script_hash or self.page_hash
            elif kind == "delta":
                self._delta(tuple(message.metadata.delta_path), message.delta)
            elif kind == "navigation":
                self.page_hash = message.navigation.page_script_hash or self.page_hash
            elif kind == "session_status_changed":
                # drives the frontend's "running" sign only; the end of a run is its script_finished
                self.running = message.session_status_changed.script_is_running
            elif kind == "page_info_changed":
                self.query = message.page_info_changed.query_string
            elif kind == "page_not_found":
                raise ProtocolError(f"page not found: {message.page_not_found.page_name!r}")
            elif kind == "ref_hash":
                raise ProtocolError("a cached message was referred to, but none was advertised")
            elif kind == "script_finished":
                if message.script_finished == COMPILE_ERROR:
                    raise ProtocolError("the page's script did not compile")
                if message.script_finished in RAN_TO_END:
                    self._screen_done()
                    return {"ms": 1000 * (time.perf_counter() - started), "runs": runs}

    def _delta(self, path: tuple[int, ...], delta) -> None:
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type")
        if kind is None:
            return
        proto = getattr(element, kind)
        if kind in STATEFUL or kind == "button":
            widget = self._run_widgets[path] = Widget(kind, path, proto)
            self._run_texts[path] = " ".join(widget.labels)
        elif kind in ("markdown", "heading", "alert"):
            self._run_texts[path] = proto.body
            if kind == "alert" and proto.format == ERROR_ALERT:
                self._run_errors.append(proto.body)
        elif kind == "progress":
            self._run_texts[path] = proto.text
        elif kind == "exception":
            self._run_errors.append(f"{proto.type}: {proto.message}")
        else:
            self._run_texts.pop(path, None)
            self._run_widgets.pop(path, None)

    def _screen_done(self) -> None:
        """The run finished: its elements are the screen; states of widgets no longer there are dropped
        and new widgets (or those the server set) register their state."""
        self.widgets = [self._run_widgets[p] for p in sorted(self._run_widgets)]
        self.texts = [self._run_texts[p] for p in sorted(self._run_texts)]
        self.errors = list(self._run_errors)
        current = {w.proto.id for w in self.widgets}
        self.states = {i: s for i, s in self.states.items() if i in current}
        for widget in self.widgets:
            if widget.proto.id not in self.states or getattr(widget.proto, "set_value", False):
                state = initial_state(widget)
                if state is not None:
                    self.states[widget.proto.id] = state

    def shows(self, text: str) -> bool:
        return any(text in t for t in self.texts)

    # -- the participant's taps, as the frontend sends them ------------------------------------------

    def _nth(self, kind: str, index: int) -> Widget:
        found = [w for w in self.widgets if w.kind == kind]
        if index >= len(found):
            raise ProtocolError(f"no {kind} number {index + 1} on the screen ({len(found)} there)")
        return found[index]

    async def pick_radio(self, label: str) -> dict:
        widget = next((w for w in self.widgets if w.kind == "radio" and label in w.labels), None)
        if widget is None:
            raise ProtocolError(f"no radio with the option {label!r}")
        self.states[widget.proto.id] = WidgetState(id=widget.proto.id, string_value=label)
        return await self.rerun()

    async def tap_pill(self, index: int, label: str) -> dict:
        widget = self._nth("button_group", index)
        if label not in widget.labels:
            raise ProtocolError(f"pill group {index + 1} has no option {label!r}: {widget.labels}")
        state = WidgetState(id=widget.proto.id)
        state.string_array_value.data.append(label)
        self.states[widget.proto.id] = state
        return await self.rerun()

    async def tick(self, index: int) -> dict:
        widget = self._nth("checkbox", index)
        before = self.states.get(widget.proto.id)
        value = not (before.bool_value if before is not None else widget.proto.default)
        self.states[widget.proto.id] = WidgetState(id=widget.proto.id, bool_value=value)
        return await self.rerun()

    async def press(self, label: str) -> dict:
        widget = next((w for w in self.widgets if w.kind == "button" and w.proto.label == label), None)
        if widget is None:
            raise ProtocolError(f"no button {label!r} on the screen")
        if widget.proto.disabled:
            raise ProtocolError(f"the button {label!r} is disabled")
        return await self.rerun([WidgetState(id=widget.proto.id, trigger_value=True)])


def _tap(session: Session, click: bench.Click):
    """The message a tap sends, to be sent after the pause."""
    if click.widget == "radio":
        return lambda: session.pick_radio(click.label)
    if click.widget == "button":
        return lambda: session.press(click.label)
    if click.widget == "pill":
        return lambda: session.tap_pill(click.index, click.label)
    return lambda: session.tick(click.index)


# -- a participant ------------------------------------------------------------------------------------


@dataclass
class Journey(bench.Journey):
    unfinished: bool = False  # stopped at the step's end (--duration), not an error


class Stopped(Exception):
    """The step's time is up: the participant stops between two clicks."""


@dataclass
class Participant:
    base: str
    path: str
    query: str
    variant: str  # app or bare: which of the plan's picks
    think: float
    timeout: float
    seed: int
    started: float = 0.0  # the step's start (perf_counter)
    deadline: float | None = None
    journey: Journey = field(default=None)

    async def _click(self, session: Session, rng: random.Random, kind: str, action, expect: str = ""):
        pause = self.think * rng.uniform(0.5, 1.5) if self.think else 0.0
        if self.deadline is not None and time.perf_counter() + pause >= self.deadline:
            await asyncio.sleep(max(0.0, self.deadline - time.perf_counter()))
            raise Stopped
        if pause:
            await asyncio.sleep(pause)
        sent_at = time.perf_counter() - self.started
        result = await action()
        number = len(self.journey.clicks)
        self.journey.clicks.append({"kind": kind, "ms": result["ms"], "runs": result["runs"], "at": sent_at})
        self.journey.script_runs += result["runs"]
        if session.errors:
            raise ProtocolError(f"error shown after click {number} ({kind}): {session.errors[0][:300]!r}")
        if expect and not session.shows(expect):
            raise ProtocolError(f"after click {number} ({kind}) the screen does not show {expect!r}")

    async def run(self, plan: bench.Plan, arrival: float) -> Journey:
        await asyncio.sleep(arrival)
        self.journey = journey = Journey(plan)
        rng = random.Random(f"{self.seed}-{self.variant}-{plan.number}")
        session = Session(self.base, self.path, self.query, self.timeout)
        started = time.perf_counter()
        try:
            loaded = await session.open()
            journey.load_ms, journey.script_runs = loaded["ms"], loaded["runs"]
            if session.errors:
                raise ProtocolError(f"error shown on the first screen: {session.errors[0][:300]!r}")
            for step in bench.journey_clicks(plan, self.variant):
                await self._click(session, rng, step.kind, _tap(session, step), step.expect)
            journey.sent = True
        except Stopped:
            journey.unfinished = True
        except Exception as err:  # noqa: BLE001 - every failure is one participant's error, reported
            journey.error = f"{type(err).__name__}: {(str(err).strip().splitlines() or [''])[0][:300]}"
        finally:
            try:
                await session.close()
            except Exception:  # noqa: BLE001 - a connection that already broke
                pass
        journey.seconds = time.perf_counter() - started
        return journey


# -- one step: N participants on one page --------------------------------------------------------------


def _address(variant: str, plan: bench.Plan, join_code: str) -> tuple[str, str]:
    """The page (its url path) and query string a participant opens."""
    if variant == "app":
        return "meedoen", f"code={join_code}"
    return "", f"stappen={plan.steps}"


def _client_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def run_step(
    variant: str, server: bench.Server, plans: list[bench.Plan], join_code: str, args
) -> tuple[dict, list[Journey]]:
    """N participants on one server; server CPU, this client's CPU, wall time and the clicks' times."""
    warm_path, warm_query = _address(variant, plans[0], join_code)
    warm = Session(server.base, warm_path, warm_query, args.timeout)
    await warm.open()  # not measured: the server's first run imports and caches what every run uses
    await warm.close()
    await asyncio.sleep(1.0)
    server_before, client_before = bench.tree_cpu(server.proc.pid), _client_cpu()
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    deadline = started + args.ramp + args.duration if args.duration is not None else None
    gap = args.ramp / len(plans) if plans else 0.0
    participants = []
    for plan in plans:
        path, query = _address(variant, plan, join_code)
        participants.append(
            Participant(
                server.base, path, query, variant, args.think, args.timeout, args.seed, started, deadline
            )
        )
    journeys = await asyncio.gather(
        *(p.run(plan, i * gap) for i, (p, plan) in enumerate(zip(participants, plans, strict=True)))
    )
    wall = time.perf_counter() - started
    server_cpu = bench.tree_cpu(server.proc.pid) - server_before
    client_cpu = _client_cpu() - client_before
    summary = bench.summarise(
        variant,
        journeys,
        server_cpu,
        {"ws_load": client_cpu},
        wall,
        (load_before, os.getloadavg()[0]),
        side="client",
    )
    steady = [c["ms"] for j in journeys for c in j.clicks if c["at"] >= args.ramp]
    summary["click_to_screen_ms_after_ramp"] = bench.spread(steady)
    summary["unfinished"] = sum(j.unfinished for j in journeys)
    summary["p95_judged_ms"] = judged_p95(summary)
    # this client (one thread of asyncio) near a whole core: the client, not the server, may be the limit
    summary["client_saturated"] = (summary["client_busy"] or 0) >= 0.9
    return summary, journeys


def judged_p95(summary: dict) -> float | None:
    """The p95 a step is judged by: over the clicks after the ramp (everyone there) when there are at
    least 100 of them, else over all clicks."""
    steady = summary["click_to_screen_ms_after_ramp"]
    return steady["p95"] if steady["n"] >= 100 else summary["click_to_screen_ms"]["p95"]


def carries(summary: dict, limit: float) -> bool:
    return summary["errors"] == 0 and (judged_p95(summary) or 0) <= limit


async def _measure(
    args, steps: list[int], apps: bench.AppDatabase, tmp: Path
) -> tuple[list[dict], dict[str, int]]:
    """Every step against the same servers (one per page), each page until it no longer carries."""
    variants = ["bare", "app"] if args.only == "both" else [args.only]
    servers: dict[str, bench.Server] = {}
    env = {**os.environ, "DIA_SCAN_DB": str(apps.target)}
    try:
        for variant in variants:
            script = bench.BARE_PAGE if variant == "bare" else bench.ROOT / "app.py"
            servers[variant] = bench.start_server(
                script, env, args.server_core, tmp / f"{variant}.log", args.server_option
            )
        bare_labels, _ = bench.read_bare_page()
        results, going = [], set(variants)
        for number, n in enumerate(steps):
            plans = bench.make_plans(apps.target, apps.round_id, n, args.seed + number, bare_labels)
            step: dict = {"participants": n}
            for variant in variants:
                if variant not in going:
                    continue
                before = bench.submitted_counts(apps.target, apps.round_id) if variant == "app" else None
                summary, journeys = await run_step(variant, servers[variant], plans, apps.join_code, args)
                step[variant] = summary
                if variant == "app":
                    sent = [(j.plan, j.sent) for j in journeys]
                    step["responses"] = bench.stored_responses(apps.target, apps.round_id, *before, sent)
                if not carries(summary, args.p95_limit_ms):
                    going.discard(variant)
                print(
                    _row(n, variant, summary, step.get("responses") if variant == "app" else None), flush=True
                )
                if summary["client_saturated"]:
                    print(
                        f"  N={n}: this client's core was saturated; the server was not the limit", flush=True
                    )
            results.append(step)
            if not going:
                break
    finally:
        for server in servers.values():
            server.stop()
    return results, {v: (tmp / f"{v}.log").read_text().count("Traceback") for v in variants}


# -- figures ---------------------------------------------------------------------------------------------

COLUMNS = (
    ("N", 5),
    ("page", 5),
    ("interactions", 12),
    ("server ms/int", 13),
    ("server busy", 11),
    ("client busy", 11),
    ("p50 ms", 8),
    ("p95 ms", 8),
    ("p95 steady", 10),
    ("errors", 6),
    ("unfinished", 10),
    ("lost", 4),
    ("dupl", 4),
)


def _header() -> str:
    return "  ".join(f"{name:>{width}}" for name, width in COLUMNS)


def _row(n: int, variant: str, s: dict, stored: dict | None) -> str:
    def show(value):
        return "-" if value is None else str(value)

    cells = [
        n,
        variant,
        s["interactions"],
        s["server_cpu_ms_per_interaction"],
        s["server_core_busy"],
        s["client_busy"],
        s["click_to_screen_ms"]["p50"],
        s["click_to_screen_ms"]["p95"],
        s["click_to_screen_ms_after_ramp"]["p95"],
        s["errors"],
        s["unfinished"],
        (stored or {}).get("lost"),
        (stored or {}).get("duplicated"),
    ]
    return "  ".join(f"{show(c):>{w}}" for c, (_, w) in zip(cells, COLUMNS, strict=True))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--participants", type=int, default=30, help="one run with this many (default 30)")
    size.add_argument("--sweep", help="steps, e.g. 30,60,120,240: raises N until p95 > the limit or errors")
    parser.add_argument("--json", type=Path, help="write every figure to this file")
    parser.add_argument(
        "--duration",
        type=float,
        help="end each step this many seconds after the ramp (default: every journey to its end)",
    )
    parser.add_argument("--p95-limit-ms", type=float, default=P95_LIMIT_MS)
    parser.add_argument(
        "--engine",
        choices=["sqlite", "postgresql"],
        default="sqlite",
        help="the app's database; postgresql: a throwaway cluster (tests/postgres_cluster.py) pinned to "
        "the server's core, so its work competes with the server's as on a one-core host",
    )
    bench.add_shared_options(parser, timeout=60.0)
    args = parser.parse_args(argv)
    steps = [int(x) for x in args.sweep.split(",")] if args.sweep else [args.participants]

    # a socket per participant, here and in the servers (which inherit this limit)
    _, most = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (most, most))
    cores = sorted(os.sched_getaffinity(0))
    client_cores = [c for c in cores if c != args.server_core] or cores
    os.sched_setaffinity(0, client_cores)
    tmp = Path(tempfile.mkdtemp(prefix="ws-load-"))
    cluster = None
    try:
        if args.engine == "postgresql":
            cluster = bench.start_cluster(args.server_core)
            app = bench.AppDatabase(
                "postgresql", cluster.new_database(), database_pid=bench.postmaster_pid(cluster.data)
            )
        else:
            app = bench.AppDatabase("sqlite", tmp / "dia.db")
        bench.make_demo(app.target)
        app.round_id, app.join_code = bench.open_round(app.target)
        started = datetime.now(UTC)
        print(_header(), flush=True)
        results, tracebacks = asyncio.run(_measure(args, steps, app, tmp))
    finally:
        if cluster is not None:
            cluster.stop()
        if args.keep:
            print(f"kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    def carried(variant: str) -> int | None:
        ok = [s["participants"] for s in results if variant in s and carries(s[variant], args.p95_limit_ms)]
        return max(ok) if ok else None

    stored = [s["responses"] for s in results if "responses" in s]
    result = {
        "tool": "tools/ws_load.py",
        "measured_at": started.isoformat(timespec="seconds"),
        "timed": "click: from sending the BackMsg to the script_finished of the run that ran to its end "
        "(the server's part of click-to-screen, without the browser's drawing); page load: from opening "
        "the websocket to the first run's script_finished",
        "machine": {
            "cores": os.cpu_count(),
            "server_core": args.server_core,
            "client_cores": client_cores,
            "python": platform.python_version(),
            "streamlit": bench.version_of([sys.executable, "-m", "streamlit", "version"]),
            "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        },
        "settings": {
            "command": " ".join(["tools/ws_load.py", *(argv if argv is not None else sys.argv[1:])]),
            "steps": steps,
            "think_s": args.think,
            "ramp_s": args.ramp,
            "duration_s": args.duration,
            "p95_limit_ms": args.p95_limit_ms,
            "server_options": args.server_option,
            "engine": args.engine,
            "seed": args.seed,
            "round": app.join_code,
        },
        "carried_at_p95_limit": {v: carried(v) for v in ("bare", "app") if any(v in s for s in results)},
        "errors": sum(s[v]["errors"] for s in results for v in ("bare", "app") if v in s),
        "lost": sum(r["lost"] for r in stored),
        "duplicated": sum(r["duplicated"] for r in stored),
        "stored_responses": sum(r["stored"] for r in stored),
        "server_tracebacks": tracebacks,
        "steps": results,
    }
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(f"carried at p95 <= {args.p95_limit_ms:.0f} ms: {result['carried_at_p95_limit']}")
    for step in results:
        for variant in ("bare", "app"):
            for message in step.get(variant, {}).get("error_messages", [])[:5]:
                print(f"{variant} N={step['participants']}: {message}", file=sys.stderr)
    if result["lost"] or result["duplicated"]:
        return 1
    return 1 if not args.sweep and result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
