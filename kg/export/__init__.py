"""Exporters: the graph as files (Turtle, interactive HTML)."""
