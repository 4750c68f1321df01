"""The bare page: the participant's widgets in plain Streamlit, without the app and without a database.

`tools/server_bench.py` drives this page with the same participants and the same clicks as the real
Meedoen page, so that what the app costs per click can be read against what Streamlit itself costs.
It has the app's screens and nothing else:

- "Wie bent u? Kies uw groep." (a radio with the four groups) and a "Beginnen" button, which reruns
  once more (as the app's does);
- a start screen with "Start de vragenlijst";
- screens 1 to N-1 ("Stap i van N" above them), each with six statements, each statement answer
  pills with the Quick Scan's 5+1 options (st.pills), and a "Volgende" button;
- screen N with a "Versturen" button, then "Bedankt!".

N comes from the address (`?stappen=13`, the number of steps of the real round for the participant's
group). The answers stay in the session; nothing is stored.

    streamlit run tools/bare_page.py
"""

from __future__ import annotations

import gc
import os

import streamlit as st

#: The Quick Scan's agree scale and its "weet niet", as the app shows them.
OPTIONS: list[int | str] = [1, 2, 3, 4, 5, "dk"]
LABELS: dict[int | str, str] = {
    1: "Helemaal oneens",
    2: "Oneens",
    3: "Neutraal",
    4: "Eens",
    5: "Helemaal eens",
    "dk": "Weet niet / n.v.t.",
}
GROUPS = {
    "raad": "Raad",
    "college": "College",
    "organisatie": "Ambtelijke organisatie",
    "inwoners": "Inwoners",
}
STATEMENTS_PER_SCREEN = 6


def _go(step: int) -> None:
    st.session_state.step = step


def _send() -> None:
    st.session_state.sent = True


def _choose_group() -> None:
    st.subheader("Kies uw groep")
    choice = st.radio("Wie bent u? Kies uw groep.", list(GROUPS), index=None, format_func=GROUPS.get)
    if st.button("Beginnen", type="primary"):
        if choice is None:
            st.error("Kies eerst uw groep.")
            return
        st.session_state.group = choice
        st.session_state.step = 0
        st.rerun()


def _screen(step: int, total: int) -> None:
    st.progress(step / total, text=f"Stap {step} van {total}")
    st.subheader(f"Thema {step}")
    answers = st.session_state.setdefault("answers", {})
    for number in range(1, STATEMENTS_PER_SCREEN + 1):
        key = f"s{step}_{number}"
        with st.container(border=True):
            st.markdown(f"**{number}.** Stelling {number} van stap {step}.")
            answers[key] = st.pills(
                key, OPTIONS, format_func=LABELS.get, key=key, label_visibility="collapsed"
            )
    st.button("Volgende", type="primary", on_click=_go, args=(step + 1,))


def main() -> None:
    st.set_page_config(page_title="Bare page", layout="wide")
    try:
        total = max(2, int(st.query_params.get("stappen", "13")))
    except ValueError:
        total = 13
    if st.session_state.get("sent"):
        st.success("Bedankt! Uw antwoorden zijn ontvangen.")
    elif "step" not in st.session_state:
        _choose_group()
    elif st.session_state.step == 0:
        st.subheader(f"U doet mee als: {GROUPS[st.session_state.group]}")
        st.button("Start de vragenlijst", type="primary", on_click=_go, args=(1,))
    elif st.session_state.step < total:
        _screen(st.session_state.step, total)
    else:
        st.progress(1.0, text=f"Stap {total} van {total}")
        st.subheader("Controleren en versturen")
        st.button("Versturen", type="primary", on_click=_send)


@st.cache_resource(show_spinner=False)
def _freeze_once() -> int:
    """With BARE_PAGE_FREEZE=1 (server_bench --bare-freeze): freeze the imports, as the app does."""
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


if __name__ == "__main__":
    if os.environ.get("BARE_PAGE_FREEZE") == "1":
        _freeze_once()
    main()
