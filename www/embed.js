// <concurrency-playground>: one chapter example as a self-contained widget for a course page.
//
//   <script type="module" src="embed.js"></script>
//   <concurrency-playground example="message-queue" threads="2" params='{"producers":4}'></concurrency-playground>
//
// Attributes (README, "Embedding"): example (an id), params (a JSON object of parameter
// values), threads (workers a run uses), height (a CSS length; the widget scrolls inside it),
// theme ("light" or "dark"; default: the reader's setting).
// Everything else stays inside: the widget lives in a shadow root, and this module defines the
// element and nothing on window. All widgets on a page share one runtime worker and pool
// (pagePlayground); its queue gives their runs turns, and each widget stops only its own run
// (an AbortSignal per run).
import { markInvalid, readParams, renderParams } from './app/controls.js';
import { el } from './app/format.js';
import { followProgress } from './app/progress.js';
import { renderDeadlock, renderReport } from './app/results.js';
import { renderSources } from './app/source.js';
import { redrawThemed } from './app/theme.js';
import { createPlayground } from './playground.js';

const TAG = 'concurrency-playground';
const STYLESHEETS = ['vendor/uPlot.min.css', 'theme.css', 'views.css', 'code.css', 'embed.css'];
const COI_SCRIPT = new URL('coi-serviceworker.min.js', import.meta.url);

/** The widget's styles as constructable stylesheets: fetched and parsed once per page. */
let sheets = null;
function sharedSheets() {
  sheets ??= Promise.all(STYLESHEETS.map(async (path) => {
    const response = await fetch(new URL(path, import.meta.url));
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(await response.text());
    return sheet;
  }));
  return sheets;
}

/**
 * The page's one playground (a promise of it), started by the first widget: the API of
 * playground.js, for course pages that also script the widgets' runtime. Its pool is as large
 * as the largest `threads` asked for by the widgets on the page when the first one starts (or
 * one per core when none asks).
 */
let runtime = null;
export function pagePlayground(first = null) {
  if (!runtime) {
    const asked = [first, ...document.querySelectorAll(`${TAG}[threads]`)].filter(Boolean)
      .map((element) => Number(element.getAttribute('threads')))
      .filter((n) => Number.isInteger(n) && n >= 1 && n <= 64);
    const threads = asked.length > 0 ? Math.max(...asked) : navigator.hardwareConcurrency || 2;
    runtime = createPlayground({ threads });
  }
  return runtime;
}

/** The `src` for coi-serviceworker on this page, or null where it cannot control this page. */
function coiScriptSrc() {
  // A service worker controls only the pages under its own folder.
  const scope = new URL('./', COI_SCRIPT).href;
  if (!location.href.startsWith(scope)) return null;
  const pageFolder = new URL('./', location.href).href;
  return COI_SCRIPT.href.startsWith(pageFolder) ? COI_SCRIPT.href.slice(pageFolder.length) : COI_SCRIPT.pathname;
}

/** Why threads are off, and the one line that turns them on. */
function threadsOffNote({ isolated }) {
  const note = el('p', 'threads-off');
  note.append(el('strong', null, 'Threads are off. '));
  if (isolated) {
    note.append('This browser does not support WebAssembly threads: the example runs on one thread.');
    return note;
  }
  note.append('This page is not cross-origin isolated, so the browser withholds the shared memory ' +
    'that wasm threads need: the example runs on one thread. ');
  const src = coiScriptSrc();
  if (!isSecureContext) {
    note.append('Serve the page over HTTPS with the headers ');
  } else if (src) {
    note.append('To turn them on, add ', el('code', null, `<script src="${src}"></script>`),
      ' before the page’s module scripts, or serve it with the headers ');
  } else {
    note.append('To turn them on, copy coi-serviceworker.min.js (beside embed.js) to this page’s folder and add ',
      el('code', null, '<script src="coi-serviceworker.min.js"></script>'),
      ' before the page’s module scripts, or serve it with the headers ');
  }
  note.append(el('code', null, 'Cross-Origin-Opener-Policy: same-origin'), ' and ',
    el('code', null, 'Cross-Origin-Embedder-Policy: require-corp'), '.');
  return note;
}

