// Charts with uPlot (npm `uplot`, copied to dist/vendor by build.sh): the example's own series,
// the speedup curve and parameter sweeps. uPlot draws the axes, ticks and legend; this module
// only says what to plot. Each chart also carries its numbers as a table (for screen readers,
// keyboards and copying), and series differ by line style as well as colour. Words: the
// chart's own under `results.chart.*`, a series' title and axes from wording.js's seriesText.
// uPlot is fetched when the first chart is drawn, not with the page: no chart shows before a
// run, and it is the largest script of a first visit after the wasm.
import { registerFigure } from './figures.js';
import { el } from './format.js';
import { palette, redrawOnThemeChange } from './theme.js';
import { seriesText } from './wording.js';

const HEIGHT = 240;
const DASHES = { solid: undefined, dashed: [8, 5], dotted: [2, 4] };

/**
 * How each series the examples report is drawn (its words are the catalog's `series.*`); a
 * series not named here is a line.
 */
const SERIES_STYLES = {
  // Stepped: a queue's depth jumps from one count to the next, it does not glide.
  queueDepth: { stepped: true },
  // Bars, one per bucket, evenly spaced: buckets usually grow geometrically (1, 2, 5, 10 ms…),
  // and on a linear axis the small ones would crowd into a corner.
  latencyHistogram: { buckets: true },
};

function axis(label, colors, extra = {}) {
  return {
    label, stroke: colors.text, labelSize: 22, size: 44,
    grid: { stroke: colors.grid, width: 1 }, ticks: { stroke: colors.grid, width: 1 },
    ...extra,
  };
}

/** Room for the widest tick label plus the axis title, so "100,000" never runs into the title. */
function yAxisWidth(u, values) {
  const longest = Math.max(0, ...(values ?? []).map((v) => String(v).length));
  return Math.max(44, 30 + longest * 7);
}

let uPlotLoading = null;
/** uPlot's class, fetched once, the first time a chart is drawn. */
const loadUPlot = () => (uPlotLoading ??= import('../vendor/uPlot.esm.js').then((module) => module.default));

function options(uPlot, spec, width, element) {
  const colors = palette(element);
  const series = spec.series.map((s, i) => {
    const color = colors.series[i % colors.series.length];
    return {
      label: s.label, stroke: color, width: s.width ?? 2, dash: DASHES[s.style ?? 'solid'],
      points: { show: s.points ?? false, size: 7, fill: color },
      ...(s.bars ? { paths: uPlot.paths.bars({ size: [0.7, 64] }), fill: colors.seriesFill[i % colors.seriesFill.length] } : {}),
      ...(s.stepped ? { paths: uPlot.paths.stepped({ align: 1 }) } : {}),
    };
  });
  const categories = spec.xCategories;
  const xAxis = categories
    ? { splits: () => categories.map((_, i) => i), values: (u, splits) => splits.map((i) => categories[i] ?? '') }
    : spec.xAxis;
  return {
    width, height: HEIGHT,
    scales: {
      x: {
        time: false,
        // uPlot widens a log axis to whole decades; a little margin is enough.
        ...(spec.xLog ? { distr: 3, log: 10, range: (u, min, max) => [min / 1.5, max * 1.5] } : {}),
        ...(categories ? { range: () => [-0.5, categories.length - 0.5] } : {}),
      },
      y: spec.yFromZero ? { range: (u, min, max) => [0, Math.max(max * 1.1, 1)] } : {},
    },
    axes: [axis(spec.xLabel, colors, xAxis), axis(spec.yLabel, colors, { size: yAxisWidth })],
    series: [{ label: spec.xLabel }, ...series],
    // Not live: values under the cursor would be a mouse-only feature; the table has them all.
    // One series needs no legend: the y axis names it.
    legend: { show: spec.series.length > 1, live: false, markers: { dash: (u, i) => (spec.series[i - 1]?.style ?? 'solid') } },
    cursor: { drag: { x: false, y: false } },
  };
}

function dataTable(spec, data, words) {
  const details = el('details', 'chart-data');
  details.append(el('summary', null, words.t('results.chart.numbers')));
  const table = el('table', 'data');
  const head = table.createTHead().insertRow();
  for (const label of [spec.xLabel, ...spec.series.map((s) => s.label)]) {
    const th = el('th', 'num', label);
    th.scope = 'col';
    head.append(th);
  }
  const body = table.createTBody();
  data[0].forEach((x, row) => {
    const tr = body.insertRow();
    data.forEach((column, i) => {
      const td = tr.insertCell();
      td.className = 'num';
      if (i === 0 && spec.xCategories) td.textContent = spec.xCategories[x];
      else td.textContent = column[row] == null ? '–' : words.number(column[row]);
    });
  });
  details.append(table);
  return details;
}

