"""Executed notebooks into finished, self-contained HTML pages; the index; the bundle.

nbconvert turns an executed notebook into HTML with the template in
``insight/templates/insight`` (nbconvert's lab template without any CDN script). The page
is then finished with BeautifulSoup so that it reads top to bottom as DESIGN.md asks:

1. a header naming the report and its data ("Churn - IBM Telco"), then the headline box
   (:func:`insight.report.display.headline`, moved up from wherever the notebook computed it);
2. a one-line contents list of the sections that are there: a section the notebook marked
   with :func:`insight.report.display.not_covered` is removed and listed once under "Not covered
   by these data";
3. the sections, then provenance, then the run's parameters (collapsed).

External resources are refused (a report that would load anything from the network
raises). Each page carries a ``<meta name="insight-report">`` with its title, notebook and
headline, from which :func:`write_index` builds the landing page and :func:`bundle` one
file that holds every report with working links.
"""

from __future__ import annotations

import datetime as _dt
import html
import json
import os
import re
from pathlib import Path
from typing import Any

from ..provenance import version
from ..style import LANGUAGES, RIGHT_TO_LEFT, Style

__all__ = ["finish_html", "error_page", "write_index", "bundle", "atomic_write", "report_meta", "GROUPS", "page_style"]

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"

#: the index's group (the question a manager asks, words ``page.group.<id>``) of each notebook; its one-line
#: description is ``page.about.<notebook>`` in the catalog
GROUPS = {"overview": "start", "customer_types": "who", "churn": "leaving", "clv": "leaving", "satisfaction": "think",
          "data_quality": "trust", "service": "think",
          "feedback": "think"}
_ORDER = ["start", "who", "leaving", "think", "trust", "other"]


def page_style(language: str = "en", calendar: str = "") -> Style:
    """The words of the finished pages, the index and the bundle: the one place their language is chosen. A
    report's page takes the language its headline box was written in (``data-lang``).

    Parameters
    ----------
    language : str, default "en"
        Language code; one without a catalog (not in :data:`insight.style.LANGUAGES`) gives English.
    calendar : str, default ""
        The report's calendar (its ``calendar`` parameter); "" or one not known gives the language's own.

    Returns
    -------
    insight.style.Style
        The style of the page, in ``language`` (else English), with that language's defaults.

    Examples
    --------
    >>> page_style("fa").language, page_style("de").language, page_style("fa").calendar
    ('fa', 'en', 'jalali')
    >>> page_style("fa", "gregorian").calendar
    'gregorian'
    """
    from ..style import CALENDARS

    return Style(language=language if language in LANGUAGES else "en",
                 calendar=calendar if calendar in CALENDARS else "")


#: languages written right to left (one list, :data:`insight.style.RIGHT_TO_LEFT`)
RTL = RIGHT_TO_LEFT


def _language_of(reports: dict) -> str:
    """The language most of ``reports`` (their index metadata) were written in: the index's and the bundle's."""
    langs = [m.get("language", "en") for m in reports.values()]
    return max(sorted(set(langs)), key=langs.count) if langs else "en"


def _index_style(reports: dict) -> Style:
    """The index's and the bundle's style: the language most of ``reports`` were written in, and the calendar most of
    those in that language used (the language's own for pages that did not record one)."""
    language = _language_of(reports)
    cals = [m.get("calendar", "") for m in reports.values() if m.get("language", "en") == language]
    return page_style(language, max(sorted(set(cals)), key=cals.count) if cals else "")


def _html_attrs(st: Style) -> str:
    """The ``<html>`` attributes of a page in ``st``'s language: ``lang``, and ``dir='rtl'`` where it is written so."""
    return f"lang='{html.escape(st.language)}'" + (" dir='rtl'" if st.language in RTL else "")


def _font_css() -> str:
    """The Vazirmatn font (regular and bold, embedded as data so the page looks the same offline) and the rules
    that mirror a right-to-left page."""
    import base64
    from importlib import resources

    faces = []
    for weight, name in ((400, "Vazirmatn-Regular.woff2"), (700, "Vazirmatn-Bold.woff2")):
        data = base64.b64encode(resources.files("insight").joinpath("fonts", name).read_bytes()).decode()
        faces.append(f"@font-face {{ font-family: 'Vazirmatn'; font-weight: {weight}; font-style: normal; "
                     f"src: url(data:font/woff2;base64,{data}) format('woff2'); }}")
    return "\n".join(faces) + _RTL_CSS


