// <concurrency-playground>: one chapter example as a self-contained widget for a course page.
//
//   <script type="module" src="embed.js"></script>
//   <concurrency-playground example="message-queue" threads="2" params='{"producers":4}'></concurrency-playground>
//
// Attributes (README, "Embedding"): example (an id), params (a JSON object of parameter
// values), threads (workers a run uses), height (a CSS length; the widget scrolls inside it),
// theme ("light" or "dark"; default: the reader's setting), lang ("th" or "en"; default: the
// nearest `lang` around the widget, through shadow hosts, else the reader's browser languages,
// else English). Every word it shows is from the catalog of that language (app/i18n.js); a
// change of `lang` shows the widget again in the new language, keeping the form and results.
// Everything else stays inside: the widget lives in a shadow root, and this module defines the
// element and nothing on window. All widgets on a page share one runtime worker and pool
// (pagePlayground); its queue gives their runs turns, and each widget stops only its own run
// (an AbortSignal per run).
import { cssHeight, MAX_THREADS, parseAttributes } from './app/attributes.js';
import { formValues, markInvalid, readParams, renderParams, runOnEnter } from './app/controls.js';
import { showExampleWords, showExercises } from './app/example-words.js';
import { el } from './app/format.js';
import { languageFor, loadWords, rich } from './app/i18n.js';
import { followProgress } from './app/progress.js';
import { renderDeadlock, renderReport, showMessage, summarize } from './app/results.js';
import { renderSources } from './app/source.js';
import { applyWords } from './app/static-words.js';
import { redrawThemed } from './app/theme.js';
import { errorLine } from './app/wording.js';
import { renderWrongWay } from './app/wrong-way.js';
import { createPlayground, defaultThreads } from './playground.js';
// Imported here only to be fetched at once: what the modules above import. A module found only
// when its importer arrives costs a round trip to the server per level of imports, before the
// runtime can start. tests/unit/module-graph.test.mjs keeps this list whole.
import './app/charts.js';
import './app/connection-costs.js';
import './app/figures.js';
import './app/results-text.js';
import './app/timeline.js';
import './app/timeline-text.js';
import './app/timeline-view.js';
import './runtime/control.js';
import './vendor/wasm-feature-detect.js';

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
export function pagePlayground(first = null, lang = 'en') {
  if (!runtime) {
    const asked = [first, ...document.querySelectorAll(`${TAG}[threads]`)].filter(Boolean)
      .map((element) => Number(element.getAttribute('threads')))
      .filter((n) => Number.isInteger(n) && n >= 1 && n <= MAX_THREADS);
    const threads = asked.length > 0 ? Math.max(...asked) : defaultThreads();
    // The API's words in the first widget's language: the widgets word the ids themselves, so
    // this only spares a second catalog's fetch.
    runtime = createPlayground({ threads, lang });
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

/** Why threads are off, and the one line that turns them on, in `words`' language. */
function threadsOffNote({ isolated }, words) {
  const key = 'widget.threadsOff';
  const note = el('p', 'threads-off');
  note.append(el('strong', null, words.t(`${key}.title`)), ' ');
  if (isolated) {
    note.append(rich(words.t(`${key}.unsupported`)));
    return note;
  }
  // The code the author copies goes into the sentence in backticks, which rich() shows as code.
  const src = coiScriptSrc();
  const code = {
    coop: '`Cross-Origin-Opener-Policy: same-origin`',
    coep: '`Cross-Origin-Embedder-Policy: require-corp`',
    // Where it cannot control this page from beside embed.js: from the site's root (or baseUrl).
    script: `\`<script src="${src ?? new URL('../coi-serviceworker.min.js', COI_SCRIPT).pathname}"></script>\``,
  };
  const how = !isSecureContext ? 'insecure' : src ? 'addScript' : 'copyScript';
  note.append(rich(words.t(`${key}.notIsolated`)), ' ', rich(words.t(`${key}.${how}`, code)));
  return note;
}

const TEMPLATE = document.createElement('template');
TEMPLATE.innerHTML = `
  <div class="widget" data-state="starting" hidden>
    <div class="head">
      <strong class="title" data-i18n="widget.title"></strong>
      <span class="status muted small" aria-live="polite" data-i18n="common.starting"></span>
    </div>
    <p class="summary"></p>
    <div class="note"></div>
    <form class="params" novalidate></form>
    <div class="buttons">
      <button type="button" class="primary run" disabled data-i18n="common.run"></button>
      <button type="button" class="cancel" disabled data-i18n="common.cancel"></button>
      <div class="progress-row">
        <progress max="1" value="0" data-i18n-aria-label="common.progressLabel"></progress>
        <span class="progress-text muted small"></span>
      </div>
    </div>
    <p id="error" class="error" role="alert" hidden></p>
    <p class="announce visually-hidden" role="status"></p>
    <div class="results"></div>
    <details class="code">
      <summary data-i18n="widget.codeSummary"></summary>
      <p class="look-for"></p>
      <details class="exercises" hidden>
        <summary data-i18n="common.exercises"></summary>
        <ol class="exercise-list"></ol>
      </details>
      <div class="sources"></div>
    </details>
    <div class="wrong-way-slot"></div>
  </div>`;

class ConcurrencyPlayground extends HTMLElement {
  static observedAttributes = ['example', 'params', 'threads', 'height', 'theme', 'lang'];

  #ui;
  #playground = null;
  #example = null;
  /** The attributes not understood, `[{ attribute, message }]`: while there is one, nothing runs. */
  #problems = [];
  /** Stops the run this widget asked for, while it waits or goes; null when there is none. */
  #run = null;
  #started = false;
  /** The words of the widget's language (a Words of app/i18n.js), once loaded. */
  #words = null;
  /**
   * What the status line, the results and the error box show, each as a function that draws it
   * in the current #words: a change of language draws them again.
   */
  #shown = { status: null, results: null, error: null };
  /** The run's error on show (its parameter's field is marked invalid), or null. */
  #errorShown = null;

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    root.append(TEMPLATE.content.cloneNode(true));
    const $ = (selector) => root.querySelector(selector);
    this.#ui = {
      widget: $('.widget'), title: $('.title'), status: $('.status'), summary: $('.summary'), note: $('.note'),
      form: $('.params'), run: $('.run'), cancel: $('.cancel'), bar: $('progress'), text: $('.progress-text'),
      error: $('.error'), announce: $('.announce'), results: $('.results'), lookFor: $('.look-for'), sources: $('.sources'),
      exercises: $('.exercises'), exerciseList: $('.exercise-list'),
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
      if (!this.isConnected && this.#words) this.#showIdle();
    });
  }

  attributeChangedCallback(name) {
    if (name === 'height') this.#applyHeight();
    if (name === 'theme') requestAnimationFrame(redrawThemed);
    // The language changes in place, except under a run (its end reads the attributes again).
    if (name === 'lang') {
      if (this.#words && !this.#run) this.#changeLanguage();
      return;
    }
    // A run going on keeps what it was started with; it reads the attributes again as it ends.
    if (!this.#playground || this.#run) return;
    // The look changes in place; what runs (and so the form and the results) only with these.
    if (['example', 'params', 'threads'].includes(name)) this.#select();
    else this.#checkAttributes();
  }

  async #start() {
    const styles = sharedSheets();
    // The page's runtime starts at once, while the catalog and the styles load: on a distant
    // server each is a chain of round trips, and none needs another.
    const starting = pagePlayground(this, languageFor(this));
    starting.catch(() => {}); // awaited below, once the widget has words to say it with
    try {
      // A `lang` set while the catalog loads asks for another one: until they agree.
      let words;
      do words = await loadWords(languageFor(this)); while (words.lang !== languageFor(this));
      this.#useWords(words);
    } catch (error) {
      // Without its words the widget can only show the browser's own message.
      styles.catch(() => {});
      this.#ui.error.textContent = error.message;
      this.#ui.error.hidden = false;
      this.#ui.widget.hidden = false;
      this.#ui.widget.dataset.state = 'failed';
      return;
    }
    try {
      this.shadowRoot.adoptedStyleSheets = await styles;
    } catch (error) {
      this.#fail((words) => words.t('widget.stylesFailed', { message: error.message }));
      return;
    } finally {
      // Hidden until styled, so that no unstyled buttons flash on the page.
      this.#ui.widget.hidden = false;
    }
    // Until the runtime is up, the id names the example.
    const id = this.getAttribute('example');
    if (id) this.#ui.title.textContent = this.#words.t('widget.titleLoading', { id });
    let playground;
    try {
      // Where threads are unavailable this is the single-threaded build (info.threaded false).
      playground = await starting;
    } catch (error) {
      this.#fail((words) => words.t('common.runtimeFailed', { message: error.message }));
      return;
    }
    this.#playground = playground;
    const { threads, isolated, threaded } = playground.info;
    this.#ui.widget.dataset.threads = String(threads);
    delete this.#ui.status.dataset.i18n;
    this.#show('status', () => {
      if (!threaded) this.#ui.note.replaceChildren(threadsOffNote(playground.info, this.#words));
      const workers = this.#words.t('widget.workers', { count: threads });
      this.#ui.status.replaceChildren(rich(this.#words.t(isolated ? 'widget.isolated' : 'widget.notIsolated', { workers })));
    });
    this.#select();
  }

  /** Takes `words` as the widget's: its template's words, and <div lang> for the browser. */
  #useWords(words) {
    this.#words = words;
    // The shadow root's words are in this language even where the page's are not.
    this.#ui.widget.lang = words.lang;
    applyWords(this.shadowRoot, words);
  }

  /** Shows the widget again in the language its `lang` (or the page's) now asks for. */
  async #changeLanguage() {
    let words;
    try {
      words = await loadWords(languageFor(this));
    } catch {
      return; // The catalog did not load: the widget stays in the language it was in.
    }
    // A later change won the race (or a run began): that one draws.
    if (words.lang !== languageFor(this) || this.#run || words === this.#words) return;
    this.#useWords(words);
    if (!this.#playground) return;
    this.#showExample(this.#example, this.#example ? formValues(this.#ui.form, this.#example) : {});
    markInvalid(this.#ui.form, this.#errorShown);
    for (const draw of Object.values(this.#shown)) draw?.();
    // Problems with the attributes share the error box, and come first there, as in #select.
    const { examples, info } = this.#playground;
    this.#problems = parseAttributes(this.#attributes(), examples, info.threads, this.#words).problems;
    if (this.#problems.length > 0) this.#showProblems();
  }

  #show(part, draw) {
    this.#shown[part] = draw;
    draw?.();
  }

  #showIdle() {
    this.#show('results', () => showMessage(this.#ui.results, this.#words.t(this.#problems.length > 0
      ? 'widget.fixAttributes' : 'results.idle')));
  }

  /** The widget cannot start: it says why, `message(words)`, and stays still. */
  #fail(message) {
    delete this.#ui.status.dataset.i18n;
    this.#show('error', () => {
      this.#ui.error.textContent = message(this.#words);
      this.#ui.error.hidden = false;
    });
    this.#show('status', () => { this.#ui.status.textContent = this.#words.t('widget.notRunning'); });
    this.#ui.widget.dataset.state = 'failed';
  }

  #setState(state) {
    this.#ui.widget.dataset.state = state;
  }

  /**
   * Shows the example and parameters that the attributes ask for, or, for each attribute that
   * was not understood, a message; then nothing runs until the attribute is fixed (they are
   * observed, so fixing one calls this again).
   */
  #select() {
    const { examples, info } = this.#playground;
    const parsed = parseAttributes(this.#attributes(), examples, info.threads, this.#words);
    this.#problems = parsed.problems;
    this.#example = parsed.example;
    this.#showExample(parsed.example, parsed.values);
    this.#showIdle();
    this.#errorShown = null;
    this.#show('error', null);
    this.#showProblems();
    this.#setBusy(false);
  }

  /** `example`'s words, code and form (with `values`); an empty widget for no example. */
  #showExample(example, values) {
    const words = this.#words;
    const wrongWay = this.shadowRoot.querySelector('.wrong-way-slot');
    if (example) {
      showExampleWords(this.#ui, words, example.id);
      renderSources(this.#ui.sources, example.sources, words);
      renderWrongWay(wrongWay, example.id, words);
      renderParams(this.#ui.form, example, values, words);
    } else {
      this.#ui.title.textContent = words.t('widget.title');
      this.#ui.summary.textContent = '';
      this.#ui.form.replaceChildren();
      wrongWay.replaceChildren();
      showExercises(this.#ui, []);
    }
  }

  /** Says again which attributes were not understood, leaving the form and results as they are. */
  #checkAttributes() {
    const { examples, info } = this.#playground;
    this.#problems = parseAttributes(this.#attributes(), examples, info.threads, this.#words).problems;
    this.#showProblems();
    this.#setBusy(false);
  }

  #attributes() {
    return Object.fromEntries(ConcurrencyPlayground.observedAttributes.map((name) => [name, this.getAttribute(name)]));
  }

  /** One line per attribute that was not understood, in the error box (a live region). */
  #showProblems() {
    // Names and values an author wrote may be shown as code (`example`), as the Thai words do.
    const lines = this.#problems.map((p) => {
      const line = el('span', 'problem');
      line.append(rich(p.message));
      return line;
    });
    this.#ui.error.replaceChildren(...lines);
    this.#ui.error.hidden = lines.length === 0;
    this.#ui.widget.dataset.problems = this.#problems.map((p) => p.attribute).join(' ');
    markInvalid(this.#ui.form, null);
  }

  /** A valid `height` is applied at once; a bad one is not, and #select says why. */
  #applyHeight() {
    const height = cssHeight(this.getAttribute('height'));
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

  #showError(error, exampleId) {
    this.#errorShown = error;
    this.#show('error', () => {
      this.#ui.error.hidden = !error;
      this.#ui.error.replaceChildren(...(error ? [rich(errorLine(this.#words, error, exampleId))] : []));
    });
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
    const words = this.#words;
    // The last run's count goes; a run refused before it starts shows none.
    this.#ui.bar.value = 0;
    this.#ui.text.textContent = '';
    // The page's runs take turns in the playground's queue; say so until this one starts.
    if (this.#playground.busy) this.#ui.text.textContent = words.t('widget.waiting');
    // This widget's bar follows this widget's run only, from its start; it then keeps that
    // run's count (finished, or as far as a cancel let it get), as the page's bar does.
    const going = () => this.#run === controller;
    let progress = null;
    const onStart = ({ runId }) => {
      progress = followProgress(this.#playground, { bar: this.#ui.bar, text: this.#ui.text, words }, going, () => '', runId);
    };
    try {
      const report = await this.#playground.run(example.id, params, { signal: controller.signal, onStart });
      progress?.complete();
      this.#show('results', () => renderReport(this.#ui.results, report, undefined, this.#words));
      this.#ui.announce.textContent = summarize(report, words);
    } catch (error) {
      if (error.name === 'AbortError') this.#show('results', () => showMessage(this.#ui.results, this.#words.t('results.cancelled')));
      else this.#showError(error, example.id);
      if (error.name === 'DeadlockError' && error.report) {
        this.#show('results', () => renderDeadlock(this.#ui.results, error, this.#words));
      }
    } finally {
      this.#run = null;
      // A run cancelled while it waited for its turn leaves no "waiting" behind.
      if (!progress) this.#ui.text.textContent = '';
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
