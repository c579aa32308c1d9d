"""What a reader of a report sees: numbers for people, escaped tables, the headline box,
captioned charts, sections the data do not cover, and downloads.

Every helper returns text or an object with an HTML repr, so the same call reads well in
JupyterLab and in the rendered report:

- a :class:`insight.style.Style` (the report's language and currency) writes values and
  column names as a manager reads them ("$1,234", "16%", "p < 0.001", "Monthly charges"),
  and every word these helpers add comes from its message catalog;
- :func:`table` shows a DataFrame with human column labels and formatted values, every
  cell escaped (ids revealed or not), scrolling sideways on a phone instead of
  overflowing;
- :func:`headline` is the summary box a report opens with (the HTML step moves it to
  the top): findings as sentences with numbers, the recommended action with its money and
  its assumptions, and for the demo company the statement that its data are simulated;
- :func:`figure` embeds a chart with its explanatory sentence as caption and alt text;
- :func:`not_covered` marks a section the data cannot support: the HTML step leaves the
  section out and lists it once under "Not covered by these data".

Sentences from the library use Markdown emphasis (``**bold**``) and relative report links;
:func:`inline` turns exactly those into HTML after escaping everything else, so a value from
the data can never inject markup. No Markdown library is used for so small a subset.
"""

from __future__ import annotations

import base64
import html
import io
import math
import numbers
import re

import numpy as np
import pandas as pd

from ..privacy import pseudonymize, revealed
from ..plots import style as chart_style
from ..style import Style, is_period
from ..validate import check_param

__all__ = ["Style", "inline", "text", "table", "headline", "figure", "not_covered", "omit", "csv_download", "Html"]

_ENGLISH = Style()

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])")
_LINK = re.compile(r"\[([^\]]+)\]\(([\w.-]+\.html(?:#[\w-]+)?)\)")


def inline(text: str) -> str:
    """Escape ``text``, then render ``**bold**``, ``*italic*`` and links to other reports (``[x](name.html)``).

    Parameters
    ----------
    text : str
        A sentence from the library (any object is converted with ``str``).

    Returns
    -------
    str
        HTML markup, with everything but those three forms escaped.

    Examples
    --------
    >>> inline("**Churn** is 5% < [last year](churn.html)")
    '<strong>Churn</strong> is 5% &lt; <a href="churn.html">last year</a>'
    """
    s = html.escape(str(text), quote=False)
    s = _LINK.sub(lambda m: f'<a href="{html.escape(m.group(2))}">{m.group(1)}</a>', s)
    s = _BOLD.sub(r"<strong>\1</strong>", s)
    return _ITALIC.sub(r"<em>\1</em>", s)


def text(markdown: str) -> "Html":
    """A sentence or short paragraph from the library as HTML: ``**bold**``, ``*italic*``, report links,
    bullet lines starting with ``-``, and blank-line paragraphs; everything else escaped.

    Use it instead of IPython's ``Markdown`` for text with money in it: Markdown reads
    ``$20 ... $30`` as mathematics.

    Parameters
    ----------
    markdown : str
        The text, in the small Markdown subset above.

    Returns
    -------
    Html
        The text as a ``<div class='insight-text'>``, with ``markdown`` as its plain-text repr.

    See Also
    --------
    inline : The inline forms rendered in each paragraph or bullet.
    """
    blocks, out = [b for b in str(markdown).split("\n\n") if b.strip()], []
    for block in blocks:
        lines = [ln for ln in block.splitlines() if ln.strip()]
        items = [ln for ln in lines if ln.lstrip().startswith("- ")]
        if items and len(items) == len(lines):
            out.append("<ul>" + "".join(f"<li>{inline(ln.lstrip()[2:])}</li>" for ln in items) + "</ul>")
        else:
            out.append(f"<p>{inline(' '.join(lines))}</p>")
    return Html(f"<div class='insight-text'>{''.join(out)}</div>", str(markdown))


