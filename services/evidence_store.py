"""Content-addressed store of uploaded scans, kept byte-for-byte as received.

A scan is stored under ``<root>/sha256/<aa>/<bb>/<hex>`` where ``hex`` is the SHA-256 of its
bytes, written to a temporary file, fsynced and renamed (a crash leaves no partial file), and
made read-only. The hash is also on the ``Evidence`` node, so any later change to a stored
scan is detectable with :func:`verify`. Derived data (preprocessed surfaces, signatures)
lives elsewhere and can be rebuilt from these files.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

MAX_SCAN_BYTES = 512 * 1024 * 1024
log = logging.getLogger("cgintel.evidence")


@dataclass(frozen=True, slots=True)
class StoredScan:
    sha256: str
    path: Path
    size: int
    created: bool  # False: these exact bytes were already stored

    @property
    def uri(self) -> str:
        return f"sha256:{self.sha256}"


class EvidenceStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path_for(self, sha256: str) -> Path:
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise ValueError(f"not a SHA-256 hex digest: {sha256!r}")
        return self.root / "sha256" / sha256[:2] / sha256[2:4] / sha256

    def put(self, data: bytes) -> StoredScan:
        if len(data) > MAX_SCAN_BYTES:
            raise ValueError(f"scan larger than {MAX_SCAN_BYTES} bytes")
        sha = hashlib.sha256(data).hexdigest()
        path = self.path_for(sha)
        if path.exists():
            if self.verify(sha):
                return StoredScan(sha, path, len(data), created=False)
            # The stored copy no longer matches its hash (tampered or damaged): these bytes
            # provably do, so they replace it. Logged: someone must look at how it happened.
            log.error("stored scan %s failed its integrity check; replaced by a fresh upload", sha)
            path.chmod(0o644)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.chmod(tmp, 0o444)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return StoredScan(sha, path, len(data), created=True)

    def read(self, sha256: str) -> bytes:
        return self.path_for(sha256).read_bytes()

    def verify(self, sha256: str) -> bool:
        """True if the stored file still hashes to its name (and so to the Evidence node)."""
        path = self.path_for(sha256)
        if not path.exists():
            return False
        digest = hashlib.sha256()
        with path.open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest() == sha256
