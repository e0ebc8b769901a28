"""Evaluation: gold files and scorers (``marsad eval``)."""
