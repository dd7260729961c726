"""The published site in a real browser (headless Debian Chromium through Selenium), served
from 127.0.0.1: the filter, every link, the subscribe links, keyboard use, axe-core on every
page template, the Nu HTML Checker on every page, and screenshots kept as artifacts.

Skipped with the reason when Chromium, its driver or java is missing; failed in CI."""

from __future__ import annotations

import shutil
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from tests.browser_support import (
    Browser,
    Served,
    axe_violations,
    crawl,
    describe_html_errors,
    describe_violations,
    html_errors,
    png_size,
    screenshot,
    serve,
)

AS_OF = "2021-03-15"
BASE = "https://kommune.example/frister/"


def _publish(target: Path, *args: str) -> Path:
    from typer.testing import CliRunner

    from vikentool.cli import app

    result = CliRunner().invoke(app, ["publish", str(target), "--as-of", AS_OF, *args], env={})
    assert result.exit_code == 0, result.output
    return target


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _publish(tmp_path_factory.mktemp("site") / "public", "--base-url", BASE)


@pytest.fixture(scope="module")
def served(site_dir: Path) -> Iterator[Served]:
    with serve(site_dir) as site:
        yield site


def shown_entries(browser: Browser) -> list[str]:
    return [
        e.get_attribute("id") or ""
        for e in browser.find_elements(By.CSS_SELECTOR, "li.entry")
        if e.is_displayed()
    ]


def test_the_filter_narrows_the_list_by_kind_scheme_and_text(
    browser: Browser, served: Served, catalog: object
) -> None:
    from vikentool.domain.catalog import Catalog
    from vikentool.query.text import text_matches

    assert isinstance(catalog, Catalog)
    browser.get(served.url + "index.html")
    everything = shown_entries(browser)
    assert sorted(everything) == sorted(i.id for i in catalog.items)
    count = browser.find_element(By.ID, "_count")
    total = len(everything)
    assert count.text == f"{total} av {total} vises"

    Select(browser.find_element(By.ID, "_kind")).select_by_value("hearing_deadline")
    hearings = shown_entries(browser)
    assert sorted(hearings) == sorted(i.id for i in catalog.items if i.kind == "hearing_deadline")
    assert count.text == f"{len(hearings)} av {total} vises"
    # A section with nothing left in it hides its heading too.
    headings = [h.text for h in browser.find_elements(By.CSS_SELECTOR, "section h2")]
    assert [h for h in headings if h] and all("Uten dato" not in h for h in headings if h)

    Select(browser.find_element(By.ID, "_kind")).select_by_value("")
    Select(browser.find_element(By.ID, "_scheme")).select_by_value("rff")
    assert sorted(shown_entries(browser)) == sorted(i.id for i in catalog.items_of("rff"))

    Select(browser.find_element(By.ID, "_scheme")).select_by_value("")
    text = browser.find_element(By.ID, "_text")
    text.send_keys("naering")  # folded like --search: finds Næring
    found = shown_entries(browser)
    expected = [i.id for i in catalog.items if text_matches("naering", *i.search_text)]
    assert found and sorted(found) == sorted(expected)
    assert set(found) < set(everything)
    text.clear()
    text.send_keys("ingen slik tekst finnes")
    assert shown_entries(browser) == []
    assert count.text == f"0 av {total} vises"


def test_without_javascript_the_whole_list_shows(
    browser: Browser, site_dir: Path, tmp_path: Path, catalog: object
) -> None:
    from vikentool.domain.catalog import Catalog

    assert isinstance(catalog, Catalog)
    copy = tmp_path / "no-script"
    shutil.copytree(site_dir, copy)
    (copy / "filter.js").unlink()
    with serve(copy) as site:
        browser.get(site.url + "index.html")
        assert not browser.find_element(By.ID, "_filter").is_displayed()
        assert len(shown_entries(browser)) == len(catalog.items)


