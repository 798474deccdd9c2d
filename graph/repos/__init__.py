"""Repositories: typed methods over the named queries in graph/queries."""
