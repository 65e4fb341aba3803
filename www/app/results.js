// The results panel: headline, the run's own checks, metrics, per-worker work, the example's
// charts and the timeline.
import { seriesCharts } from './charts.js';
import { connectionCosts } from './connection-costs.js';
import { disposeFigures } from './figures.js';
import { bytes, el, ms, number } from './format.js';
import { timelineFigure } from './timeline.js';

function checksList(report) {
  const list = el('ul', 'checks');
  list.setAttribute('aria-label', 'Checks the run made of its own results');
  for (const check of report.checks) {
    const item = el('li', check.ok ? 'ok' : 'bad', `${check.name} `);
    item.append(el('span', 'detail', `(${check.detail})`));
    list.append(item);
  }
  return list;
}

function table(headers, rows, numeric) {
  const t = el('table', 'data');
  const head = t.createTHead().insertRow();
  headers.forEach((h, i) => {
    const th = el('th', numeric[i] ? 'num' : '');
    th.append(h);
    th.scope = 'col';
    head.append(th);
  });
  const body = t.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    row.forEach((cell, i) => {
      const td = tr.insertCell();
      if (numeric[i]) td.className = 'num';
      if (cell instanceof Node) td.append(cell);
      else td.textContent = cell;
    });
  }
  return t;
}

// Kinds of span that are waiting (runtime/record.rs SpanKind::is_busy): not counted as busy.
const WAITING = new Set(['lock-wait', 'send', 'recv']);

function workersTable(report) {
  const maxBusy = Math.max(...report.workers.map((w) => w.busyMs), 1e-9);
  const waiting = new Map();
  for (const s of report.timeline.spans) {
    if (WAITING.has(s.kind)) waiting.set(s.worker, (waiting.get(s.worker) ?? 0) + s.endMs - s.startMs);
  }
  // A sample's spans are some of the spans, so their sum is a lower bound.
  const atLeast = report.timeline.sampled ? '≥ ' : '';
  const rows = report.workers.map((w) => {
    const bar = el('div', 'bar');
    bar.style.width = `${(100 * w.busyMs) / maxBusy}%`;
    bar.title = `${ms(w.busyMs)} busy`;
    return [`worker ${w.id}`, number(w.tasks), ms(w.busyMs), atLeast + ms(waiting.get(w.id) ?? 0), bar];
  });
  // The bars' column needs no visible heading, but a screen reader's user needs one.
  const t = table(['worker', 'tasks', 'busy', 'waiting', el('span', 'visually-hidden', 'busy, against the busiest worker')], rows,
    [false, true, true, true, false]);
  const note = el('p', 'muted small workers-note',
    'Busy is time working or holding a lock. Sending, receiving and waiting for a lock are timed as ' +
    'waiting, not counted as busy: a worker that only sends shows 0 ms busy however many messages it ' +
    'sent. Waiting is summed from the timeline\'s spans' +
    (report.timeline.sampled
      ? ', which are an even sample of them here, so the sum is a lower bound (≥).'
      : '.'));
  const box = el('div');
  box.append(t, note);
  return box;
}

/** Metric names carry their unit by convention: `lockWaitMs`, `bytesPerConnection`. */
function metricValue(name, value) {
  if (/Ms$/.test(name)) return ms(value);
  if (/bytes/i.test(name)) return bytes(value);
  return number(value);
}

function metricsTable(report) {
  const rows = Object.entries(report.metrics).map(([name, value]) => [name, metricValue(name, value)]);
  rows.push(['wasm memory', bytes(report.memoryBytes)], ['peak heap in this run', bytes(report.peakHeapBytes)]);
  return table(['metric', 'value'], rows, [false, true]);
}

function section(title, ...children) {
  const s = el('div');
  s.append(el('h3', null, title), ...children);
  return s;
}

/**
 * Shows `report` in `container`, disposing the figures shown there before; `extra` (the 1-vs-N
 * box, a sweep's chart) goes right under the headline.
 */
