"""Many incidents on one map: a Leaflet layer built in the browser from columnar JSON.

One folium ``Marker`` per incident costs a script block each (10,000 incidents: megabytes of
JS and seconds to render). This layer ships the incidents as a few JSON arrays and builds the
markers in one loop, in a ``L.markerClusterGroup`` when clustered. Popups are built on demand
with ``textContent`` (no HTML from data). It can drive a folium ``HeatMap`` and answer a
:class:`viz.timeline.TimeSlider` hook: ``<name>_filter(t_ms)`` keeps incidents up to ``t_ms``.

In the page: markers carry class ``cgi-incident``; ``window.cgiIncidents`` exposes ``total``,
``visible()`` and ``ready`` (false while the cluster group is still adding markers in chunks).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from folium.elements import JSCSSMixin
from folium.map import Layer
from jinja2 import Template

from viz.model import MapIncident
from viz.timeline import epoch_ms

_CLUSTER_JS = [
    (
        "markerclusterjs",
        "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/leaflet.markercluster.js",
    )
]
_CLUSTER_CSS = [
    (
        "markerclustercss",
        "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/MarkerCluster.css",
    ),
    (
        "markerclusterdefaultcss",
        "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/MarkerCluster.Default.css",
    ),
]


def incident_columns(incidents: Sequence[MapIncident]) -> dict[str, list[Any]]:
    """Located incidents as columns: lat, lon (5 decimals, about 1 m), t (epoch ms), and the
    popup fields."""
    located = [i for i in incidents if i.latitude is not None and i.longitude is not None]
    return {
        "lat": [round(i.latitude, 5) for i in located],  # type: ignore[arg-type]
        "lon": [round(i.longitude, 5) for i in located],  # type: ignore[arg-type]
        "t": [epoch_ms(i.occurred_at) for i in located],
        "id": [i.id for i in located],
        "when": [i.occurred_at.isoformat(sep=" ", timespec="minutes") for i in located],
        "ori": [i.agency_ori or "" for i in located],
        "addr": [i.address or "" for i in located],
        "kh": [f"{i.killed} / {i.injured}" for i in located],
        "jur": [i.jurisdiction_id or "" for i in located],
    }


class IncidentLayer(JSCSSMixin, Layer):
    _template = Template(
        """
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = {% if this.cluster -%}
  L.markerClusterGroup(L.extend({{ this.cluster_options }}, {
    chunkProgress: function (done, total) {
      if (done >= total) { window.cgiIncidents.ready = true; }
    }
  }));
{%- else -%}
  L.featureGroup();
{%- endif %}
window.cgiIncidents = {total: 0, ready: false};
var {{ this.get_name() }}_filter = (function () {
  var d = {{ this.data_json }}, urls = {{ this.urls_json }};
  var group = {{ this.get_name() }}, heat = {{ this.heat_name or "null" }};
  var icon = L.divIcon({className: 'cgi-incident', iconSize: [12, 12],
    html: '<div style="width:10px;height:10px;border-radius:50%;background:#1f4e79;'
      + 'border:1px solid #fff;box-shadow:0 0 1px #000"></div>'});
  var labels = [['Incident', 'id'], ['Occurred', 'when'], ['Agency (ORI)', 'ori'],
    ['Address', 'addr'], ['Killed / injured', 'kh'], ['Jurisdiction', 'jur']];
  function link(kind, i, text) {
    var a = document.createElement('a');
    a.href = urls[kind].split('{id}').join(encodeURIComponent(d.id[i]));
    a.target = '_blank'; a.rel = 'noopener'; a.textContent = text;
    return a;
  }
  function popup(i) {
    var box = document.createElement('div'), table = document.createElement('table');
    box.style.font = '12px sans-serif';
    labels.forEach(function (l) {
      if (!d[l[1]][i]) { return; }
      var tr = table.insertRow(), th = document.createElement('th'), td = tr.insertCell(-1);
      th.textContent = l[0]; th.style.textAlign = 'left'; tr.insertBefore(th, td);
      td.textContent = d[l[1]][i];
    });
    box.appendChild(table);
    [['incident', 'incident record'], ['incident_cycle_map', 'its cycle map']].forEach(
      function (k) {
        if (!urls[k[0]]) { return; }
        if (box.lastChild.tagName === 'A') { box.appendChild(document.createTextNode(' \u00b7 ')); }
        box.appendChild(link(k[0], i, k[1]));
      });
    return box;
  }
  var markers = d.lat.map(function (lat, i) {
    var m = L.marker([lat, d.lon[i]], {icon: icon, title: d.when[i]});
    m.bindPopup(function () { return popup(i); });
    return m;
  });
  var visible = markers.length;
  window.cgiIncidents.total = markers.length;
  window.cgiIncidents.visible = function () { return visible; };
  function filter(t) {
    var keep = [], pts = [];
    window.cgiIncidents.ready = false;
    for (var i = 0; i < markers.length; i++) {
      if (d.t[i] <= t) { keep.push(markers[i]); pts.push([d.lat[i], d.lon[i]]); }
    }
    visible = keep.length;
    group.clearLayers();
    if (heat) { heat.setLatLngs(pts); }
    if (group.addLayers && keep.length) {
      group.addLayers(keep);  // chunkProgress sets ready
    } else {
      keep.forEach(function (m) { group.addLayer(m); });
      window.cgiIncidents.ready = true;
    }
  }
  filter(Infinity);
  return filter;
})();
{% if this.show %}{{ this.get_name() }}.addTo({{ this._parent.get_name() }});{% endif %}
{% endmacro %}
"""
    )

    def __init__(
        self,
        incidents: Sequence[MapIncident],
        *,
        urls: Mapping[str, str],
        cluster: bool,
        heat: Layer | None = None,
        name: str = "Incidents",
        show: bool = True,
    ) -> None:
        """``urls``: kind → address with ``{id}`` (already holding the API base)."""
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "IncidentLayer"
        self.cluster = cluster
        self.cluster_options = json.dumps(
            {"chunkedLoading": True, "showCoverageOnHover": False, "maxClusterRadius": 50}
        )
        cols = incident_columns(incidents)
        self.count = len(cols["lat"])
        self.data_json = json.dumps(cols, separators=(",", ":")).replace("</", "<\\/")
        self.urls_json = json.dumps(dict(urls)).replace("</", "<\\/")
        self.heat_name = heat.get_name() if heat is not None else None
        self.default_js = list(_CLUSTER_JS) if cluster else []
        self.default_css = list(_CLUSTER_CSS) if cluster else []

    @property
    def filter_hook(self) -> str:
        return f"{self.get_name()}_filter"
