// A fault in a worker (a panic, running out of memory, a trap with no panic), through the JS
// API, against the test-only site that has the `fault` example: the run rejects with a clear
// error, the runtime replaces itself, and the next run works with the same number of workers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, needsSite } from './browser.mjs';

const FAULT_SITE_URL = process.env.FAULT_SITE_URL;
let context;
before(async () => { context = await launch(); });
after(async () => { await context?.close(); });

/** Runs a fault of `kind` through the API, then a good run; returns what each did. */
async function faultThenGoodRun(page, kind) {
  return page.evaluate(async (kind) => {
    const { createPlayground } = await import('./playground.js');
    const playground = await createPlayground({ threads: 2 });
    let failure;
    // A fault nobody notices leaves the run waiting forever: give up after 30 s and say so.
    const hung = new Promise((resolve) => setTimeout(resolve, 30_000, 'no answer in 30 s'));
    try {
      const finished = await Promise.race([playground.run('fault', { afterMs: 10, kind }), hung]);
      if (finished === 'no answer in 30 s') return { failure: { name: finished } };
    } catch (e) {
      failure = { name: e.name, code: e.code, args: e.args, message: e.message };
    }
    const report = await playground.run('pipeline', { items: 100000, work: 5 });
    const result = { failure, ok: report.ok, workers: report.workers.length, threads: playground.info.threads };
    playground.close();
    return result;
  }, kind);
}

async function openFaultSite() {
  const page = await context.newPage();
  await page.goto(FAULT_SITE_URL);
  await page.waitForSelector('body[data-ready="true"]');
  return page;
}

test('a panic becomes a PanicError with its message, then a good run follows', needsSite('FAULT_SITE_URL'), async () => {
  const page = await openFaultSite();
  const outcome = await faultThenGoodRun(page, 'panic');
  assert.equal(outcome.failure?.name, 'PanicError');
  assert.match(outcome.failure.message, /deliberate fault injected by a test/);
  assert.equal(outcome.failure.code, 'panic');
  assert.match(outcome.failure.args.message, /deliberate fault injected by a test/);
  assert.equal(outcome.ok, true);
  assert.equal(outcome.workers, 2);
  assert.equal(outcome.threads, 2);
  await page.close();
});

test('running out of memory becomes an OutOfMemoryError, then a good run follows', needsSite('FAULT_SITE_URL'), async () => {
  const page = await openFaultSite();
  const outcome = await faultThenGoodRun(page, 'oom');
  assert.equal(outcome.failure?.name, 'OutOfMemoryError');
  assert.equal(outcome.failure.code, 'outOfMemory');
  assert.match(outcome.failure.message, /out of memory.*1 GiB/);
  assert.equal(outcome.ok, true);
  assert.equal(outcome.workers, 2);
  await page.close();
});

test('a worker whose wasm traps without a panic becomes a WorkerStoppedError, then a good run follows', needsSite('FAULT_SITE_URL'), async () => {
  const page = await openFaultSite();
  const outcome = await faultThenGoodRun(page, 'trap');
  assert.equal(outcome.failure?.name, 'WorkerStoppedError');
  assert.equal(outcome.failure.code, 'workerStopped');
  // The browser's own words for the trap, from the worker that stopped.
  assert.match(outcome.failure.args.message, /RuntimeError: unreachable/);
  assert.match(outcome.failure.message, /a worker stopped: RuntimeError: unreachable/);
  assert.equal(outcome.ok, true);
  assert.equal(outcome.workers, 2);
  await page.close();
});

test('cancel while the runtime is restarting rejects the queued run, and the next run works', needsSite('FAULT_SITE_URL'), async () => {
  const page = await openFaultSite();
  const outcome = await page.evaluate(async () => {
    const { createPlayground } = await import('./playground.js');
    const playground = await createPlayground({ threads: 2 });
    // After a panic the runtime starts a fresh worker and pool; runs asked for meanwhile wait.
    // The fault must really happen: a restart is what this test is about.
    const fault = await playground.run('fault', { afterMs: 0 }).then(() => 'finished', (e) => e.name);
    const queued = playground.run('pipeline', { items: 100000, work: 5 });
    playground.cancel();
    const cancelled = await queued.then(() => 'finished', (e) => e.name);
    const next = await playground.run('pipeline', { items: 100000, work: 5 });
    playground.close();
    return { fault, cancelled, ok: next.ok };
  });
  assert.deepEqual(outcome, { fault: 'PanicError', cancelled: 'AbortError', ok: true });
  await page.close();
});
