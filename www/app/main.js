// The page: picks an example, builds its controls, runs it through the playground API and
// shows the report. It never touches wasm; the runtime worker does all the work.
import { createPlayground, threadsUnavailableReason } from '../playground.js';
import { markInvalid, readParams, renderParams } from './controls.js';
import { compareBox, renderReport } from './results.js';
import { number } from './format.js';

const $ = (id) => document.getElementById(id);
const ui = {
  status: $('status'), tabs: $('example-tabs'), title: $('example-title'), summary: $('example-summary'),
  form: $('params'), run: $('run'), cancel: $('cancel'), compare: $('compare'), progress: $('progress'),
  progressText: $('progress-text'), error: $('error'), results: $('results'), lookFor: $('look-for'),
  source: $('source'), sourcePath: $('source-path'),
};

let playground = null;
let current = null;

function setBusy(busy) {
  ui.run.disabled = busy || !playground;
  ui.compare.disabled = busy || !playground;
  ui.cancel.disabled = !busy;
  document.body.dataset.busy = String(busy);
}

function showError(error) {
  ui.error.hidden = !error;
  ui.error.textContent = error ? `${error.name}: ${error.message}` : '';
  markInvalid(ui.form, error?.message);
}

/** The example and parameters live in the URL hash, so a link reproduces the setup. */
function readHash() {
  const hash = new URLSearchParams(location.hash.slice(1));
  const values = {};
  for (const [key, value] of hash) if (key !== 'example') values[key] = value;
  return { id: hash.get('example'), values };
}

function writeHash(params) {
  const hash = new URLSearchParams({ example: current.id });
  for (const [key, value] of Object.entries(params)) hash.set(key, String(value));
  history.replaceState(null, '', `#${hash}`);
}

function select(example, values = {}) {
  current = example;
  for (const tab of ui.tabs.children) tab.setAttribute('aria-selected', String(tab.dataset.id === example.id));
  ui.title.textContent = example.title;
  ui.summary.textContent = example.summary;
  ui.lookFor.textContent = `What to look for: ${example.lookFor}`;
  ui.sourcePath.textContent = `crate/src/examples/${example.id.replace('-', '_')}.rs — compiled into the wasm that runs here`;
  ui.source.textContent = example.source;
  renderParams(ui.form, example, values);
  ui.results.replaceChildren(Object.assign(document.createElement('p'), {
    className: 'muted', textContent: 'Press Run to see what the threads did.',
  }));
  showError(null);
}

function trackProgress() {
  const frame = () => {
    const { done, total } = playground.progress();
    ui.progress.max = Math.max(total, 1);
    ui.progress.value = Math.min(done, total);
    ui.progressText.textContent = total ? `${number(done)} / ${number(total)}` : '';
    if (playground.busy) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}

async function guarded(task) {
  showError(null);
  setBusy(true);
  trackProgress();
  try {
    await task();
  } catch (error) {
    showError(error);
  } finally {
    setBusy(false);
  }
}

function run() {
  const params = readParams(ui.form, current);
  return guarded(async () => {
    const report = await playground.run(current.id, params);
    writeHash(params);
    renderReport(ui.results, report);
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
    writeHash(params);
    renderReport(ui.results, many, compareBox({ one, all: many, warm: true }));
  });
}

async function boot() {
  const reason = threadsUnavailableReason();
  if (reason) {
    ui.status.innerHTML = '<span class="no">Threads are off.</span> ';
    ui.status.append(reason);
    return;
  }
  try {
    playground = await createPlayground();
  } catch (error) {
    ui.status.textContent = `The runtime did not start: ${error.message}`;
    return;
  }
  const { threads, isolated, hardwareConcurrency, version } = playground.info;
  ui.status.innerHTML = `<span class="${isolated ? 'yes' : 'no'}">${isolated ? 'Cross-origin isolated' : 'Not isolated'}</span>`;
  ui.status.append(` · ${threads} web workers running (this device reports ${hardwareConcurrency} cores) · v${version}`);
  ui.status.dataset.threads = String(threads);

  for (const example of playground.examples) {
    const tab = document.createElement('button');
    tab.type = 'button';
    tab.role = 'tab';
    tab.dataset.id = example.id;
    tab.textContent = example.title;
    tab.addEventListener('click', () => select(example));
    ui.tabs.append(tab);
  }
  const { id, values } = readHash();
  select(playground.examples.find((e) => e.id === id) ?? playground.examples[0], values);
  ui.run.addEventListener('click', run);
  ui.compare.addEventListener('click', compare);
  ui.cancel.addEventListener('click', () => playground.cancel());
  ui.form.addEventListener('submit', (event) => { event.preventDefault(); run(); });
  setBusy(false);
  document.body.dataset.ready = 'true';
}

boot();
