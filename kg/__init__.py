"""union-kg: build a knowledge graph of Chinese trade-union news.

Pipeline: read → tokenise → detect mentions → extract relations → resolve → graph → export.
"""

__version__ = "0.1.0"
