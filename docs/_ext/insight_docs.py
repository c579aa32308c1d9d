"""Sphinx extension of the insight documentation: pages generated from the code at build time, so they cannot drift.

Directives:

``.. insight-report-parameters::``
    Every notebook's parameters (name, type, default, comment), read from its ``parameters`` cell with
    :func:`insight.report.notebook_params.notebook_parameters`. Option ``:language: fa`` gives Persian headings and titles
    (the comments stay in English: the notebooks have no Persian ones).
``.. insight-spec-keys:: top | table | roles | types | placeholders``
    The keys of a data specification, from the lists :mod:`insight.data.spec` and :mod:`insight.data.tables`
    check against. Every key the code knows needs a description in :data:`TOP_KEYS` / :data:`TABLE_KEYS` below,
    and every described key must exist in the code: either mismatch is a build warning (an error under ``-W``).
``.. insight-report-gallery::``
    The reports ``make reports`` rendered into ``reports/`` (copied into the built site, never re-executed).
``.. insight-example:: name.py``
    An example script of ``docs/examples``: its code, what it prints and the figures it saves. The scripts run
    at the start of the build, side by side with the reading of the pages (``MPLBACKEND=Agg``, each in its own
    folder under the build directory); a script that fails is a build warning.

It also registers ``plain``, a math renderer that shows formulas as their LaTeX source (MathJax would load from
another host), and wraps the body of every page under ``fa/`` in ``<div dir="rtl" lang="fa">``.
"""

from __future__ import annotations

import html
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import Directive, directives
from docutils.statemachine import StringList
from sphinx.util import logging

logger = logging.getLogger(__name__)

DOCS = Path(__file__).resolve().parents[1]
ROOT = DOCS.parent
NOTEBOOKS = ROOT / "insight" / "notebooks"
REPORTS = ROOT / "reports"
EXAMPLES = DOCS / "examples"
#: seconds an example script may take
EXAMPLE_TIMEOUT = 300

