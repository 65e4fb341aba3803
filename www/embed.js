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
import { parseAttributes, parseHeight } from './app/attributes.js';
import { markInvalid, readParams, renderParams, runOnEnter } from './app/controls.js';
import { el } from './app/format.js';
import { followProgress } from './app/progress.js';
import { renderDeadlock, renderReport, showMessage, summarize } from './app/results.js';
import { renderSources } from './app/source.js';
import { redrawThemed } from './app/theme.js';
import { renderWrongWay } from './app/wrong-way.js';
import { createPlayground } from './playground.js';

const TAG = 'concurrency-playground';
const STYLESHEETS = ['vendor/uPlot.min.css', 'theme.css', 'views.css', 'code.css', 'wrong-way.css', 'embed.css'];
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
    <p class="announce visually-hidden" role="status"></p>
    <div class="results"></div>
    <details class="code">
      <summary>What to look for, and the code that runs</summary>
      <p class="look-for"></p>
      <div class="sources"></div>
    </details>
    <div class="wrong-way-slot"></div>
  </div>`;

class ConcurrencyPlayground extends HTMLElement {
  static observedAttributes = ['example', 'params', 'threads', 'height', 'theme'];

  #ui;
  #playground = null;
  #example = null;
  /** The attributes not understood, `[{ attribute, message }]`: while there is one, nothing runs. */
  #problems = [];
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
      error: $('.error'), announce: $('.announce'), results: $('.results'), lookFor: $('.look-for'), sources: $('.sources'),
    };
    this.#ui.run.addEventListener('click', () => this.#startRun());
    this.#ui.cancel.addEventListener('click', () => this.#cancel());
    runOnEnter(this.#ui.form, () => this.#startRun());
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
    // Its figures are let go too, unless this was a move (taken out and put back in one go).
    queueMicrotask(() => {
      if (!this.isConnected) showMessage(this.#ui.results, 'Press Run to see what the threads did.');
    });
  }

  attributeChangedCallback(name) {
    if (name === 'height') this.#applyHeight();
    if (name === 'theme') requestAnimationFrame(redrawThemed);
    // A run going on keeps what it was started with; it reads the attributes again as it ends.
    if (!this.#playground || this.#run) return;
    // The look changes in place; what runs (and so the form and the results) only with these.
    if (['example', 'params', 'threads'].includes(name)) this.#select();
    else this.#checkAttributes();
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

  /**
   * Shows the example and parameters that the attributes ask for, or, for each attribute that
   * was not understood, a message; then nothing runs until the attribute is fixed (they are
   * observed, so fixing one calls this again).
   */
  #select() {
    const { examples, info } = this.#playground;
    const parsed = parseAttributes(this.#attributes(), examples, info.threads);
    this.#problems = parsed.problems;
    const example = parsed.example;
    this.#example = example;
    if (example) {
      this.#ui.title.textContent = example.title;
      this.#ui.summary.textContent = example.summary;
      this.#ui.lookFor.textContent = `What to look for: ${example.lookFor}`;
      renderSources(this.#ui.sources, example.sources);
      renderWrongWay(this.shadowRoot.querySelector('.wrong-way-slot'), example.id);
      renderParams(this.#ui.form, example, parsed.values);
    } else {
      this.#ui.summary.textContent = '';
      this.#ui.form.replaceChildren();
      this.shadowRoot.querySelector('.wrong-way-slot').replaceChildren();
    }
    showMessage(this.#ui.results, this.#problems.length > 0
      ? 'Nothing runs until the attributes above are fixed.'
      : 'Press Run to see what the threads did.');
    this.#showProblems();
    this.#setBusy(false);
  }

  /** Says again which attributes were not understood, leaving the form and results as they are. */
  #checkAttributes() {
    this.#problems = parseAttributes(this.#attributes(), this.#playground.examples, this.#playground.info.threads).problems;
    this.#showProblems();
    this.#setBusy(false);
  }

  #attributes() {
    return Object.fromEntries(ConcurrencyPlayground.observedAttributes.map((name) => [name, this.getAttribute(name)]));
  }

  /** One line per attribute that was not understood, in the error box (a live region). */
  #showProblems() {
    const lines = this.#problems.map((p) => el('span', 'problem', p.message));
    this.#ui.error.replaceChildren(...lines);
    this.#ui.error.hidden = lines.length === 0;
    this.#ui.widget.dataset.problems = this.#problems.map((p) => p.attribute).join(' ');
    markInvalid(this.#ui.form, null);
  }

  /** A valid `height` is applied at once; a bad one is not, and #select says why. */
  #applyHeight() {
    const { height } = parseHeight(this.getAttribute('height'));
    this.#ui.widget.style.height = height ?? '';
    this.#ui.widget.classList.toggle('fixed-height', Boolean(height));
  }

  #setBusy(busy) {
    // A focused button that gets disabled would drop the keyboard's focus: Run hands it to
    // Cancel, and back.
    const focused = this.shadowRoot.activeElement;
    const idle = !busy && this.#playground !== null && this.#example !== null && this.#problems.length === 0;
    this.#ui.run.disabled = !idle;
    this.#ui.cancel.disabled = !busy;
    this.#setState(busy ? 'busy' : 'ready');
    if (focused instanceof HTMLButtonElement && focused.disabled) (busy ? this.#ui.cancel : this.#ui.run).focus();
  }

  #showError(error) {
    this.#ui.error.hidden = !error;
    this.#ui.error.textContent = error ? `${error.name}: ${error.message}` : '';
    markInvalid(this.#ui.form, error);
  }

  async #startRun() {
    if (this.#run || !this.#example || this.#problems.length > 0) return;
    const example = this.#example;
    const params = readParams(this.#ui.form, example);
    const startedWith = this.#attributes();
    const controller = new AbortController();
    this.#run = controller;
    this.#showError(null);
    this.#ui.announce.textContent = '';
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
      this.#ui.announce.textContent = summarize(report);
    } catch (error) {
      if (error.name === 'AbortError') showMessage(this.#ui.results, 'Cancelled.');
      else this.#showError(error);
      if (error.name === 'DeadlockError' && error.report) renderDeadlock(this.#ui.results, error);
    } finally {
      this.#run = null;
      this.#ui.text.textContent = '';
      this.#ui.bar.value = 0;
      this.#setBusy(false);
      // Attributes changed while it ran are read now, as attributeChangedCallback would have.
      const now = this.#attributes();
      const changed = Object.keys(now).filter((name) => now[name] !== startedWith[name]);
      for (const name of changed) this.attributeChangedCallback(name);
    }
  }

  /** Stops this widget's own run, whether it still waits for its turn or is going. */
  #cancel() {
    this.#run?.abort();
  }
}

if (!customElements.get(TAG)) customElements.define(TAG, ConcurrencyPlayground);
