"""Turtle export: the data graph as a deterministic ``.ttl`` file."""

from __future__ import annotations

import os
from pathlib import Path

from kg.files import write_atomic
from kg.graph.rdf import Graph, serialize_turtle


def write_turtle(graph: Graph, path: str | os.PathLike) -> Path:
    """Serialise ``graph`` to Turtle at ``path``, atomically; equal graphs give equal bytes."""
    return write_atomic(path, serialize_turtle(graph))