class Html:
    """A piece of finished HTML with a plain-text repr (for logs and the terminal).

    Parameters
    ----------
    markup : str
        The HTML, shown by Jupyter (``_repr_html_``) and returned by ``str``.
    text : str, default ""
        The plain-text repr; by default the markup with its tags removed.
    """

    def __init__(self, markup: str, text: str = ""):
        self.markup, self.text = markup, text

    def _repr_html_(self) -> str:
        return self.markup

    def __repr__(self) -> str:
        return self.text or re.sub(r"<[^>]+>", "", self.markup)

    def __str__(self) -> str:
        return self.markup


# --------------------------------------------------------------------------- tables
_PCT = re.compile(r"(^|_| )(share|rate|pct|percent|probability|gain|top_box|top box|revenue_share|p_alive|coverage|"
                  r"buy_again|buy again|repurchased?|retained|retention)($|_| )")


def _kind(name: str, series: pd.Series, money_cols, percent_cols, pvalue_cols) -> str:
    n = str(name).lower()
    if name in money_cols:
        return "money"
    if name in percent_cols:
        return "percent"
    if name in pvalue_cols or n in ("p_value", "p value") or n.endswith("p_value"):
        return "pvalue"
    if pd.api.types.is_bool_dtype(series):
        return "bool"
    if not pd.api.types.is_numeric_dtype(series):
        return "text"
    if _PCT.search(n) and series.dropna().between(0, 1).all():
        return "percent"
    if pd.api.types.is_integer_dtype(series) or (series.dropna() == series.dropna().round()).all():
        return "int"
    return "float"


def _cell(v, kind: str, st: Style, digits: int) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA or v is pd.NaT:
        return "–"
    if kind == "money":
        return st.money(float(v))
    if kind == "percent":
        return st.percent(float(v), 1 if abs(float(v)) < 0.1 else 0)
    if kind == "pvalue":
        return st.number(float(v), 3 if float(v) < 0.01 else 2) if float(v) >= 0.001 else "< " + st.number(0.001, 3)
    if kind == "bool":
        return st.say("word.yes" if v else "word.no")
    if kind == "int":
        return st.count(v)
    if kind == "float":
        x = float(v)
        if not np.isfinite(x):
            return st.say("word.unbounded") if x > 0 else "–"
        return st.number(x, digits)
    if isinstance(v, pd.Timestamp):
        return st.date(v)
    return str(v)


def _key(st: Style, key) -> str:
    """A row label as the reader reads it: a date in the report's calendar, a number or a period in its digits."""
    if isinstance(key, pd.Timestamp):
        return st.date(key)
    if is_period(key):   # a Gregorian or Solar Hijri month or quarter
        return st.period(key)
    if isinstance(key, numbers.Number) and not isinstance(key, bool):
        return st.native(str(key))
    return str(key)


