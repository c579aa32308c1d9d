"""Charts in Persian (issue 28): matplotlib (3.11 shapes complex scripts itself) draws a Persian title in the bundled
Vazirmatn font as a reference shaper (Pillow with raqm) does, not as the reversed text that the old
reshaper + bidi pre-processing gives; tick labels use Persian digits."""

from importlib import resources

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

TITLE = "ریزش مشتری به تفکیک موضوع"


def _ink(gray: np.ndarray) -> np.ndarray:
    from PIL import Image

    a = gray < 128
    ys, xs = np.nonzero(a)
    a = a[ys.min():ys.max() + 1, xs.min():xs.max() + 1]
    return np.asarray(Image.fromarray((a * 255).astype(np.uint8)).resize((400, 40), Image.BILINEAR), float) / 255


def test_a_persian_title_is_shaped_as_a_reference_shaper_draws_it():
    from PIL import Image, ImageDraw, ImageFont, features

    import matplotlib.pyplot as plt

    from insight.plots import style

    if not features.check("raqm"):
        pytest.skip("Pillow was built without raqm, the reference shaper")
    with style("fa"):
        fig = plt.figure(figsize=(8, 1.2), dpi=100)
        fig.text(0.5, 0.5, TITLE, ha="center", va="center", fontsize=24)
        fig.canvas.draw()
        drawn = _ink(np.asarray(fig.canvas.buffer_rgba())[..., 0])
        plt.close(fig)
    path = str(resources.files("insight").joinpath("fonts", "Vazirmatn-Regular.ttf"))
    font = ImageFont.truetype(path, size=33, layout_engine=ImageFont.Layout.RAQM)

    def reference(text, direction):
        img = Image.new("L", (900, 120), 255)
        ImageDraw.Draw(img).text((20, 20), text, font=font, fill=0, direction=direction, language="fa")
        return _ink(np.asarray(img))

    def corr(a, b):
        return float(np.corrcoef(a.ravel(), b.ravel())[0, 1])

    right, reversed_ = corr(drawn, reference(TITLE, "rtl")), corr(drawn, reference(TITLE[::-1], "ltr"))
    assert right >= 0.7 and right > reversed_ + 0.3, (right, reversed_)          # measured 0.81 against 0.22


def test_persian_tick_labels_use_persian_digits():
    import matplotlib.pyplot as plt

    from insight.plots import plot_theme_costs
    from insight.style import Style
    import pandas as pd

    t = pd.DataFrame({"cost_customers": [12.0, -4.0], "cost_low": [5.0, -9.0], "cost_high": [20.0, 1.0]},
                     index=["تاخیر", "قیمت"])
    ax = plot_theme_costs(t, style=Style(language="fa"))
    ax.figure.canvas.draw()
    ticks = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert ticks and all(not any(c.isascii() and c.isdigit() for c in s) for s in ticks), ticks
    assert ax.figure.insight_language == "fa" and ax.get_title() == Style(language="fa").say("plot.feedback.cost_title")
    plt.close(ax.figure)
