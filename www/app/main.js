// The page: picks an example, builds its controls, runs it through the playground API and
// shows the report. It never touches wasm; the runtime worker does all the work.
import { createPlayground, threadsUnavailableReason } from '../playground.js';
import { markInvalid, readParams, renderParams, runOnEnter } from './controls.js';
import { downloadJson } from './download.js';
import { followProgress } from './progress.js';
import { compareBox, renderDeadlock, renderReport, showMessage, summarize } from './results.js';
import { copyLink, readHash, writeHash } from './share.js';
import { renderSources } from './source.js';
import { speedupFigure, sweepFigure } from './sweep-charts.js';
import { PARAM_SWEEPS, sweep } from './sweep.js';
import { fileNameFor, toTraceEvents } from './trace.js';
import { renderWrongWay } from './wrong-way.js';

const $ = (id) => document.getElementById(id);
const ui = {
  status: $('status'), tabs: $('example-tabs'), title: $('example-title'), summary: $('example-summary'),
  form: $('params'), run: $('run'), cancel: $('cancel'), compare: $('compare'), speedup: $('speedup'),
  sweep: $('sweep'), copyLink: $('copy-link'), shareStatus: $('share-status'), shareUrl: $('share-url'),
  progress: $('progress'), progressText: $('progress-text'), error: $('error'), results: $('results'),
  exportTrace: $('export-trace'), exportReport: $('export-report'), lookFor: $('look-for'),
  source: $('source'), progressNote: $('progress-note'), announce: $('announce'),
};

let playground = null;
let current = null;
/** The report on show, for the download buttons. */
let shown = null;
/** During a sweep, which run of how many is going ("run 3 of 7"), shown with the progress. */
let phase = '';

function setBusy(busy) {
  // A focused button that gets disabled drops the keyboard's focus to the page's start: hand
  // it to the button that takes over (Run and the measures to Cancel, and back).
  const focused = document.activeElement;
  const idle = !busy && playground !== null;
  ui.run.disabled = !idle;
  // With one worker there is nothing to compare or curve.
  ui.compare.disabled = !idle || playground.info.threads < 2;
  // One worker gives one point: no curve to draw.
  ui.speedup.disabled = !idle || playground.info.threads < 2;
  ui.sweep.disabled = !idle;
  ui.cancel.disabled = !busy;
  // Switching examples mid-run would show the finished report under the wrong example.
  for (const tab of ui.tabs.children) tab.disabled = busy;
  ui.exportTrace.disabled = ui.exportReport.disabled = busy || shown === null;
  document.body.dataset.busy = String(busy);
  if (focused instanceof HTMLButtonElement && focused.disabled) (busy ? ui.cancel : ui.run).focus();
}

function showError(error) {
  ui.error.hidden = !error;
  ui.error.textContent = error ? `${error.name}: ${error.message}` : '';
  markInvalid(ui.form, error);
}

function showReport(report, extra) {
  shown = report;
  renderReport(ui.results, report, extra);
  ui.announce.textContent = summarize(report);
}

function select(example, values = {}) {
  current = example;
  for (const tab of ui.tabs.children) {
    const selected = tab.dataset.id === example.id;
    tab.setAttribute('aria-selected', String(selected));
    // One tab stop for the whole list; the arrow keys move between tabs (wireTabs).
    tab.tabIndex = selected ? 0 : -1;
  }
  ui.title.textContent = example.title;
  ui.summary.textContent = example.summary;
  ui.lookFor.textContent = `What to look for: ${example.lookFor}`;
  renderSources(ui.source, example.sources);
  renderWrongWay($('wrong-way'), example.id);
  renderParams(ui.form, example, values);
  const paramSweep = PARAM_SWEEPS[example.id];
  ui.sweep.hidden = !paramSweep;
  if (paramSweep) ui.sweep.textContent = paramSweep.title;
  shown = null;
  showMessage(ui.results, 'Press Run to see what the threads did.');
  ui.exportTrace.disabled = ui.exportReport.disabled = true;
  showError(null);
}

async function guarded(task) {
  showError(null);
  // Emptied first, so that the same sentence after the next run is announced again.
  ui.announce.textContent = '';
  setBusy(true);
  followProgress(playground, { bar: ui.progress, text: ui.progressText }, () => playground.busy, () => phase);
  try {
    await task();
  } catch (error) {
    showError(error);
    if (error.name === 'DeadlockError' && error.report) {
      shown = null;
      renderDeadlock(ui.results, error);
    }
  } finally {
    phase = '';
    setBusy(false);
  }
}

function run() {
  const params = readParams(ui.form, current);
  return guarded(async () => {
    const report = await playground.run(current.id, params);
    writeHash(current.id, params);
    showReport(report);
  });
}

