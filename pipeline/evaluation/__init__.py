"""Evaluation commands: entity scores, numeral repair, summaries."""
