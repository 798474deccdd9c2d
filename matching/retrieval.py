"""Stage A store: signatures in a numpy memory-mapped matrix, brute-force top-K by cosine.

Layout of a store directory::

    sigs.f32      float32 (N, D) row-major, unit-norm rows (4·D bytes per signature)
    calibre.i16   int16 (N,)   class code per row: calibre, optionally with a modality
    ids.txt       one acquisition id per line (row order)
    meta.json     {"dim": D, "calibres": {name: code}}

A class name is the calibre, or ``calibre + MODALITY_SEP + modality`` for rows appended with
a ``modality`` (e.g. ``"2d"`` optical images, ``"3d"`` topography): 2D intensity and 3D
height signatures are different measurements and should not be ranked against each other.
``search(calibre=...)`` matches every row of that calibre, with or without a modality;
``search(modality=...)`` keeps rows of that modality only (rows stored without one, as by
versions ≤ 0.3.1, are left out of a modality-filtered search).

Search is one matrix-vector product over the mapped rows (memory-bandwidth bound: ~4·D·N
bytes read per query), a calibre mask, and ``np.argpartition`` for the top K: O(N·D) time,
O(N) extra memory (the scores). The product runs in blocks of :data:`CHUNK_ROWS` rows with
OpenBLAS's own threads. Measured alternatives (single-threaded small blocks, 2 Python threads,
float16/bfloat16 rows) were not faster in interleaved runs on the loaded 2-core machine (see
docs/benchmarks.md). The memory map is kept open between searches.
Append is O(rows appended).

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
#: Rows per matrix-vector block (64 MiB at D = 128; OpenBLAS threads each block).
CHUNK_ROWS = 1 << 17
#: Separator between calibre and modality in a stored class name (ASCII unit separator).
MODALITY_SEP = "\x1f"


def cosine_scan(mat: npt.NDArray[np.float32], q: F32, out: F32) -> None:
    """``out[i] = mat[i] · q`` for every row: mat float32 (N, D), q (D,), out (N,). O(N·D).

    Blocks of :data:`CHUNK_ROWS` rows bound the temporaries; BLAS parallelises each block.
    """
    for s in range(0, len(mat), CHUNK_ROWS):
        np.dot(mat[s : s + CHUNK_ROWS], q, out=out[s : s + CHUNK_ROWS])


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
        self._mat: np.memmap | None = None

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

    def _code(self, calibre: str, modality: str | None = None) -> int:
        if MODALITY_SEP in calibre or (modality is not None and MODALITY_SEP in modality):
            raise ValueError("calibre and modality must not contain MODALITY_SEP")
        if modality is not None:
            calibre = calibre + MODALITY_SEP + modality
        if calibre not in self.calibres:
            self.calibres[calibre] = len(self.calibres)
            meta = {"dim": self.dim, "calibres": self.calibres}
            (self.root / "meta.json").write_text(json.dumps(meta))
        return self.calibres[calibre]

    def append(
        self, ids: list[str], sigs: F32, *, calibre: str, modality: str | None = None
    ) -> None:
        """Append rows: ``sigs`` float32 (len(ids), dim), L2-normalised here.

        ``modality`` (optional, e.g. ``"2d"`` / ``"3d"``) is stored with the calibre class.
        """
        sigs = np.asarray(sigs, np.float32).reshape(len(ids), self.dim)
        if any("\n" in i or not i for i in ids):
            raise ValueError("ids must be non-empty and contain no newline")
        norms = np.linalg.norm(sigs, axis=1, keepdims=True)
        sigs = sigs / np.maximum(norms, 1e-12)
        code = np.full(len(ids), self._code(calibre, modality), np.int16)
        with open(self.root / "sigs.f32", "ab") as f:
            f.write(np.ascontiguousarray(sigs).tobytes())
        with open(self.root / "calibre.i16", "ab") as f:
            f.write(code.tobytes())
        with open(self.root / "ids.txt", "a") as f:
            f.write("".join(i + "\n" for i in ids))
        self._ids = None

    def matrix(self) -> np.memmap:
        """Read-only memory map of all signatures, float32 (N, dim); reused while N holds."""
        n = len(self)
        if self._mat is None or len(self._mat) != n:
            self._mat = np.memmap(self.root / "sigs.f32", np.float32, "r", shape=(n, self.dim))
        return self._mat

    def search(
        self,
        query: F32,
        *,
        k: int = 200,
        calibre: str | None = None,
        exclude: Collection[str] = (),
        modality: str | None = None,
    ) -> list[Hit]:
        """Top-``k`` rows by cosine similarity, best first, optionally within one calibre
        and/or one modality (see the module docstring).

        ``query`` float32 (dim,). O(N·dim) time; reads the matrix once.
        """
        n = len(self)
        if n == 0:
            return []
        q = np.asarray(query, np.float32).reshape(self.dim)
        q = q / max(float(np.linalg.norm(q)), 1e-12)
        mat = self.matrix()
        n = len(mat)
        scores = np.empty(n, np.float32)
        cosine_scan(mat, q, scores)
        if calibre is not None or modality is not None:
            allowed = np.zeros(len(self.calibres) + 1, bool)
            for name, code in self.calibres.items():
                cal_name, _, mod = name.partition(MODALITY_SEP)
                ok_cal = calibre is None or cal_name == calibre
                allowed[code] = ok_cal and (modality is None or mod == modality)
            if not allowed.any():
                return []
            cal = np.memmap(self.root / "calibre.i16", np.int16, "r", shape=(n,))
            codes = np.flatnonzero(allowed)
            # one class (the usual case): a plain comparison, cheaper than a table lookup
            scores[(cal != codes[0]) if codes.size == 1 else ~allowed[cal]] = -np.inf
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
