"""Extract stage: one :class:`kg.model.Document` in; its sentences, tokens, mentions
(:class:`kg.model.Mention`), relations and observations between them out."""
