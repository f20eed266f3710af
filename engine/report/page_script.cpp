#include "engine/report/page_script.hpp"

namespace pbr::report {

std::string_view page_error_script() {
  return R"js(
(function () {
  function record(message) {
    var box = document.getElementById('report-errors');
    var text = String(message);
    if (!box) { (window.__pendingErrors = window.__pendingErrors || []).push(text); return; }
    box.textContent += text + '\n';
    box.setAttribute('data-count', String(Number(box.getAttribute('data-count') || 0) + 1));
  }
  window.__recordError = record;
  window.addEventListener('error', function (e) {
    record('error: ' + e.message + ' (' + e.filename + ':' + e.lineno + ')');
  });
  window.addEventListener('unhandledrejection', function (e) { record('rejection: ' + e.reason); });
  var original = console.error;
  console.error = function () {
    record('console.error: ' + Array.prototype.join.call(arguments, ' '));
    return original.apply(console, arguments);
  };
})();
)js";
}

std::string_view page_chart_script() {
  return R"js(
(function () {
  'use strict';
  (window.__pendingErrors || []).forEach(window.__recordError);
  // Okabe-Ito: distinguishable with every common colour-vision deficiency.
  var PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#000000',
                 '#F0E442'];
  function alpha(hex, a) {
    var n = parseInt(hex.slice(1), 16);
    return 'rgba(' + (n >> 16) + ',' + ((n >> 8) & 255) + ',' + (n & 255) + ',' + a + ')';
  }
  function hasInterval(s, i) {
    return s.low && s.high && s.low[i] !== null && s.high[i] !== null &&
           s.low[i] !== undefined && s.high[i] !== undefined;
  }
  // Whiskers for the 95% intervals of bar charts, drawn over the bars.
  var errorBars = {
    id: 'pbrErrorBars',
    afterDatasetsDraw: function (chart) {
      var spec = chart.$pbrSpec; if (!spec || spec.kind !== 'bar') return;
      var ctx = chart.ctx;
      spec.series.forEach(function (s, d) {
        var meta = chart.getDatasetMeta(d); if (meta.hidden) return;
        var scale = chart.scales[meta.yAxisID];
        meta.data.forEach(function (bar, i) {
          if (!hasInterval(s, i)) return;
          var lo = scale.getPixelForValue(s.low[i]), hi = scale.getPixelForValue(s.high[i]);
          var w = Math.max(3, Math.min(10, bar.width / 3));
          ctx.save(); ctx.strokeStyle = '#000'; ctx.lineWidth = 1.5; ctx.beginPath();
          ctx.moveTo(bar.x, lo); ctx.lineTo(bar.x, hi);
          ctx.moveTo(bar.x - w, lo); ctx.lineTo(bar.x + w, lo);
          ctx.moveTo(bar.x - w, hi); ctx.lineTo(bar.x + w, hi);
          ctx.stroke(); ctx.restore();
        });
      });
    }
  };
  // Interval bands under the lines of line charts.
  var bands = {
    id: 'pbrBands',
    beforeDatasetsDraw: function (chart) {
      var spec = chart.$pbrSpec; if (!spec || spec.kind !== 'line') return;
      var ctx = chart.ctx;
      spec.series.forEach(function (s, d) {
        var meta = chart.getDatasetMeta(d); if (meta.hidden || !s.low) return;
        var scale = chart.scales[meta.yAxisID], points = [];
        meta.data.forEach(function (p, i) { if (hasInterval(s, i)) points.push([p.x, i]); });
        if (points.length < 1) return;
        ctx.save(); ctx.fillStyle = alpha(PALETTE[d % PALETTE.length], 0.18); ctx.beginPath();
        points.forEach(function (p, k) {
          var y = scale.getPixelForValue(s.high[p[1]]);
          if (k === 0) ctx.moveTo(p[0], y); else ctx.lineTo(p[0], y);
        });
        points.slice().reverse().forEach(function (p) {
          ctx.lineTo(p[0], scale.getPixelForValue(s.low[p[1]]));
        });
        ctx.closePath(); ctx.fill(); ctx.restore();
      });
    }
  };
  // Diverging blue - grey - vermilion around 0 (both ends Okabe-Ito), or sequential from
  // light to blue when every value has the same sign.
  function heatColour(v, lo, hi) {
    function mix(a, b, t) {
      var x = parseInt(a.slice(1), 16), y = parseInt(b.slice(1), 16), out = [];
      [16, 8, 0].forEach(function (sh) {
        var ca = (x >> sh) & 255, cb = (y >> sh) & 255; out.push(Math.round(ca + (cb - ca) * t));
      });
      return 'rgb(' + out.join(',') + ')';
    }
    if (lo < 0 && hi > 0) {
      return v < 0 ? mix('#f2f2f2', '#0072B2', Math.min(1, v / lo))
                   : mix('#f2f2f2', '#D55E00', Math.min(1, v / hi));
    }
    var t = hi === lo ? 1 : (v - lo) / (hi - lo);
    return mix('#e8f1f8', '#0072B2', t);
  }
  var heatmap = {
    id: 'pbrHeatmap',
    beforeDatasetsDraw: function (chart) {
      var spec = chart.$pbrSpec; if (!spec || spec.kind !== 'heatmap') return;
      var ctx = chart.ctx, xs = chart.scales.x, ys = chart.scales.y;
      var w = Math.abs(xs.getPixelForValue(1) - xs.getPixelForValue(0));
      var h = Math.abs(ys.getPixelForValue(1) - ys.getPixelForValue(0));
      ctx.save();
      spec.cells.forEach(function (c) {
        if (c.v === null) return;
        var x = xs.getPixelForValue(c.x), y = ys.getPixelForValue(c.y);
        ctx.fillStyle = heatColour(c.v, spec.min, spec.max);
        ctx.fillRect(x - w / 2 + 1, y - h / 2 + 1, w - 2, h - 2);
        ctx.fillStyle = '#000'; ctx.font = '12px sans-serif'; ctx.textAlign = 'center';
        ctx.textBaseline = 'middle'; ctx.fillText(c.text, x, y);
      });
      ctx.restore();
    }
  };
  function axisTitle(text) { return { display: !!text, text: text || '' }; }
  function build(canvas, spec) {
    var config;
    if (spec.kind === 'heatmap') {
      config = { type: 'scatter', data: { datasets: [{ data: [] }] }, options: {
        scales: {
          x: { min: -0.5, max: spec.x_labels.length - 0.5, title: axisTitle(spec.x_title),
               afterBuildTicks: function (axis) {
                 axis.ticks = spec.x_labels.map(function (_, i) { return { value: i }; });
               },
               ticks: { callback: function (v) { return spec.x_labels[v]; } },
               grid: { display: false } },
          y: { min: -0.5, max: spec.y_labels.length - 0.5, title: axisTitle(spec.y_title),
               afterBuildTicks: function (axis) {
                 axis.ticks = spec.y_labels.map(function (_, i) { return { value: i }; });
               },
               ticks: { callback: function (v) { return spec.y_labels[v]; } },
               grid: { display: false } } },
        plugins: { legend: { display: false }, tooltip: { enabled: false } } } };
    } else if (spec.kind === 'tornado') {
      // Floating horizontal bars from the centre (the mean gain) to the gain with the input
      // at its 5% and at its 95% quantile, overlaid (grouped: false) on one row per input.
      var bars = spec.series.map(function (s, d) {
        return { label: s.label, grouped: false, borderWidth: 0,
                 backgroundColor: alpha(PALETTE[d % PALETTE.length], 0.85),
                 data: s.values.map(function (v) {
                   return v === null || v === undefined ? null : [spec.centre, v];
                 }) };
      });
      config = { type: 'bar', data: { labels: spec.labels, datasets: bars }, options: {
        indexAxis: 'y',
        scales: { x: { title: axisTitle(spec.x_title) }, y: { title: axisTitle(spec.y_title) } },
        plugins: { legend: { display: true } } } };
    } else {
      var datasets = spec.series.map(function (s, d) {
        var colour = PALETTE[d % PALETTE.length];
        return { label: s.label, data: s.values, yAxisID: s.axis || 'y',
                 backgroundColor: spec.kind === 'bar' ? colour : alpha(colour, 0.3),
                 borderColor: colour, borderWidth: spec.kind === 'bar' ? 0 : 2,
                 pointRadius: spec.kind === 'line' && s.values.length > 24 ? 0 : 3,
                 borderDash: s.dash ? [6, 4] : [] };
      });
      var scales = { x: { title: axisTitle(spec.x_title) }, y: { title: axisTitle(spec.y_title) } };
      if (spec.y2_title) {
        scales.y2 = { position: 'right', title: axisTitle(spec.y2_title),
                      grid: { drawOnChartArea: false } };
      }
      // The whole interval in view: Chart.js fits the axis to the bars or lines only.
      var lo = Infinity, hi = -Infinity;
      spec.series.forEach(function (s) {
        if ((s.axis || 'y') !== 'y') return;
        s.values.concat(s.low || [], s.high || []).forEach(function (v) {
          if (v !== null && v !== undefined) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
        });
      });
      if (isFinite(lo)) {
        var pad = (hi - lo) * 0.05 || Math.abs(hi) * 0.05 || 1;
        scales.y.suggestedMin = Math.min(0, lo - pad); scales.y.suggestedMax = Math.max(0, hi + pad);
      }
      config = { type: spec.kind, data: { labels: spec.labels, datasets: datasets },
                 options: { scales: scales, plugins: { legend: { display: true } } } };
    }
    config.options.animation = false;
    config.options.responsive = false;
    config.options.devicePixelRatio = 1;
    config.plugins = [errorBars, bands, heatmap];
    var chart = new Chart(canvas.getContext('2d'), config);
    chart.$pbrSpec = spec;
    chart.update('none');
    return chart;
  }
  function drawScale(box, spec) {
    var steps = [];
    for (var k = 0; k <= 10; ++k) {
      var v = spec.min + (spec.max - spec.min) * k / 10;
      steps.push(heatColour(v, spec.min, spec.max) + ' ' + (k * 10) + '%');
    }
    box.innerHTML = '<span></span><span class="bar"></span><span></span>';
    box.children[0].textContent = spec.min_text;
    box.children[1].style.background = 'linear-gradient(to right, ' + steps.join(', ') + ')';
    box.children[2].textContent = spec.max_text + ' (' + spec.value_title + ')';
  }
  // Drawn pixels, and among them coloured ones: axes, grid and text are grey or black, so
  // coloured pixels are marks (bars, lines, bands, cells), which a test requires.
  function countDrawn(canvas) {
    var ctx = canvas.getContext('2d');
    var pixels = ctx.getImageData(0, 0, canvas.width, canvas.height).data, n = 0, coloured = 0;
    for (var i = 0; i < pixels.length; i += 4) {
      if (pixels[i + 3] === 0) continue;
      ++n;
      var hi = Math.max(pixels[i], pixels[i + 1], pixels[i + 2]);
      var lo = Math.min(pixels[i], pixels[i + 1], pixels[i + 2]);
      if (hi - lo > 40) ++coloured;
    }
    canvas.setAttribute('data-coloured-pixels', String(coloured));
    return n;
  }
  try {
    var specs = JSON.parse(document.getElementById('chart-data').textContent);
    document.querySelectorAll('canvas.chart').forEach(function (canvas) {
      var spec = specs[Number(canvas.getAttribute('data-chart'))];
      try {
        build(canvas, spec);
        if (spec.kind === 'heatmap') {
          drawScale(document.querySelector('.scale[data-scale="' + canvas.getAttribute('data-chart') + '"]'), spec);
        }
        canvas.setAttribute('data-drawn-pixels', String(countDrawn(canvas)));
      } catch (e) {
        window.__recordError('chart ' + canvas.getAttribute('data-chart') + ': ' + e);
        canvas.setAttribute('data-drawn-pixels', '0');
      }
    });
  } catch (e) {
    window.__recordError('charts: ' + e);
  }
  document.documentElement.setAttribute('data-report-ready', '1');
})();
)js";
}

}  // namespace pbr::report
