// The page: picks an example, builds its controls, runs it through the playground API and
// shows the report. It never touches wasm; the runtime worker does all the work.
//
// Words: every word shown comes from the catalog of the page's language (app/i18n.js): the
// static ones are the elements of index.html marked data-i18n* (app/static-words.js); the rest
// is built here and by the views from `words`.
// The language is the URL's `?lang=`, else <html lang>, else the browser's, else English; the
// switch in the header changes it in place, keeping the example, the form and the results.
import { createPlayground } from '../playground.js';
import { formValues, markInvalid, readParams, renderParams, runOnEnter } from './controls.js';
import { downloadJson } from './download.js';
import { showExampleWords } from './example-words.js';
import { languageFor, loadWords, rich } from './i18n.js';
import { followProgress } from './progress.js';
import { compareBox, renderDeadlock, renderReport, showMessage, summarize } from './results.js';
import { copyLink, readHash, readLang, writeHash, writeLang } from './share.js';
import { renderSources } from './source.js';
import { applyWords } from './static-words.js';
import { speedupFigure, sweepFigure } from './sweep-charts.js';
import { PARAM_SWEEPS, sweep, sweepText } from './sweep.js';
import { fileNameFor, toTraceEvents } from './trace.js';
import { errorLine, exampleText } from './wording.js';
import { renderWrongWay } from './wrong-way.js';

const $ = (id) => document.getElementById(id);
const ui = {
  status: $('status'), tabs: $('example-tabs'), title: $('example-title'), summary: $('example-summary'),
  form: $('params'), run: $('run'), cancel: $('cancel'), compare: $('compare'), speedup: $('speedup'),
  sweep: $('sweep'), copyLink: $('copy-link'), shareStatus: $('share-status'), shareUrl: $('share-url'),
  progress: $('progress'), progressText: $('progress-text'), error: $('error'), results: $('results'),
  exportTrace: $('export-trace'), exportReport: $('export-report'), lookFor: $('look-for'),
  exercises: $('exercises'), exerciseList: $('exercises-list'),
  source: $('source'), progressNote: $('progress-note'), announce: $('announce'), language: $('language'),
};

let playground = null;
let current = null;
/** The report on show, for the download buttons. */
let shown = null;
/** During a sweep, which run of how many is going ({ step, total }: "run 3 of 7"), or null. */
let phase = null;
/** The words of the page's language (a Words of app/i18n.js). */
let words = null;
/**
 * What the status line, the results and the error box show, each as a function that draws it
 * in the current `words`: a language switch draws them again.
 */
const shownIn = { status: null, results: null, error: null };
/** The error on show (its parameter's field is marked invalid), or null. */
let errorShown = null;

function show(part, draw) {
  shownIn[part] = draw;
  draw?.();
}

/**
 * Shows the page in `lang`: the static words, <html lang>, the switch's state, and (once the
 * runtime is up) the tabs, the example with the form's values as typed, and what was shown.
 */
async function setLanguage(lang) {
  words = await loadWords(lang);
  document.documentElement.lang = words.lang;
  applyWords(document, words);
  for (const button of ui.language.querySelectorAll('button')) {
    button.setAttribute('aria-pressed', String(button.dataset.lang === words.lang));
  }
  ui.shareStatus.textContent = '';
  if (!playground) {
    shownIn.status?.();
    return;
  }
  for (const tab of ui.tabs.children) tab.replaceChildren(rich(exampleText(words, tab.dataset.id).title));
  showExample(current, formValues(ui.form, current));
  markInvalid(ui.form, errorShown);
  for (const draw of Object.values(shownIn)) draw?.();
}

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
  // Switching examples mid-run would show the finished report under the wrong example; switching
  // language would redraw the form the run was read from.
  for (const tab of ui.tabs.children) tab.disabled = busy;
  for (const button of ui.language.querySelectorAll('button')) button.disabled = busy;
  ui.exportTrace.disabled = ui.exportReport.disabled = busy || shown === null;
  document.body.dataset.busy = String(busy);
  if (focused instanceof HTMLButtonElement && focused.disabled) (busy ? ui.cancel : ui.run).focus();
}

function showError(error) {
  errorShown = error;
  show('error', () => {
    ui.error.hidden = !error;
    ui.error.replaceChildren(...(error ? [rich(errorLine(words, error, current?.id))] : []));
  });
  markInvalid(ui.form, error);
}

/** Shows `report`, with `extra(words)` (the 1-vs-N box, a sweep's figure) under its headline. */
function showReport(report, extra = () => undefined) {
  shown = report;
  show('results', () => renderReport(ui.results, report, extra(words), words));
  ui.announce.textContent = summarize(report, words);
}

function showIdle() {
  show('results', () => showMessage(ui.results, words.t('results.idle')));
}

/** Shows `example`'s words, code and form (with `values`), leaving the results as they are. */
function showExample(example, values) {
  showExampleWords(ui, words, example.id);
  renderSources(ui.source, example.sources, words);
  renderWrongWay($('wrong-way'), example.id, words);
  renderParams(ui.form, example, values, words);
  const paramSweep = PARAM_SWEEPS[example.id];
  ui.sweep.hidden = !paramSweep;
  if (paramSweep) ui.sweep.textContent = sweepText(words, paramSweep).title;
}