def table(df: pd.DataFrame, *, money: list | tuple = (), percent: list | tuple = (), pvalue: list | tuple = (),
          labels: dict | None = None, style: Style | None = None, digits: int = 2, index: bool = True,
          index_label: str | None = None, ids: bool = False, caption: str = "", max_rows: int = 50,
          data_names: bool = False) -> Html:
    """``df`` as an escaped HTML table with human labels and formatted values.

    Columns are formatted by what they hold, as ``style`` writes them (English and US dollars
    by default): the names in ``money`` with the currency,
    shares (names such as ``share``, ``rate``, ``probability``, or those in ``percent``) as
    %, p-values as "< 0.001", whole numbers with thousands separators, other numbers with
    ``digits`` decimals. Category values are shown through ``labels`` as well. With
    ``ids=True`` the index holds customer ids and is pseudonymized unless ids are revealed.
    At most ``max_rows`` rows are shown (the caption says how many there are). With
    ``data_names=True`` the index holds the data's own column names (a data-quality table),
    shown exactly as they are in the file.

    Parameters
    ----------
    df : pandas.DataFrame
        The table to show.
    money : list or tuple, optional
        Columns holding money (currency units), written with the currency.
    percent : list or tuple, optional
        Columns holding shares between 0 and 1, written as percentages.
    pvalue : list or tuple, optional
        Columns holding p-values.
    labels : dict, optional
        Human labels of column names and category values.
    style : insight.style.Style, optional
        Language and currency of the report; English and US dollars by default.
    digits : int, default 2
        Decimals of numbers that are not whole.
    index : bool, default True
        Whether to show the index as the first column.
    index_label : str, optional
        Heading of the index column; by default its name, through ``labels``.
    ids : bool, default False
        The index holds customer ids (pseudonymized unless ids are revealed).
    caption : str, default ""
        Caption of the table (inline Markdown).
    max_rows : int, default 50
        Most rows shown.
    data_names : bool, default False
        The index holds the data's own column names, shown as they are.

    Returns
    -------
    Html
        The table, with the frame's text as its plain-text repr.

    Raises
    ------
    TypeError
        When ``df`` is not a DataFrame.
    insight.exceptions.DataValidationError
        When ``max_rows`` is not an integer of at least 1.
    """
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"parameter 'df' must be a DataFrame, got {type(df).__name__}.")
    check_param("max_rows", max_rows, int, min_val=1)
    st = style or _ENGLISH
    labels = labels or {}
    shown = df.head(max_rows)
    idx = shown.index
    if ids and not revealed(None):
        idx = pseudonymize(pd.Index(idx.astype(str), name=idx.name))
    kinds = {c: _kind(c, shown[c], money, percent, pvalue) for c in shown.columns}
    names = {c: html.escape(st.label(c, labels), quote=True) for c in shown.columns}
    head = "".join(f"<th>{names[c]}</th>" for c in shown.columns)
    if index:
        name = index_label if index_label is not None else st.label(idx.name or "", labels)
        head = f"<th>{html.escape(name)}</th>" + head
    rows = []
    for i, (_, row) in enumerate(shown.iterrows()):
        values = [labels.get(row[c], row[c]) if kinds[c] == "text" else row[c] for c in shown.columns]
        cells = "".join(f"<td class='{'txt' if kinds[c] in ('text', 'bool') else 'num'}' data-label=\"{names[c]}\""
                        f"{' dir=auto' if kinds[c] == 'text' else ''}>"
                        f"{html.escape(_cell(v, kinds[c], st, digits))}</td>" for c, v in zip(shown.columns, values))
        if index:
            key = idx[i]
            cells = f"<th dir=auto>{html.escape(labels.get(key, _key(st, key)) if not ids else str(key))}</th>" + cells
        rows.append(f"<tr>{cells}</tr>")
    more = " " + st.say("table.showing", shown=len(shown), n=len(df)) if len(df) > len(shown) else ""
    cap = f"<caption>{inline(caption)}{html.escape(more)}</caption>" if caption or more else ""
    # three or more columns of figures become one card per row on a phone, so no figure hides off-screen
    kinds_cls = (["insight-datanames"] if data_names else []) + (["insight-cards"] if len(shown.columns) >= 3 else [])
    cls = f" class='{' '.join(kinds_cls)}'" if kinds_cls else ""
    plain = shown.set_axis(idx) if ids else df   # the notebook's text output shows the ids the page shows
    return Html(f"<div class='insight-table'><table{cls}>{cap}<thead><tr>{head}</tr></thead>"
                f"<tbody>{''.join(rows)}</tbody></table></div>", plain.to_string(max_rows=max_rows))


