"""The organisation picker of both products: every gemeente, provincie and waterschap from the reference
list, or a name typed by hand, plus the optional proof that the new work belongs to an organisation that
already uses DiA Scan (checked in ``common/organisations.prove``, not here).

Widget keys start with the caller's prefix: ``{prefix}_org`` (list entry or OTHER), ``{prefix}_org_name``,
``{prefix}_org_type`` and ``{prefix}_org_proof``.
"""

from __future__ import annotations

import streamlit as st

from dia_scan.common import organisations, reference_list
from dia_scan.common.organisations import SIZE_CLASS_LABELS, TYPE_LABELS, Choice
from dia_scan.core.permits import CoordinatorPermit, ProcessPermit, RoundPermit
from dia_scan.core.text import markdown_safe

OTHER = "andere"  # option value of "not on the list: type the name"
PROOF_HELP = (
    "Heeft uw organisatie DiA Scan hier al eerder gebruikt? Vul dan de beheercode van een eerdere ronde "
    "of beoordeling in, of de organisatiecode (te maken op de pagina Organisatie). Dan hoort het nieuwe "
    "werk bij dezelfde organisatie en ziet u haar eerdere resultaten en verbeteragenda. Laat het vak leeg "
    "om als nieuwe organisatie te beginnen. Bent u ingelogd als coördinator, of beheert u in deze browser "
    "al een ronde van de organisatie, dan is geen code nodig."
)


def listed(conn) -> dict[str, reference_list.ListedOrganisation]:
    return reference_list.listed_organisations(conn)


def show(conn, prefix: str, *, in_form: bool = False) -> None:
    """The picker. Outside a form the name and type fields appear only for an organisation not on the
    list; inside a form (which cannot change while it is filled in) they are always there."""
    entries = listed(conn)
    options = [*entries, OTHER]
    choice = st.selectbox(
        "Organisatie",
        options,
        index=None,
        format_func=lambda c: "Staat er niet bij: zelf de naam invullen" if c == OTHER else entries[c].label,
        placeholder="Typ om te zoeken, bijvoorbeeld Aalsmeer",
        key=f"{prefix}_org",
        help="Alle gemeenten (CBS), provincies en waterschappen. Typ een deel van de naam om te zoeken.",
    )
    if choice in entries:
        st.caption(profile_line(entries[choice]) + " U kunt dit later aanpassen op de pagina Organisatie.")
    if in_form or choice == OTHER:
        cols = st.columns([3, 2])
        cols[0].text_input(
            "Naam van de organisatie",
            max_chars=organisations.MAX_NAME,
            key=f"{prefix}_org_name",
            placeholder="Bijvoorbeeld: Gemeenschappelijke regeling ...",
            help="Alleen nodig als uw organisatie niet in de lijst staat." if in_form else None,
        )
        cols[1].radio(
            "Soort organisatie",
            list(TYPE_LABELS),
            format_func=TYPE_LABELS.get,
            horizontal=True,
            key=f"{prefix}_org_type",
        )
    st.text_input(
        "Beheercode van een eerdere ronde of organisatiecode (niet verplicht)",
        type="password",
        max_chars=40,
        key=f"{prefix}_org_proof",
        help=PROOF_HELP,
    )
    st.caption(
        "Alleen nodig als uw organisatie hier al eerder een ronde deed: dan ziet u ook die resultaten. "
        "Leeg laten is een nieuwe start."
    )


def profile_line(entry: reference_list.ListedOrganisation) -> str:
    """E.g. "Provincie Noord-Holland · 20.000 tot 50.000 inwoners · weinig stedelijk."."""
    parts = [f"Provincie {entry.province}"] if entry.province else []
    if entry.size_class:
        parts.append(SIZE_CLASS_LABELS[entry.size_class])
    if entry.urbanisation:
        parts.append(reference_list.URBANISATION_LABELS[entry.urbanisation])
    return markdown_safe(" · ".join(parts) + ".") if parts else ""


def choice(prefix: str) -> Choice | None:
    """What was picked (None: nothing yet)."""
    ss = st.session_state
    picked = ss.get(f"{prefix}_org")
    if picked is None:
        return None
    if picked == OTHER:
        return Choice(
            name=ss.get(f"{prefix}_org_name") or "", type=ss.get(f"{prefix}_org_type") or "gemeente"
        )
    return Choice(listed_code=picked)


def proof_code(prefix: str) -> str:
    return st.session_state.get(f"{prefix}_org_proof") or ""


def held_permits() -> list:
    """Every permit this session holds (round, process, coordinator): proof enough for their organisations."""
    kinds = (RoundPermit, ProcessPermit, CoordinatorPermit)
    found = []
    for value in list(st.session_state.values()):
        candidates = value.values() if isinstance(value, dict) else [value]
        found.extend(v for v in candidates if isinstance(v, kinds))
    return found


def organisation_code_block(conn, permit, organisation_id: int) -> None:
    """On Organisatie: make the organisation code that colleagues type in the picker, shown once."""
    key = f"org_code_{organisation_id}"
    st.subheader("Organisatiecode")
    st.write(
        "Maakt een collega een nieuwe ronde of een proces van de inclusiviteit-checklist voor uw "
        "organisatie? Met de organisatiecode hoort dat bij deze organisatie: met haar eerdere resultaten, "
        "profiel en verbeteragenda. Zonder code begint het als een nieuwe organisatie."
    )
    if organisations.has_organisation_code(conn, permit, organisation_id):
        st.caption("Er is al een organisatiecode. Een nieuwe code vervangt de oude: die werkt dan niet meer.")
    if st.button("Nieuwe organisatiecode maken", key=f"{key}_make", icon=":material/key:"):
        st.session_state[key] = organisations.new_organisation_code(conn, permit, organisation_id)
    code = st.session_state.get(key)
    if code:
        st.warning(
            "Schrijf deze code nu op of bewaar hem in een wachtwoordkluis: u ziet hem maar één keer. "
            "Geef hem alleen aan collega's van uw organisatie.",
            icon=":material/warning:",
        )
        st.code(code, language=None)
        if st.button("Ik heb de organisatiecode bewaard", key=f"{key}_ack", icon=":material/check:"):
            del st.session_state[key]
            st.rerun()
