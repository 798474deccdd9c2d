"""Print the GraphQL SDL: ``python -m api.gql.export > api/schema.graphql`` (make schema)."""

from __future__ import annotations

from api.gql.schema import build_schema


def sdl() -> str:
    return build_schema().as_str() + "\n"


if __name__ == "__main__":
    print(sdl(), end="")
