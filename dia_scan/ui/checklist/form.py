"""Filling in the checklist: one dimension per screen with a progress bar; every answer, toelichting
and actiepunt is saved the moment it changes, so a reload or a resume loses nothing."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from dia_scan import storage
from dia_scan.checklist import service as checklists
from dia_scan.core.errors import ServiceError
from dia_scan.core.model import Checklist
from dia_scan.core.records import Assessment
from dia_scan.ui.common.language import _, error
from dia_scan.ui.common.scroll import scroll_to_top

_ERROR = "checklist_form_error"


def _dimension_key(key: str, assessor_id: int) -> str:
    return f"{key}_dim_{assessor_id}"


def _save(assessor_id: int, criterion_id: str, part: str, widget_key: str) -> None:
    """Callback: store one changed part of one answer straight away (own connection: callbacks run
    before the page script)."""
    value = st.session_state.get(widget_key)
    try:
        conn = storage.connect()
        try:
            checklists.answer(conn, assessor_id, criterion_id, **{part: value})
        finally:
            conn.close()
    except (ServiceError, storage.StorageError) as err:
        st.session_state[_ERROR] = _("Niet bewaard: {reason}").format(reason=error(err))
    else:
        st.session_state.pop(_ERROR, None)


def _go(state_key: str, index: int) -> None:
    st.session_state[state_key] = index
    st.session_state[state_key + "_scroll"] = True


def show(
    conn,
    checklist: Checklist,
    assessment: Assessment,
    assessor_id: int,
    *,
    key: str,
    finish: Callable[[], None],
    finish_label: str | None = None,
) -> None:
    """The form for one assessor. ``finish`` runs (as a callback) when they press the last button."""
    saved = checklists.answers_of(conn, assessor_id)
    editable = checklists.is_open(assessment)
    dims = checklist.dimensions
    state_key = _dimension_key(key, assessor_id)
    index = min(max(0, st.session_state.get(state_key, 0)), len(dims) - 1)
    total = len(checklist.criteria())
    answered = sum(1 for c_id, a in saved.items() if a["option_id"] and _known(checklist, c_id))

    if st.session_state.pop(state_key + "_scroll", False):
        scroll_to_top(index)
    if not editable:
        st.warning(
            _("Deze beoordeling is afgesloten. U kunt de antwoorden bekijken, maar niet meer veranderen.")
        )
    error = st.session_state.pop(_ERROR, None)
    if error:
        st.error(error)
    st.progress(
        answered / total,
        text=_("Dimensie {number} van {count} · {answered} van {total} criteria beantwoord").format(
            number=index + 1, count=len(dims), answered=answered, total=total
        ),
    )
    dimension = dims[index]
    st.subheader(f"{index + 1}. {dimension.title}", anchor=False)
    st.caption(dimension.description)
    labels = {o.id: o.label for o in checklist.options}
    for number, criterion in enumerate(dimension.criteria, start=1):
        answer = saved.get(criterion.id, {})
        with st.container(border=True):
            st.markdown(f"**{number}. {criterion.text}**")
            st.caption(_("Zo ziet *ja* eruit: {explanation}").format(explanation=criterion.explanation))
            if not criterion.applies_in(assessment.phase):
                st.info(
                    _(
                        "Dit hoort bij een latere fase dan {phase}. U mag het overslaan: het telt nu niet mee "
                        "in de score."
                    ).format(phase=checklist.phase_label(assessment.phase)),
                    icon=":material/schedule:",
                )
            option_key = f"{key}_{assessor_id}_{criterion.id}_option"
            if option_key not in st.session_state:
                st.session_state[option_key] = answer.get("option_id")
            st.segmented_control(
                _("Antwoord bij: {criterion}").format(criterion=criterion.text),
                list(labels),
                format_func=labels.get,
                key=option_key,
                label_visibility="collapsed",
                disabled=not editable,
                on_change=_save,
                args=(assessor_id, criterion.id, "option_id", option_key),
            )
            filled = [part for part in ("toelichting", "actiepunt") if answer.get(part)]
            if len(filled) == 2:
                st.caption(_("Ingevuld: toelichting en actiepunt"))
            elif filled == ["toelichting"]:
                st.caption(_("Ingevuld: toelichting"))
            elif filled:
                st.caption(_("Ingevuld: actiepunt"))
            with st.expander(_("Toelichting en actiepunt (niet verplicht)")):
                for part, label, hint in (
                    ("toelichting", _("Toelichting"), _("Waarom kiest u dit antwoord?")),
                    ("actiepunt", _("Actiepunt"), _("Wat gaan we doen? Wie doet het?")),
                ):
                    text_key = f"{key}_{assessor_id}_{criterion.id}_{part}"
                    if text_key not in st.session_state:
                        st.session_state[text_key] = answer.get(part, "")
                    st.text_area(
                        label,
                        key=text_key,
                        max_chars=checklists.MAX_NOTE,
                        placeholder=hint,
                        height=90,
                        disabled=not editable,
                        on_change=_save,
                        args=(assessor_id, criterion.id, part, text_key),
                    )
    last = index == len(dims) - 1
    if last:
        _open_items(checklist, saved, state_key)
    with st.container(horizontal=True):
        st.button(
            _("Vorige"),
            key=f"{key}_back",
            icon=":material/arrow_back:",
            width="stretch",
            disabled=index == 0,
            on_click=_go,
            args=(state_key, index - 1),
        )
        if last:
            st.button(
                finish_label or _("Klaar"),
                key=f"{key}_finish",
                type="primary",
                icon=":material/check:",
                width="stretch",
                on_click=finish,
            )
        else:
            st.button(
                _("Volgende"),
                key=f"{key}_next",
                type="primary",
                icon=":material/arrow_forward:",
                icon_position="right",
                width="stretch",
                on_click=_go,
                args=(state_key, index + 1),
            )


def _known(checklist: Checklist, criterion_id: str) -> bool:
    try:
        checklist.criterion(criterion_id)
    except KeyError:
        return False
    return True


def _open_items(checklist: Checklist, saved: dict, state_key: str) -> None:
    """On the last screen: which dimensions still have unanswered criteria, with a way back."""
    missing = [
        (i, d, sum(1 for c in d.criteria if not (saved.get(c.id) or {}).get("option_id")))
        for i, d in enumerate(checklist.dimensions)
    ]
    missing = [m for m in missing if m[2]]
    if not missing:
        st.success(_("U heeft alle criteria beantwoord."), icon=":material/check_circle:")
        return
    st.info(_("Nog niet alles is beantwoord. Dat mag: wat u open laat, telt niet mee."))
    for i, dimension, count in missing:
        cols = st.columns([3, 2], vertical_alignment="center")
        cols[0].markdown(_("{dimension}: nog {count} open").format(dimension=dimension.title, count=count))
        cols[1].button(
            _("Ga naar deze dimensie"),
            key=f"{state_key}_goto_{i}",
            on_click=_go,
            args=(state_key, i),
            width="stretch",
        )
