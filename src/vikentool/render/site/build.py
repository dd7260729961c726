"""The website as files: every page, feed and copy, built in memory from the catalog.

``write_site`` hands each file to a sink as it is made; ``store.tree`` writes them into a new
tree and swaps it in at once. Nothing here reads the clock: with the same data, reference day and
``SOURCE_DATE_EPOCH`` the bytes are the same, so a site published from CI changes only where
the data did.

Every date is worded by ``present.date_text``, as in the terminal. Pages link to each other
with relative addresses, so the tree works under any path of any static host (and opened
from disk); absolute addresses are made only from ``--base-url``, for the calendar feeds'
subscribe links, where a calendar program needs them.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any, NamedTuple, Protocol
from urllib.parse import quote, urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from vikentool import __version__
from vikentool.domain.catalog import Catalog, Item, Move
from vikentool.domain.kinds import ALL_KINDS, ItemKind, label
from vikentool.domain.numbers import norwegian_number
from vikentool.domain.records import BARE_HOST, Contact, Hearing, Network, Plan, Scheme, as_data
from vikentool.errors import UsageError
from vikentool.i18n import N_, _, current_language, ngettext, pgettext
from vikentool.query.reports import (
    DEADLINE_FIELDS,
    Listing,
    Row,
    deadline_listing,
    describe,
    plan_status,
)
from vikentool.query.text import fold
from vikentool.query.window import ItemFilter
from vikentool.render.emit import csv_chunks, json_chunks
from vikentool.render.fees import bracket_text
from vikentool.render.present import MARK, date_text, day_text, moved_text
from vikentool.render.tables import (
    SHOWN_ELSEWHERE,
    applicant_lines,
    change_word,
    field_labels,
    plan_kind_word,
    record_type_word,
    status_word,
    status_words,
    value_text,
    warning_text,
)
from vikentool.render.terminal import clean

HERE = Path(__file__).parent

# The calendar feeds by kind: the words people look for, and the kinds each holds. Each
# kind is in exactly one of them; a test checks that.
KIND_FEEDS: tuple[tuple[str, str, tuple[ItemKind, ...]], ...] = (
    ("applications", N_("Application deadlines and calls"),
     ("application_deadline", "announcement")),
    ("hearings", N_("Hearings"), ("hearing_deadline", "hearing_reply")),
    ("milestones", N_("Plan milestones"), ("milestone",)),
    ("sessions", N_("Learning network sessions"), ("session",)),
)  # fmt: skip

# The timeline is a picture: beyond this many items it shows the next ones only.
TIMELINE_ITEMS = 400
TIMELINE_WIDTH = 100

_BARE_HOST = re.compile(f"^{BARE_HOST}$")


class SiteError(UsageError):
    """An option of the site that cannot work (a base URL that is not one)."""


# --- what the templates show ---------------------------------------------------------------


class Link(NamedTuple):
    text: str
    href: str | None


class Entry(NamedTuple):
    """One dated item as a page shows it."""

    id: str
    title: str
    kind: str
    kind_label: str
    date_words: str
    uncertain: bool
    as_written: str
    status: str
    status_words: str
    record: Link
    amount: str | None
    contacts: tuple[Contact, ...]
    citation: str
    source_href: str | None
    moves: tuple[str, ...]
    warning: str | None
    note: str | None
    search: str
    scheme_id: str


class Feed(NamedTuple):
    path: str
    title: str
    events: int
    https: str | None
    webcal: str | None
    google: str | None
    outlook: str | None


class Page(NamedTuple):
    path: str
    template: str
    context: dict[str, Any]


def base_url_of(text: str | None) -> str | None:
    """``--base-url`` checked and ending in ``/``: an http(s) address with a host."""
    if text is None:
        return None
    try:
        parts = urlsplit(text.strip())
        usable = (
            parts.scheme in ("http", "https")
            and bool(parts.hostname)
            and parts.username is None
            and (parts.port or 1) < 65536
            and not any(c in text for c in '?#% \t\n"<>')
        )
    except ValueError:
        usable = False
    if not usable:
        raise SiteError(
            _("{value} is not a web address such as https://example.no/frister/").format(
                value=repr(text)
            )
        )
    return text.strip().rstrip("/") + "/"


def safe_href(url: str | None) -> str | None:
    """A link only to the web or to e-mail: a data file's ``javascript:`` or ``data:``
    address is shown as text, never followed. A bare host (``viken.no/side``) as the
    documents write it gets https."""
    if not url:
        return None
    text = url.strip()
    try:
        scheme = urlsplit(text).scheme.lower()
    except ValueError:  # an address that does not parse is shown, not linked
        return None
    if scheme in ("http", "https", "mailto"):
        return text
    if not scheme and _BARE_HOST.match(text):
        return "https://" + text
    return None


def inert(value: Any) -> Any:
    """Every value a template prints: terminal controls and what XML forbids dropped,
    direction marks shown as their code."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return clean(value)
    return value


