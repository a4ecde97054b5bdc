"""Read stage: article files (text, Markdown, HTML; any common Chinese encoding, either script)
in, one decoded :class:`kg.model.Document` per article out."""
