// The page served by a plain static host, with none of the headers threads need: it says why
// threads are off, runs every example's default on one thread, and cancel still works.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, runFromUi, screenshot, needsSite } from './browser.mjs';

const PLAIN_SITE_URL = process.env.PLAIN_SITE_URL;
let context;
before(async () => { context = await launch(); });
after(async () => { await context?.close(); });

test('without isolation every example runs single-threaded and the page says why', needsSite('PLAIN_SITE_URL'), async () => {
  const { page, problems } = await openPage(context, '', PLAIN_SITE_URL);
  assert.equal(await page.evaluate(() => crossOriginIsolated), false);
  const status = await page.textContent('#status');
  assert.match(status, /Threads are off/);
  assert.match(status, /Cross-Origin-Opener-Policy: same-origin/);
  assert.equal(await page.getAttribute('#status', 'data-threads'), '1');
  for (const tab of await page.$$('#example-tabs button')) {
    await tab.click();
    await runFromUi(page);
    assert.ok(await page.isHidden('#error'), await page.textContent('#error'));
    assert.equal(await page.$$eval('.checks li.bad', (l) => l.length), 0);
    assert.match(await page.textContent('.headline'), /on 1 worker(?!s)/);
  }
  await screenshot(page, 'fallback');
  assert.deepEqual(problems, []);
  await page.close();
});

test('without isolation cancel ends the run and the next one works', needsSite('PLAIN_SITE_URL'), async () => {
  const { page } = await openPage(context, '', PLAIN_SITE_URL);
  const outcome = await page.evaluate(async () => {
    const { createPlayground } = await import('./playground.js');
    const playground = await createPlayground();
    const long = playground.run('pipeline', { items: 20000000, work: 200 });
    setTimeout(() => playground.cancel(), 200);
    const cancelled = await long.then(() => 'finished', (e) => e.name);
    const next = await playground.run('pipeline', { items: 1000, work: 1 });
    return { info: playground.info, cancelled, ok: next.ok };
  });
  assert.deepEqual(outcome.info.threads, 1);
  assert.equal(outcome.info.isolated, false);
  assert.equal(outcome.cancelled, 'AbortError');
  assert.equal(outcome.ok, true);
  await page.close();
});
