// The playground's JS API: the one interface the page, the widgets, the tests and course sites use.
//
//   const playground = await createPlayground({ threads: 2 });
//   playground.info;        // { threads, isolated, threaded, hardwareConcurrency, version }
//   playground.examples;    // [{ id, title, summary, lookFor, sources, params, paramOrder }]
//   threadsUnavailableCode(); // null, 'threadsNotIsolated' or 'noWasmThreads' (catalog: errors.<code>)
//   const controller = new AbortController();
//   const report = await playground.run('pipeline', { items: 1e6, threads: 2 }, { signal: controller.signal });
//   controller.abort();     // that run (waiting or going) rejects with an AbortError
//   playground.cancel();    // every run, going and queued, rejects with an AbortError
//   playground.progress();  // { runId, done, total }, read from shared memory
//   playground.close();     // rejects what is going and queued; the worker and its timers end
//
// All Rust runs in one module Worker (runtime/worker.js). Runs are queued and go one at a time:
// a second run() while one is going waits for it, never interleaves. Every run() settles:
// with its report, or with an error whose `name` says why (ParamError, UnknownExampleError,
// AbortError, PanicError, OutOfMemoryError, DeadlockError, WorkerStoppedError, or Error when
// the runtime could not start again), a stable `code` with its `args` (the catalogs'
// `errors.<code>` word it in the reader's language), and an English `message`.
//
// Rust names things by id (a check's `id` and `facts`, a report's `brokenOnPurposeId`); the
// words live in the catalogs (www/i18n/). For course authors who read the API, this module
// fills in the words from a catalog, English unless createPlayground({ lang }) asks for another:
// examples' `title`, `summary`, `lookFor`, params' `description`, each check's `name` and
// `detail`, and the report's `brokenOnPurpose` sentence, beside the ids. The page and the widget
// ask for their reader's language (one catalog fetched) and word the ids with app/wording.js.
import { Control } from './runtime/control.js';
import { loadWords } from './app/i18n.js';
import { brokenOnPurposeText, checkText, exampleText, paramText } from './app/wording.js';
import { threads as wasmThreadsSupported } from './vendor/wasm-feature-detect.js';

export const VERSION = '0.1.0';
const MAX_THREADS = 64;

/**
 * One worker per core, as many as a run can use: a workstation reporting more than MAX_THREADS
 * cores gets MAX_THREADS, not a refusal.
 */
export function defaultThreads() {
  return Math.min(navigator.hardwareConcurrency || 2, MAX_THREADS);
}

/** A runtime that keeps dying as it starts would otherwise be restarted forever. */
const MAX_RESTARTS_IN_A_ROW = 3;
/** How often a run's panic flag is looked at: a panic aborts its worker, which never answers. */
const WATCHDOG_MS = 50;

function namedError(name, message, facts = {}) {
  return Object.assign(new Error(message), facts, { name });
}

const cancelledError = () => namedError('AbortError', 'the run was cancelled', { code: 'cancelled', args: {} });
const closedError = () => namedError('AbortError', 'the playground was closed', { code: 'closed', args: {} });

/** The catalog's words without the backticks that mark code: the API's texts are plain. */
const plain = (text) => text.replaceAll('`', '');

/**
 * The API's words, in `lang` (English unless createPlayground was asked for another): null if
 * the catalog cannot be fetched, and the API then gives ids only. The page and the widget ask
 * for their reader's language, so a Thai reader fetches th.json alone.
 */
function apiWords(lang = 'en') {
  return loadWords(lang).catch(() => null);
}

/**
 * Why this page cannot run threads, as a code (the catalogs' `errors.<code>`):
 * 'threadsNotIsolated' or 'noWasmThreads'; null when it can.
 */
export async function threadsUnavailableCode() {
  if (typeof SharedArrayBuffer === 'undefined' || !globalThis.crossOriginIsolated) return 'threadsNotIsolated';
  if (!(await wasmThreadsSupported())) return 'noWasmThreads';
  return null;
}

/**
 * Why this page cannot run threads, in English, or null when it can; threadsUnavailableCode()
 * gives the same reason as a code, for pages that word it in another language.
 */
export async function threadsUnavailableReason() {
  const code = await threadsUnavailableCode();
  if (!code) return null;
  const words = await apiWords();
  return words ? plain(words.t(`errors.${code}`)) : code;
}

function checkThreads(threads) {
  const ok = Number.isInteger(threads) && threads >= 1 && threads <= MAX_THREADS;
  if (!ok) {
    throw namedError('ParamError', `parameter \`threads\` must be an integer from 1 to ${MAX_THREADS}; got ${String(threads)}`,
      { param: 'threads', accepted: { min: 1, max: MAX_THREADS }, code: 'param.range', args: { min: 1, max: MAX_THREADS } });
  }
}

/** An example as the API shows it: its ids and specs, with its words. */
function exampleInWords(example, words) {
  if (!words) return example;
  const text = exampleText(words, example.id);
  const params = Object.fromEntries(Object.entries(example.params).map(([name, spec]) =>
    [name, { ...spec, description: plain(paramText(words, example.id, name).description) }]));
  return {
    ...example, title: plain(text.title), summary: plain(text.summary), lookFor: plain(text.lookFor), params,
  };
}