def mailto(address: str) -> str:
    """A ``mailto:`` link that can only address the one mailbox (no ``?cc=`` or ``&body=``
    from the data)."""
    return "mailto:" + quote(address.strip(), safe="@")


# --- the publisher ------------------------------------------------------------------------


class Site:
    """The pages of one catalog on one reference day; ``files()`` renders them."""

    def __init__(self, catalog: Catalog, as_of: dt.date, base_url: str | None = None) -> None:
        self.catalog = catalog
        self.as_of = as_of
        self.base_url = base_url
        self.listing: Listing = deadline_listing(
            catalog, ItemFilter(kinds=ALL_KINDS), as_of, include_undated=True
        )
        self.pages_of = _record_pages(catalog)
        self._entries: dict[str, Entry] = {}

    # -- links
    def record_link(self, item: Item) -> Link:
        parent = item.parent_id if item.parent_id in self.pages_of else item.id
        page = self.pages_of.get(parent or "")
        title = item.parent_title or item.title
        return Link(title, f"{page}#{item.id}" if page else None)

    def source_href(self, document_id: str) -> str | None:
        found = self.catalog.document(document_id)
        return safe_href(found.url) if found else None

    # -- entries
    def entry(self, row: Mapping[str, Any], item: Item) -> Entry:
        spec = item.date
        words = date_text(spec, uncertain=bool(row["uncertain_in_window"]))
        uncertain = words.startswith(MARK + " ")
        scheme = item.scheme
        budget = scheme.budget if scheme else None
        warning = None
        if item.holiday_warning and spec.earliest:
            warning = warning_text(spec.earliest, item.holiday_warning)
        return Entry(
            id=item.id,
            title=item.title,
            kind=item.kind,
            kind_label=label(item.kind),
            date_words=words[len(MARK) + 1 :] if uncertain else words,
            uncertain=uncertain,
            as_written=spec.as_written,
            status=row["status"],
            status_words=status_words(row),
            record=self.record_link(item),
            amount=value_text(as_data(budget)) if budget else None,
            contacts=item.contacts,
            citation=item.citation,
            source_href=self.source_href(item.source.document),
            moves=tuple(moved_text(m) for m in reversed(item.moves)),
            warning=warning,
            note=item.note,
            search=_search_text(item),
            scheme_id=scheme.id if scheme else "",
        )

    def entries(self, items: Iterable[Item]) -> list[Entry]:
        """Each item as pages show it, made once however many pages list it."""
        made, rows = self._entries, self.rows_by_id
        found = []
        for item in items:
            entry = made.get(item.id)
            if entry is None:
                entry = made[item.id] = self.entry(rows[item.id], item)
            found.append(entry)
        return found

    @cached_property
    def rows_by_id(self) -> dict[str, Row]:
        return {item.id: row for row, item in self.listing.dated + self.listing.undated}

    # -- feeds
    def feeds(self) -> list[tuple[Feed, list[Item]]]:
        items = [item for _row, item in self.listing.dated + self.listing.undated]
        chosen: list[tuple[str, str, list[Item]]] = [("feeds/all.ics", _("Everything"), items)]
        for slug, title, kinds in KIND_FEEDS:
            chosen.append((f"feeds/{slug}.ics", _(title), [i for i in items if i.kind in kinds]))
        for scheme in self.catalog.schemes:
            own = self.catalog.items_of(scheme.id)
            chosen.append((f"feeds/schemes/{scheme.id}.ics", scheme.name, own))
        return [(self.feed(path, title, own), own) for path, title, own in chosen]

    def feed(self, path: str, title: str, items: Sequence[Item]) -> Feed:
        events = sum(1 for i in items if i.date.is_dated)
        if self.base_url is None:
            return Feed(path, title, events, None, None, None, None)
        https = self.base_url + path
        webcal = "webcal://" + https.split("://", 1)[1]
        name = _calendar_name(title)
        return Feed(
            path,
            title,
            events,
            https,
            webcal,
            "https://calendar.google.com/calendar/render?cid=" + quote(webcal, safe=""),
            "https://outlook.live.com/calendar/0/addfromweb?url="
            + quote(https, safe="")
            + "&name="
            + quote(name, safe=""),
        )

    # -- pages
    def pages(self, feeds: Sequence[Feed]) -> list[Page]:
        catalog = self.catalog
        pages = [Page("index.html", "index.html", self.front_page())]
        by_scheme = {f.path.rsplit("/", 1)[1].removesuffix(".ics"): f for f in feeds
                     if f.path.startswith("feeds/schemes/")}  # fmt: skip
        for scheme in catalog.schemes:
            pages.append(self.record_page(scheme.id, feed=by_scheme.get(scheme.id)))
        for plan in catalog.plans:
            pages.append(self.record_page(plan.id))
        for hearing in catalog.hearings:
            pages.append(self.record_page(hearing.id))
        for network in catalog.networks:
            pages.append(self.record_page(network.id, network=network))
        for deadline in catalog.deadlines:
            if deadline.scheme is None:
                pages.append(self.record_page(deadline.id))
        pages.append(Page("schemes/index.html", "schemes.html", {"rows": self.scheme_rows()}))
        pages.append(Page("plans/index.html", "plans.html", self.plans_context()))
        pages.append(Page("networks/index.html", "networks.html", {"networks": catalog.networks}))
        pictured, _start, _end = self.timeline_items
        pages.append(Page("timeline.html", "timeline.html", {"pictured": len(pictured),
                          "dated": len(self.listing.dated)}))  # fmt: skip
        per_scheme = [f for f in feeds if f.path.startswith("feeds/schemes/")]
        groups = [
            ("kinds", _("Calendars by kind"), [f for f in feeds if f not in per_scheme]),
            ("schemes", _("A calendar per scheme"), per_scheme),
        ]
        pages.append(Page("subscribe.html", "subscribe.html", {"feed_groups": groups}))
        return pages

    def front_page(self) -> dict[str, Any]:
        dated = [(row, item) for row, item in self.listing.dated]
        ahead = [p for p in dated if p[0]["status"] != "passed"]
        ahead.sort(key=lambda p: (p[0]["next_possible"] or "", p[1].title.casefold()))
        passed = [p for p in dated if p[0]["status"] == "passed"]
        passed.sort(key=lambda p: (p[0]["latest"] or "", p[1].title.casefold()), reverse=True)
        sections = [
            ("ahead", _("Due next"), self.entries(i for _r, i in ahead)),
            ("undated", _("Without a date"), self.entries(i for _r, i in self.listing.undated)),
            ("passed", _("Passed, latest first"), self.entries(i for _r, i in passed)),
        ]
        kinds = [(k, label(k)) for k in ALL_KINDS if any(r["kind"] == k for r in self.listing.rows)]
        schemes = [(s.id, s.name) for s in self.catalog.schemes]
        return {"sections": sections, "kinds": kinds, "schemes": schemes,
                "total": len(self.listing.rows)}  # fmt: skip

    def record_page(
        self, record_id: str, *, feed: Feed | None = None, network: Network | None = None
    ) -> Page:
        document = describe(self.catalog, record_id)
        record = self.catalog.record(record_id)
        assert record is not None
        fields: list[tuple[str, list[Link], bool]] = []
        for key, label_text in field_labels().items():
            value = document.get(key)
            if key == "applicants" and isinstance(record, Scheme):
                lines = applicant_lines(value or [])
                fields.append((label_text, [Link(line, None) for line in lines], len(lines) > 1))
                continue
            if key in SHOWN_ELSEWHERE or key in ("name", "title") or value in (None, [], ""):
                continue
            if key == "kind":
                value = plan_kind_word(value) if isinstance(record, Plan) else label(value)
            if key in ("related", "followed_by"):
                ids = value if isinstance(value, list) else [value]
                fields.append((label_text, [self.plan_link(i) for i in ids], len(ids) > 1))
            elif key == "url":
                fields.append((label_text, [Link(value, safe_href(value))], False))
            elif isinstance(value, list):
                fields.append((label_text, [Link(str(v), None) for v in value], True))
            else:
                fields.append((label_text, [Link(value_text(value), None)], False))
        items = self.catalog.items_of(record_id)
        itself = self.catalog.item(record_id)
        if itself is not None:
            items = [itself, *items]
        status = None
        if isinstance(record, Plan | Hearing):
            status = status_word(plan_status(items, self.as_of))
        source = getattr(record, "source", None)
        context = {
            "record": record,
            "title": document.get("name") or document.get("title") or record_id,
            "type_words": record_type_word(document["type"]),
            "fields": fields,
            "entries": self.entries(items),
            "status": status,
            "contacts": document.get("contacts", []),
            "citation": document.get("citation"),
            "source_href": self.source_href(source.document) if source else None,
            "feed": feed,
            "network": self.network_context(network) if network else None,
        }
        return Page(self.pages_of[record_id], "record.html", context)

    def plan_link(self, plan_id: str) -> Link:
        plan = self.catalog.record(plan_id)
        if isinstance(plan, Plan):
            return Link(plan.title, self.pages_of.get(plan_id))
        return Link(plan_id, None)

    def network_context(self, network: Network) -> dict[str, Any]:
        sessions = []
        for session in network.sessions:
            item = self.catalog.item(session.id)
            sessions.append((session, self.entries([item])[0] if item else None))
        fee = None
        if network.fee is not None:
            fee = [(bracket_text(b.min, b.max), f"kr {norwegian_number(b.fee_nok)}", b.as_written)
                   for b in network.fee.brackets]  # fmt: skip
        return {"sessions": sessions, "theme_day": network.theme_day, "fee": fee,
                "fee_table": network.fee}  # fmt: skip

    def scheme_rows(self) -> list[tuple[Scheme, list[Entry]]]:
        return [(s, self.entries(self.catalog.items_of(s.id))) for s in self.catalog.schemes]

    def plans_context(self) -> dict[str, Any]:
        def rows(records: Sequence[Plan | Hearing]) -> list[tuple[Any, str]]:
            return [
                (r, status_word(plan_status(self.catalog.items_of(r.id), self.as_of)))
                for r in records
            ]

        return {"plans": rows(self.catalog.plans), "hearings": rows(self.catalog.hearings)}

    # -- the timeline
    @cached_property
    def timeline_items(self) -> tuple[list[Item], dt.date, dt.date]:
        """The items the timeline pictures, and its first and last day: every dated item
        while they fit a picture people can read; beyond that, the next ones from the
        reference day on (the page says how many of how many; the lists have them all)."""
        dated = [item for _row, item in self.listing.dated]
        if len(dated) > TIMELINE_ITEMS:
            ahead = sorted(
                (row["next_possible"], item.sort_key, item)
                for row, item in self.listing.dated
                if row["next_possible"] is not None
            )
            dated = sorted((item for *_key, item in ahead[:TIMELINE_ITEMS]),
                           key=lambda item: item.sort_key)  # fmt: skip
        days = [d for i in dated for d in (i.date.earliest, i.date.latest) if d]
        if not days:
            return [], self.as_of, self.as_of
        return dated, min(days), max(days)

    # -- changes
    def moves(self) -> list[tuple[Move, Item]]:
        """Every recorded change of a date up to the reference day, newest first."""
        found = [(m, i) for i in self.catalog.items for m in i.moves if m.changed_on <= self.as_of]
        found.sort(key=lambda pair: (pair[0].changed_on, pair[1].title.casefold()), reverse=True)
        return found


