"""Fingerprints for near-duplicate detection: word shingles summarised by MinHash.

Syndicated copies of one wire story differ by a headline, a footer or a light edit, so
exact hashes miss them. Python computes a fixed-size MinHash signature per document
(cheap, per document); dbt compares signatures across documents through LSH bands, so
the cross-document clustering stays in SQL where its lineage is visible.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np

NUM_PERM = 64
BANDS = 16
ROWS = NUM_PERM // BANDS
SHINGLE = 5
_PRIME = np.uint64((1 << 61) - 1)
_rng = np.random.default_rng(20250507)
_A = _rng.integers(1, (1 << 61) - 1, size=NUM_PERM, dtype=np.uint64)
_B = _rng.integers(0, (1 << 61) - 1, size=NUM_PERM, dtype=np.uint64)


def shingles(text: str, k: int = SHINGLE) -> set[str]:
    """Lower-cased word k-grams; a text shorter than k words is one shingle."""
    words = re.findall(r"\w+", text.lower())
    if len(words) < k:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + k]) for i in range(len(words) - k + 1)}


def minhash(text: str) -> list[int]:
    """A NUM_PERM-value MinHash signature of the text's shingles (values below 2**61)."""
    grams = shingles(text)
    if not grams:
        return [0] * NUM_PERM
    hashes = np.fromiter(
        (int.from_bytes(hashlib.blake2b(g.encode(), digest_size=8).digest(), "little") >> 3 for g in grams),
        dtype=np.uint64,
        count=len(grams),
    )
    # (a*x + b) mod p with 61-bit values overflows uint64; splitting x keeps it exact enough
    # for hashing purposes (a universal family modulo 2**64, then reduced).
    with np.errstate(over="ignore"):
        values = (np.outer(hashes, _A) + _B) % _PRIME
    return values.min(axis=0).astype(np.int64).tolist()


def lsh_bands(signature: list[int]) -> list[str]:
    """Band keys: two documents sharing any key are compared in dbt."""
    keys = []
    for band in range(BANDS):
        chunk = ",".join(str(v) for v in signature[band * ROWS : (band + 1) * ROWS])
        keys.append(f"{band}:{hashlib.blake2b(chunk.encode(), digest_size=8).hexdigest()}")
    return keys