# --------------------------------------------------------------------------- headline, sections, charts
def headline(title: str, data: str, findings: list[str], *, action: str = "", assumptions: str = "",
             simulated: bool = False, seed: int | None = None, style: Style | None = None) -> Html:
    """The box a report opens with: ``title`` and ``data`` name the report ("Churn", "IBM Telco").

    ``findings`` are three to five sentences with numbers; ``action`` the recommended action
    with its expected money; ``assumptions`` what that money rests on. Empty findings are
    dropped. The HTML step puts this box at the top of the report and uses
    "``title`` - ``data``" as the report's title.

    Parameters
    ----------
    title : str
        Name of the report.
    data : str
        Name of the data the report reads.
    findings : list of str
        Three to five sentences with numbers (inline Markdown); empty ones are dropped.
    action : str, default ""
        The recommended action with its expected money.
    assumptions : str, default ""
        What the action's money rests on.
    simulated : bool, default False
        Say that the data are simulated (the demo company).
    seed : int, optional
        The demo company's seed, named in that statement.
    style : insight.style.Style, optional
        Language and currency of the report; English by default.

    Returns
    -------
    Html
        The headline box (a ``<section class='insight-headline'>``).

    Raises
    ------
    TypeError
        When ``findings`` is not a list or tuple.
    ValueError
        When no finding is left once empty ones are dropped.
    """
    if not isinstance(findings, (list, tuple)):
        raise TypeError("parameter 'findings' must be a list of sentences.")
    findings = [f for f in findings if f]
    if not findings:
        raise ValueError("parameter 'findings': no finding given; a headline needs at least one sentence.")
    st = style or _ENGLISH
    simulated_text = st.say("headline.simulated_text" if seed is None else "headline.simulated_text_seed", seed=seed)
    sim = (f"<p class='insight-simulated'><strong>{html.escape(st.say('headline.simulated'))}</strong> "
           f"{html.escape(simulated_text)}</p>" if simulated else "")
    items = "".join(f"<li>{inline(f)}</li>" for f in findings)
    act = (f"<div class='insight-action'><strong>{html.escape(st.say('headline.action'))}</strong> {inline(action)}"
           + (f"<div class='insight-assumptions'>{inline(assumptions)}</div>" if assumptions else "") + "</div>"
           if action else "")
    markup = (f"<section class='insight-headline' data-title='{html.escape(title)}' data-data='{html.escape(data)}' "
              f"data-lang='{html.escape(st.language)}'>"
              f"<h2 class='insight-headline-title'>{html.escape(st.say('headline.title'))}</h2>{sim}<ul>{items}</ul>"
              f"{act}</section>")
    text = "\n".join([f"{title} - {data}", *(f"- {f}" for f in findings)]
                     + ([f"{st.say('headline.action')} {action}"] if action else [])
                     + ([assumptions] if assumptions else []))
    return Html(markup, text)


def figure(fig, caption: str, *, dpi: int = 140) -> Html:
    """A matplotlib figure as an embedded PNG with ``caption`` as its caption and alt text; closes the figure.

    Parameters
    ----------
    fig : matplotlib.figure.Figure or matplotlib.axes.Axes
        The chart (an axes stands for its figure).
    caption : str
        One sentence explaining the chart (inline Markdown).
    dpi : int, default 140
        Resolution of the PNG.

    Returns
    -------
    Html
        A ``<figure>`` with the image and its caption.

    Raises
    ------
    ValueError
        When ``caption`` is empty.
    """
    import matplotlib.pyplot as plt
    import matplotlib.text as mtext

    if not caption or not str(caption).strip():
        raise ValueError("parameter 'caption': every chart needs a one-sentence explanation (its caption and alt "
                         "text).")
    fig = getattr(fig, "figure", fig)
    buf = io.BytesIO()
    with chart_style(getattr(fig, "insight_language", "en")):   # ticks drawn at saving take the report's style too
        _wrap_long_labels(fig)
        fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight")
        smallest = min((t.get_fontsize() for t in fig.findobj(match=mtext.Text)
                        if t.get_visible() and t.get_text().strip()), default=0.0)
    plt.close(fig)
    b64 = base64.b64encode(buf.getvalue()).decode()
    alt = html.escape(re.sub(r"[*\[\]]|\(\S+\.html\)", "", caption), quote=True)
    text_px = f"{smallest * dpi / 72:.1f}"   # the smallest text's height in the image's pixels (phones scale it down)
    return Html(f"<figure class='insight-figure'><img src='data:image/png;base64,{b64}' alt=\"{alt}\" "
                f"data-text-px=\"{text_px}\">"
                f"<figcaption>{inline(caption)}</figcaption></figure>", f"[chart] {caption}")


