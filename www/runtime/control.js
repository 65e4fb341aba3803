// The page's side of crate/src/runtime/control.rs: 32-bit words in the wasm memory (a
// SharedArrayBuffer) that the page reads and writes with Atomics while a run goes on. Where
// each word is comes from Rust (`controlLayout()`, computed with offset_of!), never from a copy.

export class Control {
  /** `layout`: byte offsets from `address` ({ cancel, done, total, runId, panicKind, … }). */
  constructor(memory, address, layout) {
    // The control words are a static near the start of memory, so views made now stay valid
    // even after the memory grows (growth only adds pages at the end).
    const word = (offset) => new Int32Array(memory.buffer, address + offset, 1);
    this.words = {
      cancel: word(layout.cancel), done: word(layout.done), total: word(layout.total),
      runId: word(layout.runId), panicKind: word(layout.panicKind), panicLen: word(layout.panicLen),
    };
    this.memory = memory;
    this.textAddress = address + layout.panicText;
    this.kinds = {
      [layout.kindPanic]: 'panic',
      [layout.kindOutOfMemory]: 'out-of-memory',
      [layout.kindDeadlock]: 'deadlock',
      [layout.kindWorkerStopped]: 'worker-stopped',
    };
  }

  #load(name) {
    return Atomics.load(this.words[name], 0);
  }

  #store(name, value) {
    Atomics.store(this.words[name], 0, value);
  }

  /** Asks the run in progress (or the one just posted) to stop; its loops see the flag next check. */
  cancel() {
    this.#store('cancel', 1);
  }

  /** Called before each run is posted, and nowhere else (see control.rs). */
  clearCancel() {
    this.#store('cancel', 0);
  }

  /**
   * `{ kind: 'panic' | 'out-of-memory' | 'deadlock' | 'worker-stopped', message }` once a run has
   * faulted, else null.
   */
  fault() {
    const kind = this.#load('panicKind');
    if (kind === 0) return null;
    const length = this.#load('panicLen');
    // TextDecoder refuses views of shared memory: copy the bytes out first.
    const bytes = new Uint8Array(this.memory.buffer, this.textAddress, length).slice();
    return { kind: this.kinds[kind] ?? 'panic', message: new TextDecoder().decode(bytes) };
  }

  /** Progress of the current (or last) run, read without any message to the worker. */
  progress() {
    return {
      runId: this.#load('runId') >>> 0,
      done: this.#load('done') >>> 0,
      total: this.#load('total') >>> 0,
    };
  }
}
