"""Mutations added by feature modules register here: name → (Operation, a call reaching it).

The role-matrix test fails for any schema mutation listed neither here nor in
test_role_matrix.MUTATIONS.
"""

from __future__ import annotations

from domain.permissions import Operation

MUTATIONS: dict[str, tuple[Operation, str]] = {
    "recorrelate": (
        Operation.ACQUIRE,
        'mutation { recorrelate(evidenceId: "x") { runId } }',
    ),
}