/**
 * The chart in words, for screen readers: what is plotted against what, and each series' range
 * with where it peaks (the "Numbers" table under the chart has every point).
 */
export function describeChart(spec, data, words) {
  const xs = data[0];
  const xName = (i) => (spec.xCategories ? spec.xCategories[xs[i]] : words.number(xs[i]));
  const series = spec.series.map((s, k) => {
    const ys = data[k + 1];
    const defined = ys.map((y, i) => [y, i]).filter(([y]) => y != null);
    if (defined.length === 0) return words.t('results.chart.noPoints', { label: s.label });
    const [low] = defined.reduce((a, b) => (b[0] < a[0] ? b : a));
    const [high, at] = defined.reduce((a, b) => (b[0] > a[0] ? b : a));
    return words.t('results.chart.seriesRange', {
      label: s.label, low: words.number(low), high: words.number(high), x: spec.xLabel, at: xName(at),
    });
  });
  return words.t('results.chart.describe', {
    title: spec.title, y: spec.yLabel, x: spec.xLabel, count: xs.length, series: series.join('; '),
  });
}

/**
 * A figure with a uPlot chart. `spec`: { title, xLabel, yLabel, xLog?, yFromZero?, xAxis?,
 * xCategories?, series: [{ label, style?: 'solid'|'dashed'|'dotted', points?, bars?, stepped?,
 * width? }], lead?, note? } (xCategories: names for x = 0, 1, …; lead: a node shown under the
 * title; note: a sentence under the chart);
 * `data`: uPlot's columns, [xs, ys1, ys2, …] with xs ascending. The spec's texts are already
 * words; `words` gives the figure's own (the table's summary, the description) and numbers.
 */
export function chartFigure(spec, data, words) {
  const figure = el('figure', 'chart');
  const plotArea = el('div', 'chart-plot');
  plotArea.setAttribute('role', 'img');
  plotArea.setAttribute('aria-label', describeChart(spec, data, words));
  figure.append(el('figcaption', 'chart-title', spec.title));
  if (spec.lead) figure.append(spec.lead);
  figure.append(plotArea);
  if (spec.note) figure.append(el('p', 'muted small', spec.note));
  figure.append(dataTable(spec, data, words));

  // uPlot needs a width in pixels: build once the figure is laid out (and uPlot is here),
  // resize with it.
  let plot = null;
  let disposed = false;
  let building = false;
  const build = async () => {
    building = true;
    const uPlot = await loadUPlot();
    building = false;
    if (disposed || plotArea.clientWidth === 0) return;
    plot?.destroy();
    plot = new uPlot(options(uPlot, spec, plotArea.clientWidth, figure), data, plotArea);
  };
  const resized = new ResizeObserver(() => {
    const width = plotArea.clientWidth;
    if (width === 0) return;
    if (!plot && !building) build();
    else if (plot && plot.width !== width) plot.setSize({ width, height: HEIGHT });
  });
  resized.observe(plotArea);
  const forgetTheme = redrawOnThemeChange(figure, () => plot && build());
  // uPlot keeps every plot in a module-level set and a window listener: without destroy() it is never freed.
  registerFigure(figure, () => {
    disposed = true;
    resized.disconnect();
    forgetTheme();
    plot?.destroy();
    plot = null;
  });
  return figure;
}

/** One chart per series in `report.series`, titled and labelled by the catalog's `series.<name>`. */
export function seriesCharts(report, words) {
  return Object.entries(report.series ?? {}).filter(([, points]) => points.length > 0).map(([name, points]) => {
    const labels = { ...seriesText(words, name), ...SERIES_STYLES[name] };
    const sorted = [...points].sort((a, b) => a[0] - b[0]);
    const xs = labels.buckets ? sorted.map((_, i) => i) : sorted.map((p) => p[0]);
    const figure = chartFigure({
      title: labels.title, xLabel: labels.x, yLabel: labels.y, yFromZero: labels.buckets,
      xCategories: labels.buckets ? sorted.map((p) => words.number(p[0])) : undefined,
      series: [{
        label: labels.y, bars: labels.buckets, stepped: labels.stepped,
        points: !labels.buckets && sorted.length < 40,
      }],
    }, [xs, sorted.map((p) => p[1])], words);
    figure.dataset.series = name;
    figure.dataset.points = String(sorted.length);
    return figure;
  });
}
