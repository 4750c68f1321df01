"""The checklist's use cases as one namespace for pages and the command line
(``from dia_scan.checklist import service as checklists``): processes, assessments and their assessors,
results, and actiepunten on the verbeteragenda, each in its own module.

Pages and the CLI call these; they never import streamlit. Mistakes a user can make raise
:class:`~dia_scan.core.errors.ServiceError` with a plain Dutch message. The numbers come from
:mod:`dia_scan.checklist.scoring`; these modules gather the answers and name things."""

from __future__ import annotations

from dia_scan.checklist.actions import (  # noqa: F401
    agenda_text_for,
    agenda_texts,
    put_on_agenda,
)
from dia_scan.checklist.assessments import (  # noqa: F401
    ASSESSOR_LABEL,
    MAX_NOTE,
    MODES,
    TEAM_LABEL,
    WHO,
    AssessmentCreated,
    AssessorHandle,
    answer,
    answers_of,
    assessment_checklist,
    authorize,
    find_assessment,
    get_assessment,
    get_assessor,
    is_open,
    join_assessment,
    list_assessments,
    list_assessors,
    managed_assessment,
    mark_done,
    offered_languages,
    open_assessments,
    previous_assessment,
    require_open,
    resume,
    set_open,
    start_assessment,
    team_assessor,
)
from dia_scan.checklist.processes import (  # noqa: F401
    DEFAULT_CHECKLIST,
    MAX_DESCRIPTION,
    MAX_NAME,
    MAX_TARGET_GROUP,
    MAX_TARGET_GROUPS,
    checklist_of,
    delete_process,
    get_process,
    managed_process,
    register_process,
    split_target_groups,
    update_process,
)
from dia_scan.checklist.results import (  # noqa: F401
    NEEDS_WORK,
    AssessmentReport,
    ChangeRow,
    ComparisonReport,
    CriterionView,
    Note,
    assessment_report,
    compare,
    direction_label,
    history,
)