def _record_pages(catalog: Catalog) -> dict[str, str]:
    """Each record with a page of its own, and that page's path."""
    pages = {s.id: f"schemes/{s.id}.html" for s in catalog.schemes}
    pages.update({p.id: f"plans/{p.id}.html" for p in catalog.plans})
    pages.update({h.id: f"hearings/{h.id}.html" for h in catalog.hearings})
    pages.update({n.id: f"networks/{n.id}.html" for n in catalog.networks})
    pages.update({d.id: f"deadlines/{d.id}.html" for d in catalog.deadlines if d.scheme is None})
    return pages


def _search_text(item: Item) -> str:
    return fold(" ".join((*item.search_text, label(item.kind))))


def _capitalised(word: str) -> str:
    return word[:1].upper() + word[1:]


def _calendar_name(title: str) -> str:
    return _("Viken: {topic}").format(topic=title)


# --- rendering ----------------------------------------------------------------------------


def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(("html", "atom", "xml"), default_for_string=True),
        undefined=StrictUndefined,
        finalize=inert,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=_, ngettext=ngettext, pgettext=pgettext, newstyle=True
    )
    env.filters["safe_href"] = safe_href
    env.filters["mailto"] = mailto
    env.filters["day"] = day_text
    env.filters["number"] = norwegian_number
    return env


