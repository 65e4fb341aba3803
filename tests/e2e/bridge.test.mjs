// The bridge between the page and the runtime worker: every run settles, no cancel is lost,
// and a runtime that cannot start again says so instead of leaving runs waiting forever.
// Each test was written against a defect of the earlier bridge and failed there:
//   cancel() in the same tick as run()      -> the run went its full length;
//   close() during a run                     -> the run's promise never settled, timers stayed;
//   a restart whose worker fails to start    -> queued runs never settled;
//   a widget removed right after Run         -> its run went its full length.
// "Never settled" is seen as a race against a generous deadline (HUNG_MS): it tells a hang from
// an answer, not a fast answer from a slow one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, needsSite, widgetsReady } from './browser.mjs';

const SITE_URL = process.env.SITE_URL ?? 'http://127.0.0.1:8080/';
const FAULT_SITE_URL = process.env.FAULT_SITE_URL;
const HUNG_MS = 20_000;
// Minutes of work on one worker: a run that was not stopped could not pass unnoticed.
const LONG_RUN = { items: 20_000_000, work: 2000, threads: 1 };
// A stopped run may finish the chunk it was in (1,000 items) when the flag comes that late;
// one that was not stopped does all 20,000,000.
const STOPPED_EARLY = 10_000;

let context;
before(async () => { context = await launch(); });
after(async () => { await context?.close(); });

