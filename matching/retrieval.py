"""Stage A store: signatures in a numpy memory-mapped matrix, brute-force top-K by cosine.

Layout of a store directory::

    sigs.f32      float32 (N, D) row-major, unit-norm rows (4·D bytes per signature)
    calibre.i16   int16 (N,)   calibre class code per row
    ids.txt       one acquisition id per line (row order)
    meta.json     {"dim": D, "calibres": {name: code}}

Search is one matrix-vector product over the mapped rows in chunks (memory-bandwidth bound:
~4·D·N bytes read per query), a calibre mask, and ``np.argpartition`` for the top K:
O(N·D) time, O(chunk) extra memory. Append is O(rows appended).

Example:
    >>> store = SignatureStore.create(tmp, dim=128)            # doctest: +SKIP
    >>> store.append(["a1"], sigs, calibre="9mm Luger")       # doctest: +SKIP
    >>> store.search(q, k=200, calibre="9mm Luger")           # doctest: +SKIP
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

F32 = npt.NDArray[np.float32]
CHUNK_ROWS = 1 << 17


@dataclass(frozen=True)
class Hit:
    """One Stage A result: store row, acquisition id, cosine similarity."""

    row: int
    id: str
    similarity: float


class SignatureStore:
    """Append-only signature matrix on disk (see module docstring for the layout)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        meta = json.loads((self.root / "meta.json").read_text())
        self.dim: int = int(meta["dim"])
        self.calibres: dict[str, int] = {k: int(v) for k, v in meta["calibres"].items()}
        self._ids: list[str] | None = None

    @classmethod
    def create(cls, root: Path, *, dim: int) -> SignatureStore:
        """Create an empty store (refuses to overwrite an existing one)."""
        root = Path(root)
        root.mkdir(parents=True, exist_ok=True)
        if (root / "meta.json").exists():
            raise FileExistsError(f"a signature store already exists at {root}")
        for name in ("sigs.f32", "calibre.i16", "ids.txt"):
            (root / name).write_bytes(b"")
        (root / "meta.json").write_text(json.dumps({"dim": dim, "calibres": {}}))
        return cls(root)

    @classmethod
    def open_or_create(cls, root: Path, *, dim: int) -> SignatureStore:
        root = Path(root)
        return cls(root) if (root / "meta.json").exists() else cls.create(root, dim=dim)

    def __len__(self) -> int:
        return (self.root / "sigs.f32").stat().st_size // (4 * self.dim)

    @property
    def bytes_per_signature(self) -> int:
        """Bytes read per stored signature per query (matrix row + calibre code)."""
        return 4 * self.dim + 2

    def ids(self) -> list[str]:
        if self._ids is None:
            self._ids = (self.root / "ids.txt").read_text().splitlines()
        return self._ids

    def _code(self, calibre: str) -> int:
        if calibre not in self.calibres:
            self.calibres[calibre] = len(self.calibres)
            meta = {"dim": self.dim, "calibres": self.calibres}
            (self.root / "meta.json").write_text(json.dumps(meta))
        return self.calibres[calibre]

    def append(self, ids: list[str], sigs: F32, *, calibre: str) -> None:
        """Append rows: ``sigs`` float32 (len(ids), dim), L2-normalised here."""
        sigs = np.asarray(sigs, np.float32).reshape(len(ids), self.dim)
        if any("\n" in i or not i for i in ids):
            raise ValueError("ids must be non-empty and contain no newline")
        norms = np.linalg.norm(sigs, axis=1, keepdims=True)
        sigs = sigs / np.maximum(norms, 1e-12)
        code = np.full(len(ids), self._code(calibre), np.int16)
        with open(self.root / "sigs.f32", "ab") as f:
            f.write(np.ascontiguousarray(sigs).tobytes())
        with open(self.root / "calibre.i16", "ab") as f:
            f.write(code.tobytes())
        with open(self.root / "ids.txt", "a") as f:
            f.write("".join(i + "\n" for i in ids))
        self._ids = None

    def matrix(self) -> np.memmap:
        """Read-only memory map of all signatures, float32 (N, dim)."""
        return np.memmap(self.root / "sigs.f32", np.float32, "r", shape=(len(self), self.dim))

    def search(
        self,
        query: F32,
        *,
        k: int = 200,
        calibre: str | None = None,
        exclude: Collection[str] = (),
    ) -> list[Hit]:
        """Top-``k`` rows by cosine similarity, best first, optionally within one calibre.

        ``query`` float32 (dim,). O(N·dim) time; reads the matrix once.
        """
        n = len(self)
        if n == 0:
            return []
        q = np.asarray(query, np.float32).reshape(self.dim)
        q = q / max(float(np.linalg.norm(q)), 1e-12)
        mat = self.matrix()
        scores = np.empty(n, np.float32)
        for s in range(0, n, CHUNK_ROWS):
            np.dot(mat[s : s + CHUNK_ROWS], q, out=scores[s : s + CHUNK_ROWS])
        if calibre is not None:
            code = self.calibres.get(calibre)
            if code is None:
                return []
            cal = np.memmap(self.root / "calibre.i16", np.int16, "r", shape=(n,))
            scores[cal != code] = -np.inf
        ids = self.ids()
        take = min(n, k + len(exclude))
        top = np.argpartition(-scores, take - 1)[:take] if take < n else np.arange(n)
        top = top[np.argsort(-scores[top], kind="stable")]
        skip = set(exclude)
        hits = [
            Hit(int(r), ids[r], float(scores[r]))
            for r in top
            if np.isfinite(scores[r]) and ids[r] not in skip
        ]
        return hits[:k]
