"""Pseudonymized customer identifiers.

A report never shows raw customer ids unless asked to: :func:`pseudonymize` replaces
each id by a keyed hash (HMAC-SHA256), the same for the same id and key, so lists from
different reports can be joined by whoever holds the key. Ids are shown unchanged only
with ``reveal=True`` or ``$INSIGHT_REVEAL_IDS=1`` (set by ``insight report --reveal-ids``).
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["pseudonymize", "revealed", "KEY_ENV", "REVEAL_ENV"]

KEY_ENV = "INSIGHT_ID_KEY"
KEY_FILE = Path.home() / ".config" / "insight" / "id_key"


def _id_key() -> bytes:
    """The pseudonymization key: ``$INSIGHT_ID_KEY``, else a generated key saved in KEY_FILE."""
    env = os.environ.get(KEY_ENV)
    if env:
        return env.encode()
    if not KEY_FILE.exists():
        import secrets

        KEY_FILE.parent.mkdir(parents=True, exist_ok=True)
        KEY_FILE.write_text(secrets.token_hex(32))
        KEY_FILE.chmod(0o600)
    return KEY_FILE.read_text().strip().encode()


REVEAL_ENV = "INSIGHT_REVEAL_IDS"


def revealed(reveal: bool | None) -> bool:
    """Whether customer ids are shown unchanged.

    Parameters
    ----------
    reveal : bool or None
        The caller's choice; ``None`` follows the environment variable ``$INSIGHT_REVEAL_IDS``.

    Returns
    -------
    bool
        ``bool(reveal)``, or, when ``reveal`` is ``None``, whether ``$INSIGHT_REVEAL_IDS`` is ``"1"``.
    """
    return os.environ.get(REVEAL_ENV) == "1" if reveal is None else bool(reveal)


def pseudonymize(ids, reveal: bool | None = None, prefix: str = "cust_"):
    """Replace customer ids by keyed hashes (HMAC-SHA256, first 12 hex digits).

    The same id and key always give the same pseudonym, so lists from different
    reports can be joined by whoever holds the key, but the ids cannot be read back.
    ``reveal=True`` returns the ids unchanged (for internal use, opt-in); the
    default follows ``$INSIGHT_REVEAL_IDS`` (set by ``insight report --reveal-ids``).

    The key is ``$INSIGHT_ID_KEY``, else a random key generated once and saved (readable by its owner only) in
    ``~/.config/insight/id_key``.

    Parameters
    ----------
    ids : pandas.Series, pandas.Index or array-like
        The customer ids; each is hashed as its text (``str(id)``).
    reveal : bool, optional
        ``True`` to return the ids unchanged, ``False`` to hash them; ``None`` follows :func:`revealed`.
    prefix : str, optional
        Put before each hash (default ``"cust_"``).

    Returns
    -------
    pandas.Series or pandas.Index
        The pseudonyms (``prefix`` + 12 hex digits), an Index when ``ids`` is one, else a Series with the index and
        name of ``ids``. When revealed, ``ids`` itself (as a Series if it was neither).

    Examples
    --------
    >>> import os
    >>> from unittest import mock
    >>> with mock.patch.dict(os.environ, {"INSIGHT_ID_KEY": "example key"}):
    ...     print(pseudonymize(["A17", "B02", "A17"], reveal=False).tolist())
    ['cust_270485303089', 'cust_d7055c058c2a', 'cust_270485303089']
    >>> pseudonymize(["A17"], reveal=True).tolist()
    ['A17']
    """
    import hashlib
    import hmac

    import pandas as pd

    s = pd.Series(ids) if not isinstance(ids, (pd.Series, pd.Index)) else ids
    if revealed(reveal):
        return s
    key = _id_key()
    out = [prefix + hmac.new(key, str(v).encode(), hashlib.sha256).hexdigest()[:12] for v in s]
    return pd.Index(out, name=s.name) if isinstance(s, pd.Index) else pd.Series(out, index=s.index, name=s.name)
