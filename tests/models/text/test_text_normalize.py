"""Normalization, language by script, stop words and masking of personal data."""

import pandas as pd
import pytest

from insight.exceptions import DataValidationError
from insight.models.text import Tokens, detect_language, mask_personal, normalize, normalize_text, stop_words
from insight.models.text.themes import _vectorize


@pytest.mark.parametrize("raw, expected", [
    ("كتاب خيلي خوبه", "کتاب خیلی خوبه"),            # Arabic kaf and yeh -> Persian
    ("قیمتش ۱۲۳ و ٤٥٦ تومان", "قیمتش 123 و 456 تومان"),  # Persian and Arabic-Indic digits
    ("مُحَمَّد", "محمد"),                               # diacritics
    ("سلامـــــت", "سلامت"),                           # tatweel
    ("بسته\u200cبندی", "بسته\u200cبندی"),              # ZWNJ in a compound: one word, kept as written
    ("بسته\u200fبندی", "بسته\u200cبندی"),              # a direction mark typed for the half-space
    ("بسته\u200bبندی", "بسته\u200cبندی"),              # a zero-width space typed for the half-space
    ("بسته¬بندی", "بسته\u200cبندی"),                   # the old layouts' half-space
    ("بسته\u200c\u200cبندی", "بسته\u200cبندی"),         # one half-space
    ("خوب\u200c \u200cبود\u200c.", "خوب بود."),          # a ZWNJ beside a space or punctuation is no half-space
])
def test_persian_spellings_become_one(raw, expected):
    assert normalize_text(raw, "fa") == expected


def test_zero_width_non_joiner_and_spaced_prefix_give_one_token():
    forms = ["می\u200cخواهم", "میخواهم", "می خواهم"]
    assert {normalize_text(f, "fa") for f in forms} == {"میخواهم"}
    assert normalize_text("نمی\u200cخوام", "fa") == normalize_text("نمی خوام", "fa") == "نمیخوام"
    assert normalize_text("کتاب\u200cها", "fa") == normalize_text("کتاب ها", "fa") == "کتابها"


def test_latin_text_is_lowercased_folded_and_masked():
    out = normalize_text("@united I can't believe it! Café &amp; http://t.co/xyz call 1-800-555-1234 or a@b.com",
                         "en")
    assert out == "_mention_ i cant believe it! cafe & _url_ call _phone_ or _email_"
    assert normalize_text("Schön", "de") == "schön"          # German keeps its umlaut
    assert normalize_text("flight 2015-02-24 at 10:30", "en") == "flight 2015-02-24 at 10:30"   # dates are not phones


def test_personal_data_is_masked_in_quotes():
    quotes = pd.Series(["call +98 912 345 6789 or ۰۹۱۲۳۴۵۶۷۸۹, mail a.b@c.ir", "card 6037-9911-2345-6789 ok",
                        "order 123456 on 2024-03-01", None], index=[10, 11, 12, 13])
    out = mask_personal(quotes)
    assert list(out.index) == [10, 11, 12, 13]
    assert out[10] == "call [phone] or [phone], mail [email]"
    assert out[11] == "card [card] ok"
    assert out[12] == "order [number] on 2024-03-01"
    assert out[13] == ""


def test_language_is_detected_by_script_and_stop_words():
    assert detect_language(["طعم خیلی خوبی داره", "قیمتش مناسبه"]) == "fa"
    assert detect_language(["the flight was late and the bag was lost"]) == "en"
    assert detect_language(["le vol était en retard et la valise est perdue"]) == "fr"
    assert detect_language(["der Flug war spät und das Gepäck ist weg"]) == "de"


def test_stop_words_are_normalized_and_the_user_adds_and_keeps():
    fa = stop_words("fa")
    assert "از" in fa and "طعم" not in fa
    assert not any("ي" in w or "ك" in w for w in fa)          # normalized like the text
    en = stop_words("en", add=["flight"], keep=["line"])
    assert "flight" in en and "line" not in en and "the" in en and "_url_" in en


def test_normalize_aligns_with_the_input_and_names_bad_rows():
    s = pd.Series(["Hello", None, "WORLD"], index=["a", "b", "c"])
    assert normalize(s, "en").tolist() == ["hello", "", "world"]
    with pytest.raises(DataValidationError, match=r"column 'comment': 1 of 3 rows are not text.*12.*'y'"):
        normalize(pd.Series(["a", 12, "b"], index=["x", "y", "z"]), "en", name="comment")
    with pytest.raises(DataValidationError, match="parameter 'language' == 'english'"):
        normalize(["a"], "english")


