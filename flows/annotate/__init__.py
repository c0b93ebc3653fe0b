"""Annotation: spaCy sentences and entity mentions, event candidates, date resolution."""
