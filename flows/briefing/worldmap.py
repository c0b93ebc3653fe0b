"""The world map under the places: country outlines as SVG paths, shipped in the package.

The page must open offline, so no map tiles: the outlines come from Natural Earth's
1:110m countries (public domain) as packaged by the npm package ``world-atlas`` (ISC
licence, assets/LICENSE-world-atlas.txt). They are converted once to plain SVG paths in
longitude/latitude (equirectangular: x = longitude, y = -latitude):

    npm pack world-atlas@2 && tar xzf world-atlas-2.0.2.tgz
    python -m flows.briefing.worldmap package/countries-110m.json

writes flows/briefing/assets/world-110m.json (about 100 KB).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ASSET = Path(__file__).parent / "assets" / "world-110m.json"


def _decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """TopoJSON arcs as absolute (longitude, latitude) points (undoing quantisation and deltas)."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        points, x, y = [], 0, 0
        for dx, dy in arc:
            if transform:
                x, y = x + dx, y + dy
                (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
                points.append((x * sx + tx, y * sy + ty))
            else:
                points.append((dx, dy))
        arcs.append(points)
    return arcs


def _ring(arcs: list[list[tuple[float, float]]], indexes: list[int]) -> list[tuple[float, float]]:
    ring: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(arc[1:] if ring else arc)  # consecutive arcs share their end point
    return ring


def _path(rings: list[list[tuple[float, float]]], digits: int = 1) -> str:
    parts = []
    for ring in rings:
        points, last, previous = [], None, None
        for lon, lat in ring:
            # unwrap across the antimeridian (Fiji, Chukotka): a ring stays one shape, its far
            # end past 180 degrees, instead of a line drawn across the whole map
            while previous is not None and lon - previous > 180:
                lon -= 360
            while previous is not None and lon - previous < -180:
                lon += 360
            previous = lon
            point = (round(lon, digits), round(-lat, digits))
            if point != last:
                points.append(point)
                last = point
        if len(points) >= 3:
            parts.append("M" + "L".join(f"{x:g},{y:g}" for x, y in points) + "Z")
    return "".join(parts)


def country_paths(topology: dict[str, Any], layer: str = "countries") -> list[dict[str, str]]:
    """One {id, name, d} per country of a world-atlas TopoJSON file."""
    arcs = _decode_arcs(topology)
    out = []
    for geometry in topology["objects"][layer]["geometries"]:
        kind = geometry.get("type")
        if kind == "Polygon":
            polygons = [geometry["arcs"]]
        elif kind == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        rings = [_ring(arcs, ring) for polygon in polygons for ring in polygon]
        d = _path(rings)
        if d:
            props = geometry.get("properties") or {}
            out.append({"id": str(geometry.get("id", "")), "name": str(props.get("name", "")), "d": d})
    return out


def load_world() -> list[dict[str, str]]:
    """The shipped country outlines (empty when the asset is missing: the map still plots points)."""
    if not ASSET.exists():
        return []
    return json.loads(ASSET.read_text(encoding="utf-8"))


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    paths = country_paths(json.loads(Path(argv[0]).read_text(encoding="utf-8")))
    ASSET.write_text(json.dumps(paths, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(paths)} countries, {ASSET.stat().st_size:,} bytes -> {ASSET}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
