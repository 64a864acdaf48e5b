"""The government's own English releases as bilingual evidence.

`reader` reads the archive line by line (bad lines skipped with a counted reason), `dateline` finds the
publication date printed in the text, `evidence` extracts what a release states (numbers, agencies, places,
Latin words, people), `pairing` finds the Thai twin of each English release, `people` aligns the people of
a pair, `glossary` mines people, agencies and roles over all pairs, and `evaluate` measures how well a
Thai-name-to-English function matches the government's spelling on held-out pairs.
"""