test('cancel() in the same tick as run() stops the run before it does any work', async () => {
  const { page, problems } = await openPage(context);
  const outcome = await page.evaluate(async ({ long, hungMs }) => {
    const { createPlayground } = await import('./playground.js');
    const playground = await createPlayground({ threads: 2 });
    const hung = new Promise((resolve) => setTimeout(() => resolve('hung'), hungMs));
    const running = playground.run('pipeline', long);
    playground.cancel();
    const settled = await Promise.race([running.then(() => 'finished', (e) => e.name), hung]);
    // The run stopped at once: at most the chunk it was in was done.
    const { done } = playground.progress();
    // A signal aborted in the same tick does the same for its own run.
    const controller = new AbortController();
    const signalled = playground.run('pipeline', long, { signal: controller.signal });
    controller.abort();
    const bySignal = await Promise.race([signalled.then(() => 'finished', (e) => e.name), hung]);
    const next = await playground.run('pipeline', { items: 1000, work: 1 });
    playground.close();
    return { settled, done, bySignal, nextOk: next.ok };
  }, { long: LONG_RUN, hungMs: HUNG_MS });
  assert.ok(outcome.done < STOPPED_EARLY, `${outcome.done} items done after the cancel`);
  assert.deepEqual({ ...outcome, done: 0 }, { settled: 'AbortError', done: 0, bySignal: 'AbortError', nextOk: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('a signal stops only its own run: a queued one leaves the queue, the others go on', async () => {
  const { page, problems } = await openPage(context);
  const outcome = await page.evaluate(async () => {
    const { createPlayground } = await import('./playground.js');
    const playground = await createPlayground({ threads: 2 });
    const small = { items: 20000, work: 5 };
    const controller = new AbortController();
    const first = playground.run('pipeline', small);
    const second = playground.run('pipeline', small, { signal: controller.signal });
    const third = playground.run('pipeline', small);
    controller.abort();
    const names = await Promise.all([first, second, third].map((p) => p.then((r) => (r.ok ? 'ok' : 'failed'), (e) => e.name)));
    playground.close();
    return names;
  });
  assert.deepEqual(outcome, ['ok', 'AbortError', 'ok']);
  assert.deepEqual(problems, []);
  await page.close();
});

test('runs never interleave: each starts after the one before it is over', async () => {
  const { page, problems } = await openPage(context);
  const starts = await page.evaluate(async () => {
    const { createPlayground } = await import('./playground.js');
    const playground = await createPlayground({ threads: 2 });
    const starts = [];
    // What shared memory says as each run is handed to the worker: the run before it is over
    // when its counters are complete (done = total) and no newer run has begun.
    const runs = ['a', 'b', 'c'].map((name) => playground.run('pipeline', { items: 20000, work: 5 }, {
      onStart: ({ runId }) => starts.push({ name, runId, before: playground.progress() }),
    }));
    await Promise.all(runs);
    playground.close();
    return starts;
  });
  assert.deepEqual(starts.map((s) => s.name), ['a', 'b', 'c']);
  for (let i = 1; i < starts.length; i++) {
    const { name, before, runId } = starts[i];
    const previous = starts[i - 1];
    assert.equal(runId, previous.runId + 1, `${name} is the run after ${previous.name}`);
    // The worker is another thread: it may already have begun this run when onStart is called.
    // Either way the one before it is over: complete, or replaced in shared memory by this one.
    if (before.runId === previous.runId) {
      assert.ok(before.total === 20000 && before.done === before.total, `${previous.name} was over: ${JSON.stringify(before)}`);
    } else {
      assert.equal(before.runId, runId, `${name} had begun, so ${previous.name} was over`);
    }
  }
  assert.deepEqual(problems, []);
  await page.close();
});

test('close() during a run rejects it and the queued runs, and leaves no timer running', async () => {
  const { page, problems } = await openPage(context);
  // Counts the intervals the page's scripts start and have not cleared.
  await page.evaluate(() => {
    const live = new Set();
    const { setInterval: set, clearInterval: clear } = window;
    window.setInterval = (...args) => { const id = set(...args); live.add(id); return id; };
    window.clearInterval = (id) => { live.delete(id); clear(id); };
    window.liveIntervals = () => live.size;
  });
  const outcome = await page.evaluate(async ({ long, hungMs }) => {
    const { createPlayground } = await import('./playground.js');
    const playground = await createPlayground({ threads: 2 });
    const before = window.liveIntervals();
    const hung = new Promise((resolve) => setTimeout(() => resolve('hung'), hungMs));
    const going = playground.run('pipeline', long);
    const queued = playground.run('pipeline', { items: 1000, work: 1 });
    // Closed once the run is really going, in the worker.
    while (playground.progress().done === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    const during = window.liveIntervals() - before;
    playground.close();
    const settled = await Promise.all([going, queued].map((p) => Promise.race([p.then(() => 'finished', (e) => e.name), hung])));
    const after = await playground.run('pipeline', {}).then(() => 'ran', (e) => e.message);
    return { during, settled, left: window.liveIntervals() - before, after };
  }, { long: LONG_RUN, hungMs: HUNG_MS });
  assert.equal(outcome.during, 1, 'the run watches for a panic while it goes');
  assert.deepEqual(outcome.settled, ['AbortError', 'AbortError']);
  assert.equal(outcome.left, 0, 'no interval left running');
  assert.equal(outcome.after, 'the playground is closed');
  assert.deepEqual(problems, []);
  await page.close();
});

test('a restart that fails rejects the run and every queued one, and says why', needsSite('FAULT_SITE_URL'), async () => {
  const { page, problems } = await openPage(context, '', FAULT_SITE_URL);
  await page.evaluate(async () => {
    const { createPlayground } = await import('./playground.js');
    window.testPlayground = await createPlayground({ threads: 2 });
  });
  // From now on the wasm cannot be fetched (workers' fetches are routed too): every fresh
  // runtime worker fails as it starts.
  await context.route('**/pkg/core_bg.wasm', (route) => route.fulfill({ status: 503, body: 'gone' }));
  try {
    const outcome = await page.evaluate(async (hungMs) => {
      const playground = window.testPlayground;
      const hung = new Promise((resolve) => setTimeout(() => resolve('hung'), hungMs));
      const fault = playground.run('fault', { afterMs: 20 });
      const queued = playground.run('pipeline', { items: 1000, work: 1 });
      const settle = (p) => Promise.race([p.then(() => 'finished', (e) => `${e.name}: ${e.message}`), hung]);
      const [faulted, queuedSettled] = await Promise.all([settle(fault), settle(queued)]);
      const after = await settle(playground.run('pipeline', {}));
      return { faulted, queuedSettled, after };
    }, HUNG_MS);
    assert.match(outcome.faulted, /^PanicError: [^]*deliberate fault/);
    assert.match(outcome.queuedSettled, /^Error: the runtime did not start.*503/);
    assert.match(outcome.after, /closed/);
  } finally {
    await context.unroute('**/pkg/core_bg.wasm');
  }
  // The failed fetches of the wasm and the panic's trap (wasm's `unreachable`, reported from the
  // pool's worker) are this test's doing; nothing else may go wrong.
  assert.deepEqual(problems.filter((p) => !/503|core_bg\.wasm|^pageerror: unreachable$/.test(p)), []);
  await page.close();
});

test('a widget removed right after Run stops its run', async () => {
  const page = await context.newPage();
  await page.goto(`${SITE_URL}course.html`);
  await widgetsReady(page);
  const outcome = await page.evaluate(async ({ long, hungMs }) => {
    const { pagePlayground } = await import('./embed.js');
    const playground = await pagePlayground();
    const widget = document.createElement('concurrency-playground');
    widget.setAttribute('example', 'pipeline');
    widget.setAttribute('params', JSON.stringify({ items: long.items, work: long.work }));
    widget.setAttribute('threads', '1');
    document.body.append(widget);
    const root = widget.shadowRoot;
    while (root.querySelector('.widget').dataset.state !== 'ready') await new Promise((r) => setTimeout(r, 20));
    const before = playground.progress().runId;
    root.querySelector('button.run').click();
    // Not in the same tick: after the run has been handed to the runtime worker.
    for (let i = 0; i < 5; i++) await Promise.resolve();
    widget.remove();
    for (const start = Date.now(); playground.busy && Date.now() - start < hungMs;) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const { runId, done } = playground.progress();
    // Another widget's run goes ahead at once.
    const next = await playground.run('pipeline', { items: 1000, work: 1 });
    return { busy: playground.busy, started: runId !== before, done, nextOk: next.ok };
  }, { long: LONG_RUN, hungMs: HUNG_MS });
  assert.ok(outcome.done < STOPPED_EARLY, `${outcome.done} items done after the widget left`);
  assert.deepEqual({ ...outcome, done: 0 }, { busy: false, started: true, done: 0, nextOk: true });
  await page.close();
});
