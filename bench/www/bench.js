// The benchmark page's functions, called by bench/browser.mjs with page.evaluate. Served at
// /bench/ only by `./build.sh bench`, next to the real site, so it measures the real
// playground.js and dist/pkg/core.js. Every measurement warms up first (the browser optimises
// hot wasm and JS only after their first runs), then repeats.
import { createPlayground } from '../playground.js';
import { addSums, checksum } from './heavy.js';

const log = (...parts) => console.log('[bench]', ...parts);

function worker(file, options) {
  return new Worker(new URL(file, import.meta.url), options);
}

/** The next message `target` receives. */
function nextMessage(target) {
  return new Promise((resolve) => target.addEventListener('message', ({ data }) => resolve(data), { once: true }));
}

async function repeat(label, { warmups, reps }, once) {
  for (let i = 0; i < warmups; i++) await once();
  const samples = [];
  for (let i = 0; i < reps; i++) samples.push(await once());
  log(label, samples.map((s) => `${s.ms.toFixed(1)} ms`).join(' '));
  return samples;
}

/**
 * createPlayground() called to resolved: runtime worker, wasm instance, `threads` pool workers.
 * Then the same start-up once more in wasm-worker.js, which starts exactly like the runtime
 * worker but times its parts: the worker with its module imports, init() (instantiating the
 * wasm), initThreadPool() (the pool's workers).
 */
export async function poolStart(threads) {
  const start = performance.now();
  const playground = await createPlayground({ threads });
  const ms = performance.now() - start;
  const ready = playground.info.threads;
  playground.close();

  const again = performance.now();
  const w = worker('./wasm-worker.js', { type: 'module' });
  const reply = nextMessage(w);
  w.postMessage({ type: 'start', threads });
  const { initMs, poolMs } = await reply;
  const totalMs = performance.now() - again;
  w.terminate();
  return { ms, threads: ready, parts: { workerMs: totalMs - initMs - poolMs, initMs, poolMs } };
}

/**
 * Every example with its defaults (all threads) and the plan's extra runs, through the public
 * API. Warm-ups first; then round-robin over the cases, as the native bench does, so load on
 * the machine hits every case alike.
 */
export async function exampleRuns(plan, threads, reps) {
  const playground = await createPlayground({ threads });
  const ids = playground.examples.map((e) => e.id);
  const cases = ids.map((id) => ({ label: id, example: id, params: {}, reps }));
  const runs = {};
  for (const extra of plan.extraRuns) {
    if (ids.includes(extra.example)) cases.push({ ...extra, reps: Math.min(extra.reps ?? reps, reps) });
    else runs[extra.label] = { example: extra.example, missing: true };
  }
  const run = async ({ label, example, params }) => {
    const report = await playground.run(example, params);
    log(label, `${report.wallMs.toFixed(1)} ms`, report.ok ? '' : 'CHECKS FAILED');
    return report;
  };
  for (const c of cases) for (let i = 0; i < plan.warmups; i++) await run(c);
  const results = cases.map(() => ({ params: null, samples: [] }));
  for (let rep = 0; rep < reps; rep++) {
    for (const [i, c] of cases.entries()) {
      if (rep >= c.reps) continue;
      const report = await run(c);
      results[i].params = report.params;
      results[i].samples.push({
        wallMs: report.wallMs, ok: report.ok, peakHeapBytes: report.peakHeapBytes, metrics: report.metrics,
      });
    }
  }
  for (const [i, c] of cases.entries()) runs[c.label] = { example: c.example, ...results[i] };
  playground.close();
  return { threads: playground.info.threads, runs };
}

/** crate/src/bench.rs's loops in wasm, in a worker with its own pool (see wasm-worker.js). */
export async function wasmMicro(plan, threads, reps) {
  const w = worker('./wasm-worker.js', { type: 'module' });
  const call = async (message) => {
    const reply = nextMessage(w);
    w.postMessage(message);
    const data = await reply;
    if (!data.ok) throw new Error(data.message);
    return data;
  };
  await call({ type: 'start', threads });
  const micro = {};
  for (const { label, name, params } of plan.micro) {
    const once = async () => (await call({ type: 'bench', name, params })).result;
    micro[label] = { name, params, samples: await repeat(label, { warmups: plan.warmups, reps }, once) };
  }
  w.terminate();
  return micro;
}

/** Numbers handed from one JS worker to another, one postMessage each. */
export async function postMessageHandoff(count, { warmups, reps }) {
  const sender = worker('./relay-worker.js');
  const receiver = worker('./relay-worker.js');
  const { port1, port2 } = new MessageChannel();
  const ready = [nextMessage(sender), nextMessage(receiver)];
  sender.postMessage({ role: 'sender' }, [port1]);
  receiver.postMessage({ role: 'receiver' }, [port2]);
  await Promise.all(ready);
  const once = async () => {
    const armed = nextMessage(receiver);
    receiver.postMessage({ count });
    await armed;
    const done = nextMessage(receiver);
    const start = performance.now();
    sender.postMessage({ count });
    const { seen, sum } = await done;
    const ms = performance.now() - start;
    if (seen !== count || sum !== (count * (count - 1)) / 2) throw new Error(`hand-off lost messages: ${seen} of ${count}`);
    return { ops: count, ms, nsPerOp: (ms * 1e6) / count, opsPerSec: count / (ms / 1000) };
  };
  const samples = await repeat(`postMessage x${count}`, { warmups, reps }, once);
  sender.terminate();
  receiver.terminate();
  return samples;
}

/**
 * The pipeline's computation (items × rounds of heavy_item) in plain JS on `workers` workers,
 * one equal range each, handed out and summed up by postMessage. With one worker it is the
 * plain single-thread baseline (in a worker like all the wasm runs, so it is not slowed by
 * the page). Equal ranges are the best case for JS here: the work per item is uniform.
 */
export async function jsPipeline({ items, rounds, workers }, { warmups, reps }) {
  const pool = Array.from({ length: workers }, () => worker('./heavy-worker.js', { type: 'module' }));
  const per = Math.ceil(items / workers);
  const once = async () => {
    const start = performance.now();
    const parts = await Promise.all(pool.map((w, i) => {
      const reply = nextMessage(w);
      w.postMessage({ start: i * per, end: Math.min(items, (i + 1) * per), rounds });
      return reply;
    }));
    const ms = performance.now() - start;
    return { ms, checksum: checksum(parts.reduce(addSums, { hi: 0, lo: 0 })) };
  };
  const samples = await repeat(`JS pipeline on ${workers} worker(s)`, { warmups, reps }, once);
  for (const w of pool) w.terminate();
  return samples;
}
