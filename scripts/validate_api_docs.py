"""Check that every public object of insight is documented in numpydoc style, and that the API pages list every module.

    python scripts/validate_api_docs.py              # the whole package; exits 1 on any missing section
    python scripts/validate_api_docs.py insight.models.churn insight.retention   # only these modules

The public API is every module whose dotted name has no part starting with ``_``, and in each module
the functions and classes it defines that its ``__all__`` lists (all its public names when it has no
``__all__``), with each public class's own public methods. For each it requires what numpydoc's
validation calls GL08 (a docstring), SS01 (a summary), PR01/PR02/PR07 (every parameter documented,
none unknown, each described; a class may document its fields as Attributes), RT01 (Returns where a
value is returned), plus two checks numpydoc has no code for: RA01 (a Raises section where the
function's own body raises) and EX01 for estimators (classes with ``fit``) and every public
function of ``insight.models``, ``insight.retention`` and the ``load_*`` loaders (an Examples
section, which the test suite runs as a doctest). The API index check compares the modules with
the ``automodule`` entries under ``docs/api``.

pymc-marketing's ``scripts/validate_api_docs.py`` is the model for failing CI on an undocumented
module; numpydoc's own ``numpydoc lint`` has no notion of a package's public API, hence this file.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: numpydoc's codes that fail the check (its others, such as style of the summary line, are advice)
REQUIRED = {"GL08", "SS01", "PR01", "PR02", "PR07", "RT01"}
#: where every public function needs an Examples section (estimators need one everywhere)
EXAMPLES_IN = ("insight.models.", "insight.retention")


def public_modules() -> list[str]:
    """Dotted names of insight's public modules (no part starting with ``_``), packages included."""
    import insight

    names = ["insight"]
    for info in pkgutil.walk_packages(insight.__path__, "insight."):
        if not any(part.startswith("_") for part in info.name.split(".")):
            names.append(info.name)
    return sorted(names)


def public_objects(module_name: str) -> list[str]:
    """Dotted names of the functions and classes ``module_name`` defines and exports, and their public methods."""
    module = importlib.import_module(module_name)
    if hasattr(module, "__path__"):
        return []
    names = getattr(module, "__all__", None) or [k for k in vars(module) if not k.startswith("_")]
    out = []
    for name in names:
        obj = getattr(module, name, None)
        obj = getattr(obj, "__wrapped__", obj)   # a cached function (functools.lru_cache) is documented like any
        if not (inspect.isfunction(obj) or inspect.isclass(obj)) or obj.__module__ != module_name:
            continue
        out.append(f"{module_name}.{name}")
        if inspect.isclass(obj) and not issubclass(obj, BaseException):
            out += [f"{module_name}.{name}.{m}" for m, v in vars(obj).items()
                    if not m.startswith("_") and (inspect.isfunction(v) or isinstance(v, (classmethod, staticmethod)))]
    return out


def resolve(path: str):
    """The object a dotted path names: the longest importable module, then attributes (AttributeError if none)."""
    parts = path.split(".")
    for k in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:k]))
        except ImportError:
            continue
        for attr in parts[k:]:
            obj = getattr(obj, attr)
        return obj
    raise ImportError(path)


def _raises_itself(func) -> bool:
    """True when the function's own body (not a nested function) has a ``raise`` with an exception."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(func)))
    except (OSError, TypeError, SyntaxError):
        return False
    top = tree.body[0]
    stack = list(ast.iter_child_nodes(top))
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Raise) and node.exc is not None:
            return True
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            stack += list(ast.iter_child_nodes(node))
    return False


def _needs_example(path: str, obj) -> bool:
    if inspect.isclass(obj):
        return hasattr(obj, "fit") and not issubclass(obj, BaseException)
    name = path.rsplit(".", 1)[1]
    if path.count(".") > 1 and inspect.isclass(resolve(path.rsplit(".", 1)[0])):
        return False
    return path.startswith(EXAMPLES_IN) or name.startswith("load_")


def problems(path: str) -> list[str]:
    """``"CODE path: message"`` for each required section ``path``'s docstring lacks (numpydoc: the docs extra)."""
    from numpydoc.docscrape import ClassDoc, FunctionDoc
    from numpydoc.validate import validate

    obj = resolve(path)
    obj = getattr(obj, "__wrapped__", obj)
    try:
        errors = validate(path)["errors"]
    except StopIteration:  # numpydoc cannot find the source line of a generated function (a dataclass's)
        errors = [] if obj.__doc__ else [("GL08", "The object does not have a docstring")]
    found = [(code, msg) for code, msg in errors if code in REQUIRED]
    if inspect.isclass(obj) and obj.__doc__:
        doc = ClassDoc(obj, config={"show_class_members": False})
        documented = {n.strip("* ") for p in doc["Parameters"] + doc["Attributes"] for n in p.name.split(",")}
        try:
            wanted = [p for p in inspect.signature(obj).parameters if p not in ("self", "args", "kwargs")]
        except (TypeError, ValueError):
            wanted = []
        found = [(c, m) for c, m in found if c not in ("PR01", "PR07")]
        missing = [p for p in wanted if p not in documented]
        if missing:
            found.append(("PR01", f"Parameters or Attributes not documented: {', '.join(missing)}"))
    if obj.__doc__ and (inspect.isfunction(obj) or inspect.ismethod(obj)):
        doc = FunctionDoc(obj)
        if _raises_itself(obj) and not doc["Raises"]:
            found.append(("RA01", "the function raises but has no Raises section"))
    if obj.__doc__ and _needs_example(path, obj) and ">>>" not in (obj.__doc__ or ""):
        found.append(("EX01", "no Examples section with a runnable example"))
    return [f"{code} {path}: {msg}" for code, msg in found]


def missing_from_api_pages(modules: list[str]) -> list[str]:
    """Public modules no ``.. automodule::`` under ``docs/api`` names."""
    listed = set()
    for page in (ROOT / "docs" / "api").glob("*.rst"):
        listed |= set(re.findall(r"^\s*\.\. automodule:: (\S+)", page.read_text(encoding="utf-8"), re.M))
        listed |= set(re.findall(r"^\s+(insight\.\S+)$", page.read_text(encoding="utf-8"), re.M))
    return [m for m in modules if m not in listed]


def main(argv: list[str]) -> int:
    modules = argv or public_modules()
    out = []
    for name in modules:
        if not (importlib.import_module(name).__doc__ or "").strip():
            out.append(f"GL08 {name}: the module has no docstring")
        for path in public_objects(name):
            out += problems(path)
    if not argv:
        out += [f"API01 {m}: not listed in docs/api" for m in missing_from_api_pages(modules)]
    print("\n".join(out))
    total = sum(len(public_objects(m)) for m in modules)
    print(f"{len(out)} problems in {total} public objects of {len(modules)} modules", file=sys.stderr)
    return 1 if out else 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main(sys.argv[1:]))
