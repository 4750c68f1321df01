"""Text that people typed (open answers, maatwerkvragen, titles), shown as text and never as markup.

Use ``st.text`` for longer text. Where Streamlit only takes Markdown (headings, widget labels),
pass the text through :func:`plain` first.
"""

from __future__ import annotations

# Every character that Markdown, Streamlit's directives (":red[...]", ":material/x:") or HTML
# could give a meaning. CommonMark turns a backslash before ASCII punctuation into the character itself.
_SPECIAL = set("\\`*_{}[]()#+-.!|<>~$:=^&\"'")


def plain(text: str | None) -> str:
    """One line of typed text, safe to put into Markdown: whitespace folded, markup escaped."""
    folded = " ".join(str(text or "").split())
    return "".join("\\" + ch if ch in _SPECIAL else ch for ch in folded)
