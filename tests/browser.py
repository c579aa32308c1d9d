"""Open rendered reports in headless Chromium (Debian's chromium + chromium-driver) with the network blocked."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

SCREENSHOTS = Path(__file__).resolve().parent.parent / "reports" / "screenshots"
LOCAL = ("file:", "data:", "about:", "blob:", "chrome-error:")


def missing_reason() -> str | None:
    """Why no browser check can run here, or None when it can."""
    if not shutil.which("chromium") or not shutil.which("chromedriver"):
        return ("no headless Chromium here: install Debian's 'chromium' and 'chromium-driver' "
                "(.ci/run does) to run the browser checks")
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[dev]')"
    return None


def start():
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    opts = Options()
    opts.binary_location = shutil.which("chromium")
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1600",
                "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND", "--allow-file-access-from-files"):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=opts)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["http://*", "https://*", "ws://*", "wss://*"]})
    return driver


def check(driver, page: Path, screenshot: str | None = None) -> dict:
    """Load ``page``; return requests that left the file, console errors, image sizes and the screenshot path."""
    driver.get_log("browser")
    driver.get_log("performance")
    driver.get(page.resolve().as_uri())
    driver.execute_script("return document.readyState")
    requests = []
    for entry in driver.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        if msg.get("method") == "Network.requestWillBeSent":
            requests.append(msg["params"]["request"]["url"])
    console = [e["message"] for e in driver.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]
    images = driver.execute_script(
        "return Array.from(document.images).map(i => [i.complete, i.naturalWidth, i.naturalHeight])")
    height = driver.execute_script("return document.body.scrollHeight")
    shot = None
    if screenshot:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        driver.set_window_size(1280, min(max(int(height), 800), 12000))
        shot = SCREENSHOTS / f"{screenshot}.png"
        driver.save_screenshot(str(shot))
        driver.set_window_size(1280, 1600)
    return {"title": driver.title, "external": [u for u in requests if not u.startswith(LOCAL)],
            "console_errors": console, "images": images, "height": height, "screenshot": shot,
            "pwned": driver.execute_script("return window.__pwned || null"), "body": driver.find_element(
                "tag name", "body").text}


def required() -> bool:
    return os.environ.get("INSIGHT_REQUIRE_BROWSER") == "1"


#: the smallest chart text a 390 px phone may show, in CSS px (charts at most 5 in wide at 140 dpi: 6.7 px at the
#: least on the bundled reports, 10 px for half of them; before, 5.5 px)
PHONE_TEXT_PX = 6.5


def on_a_phone(driver, page: Path, width: int = 390) -> dict:
    """``page`` at ``width`` px: the tables whose figures run off-screen (their scroll width beyond their box),
    whether the page itself scrolls sideways, the computed font of the body, the smallest chart scale and the
    height in CSS px of the smallest text of any chart as the phone shows it (``chart_text``: each image marks its
    smallest text's height in its own pixels, :func:`insight.report.display.figure`)."""
    driver.set_window_size(width, 1600)
    driver.get(page.resolve().as_uri())
    out = driver.execute_script("""
      const tables = Array.from(document.querySelectorAll('.insight-table'));
      const hidden = tables.filter(w => w.scrollWidth > w.clientWidth + 1)
        .map(w => w.querySelector('tr') ? w.querySelector('tr').innerText.slice(0, 60) : '');
      const figs = Array.from(document.querySelectorAll('.insight-figure img'));
      const imgs = figs.map(i => i.getBoundingClientRect().width / Math.max(1, i.naturalWidth));
      const text = figs.filter(i => i.dataset.textPx).map(i => i.getBoundingClientRect().width
        / Math.max(1, i.naturalWidth) * parseFloat(i.dataset.textPx));
      return {tables: tables.length, hidden: hidden, sideways: document.documentElement.scrollWidth > innerWidth + 1,
              font: getComputedStyle(document.body).fontFamily, dir: document.documentElement.dir,
              lang: document.documentElement.lang, scale: imgs.length ? Math.min(...imgs) : null,
              chart_text: text.length ? Math.min(...text) : null,
              fonts: Array.from(document.fonts).filter(f => f.status === 'loaded').map(f => f.family)};""")
    driver.set_window_size(1280, 1600)
    return out