#: a category label longer than this many characters is wrapped onto lines of at most LABEL_LINE characters, so
#: that a long name does not widen the chart (and shrink its text on a phone)
LONG_LABEL, LABEL_LINE = 30, 24


def _wrap_long_labels(fig) -> None:
    """Wrap each long category label (a tick label the chart set as text, not a number) of ``fig``'s axes."""
    import textwrap

    from matplotlib.ticker import FixedLocator

    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if not isinstance(axis.get_major_locator(), FixedLocator):   # a number axis: short labels
                continue
            labels = [t.get_text() for t in axis.get_ticklabels()]      # as drawn (in the reader's digits)
            if any(len(t) > LONG_LABEL for t in labels):
                axis.set_ticklabels([textwrap.fill(t, LABEL_LINE) if len(t) > LONG_LABEL else t for t in labels])


def not_covered(section: str, needs: str, *, remove_section: bool = True, style: Style | None = None) -> Html:
    """Mark the current section as not supported by the data (what it would need, in words).

    The HTML step removes the section (from its heading to the next) and lists it once
    under "Not covered by these data"; with ``remove_section=False`` it only lists it (for
    an analysis that has no section of its own). In JupyterLab this shows as a short note.

    Parameters
    ----------
    section : str
        Name of the section.
    needs : str
        What the section would need, in words.
    remove_section : bool, default True
        Remove the section from the page, or only list it.
    style : insight.style.Style, optional
        Language of the report; English by default.

    Returns
    -------
    Html
        A marker the HTML step reads, shown as a short note.

    See Also
    --------
    omit : Remove a section without listing it.
    """
    keep = "" if remove_section else " data-keep='1'"
    words = (style or _ENGLISH).say("notcovered.note", section=section, needs=needs)
    return Html(f"<div class='insight-not-covered' data-section='{html.escape(section)}'{keep} "
                f"data-needs='{html.escape(needs)}'><em>{html.escape(words)}</em></div>", words)


def omit(section: str) -> Html:
    """Mark the current section as not applicable to this run: the HTML step removes it without listing it.

    Parameters
    ----------
    section : str
        Name of the section.

    Returns
    -------
    Html
        An empty marker the HTML step reads.

    See Also
    --------
    not_covered : Remove a section and list it under "Not covered by these data".
    """
    return Html(f"<div class='insight-omit' data-section='{html.escape(section)}'></div>", "")


def csv_download(df: pd.DataFrame, filename: str, id_col: str | None = None, reveal_ids: bool | None = None,
                 style: Style | None = None) -> Html:
    """A link that downloads ``df`` as CSV, embedded in the report (no file next to it).

    ``id_col`` (a column; by default the index) is pseudonymized unless ids are revealed
    (see :func:`insight.privacy.pseudonymize`).

    Parameters
    ----------
    df : pandas.DataFrame
        The rows to download.
    filename : str
        Name of the downloaded file.
    id_col : str, optional
        Column holding customer ids; by default the index holds them.
    reveal_ids : bool, optional
        Show the ids as they are; by default as the environment says (see :func:`insight.privacy.revealed`).
    style : insight.style.Style, optional
        Language of the link's text; English by default.

    Returns
    -------
    Html
        A paragraph with the link (the CSV embedded as a data URL) and the number of rows.
    """
    out = df.copy()
    if id_col is not None and id_col in out.columns:
        out[id_col] = pseudonymize(out[id_col], reveal_ids).to_numpy()
    elif not revealed(reveal_ids):
        out.index = pseudonymize(out.index)
    b64 = base64.b64encode(out.to_csv().encode()).decode()
    st = style or _ENGLISH
    return Html(f"<p><a download='{html.escape(filename)}' href='data:text/csv;base64,{b64}'>"
                f"{html.escape(st.say('download.link', file=filename))}</a> "
                f"{html.escape(st.say('download.rows', n=len(out)))}</p>", f"<download {filename}: {len(out):,} rows>")
