"""Offline maps: a folium base map without CDN assets, and an inliner for the ones it needs.

folium's pages load Leaflet, jQuery, Bootstrap and plugins from CDNs, which an air-gapped
analyst machine cannot reach. The maps here use only Leaflet, Leaflet.markercluster and
Leaflet.heat, read from installed packages (``xstatic-leaflet``,
``xstatic-leaflet-markercluster``, and folium's own copy of leaflet-heat) and inlined into the
page, so one HTML file works anywhere. :func:`inline_assets` refuses to leave any other
external script or stylesheet in the page.
"""

from __future__ import annotations

import base64
import re
from functools import cache
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import folium

LEAFLET_JS = "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"
LEAFLET_CSS = "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css"

# file name at the end of a CDN URL → (python package holding it, path inside the package)
_ASSETS: dict[str, tuple[str, str]] = {
    "leaflet.js": ("xstatic.pkg.leaflet", "data/leaflet.js"),
    "leaflet.css": ("xstatic.pkg.leaflet", "data/leaflet.css"),
    "leaflet.markercluster.js": (
        "xstatic.pkg.leaflet_markercluster",
        "data/leaflet.markercluster.js",
    ),
    "MarkerCluster.css": ("xstatic.pkg.leaflet_markercluster", "data/MarkerCluster.css"),
    "MarkerCluster.Default.css": (
        "xstatic.pkg.leaflet_markercluster",
        "data/MarkerCluster.Default.css",
    ),
    "leaflet_heat.min.js": ("folium", "templates/leaflet_heat.min.js"),
}

_SCRIPT_RE = re.compile(r'<script\s+src="([^"]+)"\s*>\s*</script>')
_LINK_RE = re.compile(r'<link\s+rel="stylesheet"\s+href="([^"]+)"\s*/?>')
_CSS_URL_RE = re.compile(r"url\((images/[\w.-]+\.png)\)")
_EXTERNAL_RE = re.compile(r'<(?:script|link)\b[^>]*(?:src|href)="(?:https?:)?//[^"]*"', re.I)


def _package_dir(module: str) -> Path:
    mod = import_module(module)
    return Path(mod.__file__ or "").parent


@cache
def asset_text(name: str) -> str:
    """The text of a bundled asset, ready to inline (source-map comments removed; CSS images
    turned into data URIs; ``</script`` escaped)."""
    try:
        module, rel = _ASSETS[name]
    except KeyError:
        raise ValueError(f"no offline copy of {name!r}; known: {sorted(_ASSETS)}") from None
    path = _package_dir(module) / rel
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"//# sourceMappingURL=\S+", "", text)
    if name.endswith(".css"):

        def to_data_uri(match: re.Match[str]) -> str:
            data = (path.parent / match.group(1)).read_bytes()
            return f"url(data:image/png;base64,{base64.b64encode(data).decode('ascii')})"

        text = _CSS_URL_RE.sub(to_data_uri, text)
    return text.replace("</script", "<\\/script")


def _asset_name(url: str) -> str:
    return url.rsplit("/", 1)[-1].split("?", 1)[0]


def inline_assets(html: str) -> str:
    """Replace every ``<script src>`` / stylesheet ``<link>`` that names a bundled asset with its
    inlined text. Raises ``ValueError`` when an external reference is left over."""

    def script(match: re.Match[str]) -> str:
        return f"<script>{asset_text(_asset_name(match.group(1)))}</script>"

    def style(match: re.Match[str]) -> str:
        return f"<style>{asset_text(_asset_name(match.group(1)))}</style>"

    def known(match: re.Match[str]) -> bool:
        return _asset_name(match.group(1)) in _ASSETS

    html = _SCRIPT_RE.sub(lambda m: script(m) if known(m) else m.group(0), html)
    html = _LINK_RE.sub(lambda m: style(m) if known(m) else m.group(0), html)
    left = _EXTERNAL_RE.findall(html)
    if left:
        raise ValueError(f"page still references external assets: {left}")
    return html


def base_map(
    *,
    tiles: str | None = None,
    tiles_attribution: str | None = None,
    bounds: tuple[tuple[float, float], tuple[float, float]] | None = None,
) -> folium.Map:
    """A folium Map that loads only Leaflet (no jQuery/Bootstrap/icons), SVG-rendered.

    ``tiles`` is ``None`` (no tile layer: markers, lines and polygons on a plain background),
    a folium/xyzservices provider name, or a URL template (``.../{z}/{x}/{y}.png``).
    """
    import folium

    class OfflineMap(folium.Map):
        default_js = [("leaflet", LEAFLET_JS)]  # noqa: RUF012 (folium's own attribute)
        default_css = [("leaflet_css", LEAFLET_CSS)]  # noqa: RUF012

    fmap = OfflineMap(tiles=None, prefer_canvas=False, control_scale=True, zoom_start=12)
    fmap.options["maxZoom"] = 19  # markercluster needs it; no tile layer sets it
    fmap.options["minZoom"] = 3
    if tiles:
        attribution = tiles_attribution or ("map tiles" if "{" in tiles else None)
        folium.TileLayer(tiles, attr=attribution, name="tiles").add_to(fmap)
    if bounds is not None:
        (south, west), (north, east) = bounds
        if south == north and west == east:
            fmap.location = [south, west]
        else:
            fmap.fit_bounds([[south, west], [north, east]], padding=(20, 20))
    else:
        fmap.location = [39.0, -77.0]
        fmap.options["zoom"] = 6
    return fmap


def render_page(fmap: folium.Map, *, title: str) -> str:
    """The whole page as one self-contained HTML string."""
    import html as _html

    from branca.element import Element, Figure

    root = fmap.get_root()
    assert isinstance(root, Figure)
    root.header.add_child(Element(f"<title>{_html.escape(title)}</title>"), name="cgi_title")
    root.header.add_child(
        Element(
            "<style>.folium-map{background:#eef1f4}"
            ".cgi-legend{background:#fff;padding:6px 8px;font:12px/1.4 sans-serif;"
            "border-radius:4px;box-shadow:0 1px 4px rgba(0,0,0,.3);max-width:260px}"
            ".cgi-legend i{display:inline-block;width:18px;height:0;margin-right:6px;"
            "vertical-align:middle;border-top:3px solid}</style>"
        ),
        name="cgi_style",
    )
    return inline_assets(root.render())
