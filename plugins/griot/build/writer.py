"""The one way Griot writes a file: inside the output folder, never the same path twice."""

from __future__ import annotations

from pathlib import Path

from griot.errors import GriotError


class WriteCollision(GriotError):
    """Two pages of one build want the same output file."""


class OutputWriter:
    def __init__(self, root: str | Path):
        self.root = Path(root).resolve()
        self.written: dict[str, str] = {}  # relative path -> what asked for it

    def target(self, rel: str) -> Path:
        path = (self.root / rel).resolve()
        if path != self.root and self.root not in path.parents:
            raise GriotError(f"refusing to write outside the output folder: {rel!r}")
        return path

    def write(self, rel: str, data: str | bytes, origin: str) -> Path:
        rel = rel.lstrip("/")
        if rel in self.written:
            raise WriteCollision(
                f"two pages want to be written to {rel}: {self.written[rel]} and {origin}\n"
                "    fix: give one of them another slug (or key)"
            )
        path = self.target(rel)
        self.written[rel] = origin
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            data = data.encode("utf-8")
        path.write_bytes(data)
        return path
