"""A minimal Streamlit client speaking the app's own websocket protocol (no browser).

Used to warm each replica after it starts and by ``bench/bench_load.py``.  It does what the
browser's JS client does, with Streamlit's protobuf messages on ``/_stcore/stream``: send a
``BackMsg.rerun_script`` (query string, widget states), read ``ForwardMsg``s until the run's
``script_finished``.  Widgets are known by their user key (the tail of a ``$$ID-…-key`` id),
so a filter change is the new value of one widget, as the browser sends it.
"""

from __future__ import annotations

import asyncio
import re
import time
import urllib.request
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

MAP_COMPONENT = "streamlit_folium.st_folium"
LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")


def require_loopback(url: str) -> None:
    """Load and warm-up traffic only ever goes to this machine."""
    host = urlsplit(url).hostname or ""
    if host not in LOOPBACK and not host.startswith("127."):
        raise ValueError(f"{url}: only loopback addresses (127.0.0.0/8, localhost, ::1) may be targeted")


@dataclass
class Run:
    """What one script run sent back."""

    seconds: float = 0.0  # request → script_finished
    map_seconds: float | None = None  # request → the map component's delta
    map_bytes: int = 0
    bytes: int = 0
    messages: int = 0
    status: int | None = None
    errors: list[str] = field(default_factory=list)
    alerts: list[str] = field(default_factory=list)  # st.warning / st.error / st.info texts
    query_string: str | None = None
    geometry_urls: list[str] = field(default_factory=list)

    @property
    def complete_map(self) -> bool:
        return self.status == 0 and self.map_seconds is not None and not self.errors


class Session:
    """One browser-less session: ``async with Session(url) as s: run = await s.open("pref=20")``."""

    def __init__(self, base_url: str, *, cookie: str | None = None, timeout: float = 60.0):
        require_loopback(base_url)
        self.base_url = base_url.rstrip("/")
        self.cookie = cookie
        self.timeout = timeout
        self.widgets: dict[str, tuple[str, object]] = {}  # user key → (widget id, element proto)
        self.fragments: dict[str, str] = {}  # widget id → the fragment it was drawn in (its reruns are fragment runs)
        self.ws = None
        self.upstream: str | None = None  # the replica that answered (proxy header), if any

    async def __aenter__(self) -> Session:
        from websockets.asyncio.client import connect

        ws_url = "ws" + self.base_url[len("http"):] + "/_stcore/stream"
        headers = {"Cookie": self.cookie} if self.cookie else {}
        self.ws = await asyncio.wait_for(
            connect(ws_url, subprotocols=["streamlit"], additional_headers=headers, max_size=None, open_timeout=self.timeout,
                    ping_interval=None), self.timeout)
        self.upstream = self.ws.response.headers.get("X-Atlas-Worker")
        return self

    async def __aexit__(self, *exc) -> None:
        await self.ws.close()

    async def open(self, query_string: str = "") -> Run:
        """The session's first view (as a browser opening ``/?<query_string>``)."""
        return await self._rerun(query_string, [])

    async def change(self, key: str, value) -> Run:
        """Set a widget (by user key) as the browser does, and wait for the rerun."""
        wid, element = self.widgets[key]
        ws = WidgetState(id=wid)
        kind = type(element).__name__.lower()
        if kind == "multiselect":
            ws.string_array_value.data.extend(value)
        elif kind in ("radio", "selectbox", "textinput", "text_input"):
            ws.string_value = value
        elif kind == "checkbox":
            ws.bool_value = bool(value)
        else:
            raise ValueError(f"{key}: widget type {kind} not supported")
        return await self._rerun(None, [ws])

    async def set_widget(self, state: WidgetState) -> Run:
        """Send one widget's new value (e.g. a component's); rerun its fragment if it has one."""
        return await self._rerun(None, [state])

    def options(self, key: str) -> list[str]:
        return list(self.widgets[key][1].options)

    async def _rerun(self, query_string: str | None, widget_states: list) -> Run:
        msg = BackMsg()
        rerun = msg.rerun_script
        rerun.query_string = self._query if query_string is None else query_string
        self._query = rerun.query_string
        rerun.widget_states.widgets.extend(widget_states)
        fragment = {self.fragments.get(w.id) for w in widget_states} - {None, ""}
        if len(fragment) == 1:  # as the browser does: a widget inside a fragment reruns that fragment
            rerun.fragment_id = fragment.pop()
        run = Run()
        start = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        deadline = start + self.timeout
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                run.errors.append(f"no script_finished within {self.timeout:.0f} s")
                break
            raw = await asyncio.wait_for(self.ws.recv(), left)
            run.messages += 1
            run.bytes += len(raw)
            fwd = ForwardMsg()
            fwd.ParseFromString(raw)
            kind = fwd.WhichOneof("type")
            if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                self._element(fwd.delta.new_element, run, start, len(raw), fwd.delta.fragment_id)
            elif kind == "page_info_changed":
                run.query_string = fwd.page_info_changed.query_string
            elif kind == "script_finished":
                if fwd.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue  # superseded by a rerun the app asked for itself (st.rerun, switch_page)
                run.status = 0 if fwd.script_finished == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY else fwd.script_finished
                break
        run.seconds = time.perf_counter() - start
        if run.status not in (None, 0):
            run.errors.append(f"script finished with status {run.status}")
        if run.query_string is not None:
            self._query = run.query_string
        return run

    _query = ""

    def _element(self, element, run: Run, start: float, size: int, fragment_id: str = "") -> None:
        kind = element.WhichOneof("type")
        body = getattr(element, kind)
        if kind == "exception":
            run.errors.append(f"{body.type}: {body.message}")
        elif kind == "alert":
            run.alerts.append(body.body)
        elif kind == "component_instance" and body.component_name == MAP_COMPONENT:
            run.map_seconds = time.perf_counter() - start
            run.map_bytes = size
            run.geometry_urls = sorted(set(re.findall(r'\\?"(/app/static/geo/[^"\\]+\.json)\\?"', body.json_args)))
        wid = getattr(body, "id", "")
        if isinstance(wid, str) and wid.startswith("$$ID-"):
            key = wid.split("-", 2)[2] if wid.count("-") >= 2 else wid
            self.widgets[key] = (wid, body)
            self.fragments[wid] = fragment_id


def get(url: str, headers: dict | None = None, timeout: float = 30.0) -> tuple[int, dict, bytes]:
    """A plain GET (loopback only), for the proxy's cookie and the static geometry."""
    require_loopback(url)
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


async def first_view(base_url: str, query_string: str = "", timeout: float = 120.0) -> Run:
    async with Session(base_url, timeout=timeout) as s:
        return await s.open(query_string)