class Sink(Protocol):
    """Where the files go (``store.tree.TreeWriter``, or a dict in a test)."""

    def write(self, name: str, chunks: bytes | Iterable[str]) -> None: ...


def write_site(
    catalog: Catalog, as_of: dt.date, sink: Sink, *, base_url: str | None = None
) -> None:
    """Every file of the site, written to ``sink`` one at a time by its path in the tree."""
    from vikentool.render.timeline import picture

    site = Site(catalog, as_of, base_url)
    env = environment()
    feed_items = site.feeds()
    feeds = [feed for feed, _items in feed_items]
    calendars = _calendars_beside(catalog, feed_items, sink)
    common = {
        "lang": current_language(),
        "as_of": as_of,
        "as_of_words": day_text(as_of),
        "version": __version__,
        "documents": [(d, safe_href(d.url)) for d in catalog.documents],
        "base_url": base_url,
    }
    for page in site.pages(feeds):
        depth = page.path.count("/")
        context = {**common, **page.context, "root": "../" * depth, "path": page.path}
        sink.write(page.path, env.get_template(page.template).generate(context))
    pictured, start, end = site.timeline_items
    if pictured:
        svg, _html = picture(pictured, start, end, TIMELINE_WIDTH, as_of)
        sink.write("timeline.svg", svg.encode("utf-8"))
    rows = site.listing.rows
    sink.write("deadlines.json", json_chunks(rows))
    sink.write("deadlines.csv", csv_chunks(rows, DEADLINE_FIELDS))
    sink.write("changes.atom", _atom(env, site, common).encode("utf-8"))
    for name in ("style.css", "filter.js"):
        sink.write(name, (HERE / "static" / name).read_bytes())
    calendars()


