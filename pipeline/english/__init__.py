"""English for the record: official names from glossaries, romanised names, and (later) summaries."""