# ------------------------------------------------------------------------------------------- data specification keys
#: top-level keys of a specification (insight.data.spec._TOP_KEYS): what each does, and an example
TOP_KEYS = {
    "kind": ("What the data are: ``transactions`` (a purchase log), ``customers`` (one row per customer, for "
             "churn), ``survey``, ``complaints`` (a complaint or ticket log) or ``orders`` (promised and delivered "
             "dates, for the four levels of satisfaction). Decides which roles are required.",
             "kind: transactions"),
    "name": ("A name for the data, shown in the reports.", "name: Online Retail (UCI sample)"),
    "tables": ("The tables, by name; the first is the main one, further ones join it by key. Each table's keys "
               "are listed below.", "tables:\n  lines: {path: sales.csv}"),
    "columns": ("Role -> column name, or an SQL expression over the columns (``Quantity * UnitPrice``). The roles "
                "of each kind are listed below.", "columns:\n  customer_id: CustomerID\n  amount: Quantity * UnitPrice"),
    "returns": ("An SQL condition marking returns and cancellations; their amounts count as negative.",
                "returns: InvoiceNo LIKE 'C%' OR Quantity < 0"),
    "ids": ("``placeholders``: id values read as \"no customer id\" (compared case-insensitively) and counted. "
            "Default: the list under *Placeholder ids* below.", "ids:\n  placeholders: [\"\", \"(blank)\", unknown]"),
    "duplicates": ("Identical rows: ``drop`` or ``keep``, counted either way. Default: dropped in logs with an "
                   "order id or a time of day and in tables with ids; kept in day-level logs (they may be real "
                   "repeat purchases) and anonymous surveys.", "duplicates: drop"),
    "timezone": ("The time zone days are cut in, whatever the machine's zone (an IANA name).",
                 "timezone: Europe/London"),
    "scales": ("A survey's rating scales by column: a range ``\"1-10\"``, words lowest first or a word mapping, "
               "or in full ``{range: 1-5, na: [0]}`` / ``{words: [No, Yes], na: [N/A]}``; ``all`` gives the scale "
               "of the columns without their own (see :mod:`insight.data.scales`).",
               "scales:\n  all: 1-10\n  q11: {Low: 1, Medium: 2, High: 3}\n  q12: {range: 1-5, na: [0]}"),
    "churn_value": ("In a ``customers`` table: the value of the churn column that means churned. Default: "
                    "yes/true/1 detected.", "churn_value: Left"),
    "exclude": ("In a ``customers`` table: columns that are not features of the churn model (free text, "
                "leaks of the outcome).", "exclude: [CustomerNotes, CancelDate]"),
    "value_period": ("What a customer value column covers: ``month``, ``year``, ``first 90 days`` or ``to date``. "
                     "Required with a ``value`` role (a first-90-days revenue read as a monthly one would triple "
                     "every figure).", "value_period: month"),
    "types": ("A column's type where the first rows mislead: ``text``, ``number``, ``integer`` or ``date``.",
              "types: {InvoiceNo: text, PostCode: text}"),
    "amount_unit": ("The money unit of the amounts (a three-letter code). A report in another of rial (``IRR``), "
                    "Toman (``IRT``, 10 rials) and new rial (``IRN``, 10,000 rials) converts them at the fixed "
                    "ratio; other pairs are refused. Default: the amounts are in the report's currency.",
                    "amount_unit: IRR"),
}
#: keys of one table (insight.data.tables.TABLE_KEYS)
TABLE_KEYS = {
    "path": ("The file, relative to the specification's folder: CSV, Parquet or Excel; a list or a glob for "
             "several files of the same layout.", "path: exports/sales_*.csv"),
    "sep": ("CSV field separator. Default: detected.", "sep: \";\""),
    "encoding": ("CSV text encoding. Default: UTF-8.", "encoding: latin-1"),
    "decimal": ("CSV decimal mark.", "decimal: \",\""),
    "header": ("Whether the first line holds the column names. Default: true.", "header: true"),
    "skip": ("Junk lines before the header (an export's title lines).", "skip: 2"),
    "date_format": ("strftime format of the dates. Default: detected (ISO, month-first or day-first; mixed formats "
                    "are refused with an example of each).", "date_format: \"%d/%m/%Y %H:%M\""),
    "dayfirst": ("Read ambiguous dates as day-first (01/02 is 1 February).", "dayfirst: true"),
    "calendar": ("``jalali`` for Solar Hijri dates such as 1402/09/14 (``insight inspect`` proposes it).",
                 "calendar: jalali"),
    "sheet": ("An Excel workbook's sheet: a name, or a number from 0. Default: the first.", "sheet: Orders"),
    "join": ("How a further table joins the main one: a column both have, or ``{main column: this table's "
             "column}``.", "join: {CustomerID: id}"),
    "aggregate": ("``true`` when a further table has several rows per key (payments): numbers are summed, text "
                  "takes the first value. Default: false, and repeated keys are refused.", "aggregate: true"),
}
#: what each role holds (insight.data.spec.ROLES)
ROLE_TEXT = {
    "customer_id": "customer id", "date": "date (of the purchase, the answer...)", "amount": "amount of money "
    "(negative on returns); may be an expression", "quantity": "number of items", "order_id": "order or invoice id",
    "discount": "discount: a fraction, a percent string or a yes/no flag", "category": "product category",
    "channel": "channel or country", "churn": "churn flag", "duration": "time with the company",
    "group": "group to compare (plan, region...)", "value": "customer value (with ``value_period``)",
    "start": "start date of the customer", "opt_out": "yes/no: asked not to be contacted (left out of every list)",
    "overall": "overall rating, or a two-valued outcome", "drivers": "list of rating columns (any number)",
    "touchpoints": "rating columns by stage: ``{before: [...], during: [...], after: [...]}``",
    "text": "free-text comment", "nps": "0-10 recommend question", "buy_again": "yes/no would buy again",
    "created": "date and time the complaint was made", "first_response": "date and time of the first response",
    "resolved": "date and time it was resolved", "timely": "yes/no answered in time", "outcome": "how it ended",
    "disputed": "yes/no the customer disputed the outcome", "id": "complaint id",
    "rating": "the writer's own rating of a comment (a number or a word scale; the feedback report learns from it)",
    "promised": "promised delivery date", "delivered": "delivery date", "order_date": "order date",
    "extra": "yes/no an unpromised extra was given",
}