def _say_html(st: Style, message_id: str, **markup: str) -> str:
    """A catalog sentence as escaped HTML with ``markup`` (already safe HTML) put in its placeholders."""
    tokens = {k: f"\x00{i}\x00" for i, k in enumerate(markup)}
    text = html.escape(st.say(message_id, **tokens))
    for k, token in tokens.items():
        text = text.replace(token, markup[k])
    return text


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that no reader ever sees a half-written file.

    The text goes to a temporary file beside ``path`` (``.<name>.tmp<pid>``), which then replaces ``path`` in one
    step (:func:`os.replace`): a failed or killed run leaves the previous file as it was.

    Parameters
    ----------
    path : pathlib.Path
        The file to write; its folder must exist.
    text : str
        The content, written as UTF-8.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     atomic_write(Path(tmp) / "page.html", "<p>hello</p>")
    ...     print((Path(tmp) / "page.html").read_text(encoding="utf-8"), [p.name for p in Path(tmp).iterdir()])
    <p>hello</p> ['page.html']
    """
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def escape_markdown_outputs(nb):
    """Make HTML inside Markdown *outputs* inert text.

    Notebooks build sentences with ``display(Markdown(f"... {value} ..."))`` where the
    value may come from the data (a category, a column name). Markdown passes raw HTML
    through, so a ``<script>`` or ``<img onerror=...>`` there would run in the report.
    Outputs never need raw HTML (they use Markdown emphasis), so it is escaped;
    Markdown cells written by the notebook's author are left alone.
    """
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if "text/markdown" in data:
                text = data["text/markdown"]
                text = "".join(text) if isinstance(text, list) else text
                data["text/markdown"] = html.escape(text, quote=False)
    return nb


def notebook_title(nb) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return ""


def _cell_of(tag):
    return tag.find_parent(class_="jp-Cell") or tag


def _heading_level(cell) -> int:
    """1 or 2 when the cell holds an h1/h2 heading (a section start), else 0."""
    h = cell.find(["h1", "h2"]) if hasattr(cell, "find") else None
    if h is None or h.find_parent(class_="insight-headline"):
        return 0
    return 1 if h.name == "h1" else 2


def _drop_not_covered(main) -> list[tuple[str, str]]:
    """Remove each section marked not covered (its heading cell to the next heading); return (section, needs)."""
    dropped = []
    for marker in list(main.select(".insight-not-covered, .insight-omit")):
        if marker.parent is None or marker.find_parent("html") is None:
            continue   # already removed with an earlier section
        cell = _cell_of(marker)
        if marker.get("data-keep"):
            dropped.append((marker["data-section"], marker["data-needs"]))
            marker.decompose()
            continue
        start = cell
        while start is not None and not _heading_level(start):
            prev = start.find_previous_sibling(class_="jp-Cell")
            if prev is None:
                break
            start = prev
        if start is None or _heading_level(start) != 2:
            start = cell    # no section heading above: drop the marking cell only
        doomed, node = [], start
        while node is not None:
            doomed.append(node)
            node = node.find_next_sibling(class_="jp-Cell")
            if node is not None and _heading_level(node):
                break
        if marker.get("data-needs") is not None:
            dropped.append((marker["data-section"], marker["data-needs"]))
        for n in doomed:
            n.decompose()
    return dropped



_RTL_CSS = """
html[dir='rtl'] body, html[dir='rtl'] .insight-header, html[dir='rtl'] .insight-toc, html[dir='rtl'] .insight-headline,
html[dir='rtl'] .jp-RenderedHTMLCommon, html[dir='rtl'] .insight-error { font-family: 'Vazirmatn', sans-serif; }
html[dir='rtl'] .insight-toc a { margin-right: 0; margin-left: .9em; }
html[dir='rtl'] .insight-headline { border-left: none; border-right: 6px solid #0072B2; }
html[dir='rtl'] .insight-table th, html[dir='rtl'] .insight-table td, html[dir='rtl'] .insight-table caption,
html[dir='rtl'] .insight-params td, html[dir='rtl'] .insight-params th,
html[dir='rtl'] .jp-RenderedHTMLCommon .insight-table th, html[dir='rtl'] .jp-RenderedHTMLCommon .insight-table td {
  text-align: right; }
html[dir='rtl'] .insight-table td.num, html[dir='rtl'] .jp-RenderedHTMLCommon .insight-table td.num { text-align: left;
  direction: ltr; }
html[dir='rtl'] .jp-RenderedHTMLCommon ul, html[dir='rtl'] .jp-RenderedHTMLCommon ol { padding-left: 0;
  padding-right: 2em; }
html[dir='rtl'] code, html[dir='rtl'] pre { direction: ltr; unicode-bidi: isolate; }
html[dir='rtl'] strong, html[dir='rtl'] .insight-table td, html[dir='rtl'] .insight-table th { unicode-bidi: isolate; }
"""

_CSS = """
.insight-header { padding: .8em 0 .4em; font-family: sans-serif; }
.insight-header h1 { margin: 0 0 .2em 0; font-size: 1.7em; line-height: 1.2; }
.insight-meta { color: #555; font-size: .9em; margin: 0; }
.insight-toc { font-family: sans-serif; font-size: .9em; color: #444; margin: .6em 0 1em; }
.insight-toc a { margin-right: .9em; white-space: nowrap; }
.insight-headline { border-left: 6px solid #0072B2; background: #eef5fb; padding: .6em 1.2em; margin: .6em 0;
  font-family: sans-serif; font-size: 1.05em; line-height: 1.5; }
.insight-headline h2 { margin: .2em 0 .3em; font-size: 1.2em; }
.insight-headline li { margin: .25em 0; }
.insight-action { background: #fff; border: 1px solid #b9d4ea; padding: .5em .8em; margin: .6em 0 .3em; }
.insight-assumptions { color: #444; font-size: .9em; margin-top: .3em; }
.insight-simulated { background: #fff4ce; border: 1px solid #e0c060; padding: .4em .8em; }
.insight-table { overflow-x: auto; max-width: 100%; margin: .5em 0 1em; }
.insight-table table { border-collapse: collapse; font-size: .92em; font-variant-numeric: tabular-nums; }
.insight-table th, .insight-table td,
.jp-RenderedHTMLCommon .insight-table th, .jp-RenderedHTMLCommon .insight-table td {
  border-bottom: 1px solid #ddd; padding: 3px 10px; text-align: left; vertical-align: top; }
.insight-table td.num, .jp-RenderedHTMLCommon .insight-table td.num { text-align: right; white-space: nowrap; }
.insight-table tbody th { white-space: nowrap; }
.insight-table td.txt { max-width: 36em; }
.jp-RenderedHTMLCommon table.insight-datanames td, .jp-RenderedHTMLCommon table.insight-datanames th {
  text-align: left; }
.insight-table caption { caption-side: bottom; text-align: left; color: #555; font-size: .9em; padding-top: .3em; }
.insight-figure { margin: .5em 0 1.2em; max-width: 860px; }
.insight-figure img, .jp-RenderedImage img { max-width: 100%; height: auto; }
.insight-figure figcaption { color: #333; font-size: .95em; margin-top: .2em; }
.insight-notcovered li { margin: .2em 0; }
.insight-params table { border-collapse: collapse; font-size: .85em; }
.insight-params td, .insight-params th { border: 1px solid #ddd; padding: 2px 8px; text-align: left; }
.insight-error { background: #fde7e9; border: 1px solid #d9534f; padding: 1em; font-family: sans-serif; }
body.jp-Notebook { max-width: 1100px; margin: 0 auto; padding: 0 16px; }
@media (max-width: 600px) {
  .insight-table table.insight-cards, .insight-cards tbody, .insight-cards tr, .insight-cards td,
  .insight-cards tbody th, .jp-RenderedHTMLCommon .insight-cards td, .jp-RenderedHTMLCommon .insight-cards tbody th {
    display: block; width: auto; max-width: none; white-space: normal; border: none; }
  .insight-cards thead { display: none; }
  .insight-cards tr { border: 1px solid #ddd; border-radius: 4px; margin: .4em 0; padding: .25em .5em; }
  .insight-cards tbody th { font-weight: bold; padding: 2px 0; }
  .insight-cards td, .jp-RenderedHTMLCommon .insight-cards td, .insight-cards td.num,
  .jp-RenderedHTMLCommon .insight-cards td.num { padding: 1px 0; text-align: start; white-space: normal; }
  .insight-cards td::before { content: attr(data-label) ": "; color: #555; }
  .insight-table caption { display: block; }
  .insight-table tbody th { white-space: normal; min-width: 6em; }
  body.jp-Notebook { padding: 0 8px; }
  .jp-Cell { padding: 0 !important; }
  .jp-OutputArea-output, .jp-RenderedHTMLCommon { padding-right: 0 !important; }
  .insight-header h1 { font-size: 1.35em; }
}
@media print {
  .insight-toc { display: none; }
  .insight-table { overflow: visible; }
  .insight-table table, .jp-RenderedHTMLCommon table { width: 100%; table-layout: auto; font-size: 8pt; }
  .insight-table td, .insight-table th { white-space: normal; overflow-wrap: break-word; padding: 1px 4px; }
  .insight-table tbody th { white-space: nowrap; }
  .insight-figure, .insight-headline, tr { page-break-inside: avoid; }
  details { display: block; }
  a { color: inherit; text-decoration: none; }
}
"""


def _no_machine_path(value):
    """An absolute path as its file name only: a report never shows a machine's folder layout."""
    return Path(value).name if isinstance(value, str) and os.path.isabs(value) else value


_PATH = re.compile(r"(?<![\w:/\\])(?:[A-Za-z]:)?[\\/](?:[^\s'\"()<>\\/:]+[\\/])+([^\s'\"()<>\\/:]+)")


def _no_paths(text: str) -> str:
    """Every absolute path in ``text`` as its file name only (an error line shown in the index)."""
    return _PATH.sub(r"\1", text)


def report_meta(soup) -> dict:
    """The index metadata a finished page carries in its ``<meta name="insight-report">`` (see :func:`finish_html`).

    Parameters
    ----------
    soup : bs4.BeautifulSoup
        The parsed page, or its head.

    Returns
    -------
    dict
        ``title``, ``notebook`` (its stem), ``summary``, ``subtitle`` and ``language`` as the page stored them;
        empty when the page has no such tag.

    Examples
    --------
    >>> from bs4 import BeautifulSoup
    >>> import json
    >>> meta = json.dumps({"title": "Churn - IBM Telco", "notebook": "churn"})
    >>> report_meta(BeautifulSoup(f"<head><meta name='insight-report' content='{meta}'></head>", "html.parser"))
    {'title': 'Churn - IBM Telco', 'notebook': 'churn'}
    >>> report_meta(BeautifulSoup("<head></head>", "html.parser"))
    {}
    """
    tag = soup.find("meta", attrs={"name": "insight-report"})
    return json.loads(tag["content"]) if tag is not None else {}


def _before_provenance(main, st, node) -> None:
    prov_title = st.say("page.provenance_heading")
    prov = next((h for h in main.find_all("h2") if h.get_text(strip=True).rstrip("¶") == prov_title), None)
    (_cell_of(prov).insert_before(node) if prov is not None else main.append(node))


def _stamp(st, started: str) -> str:
    """When the report was made (``2026-12-05 22:51 UTC``) with the day in the report's calendar and digits."""
    day, _, rest = started.partition(" ")
    try:
        return f"{st.date(day)} {st.native(rest)}".strip()
    except ValueError:
        return st.native(started)


def finish_html(body: str, notebook: str, parameters: dict[str, Any], started: str, seconds: float,
                nb_title: str = "", notes: list[str] | tuple = ()) -> tuple[str, dict]:
    """Lay out the page (see the module docstring); returns the HTML and its metadata for the index.

    ``notes`` (sentences, :func:`insight.report.notes.run_notes`) are listed under "Notes on the computations" before the provenance.

    The page's language is that of its headline box (``data-lang``; English without one), and its title the box's
    ``"<report> - <data>"``, else ``nb_title``, else ``notebook``. Absolute paths among the parameters are shown
    as file names only. Images without a description get one from their caption.

    Parameters
    ----------
    body : str
        The executed notebook as HTML (nbconvert's, with the insight template).
    notebook : str
        The notebook's file name (``"churn.ipynb"``).
    parameters : dict
        Name -> value of the run's parameters, listed in a collapsed table at the end.
    started : str
        When the run started, as ``"YYYY-MM-DD HH:MM TZ"``; shown in the report's calendar and digits.
    seconds : float
        The run's wall time, in seconds.
    nb_title : str, default ""
        The notebook's title (its first ``#`` heading), used when the page has no headline box.
    notes : list of str or tuple, optional
        Notes on the computations (:func:`insight.report.notes.run_notes`); none: no such section.

    Returns
    -------
    tuple of (str, dict)
        The page's HTML, and its metadata for the index: ``title``, ``notebook`` (the file stem), ``summary`` (the
        headline box's first point, "" without one), ``subtitle`` (the notebook's first heading) and ``language``.

    Raises
    ------
    RuntimeError
        If the page would load anything from the network (a ``script``, ``link``, ``img`` or ``iframe`` whose source
        starts with ``http:``, ``https:`` or ``//``).

    See Also
    --------
    insight.report.run.render : Runs a notebook and calls this.
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(body, "html.parser")
    main = soup.find("main") or soup.body
    box = main.select_one(".insight-headline")
    st = page_style(box.get("data-lang", "en") if box is not None else "en", str(parameters.get("calendar") or ""))
    title = nb_title or notebook
    if box is not None:
        box.extract()
        title = f"{box['data-title']} - {box['data-data']}"
    first_h1 = next((h for h in main.find_all("h1") if h.get_text(strip=True)), None)
    subtitle = first_h1.get_text(strip=True).rstrip("¶") if first_h1 is not None else ""
    if first_h1 is not None:
        first_h1.decompose()
    dropped = list({s.lower(): (s, n) for s, n in _drop_not_covered(main)}.values())
    if dropped:
        items = "".join("<li>" + _say_html(st, "page.not_covered_item", section=f"<strong>{html.escape(s)}</strong>",
                                           needs=html.escape(n.rstrip(" ."))) + "</li>" for s, n in dropped)
        _before_provenance(main, st, BeautifulSoup(
            f"<section class='insight-notcovered'><h2 id='not-covered'>{html.escape(st.say('page.not_covered'))}</h2>"
            f"<ul>{items}</ul></section>", "html.parser"))
    if notes:
        items = "".join(f"<li>{html.escape(n)}</li>" for n in notes)
        _before_provenance(main, st, BeautifulSoup(
            f"<section class='insight-notes'><h2 id='run-notes'>{html.escape(st.say('page.notes'))}</h2>"
            f"<ul>{items}</ul></section>", "html.parser"))
    heads = [h for h in main.find_all("h2") if h.get_text(strip=True) and not h.find_parent(class_="insight-headline")]
    links = []
    for i, h in enumerate(heads):
        h["id"] = h.get("id") or f"section-{i}"
        links.append(f'<a href="#{html.escape(h["id"])}">{html.escape(h.get_text(strip=True).rstrip("¶"))}</a>')
    header = (f'<header class="insight-header"><h1>{html.escape(title)}</h1>'
              f'<p class="insight-meta">{html.escape(subtitle)}{" · " if subtitle else ""}'
              f'{html.escape(st.say("page.rendered", time=_stamp(st, started)))}</p></header>')
    nodes = [BeautifulSoup(header, "html.parser")]
    if box is not None:
        nodes.append(box)
    if links:
        nodes.append(BeautifulSoup(f'<nav class="insight-toc"><strong>{html.escape(st.say("page.contents"))}</strong> '
                                   f'{" ".join(links)}</nav>', "html.parser"))
    for node in reversed(nodes):
        main.insert(0, node)
    rows = "".join(f"<tr><td>{html.escape(str(k))}</td><td>{html.escape(repr(_no_machine_path(v)))}</td></tr>"
                   for k, v in parameters.items()) \
        or f"<tr><td colspan=2>{html.escape(st.say('page.params_defaults'))}</td></tr>"
    summary_line = st.say("page.params_summary", notebook=notebook, seconds=seconds,
                           version=version("insight") or st.say("page.provenance.not_installed"))
    main.append(BeautifulSoup(
        f"<details class='insight-params'><summary>{html.escape(summary_line)}</summary><table><tr>"
        f"<th>{html.escape(st.say('page.col.parameter'))}</th><th>{html.escape(st.say('page.col.value'))}</th></tr>"
        f"{rows}</table></details>", "html.parser"))
    head = soup.head
    for tag in (soup.new_tag("meta", attrs={"name": "viewport", "content": "width=device-width, initial-scale=1"}),):
        head.insert(0, tag)
    style = soup.new_tag("style")
    style.string = _CSS + (_font_css() if st.language in RTL else "")
    head.append(style)
    if soup.html is not None:
        soup.html["lang"] = st.language
        if st.language in RTL:
            soup.html["dir"] = "rtl"
    summary = re.sub(r"\s+", " ", box.select_one("li").get_text()).strip() if box is not None else ""
    meta = {"title": title, "notebook": Path(notebook).stem, "summary": summary, "subtitle": subtitle,
            "language": st.language, "calendar": st.calendar}
    head.insert(0, soup.new_tag("meta", attrs={"name": "insight-report", "content": json.dumps(meta)}))
    if soup.title is not None:
        soup.title.string = title
    for img in soup.find_all("img"):
        if img.get("alt", "").startswith("No description has been provided"):
            cap = img.find_next("figcaption")
            img["alt"] = st.say("page.chart_alt", caption=cap.get_text(" ", strip=True) if cap else subtitle or title)
    external = [
        t.get("src") or t.get("href")
        for t in soup.find_all(["script", "link", "img", "iframe"])
        if (t.get("src") or t.get("href") or "").startswith(("http:", "https:", "//"))
    ]
    if external:
        raise RuntimeError(f"the rendered HTML would load {len(external)} external resource(s), e.g. {external[0]}")
    return str(soup), meta


_EXCEPTION_NAME = re.compile(r"^\s*(?:[A-Za-z_][\w.]*\.)?[A-Z]\w*(?:Error|Exception|Warning|Interrupt|Exit)\b:?\s*")


def error_message(error: str) -> str:
    """An error as a reader sees it: its message without the exception's class name (``"ValueError: bad"`` ->
    ``"bad"``); a class name says nothing to a reader, in any language.

    Parameters
    ----------
    error : str
        The error as the run recorded it (``"<class name>: <message>"`` or a message).

    Returns
    -------
    str
        The message; ``error`` itself when it starts with no class name.

    Examples
    --------
    >>> error_message("DataValidationError: types.x == 'number': line 2 holds 'a'")
    "types.x == 'number': line 2 holds 'a'"
    >>> error_message("lifetimes.utils.ConvergenceError: no optimum"), error_message("run stopped")
    ('no optimum', 'run stopped')
    """
    return _EXCEPTION_NAME.sub("", str(error), count=1)


def error_page(name: str, notebook: str, cell: int | None, error: str, executed: Path | None,
               cell_source: str = "", *, language: str = "en", why: str = "", why_values: dict | None = None) -> str:
    """The page written in place of a report whose run failed (``<name>.error.html``), in the report's language.

    It names the notebook and the cell that was running, says why in words when the run was stopped (``why``), shows
    the start of that cell's code and the error's message (without the exception's class name,
    ``error_message``), says where the executed notebook was kept, and that the previous report (if any) was
    left as it was.

    Parameters
    ----------
    name : str
        The report's name.
    notebook : str
        The notebook's file name.
    cell : int or None
        Number (from 1) of the cell that failed; None when the run failed before a cell started.
    error : str
        The error, as recorded (e.g. ``"ValueError: ..."``); "" shows no message.
    executed : pathlib.Path or None
        The executed notebook kept for debugging; None when there is none.
    cell_source : str, default ""
        The failing cell's code (its first 400 characters are shown); "" shows none.
    language : str, default "en"
        The report's language (its ``language`` parameter); one without a catalog gives English.
    why : str, default ""
        Catalog message id of why the run was stopped (e.g. ``"page.error_timeout"``); "" for none.
    why_values : dict, optional
        The values of ``why``'s placeholders.

    Returns
    -------
    str
        A self-contained HTML page.

    Examples
    --------
    >>> from bs4 import BeautifulSoup
    >>> page = BeautifulSoup(error_page("churn", "churn.ipynb", 4, "ValueError: bad", None), "html.parser")
    >>> page.h1.get_text(), page.p.get_text(), page.pre.get_text()
    ('Report churn failed', 'Notebook churn.ipynb failed in cell 4.', 'bad')
    >>> BeautifulSoup(error_page("churn", "churn.ipynb", 4, "", None, language="fa"), "html.parser").h1.get_text()
    'ساخت گزارش churn ناموفق بود'
    """
    st = page_style(language)
    code = f"<code>{html.escape(notebook)}</code>"
    where = (_say_html(st, "page.error_in_cell", notebook=code, cell=html.escape(st.native(str(cell))))
             if cell is not None else _say_html(st, "page.error_starting", notebook=code))
    reason = f"<p>{html.escape(st.say(why, **(why_values or {})))}</p>" if why else ""
    src = (f"<p>{html.escape(st.say('page.error_cell_begins'))}</p><pre dir='ltr'>{html.escape(cell_source[:400])}</pre>"
           if cell_source else "")
    message = _no_paths(error_message(error)).strip()     # a machine's folders are no reader's business
    shown = (f"<p>{html.escape(st.say('page.error_message'))}</p><pre dir='auto'>{html.escape(message)}</pre>"
             if message else "")
    kept = (f"<p>{_say_html(st, 'page.error_kept', path=f'<code>{html.escape(str(executed))}</code>')}</p>"
            if executed else "")
    return (
        f"<!DOCTYPE html><html {_html_attrs(st)}><head><meta charset='utf-8'><meta name='viewport' "
        "content='width=device-width, initial-scale=1'><title>"
        f"{html.escape(st.say('page.error_title', name=name))}</title>"
        f"<style>{_CSS}{_font_css() if st.language in RTL else ''}</style></head><body>"
        f"<div class='insight-error'><h1>{html.escape(st.say('page.error_heading', name=name))}</h1><p>{where}</p>"
        f"{reason}{src}{shown}{kept}<p>{html.escape(st.say('page.error_previous'))}</p></div>"
        "</body></html>"
    )


def _reports_in(out: Path) -> dict[str, dict]:
    from bs4 import BeautifulSoup

    found = {}
    for page in sorted(out.glob("*.html")):
        if page.name in ("index.html", "bundle.html") or page.name.endswith(".error.html"):
            continue
        with open(page, encoding="utf-8") as fh:
            head = fh.read(200_000).split("</head>", 1)[0]
        meta = report_meta(BeautifulSoup(head, "html.parser"))
        if meta:
            found[page.stem] = meta
    return found


def write_index(results: list, out_dir: str | os.PathLike) -> Path:
    """The landing page: the overview first, then one card per report, grouped by the question it answers.

    Lists every finished report in ``out_dir`` (also those of earlier or concurrent runs)
    with its title, a one-line description and its headline finding; failed runs of
    ``results`` link to their error page.

    The page is in the language most of the reports were written in, and links to ``bundle.html`` when that
    file exists.

    Parameters
    ----------
    results : list of insight.report.run.RenderResult
        The results of this run; those not ok (failed or skipped) are listed with their error.
    out_dir : str or os.PathLike
        The folder of the reports; ``index.html`` is written there.

    Returns
    -------
    pathlib.Path
        The path of ``index.html``.

    Examples
    --------
    >>> import tempfile
    >>> from insight.report.run import RenderResult
    >>> failed = RenderResult("churn", "churn.ipynb", "failed", 1.0, error="ValueError: bad")
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     print(write_index([failed], tmp).name)
    index.html
    """
    out = Path(out_dir)
    reports = _reports_in(out)
    st = _index_style(reports)
    failed = {r.name: r for r in results if not r.ok}
    cards: dict[str, list[str]] = {g: [] for g in _ORDER}
    for name in sorted(set(reports) | set(failed), key=lambda n: (n != "overview", n)):
        meta = reports.get(name, {})
        nb = meta.get("notebook") or (Path(failed[name].notebook).stem if name in failed else name)
        group = GROUPS.get(nb, "other")
        desc = st.say(f"page.about.{nb}") if nb in GROUPS else ""
        if name in failed:
            r = failed[name]
            link = f"{name}.error.html" if r.status == "failed" else None
            title = html.escape(meta.get("title", name))
            head = f"<a href='{html.escape(link)}'>{title}</a>" if link else title
            status = st.say(f"page.status.{r.status}")
            first = (error_message(r.error or "").splitlines() or [""])[0]     # no class name on the index either
            line = st.say("page.status_line", status=status, error=_no_paths(first[:200]))
            body = f"<p class='bad'>{html.escape(line)}</p>"
        else:
            head = f"<a href='{html.escape(name)}.html'>{html.escape(meta['title'])}</a>"
            body = f"<p class='finding'>{html.escape(meta.get('summary', ''))}</p>"
        cards[group].append(f"<div class='card'><h3>{head}</h3><p class='desc'>{html.escape(desc)}</p>{body}</div>")
    sections = "".join(f"<section><h2>{html.escape(st.say(f'page.group.{g}'))}</h2>{''.join(c)}</section>"
                       for g, c in cards.items() if c)
    link = f"<a href='bundle.html'>{html.escape(st.say('page.bundle_link_text'))}</a>"
    bundled = f"<p>{_say_html(st, 'page.bundle_link', link=link)}</p>" if (out / "bundle.html").exists() else ""
    title = html.escape(st.say("page.reports_title"))
    now = _stamp(st, _dt.datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z'))   # as the reports write it
    page = (
        f"<!DOCTYPE html><html {_html_attrs(st)}><head><meta charset='utf-8'>"
        f"<meta name='viewport' content='width=device-width, initial-scale=1'><title>{title}</title>"
        f"<style>{_font_css() if st.language in RTL else ''}"
        "body{font-family:sans-serif;max-width:900px;margin:1.5em auto;padding:0 12px;line-height:1.45}"
        ".card{border:1px solid #ccd;border-radius:6px;padding:.6em 1em;margin:.6em 0}.card h3{margin:.1em 0}"
        ".desc{color:#555;margin:.2em 0}.finding{margin:.3em 0}.bad{color:#b00020}h2{margin-top:1.2em}"
        f"</style></head><body><h1>{title}</h1><p>{html.escape(st.say('page.index_intro', time=now))}</p>"
        f"{bundled}{sections}</body></html>"
    )
    path = out / "index.html"
    atomic_write(path, page)
    return path


def _left_out(st, failed: list, reports: dict) -> str:
    """The bundle's list of the reports of this run that are not in it, in words."""
    items = []
    for r in failed:
        title = html.escape(reports.get(r.name, {}).get("title", r.name))
        cell = getattr(r, "failed_cell", None)
        words = (st.say("page.bundle_skipped", title="\x00") if r.status == "skipped"
                 else st.say("page.bundle_failed_cell", title="\x00", cell=cell) if cell is not None
                 else st.say("page.bundle_failed", title="\x00"))
        items.append("<li>" + html.escape(words).replace("\x00", f"<strong>{title}</strong>") + "</li>")
    return (f"<section class='insight-notinbundle'><h2>{html.escape(st.say('page.bundle_left_out'))}</h2>"
            f"<ul>{''.join(items)}</ul></section>" if items else "")


def bundle(out_dir: str | os.PathLike, names: list[str] | None = None, *, failed: list | tuple = ()) -> Path:
    """One self-contained HTML file with the finished reports ``names`` of ``out_dir`` (default: all; overview first).

    Links between reports (``churn.html#section``) become links inside the file, and every
    id is prefixed by its report's name so sections of different reports never collide;
    the file opens offline and works when sent alone. ``failed`` (results of the same run that
    did not finish, each with ``name``, ``status`` and ``failed_cell``) are listed at the top as left
    out, so an earlier run's page of the same name is never taken for a current one.

    Parameters
    ----------
    out_dir : str or os.PathLike
        The folder of the finished reports; ``bundle.html`` is written there.
    names : list of str, optional
        The reports to include, by name (names without a finished page are passed over); default: all of them.
    failed : list or tuple, optional
        Results of the same run that did not finish (:class:`insight.report.run.RenderResult`), listed as left out.

    Returns
    -------
    pathlib.Path
        The path of ``bundle.html``.

    Raises
    ------
    TypeError
        If ``names`` is a string or holds anything but strings, or an item of ``failed`` has no ``name`` and
        ``status``.

    See Also
    --------
    write_index : The landing page, which links to the bundle.
    """
    from bs4 import BeautifulSoup

    if names is not None and (isinstance(names, str) or not all(isinstance(n, str) for n in names)):
        raise TypeError(f"parameter 'names' must be a list of report names, got {names!r:.80}.")
    bad = [r for r in failed if not all(hasattr(r, a) for a in ("name", "status"))]
    if bad:
        raise TypeError(f"parameter 'failed': {len(bad)} item(s) without a name and status, e.g. {bad[0]!r:.80}.")
    out = Path(out_dir)
    reports = _reports_in(out)
    st = _index_style(reports)
    order = sorted(reports, key=lambda n: (n != "overview", n))
    names = sorted((n for n in (order if names is None else names) if n in reports), key=order.index)
    head_html, parts, toc = None, [], []
    for name in names:
        soup = BeautifulSoup((out / f"{name}.html").read_text(encoding="utf-8"), "html.parser")
        if head_html is None:
            head_html = "".join(str(t) for t in soup.head.find_all("style"))
        main = soup.find("main") or soup.body
        for tag in main.find_all(id=True):
            tag["id"] = f"{name}--{tag['id']}"
        for a in main.find_all("a", href=True):
            m = re.fullmatch(r"([\w.-]+)\.html(?:#(.*))?", a["href"])
            if a["href"].startswith("#"):
                a["href"] = f"#{name}--{a['href'][1:]}"
            elif m and m.group(1) in reports:
                a["href"] = f"#{m.group(1)}--{m.group(2)}" if m.group(2) else f"#report-{m.group(1)}"
        main.name = "section"
        main["id"] = f"report-{name}"
        main["class"] = ["insight-bundled", *soup.body.get("class", [])]
        parts.append(str(main))
        link = f"<a href='#report-{html.escape(name)}'>{html.escape(reports[name]['title'])}</a>"
        summary = html.escape(reports[name].get("summary", ""))
        toc.append(f"<li>{_say_html(st, 'page.bundle_item', title=link, summary=summary)}</li>")
    title = html.escape(st.say("page.reports_title"))
    page = (f"<!DOCTYPE html><html {_html_attrs(st)}><head><meta charset='utf-8'><meta name='viewport' "
            f"content='width=device-width, initial-scale=1'><title>{title}</title>"
            f"{head_html or ''}<style>.insight-bundled{{border-top:3px solid #0072B2;margin-top:2em}}</style>"
            f"</head><body class='jp-Notebook'><h1>{title}</h1><ul>" + "".join(toc) + "</ul>"
            + _left_out(st, list(failed), reports) + "".join(parts) + "</body></html>")
    path = out / "bundle.html"
    atomic_write(path, page)
    return path