export function renderReport(container, report, extra) {
  disposeFigures(container);
  const headline = el('div', 'headline');
  const wall = el('span', 'big', ms(report.wallMs));
  wall.id = 'wall-ms';
  headline.append(
    wall,
    el('span', null, `on ${report.threads} ${report.threads === 1 ? 'worker' : 'workers'}`),
    el('span', `badge ${report.ok ? 'ok' : 'bad'}`,
      report.ok ? 'all checks passed' : report.checks.length === 0 ? 'no check was made' : 'a check FAILED'),
  );
  const parts = [headline];
  // A variant that is wrong on purpose (a race): its red checks are the lesson, not a bug.
  if (report.brokenOnPurpose) {
    const note = el('p', 'broken-on-purpose');
    note.setAttribute('role', 'note');
    note.append(el('strong', null, 'Broken on purpose. '), report.brokenOnPurpose);
    parts.push(note);
  }
  if (report.verifyMs > 0) {
    parts.push(el('p', 'muted small', `Checking the results took another ${ms(report.verifyMs)}, not counted above.`));
  }
  if (extra) parts.push(extra);
  parts.push(
    section('Checks', checksList(report)),
    (() => {
      const g = el('div', 'grid2');
      g.append(section('What each worker did', workersTable(report)), section('Metrics', metricsTable(report)));
      return g;
    })(),
  );
  if (report.example === 'web-server') parts.push(section('What one connection costs', connectionCosts(report)));
  const charts = seriesCharts(report);
  if (charts.length > 0) {
    const grid = el('div', 'charts');
    grid.append(...charts);
    parts.push(section('Charts', grid));
  }
  parts.push(section('Timeline', timelineFigure(report)));
  container.replaceChildren(...parts);
}

/**
 * The run in one sentence, for a live region: announced once when the run ends, where the
 * progress (which changes every frame) is not announced at all.
 */
export function summarize(report) {
  const failed = report.checks.filter((c) => !c.ok).map((c) => c.name);
  const checks = report.ok ? 'all checks passed' : `checks failed: ${failed.join('; ') || 'no check was made'}`;
  return `Finished in ${ms(report.wallMs)} on ${report.threads} ${report.threads === 1 ? 'worker' : 'workers'}; ${checks}.`;
}

/** Replaces what `container` shows with one sentence ("Cancelled."), disposing its figures. */
export function showMessage(container, text) {
  disposeFigures(container);
  container.replaceChildren(el('p', 'muted', text));
}

/** The 1-vs-N comparison box. */
export function compareBox({ one, all, warm }) {
  const box = el('div', 'compare');
  box.id = 'compare-result';
  const speedup = one.wallMs / all.wallMs;
  box.append(
    el('strong', null, `1 worker: ${ms(one.wallMs)} · ${all.threads} workers: ${ms(all.wallMs)} · speedup ${speedup.toFixed(2)}×`),
    el('p', 'muted small', warm
      ? 'Both measured after a warm-up run, so the browser had already optimised the code.'
      : 'Measured without a warm-up run.'),
  );
  return box;
}

/** What a run caught in a deadlock did until then: why it stopped, and its last waits. */
export function renderDeadlock(container, error) {
  const note = el('p', 'broken-on-purpose');
  note.setAttribute('role', 'note');
  note.append(el('strong', null, 'Deadlock, caught. '),
    'Every worker in the cycle holds a lock that another one in it waits for, so none can go on: ' +
    `${error.message}. Rust does not prevent this. The runtime saw the cycle in its record of ` +
    'who holds and who waits for which lock, stopped the run and started fresh workers; the ' +
    'hatched bars that reach the right edge are the waits that would never have ended.');
  disposeFigures(container);
  container.replaceChildren(note, section('Timeline, up to the deadlock', timelineFigure(error.report)));
}
