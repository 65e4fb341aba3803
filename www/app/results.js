// The results panel: headline, the run's own checks, metrics, per-worker work, the example's
// charts and the timeline. Every word comes from the catalog (`words`, app/i18n.js): this
// module's own under `results.*`, the example's checks and metrics through app/wording.js.
import { seriesCharts } from './charts.js';
import { connectionCosts } from './connection-costs.js';
import { disposeFigures } from './figures.js';
import { el } from './format.js';
import { rich } from './i18n.js';
import { browserWaitNote, onWorkers } from './results-text.js';
import { timelineFigure } from './timeline.js';
import { brokenOnPurposeText, checkText, errorText, metricLabel, metricValue } from './wording.js';

export { summarize } from './results-text.js';

function checksList(report, words) {
  const list = el('ul', 'checks');
  list.setAttribute('aria-label', words.t('results.checks.label'));
  for (const check of report.checks) {
    const { name, detail } = checkText(words, report.example, check);
    const item = el('li', check.ok ? 'ok' : 'bad');
    item.dataset.check = check.id;
    item.append(rich(name), ' ');
    const span = el('span', 'detail');
    span.append('(', rich(detail), ')');
    item.append(span);
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

function workersTable(report, words) {
  const maxBusy = Math.max(...report.workers.map((w) => w.busyMs), 1e-9);
  const rows = report.workers.map((w) => {
    const bar = el('div', 'bar');
    bar.style.width = `${(100 * w.busyMs) / maxBusy}%`;
    bar.title = words.t('results.workers.barTitle', { time: words.ms(w.busyMs) });
    return [words.t('results.workers.worker', { id: w.id }), words.number(w.tasks), words.ms(w.busyMs),
      words.ms(w.waitingMs), bar];
  });
  const h = (key) => words.t(`results.workers.${key}`);
  // The bars' column needs no visible heading, but a screen reader's user needs one.
  const t = table([h('headWorker'), h('headTasks'), h('headBusy'), h('headWaiting'), el('span', 'visually-hidden', h('headBar'))],
    rows, [false, true, true, true, false]);
  t.classList.add('workers');
  const note = el('p', 'muted small workers-note', words.t('results.workers.note'));
  const box = el('div', 'workers-box');
  box.append(t, note);
  return box;
}

function metricsTable(report, words) {
  const keys = [...Object.keys(report.metrics), 'memoryBytes', 'peakHeapBytes'];
  const rows = Object.entries(report.metrics).map(([key, value]) => [metricLabel(words, key), metricValue(words, key, value)]);
  rows.push([words.t('results.metrics.wasmMemory'), words.bytes(report.memoryBytes)],
    [words.t('results.metrics.peakHeap'), words.bytes(report.peakHeapBytes)]);
  const t = table([words.t('results.metrics.headMetric'), words.t('results.metrics.headValue')], rows, [false, true]);
  t.classList.add('metrics');
  // The report's key on each row: what a test (or a script) finds a metric by, in any language.
  [...t.tBodies[0].rows].forEach((tr, i) => { tr.dataset.metric = keys[i]; });
  return t;
}

function section(title, ...children) {
  const s = el('div');
  s.append(el('h3', null, title), ...children);
  return s;
}


/**
 * Shows `report` in `container` in `words`' language, disposing the figures shown there before;
 * `extra` (the 1-vs-N box, a sweep's chart) goes right under the headline.
 */
export function renderReport(container, report, extra, words) {
  disposeFigures(container);
  const headline = el('div', 'headline');
  const wall = el('span', 'big', words.ms(report.wallMs));
  wall.id = 'wall-ms';
  const badge = report.ok ? 'allPassed' : report.checks.length === 0 ? 'noCheck' : 'failed';
  headline.append(
    wall,
    el('span', null, onWorkers(words, report.threads)),
    el('span', `badge ${report.ok ? 'ok' : 'bad'}`, words.t(`results.headline.${badge}`)),
  );
  const parts = [headline];
  // A variant that is wrong on purpose (a race): its red checks are the lesson, not a bug.
  const broken = brokenOnPurposeText(words, report.example, report.brokenOnPurposeId);
  if (broken) {
    const note = el('p', 'broken-on-purpose');
    note.setAttribute('role', 'note');
    note.append(el('strong', null, words.t('results.brokenOnPurpose')), ' ', rich(broken));
    parts.push(note);
  }
  if (report.verifyMs > 0) {
    parts.push(el('p', 'muted small', words.t('results.verifyTime', { time: words.ms(report.verifyMs) })));
  }
  if (extra) parts.push(extra);
  parts.push(
    section(words.t('results.sections.checks'), checksList(report, words)),
    (() => {
      const g = el('div', 'grid2');
      g.append(section(words.t('results.sections.workers'), workersTable(report, words)),
        section(words.t('results.sections.metrics'), metricsTable(report, words)));
      return g;
    })(),
  );
  if (report.example === 'web-server') {
    parts.push(section(words.t('results.sections.connectionCosts'), connectionCosts(report, words)));
  }
  const charts = seriesCharts(report, words);
  if (charts.length > 0) {
    const grid = el('div', 'charts');
    grid.append(...charts);
    parts.push(section(words.t('results.sections.charts'), grid));
  }
  parts.push(section(words.t('results.sections.timeline'), timelineFigure(report, words)));
  container.replaceChildren(...parts);
}

/**
 * Replaces what `container` shows with one sentence, disposing its figures. `text` is already
 * in the reader's words, e.g. `words.t('results.idle')` or `words.t('results.cancelled')`.
 */
export function showMessage(container, text) {
  disposeFigures(container);
  container.replaceChildren(el('p', 'muted', text));
}

/** The 1-vs-N comparison box. */
export function compareBox({ one, all, warm }, words) {
  const box = el('div', 'compare');
  box.id = 'compare-result';
  const speedup = one.wallMs / all.wallMs;
  box.append(
    el('strong', null, words.t('results.compare.line', {
      one: words.ms(one.wallMs), count: all.threads, all: words.ms(all.wallMs), speedup: words.number(Number(speedup.toFixed(2))),
    })),
    el('p', 'muted small', words.t(warm ? 'results.compare.warm' : 'results.compare.cold')),
  );
  const waits = browserWaitNoteNode(all, words);
  if (waits) box.append(waits);
  return box;
}

/** `browserWaitNote` as a paragraph, or null when the run seldom waited. */
export function browserWaitNoteNode(report, words) {
  const text = browserWaitNote(report, words);
  if (!text) return null;
  const note = el('p', 'muted small browser-waits');
  note.setAttribute('role', 'note');
  note.append(rich(text));
  return note;
}

/**
 * What a run caught in a deadlock did until then: why it stopped, and its last waits. The
 * cycle is worded by wording.js's errorText from the error's code (the API's English message
 * when it has none).
 */
export function renderDeadlock(container, error, words) {
  const note = el('p', 'broken-on-purpose');
  note.setAttribute('role', 'note');
  note.append(el('strong', null, words.t('results.deadlock.title')), ' ',
    rich(words.t('results.deadlock.explain', { cycle: errorText(words, error, error.report?.example) })));
  disposeFigures(container);
  container.replaceChildren(note, section(words.t('results.deadlock.timeline'), timelineFigure(error.report, words)));
}