/**
 * A report as the API gives it: Rust's ids and facts, with the words beside them
 * (`checks[i].name` and `.detail`, `brokenOnPurpose`), so the report's JSON keys stay.
 */
function reportInWords(report, words) {
  if (!words) return report;
  const checks = report.checks.map((check) => {
    const { name, detail } = checkText(words, report.example, check);
    return { id: check.id, name: plain(name), ok: check.ok, detail: plain(detail), facts: check.facts };
  });
  const broken = brokenOnPurposeText(words, report.example, report.brokenOnPurposeId);
  return { ...report, checks, ...(broken ? { brokenOnPurpose: plain(broken) } : {}) };
}

class Playground {
  #threads;
  #threaded;
  #live = false;
  #worker = null;
  #control = null;
  /** Runs asked for and not yet posted to the worker: { id, params, resolve, reject, … }. */
  #queue = [];
  /** The run posted to the worker, until it settles. */
  #current = null;
  #closed = false;
  #watchdog = 0;
  #restartsInARow = 0;

  /** The API's catalog (a Words, or null without one); a promise of it until the first start. */
  #words;

  constructor(threads, threaded, words) {
    this.#threads = threads;
    this.#threaded = threaded;
    this.#words = words;
    this.info = null;
    this.examples = [];
  }

