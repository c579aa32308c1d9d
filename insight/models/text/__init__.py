"""Voice of the customer: free-text comments read offline, turned into counted themes and sentiment.

==============  ==============================================================
``normalize``   Persian and Latin-script normalization, language by script, stop words, personal data masked
``themes``      themes by TF-IDF + NMF (number by stability) or guided by seed words; counts, intervals, trend
``sentiment``   TF-IDF + logistic regression learnt from a rating or the bundled labelled comments, cross-validated AUC
``linked``      themes linked to who leaves and what they are worth: cost in customers, value, whom to tell
==============  ==============================================================

Models return numbers and ids; quotes are masked here (:func:`mask_personal`) and escaped by the report.
No model weights or data are downloaded at run time.
"""

from .linked import (ThemeChurn, ThemeContacts, comment_themes, theme_churn, theme_contacts, theme_features,
                     theme_value)
from .normalize import (MASKS, Tokens, comment_languages, detect_language, mask_personal, normalize, normalize_text,
                        stop_words, text_column)
from .sentiment import (BUNDLED_SENTIMENT, Sentiment, SentimentModel, bundled_labels, bundled_sentiment,
                        comment_sentiment, rating_cuts, rating_labels, sentiment_scores)
from .theme_scores import theme_scores, theme_sentiment
from .themes import MIN_DOCUMENTS, Themes, find_themes, merge_themes, most_stable, theme_stability

__all__ = ["MASKS", "Tokens", "comment_languages", "detect_language", "mask_personal", "normalize", "normalize_text",
           "stop_words", "text_column", "Sentiment", "SentimentModel", "sentiment_scores", "BUNDLED_SENTIMENT",
           "bundled_labels", "bundled_sentiment", "comment_sentiment", "rating_labels", "rating_cuts", "MIN_DOCUMENTS",
           "Themes", "find_themes", "merge_themes", "most_stable", "theme_scores", "theme_sentiment", "theme_stability",
           "ThemeChurn",
           "comment_themes", "theme_churn", "theme_features", "ThemeContacts", "theme_contacts", "theme_value"]
