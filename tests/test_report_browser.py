"""The HTML report in a real headless Chromium: it renders, filters, and runs nothing from page text.

Uses Debian's ``chromium`` and ``chromedriver`` (``make browser`` installs
them); both paths are given to Selenium so Selenium Manager never downloads a
browser or driver. The hostile corpus in ``tests/data/report_hostile/`` puts
``<script>`` and ``<img onerror>`` payloads inside sentences that become
finding quotes; at test time a page with an HTML-metacharacter file name and
an empty file with a hostile name (skipped) are added next to it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from kgraph.build import build_corpus
from kgraph.report import report_data
from kgraph.report.html import render_html

pytestmark = pytest.mark.slow  # builds corpora with the real spaCy model and drives a real browser

HOSTILE = Path(__file__).parent / "data" / "report_hostile"
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=window.__xss=1>'
ODD_NAME = "a&b'<x>.txt"
EMPTY_NAME = "<img src=x onerror=window.__xss=3>.txt"
ODD_TEXT = 'Ketamine Safety\n\nKetamine is not addictive "><img src=x onerror=window.__xss=2> for most patients.\n'
COUNT_VISIBLE = "return Array.from(document.querySelectorAll('article.finding')).filter(e => e.offsetParent !== null).length"


def _chromium_paths() -> tuple[str, str]:
    browser = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").is_file() else None)
    driver = shutil.which("chromedriver")
    if browser is None or driver is None:
        pytest.fail(f"the report's browser test needs Debian's chromium and chromedriver (found chromium={browser}, "
                    f"chromedriver={driver}); run `make browser` to install them")
    return browser, driver


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """A headless Chromium that keeps to itself: no network services, a throw-away profile."""
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    binary, driver_path = _chromium_paths()
    options = Options()
    options.binary_location = binary
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}", "--window-size=1280,1000"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SE_OFFLINE", "true")  # belt and braces: Selenium Manager must not go online
        driver = webdriver.Chrome(options=options, service=Service(executable_path=driver_path))
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> tuple[dict, Path]:
    """The hostile corpus built with the real pipeline, and its report.html: (report data, page path)."""
    corpus = tmp_path_factory.mktemp("report-hostile")
    for item in HOSTILE.iterdir():
        shutil.copy(item, corpus / item.name)
    (corpus / ODD_NAME).write_text(ODD_TEXT, encoding="utf-8")
    (corpus / EMPTY_NAME).write_bytes(b"")
    out = tmp_path_factory.mktemp("report-hostile-out")
    result = build_corpus(corpus, out)
    data = report_data(result.graph)
    page = out / "report.html"
    page.write_text(render_html(data), encoding="utf-8")
    return data, page


def _screenshot(driver, name: str, tmp_path: Path) -> Path:
    folder = Path(os.environ.get("KGRAPH_SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    height = driver.execute_script("return document.documentElement.scrollHeight")
    chrome = driver.execute_script("return window.outerHeight - window.innerHeight")
    driver.set_window_size(1280, min(int(height), 6000) + int(chrome))  # the whole page, up to 6000 px
    driver.execute_script("window.scrollTo(0, 0)")
    assert driver.save_screenshot(str(path)), path
    driver.set_window_size(1280, 1000)
    print(f"screenshot: {path}")
    return path


def _open(driver, page: Path) -> None:
    driver.get(page.resolve().as_uri())
    driver.get_log("browser")  # drop messages of earlier pages


def _assert_clean_console(driver) -> None:
    messages = [entry["message"] for entry in driver.get_log("browser")]
    assert not [m for m in messages if "Content Security Policy" in m or "Refused" in m or "Uncaught" in m], messages


def _shown(driver) -> tuple[int, str]:
    from selenium.webdriver.common.by import By

    return driver.execute_script(COUNT_VISIBLE), driver.find_element(By.ID, "shown-count").text


def test_hostile_strings_reach_finding_quotes(hostile) -> None:
    data, _ = hostile
    quotes = [m["quote"] for f in data["findings"] for m in f["members"]]
    assert any(SCRIPT in q for q in quotes) and any(IMG in q for q in quotes)
    assert any(ODD_NAME in f["documents"] for f in data["findings"])
    assert {"PolarityConflict", "CertaintyDrift", "Paraphrase", "ReferenceConflict"} <= {f["type"] for f in data["findings"]}
    assert [s["file"] for s in data["skipped"]] == [EMPTY_NAME]


def test_hostile_report_renders_as_text_and_runs_nothing(browser, hostile, tmp_path) -> None:
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    data, page = hostile
    _open(browser, page)
    total = len(data["findings"])
    assert len(browser.find_elements(By.CSS_SELECTOR, "article.finding")) == total
    assert _shown(browser) == (total, str(total))

    quotes = [q.text for q in browser.find_elements(By.CSS_SELECTOR, "article.finding blockquote")]
    assert any(SCRIPT in q for q in quotes) and any(IMG in q for q in quotes)
    body = browser.find_element(By.TAG_NAME, "body").text
    assert ODD_NAME in body and EMPTY_NAME in body and "Ketamine <b>for</b> pain" in body

    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert  # noqa: B018 - the property raises when no alert is open
    assert browser.execute_script("return window.__xss === undefined")
    assert browser.find_elements(By.TAG_NAME, "img") == []
    assert len(browser.find_elements(By.TAG_NAME, "script")) == 1  # the report's own
    assert browser.execute_script("return document.querySelectorAll('[onerror], [onload], [onclick]').length") == 0
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0  # loaded nothing

    links = browser.find_elements(By.CSS_SELECTOR, "article.finding a.source-link")
    expected = [m["link"] for f in data["findings"] for m in f["members"] if m["link"]]
    assert links and len(links) == len(expected)
    for link in links:
        href = link.get_attribute("href")
        assert "#:~:text=" in href and href.startswith("https://clinic-")
        assert link.get_attribute("rel") == "noopener noreferrer" and link.get_attribute("target") == "_blank"
    _screenshot(browser, "report-hostile.png", tmp_path)
    _assert_clean_console(browser)


def test_hostile_report_filters(browser, hostile) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    data, page = hostile
    _open(browser, page)
    total = len(data["findings"])

    def expect(keep) -> None:
        n = sum(1 for f in data["findings"] if keep(f))
        assert _shown(browser) == (n, str(n))  # filtering is synchronous: no waiting

    error_box = browser.find_element(By.CSS_SELECTOR, "input[name=severity][value=Error]")
    error_box.click()
    expect(lambda f: f["severity"] != "Error")
    assert 0 < _shown(browser)[0] < total
    error_box.click()
    expect(lambda f: True)

    type_box = browser.find_element(By.CSS_SELECTOR, "input[name=type][value=PolarityConflict]")
    type_box.click()
    expect(lambda f: f["type"] != "PolarityConflict")
    type_box.click()
    expect(lambda f: True)

    select = Select(browser.find_element(By.NAME, "document"))
    select.select_by_visible_text(ODD_NAME)  # the option's text is the escaped file name, shown as typed
    expect(lambda f: ODD_NAME in f["documents"])
    assert 0 < _shown(browser)[0] < total
    browser.find_element(By.CSS_SELECTOR, "input[name=severity][value=Info]").click()  # filters combine
    expect(lambda f: ODD_NAME in f["documents"] and f["severity"] != "Info")
    browser.find_element(By.ID, "show-all").click()
    expect(lambda f: True)
    _assert_clean_console(browser)


def test_sample_report_in_browser(browser, sample_build, tmp_path) -> None:
    from selenium.webdriver.common.by import By

    result, _ = sample_build
    data = report_data(result.graph)
    page = tmp_path / "report.html"
    page.write_text(render_html(data), encoding="utf-8")
    _open(browser, page)
    total = len(data["findings"])
    assert total > 0
    assert len(browser.find_elements(By.CSS_SELECTOR, "article.finding")) == total
    assert _shown(browser) == (total, str(total))
    assert len(browser.find_elements(By.TAG_NAME, "mark")) > 0

    # the sample manifest may give no URLs: then there is no link to check, and none may be made up
    expected = sorted(m["link"] for f in data["findings"] for m in f["members"] if m["link"])
    links = sorted(a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "article.finding a.source-link"))
    assert len(links) == len(expected)
    assert all("#:~:text=" in href for href in links)

    info = data["summary"]["findings"]["by_severity"]["Info"]
    browser.find_element(By.CSS_SELECTOR, "input[name=severity][value=Info]").click()
    assert _shown(browser) == (total - info, str(total - info))
    browser.find_element(By.CSS_SELECTOR, "input[name=severity][value=Info]").click()
    assert _shown(browser)[0] == total
    _screenshot(browser, "report-sample.png", tmp_path)
    _assert_clean_console(browser)
