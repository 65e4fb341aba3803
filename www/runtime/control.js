// The page's side of crate/src/runtime/control.rs: four 32-bit words in the wasm memory
// (a SharedArrayBuffer) that the page reads and writes with Atomics while a run goes on.
// Keep the word order in step with `struct Control`.
const CANCEL = 0;
const DONE = 1;
const TOTAL = 2;
const RUN_ID = 3;
const PANICKED = 4;
const PANIC_LEN = 5;
const PANIC_TEXT_OFFSET = 24; // bytes: after the six words

export class Control {
  constructor(memory, address) {
    // The control words are a static near the start of memory, so a view made now stays
    // valid even after the memory grows (growth only adds pages at the end).
    this.words = new Int32Array(memory.buffer, address, 6);
    this.memory = memory;
    this.address = address;
  }

  /** Asks the run in progress to stop; its loops see the flag on their next check. */
  cancel() {
    Atomics.store(this.words, CANCEL, 1);
  }

  /** The first panic's message once a thread has panicked, else null. */
  panic() {
    if (Atomics.load(this.words, PANICKED) === 0) return null;
    const length = Atomics.load(this.words, PANIC_LEN);
    // TextDecoder refuses views of shared memory: copy the bytes out first.
    const bytes = new Uint8Array(this.memory.buffer, this.address + PANIC_TEXT_OFFSET, length).slice();
    return new TextDecoder().decode(bytes);
  }

  /** Progress of the current (or last) run, read without any message to the worker. */
  progress() {
    return {
      runId: Atomics.load(this.words, RUN_ID) >>> 0,
      done: Atomics.load(this.words, DONE) >>> 0,
      total: Atomics.load(this.words, TOTAL) >>> 0,
    };
  }
}
