// The runtime worker: the one place the wasm instance and its thread pool live.
// The page never calls into wasm; it sends this worker a few named messages:
//   start {threads}        -> ready {threads, version, examples, memory, controlAddress} | failed {message}
//   run {callId, id, params} -> report {callId, report} | error {callId, name, message}
// A run blocks this worker until it ends (that is why it is not the page): cancel and progress
// go through shared memory instead of messages (see control.js).
import init, * as core from '../pkg/core.js';

let started = false;

async function start(threads) {
  await init();
  // Starts `threads` more web workers sharing this instance's memory; rayon schedules on them.
  await core.initThreadPool(threads);
  started = true;
  return {
    type: 'ready',
    threads: core.poolSize(),
    examples: core.examples(),
    memory: core.sharedMemory(),
    controlAddress: core.controlAddress(),
  };
}

function run({ callId, id, params }) {
  try {
    return { type: 'report', callId, report: core.runExample(id, params) };
  } catch (e) {
    // A trap (a panic, out of memory) leaves the instance unusable: say so, the page restarts us.
    const fatal = e instanceof WebAssembly.RuntimeError;
    return { type: 'error', callId, name: e?.name ?? 'Error', message: String(e?.message ?? e), fatal };
  }
}

self.onmessage = async ({ data }) => {
  if (data.type === 'start' && !started) {
    try {
      self.postMessage(await start(data.threads));
    } catch (e) {
      self.postMessage({ type: 'failed', message: String(e?.message ?? e) });
    }
  } else if (data.type === 'run') {
    self.postMessage(run(data));
  }
};
