// The playground's JS API: the one interface the page, the widgets, the tests and course sites use.
//
//   const playground = await createPlayground({ threads: 2 });
//   playground.info;        // { threads, isolated, threaded, hardwareConcurrency, version }
//   playground.examples;    // [{ id, title, summary, lookFor, sources, params, paramOrder }]
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
// AbortError, PanicError, OutOfMemoryError, DeadlockError, or Error when the runtime could not
// start again).
import { Control } from './runtime/control.js';
import { threads as wasmThreadsSupported } from './vendor/wasm-feature-detect.js';

export const VERSION = '0.1.0';
const MAX_THREADS = 64;
/** A runtime that keeps dying as it starts would otherwise be restarted forever. */
const MAX_RESTARTS_IN_A_ROW = 3;
/** How often a run's panic flag is looked at: a panic aborts its worker, which never answers. */
const WATCHDOG_MS = 50;

function namedError(name, message, facts = {}) {
  return Object.assign(new Error(message), facts, { name });
}

const cancelledError = () => namedError('AbortError', 'the run was cancelled');
const closedError = () => namedError('AbortError', 'the playground was closed');

/** Why this page cannot run threads, or null when it can. */
export async function threadsUnavailableReason() {
  if (typeof SharedArrayBuffer === 'undefined' || !globalThis.crossOriginIsolated) {
    return 'This page is not cross-origin isolated, so the browser withholds SharedArrayBuffer and ' +
      'wasm threads. Serve it with the headers Cross-Origin-Opener-Policy: same-origin and ' +
      'Cross-Origin-Embedder-Policy: require-corp, or add <script src="coi-serviceworker.min.js"></script> ' +
      'to the page (see the README).';
  }
  if (!(await wasmThreadsSupported())) {
    return 'This browser does not support WebAssembly threads.';
  }
  return null;
}

function checkThreads(threads) {
  const ok = Number.isInteger(threads) && threads >= 1 && threads <= MAX_THREADS;
  if (!ok) {
    throw namedError('ParamError', `parameter \`threads\` must be an integer from 1 to ${MAX_THREADS}; got ${String(threads)}`,
      { param: 'threads', accepted: { min: 1, max: MAX_THREADS } });
  }
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

  constructor(threads, threaded) {
    this.#threads = threads;
    this.#threaded = threaded;
    this.info = null;
    this.examples = [];
  }

  /** Starts (or restarts) the runtime worker; resolves once its pool is up. */
  start() {
    const worker = new Worker(new URL('./runtime/worker.js', import.meta.url), { type: 'module' });
    this.#worker = worker;
    return new Promise((resolve, reject) => {
      const fail = (message) => {
        worker.terminate();
        reject(namedError('Error', `the runtime did not start: ${message}`));
      };
      worker.onerror = (event) => {
        event.preventDefault();
        fail(event.message ?? 'unknown error');
      };
      worker.onmessage = ({ data }) => {
        if (data.type === 'failed') return fail(data.message);
        if (this.#closed) return fail('the playground was closed meanwhile');
        this.#control = data.memory ? new Control(data.memory, data.controlAddress, data.controlLayout) : null;
        this.#live = true;
        this.info = {
          threads: data.threads,
          isolated: globalThis.crossOriginIsolated === true,
          threaded: this.#threaded,
          hardwareConcurrency: navigator.hardwareConcurrency,
          version: VERSION,
        };
        this.examples = data.examples;
        this.#restartsInARow = 0;
        worker.onmessage = ({ data: msg }) => this.#settle(msg);
        worker.onerror = (event) => {
          event.preventDefault();
          this.#restartAfter(namedError('Error', `the runtime worker failed: ${event.message ?? 'unknown error'}`));
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
    if (this.#closed) return Promise.reject(namedError('Error', 'the playground is closed'));
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
      call.resolve(msg.report);
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
  if (kind === 'out-of-memory') return namedError('OutOfMemoryError', message);
  // Deadlocked workers can never be woken: like a panic, the runtime is replaced.
  // `error.report` ({ wallMs, workers, timeline }) is what the run did until it was caught.
  if (kind === 'deadlock') return namedError('DeadlockError', message, facts);
  return namedError('PanicError', `a thread panicked: ${message}`);
}

/**
 * Starts the runtime worker and its pool of `threads` web workers
 * (default: navigator.hardwareConcurrency). Where threads are unavailable (see
 * threadsUnavailableReason) it starts the single-threaded build instead: `info.isolated` is
 * false and `info.threads` is 1.
 */
export async function createPlayground({ threads = navigator.hardwareConcurrency || 2 } = {}) {
  checkThreads(threads);
  const threaded = (await threadsUnavailableReason()) === null;
  const playground = new Playground(threaded ? threads : 1, threaded);
  return playground.start();
}
