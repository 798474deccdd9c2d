"""Pure analytics over networkx graphs built from query results (no driver, no I/O)."""
