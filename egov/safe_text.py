"""Values from data files shown as text, never as markup (docs/SECURITY.md, "Data values on screen").

A roadshow title, an agency name, a free-text issue or a typed search term can hold `![x](http://host/)`,
`[text](url)`, `<a href=...>` or `<span style="font-size:90px">`. Streamlit renders markdown in st.markdown,
st.caption, headers, st.info/warning/error/success, metric labels, tab and expander labels and widget
labels; plotly renders a subset of HTML (<a href>, <span style>, <b>, <br>) in every label, tick, legend
entry and hover text. So a value is passed through one of these before it reaches such an element:

- md(v): any markdown-rendering Streamlit element. Every ASCII punctuation character is backslash-escaped
  (CommonMark renders a backslash-escaped punctuation character as itself, so the text reads the same),
  which covers links, images, emphasis, HTML, Streamlit's `:color[...]` / `:material/...:` directives and
  `$...$` LaTeX. GitHub-style autolinks (http://..., www...., name@host) are found in the text after the
  escapes are read, so an invisible WORD JOINER (U+2060) is put after `http`/`https`, `www` and `@` where
  they would start one. Line breaks become spaces.
- html(v): text placed inside HTML given to st.markdown(..., unsafe_allow_html=True) or st.html: entities
  for & < > " ', and line breaks as spaces (a blank line would end the HTML block and let the rest be read
  as markdown).
- plot(v) / plot_all(values): plotly text (labels, category values, ticks, legend names, hover text,
  customdata shown by a hovertemplate): & < > as entities, which plotly draws as the characters.
"""

from __future__ import annotations

import html as _html
import re
import string
from collections.abc import Iterable

WORD_JOINER = "\u2060"
_ESCAPES = str.maketrans({c: "\\" + c for c in string.punctuation})  # every ASCII punctuation character
_BREAKS = re.compile(r"[\r\n\v\f\x85\u2028\u2029]+")
_AUTOLINK = re.compile(r"(?i)https?(?=:)|www(?=\.)|@")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value != value:  # NaN
        return ""
    return str(value)


def md(value) -> str:
    """value as literal text in a Streamlit element that renders markdown."""
    text = _AUTOLINK.sub(lambda m: m[0] + WORD_JOINER, _BREAKS.sub(" ", _text(value)))
    return text.translate(_ESCAPES)


def html(value) -> str:
    """value as literal text inside HTML rendered by Streamlit (unsafe_allow_html / st.html)."""
    return _html.escape(_BREAKS.sub(" ", _text(value)), quote=True)


def plot(value):
    """A string as literal text in a plotly figure; anything else (a number, a date, None) unchanged."""
    return _html.escape(value, quote=False) if isinstance(value, str) else value


def plot_all(values: Iterable) -> list:
    """plot() of every value, as a list (for x / y / text / hovertext arrays)."""
    return [plot(v) for v in values]
