"""The house as DESIGN.md draws it, measured from the code's own imports (``ast``, nothing is run).

Imports run one way, from the bottom up::

    exceptions, style  <-  validate, parsers  <-  data  <-  features  <-  models  <-  retention
       <-  plots  <-  report  <-  cli

so each module can be read and tested with only what is below it. A module may import
its own layer or a lower one, never a higher one, and no set of modules imports itself
round a circle.
"""

from __future__ import annotations

import ast
from pathlib import Path

PKG = Path(__file__).resolve().parent.parent / "insight"

#: bottom up; a module belongs to the first entry that is its dotted name or a package above it
LAYERS = [
    ["insight.exceptions", "insight._lazy", "insight._results"],
    ["insight.style"],
    ["insight.validate", "insight.parsers", "insight.periods", "insight.privacy", "insight.provenance"],
    ["insight.data"],
    ["insight.features"],
    ["insight.models"],
    ["insight.retention"],
    ["insight.plots"],
    ["insight.report"],
    ["insight.cli", "insight.__main__", "insight"],
]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PKG.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PKG.rglob("*.py"))}


def imports(path: Path) -> set[str]:
    """Every insight module ``path`` imports (at the top or inside a function), as dotted names."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    known = modules()
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("insight"):
                continue
            for alias in node.names:   # "from . import churn" imports a module
                sub = f"{target}.{alias.name}"
                out.add(sub if sub in known else target)
        elif isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.startswith("insight")}
    return out - {name}


def layer(name: str) -> int:
    best = None
    for i, group in enumerate(LAYERS):
        for prefix in group:
            if name == prefix or name.startswith(prefix + "."):
                if best is None or len(prefix) > best[1]:
                    best = (i, len(prefix))
    assert best is not None, f"{name} has no layer"
    return best[0]


def test_every_module_has_a_layer():
    for name in modules():
        layer(name)


def test_imports_run_one_way():
    wrong = [f"{name} ({layer(name)}) imports {used} ({layer(used)})"
             for name, path in modules().items() for used in imports(path)
             if name != "insight" and layer(used) > layer(name)]
    assert wrong == []


def test_no_import_cycle():
    graph = {name: imports(path) for name, path in modules().items()}
    # a package imports its __init__'s imports; a module inside it does not import the package itself
    state: dict[str, int] = {}
    cycles = []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in graph.get(node, ()):
            if nxt.startswith(node + "."):   # a package's __init__ re-exporting its own modules
                continue
            if state.get(nxt) == 1:
                cycles.append(stack[stack.index(nxt):] + [nxt] if nxt in stack else [node, nxt])
            elif nxt not in state:
                visit(nxt, stack + [nxt])
        state[node] = 2

    for name in graph:
        if name not in state:
            visit(name, [name])
    assert cycles == []


def test_importing_any_module_leaves_matplotlib_settings_as_they_were():
    """Importing a module (or drawing a plot) changes no global matplotlib setting: reports style in a context."""
    import subprocess
    import sys

    names = sorted(n for n in modules() if n != "insight.__main__")
    code = ("import importlib, matplotlib as mpl\n"
            "before = dict(mpl.rcParams)\n"
            f"for name in {names!r}:\n"
            "    importlib.import_module(name)\n"
            "import pandas as pd, insight.plots as ip\n"
            "ip.plot_monthly_activity(pd.DataFrame({'d': pd.to_datetime(['2024-01-05', '2024-02-05'])}), 'd')\n"
            "changed = sorted(k for k, v in mpl.rcParams.items() if str(v) != str(before[k]))\n"
            "print(changed)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**__import__("os").environ, "MPLBACKEND": "Agg"})
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


def test_a_plot_draws_in_the_style():
    import matplotlib as mpl
    import pandas as pd

    import insight.plots as ip

    ax = ip.plot_monthly_activity(pd.DataFrame({"d": pd.to_datetime(["2024-01-05", "2024-02-05"])}), "d")
    assert ax.title.get_fontsize() == ip.STYLE["axes.titlesize"] != mpl.rcParams["axes.titlesize"]
    assert not ax.spines["top"].get_visible() and mpl.rcParams["axes.spines.top"]


#: DESIGN.md: no module over about 600 lines, no function over about 100 without a reason in its docstring.
#: Docstrings are not counted: the numpydoc reference (Parameters, Returns, Examples) must not push code apart.
MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 100
REASON = "Why one function:"


def _docstring_lines(tree: ast.AST) -> set[int]:
    """Line numbers taken by the docstrings of a module, its classes and functions."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(getattr(first, "value", None), ast.Constant) \
                    and isinstance(first.value.value, str):
                out |= set(range(first.lineno, first.end_lineno + 1))
    return out


