"""SPARQL: a built graph in; answers out, from ``kg query`` (a local store) and ``kg serve``
(an HTTP endpoint with worker processes), with its load test."""
