"""Normalisation: decoding, boilerplate removal, metadata, duplicate fingerprints."""