def test_every_link_resolves_and_every_anchor_exists(served: Served, site_dir: Path) -> None:
    served_dir = site_dir
    found = crawl(served.url)
    # Every page of the tree is reached from the front page.
    assert len(found.pages) == len(list(served_dir.rglob("*.html")))
    assert not found.broken, found.describe()
    assert not found.missing_anchors, found.describe()
    assert any(u.startswith("webcal://kommune.example/frister/feeds/") for u in found.external)


def test_the_subscribe_links_in_the_browser_carry_the_feed_address(
    browser: Browser, served: Served
) -> None:
    browser.get(served.url + "subscribe.html")
    item = browser.find_element(By.ID, "feeds-schemes-bio")
    links = {a.get_attribute("textContent").split(":")[0]: a.get_attribute("href") or ""
             for a in item.find_elements(By.TAG_NAME, "a")}  # fmt: skip
    assert len(links) == 4, links
    https = BASE + "feeds/schemes/bio.ics"
    webcal = "webcal://kommune.example/frister/feeds/schemes/bio.ics"
    assert links["Abonner (Apple Kalender, Outlook for Windows)"] == webcal
    assert parse_qs(urlsplit(links["Legg til i Google Kalender"]).query)["cid"] == [webcal]
    outlook = parse_qs(urlsplit(links["Legg til i Outlook.com eller Microsoft 365"]).query)
    assert outlook["url"] == [https]
    assert links["Kalenderadresse (.ics)"] == https
    # The feed itself is there, under the same path, on the local server.
    with urllib.request.urlopen(served.url + "feeds/schemes/bio.ics", timeout=10) as answer:
        assert answer.headers["Content-Type"].startswith("text/calendar")
        assert answer.read().startswith(b"BEGIN:VCALENDAR\r\n")


def test_the_keyboard_reaches_the_skip_link_then_the_filter(
    browser: Browser, served: Served
) -> None:
    browser.get(served.url + "index.html")
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    first = browser.switch_to.active_element
    assert first.get_attribute("class") == "skip" and first.is_displayed()
    first.send_keys(Keys.ENTER)
    assert browser.current_url.endswith("#_main")
    reached = []
    for _ in range(12):
        browser.switch_to.active_element.send_keys(Keys.TAB)
        reached.append(browser.switch_to.active_element.get_attribute("id"))
    assert {"_kind", "_scheme", "_text"} <= set(reached)


PAGES = [
    "index.html",
    "schemes/index.html",
    "schemes/rff.html",
    "schemes/bio.html",
    "plans/index.html",
    "plans/felles-planprogram.html",
    "hearings/nou-2020-15.html",
    "networks/index.html",
    "networks/omstillingsdyktig-naeringsliv.html",
    "deadlines/nytt-innspill-kmd-2022.html",
    "timeline.html",
    "subscribe.html",
]


@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_no_serious_or_critical_violation(
    browser: Browser, served: Served, name: str
) -> None:
    browser.get(served.url + name)
    violations = axe_violations(browser)
    assert not violations, describe_violations(violations, name)


def test_axe_on_the_site_in_english_and_without_a_base_url(
    browser: Browser, tmp_path: Path
) -> None:
    target = _publish(tmp_path / "en", "--lang", "en")
    with serve(target) as site:
        for name in ("index.html", "subscribe.html"):
            browser.get(site.url + name)
            assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
            violations = axe_violations(browser)
            assert not violations, describe_violations(violations, name)


def test_every_page_is_valid_html(site_dir: Path) -> None:
    errors = html_errors(site_dir)
    assert not errors, describe_html_errors(errors)


def test_screenshots_of_the_front_page_at_desktop_and_phone_width(
    browser: Browser, served: Served
) -> None:
    browser.get(served.url + "index.html")
    desktop = screenshot(browser, "site-front-desktop", 1280, 900)
    phone = screenshot(browser, "site-front-phone", 390, 844)
    assert png_size(desktop)[0] == 1280 and png_size(phone)[0] == 390
    # Nothing wider than the phone's screen: no sideways scrolling.
    browser.get(served.url + "index.html")
    assert png_size(phone)[1] > png_size(desktop)[1]
