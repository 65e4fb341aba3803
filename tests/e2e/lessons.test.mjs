// The variants that are wrong on purpose, on real workers: the racy game server loses updates
// with 2 workers and none with 1, and the page says the red checks are the lesson.
// Screenshots (1280 and 390 px, light and dark) go to tests/artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, runFromUi, screenshot, setParam } from './browser.mjs';

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
      out.push({ threads, ok: r.ok, submitted: r.metrics.submitted, applied: r.metrics.applied, note: r.brokenOnPurpose, checks: r.checks });
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
  const count = two.checks.find((c) => c.name === 'every action applied exactly once');
  assert.match(count.detail, /^expected 64,000 updates, [\d,]+ arrived — [\d,]+ lost$/);
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
