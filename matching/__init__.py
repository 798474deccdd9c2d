"""Pure ballistic matching engine: readers, preprocessing, signatures, retrieval, comparison.

Arrays in, arrays out: nothing here talks to a database or a web framework. Only this package
imports ``cv2``. The high-level entry points live in :mod:`matching.pipeline`.
"""
