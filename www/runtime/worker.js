// The runtime worker: the one place the wasm instance and its thread pool live.
// The page never calls into wasm; it sends this worker a few named messages:
//   start {threads, threaded} -> ready {threads, examples, memory?, controlAddress?, controlLayout?}
//                                | failed {message}
//   run {callId, id, params}  -> report {callId, report} | error {callId, name, message, facts, fatal}
// A run blocks this worker until it ends (that is why it is not the page): cancel and progress
// go through shared memory instead of messages (see control.js).
//
// Two builds of the same crate: `pkg/` (threads over shared memory) and `pkg-st/` (one thread,
// no atomics) for pages that are not cross-origin isolated and so get no SharedArrayBuffer.

let core = null;

async function start(threads, threaded) {
  // The wasm downloads while its glue module and the glue's own imports load: on a distant
  // server that is two round trips it no longer waits for. A promise of the response is what
  // the glue's init takes; it still gives the server's status and MIME type their own errors.
  const wasm = fetch(new URL(threaded ? '../pkg/core_bg.wasm' : '../pkg-st/core_bg.wasm', import.meta.url));
  wasm.catch(() => {}); // if the glue fails to load, its error is the one to report
  core = await import(threaded ? '../pkg/core.js' : '../pkg-st/core.js');
  await core.default({ module_or_path: wasm });
  if (!threaded) {
    // Unshared memory cannot be posted to the page (nor read while a run blocks us), so the
    // fallback has no live progress, and cancel ends this worker instead of setting a flag.
    return { type: 'ready', threads: core.poolSize(), examples: core.examples() };
  }
  // Starts `threads` more web workers sharing this instance's memory; rayon schedules on them.
  await core.initThreadPool(threads);
  return {
    type: 'ready',
    threads: core.poolSize(),
    examples: core.examples(),
    memory: core.sharedMemory(),
    controlAddress: core.controlAddress(),
    // Where each control word is, from Rust (offset_of!): the page keeps no copy of the layout.
    controlLayout: core.controlLayout(),
  };
}

function run({ callId, id, params }) {
  try {
    return { type: 'report', callId, report: core.runExample(id, params) };
  } catch (e) {
    // A trap (a panic, out of memory) leaves the instance unusable, and so do workers stuck in
    // a deadlock: say so, the page restarts us.
    const fatal = e instanceof WebAssembly.RuntimeError || e?.name === 'DeadlockError';
    // An error's `code` and `args` (and a ParamError's `param`, `accepted`) travel as data, so
    // the page words it in the reader's language and never parses text.
    const facts = e?.code ? { code: e.code, args: e.args ?? {} } : {};
    if (e?.name === 'ParamError') Object.assign(facts, { param: e.param, accepted: e.accepted });
    // What a deadlocked run did until it was caught, its last waits included, for the timeline.
    if (e?.name === 'DeadlockError' && e.report) facts.report = e.report;
    return { type: 'error', callId, name: e?.name ?? 'Error', message: String(e?.message ?? e), facts, fatal };
  }
}

self.onmessage = async ({ data }) => {
  if (data.type === 'start' && !core) {
    try {
      self.postMessage(await start(data.threads, data.threaded));
    } catch (e) {
      self.postMessage({ type: 'failed', message: String(e?.message ?? e) });
    }
  } else if (data.type === 'run') {
    self.postMessage(run(data));
  }
};
