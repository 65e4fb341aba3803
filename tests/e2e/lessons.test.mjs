// The variants that are wrong on purpose, on real workers: the racy game server loses updates
// with 2 workers and none with 1, and the page says the red checks are the lesson; the
// deadlocking one is caught on 2 workers with a DeadlockError naming the cycle, the pool is
// replaced and the next run works, and on 1 worker it finishes and says why it could not
// deadlock. Timeouts are hang guards only.
// Screenshots (1280 and 390 px, light and dark) go to tests/artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ARTIFACTS, SITE_URL, launch, openPage, runFromUi, screenshot, setParam, watchedPage } from './browser.mjs';

let context;
before(async () => { context = await launch(); });
after(async () => { await context?.close(); });

const VIEWS = [
  { width: 1280, height: 900, colorScheme: 'light' }, { width: 1280, height: 900, colorScheme: 'dark' },
  { width: 390, height: 844, colorScheme: 'light' }, { width: 390, height: 844, colorScheme: 'dark' },
];

test('racy loses updates on 2 workers and none on 1, through the API', async () => {
  const { page, problems } = await openPage(context);
  const runs = await page.evaluate(async () => {
    const { createPlayground } = await import('./playground.js');
    const playground = await createPlayground({ threads: 2 });
    const out = [];
    for (const threads of [1, 2]) {
      const r = await playground.run('game-server', { strategy: 'racy', players: 16, actions: 4000, threads });
      out.push({ threads, ok: r.ok, submitted: r.metrics.submitted, applied: r.metrics.applied, note: r.brokenOnPurpose, reason: r.brokenOnPurposeId, checks: r.checks });
    }
    // The next run of a sound variant is unaffected.
    const next = await playground.run('game-server', { players: 16, actions: 500, threads: 2 });
    playground.close();
    return { out, nextOk: next.ok, nextNote: next.brokenOnPurpose ?? null };
  });
  const [one, two] = runs.out;
  assert.equal(one.submitted, 64000);
  assert.equal(one.applied, 64000, 'nothing lost on one worker');
  assert.equal(one.ok, true);
  assert.equal(two.submitted, 64000);
  assert.ok(two.applied < two.submitted, `2 workers lost nothing: ${two.applied}`);
  assert.equal(two.ok, false);
  // Rust's id and facts, with the English words the API fills in from the catalog.
  const count = two.checks.find((c) => c.id === 'applied-once');
  assert.equal(count.name, 'every action applied exactly once');
  assert.equal(count.facts.submitted, 64000);
  assert.equal(count.facts.lost, count.facts.submitted - count.facts.applied);
  assert.match(count.detail, /^expected 64,000 updates, [\d,]+ arrived — [\d,]+ lost$/);
  assert.equal(one.reason, 'racy');
  assert.equal(two.reason, 'racy');
  assert.match(one.note, /lesson/);
  assert.match(two.note, /lesson/);
  assert.equal(runs.nextOk, true);
  assert.equal(runs.nextNote, null);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the page shows the racy run red, with the note that red is the lesson', async () => {
  const { page, problems } = await openPage(context, '#example=game-server');
  await page.selectOption('#param-strategy', 'racy');
  await setParam(page, 'threads', 1);
  await runFromUi(page);
  assert.ok(await page.isHidden('#error'), await page.textContent('#error'));
  assert.equal(await page.$$eval('.checks li.bad', (l) => l.length), 0, 'one worker loses nothing');
  assert.match(await page.textContent('.broken-on-purpose'), /Broken on purpose\. .*lesson/);

  await setParam(page, 'threads', 2);
  await runFromUi(page);
  assert.ok(await page.isHidden('#error'), await page.textContent('#error'));
  assert.ok(await page.$$eval('.checks li.bad', (l) => l.length) >= 1);
  assert.match(await page.textContent('.checks'), /expected 128,000 updates, [\d,]+ arrived — [\d,]+ lost/);
  assert.match(await page.textContent('.broken-on-purpose'), /Broken on purpose\./);
  for (const { width, height, colorScheme } of VIEWS) {
    await page.setViewportSize({ width, height });
    await page.emulateMedia({ colorScheme });
    await screenshot(page, `racy-${width}-${colorScheme}`);
  }
  assert.deepEqual(problems, []);
  await page.close();
});

const CYCLE = /^worker (\d+) holds region (\d+) and waits for region (\d+); worker (\d+) holds region \3 and waits for region \2$/;

