"""Evaluate: gold files and a build in; precision, recall and F1 per type (``kg eval``) and the
speed and memory benchmark (``kg bench``) out."""
