"""The Quick Scan: rounds, answering and drafts, scoring, results, feedback, paper forms."""
