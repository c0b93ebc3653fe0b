"""Where the network's nodes sit: a force-directed layout computed once, in Python.

Computing it here rather than in the browser makes the page static (the same warehouse
always gives the same picture, and a test can check it) and keeps the page free of a
simulation library.
"""

from __future__ import annotations

import math

import numpy as np


def force_layout(n: int, edges: list[tuple[int, int, float]], iterations: int = 300) -> list[tuple[float, float]]:
    """(x, y) in [0, 1] for ``n`` nodes linked by weighted ``edges`` (Fruchterman-Reingold).

    Deterministic: nodes start on a spiral in the order given (rank order, so the most
    important sit near the centre) and no randomness is used.
    """
    if n == 0:
        return []
    if n == 1:
        return [(0.5, 0.5)]
    golden = math.pi * (3 - math.sqrt(5))
    pos = np.array([[math.sqrt(i + 0.5) * math.cos(i * golden), math.sqrt(i + 0.5) * math.sin(i * golden)]
                    for i in range(n)])  # fmt: skip
    pos /= np.abs(pos).max()
    k = 2.4 / math.sqrt(n)  # ideal distance in the unit-ish square the spiral fills
    src = np.array([a for a, _, _ in edges], dtype=int)
    dst = np.array([b for _, b, _ in edges], dtype=int)
    weight = np.array([math.log1p(w) for _, _, w in edges], dtype=float) if edges else np.zeros(0)
    temperature = 0.1
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.maximum(np.linalg.norm(delta, axis=-1), 1e-3)
        force = (delta / dist[..., None]) * (k * k / dist)[..., None]  # every pair repels
        move = force.sum(axis=1)
        if len(src):
            d = pos[src] - pos[dst]
            length = np.maximum(np.linalg.norm(d, axis=-1), 1e-3)
            pull = (d / length[:, None]) * ((length * length / k) * weight)[:, None]  # links attract
            np.add.at(move, src, -pull)
            np.add.at(move, dst, pull)
        move -= pos * 0.02 * n * k  # gravity keeps unlinked nodes from drifting off
        size = np.maximum(np.linalg.norm(move, axis=-1), 1e-9)
        pos += move / size[:, None] * np.minimum(size, temperature)[:, None]
        temperature *= 0.985
    pos = _separate(pos, 0.9 * k)
    low, high = np.percentile(pos, 2, axis=0), np.percentile(pos, 98, axis=0)
    pos = np.clip(pos, low - 0.05 * (high - low), high + 0.05 * (high - low))  # a lone outlier cannot squeeze the rest
    low, high = pos.min(axis=0), pos.max(axis=0)
    span = np.where(high - low > 1e-9, high - low, 1.0)
    scaled = (pos - low) / span
    return [(float(x), float(y)) for x, y in scaled]


def _separate(pos: np.ndarray, gap: float, rounds: int = 60) -> np.ndarray:
    """Push apart nodes closer than ``gap`` so circles and labels do not pile up."""
    pos = pos.copy()
    for _ in range(rounds):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.linalg.norm(delta, axis=-1) + np.eye(len(pos)) * gap * 10
        overlap = np.clip(gap - dist, 0, None)
        if not overlap.any():
            break
        push = (delta / np.maximum(dist, 1e-6)[..., None]) * (overlap / 2)[..., None]
        pos += push.sum(axis=1)
    return pos
