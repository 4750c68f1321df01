"""The inclusiviteit-checklist: processes, assessments, scoring, results and report."""