const TEMPLATE = document.createElement('template');
TEMPLATE.innerHTML = `
  <div class="widget" data-state="starting" hidden>
    <div class="head">
      <strong class="title">Rust concurrency playground</strong>
      <span class="status muted small" aria-live="polite">Starting the runtime…</span>
    </div>
    <p class="summary"></p>
    <div class="note"></div>
    <form class="params" novalidate></form>
    <div class="buttons">
      <button type="button" class="primary run" disabled>Run</button>
      <button type="button" class="cancel" disabled>Cancel</button>
      <div class="progress-row">
        <progress max="1" value="0" aria-label="Progress of the run"></progress>
        <span class="progress-text muted small"></span>
      </div>
    </div>
    <p id="error" class="error" role="alert" hidden></p>
    <div class="results"></div>
    <details class="code">
      <summary>What to look for, and the code that runs</summary>
      <p class="look-for"></p>
      <div class="sources"></div>
    </details>
  </div>`;

class ConcurrencyPlayground extends HTMLElement {
  static observedAttributes = ['example', 'params', 'threads', 'height', 'theme'];

  #ui;
  #playground = null;
  #example = null;
  /** Stops the run this widget asked for, while it waits or goes; null when there is none. */
  #run = null;
  #started = false;

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    root.append(TEMPLATE.content.cloneNode(true));
    const $ = (selector) => root.querySelector(selector);
    this.#ui = {
      widget: $('.widget'), title: $('.title'), status: $('.status'), summary: $('.summary'), note: $('.note'),
      form: $('.params'), run: $('.run'), cancel: $('.cancel'), bar: $('progress'), text: $('.progress-text'),
      error: $('.error'), results: $('.results'), lookFor: $('.look-for'), sources: $('.sources'),
    };
    this.#ui.run.addEventListener('click', () => this.#startRun());
    this.#ui.cancel.addEventListener('click', () => this.#cancel());
    this.#ui.form.addEventListener('submit', (event) => { event.preventDefault(); this.#startRun(); });
  }

  connectedCallback() {
    if (this.#started) return;
    this.#started = true;
    this.#applyHeight();
    this.#start();
  }

  /** A widget taken off the page (a course site's client-side navigation) frees the pool. */
  disconnectedCallback() {
    this.#cancel();
  }

  attributeChangedCallback(name) {
    if (name === 'height') this.#applyHeight();
    else if (name === 'theme') requestAnimationFrame(redrawThemed);
    else if (this.#playground && !this.#run) this.#select();
  }

  async #start() {
    // Until the examples' titles arrive from the runtime, the id names the example.
    const id = this.getAttribute('example');
    if (id) this.#ui.title.textContent = `${id} · Rust concurrency playground`;
    try {
      this.shadowRoot.adoptedStyleSheets = await sharedSheets();
    } catch (error) {
      this.#fail(`The widget's styles did not load: ${error.message}`);
      return;
    } finally {
      // Hidden until styled, so that no unstyled buttons flash on the page.
      this.#ui.widget.hidden = false;
    }
    let playground;
    try {
      // Where threads are unavailable this is the single-threaded build (info.threaded false).
      playground = await pagePlayground(this);
    } catch (error) {
      this.#fail(`The runtime did not start: ${error.message}`);
      return;
    }
    this.#playground = playground;
    const { threads, isolated, threaded } = playground.info;
    if (!threaded) this.#ui.note.replaceChildren(threadsOffNote(playground.info));
    this.#ui.widget.dataset.threads = String(threads);
    this.#ui.status.textContent = `${threads} ${threads === 1 ? 'worker' : 'workers'}` +
      (isolated ? ' · cross-origin isolated' : ' · not isolated: one thread');
    this.#select();
  }

  #fail(message) {
    this.#ui.error.textContent = message;
    this.#ui.error.hidden = false;
    this.#setState('failed', 'Not running');
  }

  #setState(state, status) {
    this.#ui.widget.dataset.state = state;
    if (status) this.#ui.status.textContent = status;
  }

  /** Shows the example and parameters that the attributes ask for. */
  #select() {
    const { examples, info } = this.#playground;
    const id = this.getAttribute('example');
    const example = examples.find((e) => e.id === id) ?? (id ? null : examples[0]);
    if (!example) {
      this.#fail(`No example \`${id}\`. The examples: ${examples.map((e) => e.id).join(', ')}.`);
      return;
    }
    this.#example = example;
    this.#ui.title.textContent = example.title;
    this.#ui.summary.textContent = example.summary;
    this.#ui.lookFor.textContent = `What to look for: ${example.lookFor}`;
    renderSources(this.#ui.sources, example.sources);
    let values;
    try {
      values = this.#attributeValues(example, info.threads);
    } catch (error) {
      renderParams(this.#ui.form, example);
      this.#showError(error);
      this.#setBusy(false);
      return;
    }
    renderParams(this.#ui.form, example, values);
    this.#ui.results.replaceChildren(el('p', 'muted', 'Press Run to see what the threads did.'));
    this.#showError(null);
    this.#setBusy(false);
  }

  /** Parameter values from `params` (JSON) and `threads`; throws a ParamError naming the problem. */
  #attributeValues(example, poolSize) {
    const paramError = (message) => Object.assign(new Error(message), { name: 'ParamError' });
    let values = {};
    const json = this.getAttribute('params');
    if (json) {
      try {
        values = JSON.parse(json);
      } catch (error) {
        throw paramError(`the params attribute is not JSON: ${error.message}`);
      }
      if (values === null || typeof values !== 'object' || Array.isArray(values)) {
        throw paramError('the params attribute must be a JSON object, like {"producers": 4}');
      }
      const unknown = Object.keys(values).filter((name) => !example.paramOrder.includes(name));
      if (unknown.length > 0) {
        throw paramError(`parameter \`${unknown[0]}\` is not one of ${example.id}'s: ${example.paramOrder.join(', ')}`);
      }
    }
    const threads = this.getAttribute('threads');
    // The pool is shared and sized once per page: a widget asking for more gets what there is.
    if (threads !== null) values.threads = Math.min(Number(threads), poolSize);
    return values;
  }

  #applyHeight() {
    const height = this.getAttribute('height');
    const length = height && /^\d+(\.\d+)?$/.test(height) ? `${height}px` : height;
    this.#ui.widget.style.height = length ?? '';
    this.#ui.widget.classList.toggle('fixed-height', Boolean(length));
  }

  #setBusy(busy) {
    const idle = !busy && this.#playground !== null && this.#example !== null;
    this.#ui.run.disabled = !idle;
    this.#ui.cancel.disabled = !busy;
    this.#setState(busy ? 'busy' : 'ready');
  }

  #showError(error) {
    this.#ui.error.hidden = !error;
    this.#ui.error.textContent = error ? `${error.name}: ${error.message}` : '';
    markInvalid(this.#ui.form, error);
  }

  async #startRun() {
    if (this.#run || !this.#example) return;
    const example = this.#example;
    const params = readParams(this.#ui.form, example);
    const controller = new AbortController();
    this.#run = controller;
    this.#showError(null);
    this.#setBusy(true);
    // The page's runs take turns in the playground's queue; say so until this one starts.
    if (this.#playground.busy) this.#ui.text.textContent = 'waiting for another example on this page to finish…';
    // This widget's bar follows this widget's run only: from its start to its end.
    const going = () => this.#run === controller;
    const onStart = ({ runId }) =>
      followProgress(this.#playground, { bar: this.#ui.bar, text: this.#ui.text }, going, () => '', runId);
    try {
      const report = await this.#playground.run(example.id, params, { signal: controller.signal, onStart });
      renderReport(this.#ui.results, report);
    } catch (error) {
      if (error.name === 'AbortError') this.#ui.results.replaceChildren(el('p', 'muted', 'Cancelled.'));
      else this.#showError(error);
      if (error.name === 'DeadlockError' && error.report) renderDeadlock(this.#ui.results, error);
    } finally {
      this.#run = null;
      this.#ui.text.textContent = '';
      this.#ui.bar.value = 0;
      this.#setBusy(false);
    }
  }

  /** Stops this widget's own run, whether it still waits for its turn or is going. */
  #cancel() {
    this.#run?.abort();
  }
}

if (!customElements.get(TAG)) customElements.define(TAG, ConcurrencyPlayground);
