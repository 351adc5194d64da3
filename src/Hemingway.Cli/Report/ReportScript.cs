namespace Hemingway.Cli.Report;

/// <summary>
/// The page's own scripts, inlined. They draw the figures from the JSON in <c>#report-data</c> with Chart.js and leave
/// on <c>document.body</c> what a headless browser can check: <c>data-charts</c> (how many charts were drawn) and
/// <c>data-errors</c> (every script error and blocked fetch, joined by " | ").
/// </summary>
internal static class ReportScript
{
    /// <summary>
    /// Runs before the chart library, so that an error while it loads is recorded too; it also records whatever the
    /// content security policy blocks, which would mean the page tried to fetch something.
    /// </summary>
    public const string ErrorRecorder = """
        window.onerror = function (message, source, line) {
          var text = String(message) + (line ? ' (line ' + line + ')' : '');
          var body = document.body;
          body.dataset.errors = body.dataset.errors ? body.dataset.errors + ' | ' + text : text;
        };
        document.addEventListener('securitypolicyviolation', function (e) {
          window.onerror('blocked by the content security policy: ' + e.violatedDirective + ' ' + e.blockedURI);
        });
        """;

    /// <summary>Draws every figure whose section is on the page, or writes "no data" in it.</summary>
    public const string Figures = """
        (function () {
          'use strict';
          var body = document.body;
          var drawn = 0;
          var data = JSON.parse(document.getElementById('report-data').textContent);
          var categorical = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#7f7f7f', '#bcbd22'];
          var ramp = [[13, 8, 135], [106, 0, 168], [177, 42, 144], [225, 100, 98], [252, 166, 54], [200, 170, 20]];

          function finite(v) { return typeof v === 'number' && isFinite(v); }
          function positive(v) { return finite(v) && v > 0; }
          function sorted(values) { return Array.from(new Set(values)).sort(function (a, b) { return a - b; }); }
          function number(v) { return finite(v) ? String(Number(v.toPrecision(3))) : '–'; }
          function where(algorithm, machines) { return algorithm + ' @ ' + machines; }

          // Machine counts are ordered: one colour ramp from dark blue (few) to orange (many).
          function ordered(index, count) {
            var t = count <= 1 ? 0 : index / (count - 1) * (ramp.length - 1);
            var i = Math.min(Math.floor(t), ramp.length - 2), f = t - i;
            var c = ramp[i].map(function (a, k) { return Math.round(a + (ramp[i + 1][k] - a) * f); });
            return 'rgb(' + c.join(',') + ')';
          }

          function powerOfTen(value) {
            var e = Math.log10(value);
            if (Math.abs(e - Math.round(e)) > 1e-9) return '';
            e = Math.round(e);
            return e >= -2 && e <= 3 ? String(Math.pow(10, e)) : '1e' + e;
          }

          function axis(title, extra) {
            return Object.assign({ title: { display: true, text: title } }, extra || {});
          }

          // A log axis labelled and ruled at whole decades, with faint lines between them.
          function logarithmic(extra) {
            return Object.assign({ type: 'logarithmic', ticks: { autoSkip: false, maxRotation: 0, callback: powerOfTen },
              grid: { color: function (c) { return c.tick && powerOfTen(c.tick.value) ? '#d3d9df' : '#f1f3f5'; } } }, extra || {});
          }

          function extreme(values, pick) { return values.reduce(function (a, b) { return pick(a, b); }); }

          // Whole decades around what was observed (and ε); a model may reach one decade further either way, no more,
          // so that a prediction that dives to 1e-300 neither hides the data nor rules the chart with thousands of lines.
          function suboptimalityAxis(datasets) {
            var observed = [], predicted = [];
            datasets.forEach(function (d) { d.data.forEach(function (p) { (d.observed ? observed : predicted).push(p.y); }); });
            if (positive(data.targetSuboptimality)) observed.push(data.targetSuboptimality);
            var anchor = observed.length > 0 ? observed : predicted;
            var low = Math.floor(Math.log10(extreme(anchor, Math.min)));
            var high = Math.ceil(Math.log10(extreme(anchor, Math.max)));
            if (observed.length > 0 && predicted.length > 0) {
              if (extreme(predicted, Math.min) < Math.pow(10, low)) low -= 1;
              if (extreme(predicted, Math.max) > Math.pow(10, high)) high += 1;
            }
            if (high === low) high = low + 1;
            return axis('sub-optimality P(w) − P*', logarithmic({ min: Math.pow(10, low), max: Math.pow(10, high) }));
          }

          function observedCurve(label, colour, values, extra) {
            return Object.assign(curve(label, colour, values, extra), { observed: true });
          }

          // Points [x, y] with a finite x and a positive y: a log axis cannot show zero, negative or missing values.
          function points(rows, xIndex, yIndex) {
            return rows.filter(function (p) { return finite(p[xIndex]) && positive(p[yIndex]); })
              .map(function (p) { return { x: p[xIndex], y: p[yIndex] }; });
          }

          function curve(label, colour, values, extra) {
            return Object.assign({ type: 'line', label: label, data: values, borderColor: colour, backgroundColor: colour,
              borderWidth: 1.8, pointRadius: 0, pointHitRadius: 6, tension: 0, fill: false }, extra || {});
          }

          // "(profile)" tells short profiling runs from full ones, and says nothing when every run is a profile.
          function kindLabel(traces) {
            var mixed = traces.some(function (t) { return t.kind === 'profile'; }) && traces.some(function (t) { return t.kind !== 'profile'; });
            return function (t) { return mixed && t.kind === 'profile' ? ' (profile)' : ''; };
          }

          function targetGuide() {
            return positive(data.targetSuboptimality)
              ? [{ value: data.targetSuboptimality, label: 'ε = ' + number(data.targetSuboptimality) }] : [];
          }

          function line(ctx, x0, y0, x1, y1) { ctx.beginPath(); ctx.moveTo(x0, y0); ctx.lineTo(x1, y1); ctx.stroke(); }

          // Dashed reference lines: horizontal at a y value (the goal ε), vertical at x values (switches, deadline).
          var guides = {
            id: 'guides',
            afterDatasetsDraw: function (chart, args, options) {
              var ctx = chart.ctx, area = chart.chartArea;
              ctx.save();
              ctx.setLineDash([6, 4]);
              ctx.lineWidth = 1;
              ctx.strokeStyle = '#444';
              ctx.fillStyle = '#222';
              ctx.font = '11px ' + Chart.defaults.font.family;
              (options.horizontal || []).forEach(function (g) {
                var y = chart.scales.y.getPixelForValue(g.value);
                if (!(y >= area.top && y <= area.bottom)) return;
                line(ctx, area.left, y, area.right, y);
                ctx.fillText(g.label, area.left + 6, y - 4);
              });
              (options.vertical || []).forEach(function (g, i) {
                var x = chart.scales.x.getPixelForValue(g.value);
                if (!(x >= area.left && x <= area.right)) return;
                line(ctx, x, area.top, x, area.bottom);
                ctx.fillText(g.label, Math.min(x + 4, area.right - ctx.measureText(g.label).width), area.top + 12 + 13 * (i % 4));
              });
              ctx.restore();
            }
          };

          // Whiskers for each plan's interval of seconds, and a line setting apart the plans that miss the goal.
          var intervals = {
            id: 'intervals',
            afterDatasetsDraw: function (chart, args, options) {
              var ctx = chart.ctx, area = chart.chartArea, x = chart.scales.x, y = chart.scales.y;
              ctx.save();
              ctx.strokeStyle = '#1d232a';
              ctx.lineWidth = 1.5;
              options.rows.forEach(function (row, i) {
                var low = row.secondsLow, high = row.secondsHigh;
                if (!finite(low) || !finite(high)) return;
                if (x.type === 'logarithmic') low = Math.max(low, x.min);
                var py = y.getPixelForValue(i), x0 = x.getPixelForValue(low), x1 = x.getPixelForValue(high);
                line(ctx, x0, py, x1, py);
                line(ctx, x0, py - 5, x0, py + 5);
                line(ctx, x1, py - 5, x1, py + 5);
              });
              if (options.firstMiss > 0 && options.firstMiss < options.rows.length) {
                var py = (y.getPixelForValue(options.firstMiss - 1) + y.getPixelForValue(options.firstMiss)) / 2;
                ctx.setLineDash([4, 4]);
                ctx.strokeStyle = '#8a939c';
                line(ctx, area.left - 120, py, area.right, py);
              }
              ctx.restore();
            }
          };

          function lineChart(datasets, xAxis, yAxis, horizontal, vertical) {
            return {
              type: 'line',
              data: { datasets: datasets },
              options: {
                parsing: true,
                scales: { x: Object.assign({ type: 'linear' }, xAxis), y: yAxis },
                plugins: { guides: { horizontal: horizontal || [], vertical: vertical || [] } }
              },
              plugins: [guides]
            };
          }

          function systemFigure() {
            var measured = data.system.measured.filter(function (p) { return positive(p[0]) && finite(p[2]); });
            var model = data.system.model.filter(function (p) { return positive(p[0]) && finite(p[1]); })
              .sort(function (a, b) { return a[0] - b[0]; });
            if (measured.length === 0 && model.length === 0) return null;
            var at = function (m, seconds, fraction) { return { x: Math.log2(m), y: seconds, m: m, fraction: fraction }; };
            // Ernest profiles on subsamples: one series for them all (their fraction is in the tooltip), one for the whole data.
            var whole = measured.filter(function (p) { return !finite(p[1]) || p[1] >= 1; });
            var parts = measured.filter(function (p) { return finite(p[1]) && p[1] < 1; });
            var fractions = sorted(parts.map(function (p) { return p[1]; }));
            var datasets = [];
            if (whole.length > 0) {
              datasets.push({ type: 'scatter', label: 'measured, all data', showLine: false, pointRadius: 4.5, pointHoverRadius: 6,
                borderColor: categorical[0], backgroundColor: categorical[0],
                data: whole.map(function (p) { return at(p[0], p[2], finite(p[1]) ? p[1] : null); }) });
            }
            if (parts.length > 0) {
              datasets.push({ type: 'scatter', label: fractions.length === 1
                  ? 'measured on a fraction ' + number(fractions[0]) + ' of the data'
                  : 'measured on fractions ' + number(fractions[0]) + ' to ' + number(fractions[fractions.length - 1]) + ' of the data',
                showLine: false, pointRadius: 3.5, pointHoverRadius: 5, pointStyle: 'triangle',
                borderColor: '#7f7f7f', backgroundColor: '#7f7f7f',
                data: parts.map(function (p) { return at(p[0], p[2], p[1]); }) });
            }
            if (model.length > 0) {
              datasets.push(curve("Ernest's model f(m), all data", categorical[1],
                model.map(function (p) { return at(p[0], p[1], 1); }), { borderWidth: 2.2 }));
            }
            var xs = measured.map(function (p) { return Math.log2(p[0]); }).concat(model.map(function (p) { return Math.log2(p[0]); }));
            var low = Math.floor(Math.min.apply(null, xs)), high = Math.ceil(Math.max.apply(null, xs));
            if (high === low) high = low + 1;
            var config = lineChart(datasets,
              axis('machines m (log₂ scale)', { min: low, max: high,
                ticks: { stepSize: 1, callback: function (v) { return Number.isInteger(v) ? String(Math.pow(2, v)) : ''; } } }),
              axis('seconds per iteration', { type: 'linear', beginAtZero: true }));
            config.options.plugins.tooltip = { callbacks: { label: function (c) {
              return c.dataset.label + ': m = ' + c.raw.m + (finite(c.raw.fraction) ? ', fraction ' + number(c.raw.fraction) : '') +
                ', ' + number(c.raw.y) + ' s'; } } };
            return config;
          }

          function machinesFigure() {
            var algorithm = data.focusAlgorithm;
            var traces = data.traces.filter(function (t) { return t.algorithm === algorithm && t.kind !== 'adaptive'; });
            var fits = data.modelCurves.filter(function (c) { return c.algorithm === algorithm && c.kind === 'fit'; });
            var machines = sorted(traces.map(function (t) { return t.machines; }).concat(fits.map(function (c) { return c.machines; })));
            var colour = function (m) { return ordered(machines.indexOf(m), machines.length); };
            var kind = kindLabel(traces);
            var datasets = traces.map(function (t) {
              return observedCurve('m = ' + t.machines + kind(t), colour(t.machines), points(t.points, 0, 2));
            }).concat(fits.map(function (c) {
              // One legend entry per machine count: the caption says that dashed lines are the model.
              return curve('m = ' + c.machines + ', model', colour(c.machines), points(c.points, 0, 1),
                { borderDash: [6, 4], borderWidth: 1.4, inLegend: false });
            })).filter(function (d) { return d.data.length > 0; });
            if (datasets.length === 0) return null;
            return lineChart(datasets, axis('iteration'), suboptimalityAxis(datasets), targetGuide());
          }

          function compareFigure() {
            var traces = data.traces.filter(function (t) { return t.machines === data.compareMachines && t.kind !== 'adaptive'; });
            var algorithms = Array.from(new Set(data.traces.map(function (t) { return t.algorithm; })));
            var kind = kindLabel(traces);
            var datasets = traces.map(function (t) {
              return observedCurve(t.algorithm + kind(t),
                categorical[algorithms.indexOf(t.algorithm) % categorical.length], points(t.points, 1, 2));
            }).filter(function (d) { return d.data.length > 0; });
            if (datasets.length === 0) return null;
            return lineChart(datasets, axis('seconds', { beginAtZero: true }), suboptimalityAxis(datasets), targetGuide());
          }

          function validationFigure() {
            var validations = data.modelCurves.filter(function (c) { return c.kind === 'leave-one-out' || c.kind === 'forward'; });
            var keys = Array.from(new Set(validations.map(function (c) { return where(c.algorithm, c.machines); })));
            var colour = function (key) { return categorical[keys.indexOf(key) % categorical.length]; };
            var observed = data.traces.filter(function (t) {
              return t.kind !== 'adaptive' && keys.indexOf(where(t.algorithm, t.machines)) >= 0;
            }).map(function (t) {
              var key = where(t.algorithm, t.machines);
              return observedCurve(key + ', observed', colour(key), points(t.points, 0, 2), { borderWidth: 1.4 });
            });
            // Forward predictions may be a few points some iterations apart or a dense curve: dotted, marked when sparse.
            var predicted = validations.map(function (c) {
              var key = where(c.algorithm, c.machines);
              var values = points(c.points, 0, 1);
              return c.kind === 'forward'
                ? curve(key + ', forward prediction', colour(key), values,
                    { borderDash: [2, 3], borderWidth: 2, pointStyle: 'crossRot', pointRadius: values.length <= 40 ? 4 : 0 })
                : curve(key + ', leave-one-m-out', colour(key), values, { borderDash: [7, 4], borderWidth: 2.2 });
            });
            var datasets = observed.concat(predicted).filter(function (d) { return d.data.length > 0; });
            if (predicted.every(function (d) { return d.data.length === 0; })) return null;
            return lineChart(datasets, axis('iteration'), suboptimalityAxis(datasets), targetGuide());
          }

          function plansFigure() {
            var bySeconds = function (a, b) { return a.seconds - b.seconds; };
            var timed = data.plans.filter(function (p) { return positive(p.seconds); });
            var meets = timed.filter(function (p) { return p.meetsGoal; }).sort(bySeconds);
            var misses = timed.filter(function (p) { return !p.meetsGoal; }).sort(bySeconds);
            var rows = meets.concat(misses);
            if (rows.length === 0) return null;
            var labels = rows.map(function (p) { return (p.recommended ? '★ ' : '') + where(p.algorithm, p.machines); });
            var column = function (keep) { return rows.map(function (p) { return keep(p) ? p.seconds : null; }); };
            var bars = function (label, colour, keep) {
              return { label: label, data: column(keep), backgroundColor: colour, borderColor: colour, grouped: false, skipNull: true,
                barPercentage: 0.75, categoryPercentage: 0.9, maxBarThickness: 26 };
            };
            var datasets = [
              bars('recommended', '#0b6e4f', function (p) { return p.recommended; }),
              bars('meets the goal', '#6fa8dc', function (p) { return p.meetsGoal && !p.recommended; }),
              bars('predicted to miss the goal', '#c3c8ce', function (p) { return !p.meetsGoal; })
            ].filter(function (d) { return d.data.some(function (v) { return v !== null; }); });
            // About 22 pixels a plan, so that two plans do not make fat bars and forty stay legible.
            document.getElementById('figure-plans').querySelector('.chart').style.height = Math.max(180, 110 + 22 * rows.length) + 'px';
            var values = [];
            rows.forEach(function (p) { [p.seconds, p.secondsLow, p.secondsHigh].forEach(function (v) { if (positive(v)) values.push(v); }); });
            var smallest = Math.min.apply(null, values), largest = Math.max.apply(null, values);
            // Whole decades on a log axis, and room for the longest whisker either way.
            var wide = largest / smallest > 100;
            var vertical = positive(data.deadlineSeconds) ? [{ value: data.deadlineSeconds, label: 'deadline ' + number(data.deadlineSeconds) + ' s' }] : [];
            return {
              type: 'bar',
              data: { labels: labels, datasets: datasets },
              options: {
                indexAxis: 'y',
                scales: {
                  x: wide
                    ? axis('predicted seconds (log scale)', logarithmic({
                        min: Math.pow(10, Math.floor(Math.log10(smallest))), max: Math.pow(10, Math.ceil(Math.log10(largest))) }))
                    : axis('predicted seconds', { type: 'linear', beginAtZero: true, suggestedMax: largest * 1.05 }),
                  y: { type: 'category', ticks: { autoSkip: false } }
                },
                plugins: {
                  intervals: { rows: rows, firstMiss: meets.length },
                  guides: { horizontal: [], vertical: vertical },
                  tooltip: { callbacks: { label: function (c) {
                    var p = rows[c.dataIndex];
                    var text = number(p.seconds) + ' s';
                    if (finite(p.secondsLow) && finite(p.secondsHigh)) text += ' (' + number(p.secondsLow) + '–' + number(p.secondsHigh) + ' s)';
                    if (finite(p.iterations)) text += ', ' + Math.round(p.iterations) + ' iterations';
                    return text;
                  } } }
                }
              },
              plugins: [intervals, guides]
            };
          }

          function adaptiveFigure() {
            var runs = data.traces.filter(function (t) { return t.kind === 'adaptive'; });
            var datasets = runs.map(function (t, i) {
              return observedCurve('adaptive run from ' + where(t.algorithm, t.machines), categorical[i % categorical.length], points(t.points, 1, 2),
                { pointRadius: 1.5 });
            }).filter(function (d) { return d.data.length > 0; });
            if (datasets.length === 0) return null;
            var vertical = data.switches.filter(function (s) { return finite(s.seconds); }).map(function (s) {
              return { value: s.seconds, label: s.from + ' → ' + s.to + ' (iteration ' + s.iteration + ')' };
            });
            return lineChart(datasets, axis('seconds', { beginAtZero: true }), suboptimalityAxis(datasets), targetGuide(), vertical);
          }

          function noData(section, text) {
            var holder = section.querySelector('.chart');
            var message = document.createElement('p');
            message.className = 'no-data';
            message.textContent = text;
            holder.replaceWith(message);
          }

          if (typeof Chart === 'undefined') {
            window.onerror('the chart library did not load');
          } else {
            Chart.defaults.animation = false;
            Chart.defaults.responsive = true;
            Chart.defaults.maintainAspectRatio = false;
            Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif';
            Chart.defaults.color = '#1d232a';
            Chart.defaults.plugins.legend.position = 'bottom';
            Chart.defaults.plugins.legend.labels.boxWidth = 14;
            Chart.defaults.plugins.legend.labels.filter = function (item, chartData) {
              return chartData.datasets[item.datasetIndex].inLegend !== false;
            };
            Chart.defaults.interaction.mode = 'nearest';
            Chart.defaults.interaction.intersect = false;
          }

          var figures = {
            'figure-system': systemFigure,
            'figure-machines': machinesFigure,
            'figure-compare': compareFigure,
            'figure-validation': validationFigure,
            'figure-plans': plansFigure,
            'figure-adaptive': adaptiveFigure
          };
          Object.keys(figures).forEach(function (id) {
            var section = document.getElementById(id);
            if (!section) return;
            try {
              var config = figures[id]();
              if (config === null) {
                noData(section, 'no data');
              } else if (typeof Chart !== 'undefined') {
                new Chart(section.querySelector('canvas'), config);
                drawn += 1;
              }
            } catch (e) {
              window.onerror(id + ': ' + (e && e.message ? e.message : String(e)));
            }
          });
          body.dataset.charts = String(drawn);
        })();
        """;
}