/** Runs once to warm up (the browser optimises hot wasm after its first runs), then 1 vs N. */
function compare() {
  const params = readParams(ui.form, current);
  const all = playground.info.threads;
  return guarded(async () => {
    await playground.run(current.id, { ...params, threads: all });
    const one = await playground.run(current.id, { ...params, threads: 1 });
    const many = await playground.run(current.id, { ...params, threads: all });
    writeHash(current.id, params);
    showReport(many, compareBox({ one, all: many, warm: true }));
  });
}

const runOnPlayground = (id, params) => playground.run(id, params);
const onStep = (done, total) => { phase = `run ${done + 1} of ${total}`; };

/** The current example on 1, 2, … all workers; the report shown is the last (all workers). */
function speedupCurve() {
  const params = readParams(ui.form, current);
  const all = playground.info.threads;
  const values = Array.from({ length: all }, (_, i) => i + 1);
  return guarded(async () => {
    const result = await sweep(runOnPlayground, current.id, params,
      { name: 'threads', values, warmUp: { threads: all }, onStep });
    writeHash(current.id, params);
    showReport(result.last, speedupFigure(result));
  });
}

/** The example's own sweep (PARAM_SWEEPS), on the workers the form asks for. */
function paramSweep() {
  const params = readParams(ui.form, current);
  const config = PARAM_SWEEPS[current.id];
  return guarded(async () => {
    const result = await sweep(runOnPlayground, current.id, params,
      { name: config.param, values: config.values(params), warmUp: {}, onStep, measure: config.measure });
    writeHash(current.id, params);
    showReport(result.last, sweepFigure(result, config));
  });
}

function share() {
  writeHash(current.id, readParams(ui.form, current));
  return copyLink(location.href, ui.shareStatus, ui.shareUrl);
}

/** The tab pattern's keys: arrows, Home and End move to a tab and show its example. */
function wireTabs() {
  const moves = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
  ui.tabs.addEventListener('keydown', (event) => {
    const tabs = [...ui.tabs.children];
    const at = tabs.indexOf(document.activeElement);
    if (at < 0 || tabs[at].disabled) return;
    let to;
    if (event.key in moves) to = (at + moves[event.key] + tabs.length) % tabs.length;
    else if (event.key === 'Home') to = 0;
    else if (event.key === 'End') to = tabs.length - 1;
    else return;
    event.preventDefault();
    tabs[to].click();
    tabs[to].focus();
  });
}

function wireControls() {
  ui.run.addEventListener('click', run);
  ui.compare.addEventListener('click', compare);
  ui.speedup.addEventListener('click', speedupCurve);
  ui.sweep.addEventListener('click', paramSweep);
  ui.cancel.addEventListener('click', () => playground.cancel());
  ui.copyLink.addEventListener('click', share);
  ui.exportTrace.addEventListener('click', () => downloadJson(fileNameFor(shown, 'trace'), toTraceEvents(shown)));
  ui.exportReport.addEventListener('click', () => downloadJson(fileNameFor(shown, 'report'), shown));
  runOnEnter(ui.form, () => { if (!ui.run.disabled) run(); });
}

/** One line on what runs: the pool, or the single-threaded fallback and why. */
async function showStatus() {
  const { threads, threaded, hardwareConcurrency, version } = playground.info;
  const badge = document.createElement('span');
  badge.className = threaded ? 'yes' : 'no';
  badge.textContent = threaded ? 'Cross-origin isolated' : 'Threads are off';
  ui.status.replaceChildren(badge);
  if (threaded) {
    ui.status.append(` · ${threads} web workers running (this device reports ${hardwareConcurrency} cores) · v${version}`);
  } else {
    ui.status.append(` · every example runs its chapter variant on one thread. ${await threadsUnavailableReason()}`);
    ui.progress.parentElement.style.display = 'none';
    ui.progressNote.textContent = 'Live progress needs shared memory, which this page does not have.';
  }
  ui.status.dataset.threads = String(threads);
  ui.status.dataset.threaded = String(threaded);
}

async function boot() {
  try {
    playground = await createPlayground();
  } catch (error) {
    ui.status.textContent = `The runtime did not start: ${error.message}`;
    return;
  }
  await showStatus();

  for (const example of playground.examples) {
    const tab = document.createElement('button');
    tab.type = 'button';
    tab.role = 'tab';
    tab.setAttribute('aria-controls', 'example-panel');
    tab.dataset.id = example.id;
    tab.textContent = example.title;
    tab.addEventListener('click', () => select(example));
    ui.tabs.append(tab);
  }
  wireTabs();
  const { id, values } = readHash();
  select(playground.examples.find((e) => e.id === id) ?? playground.examples[0], values);
  wireControls();
  ui.copyLink.disabled = false;
  setBusy(false);
  document.body.dataset.ready = 'true';
}

boot();
