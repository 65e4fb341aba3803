// Runs on each web worker of the pool (see worker_stops.rs): when the worker's wasm throws
// (a trap that is not a panic), its error goes into the shared fault words, where the page's
// watchdog finds it. wasm-bindgen-rayon starts the worker's loop inside a promise, so such an
// exception arrives as an unhandled rejection; `error` covers one thrown anywhere else.
//
// Plain JavaScript, and no call back into wasm: the trapped instance may have stopped while
// holding a lock, or with its stack pointer mid-call.
export function recordStopsOfThisWorker(memory, kindAt, lengthAt, textAt, textBytes, kind) {
  const record = (what) => {
    // A fresh view each time: the memory may have grown since, which replaces `buffer`.
    const buffer = memory.buffer;
    const kindWord = new Int32Array(buffer, kindAt, 1);
    // The first fault is the one reported: a panic's abort also ends here, after its message.
    if (Atomics.load(kindWord, 0) !== 0) return;
    // Encoded apart and copied in (encodeInto refuses shared memory), cut where a character
    // starts so that the text stays valid UTF-8.
    const bytes = new TextEncoder().encode(String(what));
    let length = Math.min(bytes.length, textBytes);
    while (length < bytes.length && (bytes[length] & 0xc0) === 0x80) length--;
    new Uint8Array(buffer, textAt, length).set(bytes.subarray(0, length));
    Atomics.store(new Int32Array(buffer, lengthAt, 1), 0, length);
    // Last, as in control.rs: the page reads the text only once it sees the kind.
    Atomics.store(kindWord, 0, kind);
  };
  self.addEventListener('unhandledrejection', (event) => record(event.reason));
  self.addEventListener('error', (event) => record(event.error ?? event.message));
}
