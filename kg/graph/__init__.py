"""Graph stage: a :class:`kg.model.ResolvedCorpus` in; RDF out, as blocks of N-Triples terms
(:mod:`kg.graph.triples`), an rdflib Graph (:mod:`kg.graph.rdf`) and its SHACL report."""
