from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from api.gql.export import sdl
from graph import queries
from graph.labels import Label, Rel
from graph.schema import statements

ROOT = Path(__file__).resolve().parents[2]


def test_schema_statements_are_idempotent_ddl() -> None:
    stmts = statements()
    assert len(stmts) == len(set(stmts))
    assert all("IF NOT EXISTS" in s for s in stmts)
    labels = {m for s in stmts for m in re.findall(r"\(n:(\w+)\)", s)}
    assert labels <= {label.value for label in Label}


def test_queries_use_only_known_labels_and_types() -> None:
    import importlib
    import pkgutil

    known_labels = {label.value for label in Label}
    known_rels = {rel.value for rel in Rel}
    for mod in pkgutil.iter_modules(queries.__path__):
        module = importlib.import_module(f"graph.queries.{mod.name}")
        for name, text in vars(module).items():
            if not name.isupper() or not isinstance(text, str):
                continue
            for label in re.findall(r"\(\w*:(\w+)", text):
                assert label in known_labels, f"{mod.name}.{name}: unknown label {label}"
            for rel in re.findall(r"\[\w*:(\w+)", text):
                assert rel in known_rels, f"{mod.name}.{name}: unknown relationship {rel}"


def test_committed_sdl_is_current() -> None:
    committed = (ROOT / "api" / "schema.graphql").read_text()
    assert committed == sdl(), (
        "GraphQL schema changed: run `make schema` and commit api/schema.graphql"
    )


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_pins_the_same_neo4j_as_maven() -> None:
    image = _compose()["services"]["neo4j"]["image"]
    m = re.fullmatch(r"neo4j:(5\.26\.\d+)-community", image)
    assert m, f"neo4j image must be an exact 5.26.x community tag, got {image}"
    pom = (ROOT / "neo4j-local" / "pom.xml").read_text()
    assert f"<neo4j.version>{m.group(1)}</neo4j.version>" in pom


def test_compose_health_and_ordering() -> None:
    services = _compose()["services"]
    neo = services["neo4j"]
    assert "wget" in " ".join(neo["healthcheck"]["test"]) and "curl" not in str(neo["healthcheck"])
    password = re.search(r"neo4j/\$\{NEO4J_PASSWORD:-([^}]*)\}", neo["environment"]["NEO4J_AUTH"])
    assert password and len(password.group(1)) >= 8
    assert services["api"]["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert (ROOT / "Dockerfile").exists()


def test_compose_file_is_valid_for_docker_compose() -> None:
    tool = shutil.which("docker-compose")
    if tool is None:
        pytest.fail("docker-compose (Debian package) is needed to validate docker-compose.yml")
    proc = subprocess.run(
        [tool, "-f", str(ROOT / "docker-compose.yml"), "config", "-q"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
