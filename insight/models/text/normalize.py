"""Text that reads right: normalization, language by script, stop words, personal data masked.

Persian (and other Arabic-script text) is brought to one spelling before anything is counted:

* Arabic ``ي``/``ى`` and ``ك`` become Persian ``ی`` and ``ک``; ``ة`` becomes ``ه``, ``أ``/``إ``/``ٱ`` become ``ا``
  and ``ؤ`` becomes ``و`` (the spellings a search engine treats as one);
* Persian (``۰``-``۹``) and Arabic-Indic (``٠``-``٩``) digits become ASCII digits (for analysis only: quotes
  keep the writer's digits);
* diacritics (harakat, tanwin, superscript alef, hamza above) and the tatweel ``ـ`` are removed;
* the zero-width non-joiner (ZWNJ, U+200C, the half-space ``نیم‌فاصله``) keeps a word whole: ``فوق‌العاده``,
  ``بسته‌بندی`` and ``خوش‌طعم`` are one token each (as a space, it once cut them in two and the stop words ``فوق`` and
  ``بندی`` then left ``العاده`` and ``بسته``). The characters people type for it when their keyboard has none
  (U+200B zero-width space, U+200E/U+200F direction marks, ``¬`` of the old Persian layouts) become a ZWNJ when they
  stand between two Arabic-script letters; a ZWNJ anywhere else (next to a space, a digit or punctuation) is dropped,
  as are the other zero-width and direction marks (U+200D, U+202A-U+202E, U+2066-U+2069, U+FEFF). The ZWNJ is kept
  inside the token rather than dropped because a Persian reader sees ``بستهبندی`` (letters joined) as misspelt:
  theme labels keep the word as it is written. Where all three spellings of one word are common -- after the verb
  prefix ``می``/``نمی`` and the privative prefix ``بی`` ("without": ``بی کیفیت`` must not read as ``کیفیت``), before
  the suffixes ``ها``/``های``/``هایی`` (and their possessives) and ``تر``/``تری``/``ترین`` -- a ZWNJ, a space and
  nothing at all, the form without a separator is the one that cannot be told from another word (``میز`` "table",
  ``تنها`` "alone"), so the other two are joined to it: ``می‌خواهم``, ``می خواهم`` and ``میخواهم`` are one token, as
  are ``کتاب‌ها``/``کتاب ها``/``کتابها`` and ``سرد‌تر``/``سرد تر``/``سردتر`` (a lone ``تر``, "wet", is rare in
  comments). A compound typed with a plain space (``بسته بندی``) stays two words (and one bigram): nothing tells it
  from two words.
  The negative prefix ``ن``/``نمی`` is never removed: ``نداد`` and ``داد`` stay two tokens, and the negated verbs
  of the Persian stop list (:data:`PERSIAN_NEGATIONS`: ``نبود``, ``نیست``, ``ندارد``...) are not stop words.

Latin-script text is lowercased (``casefold``), its apostrophes inside words dropped (``can't`` -> ``cant``), HTML
entities read (``&amp;``), and accents folded (``café`` -> ``cafe``) for the languages where that merges spellings
of one word rather than different words (:data:`FOLD_ACCENTS`; not German or Turkish, where ``schon``/``schön`` and
``i``/``ı`` differ). In every script, URLs, e-mail addresses, @mentions and phone numbers become the tokens
:data:`MASKS` (``_url_``, ``_email_``, ``_mention_``, ``_phone_``), and what an export blanked out (the CFPB's
``XXXX``, ``XX/XX/XXXX``) becomes ``_redacted_``, so they count as what they are and are never shown.

Stop words come from ``stopwordsiso`` (the Python packaging of the stopwords-iso collection, MIT, no dependencies,
one JSON file): it is maintained, covers Persian and English and 56 more languages by ISO 639-1 code, so a third
language needs no new dependency; language-specific packages (``persian-stopwords``, NLTK's corpus download) cover
one language or need a download at run time. The lists are normalized like the text, and a user adds (``add``)
or keeps (``keep``) words. The list of an Arabic-script language also holds the English stop words: English words in
a Persian comment (``the box was broken``) are English, and a Latin-script word cannot be a Persian word, so nothing
Persian is lost.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

import numpy as np
import pandas as pd

from ...exceptions import DataValidationError
from ...parsers import ASCII_DIGITS, PERSIAN_LETTERS
from ...validate import check_param

__all__ = ["normalize", "normalize_text", "detect_language", "comment_languages", "stop_words", "mask_personal",
           "text_column", "Tokens", "STEMMERS", "MASKS", "FOLD_ACCENTS", "ARABIC_SCRIPT", "PERSIAN_NEGATIONS"]

#: languages written in Arabic script (normalized by the Persian rules)
ARABIC_SCRIPT = ("fa", "ar", "ur", "ku")
#: Latin-script languages whose accents are folded (a folded word is the same word)
FOLD_ACCENTS = frozenset({"en", "fr", "es", "pt", "it", "ca", "nl", "id", "ms", "tl", "ga", "gl", "eu", "la"})
#: negated verbs of the Persian stop list, kept as words: ``کیفیت نداشت`` ("had no quality") must not read as ``کیفیت``
PERSIAN_NEGATIONS = frozenset({
    "نباید", "نبود", "نخواهد", "نخواهم", "نخواهند", "نخواهی", "نخواهید", "نخواهیم", "ندارد",
    "ندارم", "ندارند", "نداری", "ندارید", "نداریم", "نداشت", "نداشتم", "نداشتند", "نداشته",
    "نداشتی", "نداشتید", "نداشتیم", "نشده", "نمیشود", "نکرده", "نیست",
})
#: the tokens that replace personal data and links
MASKS = ("_url_", "_email_", "_mention_", "_phone_", "_redacted_")

_ARABIC_TO_PERSIAN = str.maketrans({
    **PERSIAN_LETTERS, "ئ": "ی", "ة": "ه", "ۀ": "ه", "أ": "ا", "إ": "ا", "ٱ": "ا", "ؤ": "و", **ASCII_DIGITS,
    "٫": ".", "٬": ",",
})
#: digits only, one character for one, so that masks found on the ASCII text apply to the original
_ASCII_DIGITS = str.maketrans(ASCII_DIGITS)
# harakat and tanwin U+064B-U+065F, superscript alef U+0670, tatweel U+0640, Quranic marks U+06D6-U+06ED
_DIACRITICS = re.compile("[\u064B-\u065F\u0670\u0640\u06D6-\u06ED]")
_ZERO_WIDTH = re.compile("[\u200B\u200D\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]")
# an Arabic-script letter (not a digit, punctuation or diacritic)
_AL = "\u0620-\u064A\u066E-\u066F\u0671-\u06D3\u06D5\u06EE-\u06EF\u06FA-\u06FC\u06FF"
#: what people type for the half-space, between two letters: ZWNJ, zero-width space, direction marks, the old "¬"
_HALF_SPACE = re.compile(f"(?<=[{_AL}])[\u200B\u200C\u200E\u200F\u00AC]+(?=[{_AL}])")
_STRAY_ZWNJ = re.compile(f"(?<![{_AL}])\u200C|\u200C(?![{_AL}])")
_PREFIX = re.compile(f"(?<![^\\s])(ن?می|بی)[ \u200C]+(?=[{_AL}])")
_SUFFIX = re.compile(f"(?<=[{_AL}])[ \u200C]+(ها|های|هایی|هایم|هایت|هایش|هایمان|هایتان|هایشان|هاش|هامون|هاتون|هاشون"
                     f"|تر|تری|ترین)(?![{_AL}\u200C])")
_ARABIC_LETTER = re.compile("[\u0620-\u064A\u066E-\u06D3\u06FA-\u06FF]")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00C0-\u024F]")

_URL = re.compile(r"(?:https?://|www\.)\S+", re.I)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_MENTION = re.compile(r"(?<!\w)@\w+")
# a phone number: 7-15 digits, optionally led by + and split by spaces, dots, dashes or brackets
_PHONE = re.compile(r"(?<![\w+])\+?\(?\d[\d\s().\-]{5,}\d(?!\w)")
_CARD = re.compile(r"(?<![\w+])\d(?:[ \-]?\d){12,18}(?!\w)")
_DATE = re.compile(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}")
_LONG_DIGITS = re.compile(r"\d{6,}")
_APOSTROPHE = re.compile(r"(?<=\w)['’](?=\w)")
_SPACES = re.compile(r"\s+")
#: what an export blanked out (the CFPB's XXXX, XX/XX/XXXX): not a word customers wrote
_REDACTED = re.compile(r"(?<!\w)[Xx]{2,}(?:[/\-.][Xx]{2,})*(?!\w)")


def _digits(text: str) -> str:
    return text.translate(_ASCII_DIGITS)


def _mask(text: str) -> str:
    text = _URL.sub(" _url_ ", text)
    text = _EMAIL.sub(" _email_ ", text)
    text = _MENTION.sub(" _mention_ ", text)
    text = _REDACTED.sub(" _redacted_ ", text)
    return _PHONE.sub(lambda m: " _phone_ " if _is_phone(m.group()) else m.group(), text)


def _is_phone(match: str) -> bool:
    """7 or more digits that are not a date (``2024-03-01``, ``1/3/2024``)."""
    return sum(c.isdigit() for c in match) >= 7 and not _DATE.fullmatch(match.strip())


def _half_spaces(text: str) -> str:
    """One ZWNJ for any half-space typed between two Arabic-script letters; no ZWNJ elsewhere, no other zero-width or
    direction mark anywhere."""
    return _STRAY_ZWNJ.sub("", _ZERO_WIDTH.sub("", _HALF_SPACE.sub("\u200C", text)))


def normalize_text(text: str, language: str = "en", *, mask: bool = True) -> str:
    """One text normalized for analysis by the rules of its ``language`` (module docstring).

    Parameters
    ----------
    text : str
        The text, as written.
    language : str, default "en"
        ISO 639-1 code of its language: Arabic-script languages (:data:`ARABIC_SCRIPT`) take the Persian rules,
        the languages of :data:`FOLD_ACCENTS` also lose their accents.
    mask : bool, default True
        Replace URLs, e-mail addresses, @mentions, phone numbers and redactions by the tokens of :data:`MASKS`.

    Returns
    -------
    str
        The normalized text: casefolded, ASCII digits, one space between words.

    See Also
    --------
    normalize : The same for a column of texts.

    Examples
    --------
    >>> normalize_text("Can't wait: see https://x.io &amp; café!")
    'cant wait: see _url_ & cafe!'
    >>> normalize_text("كتاب‌ها ۱۲", "fa")
    'کتابها 12'
    >>> normalize_text("بسته\u200cبندی فوق\u200cالعاده", "fa") == "بسته\u200cبندی فوق\u200cالعاده"
    True
    """
    text = _digits(html.unescape(text))
    if mask:
        text = _mask(text)
    if language in ARABIC_SCRIPT:
        text = _DIACRITICS.sub("", unicodedata.normalize("NFC", text).translate(_ARABIC_TO_PERSIAN))
        text = _SUFFIX.sub(r"\1", _PREFIX.sub(r"\1", _half_spaces(text)))
    else:
        text = _half_spaces(text)
    text = _APOSTROPHE.sub("", text.casefold())
    if language in FOLD_ACCENTS:
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return _SPACES.sub(" ", text).strip()


def text_column(texts, name: str = "texts") -> pd.Series:
    """``texts`` (a Series or a list of strings) as a Series of str; missing values become ''.

    Parameters
    ----------
    texts : pandas.Series, list of str or str
        The texts; a single string is a column of one text. Missing values (None, NaN) are allowed.
    name : str, default "texts"
        Name of the column, used in the error message.

    Returns
    -------
    pandas.Series
        The texts as str, with the index of ``texts`` when it is a Series (else 0..n-1).

    Raises
    ------
    insight.exceptions.DataValidationError
        When an entry is neither text nor missing; the message names ``name``, the count and an example.

    Examples
    --------
    >>> text_column(["a", None, "b"]).tolist()
    ['a', '', 'b']
    """
    s = texts if isinstance(texts, pd.Series) else pd.Series(list(texts) if not isinstance(texts, str) else [texts])
    isna = s.isna().to_numpy()
    bad = ~isna & ~s.map(lambda v: isinstance(v, str)).to_numpy()
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise DataValidationError(f"column {name!r}: {int(bad.sum()):,} of {len(s):,} rows are not text (expected "
                                  f"str or missing); e.g. {s.iloc[i]!r} at row {s.index[i]!r}.")
    return s.where(~isna, "").astype(str)


def detect_language(texts, *, sample: int = 2000, seed: int = 0) -> str:
    """The language of a text column, as an ISO 639-1 code.

    By script: when most letters (of up to ``sample`` texts) are Arabic script the column is Persian (``"fa"``),
    or Arabic (``"ar"``) when the Persian letters پ چ ژ گ never occur but Arabic ة/ى do. Otherwise, among the
    Latin-script languages of ``stopwordsiso``, the one whose stop words make up the largest share of the words
    (English on a tie or when there are no words).

    Parameters
    ----------
    texts : pandas.Series or list of str
        The text column (missing values allowed).
    sample : int, default 2000
        Largest number of texts read; a longer column is sampled at random.
    seed : int, default 0
        Seed of that sample.

    Returns
    -------
    str
        The ISO 639-1 code, e.g. ``"fa"`` or ``"en"``.

    See Also
    --------
    comment_languages : The language of each comment of a column that mixes scripts.

    Examples
    --------
    >>> detect_language(["the parcel was late and the box was broken", "great service"])
    'en'
    >>> detect_language(["بسته‌بندی خوب بود", "کیفیت عالی"])
    'fa'
    """
    s = text_column(texts)
    check_param("sample", sample, int, min_val=1)
    if len(s) > sample:
        s = s.sample(sample, random_state=seed)
    joined = " ".join(s)
    arabic, latin = len(_ARABIC_LETTER.findall(joined)), len(_LATIN_LETTER.findall(joined))
    if arabic > latin:
        persian = len(re.findall("[پچژگ]", joined))
        return "ar" if persian == 0 and re.search("[ةى]", joined) else "fa"
    words = re.findall(r"[^\W\d_]+", _APOSTROPHE.sub("", joined.casefold()))
    if not words:
        return "en"
    counts = pd.Series(words).value_counts()
    best, best_share = "en", -1.0
    for lang in _latin_stop_languages():
        share = counts[counts.index.isin(_raw_stop_words(lang))].sum() / counts.sum()
        if share > best_share + 1e-12:
            best, best_share = lang, share
    return best


def comment_languages(texts, language: str | None = None, *, min_share: float = 0.05) -> pd.Series:
    """The language of each comment of a column that may mix scripts (a shop's comments in Persian and English).

    ``language`` given: every comment is in it. Otherwise a comment with more Arabic-script than Latin letters takes
    the language :func:`detect_language` finds for all such comments, any other the language found for the rest;
    when one script holds less than ``min_share`` of the comments with letters, the whole column takes the language
    of the other (a few foreign names in a Persian column are not an English part).

    Parameters
    ----------
    texts : pandas.Series or list of str
        The comments (missing values allowed).
    language : str, optional
        ISO 639-1 code that every comment is in; None (default) detects it per script.
    min_share : float, default 0.05
        Smallest share (0-1) of the comments with letters that one script must hold to keep its own language.

    Returns
    -------
    pandas.Series
        Each comment's ISO 639-1 code, named ``language``, indexed like ``texts``.

    Examples
    --------
    >>> comment_languages(["کیفیت عالی بود", "the box was broken", "ارسال دیر بود"]).tolist()
    ['fa', 'en', 'fa']
    """
    s = text_column(texts)
    check_param("min_share", min_share, float, min_val=0, max_val=1)
    if language is not None:
        return pd.Series(_language(language), index=s.index, name="language")
    arabic = s.str.count(_ARABIC_LETTER.pattern).to_numpy()
    latin = s.str.count(_LATIN_LETTER.pattern).to_numpy()
    is_arabic = arabic > latin
    letters = (arabic + latin) > 0
    n = max(1, int(letters.sum()))
    if min((is_arabic & letters).sum(), (~is_arabic & letters).sum()) < min_share * n:
        return pd.Series(detect_language(s), index=s.index, name="language")
    out = np.where(is_arabic, detect_language(s[is_arabic]), detect_language(s[~is_arabic]))
    return pd.Series(out, index=s.index, name="language")


@lru_cache(maxsize=None)
def _raw_stop_words(language: str) -> frozenset[str]:
    import stopwordsiso

    return frozenset(stopwordsiso.stopwords(language))


@lru_cache(maxsize=1)
def _latin_stop_languages() -> tuple[str, ...]:
    import stopwordsiso

    out = ["en"]
    for lang in sorted(stopwordsiso.langs()):
        words = " ".join(_raw_stop_words(lang))
        if lang != "en" and len(_LATIN_LETTER.findall(words)) > 0.8 * max(1, len(re.findall(r"[^\W\d_]", words))):
            out.append(lang)
    return tuple(out)


def stop_words(language: str, *, add=(), keep=()) -> list[str]:
    """The stop words of ``language`` (ISO 639-1) from ``stopwordsiso``, normalized like the text, plus ``add`` and
    the mask tokens, less ``keep``; sorted. An unknown language gives only ``add`` and the masks.

    Parameters
    ----------
    language : str
        ISO 639-1 code, e.g. ``"fa"`` or ``"en"``.
    add : str or iterable of str, default ()
        Words to add to the list (normalized like the text).
    keep : str or iterable of str, default ()
        Words to take off the list, e.g. ``"not"`` when negation matters.

    Returns
    -------
    list of str
        The stop words, sorted, without empty strings.

    Examples
    --------
    >>> words = stop_words("en", add=["parcel"], keep=["not"])
    >>> "parcel" in words, "not" in words, "_url_" in words
    (True, False, True)
    """
    import stopwordsiso

    check_param("language", language, str)
    add, keep = word_list("add", add), word_list("keep", keep)
    base = set(stopwordsiso.stopwords(language)) if stopwordsiso.has_lang(language) else set()
    if language in ARABIC_SCRIPT:   # English words in a Persian comment: Latin script, no Persian word among them
        base |= _raw_stop_words("en")
    words = {normalize_text(w, language, mask=False) for w in base}
    if language == "fa":
        words -= {normalize_text(w, language, mask=False) for w in PERSIAN_NEGATIONS}
    words |= {normalize_text(w, language, mask=False) for w in add} | set(MASKS)
    words -= {normalize_text(w, language, mask=False) for w in keep}
    return sorted(w for w in words if w)


def word_list(name: str, words) -> list[str]:
    """``words`` (one word or several) as a list of text, refused with the parameter ``name`` when one is not text."""
    if isinstance(words, str):
        words = [words]
    words = list(words)
    bad = [w for w in words if not isinstance(w, str)]
    if bad:
        raise DataValidationError(f"parameter {name!r}: {len(bad)} of {len(words)} entries are not text; "
                                  f"e.g. {bad[0]!r}.")
    return words


def normalize(texts, language=None, *, mask: bool = True, name: str = "texts") -> pd.Series:
    """A text column normalized for analysis (module docstring); ``language`` is detected when not given.

    Returns a Series of str aligned with ``texts`` (missing texts become ''); the language used is
    ``detect_language(texts)`` when ``language`` is None. ``language`` may also be a Series with each comment's
    language (:func:`comment_languages`), for a column that mixes languages.

    Parameters
    ----------
    texts : pandas.Series or list of str
        The text column (missing values allowed).
    language : str or pandas.Series, optional
        ISO 639-1 code of the texts, or one code per text (a Series indexed like ``texts``); None (default):
        detected by :func:`detect_language`.
    mask : bool, default True
        Replace links and personal data by the tokens of :data:`MASKS`.
    name : str, default "texts"
        Name of the column, used in error messages.

    Returns
    -------
    pandas.Series
        The normalized texts (str), indexed like ``texts``.

    Raises
    ------
    insight.exceptions.DataValidationError
        When an entry is neither text nor missing, ``language`` is not a two-letter code, or a ``language``
        Series is not indexed like ``texts``.

    See Also
    --------
    normalize_text : The rules, for one text.

    Examples
    --------
    >>> normalize(["Great SERVICE!", None, "Call me: +1 555 123 4567"], "en").tolist()
    ['great service!', '', 'call me: _phone_']
    """
    s = text_column(texts, name)
    if isinstance(language, pd.Series):
        if not language.index.equals(s.index):
            raise DataValidationError(f"parameter 'language': a Series of {len(language):,} languages whose index "
                                      f"differs from the {len(s):,} texts'; give one language per text.")
        return pd.Series([normalize_text(t, lang, mask=mask) for t, lang in zip(s, language)], index=s.index,
                         dtype=object)
    language = detect_language(s) if language is None else _language(language)
    return s.map(lambda t: normalize_text(t, language, mask=mask))


def _language(language) -> str:
    check_param("language", language, str)
    if not re.fullmatch(r"[a-z]{2}", language):
        raise DataValidationError(f"parameter 'language' == {language!r}, must be an ISO 639-1 code such as 'fa' "
                                  "or 'en'.")
    return language


def mask_personal(texts, name: str = "texts") -> pd.Series:
    """Quotes with personal data masked: e-mail addresses ``[email]``, card-like numbers (13-19 digits, spaces or
    dashes allowed, not led by +) ``[card]``, phone numbers (7 or more digits) ``[phone]``, other runs of 6 or more
    digits ``[number]``, in ASCII, Persian or Arabic-Indic digits. The writer's words and script are otherwise
    unchanged (escaping for HTML is the report's job).

    Parameters
    ----------
    texts : pandas.Series or list of str
        The quotes (missing values become '').
    name : str, default "texts"
        Name of the column, used in error messages.

    Returns
    -------
    pandas.Series
        The quotes with personal data masked, indexed like ``texts``.

    Examples
    --------
    >>> mask_personal(["Mail me at a.b@x.com or call 0912 345 6789", "order 1234567890123"]).tolist()
    ['Mail me at [email] or call [phone]', 'order [card]']
    """
    s = text_column(texts, name)

    def one(text: str) -> str:
        if not text:
            return text
        d = _digits(text)   # same length as text: masks found on ASCII digits apply to the original
        spans = []
        for pattern, token, ok in ((_EMAIL, "[email]", None), (_CARD, "[card]", None), (_PHONE, "[phone]", _is_phone),
                                   (_LONG_DIGITS, "[number]", None)):
            for m in pattern.finditer(d):
                if (ok is None or ok(m.group())) and not any(
                        a < m.end() and m.start() < b for a, b, _ in spans):
                    spans.append((m.start(), m.end(), token))
        for a, b, token in sorted(spans, reverse=True):
            text = text[:a] + token + text[b:]
        return text

    return s.map(one)


#: Snowball stemmers used by :class:`Tokens` (``snowballstemmer``, BSD-3); Persian is left out on purpose: its
#: Snowball stemmer leaves the colloquial pronoun endings (``طعمش``) and cuts ``کیفیت`` to ``کیف`` ("bag")
STEMMERS = {"en": "english", "fr": "french", "de": "german", "es": "spanish", "it": "italian", "pt": "portuguese",
            "nl": "dutch", "sv": "swedish", "da": "danish", "no": "norwegian", "fi": "finnish", "ru": "russian",
            "tr": "turkish", "ro": "romanian", "hu": "hungarian", "id": "indonesian", "ca": "catalan",
            "ar": "arabic", "el": "greek", "lt": "lithuanian", "eu": "basque", "ga": "irish", "cs": "czech",
            "pl": "polish", "et": "estonian", "hy": "armenian", "hi": "hindi"}
#: a word: letters and digits, a ZWNJ inside it (``بسته‌بندی``) keeping it whole; it is counted when it has a letter
_WORD = re.compile(r"(?u)\w+(?:\u200C\w+)*")
_LETTER = re.compile(r"(?u)[^\W\d_]")


class Tokens:
    """The analyzer of normalized text for scikit-learn's vectorizers: words of two or more characters with a letter,
    stop words out, stemmed where a stemmer is wanted, then the n-grams of the remaining words (``ngrams=(1, 2)``:
    words and bigrams). A stemmed term is shown by its most frequent word (:meth:`surface`).

    Parameters
    ----------
    stop : iterable of str, default ()
        Stop words to drop (already normalized, e.g. from :func:`stop_words`).
    stemmer : str, optional
        Name of a ``snowballstemmer`` stemmer (a value of :data:`STEMMERS`, e.g. ``"english"``); None: no stemming.
    ngrams : tuple of (int, int), default (1, 2)
        Smallest and largest number of words in a term.

    Examples
    --------
    >>> tokens = Tokens(stop={"the"}, stemmer="english")
    >>> tokens("the boxes were broken")
    ['box', 'were', 'broken', 'box were', 'were broken']
    >>> tokens.surface()["box"]
    'boxes'
    """

    def __init__(self, stop=(), stemmer: str | None = None, ngrams: tuple[int, int] = (1, 2)):
        self.stop, self.stemmer, self.ngrams = frozenset(stop), stemmer, ngrams
        self._stems: dict[str, str] = {}
        self._seen: dict[str, int] = {}

    def words(self, text: str) -> list[str]:
        """The words of one normalized text: two or more characters with a letter, stop words out, stemmed.

        Parameters
        ----------
        text : str
            A normalized text (:func:`normalize_text`).

        Returns
        -------
        list of str
            The words (stems with a stemmer) in their order; each is also counted for :meth:`surface`.
        """
        words = [w for w in _WORD.findall(text) if len(w) > 1 and w not in self.stop and _LETTER.search(w)]
        if self.stemmer is None:
            return words
        out = []
        for w in words:
            s = self._stems.get(w)
            if s is None:
                s = self._stems[w] = self._stem(w)
            self._seen[w] = self._seen.get(w, 0) + 1
            out.append(s)
        return out

    def _stem(self, word: str) -> str:
        if not hasattr(self, "_snowball"):
            import snowballstemmer

            self._snowball = snowballstemmer.stemmer(self.stemmer)
        return self._snowball.stemWord(word)

    def __call__(self, text: str) -> list[str]:
        words = self.words(text)
        lo, hi = self.ngrams
        out = words if lo == 1 else []
        for n in range(max(lo, 2), hi + 1):
            out += [" ".join(words[i:i + n]) for i in range(len(words) - n + 1)]
        return out

    def surface(self) -> dict[str, str]:
        """Each stem's most frequent word in the texts analysed so far (empty without a stemmer).

        Returns
        -------
        dict of str to str
            Stem -> the word it was most often cut from.
        """
        best: dict[str, tuple[int, str]] = {}
        for w, n in self._seen.items():
            s = self._stems[w]
            if n > best.get(s, (0, ""))[0]:
                best[s] = (n, w)
        return {s: w for s, (n, w) in best.items()}

    def __getstate__(self):
        return {k: v for k, v in self.__dict__.items() if k != "_snowball"}
