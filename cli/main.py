"""``cgintel``: the command line of the service (local Neo4j, schema, users, serve, demo)."""

from __future__ import annotations

import asyncio
import importlib
import os
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console

from domain.enums import Role
from domain.settings import Settings, get_settings

T = TypeVar("T")

app = typer.Typer(
    help="Crime gun intelligence graph service",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
neo4j_app = typer.Typer(
    help="The local Neo4j (no Docker): start, stop, status", no_args_is_help=True
)
db_app = typer.Typer(help="Database schema", no_args_is_help=True)
user_app = typer.Typer(help="Users and API tokens", no_args_is_help=True)
app.add_typer(neo4j_app, name="neo4j")
app.add_typer(db_app, name="db")
app.add_typer(user_app, name="user")
console = Console(stderr=True)


def settings() -> Settings:
    try:
        return get_settings()
    except Exception as exc:  # pydantic ValidationError: missing NEO4J_PASSWORD etc.
        console.print(f"[red]configuration error:[/red] {exc}")
        raise typer.Exit(2) from exc


def with_driver(fn: Callable[..., Awaitable[T]]) -> T:
    """Run ``fn(driver, settings)`` with a fresh driver, mapping domain errors to exit codes."""
    from domain.errors import DomainError
    from graph.driver import make_driver

    s = settings()

    async def main() -> T:
        driver = make_driver(s)
        try:
            return await fn(driver, s)
        finally:
            await driver.close()

    try:
        return asyncio.run(main())
    except DomainError as exc:
        console.print(f"[red]{exc.code}:[/red] {exc}")
        raise typer.Exit(1) from exc


def server_config(s: Settings) -> object:
    from graph.localserver import ServerConfig

    return ServerConfig(
        home=s.local_neo4j_home,
        uri=s.neo4j_uri,
        user=s.neo4j_user,
        password=s.neo4j_password.get_secret_value(),
        heap_mb=int(os.environ.get("CGI_NEO4J_HEAP_MB", "1024")),
        pagecache_mb=int(os.environ.get("CGI_NEO4J_PAGECACHE_MB", "512")),
    )


@neo4j_app.command("start")
def neo4j_start() -> None:
    """Build (once) and start the local Neo4j 5.26 Community; wait until Bolt answers."""
    from graph import localserver

    cfg = server_config(settings())
    try:
        pid = localserver.start(cfg)  # type: ignore[arg-type]
    except localserver.LocalServerError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    console.print(f"Neo4j running (pid {pid}) on {cfg.uri}, data in {cfg.home}")  # type: ignore[attr-defined]


@neo4j_app.command("stop")
def neo4j_stop() -> None:
    """Stop the local Neo4j cleanly (SIGTERM)."""
    from graph import localserver

    stopped = localserver.stop(server_config(settings()))  # type: ignore[arg-type]
    console.print("Neo4j stopped" if stopped else "Neo4j was not running")


@neo4j_app.command("status")
def neo4j_status() -> None:
    """Is the local Neo4j running and answering on Bolt? Exit code 0 if so."""
    from graph import localserver

    cfg = server_config(settings())
    pid = localserver.running_pid(cfg)  # type: ignore[arg-type]
    ready = localserver.bolt_ready(cfg)  # type: ignore[arg-type]
    console.print(f"pid: {pid or '-'}  bolt: {'answering' if ready else 'not answering'}")
    raise typer.Exit(0 if ready else 1)


@db_app.command("init")
def db_init() -> None:
    """Apply constraints and indexes (idempotent)."""
    from graph.schema import apply_schema

    async def run(driver: object, s: Settings) -> int:
        return await apply_schema(driver, database=s.neo4j_database)  # type: ignore[arg-type]

    n = with_driver(run)
    console.print(f"schema applied ({n} statements)")


@db_app.command("retally")
def db_retally() -> None:
    """Rebuild the cross-jurisdiction link tallies from the links (after hand edits)."""
    from graph.schema import retally

    async def run(driver: object, s: Settings) -> None:
        await retally(driver, database=s.neo4j_database)  # type: ignore[arg-type]

    with_driver(run)
    console.print("link tallies rebuilt")


@user_app.command("create")
def user_create(
    name: Annotated[str, typer.Option("--name", help="Person's name")],
    role: Annotated[Role, typer.Option("--role", help="technician, examiner, ...")],
    agency: Annotated[str, typer.Option("--agency", help="9-character ORI")],
) -> None:
    """Create a user and print its API token (shown once; only a hash is stored)."""
    from services.auth import create_user
    from services.context import ServiceContext

    async def run(driver: object, s: Settings) -> tuple[str, str]:
        ctx = ServiceContext(
            driver=driver,  # type: ignore[arg-type]
            database=s.neo4j_database,
            source="cli",
            component="cli",
        )
        return await create_user(ctx, name=name, role=role, agency_ori=agency.upper())

    user_id, token = with_driver(run)
    console.print(f"created user {user_id} ({role.value}, {agency.upper()})")
    print(token)


@user_app.command("demo-tokens")
def user_demo_tokens(
    out: Annotated[Path, typer.Option("--out", help="JSON file for the tokens")] = Path(
        "var/demo-tokens.json"
    ),
    agency: Annotated[list[str], typer.Option("--agency", help="ORIs (repeatable)")] = [],  # noqa: B006
) -> None:
    """Create one demo user per role for each agency and write their tokens to a JSON file."""
    import json

    from services.auth import create_user
    from services.context import ServiceContext

    oris = [a.upper() for a in agency] or ["NY0303000", "PAPEP0000"]

    async def run(driver: object, s: Settings) -> dict[str, dict[str, str]]:
        ctx = ServiceContext(
            driver=driver,  # type: ignore[arg-type]
            database=s.neo4j_database,
            source="cli",
            component="cli",
        )
        tokens: dict[str, dict[str, str]] = {}
        for ori in oris:
            for role in Role:
                _, token = await create_user(
                    ctx, name=f"Demo {role.value} {ori}", role=role, agency_ori=ori
                )
                tokens.setdefault(ori, {})[role.value] = token
        return tokens

    tokens = with_driver(run)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(tokens, indent=2) + "\n")
    out.chmod(0o600)
    console.print(f"wrote {sum(len(v) for v in tokens.values())} demo tokens to {out}")


