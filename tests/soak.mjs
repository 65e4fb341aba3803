// Long use: many consecutive runs across all examples in one page, as a student leaving a tab
// open all afternoon would. Passes when no check fails, no error reaches the console, the
// number of workers stays constant and wasm memory stops growing after warm-up.
// Run by `./build.sh soak` (RUNS=1000 by default) against the served site.
import assert from 'node:assert/strict';
import { launch, openPage } from './e2e/browser.mjs';

const RUNS = Number(process.env.RUNS ?? 1000);

// Small workloads, so a thousand runs take minutes, not hours; every variant gets its turn.
const QUICK = {
  'pipeline': [{ items: 20000, work: 5 }, { items: 20000, chunk: 1, work: 1 }],
  // Not "racy" nor "deadlock": wrong on purpose (tests/e2e/lessons.test.mjs runs them).
  'game-server': ['mutex', 'rwlock', 'sharded', 'actor', 'ordered'].map((strategy) => ({ players: 8, actions: 200, strategy })),
  'sensors': [{ sensors: 2, rate: 2000, periodMs: 5, durationMs: 20 }],
  'message-queue': ['unbounded', 'bounded', 'rendezvous'].map((channel) => ({ producers: 2, messages: 500, channel })),
  'web-server': ['thread-pool', 'async'].map((model) => ({ connections: 2000, model })),
};

const context = await launch();
const { page, problems } = await openPage(context);
const started = Date.now();
const summary = await page.evaluate(async ({ runs, quick }) => {
  const { createPlayground } = await import('./playground.js');
  const playground = await createPlayground();
  const plans = playground.examples.flatMap((e) => (quick[e.id] ?? [{}]).map((p) => [e.id, p]));
  const memory = [];
  const failures = [];
  const workerCounts = new Set();
  for (let i = 0; i < runs; i++) {
    const [id, params] = plans[i % plans.length];
    // A bounded or rendezvous channel needs its consumer beside the producers: 2 workers at least.
    const least = params.channel && params.channel !== 'unbounded' ? 2 : 1;
    const threads = Math.max(least, 1 + (i % playground.info.threads));
    try {
      const report = await playground.run(id, { ...params, threads });
      if (!report.ok) failures.push(`${id} run ${i}: ${report.checks.filter((c) => !c.ok).map((c) => c.name)}`);
      workerCounts.add(report.workers.length === threads ? 'as asked' : `asked ${threads}, got ${report.workers.length}`);
      memory.push(report.memoryBytes);
    } catch (e) {
      failures.push(`${id} run ${i}: ${e.name}: ${e.message}`);
    }
  }
  const info = playground.info;
  playground.close();
  return { memory, failures, workerCounts: [...workerCounts], threads: info.threads, plans: plans.length };
}, { runs: RUNS, quick: QUICK });

const warm = summary.memory.slice(Math.floor(RUNS / 5));
const [first, last, peak] = [warm[0], warm.at(-1), Math.max(...warm)];
console.log(JSON.stringify({
  runs: RUNS, variants: summary.plans, seconds: (Date.now() - started) / 1000, threads: summary.threads,
  memoryAfterWarmUp: first, memoryAtEnd: last, memoryPeak: peak, failures: summary.failures.length,
}));
await context.close();
assert.deepEqual(summary.failures, []);
assert.deepEqual(problems, []);
assert.deepEqual(summary.workerCounts, ['as asked']);
assert.equal(last, first, 'wasm memory is flat after warm-up');
