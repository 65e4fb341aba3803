// The playground's JS API: the one interface the page, the tests and course sites use.
//
//   const playground = await createPlayground({ threads: 2 });
//   playground.info;                 // { threads, isolated, threaded, hardwareConcurrency, version }
//   playground.examples;             // [{ id, title, summary, lookFor, source, params }]
//   const report = await playground.run('pipeline', { items: 1e6, threads: 2 });
//   playground.cancel();             // the run in progress rejects with an AbortError
//   playground.progress();           // { runId, done, total }, read from shared memory
//   playground.close();
//
// All Rust runs in one module Worker (runtime/worker.js). Runs are queued and go one at a time:
// a second run() while one is going waits for it, never interleaves.
import { Control } from './runtime/control.js';
import { threads as wasmThreadsSupported } from './vendor/wasm-feature-detect.js';

export const VERSION = '0.1.0';
const MAX_THREADS = 64;

function namedError(name, message) {
  const error = new Error(message);
  error.name = name;
  return error;
}

/** The error for a panic (or memory exhaustion) that the runtime recorded in shared memory. */
function panicError(text) {
  return text.startsWith('out of memory')
    ? namedError('OutOfMemoryError', text)
    : namedError('PanicError', `a thread panicked: ${text}`);
}

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
    throw namedError('ParamError',
      `parameter \`threads\` must be an integer from 1 to ${MAX_THREADS}; got ${String(threads)}`);
  }
}

class Playground {
  #threads;
  #threaded;
  #live = false;
  #worker = null;
  #control = null;
  #ready = null;
  #queue = [];
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
    this.#ready = new Promise((resolve, reject) => {
      worker.onmessage = ({ data }) => {
        if (data.type === 'ready') {
          this.#control = data.memory ? new Control(data.memory, data.controlAddress) : null;
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
          resolve(this);
          this.#next();
        } else if (data.type === 'failed') {
          reject(namedError('Error', `the runtime did not start: ${data.message}`));
        }
      };
      worker.onerror = (event) => {
        event.preventDefault();
        const error = namedError('Error', `the runtime worker failed: ${event.message ?? 'unknown error'}`);
        reject(error);
        this.#restartAfter(error);
      };
    });
    worker.postMessage({ type: 'start', threads: this.#threads, threaded: this.#threaded });
    return this.#ready;
  }

  /** Runs one example; resolves with its report. */
  run(id, params = {}) {
    if (this.#closed) return Promise.reject(namedError('Error', 'the playground is closed'));
    return new Promise((resolve, reject) => {
      this.#queue.push({ id, params, resolve, reject, callId: Math.random() });
      this.#next();
    });
  }

  /** Ends the run in progress (and any queued ones); each rejects with an AbortError. */
  cancel() {
    for (const call of this.#queue.splice(0)) call.reject(namedError('AbortError', 'the run was cancelled'));
    if (!this.#current) return;
    this.#current.cancelled = true;
    if (this.#control) {
      this.#control.cancel();
    } else {
      // The single-threaded fallback has no shared flag to set: end its worker and start anew.
      this.#restartAfter(namedError('AbortError', 'the run was cancelled'), { failure: false });
    }
  }

  /** `{ runId, done, total }` of the current or last run, read straight from shared memory. */
  progress() {
    return this.#control ? this.#control.progress() : { runId: 0, done: 0, total: 0 };
  }

  /** Whether a run is going on or queued. */
  get busy() {
    return this.#current !== null || this.#queue.length > 0;
  }

  close() {
    this.cancel();
    this.#closed = true;
    this.#worker?.terminate();
  }

  #next() {
    if (this.#current || !this.#live || this.#queue.length === 0) return;
    this.#current = this.#queue.shift();
    const { callId, id, params } = this.#current;
    // Plain data only: structured clone would choke on functions or class instances.
    this.#worker.postMessage({ type: 'run', callId, id, params: params ?? {} });
    // A panic aborts the web worker it happens on, so the run would never answer: watch the
    // panic flag in shared memory instead of waiting.
    this.#watchdog = setInterval(() => {
      const panic = this.#control?.panic();
      if (panic) this.#restartAfter(panicError(panic));
    }, 50);
  }

  #settle(msg) {
    const call = this.#current;
    if (!call || msg.callId !== call.callId) return;
    clearInterval(this.#watchdog);
    if (msg.fatal) {
      const panic = this.#control?.panic();
      this.#restartAfter(panic ? panicError(panic) : namedError(msg.name, msg.message));
      return;
    }
    this.#current = null;
    if (msg.type === 'report' && !call.cancelled) {
      call.resolve(msg.report);
    } else if (msg.type === 'report' || msg.name === 'AbortError') {
      call.reject(namedError('AbortError', 'the run was cancelled'));
    } else {
      call.reject(namedError(msg.name, msg.message));
    }
    this.#next();
  }

  /** A trapped (or cancelled single-threaded) instance is replaced: a fresh worker and pool. */
  #restartAfter(error, { failure = true } = {}) {
    clearInterval(this.#watchdog);
    this.#current?.reject(error);
    this.#current = null;
    this.#control = null;
    this.#live = false;
    this.#worker?.terminate();
    // A runtime that keeps dying at start would otherwise restart forever.
    if (failure) this.#restartsInARow++;
    if (this.#closed || !this.info || this.#restartsInARow > 3) {
      this.#closed = true;
      for (const call of this.#queue.splice(0)) call.reject(error);
      return;
    }
    this.start().catch(() => {});
  }
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