test('deadlock on 2 workers is a DeadlockError naming the cycle, and the next runs work', { timeout: 120_000 }, async () => {
  const { page, problems } = await openPage(context);
  const outcome = await page.evaluate(async () => {
    const { createPlayground } = await import('./playground.js');
    const playground = await createPlayground({ threads: 2 });
    let failure = null;
    try {
      await playground.run('game-server', { strategy: 'deadlock', actions: 1000000, threads: 2 });
    } catch (e) {
      const r = e.report;
      const lastWaits = r?.timeline.spans.filter((s) => s.kind === 'lock-wait' && s.endMs === r.wallMs);
      failure = { name: e.name, code: e.code, args: e.args, message: e.message, report: r && { wallMs: r.wallMs, workers: r.workers.length, lastWaits } };
    }
    // The deadlocked pool was replaced: both workers run again, the fix first.
    const ordered = await playground.run('game-server', { strategy: 'ordered', threads: 2 });
    const one = await playground.run('game-server', { strategy: 'deadlock', actions: 500, threads: 1 });
    const info = playground.info;
    playground.close();
    return {
      failure, threads: info.threads,
      ordered: { ok: ordered.ok, workers: ordered.workers.length, applied: ordered.metrics.applied },
      one: { ok: one.ok, note: one.brokenOnPurpose },
    };
  });
  assert.equal(outcome.failure?.name, 'DeadlockError');
  assert.equal(outcome.failure.code, 'deadlock');
  assert.equal(outcome.failure.args.cycle, outcome.failure.message);
  // What the run did until it was caught: the cycle's two waits reach the moment it was caught.
  const { wallMs, lastWaits, workers } = outcome.failure.report;
  assert.equal(workers, 2);
  assert.equal(lastWaits.length, 2, `waits ending at ${wallMs} ms`);
  const [, w1, r1, r2, w2] = outcome.failure.message.match(CYCLE) ?? [];
  assert.deepEqual(lastWaits.map((s) => s.worker).sort(), [Number(w1), Number(w2)].sort());
  assert.ok(w1 && w1 !== w2, outcome.failure.message);
  assert.equal(Number(r1) ^ 1, Number(r2), `partner regions: ${outcome.failure.message}`);
  assert.equal(outcome.threads, 2);
  assert.deepEqual(outcome.ordered, { ok: true, workers: 2, applied: 128000 });
  assert.equal(outcome.one.ok, true);
  assert.match(outcome.one.note, /with 1 worker the players run one after another/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the page shows the DeadlockError, then the fix passes', { timeout: 120_000 }, async () => {
  const { page, problems } = await openPage(context, '#example=game-server');
  await page.selectOption('#param-strategy', 'deadlock');
  await setParam(page, 'actions', 1000000);
  await setParam(page, 'threads', 2);
  await runFromUi(page);
  assert.ok(await page.isVisible('#error'));
  const shown = await page.textContent('#error');
  // The words are the catalog's (errors.deadlock), the cycle from the error's args as a chain
  // of workers and locks that needs no English: worker 0: `region 2` → `region 3`; worker 1: …
  assert.match(shown, /^DeadlockError: .*worker \d+: region \d+ → region \d+; worker \d+: region \d+ → region \d+$/);
  // The results say what happened and draw the timeline up to the deadlock, last waits included.
  assert.match(await page.textContent('#results .broken-on-purpose'), /Deadlock, caught\. .*Rust does not prevent this/);
  assert.equal(await page.getAttribute('#results .timeline-figure', 'data-lanes'), '2');
  assert.match(await page.textContent('#results .timeline-figure figcaption'), /waiting for a lock/);
  for (const { width, height, colorScheme } of VIEWS) {
    await page.setViewportSize({ width, height });
    await page.emulateMedia({ colorScheme });
    await screenshot(page, `deadlock-${width}-${colorScheme}`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.selectOption('#param-strategy', 'ordered');
  await setParam(page, 'actions', 2000);
  await runFromUi(page);
  assert.ok(await page.isHidden('#error'), await page.textContent('#error'));
  assert.equal(await page.$$eval('.checks li.bad', (l) => l.length), 0);
  assert.equal(await page.isVisible('.broken-on-purpose'), false);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the widget shows the racy run red with its note, and the DeadlockError with its timeline', { timeout: 120_000 }, async () => {
  const { page, problems } = await watchedPage(context);
  await page.goto(`${SITE_URL}course.html`);
  await page.evaluate(() => {
    const add = (id, params) => {
      const w = document.createElement('concurrency-playground');
      Object.entries({ id, example: 'game-server', threads: '2', params: JSON.stringify(params) }).forEach(([k, v]) => w.setAttribute(k, v));
      document.body.append(w);
    };
    add('racy', { strategy: 'racy', players: 16, actions: 4000 });
    add('stuck', { strategy: 'deadlock', actions: 1000000 });
  });
  const runIn = async (id) => {
    await page.waitForFunction((id) => document.getElementById(id).shadowRoot?.querySelector('.widget')?.dataset.state === 'ready', id, { timeout: 60_000 });
    await page.locator(`#${id} button.run`).click();
    await page.waitForFunction((id) => {
      const root = document.getElementById(id).shadowRoot;
      return root.querySelector('.widget').dataset.state === 'ready' && (root.querySelector('.checks') || !root.querySelector('.error').hidden);
    }, id, { timeout: 60_000 });
  };
  await runIn('racy');
  assert.ok(await page.locator('#racy .checks li.bad').count() >= 1);
  assert.match(await page.locator('#racy .broken-on-purpose').textContent(), /Broken on purpose\./);
  await runIn('stuck');
  assert.match(await page.locator('#stuck .error').textContent(), /^DeadlockError: .*worker \d+: region \d+ → region/);
  assert.match(await page.locator('#stuck .broken-on-purpose').textContent(), /Deadlock, caught/);
  assert.equal(await page.locator('#stuck .timeline-figure').getAttribute('data-lanes'), '2');
  await page.locator('#racy').scrollIntoViewIfNeeded();
  await page.locator('#racy').screenshot({ path: `${ARTIFACTS}/widget-racy.png` });
  await page.locator('#stuck').screenshot({ path: `${ARTIFACTS}/widget-deadlock.png` });
  assert.deepEqual(problems, []);
  await page.close();
});
