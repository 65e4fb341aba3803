// The wasm micro benchmarks' worker: its own instance of dist/pkg/core.js with a pool of
// `threads` web workers, answering `runBenchmark` calls (crate/src/bench.rs). A separate worker
// rather than a message type in www/runtime/worker.js keeps benchmark plumbing out of the
// playground; it starts exactly as the runtime worker does (init, then initThreadPool).
import init, * as core from '../pkg/core.js';

self.onmessage = async ({ data }) => {
  try {
    if (data.type === 'start') {
      // Timed in parts, so the pool-start figure can be broken down (see bench.js).
      const start = performance.now();
      await init();
      const initialized = performance.now();
      await core.initThreadPool(data.threads);
      const initMs = initialized - start;
      self.postMessage({ ok: true, threads: core.poolSize(), initMs, poolMs: performance.now() - initialized });
    } else {
      self.postMessage({ ok: true, result: core.runBenchmark(data.name, data.params) });
    }
  } catch (e) {
    self.postMessage({ ok: false, message: String(e?.message ?? e) });
  }
};
