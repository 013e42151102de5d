"""Where a fact comes from: every source classified as official, press, reference or secondary.

Why one module: the validator, the importer and the views all ask "what kind of source is this?",
and nothing else parses URLs (DESIGN.md).  The answer is data, not code: ``data/hosts.csv`` lists
host patterns with their kind, a note and where the classification comes from, so a reviewer can
read and change it without touching Python.

Kinds:
- ``official``: the publisher itself (municipality, prefecture, union, ministry, a 例規集 host);
- ``press``: a newspaper or broadcaster (or an aggregator carrying its article);
- ``reference``: an encyclopedia, dictionary, research or an association's page;
- ``secondary``: a copy or retelling (document mirror, machine-written explainer, blog);
- ``deny``: never a source (search-engine caches, proxies, raw-IP hosts, clones on random hosts);
- ``document``: a cited document without an address (seed 001 §II-②), ``unknown``: a host not listed.

A proxy or cache URL that embeds the original (``http://40.74.122.252/index.cgi/larger-text/https://
www.pref.tottori.lg.jp/…``, ``www-pref-yamaguchi-lg-jp.cache.yimg.jp/…``) is rewritten to the original
by :func:`original_url` (``python -m dashboard sources --fix`` and the importer apply it).
"""

from __future__ import annotations

import csv
import fnmatch
import ipaddress
import os
import re
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd

from ..errors import AtlasError, Problem, display_path
from .folders import expand_folders

HOSTS_FILE = Path(__file__).resolve().parents[2] / "data" / "hosts.csv"
KINDS = ("official", "press", "reference", "secondary", "deny", "document", "unknown")
RANK = {"official": 0, "press": 1, "reference": 2, "document": 3, "unknown": 4, "secondary": 5, "deny": 6}
STRONG = ("official", "press")  # what an explicit membership must rest on
LABELS_JA = {"official": "公式", "press": "報道", "reference": "参考", "secondary": "二次資料", "deny": "不可",
             "document": "資料", "unknown": "未分類"}
_URL = re.compile(r"https?://[^\s|;,、）)\"<>]+")
_EMBEDDED = re.compile(r"/(https?):/+(.+)$")
_CACHE_HOST = re.compile(r"^(?P<encoded>[a-z0-9-]+)\.cache\.yimg\.jp$")
SOURCE_COLUMNS = ("source", "official_source")


@dataclass(frozen=True)
class HostRule:
    pattern: str
    kind: str
    note: str
    source: str
    line: int

    def matches(self, host: str) -> bool:
        p = self.pattern.lower()
        if p.endswith(".*") and "*" not in p[:-2]:  # a prefix label: city.* matches city.x.jp and www.city.x.jp
            label = p[:-2]
            return host.startswith(label + ".") or f".{label}." in f".{host}"
        return fnmatch.fnmatchcase(host, p) or (p.startswith("*.") and host == p[2:])


def read_hosts(path: Path = HOSTS_FILE) -> tuple[HostRule, ...]:
    """The host list, validated: a bad kind or an empty pattern is an error naming the row."""
    rules = []
    with open(path, encoding="utf-8", newline="") as f:
        for line, row in enumerate(csv.DictReader(f), start=2):
            pattern, kind = (row.get("host") or "").strip(), (row.get("kind") or "").strip()
            if not pattern or kind not in KINDS[:5]:
                raise AtlasError(Problem(display_path(path), line, "kind" if pattern else "host",
                                         f"needs a host pattern and a kind ({', '.join(KINDS[:5])})"))
            rules.append(HostRule(pattern, kind, row.get("note") or "", row.get("source") or "", line))
    return tuple(rules)


@lru_cache(maxsize=4)
def _rules(path: str) -> tuple[HostRule, ...]:
    return read_hosts(Path(path))


def urls_in(text) -> list[str]:
    return _URL.findall(str(text or ""))


