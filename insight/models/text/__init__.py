"""Voice of the customer: free-text comments read offline, turned into counted themes and sentiment.

==============  ==============================================================
``normalize``   Persian and Latin-script normalization, language by script, stop words, personal data masked
``themes``      themes by TF-IDF + NMF (number by stability) or guided by seed words; counts, intervals, trend
``sentiment``   TF-IDF + logistic regression learnt from labelled comments, cross-validated AUC
``linked``      themes linked to who leaves: churn rate per theme against the rest, cost in customers, features
==============  ==============================================================

Models return numbers and ids; quotes are masked here (:func:`mask_personal`) and escaped by the report.
No model weights or data are downloaded at run time.
"""

from .linked import ThemeChurn, comment_themes, theme_churn, theme_features
from .normalize import (MASKS, Tokens, detect_language, mask_personal, normalize, normalize_text, stop_words,
                        text_column)
from .sentiment import Sentiment, SentimentModel, sentiment_scores
from .themes import MIN_DOCUMENTS, Themes, find_themes, merge_themes, most_stable, theme_sentiment, theme_stability

__all__ = ["MASKS", "Tokens", "detect_language", "mask_personal", "normalize", "normalize_text", "stop_words",
           "text_column", "Sentiment", "SentimentModel", "sentiment_scores", "MIN_DOCUMENTS", "Themes", "find_themes",
           "merge_themes", "most_stable", "theme_sentiment", "theme_stability", "ThemeChurn", "comment_themes",
           "theme_churn", "theme_features"]
