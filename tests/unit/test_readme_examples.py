"""Every GraphQL example in the README is valid against the current schema."""

from __future__ import annotations

import re
from pathlib import Path

from graphql import parse, validate

from api.gql.schema import build_schema

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_graphql_examples_validate() -> None:
    schema = build_schema()._schema
    operations = [
        re.sub(r"#[^\n]*", "", op).strip()
        for block in re.findall(r"```graphql\n(.*?)```", README.read_text(), re.S)
        for op in re.split(r"\n(?=query|mutation|subscription)", block)
    ]
    operations = [op for op in operations if op]
    assert len(operations) >= 10
    for op in operations:
        errors = validate(schema, parse(op))
        assert not errors, f"{op[:60]}…: {errors[0].message}"
