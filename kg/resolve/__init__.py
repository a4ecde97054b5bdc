"""Resolve stage: mentions and relations of each article in, an
:class:`kg.model.ArticleExtraction` per article and one :class:`kg.model.ResolvedCorpus` out."""
