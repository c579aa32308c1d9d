"""Notebook markdown in the report's language.

A notebook is written in English; ``insight/notebooks/<language>/<notebook>.json`` maps each of its markdown cells'
ids to the cell's text in that language (the Persian ones in ``fa/``). When a report is rendered in a language, its
markdown cells take those texts before the page is made; a cell without one keeps its English (a test checks that
every cell has one). Why hand-written: the notebooks' prose is not a message catalog (it has no placeholders), and
nbformat has no notion of a translated cell.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

__all__ = ["markdown_texts", "localize_markdown"]


@lru_cache(maxsize=None)
def markdown_texts(notebook: str, language: str) -> dict:
    """Cell id -> markdown in ``language`` for the notebook named ``notebook`` (its file stem); empty for English or
    when there is no file.

    Read once per (notebook, language) and cached.

    Parameters
    ----------
    notebook : str
        The notebook's file stem (``"churn"`` for ``churn.ipynb``), naming its translation file.
    language : str
        Language code; ``"en"`` (the notebooks' own language) gives an empty dict.

    Returns
    -------
    dict
        Markdown cell id -> that cell's text in ``language``. The same cached object is returned on each call:
        do not change it.

    See Also
    --------
    localize_markdown : Puts these texts into a notebook.

    Examples
    --------
    >>> markdown_texts("churn", "en")
    {}
    >>> len(markdown_texts("churn", "fa")) > 0
    True
    """
    if language == "en":
        return {}
    path = resources.files("insight").joinpath("notebooks", language, f"{notebook}.json")
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def localize_markdown(nb, notebook: str, language: str):
    """``nb`` (an nbformat notebook) with its markdown cells in ``language`` where a text exists; changed in place.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The notebook; its markdown cells are replaced in place.
    notebook : str
        The notebook's file stem, naming its translation file.
    language : str
        Language code (``"en"`` leaves the notebook as it is).

    Returns
    -------
    nbformat.NotebookNode
        ``nb`` itself.

    See Also
    --------
    markdown_texts : The texts used, by cell id.
    """
    texts = markdown_texts(notebook, language)
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.get("id") in texts:
            cell.source = texts[cell["id"]]
    return nb
