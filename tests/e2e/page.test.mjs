// The page end to end: isolation, the pool, a pipeline run from the UI, 1-vs-N comparison,
// responsiveness during a run, and bad input followed by a good run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Words } from '../../www/app/i18n.js';
import { paramText } from '../../www/app/wording.js';
import { launch, openPage, runFromUi, screenshot, setParam } from './browser.mjs';

const EN = new Words('en', JSON.parse(readFileSync(new URL('../../www/i18n/en.json', import.meta.url), 'utf8')));

let context;
before(async () => { context = await launch(); });
after(async () => { await context?.close(); });

test('the page is isolated, under a strict CSP, and starts one worker per core', async () => {
  const { page, problems } = await openPage(context);
  const response = await page.request.get(page.url());
  assert.match(response.headers()['content-security-policy'], /script-src 'self' 'wasm-unsafe-eval'/);
  const state = await page.evaluate(() => ({
    isolated: crossOriginIsolated,
    threads: Number(document.getElementById('status').dataset.threads),
    cores: navigator.hardwareConcurrency,
  }));
  assert.equal(state.isolated, true);
  assert.equal(state.threads, state.cores);
  assert.ok(await page.isEnabled('#run'));
  assert.deepEqual(problems, []);
  await page.close();
});

test('pipeline runs from the UI and its checks pass, fetching nothing but its own files', async () => {
  const requests = [];
  const record = (request) => requests.push(request.url());
  context.on('request', record);
  const { page, problems } = await openPage(context, '#example=pipeline');
  await setParam(page, 'items', 300000);
  await setParam(page, 'work', 50);
  await runFromUi(page);
  const checks = await page.$$eval('.checks li', (items) => items.map((li) => li.className));
  assert.ok(checks.length >= 3, 'the run reports its checks');
  assert.ok(checks.every((c) => c === 'ok'), `all checks pass: ${checks}`);
  assert.match(await page.textContent('#wall-ms'), /ms/);
  assert.ok(await page.isVisible('canvas.timeline'));
  await screenshot(page, 'pipeline-run');
  assert.deepEqual(problems, []);
  context.off('request', record);
  const origin = new URL(page.url()).origin;
  const foreign = requests.filter((url) => !url.startsWith(origin) && !url.startsWith('blob:'));
  assert.deepEqual(foreign, [], 'the page and its workers fetch only their own files');
  assert.ok(requests.some((url) => url.endsWith('.wasm')), 'requests from workers are seen too');
  await page.close();
});

test('compare shows 1-worker and N-worker times and the speedup, page stays responsive', async () => {
  const { page, problems } = await openPage(context, '#example=pipeline');
  await setParam(page, 'items', 1000000);
  await setParam(page, 'work', 100);
  await page.click('#compare');
  // An order of events, not a rate: frames come while the runs go on. A page blocked by the
  // runs would give its next frame only after them, when it is no longer busy.
  await page.waitForFunction(() => document.body.dataset.busy === 'true');
  const frames = await page.evaluate(async () => {
    const busyInFrame = [];
    for (let i = 0; i < 3; i++) {
      busyInFrame.push(await new Promise((resolve) => requestAnimationFrame(() => resolve(document.body.dataset.busy))));
    }
    return busyInFrame;
  });
  assert.deepEqual(frames, ['true', 'true', 'true'], 'three frames while the runs went on');
  await page.waitForSelector('#compare-result', { timeout: 120_000 });
  const text = await page.textContent('#compare-result');
  assert.match(text, /1 worker: [\d,.]+ ms · \d+ workers: [\d,.]+ ms · speedup [\d.]+×/);
  assert.equal(await page.$('#compare-result .browser-waits'), null, 'pipeline workers do not wait on each other');
  await screenshot(page, 'pipeline-compare');
  assert.deepEqual(problems, []);
  await page.close();
});

test('compare on the chapter\'s one Mutex says where the browser is slower than native, and why', async () => {
  const { page, problems } = await openPage(context, '#example=game-server');
  await page.click('#compare');
  await page.waitForSelector('#compare-result', { timeout: 120_000 });
  const note = await page.textContent('#compare-result .browser-waits');
  assert.match(note, /^Its workers spent \d+% of their time waiting for a lock/);
  assert.match(note, /Atomics\.wait/);
  assert.equal(await page.getAttribute('#compare-result .browser-waits', 'role'), 'note');
  await screenshot(page, 'game-server-compare');
  assert.deepEqual(problems, []);
  await page.close();
});

test('a bad parameter is named in the error, by its label in the reader\'s words, and the next run works', async () => {
  const { page } = await openPage(context, '#example=pipeline');
  for (const [name, value] of [['items', 0], ['chunk', ''], ['work', 2.5]]) {
    await setParam(page, name, value);
    await runFromUi(page);
    const error = await page.textContent('#error');
    assert.ok(error.startsWith('ParamError: '), error);
    // The words are the catalog's (errors.param.range), the parameter named as its form label.
    const { label } = paramText(EN, 'pipeline', name);
    assert.ok(error.includes(label.replaceAll('`', '')), `${error} names ${label}`);
    assert.equal(await page.getAttribute(`#param-${name}`, 'aria-invalid'), 'true');
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
  }
  await setParam(page, 'items', 100000);
  await setParam(page, 'work', 10);
  await runFromUi(page);
  assert.ok(await page.isHidden('#error'));
  assert.equal(await page.$$eval('.checks li.bad', (l) => l.length), 0);
  await page.close();
});
