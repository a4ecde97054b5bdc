"""Extraction profiles: ``accurate`` (the default) adds the pretrained tagger's names to the rules';
``fast`` is the rules alone."""

PROFILES = ("accurate", "fast")
DEFAULT_PROFILE = "accurate"
