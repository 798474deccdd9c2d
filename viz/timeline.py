"""A time slider over the sequence of events: a small Leaflet control, no outside scripts.

folium's ``TimestampedGeoJson`` needs jQuery, jQuery UI, Moment and Leaflet.TimeDimension from
CDNs; this control needs only Leaflet. Each step is one distinct event time; moving the slider
to step k shows the layers whose time is at or before it and hides the rest. Layers are folium
elements (shown/hidden in their parent group) or JS hook functions ``f(t_ms)`` that filter
their own data (used by the region map's clustered points and heat layer).

In the page, ``window.cgiTimeSlider`` exposes ``show(k)``, ``steps`` and ``current()`` (tests
and the report screenshots use them).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from branca.element import MacroElement
from jinja2 import Template


def epoch_ms(at: datetime) -> int:
    return int(at.timestamp() * 1000)


class TimeSlider(MacroElement):
    """Add last to the map, after every element it controls."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function () {
  var map = {{ this._parent.get_name() }};
  var times = {{ this.times_json }};
  var labels = {{ this.labels_json }};
  var items = [
  {%- for el, t in this.items %}
    [{{ el.get_name() }}, {{ el._parent.get_name() }}, {{ t }}]{{ "," if not loop.last }}
  {%- endfor %}];
  var hooks = [{% for h in this.hooks %}{{ h }}{{ "," if not loop.last }}{% endfor %}];
  var current = times.length - 1, timer = null, input, label;
  function show(k) {
    k = Math.max(0, Math.min(times.length - 1, k));
    current = k;
    var t = times[k];
    items.forEach(function (it) {
      var on = it[2] <= t, has = it[1].hasLayer(it[0]);
      if (on && !has) { it[1].addLayer(it[0]); } else if (!on && has) { it[1].removeLayer(it[0]); }
    });
    hooks.forEach(function (h) { h(t); });
    if (input) { input.value = k; }
    if (label) { label.textContent = (k + 1) + ' / ' + times.length + ' \u00b7 ' + labels[k]; }
  }
  var Slider = L.Control.extend({
    options: {position: 'bottomleft'},
    onAdd: function () {
      var div = L.DomUtil.create('div', 'cgi-legend cgi-time-slider');
      var play = L.DomUtil.create('button', 'cgi-time-play', div);
      play.type = 'button'; play.textContent = '\u25b6'; play.title = 'play the events in order';
      input = L.DomUtil.create('input', 'cgi-time-input', div);
      input.type = 'range'; input.min = 0; input.max = times.length - 1; input.step = 1;
      input.value = current; input.style.width = '200px'; input.style.verticalAlign = 'middle';
      input.setAttribute('aria-label', 'events up to');
      label = L.DomUtil.create('div', 'cgi-time-label', div);
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      L.DomEvent.on(input, 'input', function () { show(parseInt(input.value, 10)); });
      L.DomEvent.on(play, 'click', function () {
        if (timer) { clearInterval(timer); timer = null; play.textContent = '\u25b6'; return; }
        if (current >= times.length - 1) { show(0); }
        play.textContent = '\u275a\u275a';
        timer = setInterval(function () {
          if (current < times.length - 1) { show(current + 1); return; }
          clearInterval(timer); timer = null; play.textContent = '\u25b6';
        }, {{ this.interval_ms }});
      });
      return div;
    }
  });
  if (times.length) {
    new Slider().addTo(map);
    show(times.length - 1);
  }
  window.cgiTimeSlider = {
    show: show, steps: times.length, current: function () { return current; }
  };
})();
{% endmacro %}
"""
    )

    def __init__(
        self,
        *,
        items: Sequence[tuple[MacroElement, datetime]] = (),
        hooks: Sequence[str] = (),
        times: Sequence[datetime] = (),
        interval_ms: int = 800,
        by_day: bool = False,
    ) -> None:
        """``items``: (folium element, time) pairs; ``hooks``: JS function names called with the
        step's time in ms; ``times``: further event times (the hooks' data) to step through;
        ``by_day``: label the steps with their date only."""
        super().__init__()
        self._name = "TimeSlider"
        self.items = [(el, epoch_ms(t)) for el, t in items]
        steps: dict[int, datetime] = {}
        for at in [t for _, t in items] + list(times):
            steps.setdefault(epoch_ms(at), at)
        ordered = sorted(steps)
        self.times_json = json.dumps(ordered)
        self.labels_json = json.dumps(
            [
                steps[t].date().isoformat()
                if by_day
                else steps[t].isoformat(sep=" ", timespec="minutes")
                for t in ordered
            ]
        )
        self.hooks = list(hooks)
        self.interval_ms = int(interval_ms)
        self.steps = len(ordered)