function select(example, values = {}) {
  current = example;
  for (const tab of ui.tabs.children) {
    const selected = tab.dataset.id === example.id;
    tab.setAttribute('aria-selected', String(selected));
    // One tab stop for the whole list; the arrow keys move between tabs (wireTabs).
    tab.tabIndex = selected ? 0 : -1;
  }
  showExample(example, values);
  shown = null;
  showIdle();
  ui.exportTrace.disabled = ui.exportReport.disabled = true;
  showError(null);
}

async function guarded(task) {
  showError(null);
  // Emptied first, so that the same sentence after the next run is announced again.
  ui.announce.textContent = '';
  setBusy(true);
  const step = () => (phase ? words.t('page.step', phase) : '');
  followProgress(playground, { bar: ui.progress, text: ui.progressText, words }, () => playground.busy, step);
  try {
    await task();
  } catch (error) {
    showError(error);
    if (error.name === 'DeadlockError' && error.report) {
      shown = null;
      show('results', () => renderDeadlock(ui.results, error, words));
    }
  } finally {
    phase = null;
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
    showReport(many, (w) => compareBox({ one, all: many, warm: true }, w));
  });
}

const runOnPlayground = (id, params) => playground.run(id, params);
const onStep = (done, total) => { phase = { step: done + 1, total }; };

/** The current example on 1, 2, … all workers; the report shown is the last (all workers). */
function speedupCurve() {
  const params = readParams(ui.form, current);
  const all = playground.info.threads;
  const values = Array.from({ length: all }, (_, i) => i + 1);
  return guarded(async () => {
    const result = await sweep(runOnPlayground, current.id, params,
      { name: 'threads', values, warmUp: { threads: all }, onStep });
    writeHash(current.id, params);
    showReport(result.last, (w) => speedupFigure(result, w));
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
    showReport(result.last, (w) => sweepFigure(result, config, w));
  });
}

function share() {
  writeHash(current.id, readParams(ui.form, current));
  // A shared link keeps the language it was read in, whatever the receiver's browser says.
  writeLang(words.lang);
  return copyLink(location.href, ui.shareStatus, ui.shareUrl, words);
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

/** The language switch: two buttons, each named in its own language. */
function wireLanguage() {
  ui.language.addEventListener('click', async (event) => {
    const lang = event.target.closest('button[data-lang]')?.dataset.lang;
    if (!lang || lang === words.lang) return;
    try {
      await setLanguage(lang);
      writeLang(words.lang);
    } catch (error) {
      // The catalog did not load: the page stays in the language it was in.
      showError(error);
    }
  });
}

/** One line on what runs: the pool, or the single-threaded fallback and why. */
function showStatus() {
  const { threads, isolated, threaded, hardwareConcurrency, version } = playground.info;
  delete ui.status.dataset.i18n;
  show('status', () => {
    const badge = document.createElement('span');
    badge.className = threaded ? 'yes' : 'no';
    badge.append(rich(threaded ? words.t('page.isolated') : words.t('common.threadsOff')));
    ui.status.replaceChildren(badge);
    if (threaded) {
      ui.status.append(` · ${words.t('page.threaded', { count: threads, cores: hardwareConcurrency, version })}`);
    } else {
      // Without isolation the browser withholds shared memory; isolated, the browser lacks wasm threads.
      const why = isolated ? [words.t('common.noWasmThreads')] : [words.t('common.notIsolated'), words.t('page.howToTurnOn')];
      ui.status.append(' · ', rich([words.t('common.oneThread'), ...why].join(' ')));
    }
  });
  if (!threaded) {
    ui.progress.parentElement.style.display = 'none';
    ui.progressNote.dataset.i18n = 'page.progressNoteOff';
    applyWords(ui.progressNote.parentElement, words);
  }
  ui.status.dataset.threads = String(threads);
  ui.status.dataset.threaded = String(threaded);
}

async function boot() {
  const lang = readLang() ?? languageFor(document.documentElement);
  // The runtime starts at once, while the catalog loads: on a distant server each is a chain
  // of round trips, and neither needs the other. The API's words are in the page's language,
  // so one catalog is fetched (the page words ids itself).
  const starting = createPlayground({ lang });
  starting.catch(() => {}); // awaited below, once the page has words to say it with
  try {
    await setLanguage(lang);
  } catch (error) {
    // No catalog, no words: the one line left is the browser's own message.
    ui.status.textContent = error.message;
    starting.then((started) => started.close(), () => {});
    return;
  }
  wireLanguage();
  try {
    playground = await starting;
  } catch (error) {
    delete ui.status.dataset.i18n;
    show('status', () => { ui.status.textContent = words.t('common.runtimeFailed', { message: error.message }); });
    return;
  }
  showStatus();

  for (const example of playground.examples) {
    const tab = document.createElement('button');
    tab.type = 'button';
    tab.role = 'tab';
    tab.setAttribute('aria-controls', 'example-panel');
    tab.dataset.id = example.id;
    tab.append(rich(exampleText(words, example.id).title));
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
