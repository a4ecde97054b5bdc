"""``python -m kg.bench``: the benchmark's documented entry point (the code is :mod:`kg.evaluate.bench`)."""

import sys

from kg.evaluate.bench import main

if __name__ == "__main__":
    sys.exit(main())