def test_what_an_export_blanked_out_is_no_word():
    """The CFPB narratives' redactions (XXXX, XX/XX/XXXX) once made a theme of their own, 'xx, xxxx'."""
    text = normalize_text("On XX/XX/XXXX I paid XXXX to the lender; my box is xxl and taxes extra", "en")
    assert text == "on _redacted_ i paid _redacted_ to the lender; my box is xxl and taxes extra"
    assert "_redacted_" in stop_words("en")


ZWNJ = "\u200c"


def persian_tokens(text: str, languages=("fa",)) -> list[str]:
    """The words of ``text`` as the themes count them: normalized, the stop words of ``languages`` out."""
    stop = set().union(*(stop_words(lang) for lang in languages))
    return Tokens(stop, ngrams=(1, 1))(normalize_text(text, "fa"))


@pytest.mark.parametrize("raw, expected", [
    # a new-user trial: a ZWNJ was read as a space, then the stop words "فوق", "بندی", "می" cut the words
    (f"محصول فوق{ZWNJ}العاده بود", ["محصول", f"فوق{ZWNJ}العاده"]),
    (f"بسته{ZWNJ}بندی خوب نبود", [f"بسته{ZWNJ}بندی", "نبود"]),
    (f"می{ZWNJ}خواهم این را بخرم", ["میخواهم", "بخرم"]),
    (f"نمی{ZWNJ}خواهم", ["نمیخواهم"]),
    (f"خوش{ZWNJ}طعم و تازه", [f"خوش{ZWNJ}طعم"]),
    (f"كيك{ZWNJ}ها خوشمزه{ZWNJ}ترين", ["کیکها", "خوشمزهترین"]),       # Arabic kaf/yeh, suffixes joined
    ("کیک ها خوشمزه ترین", ["کیکها", "خوشمزهترین"]),                   # the same typed with spaces
    ("بی کیفیت و بی‌مزه", ["بیکیفیت", "بیمزه"]),                       # "without" stays with its word
])
def test_a_word_written_with_a_half_space_is_one_token(raw, expected):
    assert persian_tokens(raw) == expected


def test_negation_survives_normalization_and_stop_words():
    """"support answered well" once sat under the theme "did not answer": the negated verb is its own token."""
    assert normalize_text("پشتیبانی جواب نداد", "fa") == "پشتیبانی جواب نداد"
    assert persian_tokens("پشتیبانی خیلی خوب جواب داد") == ["پشتیبانی", "جواب"]
    assert persian_tokens("پشتیبانی جواب نداد") == ["پشتیبانی", "جواب", "نداد"]
    assert persian_tokens("نمی خواهم و میخواهم") == ["نمیخواهم", "میخواهم"]
    assert persian_tokens("کیفیت نداشت و تازه نیست") == ["کیفیت", "نداشت", "نیست"]
    fa = stop_words("fa")
    assert {"نبود", "نیست", "ندارد", "نداشت", "نشده", "نمیشود"}.isdisjoint(fa) and "داد" in fa
    assert "نبود" in stop_words("fa", add=["نبود"])               # the user still decides


def test_english_stop_words_leave_a_persian_comment_that_mixes_in_english():
    assert persian_tokens("the box was broken ولی ارسال سریع بود") == ["box", "broken", "ارسال", "سریع"]
    fa = stop_words("fa")
    assert {"was", "the", "and"} <= set(fa) and "box" not in fa
    assert "was" not in stop_words("fa", keep=["was"])


def test_themes_vocabulary_keeps_half_space_words_whole():
    texts = pd.Series([f"بسته{ZWNJ}بندی فوق{ZWNJ}العاده بود", "بسته بندی فوق\u200fالعاده بود",
                       f"بسته{ZWNJ}بندی عالی، the box was fine", "ارسال دیر بود"] * 3)
    _, vec, _ = _vectorize(normalize(texts, "fa"), ["fa"], min_df=1)
    vocab = set(vec.get_feature_names_out())
    assert {f"بسته{ZWNJ}بندی", f"فوق{ZWNJ}العاده", "بسته", "box", "fine"} <= vocab   # "بسته بندی": two words
    assert not {"العاده", "was", "the"} & vocab