def _table(header: list[str], rows: list[list[str]], widths: list[int] | None = None, css: str = "") -> list[str]:
    out = [".. list-table::", "   :header-rows: 1"] + ([f"   :class: {css}"] if css else [])
    if widths:
        out.append(f"   :widths: {' '.join(map(str, widths))}")
    out.append("")
    for row in [header, *rows]:
        first = True
        for cell in row:
            lines = str(cell).splitlines() or [""]
            out.append(f"   {'* -' if first else '  -'} {lines[0]}")
            out += [f"       {line}" for line in lines[1:]]
            first = False
    return out + [""]


def _example_block(code: str) -> str:
    return "\n".join([".. code-block:: yaml", ""] + [f"   {line}" for line in code.splitlines()])


class _Generated(Directive):
    """A directive that writes reStructuredText and parses it in place."""

    def parse(self, lines: list[str]) -> list[nodes.Node]:
        node = nodes.container()
        self.state.nested_parse(StringList(lines, source=f"<{self.name}>"), self.content_offset, node)
        return node.children


class SpecKeys(_Generated):
    required_arguments = 1
    has_content = False

    def run(self):
        from insight.data import spec, tables

        env = self.state.document.settings.env
        for mod in (spec, tables):
            env.note_dependency(mod.__file__)
        what = self.arguments[0]
        if what == "top":
            return self._keys(spec._TOP_KEYS, TOP_KEYS, "insight.data.spec")
        if what == "table":
            return self._keys(tables.TABLE_KEYS, TABLE_KEYS, "insight.data.tables.TABLE_KEYS")
        if what == "roles":
            rows = []
            for kind, (required, optional) in spec.ROLES.items():
                for role in (*required, *optional):
                    if role not in ROLE_TEXT:
                        logger.warning(f"insight-spec-keys: role {role!r} of kind {kind!r} has no description in "
                                       "docs/_ext/insight_docs.py ROLE_TEXT", location=self.get_location())
                    rows.append([f"``{kind}``", f"``{role}``", "required" if role in required else "optional",
                                 ROLE_TEXT.get(role, "")])
            return self.parse(_table(["kind", "role", "", "what the column holds"], rows, [15, 18, 12, 55]))
        if what == "types":
            rows = [[f"``{k}``", f"``{v}``"] for k, v in tables.TYPES.items()]
            return self.parse(_table(["type", "read by DuckDB as"], rows))
        if what == "placeholders":
            return self.parse([", ".join(f"``{p!r}``" for p in spec.DEFAULT_PLACEHOLDERS), ""])
        raise self.error(f"unknown argument {what!r}: top, table, roles, types or placeholders")

    def _keys(self, known, described: dict, where: str):
        for key in sorted(set(known) - set(described)):
            logger.warning(f"insight-spec-keys: key {key!r} of {where} has no description in "
                           "docs/_ext/insight_docs.py", location=self.get_location())
        for key in sorted(set(described) - set(known)):
            logger.warning(f"insight-spec-keys: key {key!r} is described but {where} does not know it",
                           location=self.get_location())
        lines = []
        for key in [k for k in described if k in known] + sorted(set(known) - set(described)):
            text, example = described.get(key, ("", ""))
            lines += [f"``{key}``", f"   {text}", ""]
            if example:
                lines += ["   " + line for line in _example_block(example).splitlines()] + [""]
        return self.parse(lines)


class ModuleTable(_Generated):
    """``.. insight-modules::`` with one module per line: a table of the modules and the first sentence of each
    docstring (its cross-references shown as code: they are relative to the module, not to this page)."""

    has_content = True

    def run(self):
        import importlib
        import re

        rows = []
        for name in (line.strip() for line in self.content if line.strip()):
            doc = (importlib.import_module(name).__doc__ or "").strip()
            first = re.split(r"(?<=[.:])\s", " ".join(doc.split("\n\n")[0].split()), maxsplit=1)[0]
            first = re.sub(r":[a-z:]+:`~?([^`]+)`", r"``\1``", first)
            rows.append([f":mod:`{name}`", first])
        return self.parse(_table(["module", "what it holds"], rows, [35, 65]))


# ------------------------------------------------------------------------------------------------ report parameters
FA = {"name": "پارامتر", "type": "نوع", "default": "پیش‌فرض", "help": "توضیح (به انگلیسی)",
      "notebook": "نوت‌بوک", "runs": "اجراهای نام‌دار"}
EN = {"name": "parameter", "type": "type", "default": "default", "help": "what it is",
      "notebook": "notebook", "runs": "named runs"}