def host_of(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:
        return ""


def is_raw_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
        return True
    except ValueError:
        return False


def original_url(url: str) -> str | None:
    """The original page a proxy or cache URL stands for, or None if it is not one (or hides it)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    m = _EMBEDDED.search(parts.path + (f"?{parts.query}" if parts.query else ""))
    if m and (is_raw_ip(host) or "proxy" in host or "index.cgi" in parts.path or "translate" in host):
        return f"{m[1]}://{m[2]}"
    c = _CACHE_HOST.match(host)
    if c:
        # Yahoo's cache writes the original host with "." as "-" (and an original "-" as "--").
        original = c["encoded"].replace("--", "\0").replace("-", ".").replace("\0", "-")
        scheme = parts.scheme or "https"
        return f"{scheme}://{original}{parts.path}" + (f"?{parts.query}" if parts.query else "")
    if host == "webcache.googleusercontent.com":
        q = re.search(r"cache:(?:[^:]+:)?(https?://\S+|[^+&\s]+)", parts.query)
        if q:
            target = q[1]
            return target if target.startswith("http") else f"https://{target}"
    return None


def rule_for(host: str, hosts: Path = HOSTS_FILE) -> HostRule | None:
    return next((r for r in _rules(str(hosts)) if r.matches(host)), None)


def url_kind(url: str, hosts: Path = HOSTS_FILE) -> str:
    """The kind of one URL: deny for raw IPs and proxies/caches, else the first matching host rule."""
    host = host_of(url)
    if not host or is_raw_ip(host) or original_url(url):
        return "deny"
    rule = rule_for(host, hosts)
    return rule.kind if rule else "unknown"


def source_kind(text, hosts: Path = HOSTS_FILE) -> str:
    """The kind of a source cell: its best URL (a cell may cite two pages), or ``document`` for a
    cited document without an address (seed 001 §II-②)."""
    urls = urls_in(text)
    if not urls:
        return "document" if str(text or "").strip() else "unknown"
    return min((url_kind(u, hosts) for u in urls), key=RANK.get)


def fix_text(text: str) -> str:
    """A source cell with every proxy or cache URL replaced by the original it embeds."""
    def repl(m: re.Match) -> str:
        return original_url(m[0]) or m[0]

    return _URL.sub(repl, str(text))


# --- the registry's checks ---------------------------------------------------------------------

def strict_sources() -> bool:
    """Whether source problems (a denied host, an explicit row on a weak source) block validation and
    build: yes, now that the registry is re-sourced (issue #19).  ``ATLAS_STRICT_SOURCES=0`` lets a
    folder under repair be checked for its other problems; ``python -m dashboard sources --report``
    lists what fails."""
    return os.environ.get("ATLAS_STRICT_SOURCES", "1") != "0"


def check_rows(file: str, rows: list[dict], hosts: Path = HOSTS_FILE, *, table: str = "") -> tuple[list[Problem], list[Problem]]:
    """Problems (rejected) and warnings (shown) for one table's rows, with file, row and column.

    Rejected: a URL on a raw-IP host, a proxy or cache, or a deny-listed host; an explicit
    membership resting on neither an official nor a press source.  Warned: an ``until`` on 03-31
    (the rule: ``until`` is the first day no longer in force; …をもって / 限り is the next day).
    """
    problems: list[Problem] = []
    warnings: list[Problem] = []
    for line, row in enumerate(rows, start=2):
        for column in SOURCE_COLUMNS:
            for url in urls_in(row.get(column)):
                kind = url_kind(url, hosts)
                if kind != "deny":
                    continue
                original = original_url(url)
                host = host_of(url)
                if original:
                    why = f"{url[:80]} is a proxy or cache copy; cite the original {original} (python -m dashboard sources --fix rewrites it)"
                elif is_raw_ip(host):
                    why = f"{url[:80]} is on a raw IP address; cite the publisher's page"
                else:
                    rule = rule_for(host, hosts)
                    why = f"{host} is deny-listed in data/hosts.csv ({rule.note if rule else 'deny'}); cite the publisher's page"
                problems.append(Problem(file, line, column, why))
        if table == "memberships" and str(row.get("evidence") or "").strip().lower().startswith("explicit"):
            kind = source_kind(row.get("source"), hosts)
            if kind in ("secondary", "reference"):
                problems.append(Problem(file, line, "evidence",
                                        f"explicit rests on a {kind} source ({host_of(urls_in(row.get('source'))[0]) if urls_in(row.get('source')) else row.get('source')}); "
                                        "cite an official or press page, or downgrade to 'inferred: (from what)'"))
        until = str(row.get("until") or "")
        if until.endswith("-03-31") and until not in str(row.get("note") or ""):  # a note naming the date explains it
            warnings.append(Problem(file, line, "until",
                                    f"until {until} is a March 31st: until is the first day no longer in force "
                                    "(…3月31日をもって / 限り → the next day, 04-01); keep it only with a note saying why"))
    return problems, warnings


def check_folders(folders, hosts: Path = HOSTS_FILE) -> tuple[list[Problem], list[Problem]]:
    """Source checks over every registry CSV of ``folders`` (read as text, so any table is covered)."""
    problems: list[Problem] = []
    warnings: list[Problem] = []
    for folder in expand_folders(folders):
        for path in sorted(Path(folder).glob("*.csv")):
            if path.stem == "hosts":
                continue
            try:
                with open(path, encoding="utf-8-sig", newline="") as f:
                    rows = list(csv.DictReader(f))
            except (UnicodeDecodeError, csv.Error):
                continue  # the table reader reports an unreadable file with its own message
            p, w = check_rows(display_path(path), rows, hosts, table=path.stem)
            problems += p
            warnings += w
    return problems, warnings


def fix_folder(folders) -> list[tuple[str, int]]:
    """Rewrite proxy and cache URLs to their originals in every registry CSV, each file atomically
    (written beside it, then renamed over it).  Returns (file, cells changed) for the files changed."""
    changed = []
    for folder in expand_folders(folders):
        for path in sorted(Path(folder).glob("*.csv")):
            if path.stem == "hosts":
                continue
            raw = path.read_bytes()
            ending = "\r\n" if b"\r\n" in raw[:4096] else "\n"  # keep the file's own line ending and BOM
            bom = raw.startswith(b"\xef\xbb\xbf")
            with open(path, encoding="utf-8-sig", newline="") as f:
                rows = list(csv.reader(f))
            if not rows:
                continue
            header = rows[0]
            cols = [i for i, name in enumerate(header) if name in SOURCE_COLUMNS]
            n = 0
            for row in rows[1:]:
                for i in cols:
                    if i < len(row):
                        fixed = fix_text(row[i])
                        if fixed != row[i]:
                            row[i] = fixed
                            n += 1
            if not n:
                continue
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as out:
                    csv.writer(out, lineterminator=ending).writerows(rows)
                os.chmod(tmp, 0o644)
                os.replace(tmp, path)
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
            changed.append((display_path(path), n))
    return changed


def kind_shares(frame, by: list[str]):
    """Share (%) of rows per source kind, grouped by ``by`` (e.g. scheme_id, pref_code)."""
    kinds = frame["source"].map(source_kind)
    table = pd.crosstab([frame[c] for c in by], kinds, normalize="index").mul(100).round(1)
    counts = frame.groupby(by).size().rename("rows")
    return table.join(counts).reset_index()


def membership_kinds(memberships, bodies):
    """Membership rows with scheme_id, pref_code (the member's, else the body's first) and kind."""
    scheme = bodies.set_index("body_id")["scheme_id"]
    body_pref = bodies.set_index("body_id")["pref_codes"].fillna("").astype(str).str.split(";").str[0]
    member = memberships["member"].fillna("").astype(str) if "member" in memberships else memberships["member_code"].fillna("").astype(str)
    coded = member.str.fullmatch(r"\d{5,6}")
    return pd.DataFrame({
        "scheme_id": memberships["body_id"].map(scheme).values,
        "pref_code": member.str[:2].where(coded, memberships["body_id"].map(body_pref)).values,
        "kind": memberships["source"].map(source_kind).values,
    })


def kind_share_table(memberships, bodies, by: str = "scheme_id"):
    """Per scheme (or prefecture): membership rows and the share (%) of each source kind."""
    k = membership_kinds(memberships, bodies)
    if k.empty:
        return pd.DataFrame(columns=[by, "rows"])
    shares = pd.crosstab(k[by], k["kind"], normalize="index").mul(100).round(1)
    shares = shares.reindex(columns=[c for c in KINDS if c in shares.columns])
    return shares.join(k.groupby(by).size().rename("rows")).reset_index()


def _read_all(folders, name: str):
    frames = [pd.read_csv(p, dtype=str, keep_default_na=False) for f in expand_folders(folders) for p in [Path(f) / f"{name}.csv"] if p.exists()]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["body_id", "member", "source", "scheme_id", "pref_codes"])


def report_shares(folders) -> str:
    """The membership rows' source kinds per scheme, as text (for ``sources --report``)."""
    table = kind_share_table(_read_all(folders, "memberships"), _read_all(folders, "bodies"))
    return "source kinds of membership rows (% per scheme):\n" + table.to_string(index=False)