@app.command("serve")
def serve(
    host: Annotated[str, typer.Option(help="Bind address")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port")] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes")] = 1,
    ssl_certfile: Annotated[Path | None, typer.Option(help="TLS certificate (PEM)")] = None,
    ssl_keyfile: Annotated[Path | None, typer.Option(help="TLS private key (PEM)")] = None,
    access_log: Annotated[bool, typer.Option(help="Log every request")] = True,
) -> None:
    """Run the API (GraphQL at /graphql, health at /health); TLS with --ssl-certfile/keyfile."""
    import uvicorn

    settings()
    if (ssl_certfile is None) != (ssl_keyfile is None):
        console.print("[red]--ssl-certfile and --ssl-keyfile go together[/red]")
        raise typer.Exit(2)
    uvicorn.run(
        "api.main:app",
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        access_log=access_log,
        ssl_certfile=str(ssl_certfile) if ssl_certfile else None,
        ssl_keyfile=str(ssl_keyfile) if ssl_keyfile else None,
    )


def _mount_optional() -> None:
    """Feature sub-commands live in their own modules (ingest, eval, map, demo, acquire)."""
    for module_name, attr, name in (
        ("cli.ingest_cmd", "ingest_app", "ingest"),
        ("cli.eval_cmd", "eval_app", "eval"),
        ("cli.map_cmd", "map_app", "map"),
        ("cli.matching_cmd", "matching_app", "matching"),
    ):
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        app.add_typer(getattr(module, attr), name=name)
    for module_name, attr, name in (
        ("cli.demo_cmd", "demo", "demo"),
        ("cli.acquire_cmd", "acquire", "acquire"),
    ):
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        app.command(name)(getattr(module, attr))


_mount_optional()

if __name__ == "__main__":  # pragma: no cover
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    app()
