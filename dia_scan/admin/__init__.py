"""Running an installation: the command line, back-ups, the anonymised export, demo data, bench."""
