"""What the Quick Scan and the checklist share: the verbeteragenda and organisation profiles."""