def test_modules_and_functions_stay_small():
    big, long = [], []
    for name, path in modules().items():
        text = path.read_text(encoding="utf-8")
        tree = ast.parse(text)
        docs = _docstring_lines(tree)
        code = len(text.splitlines()) - len(docs)
        if code > MAX_MODULE_LINES:
            big.append(f"{name}: {code} lines besides docstrings")
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                n = node.end_lineno - node.lineno + 1 - len(docs & set(range(node.lineno, node.end_lineno + 1)))
                if n > MAX_FUNCTION_LINES and REASON not in (ast.get_docstring(node) or ""):
                    long.append(f"{name}.{node.name}: {n} lines")
    assert big == [] and long == []


def _module_aliases(tree: ast.AST, path: Path) -> set[str]:
    """Names that ``path`` binds to insight modules (``import insight.x as y``, ``from . import x``)."""
    known = modules()
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.asname or a.name.split(".")[0] for a in node.names if a.name.startswith("insight")}
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            target = ".".join(base + ([node.module] if node.module else [])) if node.level else (node.module or "")
            out |= {a.asname or a.name for a in node.names if f"{target}.{a.name}" in known}
    return out


def test_no_module_uses_another_modules_private_names():
    """The extension contract is public: no module imports or calls a private name of another module."""
    wrong = []
    for name, path in modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        aliases = _module_aliases(tree, path)
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("insight")):
                wrong += [f"{name} imports {a.name}" for a in node.names
                          if a.name.startswith("_") and not a.name.startswith("__")]
            elif (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases
                  and node.attr.startswith("_") and not node.attr.startswith("__")):
                wrong.append(f"{name} uses {node.value.id}.{node.attr}")
    assert wrong == []


def test_no_dataframe_attrs_written():
    """Results are objects with fields, not tables carrying results in ``DataFrame.attrs``."""
    found = {}
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            target = None
            if isinstance(node, (ast.Assign, ast.AugAssign)):
                for t in (node.targets if isinstance(node, ast.Assign) else [node.target]):
                    target = t.value if isinstance(t, ast.Subscript) else t
                    if isinstance(target, ast.Attribute) and target.attr == "attrs":
                        found[name] = found.get(name, 0) + 1
            elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "update"
                  and isinstance(node.func.value, ast.Attribute) and node.func.value.attr == "attrs"):
                found[name] = found.get(name, 0) + 1
    assert found == {}


def test_every_dotted_reference_in_the_code_names_something_that_exists():
    """A docstring's ``insight.x.y`` names a module, class or function that is there (moves leave none stale)."""
    import importlib
    import re

    stale = []
    for name, path in modules().items():
        for ref in sorted(set(re.findall(r"insight(?:\.[A-Za-z_]\w*)+", path.read_text(encoding="utf-8")))):
            parts = ref.split(".")
            for k in range(len(parts), 0, -1):
                try:
                    obj = importlib.import_module(".".join(parts[:k]))
                except ImportError:
                    continue
                if any((obj := getattr(obj, a, None)) is None for a in parts[k:]):
                    stale.append(f"{name}: {ref}")
                break
    assert stale == []


#: layers that return numbers: they write no word for readers, so they never import the presentation modules
NUMBERS_ONLY = ("insight.data", "insight.features", "insight.models", "insight.retention", "insight.validate",
                "insight.parsers")


def test_models_return_numbers():
    """Words, money and dates for readers are made by the plots and the report from one style; the layers below
    neither import the presentation modules nor take a currency to write money with."""
    wrong = []
    for name, path in modules().items():
        if not name.startswith(NUMBERS_ONLY):
            continue
        wrong += [f"{name} imports {used}" for used in imports(path) if used == "insight.style"]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                args = node.args.args + node.args.kwonlyargs
                wrong += [f"{name}.{node.name} takes 'currency'" for a in args if a.arg == "currency"]
    assert wrong == []
