"""The matching index: prepared surfaces (``.prep`` files, ``Prepared.to_bytes``) and the
Stage A signature store.

Both are derived data, rebuildable from the evidence store (``cgintel matching reindex``).
They live under ``<root>/<algorithm version>/``: a new algorithm version starts a new index,
and old correlation results stay in the graph, distinguishable by their version. Appends to
the signature store are serialised with an exclusive file lock, so the API and the CLI may
acquire at once.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import tempfile
import threading
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from pathlib import Path

from matching.pipeline import VERSION, Candidate, Prepared, correlate
from matching.retrieval import SignatureStore


class MatchingIndex:
    def __init__(self, root: Path, *, version: str = VERSION) -> None:
        self.base = Path(root)
        self.version = version
        self.root = self.base / version
        self._store: SignatureStore | None = None
        self._rows = -1
        self._mutex = threading.Lock()

    def _prepared_path(self, evidence_id: str) -> Path:
        key = hashlib.sha1(evidence_id.encode(), usedforsecurity=False).hexdigest()
        return self.root / "prepared" / key[:2] / f"{key}.prep"

    def save_prepared(self, evidence_id: str, prepared: Prepared) -> None:
        path = self._prepared_path(evidence_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as f:
            f.write(prepared.to_bytes())
        os.replace(tmp, path)

    def has_prepared(self, evidence_id: str) -> bool:
        return self._prepared_path(evidence_id).exists()

    def load_prepared(self, evidence_id: str) -> Prepared:
        return Prepared.from_bytes(self._prepared_path(evidence_id).read_bytes())

    @contextmanager
    def _locked(self) -> Iterator[None]:
        self.root.mkdir(parents=True, exist_ok=True)
        with self._mutex, open(self.root / ".lock", "a+") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def store(self, dim: int) -> SignatureStore:
        """The signature store, reopened when another process has appended to it."""
        sigs = self.root / "signatures"
        if self._store is None:
            self._store = SignatureStore.open_or_create(sigs, dim=dim)
        rows = len(self._store)
        if rows != self._rows:
            self._store = SignatureStore(sigs)
            self._rows = rows
        return self._store

    def add(self, evidence_id: str, prepared: Prepared, *, calibre: str) -> None:
        with self._locked():
            store = self.store(len(prepared.signature))
            if evidence_id in set(store.ids()):
                return  # already indexed (re-acquisition of derived data is idempotent)
            store.append(
                [evidence_id],
                prepared.signature[None, :],
                calibre=calibre,
                modality=prepared.meta.get("modality"),
            )
            self._rows = -1

    def indexed(self, dim: int) -> set[str]:
        return set(self.store(dim).ids()) if (self.root / "signatures").exists() else set()

    def correlate(
        self,
        query: Prepared,
        *,
        calibre: str,
        exclude: Collection[str],
        top_n: int,
        shortlist: int = 200,
    ) -> list[Candidate]:
        store = self.store(len(query.signature))
        return correlate(
            query,
            store,
            self.load_prepared,
            top_n=top_n,
            shortlist=shortlist,
            calibre=calibre,
            exclude=exclude,
            modality=query.meta.get("modality"),  # 2D images and 3D scans are separate classes
        )
