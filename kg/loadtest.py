"""``python -m kg.loadtest``: the endpoint load test's documented entry point (the code is
:mod:`kg.sparql.loadtest`)."""

import sys

from kg.sparql.loadtest import main

if __name__ == "__main__":
    sys.exit(main())