# The feeds being built in a forked worker: set just before the fork, which copies it.
_FEEDS: tuple[list[tuple[str, str, list[Item]]], dt.datetime, Sink] | None = None
# Below this many items the calendars are built in this process: a worker costs more.
PARALLEL_FROM = 2000


def _calendars_beside(
    catalog: Catalog, feed_items: Sequence[tuple[Feed, Sequence[Item]]], sink: Sink
) -> Callable[[], None]:
    """Start writing the calendar feeds to ``sink``, in a second process where the system
    can fork one (at national scale they take as long as the pages); the answer waits for
    them."""
    global _FEEDS
    from vikentool.render.ics import reproducible_stamp

    # One time for every feed, and each event written once however many feeds hold it.
    stamp = reproducible_stamp(catalog.items)
    work = [(feed.path, _calendar_name(feed.title), list(items)) for feed, items in feed_items]
    _FEEDS = (work, stamp, sink)
    if len(catalog.items) < PARALLEL_FROM or not sys.platform.startswith("linux"):
        return _write_feeds
    import multiprocessing

    pool = multiprocessing.get_context("fork").Pool(1)
    pending = pool.apply_async(_write_feeds)

    def wait() -> None:
        try:
            pending.get()
        finally:
            pool.terminate()

    return wait


def _write_feeds() -> None:
    from vikentool.render.ics import build_calendar

    assert _FEEDS is not None
    work, stamp, sink = _FEEDS
    memo: dict[tuple[str, str], bytes] = {}
    for path, name, items in work:
        sink.write(path, build_calendar(items, name=name, stamp=stamp, memo=memo)[0])


def _atom(env: Environment, site: Site, common: Mapping[str, Any]) -> str:
    from zoneinfo import ZoneInfo

    from vikentool.domain.dates import OSLO

    zone = ZoneInfo(OSLO)
    entries = []
    for move, item in site.moves():
        day = move.changed_on
        # An entry's id names the change, not the site's address: it stays the same however
        # often and wherever the site is published.
        key = f"vikentool:{item.id}:{day}:{move.before.as_written}"
        entries.append(
            {
                "id": uuid.uuid5(uuid.NAMESPACE_URL, key).urn,
                "title": inert(f"{_capitalised(change_word(move.kind))}: {item.title}"),
                "updated": dt.datetime(day.year, day.month, day.day, tzinfo=zone).isoformat(),
                "link": site.record_link(item).href,
                "summary": inert(
                    moved_text(move)
                    + ". "
                    + _("Now: {date} («{wording}»).").format(
                        date=date_text(move.after), wording=move.after.as_written
                    )
                ),
            }
        )
    # The feed's time is its newest entry's (or the reference day's): the same on every run.
    start = site.as_of
    midnight = dt.datetime(start.year, start.month, start.day, tzinfo=zone).isoformat()
    updated = entries[0]["updated"] if entries else midnight
    feed_id = uuid.uuid5(uuid.NAMESPACE_URL, f"vikentool:changes:{site.base_url or ''}").urn
    return env.get_template("changes.atom").render(
        {**common, "entries": entries, "updated": updated, "feed_id": feed_id}
    )
