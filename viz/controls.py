"""Small Leaflet controls and popup helpers shared by the maps (no outside scripts)."""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from urllib.parse import quote

from branca.element import MacroElement
from jinja2 import Template

DEFAULT_URLS: Mapping[str, str] = {
    "incident": "{base}/incidents/{id}",
    "incident_cycle_map": "{base}/maps/incidents/{id}/cycle",
}


def api_url(base: str, kind: str, ident: str, urls: Mapping[str, str] = DEFAULT_URLS) -> str:
    """An API address for a record: ``urls[kind]`` filled with the base and the quoted id."""
    return urls[kind].format(base=base.rstrip("/"), id=quote(ident, safe=""))


def esc(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def rows_table(rows: list[tuple[str, object]]) -> str:
    """An HTML table of label/value rows, everything escaped; empty values left out."""
    cells = "".join(
        f"<tr><th style='text-align:left;padding-right:6px'>{esc(k)}</th><td>{esc(v)}</td></tr>"
        for k, v in rows
        if v not in (None, "", ())
    )
    return f"<table style='font:12px sans-serif'>{cells}</table>"


def link_html(href: str, text: str) -> str:
    return f"<a href='{esc(href)}' target='_blank' rel='noopener'>{esc(text)}</a>"


class Legend(MacroElement):
    """A box of ready-made (already escaped) HTML in a map corner."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function () {
  var Legend = L.Control.extend({
    options: {position: {{ this.position_json }}},
    onAdd: function () {
      var div = L.DomUtil.create('div', 'cgi-legend {{ this.css_class }}');
      div.innerHTML = {{ this.html_json }};
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      return div;
    }
  });
  new Legend().addTo({{ this._parent.get_name() }});
})();
{% endmacro %}
"""
    )

    def __init__(self, inner_html: str, *, position: str = "topright", css_class: str = "") -> None:
        super().__init__()
        self._name = "Legend"
        # JSON-encode for the script; "</" cannot end the script element early.
        self.html_json = json.dumps(inner_html).replace("</", "<\\/")
        self.position_json = json.dumps(position)
        self.css_class = "".join(c for c in css_class if c.isalnum() or c in "-_ ")


class Bind(MacroElement):
    """``bindPopup`` / ``bindTooltip`` with the HTML passed as a JSON string.

    folium's Popup and Tooltip splice the text into a JS template literal (and Popup needs
    jQuery); a backtick or ``${`` in an address would break out of it. Here the HTML (already
    escaped by the caller) is a JSON string literal, so no text can become code.
    """

    _template = Template(
        """
{% macro script(this, kwargs) %}
{{ this._parent.get_name() }}.{{ this.method }}({{ this.html_json }}, {{ this.options_json }});
{% endmacro %}
"""
    )

    def __init__(self, inner_html: str, *, tooltip: bool = False, max_width: int = 340) -> None:
        super().__init__()
        self._name = "Bind"
        self.method = "bindTooltip" if tooltip else "bindPopup"
        self.html_json = json.dumps(inner_html).replace("</", "<\\/")
        self.options_json = json.dumps({} if tooltip else {"maxWidth": int(max_width)})
