"""Process-level knobs for the matching engine (benchmarks and worker processes)."""

from __future__ import annotations


def single_threaded() -> None:
    """Limit OpenCV and the BLAS/OpenMP pools to one thread (for one-process-per-core work)."""
    import cv2
    from threadpoolctl import threadpool_limits

    cv2.setNumThreads(1)
    threadpool_limits(1)