  /** Starts (or restarts) the runtime worker; resolves once its pool is up. */
  start() {
    const worker = new Worker(new URL('./runtime/worker.js', import.meta.url), { type: 'module' });
    this.#worker = worker;
    return new Promise((resolve, reject) => {
      let settled = false;
      const fail = (message) => {
        if (settled) return;
        settled = true;
        worker.terminate();
        reject(namedError('Error', `the runtime did not start: ${message}`, { code: 'runtimeFailed', args: { message } }));
      };
      worker.onerror = (event) => {
        event.preventDefault();
        fail(event.message ?? 'unknown error');
      };
      worker.onmessage = async ({ data }) => {
        if (data.type === 'failed') return fail(data.message);
        // Fetched while the runtime started (createPlayground); a Words from here on.
        this.#words = await this.#words;
        if (settled) return;
        if (this.#closed) return fail('the playground was closed meanwhile');
        settled = true;
        this.#control = data.memory ? new Control(data.memory, data.controlAddress, data.controlLayout) : null;
        this.#live = true;
        this.info = {
          threads: data.threads,
          isolated: globalThis.crossOriginIsolated === true,
          threaded: this.#threaded,
          hardwareConcurrency: navigator.hardwareConcurrency,
          version: VERSION,
        };
        this.examples = data.examples.map((example) => exampleInWords(example, this.#words));
        this.#restartsInARow = 0;
        worker.onmessage = ({ data: msg }) => this.#settle(msg);
        worker.onerror = (event) => {
          event.preventDefault();
          const message = event.message ?? 'unknown error';
          this.#restartAfter(namedError('Error', `the runtime worker failed: ${message}`, { code: 'runtimeFailed', args: { message } }));
        };
        resolve(this);
        this.#next();
      };
      worker.postMessage({ type: 'start', threads: this.#threads, threaded: this.#threaded });
    });
  }

  /**
   * Runs one example; resolves with its report. `signal` (an AbortSignal) stops this run alone,
   * whether it still waits for its turn or is going; `onStart({ runId })` is called when it
   * starts, with the id `progress()` will show for it.
   */
  run(id, params = {}, { signal, onStart } = {}) {
    if (this.#closed) return Promise.reject(namedError('Error', 'the playground is closed', { code: 'closed', args: {} }));
    if (signal?.aborted) return Promise.reject(cancelledError());
    return new Promise((resolve, reject) => {
      const call = { id, params, onStart, cancelled: false, callId: Math.random() };
      const onAbort = () => this.#abort(call);
      signal?.addEventListener('abort', onAbort, { once: true });
      // However the run ends, its signal lets go of it.
      const done = () => signal?.removeEventListener('abort', onAbort);
      call.resolve = (report) => { done(); resolve(report); };
      call.reject = (error) => { done(); reject(error); };
      this.#queue.push(call);
      this.#next();
    });
  }

  /** Ends the run in progress and every queued one; each rejects with an AbortError. */
  cancel() {
    for (const call of this.#queue.splice(0)) call.reject(cancelledError());
    if (this.#current) this.#abort(this.#current);
  }

  /** `{ runId, done, total }` of the current or last run, read straight from shared memory. */
  progress() {
    return this.#control ? this.#control.progress() : { runId: 0, done: 0, total: 0 };
  }

  /** Whether a run is going on or queued. */
  get busy() {
    return this.#current !== null || this.#queue.length > 0;
  }

  /** Ends the runtime for good: the run in progress and the queued ones reject, no timer is left. */
  close() {
    if (this.#closed) return;
    this.#closed = true;
    this.#stopWorker();
    for (const call of [this.#current, ...this.#queue.splice(0)]) call?.reject(closedError());
    this.#current = null;
  }

  /** Stops `call`: out of the queue if it waits, through the cancel flag if it goes. */
  #abort(call) {
    const queued = this.#queue.indexOf(call);
    if (queued >= 0) {
      this.#queue.splice(queued, 1);
      call.reject(cancelledError());
      return;
    }
    if (call !== this.#current) return;
    call.cancelled = true;
    if (this.#control) {
      this.#control.cancel();
    } else {
      // The single-threaded fallback has no shared flag to set: end its worker and start anew.
      this.#restartAfter(cancelledError(), { failure: false });
    }
  }

  #next() {
    if (this.#current || !this.#live || this.#queue.length === 0) return;
    const call = this.#queue.shift();
    this.#current = call;
    // The page, not Rust, clears the flag, and only here, before the run is posted: a cancel
    // that comes any time after this (even in the same tick) reaches the run.
    this.#control?.clearCancel();
    const { callId, id, params } = call;
    // Rust numbers runs as they begin; this is the next number (u32, as in shared memory).
    const runId = ((this.#control?.progress().runId ?? 0) + 1) >>> 0;
    // Plain data only: structured clone would choke on functions or class instances.
    this.#worker.postMessage({ type: 'run', callId, id, params: params ?? {} });
    // A panic aborts the web worker it happens on, so the run would never answer: watch the
    // fault word in shared memory instead of waiting.
    this.#watchdog = setInterval(() => {
      const fault = this.#control?.fault();
      // A deadlock leaves the runtime worker free: it answers itself, with what the run did.
      if (fault && fault.kind !== 'deadlock') this.#restartAfter(faultError(fault));
    }, WATCHDOG_MS);
    call.onStart?.({ runId });
  }

  #settle(msg) {
    const call = this.#current;
    if (!call || msg.callId !== call.callId) return;
    clearInterval(this.#watchdog);
    if (msg.fatal) {
      const fault = this.#control?.fault();
      this.#restartAfter(fault ? faultError(fault, msg.facts) : namedError(msg.name, msg.message, msg.facts));
      return;
    }
    this.#current = null;
    if (msg.type === 'report' && !call.cancelled) {
      call.resolve(reportInWords(msg.report, this.#words));
    } else if (msg.type === 'report' || msg.name === 'AbortError') {
      call.reject(cancelledError());
    } else {
      call.reject(namedError(msg.name, msg.message, msg.facts));
    }
    this.#next();
  }

  #stopWorker() {
    clearInterval(this.#watchdog);
    this.#live = false;
    this.#control = null;
    this.#worker?.terminate();
  }

  /**
   * A trapped (or cancelled single-threaded) instance is replaced: a fresh worker and pool.
   * A restart that fails counts toward the limit like the fault before it; past the limit the
   * playground closes and every queued run rejects, so nothing waits forever.
   */
  #restartAfter(error, { failure = true } = {}) {
    this.#stopWorker();
    this.#current?.reject(error);
    this.#current = null;
    if (failure) this.#restartsInARow++;
    if (this.#closed || !this.info || this.#restartsInARow > MAX_RESTARTS_IN_A_ROW) {
      this.#closed = true;
      for (const call of this.#queue.splice(0)) call.reject(error);
      return;
    }
    this.start().catch((startError) => this.#restartAfter(startError));
  }
}

/** The error for a fault the runtime recorded in shared memory: `{ kind, message }`. */
function faultError({ kind, message }, facts = {}) {
  if (kind === 'out-of-memory') return namedError('OutOfMemoryError', message, { code: 'outOfMemory', args: {} });
  // A pool worker's wasm trapped without a panic (worker_stops.rs): the run would wait forever.
  if (kind === 'worker-stopped') return namedError('WorkerStoppedError', `a worker stopped: ${message}`, { code: 'workerStopped', args: { message } });
  // Deadlocked workers can never be woken: like a panic, the runtime is replaced.
  // `error.report` ({ wallMs, workers, timeline }) is what the run did until it was caught.
  if (kind === 'deadlock') return namedError('DeadlockError', message, { code: 'deadlock', args: { cycle: message, chain: message }, ...facts });
  return namedError('PanicError', `a thread panicked: ${message}`, { code: 'panic', args: { message } });
}

/**
 * Starts the runtime worker and its pool of `threads` web workers
 * (default: one per core, at most 64: defaultThreads). Where threads are unavailable (see
 * threadsUnavailableReason) it starts the single-threaded build instead: `info.isolated` is
 * false and `info.threads` is 1. `lang` ('en' or 'th') is the language of the words the API
 * fills in beside the ids.
 */
export async function createPlayground({ threads = defaultThreads(), lang = 'en' } = {}) {
  checkThreads(threads);
  // The catalog loads while the runtime starts: on a distant server, a round trip less.
  const words = apiWords(lang);
  const threaded = (await threadsUnavailableCode()) === null;
  const playground = new Playground(threaded ? threads : 1, threaded, words);
  return playground.start();
}
