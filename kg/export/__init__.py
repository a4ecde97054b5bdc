"""Export stage: the graph's blocks or rdflib Graph in; files out (Turtle, N-Triples, N-Quads,
TriG, JSON-LD, GraphML, Neo4j CSV, the interactive HTML network)."""