def notebook_title(path: Path, language: str = "en") -> str:
    """The first heading of a notebook (or of its Persian prose in ``notebooks/fa``)."""
    if language == "fa":
        prose = json.loads((NOTEBOOKS / "fa" / f"{path.stem}.json").read_text(encoding="utf-8"))
        texts = list(prose.values())
    else:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        texts = ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]
    for text in texts:
        for line in text.splitlines():
            if line.startswith("# "):
                return line[2:].strip()
    return path.stem


def named_runs() -> dict[str, dict]:
    import yaml

    return yaml.safe_load((NOTEBOOKS / "runs.yaml").read_text(encoding="utf-8")) or {}


class ReportParameters(_Generated):
    has_content = False
    option_spec = {"language": directives.unchanged}

    def run(self):
        from insight.report.notebook_params import notebook_parameters

        env = self.state.document.settings.env
        language = self.options.get("language", "en")
        words = FA if language == "fa" else EN
        runs = named_runs()
        env.note_dependency(str(NOTEBOOKS / "runs.yaml"))
        out = []
        for nb in sorted(NOTEBOOKS.glob("*.ipynb")):
            env.note_dependency(str(nb))
            if language == "fa":
                env.note_dependency(str(NOTEBOOKS / "fa" / f"{nb.stem}.json"))
            label = f"params-{language}-{nb.stem}"
            section = nodes.section(ids=[label], names=[label])
            title = nodes.title()
            title += [nodes.literal(text=nb.stem), nodes.Text(f": {notebook_title(nb, language)}")]
            section += title
            self.state.document.note_explicit_target(section)
            mine = [name for name, run in runs.items() if run.get("notebook") == nb.stem]
            lines = [f"{words['notebook']}: ``notebooks/{nb.name}``" + (
                f"; {words['runs']}: " + ", ".join(f"``{r}``" for r in mine) if mine else ""), ""]
            rows = [[f"``{name}``", f"``{p['type']}``", f"``{p['default']}``" if p["default"] not in (None, "")
                     else "", p["help"] or ""] for name, p in notebook_parameters(nb).items()]
            for row in rows:
                if not row[3]:
                    logger.warning(f"notebooks/{nb.name}: parameter {row[0]} has no comment in its parameters cell",
                                   location=self.get_location())
            lines += _table([words["name"], words["type"], words["default"], words["help"]],
                            [[c.replace("\\", "\\\\") if i == 3 else c for i, c in enumerate(r)] for r in rows],
                            [18, 8, 16, 58], css="insight-params")
            section += self.parse(lines)
            out.append(section)
        return out


# ---------------------------------------------------------------------------------------------------- report gallery
def rendered_reports() -> list[Path]:
    """The reports of ``make reports`` in ``reports/`` (error pages and the bundle left out)."""
    return sorted(p for p in REPORTS.glob("*.html") if not p.name.endswith(".error.html") and p.name != "bundle.html")


def _report_title(path: Path) -> str:
    head = path.read_text(encoding="utf-8", errors="replace")[:20000]
    start, end = head.find("<title>"), head.find("</title>")
    return html.unescape(head[start + 7:end]).strip() if 0 <= start < end else path.stem


class ReportGallery(_Generated):
    has_content = False

    def run(self):
        env = self.state.document.settings.env
        reports = rendered_reports()
        if not reports:
            return self.parse([".. note::", "",
                               "   No rendered reports were found in ``reports/``: run ``make reports docs`` to build the "
                               "documentation with them.", ""])
        about = json.loads((ROOT / "insight" / "messages" / "en" / "page.json").read_text(encoding="utf-8"))
        runs = named_runs()
        rows = []
        for path in reports:
            env.note_dependency(str(path))
            name = path.stem
            if name == "index":
                continue
            run = runs.get(name, {"notebook": name, "parameters": {}})
            params = " ".join(f"``-p {k} {v}``" for k, v in (run.get("parameters") or {}).items())
            nb = run.get("notebook", name)
            rows.append([f"`{_report_title(path)} <reports/{path.name}>`__",
                         f":ref:`{nb} <params-en-{nb}>` {params}".strip(),
                         about.get(f"page.about.{nb}") or notebook_title(NOTEBOOKS / f"{nb}.ipynb")])
        lines = []
        if (REPORTS / "index.html").is_file():
            lines += ["The reports' own landing page: `index <reports/index.html>`__ (as ``make reports`` writes it).",
                      ""]
        return self.parse(lines + _table(["report", "notebook and parameters", "what it answers"], rows,
                                         [30, 30, 40]))


