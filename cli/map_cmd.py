"""``cgintel map``: write a cycle or region map to a file (HTML, or PNG with ``--png``).

``cycle`` and ``region`` read the graph as the user whose API token is given (``--token`` or
``CGI_TOKEN``): the same role gate, agency scope and audit as the API. ``file`` needs no
database: it maps incidents and links from JSON files (for analysts' exports and benchmarks).
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer

map_app = typer.Typer(
    help="Maps: shooting cycles and regions, as HTML or PNG", no_args_is_help=True
)

OutOpt = Annotated[Path, typer.Option("--out", "-o", help="file to write (.html or .png)")]
PngOpt = Annotated[bool, typer.Option("--png", help="a static PNG instead of HTML")]
TokenOpt = Annotated[str, typer.Option("--token", envvar="CGI_TOKEN", help="API token")]


def _write(out: Path, body: bytes) -> None:
    from cli.main import console

    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(body)
    console.print(f"wrote {out} ({len(body):,} bytes)")


def _as_user(token: str, fn: Any) -> bytes:
    """Run ``fn(ctx, opts)`` as the token's user, with a fresh driver."""
    from cli.main import with_driver
    from services.auth import Authenticator
    from services.context import ServiceContext
    from services.maps import MapOptions

    async def run(driver: Any, s: Any) -> bytes:
        ctx = ServiceContext(
            driver=driver, database=s.neo4j_database, source="cli", component="cli"
        )
        ctx.principal = await Authenticator().authenticate(ctx, f"Bearer {token}")
        opts = MapOptions(public_url=s.public_url, shared_data=s.shared_data, tiles=s.map_tiles)
        body: bytes = await fn(ctx, opts)
        return body

    return with_driver(run)


@map_app.command("cycle")
def cycle(
    incident_id: Annotated[str, typer.Argument(help="an incident of the cycle")],
    out: OutOpt,
    token: TokenOpt,
    png: PngOpt = False,
) -> None:
    """The shooting cycle around an incident."""
    from services.maps import MapFormat, cycle_map

    fmt: MapFormat = "png" if png else "html"
    _write(out, _as_user(token, lambda ctx, opts: cycle_map(ctx, incident_id, fmt=fmt, opts=opts)))


@map_app.command("region")
def region(
    out: OutOpt,
    token: TokenOpt,
    agency: Annotated[str | None, typer.Option(help="one agency's ORI")] = None,
    jurisdiction: Annotated[list[str] | None, typer.Option(help="jurisdiction id(s)")] = None,
    since: Annotated[datetime | None, typer.Option(help="from (ISO date/time)")] = None,
    until: Annotated[datetime | None, typer.Option(help="until, exclusive")] = None,
    limit: Annotated[int, typer.Option(help="at most this many incidents")] = 10_000,
    png: PngOpt = False,
) -> None:
    """Incidents, heat and cross-jurisdiction links of the agencies you may see."""
    from services.maps import MapFormat, region_map

    fmt: MapFormat = "png" if png else "html"
    _write(
        out,
        _as_user(
            token,
            lambda ctx, opts: region_map(
                ctx,
                agency_ori=agency.upper() if agency else None,
                jurisdiction_ids=jurisdiction,
                since=since,
                until=until,
                limit=limit,
                fmt=fmt,
                opts=opts,
            ),
        ),
    )


@map_app.command("file")
def from_files(
    incidents: Annotated[Path, typer.Option(help="JSON list of incidents (viz.model fields)")],
    out: OutOpt,
    links: Annotated[Path | None, typer.Option(help="JSON list of links")] = None,
    jurisdictions: Annotated[Path | None, typer.Option(help="GeoJSON / shapefile")] = None,
    id_field: Annotated[str, typer.Option(help="jurisdiction id property")] = "id",
    kind: Annotated[str, typer.Option(help="cycle or region")] = "cycle",
    title: Annotated[str | None, typer.Option(help="map title")] = None,
    base_url: Annotated[
        str, typer.Option(help="API base URL for popups")
    ] = "http://127.0.0.1:8000",
    png: PngOpt = False,
) -> None:
    """Map incidents and links from files, without the database."""
    from cli.main import console

    incs = json.loads(incidents.read_text(encoding="utf-8"))
    lks = json.loads(links.read_text(encoding="utf-8")) if links else []
    if kind not in ("cycle", "region"):
        raise typer.BadParameter("kind must be 'cycle' or 'region'")
    if kind == "region" and jurisdictions is None:
        raise typer.BadParameter("a region map needs --jurisdictions")
    common: dict[str, Any] = {"incidents": incs, "links": lks, "id_field": id_field}
    try:
        body = _render_files(kind, common, jurisdictions, title, base_url, png)
    except ValueError as exc:
        console.print(f"[red]cannot draw the map:[/red] {exc}")
        raise typer.Exit(1) from exc
    _write(out, body)


def _render_files(
    kind: str,
    common: dict[str, Any],
    jurisdictions: Path | None,
    title: str | None,
    base_url: str,
    png: bool,
) -> bytes:
    # Offline: no Settings (it needs the database password); read the one variable it would.
    tiles = os.environ.get("CGI_MAP_TILES") or None
    title = title or ("Shooting cycle" if kind == "cycle" else "Region")
    if png:
        from viz import static

        draw = static.cycle_map_png if kind == "cycle" else static.region_map_png
        return draw(**common, jurisdictions=jurisdictions, title=title)
    if kind == "cycle":
        from viz.cycle_map import cycle_map_html

        html = cycle_map_html(
            **common, jurisdictions=jurisdictions, title=title, api_base_url=base_url, tiles=tiles
        )
    else:
        from viz.region_map import region_map_html

        assert jurisdictions is not None
        html = region_map_html(
            **common, jurisdictions=jurisdictions, title=title, api_base_url=base_url, tiles=tiles
        )
    return html.encode("utf-8")