def copy_reports(app, exception):
    """Copy the rendered reports into the built site's ``gallery/reports/`` (they are never re-executed)."""
    if exception is not None or app.builder.format != "html":
        return
    target = Path(app.outdir) / "gallery" / "reports"
    if target.exists():
        shutil.rmtree(target)
    reports = rendered_reports()
    if reports:
        target.mkdir(parents=True)
        for path in reports:
            shutil.copy2(path, target / path.name)


# ---------------------------------------------------------------------------------------------------------- examples
def example_dir(app) -> Path:
    return Path(app.doctreedir).parent / "examples"


def start_examples(app):
    """Run every example script in its own folder, in the background, while Sphinx reads the pages."""
    out = example_dir(app)
    app.__dict__.setdefault("insight_examples", {})
    env = dict(os.environ, MPLBACKEND="Agg", PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    for script in sorted(EXAMPLES.glob("*.py")):
        if script.name in app.insight_examples:
            continue
        folder = out / script.stem
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        proc = subprocess.Popen([sys.executable, str(script)], cwd=folder, env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        app.insight_examples[script.name] = proc


def finish_examples(app, exception):
    for proc in getattr(app, "insight_examples", {}).values():
        if proc.poll() is None:
            proc.kill()
            proc.wait()


class Example(_Generated):
    required_arguments = 1
    has_content = False

    def run(self):
        env = self.state.document.settings.env
        app = env.app
        name = self.arguments[0]
        script = EXAMPLES / name
        if not script.is_file():
            raise self.error(f"no example {name} in docs/examples")
        env.note_dependency(str(script))
        if name not in getattr(app, "insight_examples", {}):   # not started at the build's start: run it now
            start_examples(app)
        done = app.__dict__.setdefault("insight_example_output", {})
        if name not in done:
            proc = app.insight_examples[name]
            try:
                stdout, stderr = proc.communicate(timeout=EXAMPLE_TIMEOUT)
            except subprocess.TimeoutExpired:
                proc.kill()
                stdout, stderr = proc.communicate()
                stderr += f"\n(stopped after {EXAMPLE_TIMEOUT} s)"
            done[name] = (proc.returncode, stdout, stderr)
        status, stdout, stderr = done[name]
        if status != 0:
            logger.warning(f"example {name} failed (exit {status}): {stderr[-1500:]}", location=self.get_location())
        code = script.read_text(encoding="utf-8")
        lines = [".. code-block:: python", "   :caption: " + f"docs/examples/{name}", ""]
        lines += [f"   {line}" for line in code.splitlines()] + [""]
        if stdout.strip():
            lines += ["What it prints:", "", ".. code-block:: text", ""]
            lines += [f"   {line}" for line in stdout.rstrip().splitlines()] + [""]
        folder = example_dir(app) / script.stem
        srcdir = Path(app.srcdir)
        for png in sorted(folder.glob("*.png")):
            rel = os.path.relpath(png, srcdir).replace(os.sep, "/")
            lines += [f".. figure:: /{rel}", f"   :alt: figure saved by {name}", "   :width: 90%", "",
                      f"   ``{png.name}``, saved by the script", ""]
        return self.parse(lines)


# ----------------------------------------------------------------------------------------------------- Persian pages
def persian_pages(app, pagename, templatename, context, doctree):
    """Right to left, in Vazirmatn: the body of every page under ``fa/``."""
    if pagename.startswith("fa/") and "body" in context:
        context["body"] = f'<div dir="rtl" lang="fa" class="insight-fa">\n{context["body"]}\n</div>'


# -------------------------------------------------------------------------------------------------------------- math
def _visit_math(self, node):
    self.body.append(self.starttag(node, "code", "", CLASS="math notranslate"))
    self.body.append(self.encode(node.astext()))
    self.body.append("</code>")
    raise nodes.SkipNode


def _visit_displaymath(self, node):
    self.body.append(self.starttag(node, "pre", "", CLASS="math notranslate"))
    self.body.append(self.encode(node.astext()))
    self.body.append("</pre>\n")
    raise nodes.SkipNode


# ---------------------------------------------------------------------------------------------------------- autodoc
def _is_private(module: str) -> bool:
    return any(part.startswith("_") for part in module.split("."))


def public_bases(app, name, obj, options, bases):
    """A base class from a private module is named by its public re-export (``insight.models.clv._base
    .CustomerBaseModel`` is documented as ``insight.models.clv.CustomerBaseModel``), else shown as plain text."""
    import importlib

    for i, base in enumerate(bases):
        module = getattr(base, "__module__", "") or ""
        if not module.startswith("insight") or not _is_private(module):
            continue
        public = ".".join(p for p in module.split(".") if not p.startswith("_"))
        try:
            alias = getattr(importlib.import_module(public), base.__name__, None)
        except (ImportError, AttributeError):
            alias = None
        bases[i] = (f":py:class:`{public}.{base.__name__}`" if alias is base
                    else f"``{module}.{base.__qualname__}``")


def skip_foreign_members(app, what, name, obj, skip, options):
    """Leave out what a class inherits from scikit-learn (``set_fit_request`` and the like): documented there."""
    module = getattr(obj, "__module__", None)
    if isinstance(module, str) and module.startswith("sklearn"):
        return True
    return None


def factory_defaults(app, what, name, obj, options, signature, return_annotation):
    """A dataclass field with a ``default_factory`` shows ``<factory>`` as its default, which the Python domain cannot
    parse (it then splits the signature at every comma and ``dict[str, Any]`` becomes a dangling reference). Shown
    instead as the call that makes it (``dict()``), or ``...`` for a lambda."""
    import dataclasses

    if not signature or "<factory>" not in signature or not dataclasses.is_dataclass(obj):
        return None
    for f in dataclasses.fields(obj):
        if f.init and f.default_factory is not dataclasses.MISSING:
            made = getattr(f.default_factory, "__name__", "")
            signature = signature.replace("<factory>", f"{made}()" if made.isidentifier() else "...", 1)
    return signature.replace("<factory>", "..."), return_annotation


def _import_path(path: str):
    """The object a dotted path names, or None (``scripts/validate_api_docs.py`` resolves it as the checks do)."""
    from validate_api_docs import resolve

    try:
        return resolve(path)
    except (ImportError, AttributeError):
        return None


def reexported_names(app, env, node, contnode):
    """Resolve a reference to a public re-export (``insight.models.clv.BetaGeo``, ``insight.plots.plot_km``) to the
    object's own page (``insight.models.clv.beta_geo.BetaGeo``): the packages list what they re-export but the API
    pages document each object once, where it is defined. A name that imports to nothing still fails."""
    from sphinx.util.nodes import make_refnode

    if node.get("refdomain") != "py":
        return None
    target = node.get("reftarget", "")
    module = node.get("py:module") or ""
    candidates = [target] if target.startswith("insight.") else [f"{module}.{target}"] if module else []
    domain = env.get_domain("py")
    for path in candidates:
        obj = _import_path(path)
        name = getattr(obj, "__qualname__", None)
        owner = getattr(obj, "__module__", None)
        if not (isinstance(name, str) and isinstance(owner, str)) or "<" in name:
            continue
        canonical = f"{owner}.{name}"
        if canonical != path and canonical in domain.objects:
            entry = domain.objects[canonical]
            return make_refnode(app.builder, node["refdoc"], entry.docname, entry.node_id, contnode, canonical)
    return None


def setup(app):
    app.setup_extension("sphinx.ext.autodoc")
    app.connect("missing-reference", reexported_names)
    app.connect("autodoc-process-signature", factory_defaults)
    app.connect("autodoc-process-bases", public_bases)
    app.connect("autodoc-skip-member", skip_foreign_members)
    app.add_directive("insight-spec-keys", SpecKeys)
    app.add_directive("insight-modules", ModuleTable)
    app.add_directive("insight-report-parameters", ReportParameters)
    app.add_directive("insight-report-gallery", ReportGallery)
    app.add_directive("insight-example", Example)
    app.add_html_math_renderer("plain", (_visit_math, None), (_visit_displaymath, None))
    app.connect("builder-inited", start_examples)
    app.connect("build-finished", copy_reports)
    app.connect("build-finished", finish_examples)
    app.connect("html-page-context", persian_pages)
    return {"version": "1.0", "parallel_read_safe": False, "parallel_write_safe": True}
