// The embeddable widget on the sample course page, with dist/ served three ways:
//   SITE_URL        with COOP/COEP and the strict CSP (serve.json): runs on the pool's workers;
//   PLAIN_SITE_URL  by a plain static server, no headers: one thread (the fallback build), and
//                   says why threads are off;
//   COI_SITE_URL    plain, a few folders deep, with the course page's coi-serviceworker line
//                   uncommented: isolated after one reload, runs on the pool's workers.
// Screenshots of the course page (1280 and 390 px, light and dark) go to tests/artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { isolatedWithin, launch, screenshot, widgetReport } from './browser.mjs';

const SITE_URL = process.env.SITE_URL ?? 'http://127.0.0.1:8080/';
const PLAIN_SITE_URL = process.env.PLAIN_SITE_URL;
const COI_PAGE_URL = `${process.env.COI_SITE_URL}${process.env.COI_SITE_PATH ?? ''}course.html`;
const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
const EXAMPLES = ['web-server', 'game-server', 'pipeline', 'message-queue', 'sensors'];
const BUDGET_BYTES = 300_000;

let context;
before(async () => { context = await launch(); });
after(async () => { await context?.close(); });

/**
 * Opens a course page; collects errors, CSP violations, the URLs it fetched, and the names the
 * page's scripts added to window (the embed may add none).
 */
async function openCourse(url) {
  const page = await context.newPage();
  const problems = [];
  const fetched = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('request', (r) => fetched.push(r.url()));
  await page.addInitScript(() => {
    window.__globalsBefore = Object.getOwnPropertyNames(window);
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI}`);
    });
  });
  await page.goto(url);
  return { page, problems, fetched };
}


/** Waits until every widget has started (or said why it cannot); returns their states. */
async function widgetStates(page, settled = ['ready', 'failed']) {
  await page.waitForFunction((settled) => {
    const widgets = [...document.querySelectorAll('concurrency-playground')];
    return widgets.length > 0 && widgets.every((w) => settled.includes(w.shadowRoot?.querySelector('.widget')?.dataset.state));
  }, settled, { timeout: 60_000 });
  return page.$$eval('concurrency-playground', (widgets) => widgets.map((w) => {
    const root = w.shadowRoot.querySelector('.widget');
    return { example: w.getAttribute('example'), state: root.dataset.state, threads: Number(root.dataset.threads) };
  }));
}

/** Presses Run in the widget for `example` and waits for its report or error. */
async function runWidget(page, example) {
  const widget = page.locator(`concurrency-playground[example="${example}"]`);
  await widget.locator('button.run').click();
  await page.waitForFunction((example) => {
    const root = document.querySelector(`concurrency-playground[example="${example}"]`).shadowRoot;
    return root.querySelector('.widget').dataset.state === 'ready';
  }, example, { timeout: 120_000 });
  return widget;
}

test('with COOP/COEP: both course widgets run on the pool, take turns, and keep to themselves', async () => {
  const { page, problems, fetched } = await openCourse(`${SITE_URL}course.html`);
  const states = await widgetStates(page);
  assert.equal(await page.evaluate(() => crossOriginIsolated), true);
  assert.deepEqual(states.map((s) => s.state), ['ready', 'ready']);
  assert.ok(states.every((s) => s.threads >= 2), `pools of 2 or more: ${JSON.stringify(states)}`);

  // Both Run buttons at once: the second waits for the first, one shared pool.
  const game = page.locator('concurrency-playground[example="game-server"]');
  const queue = page.locator('concurrency-playground[example="message-queue"]');
  await game.locator('button.run').click();
  await queue.locator('button.run').click();
  await page.waitForFunction(() => [...document.querySelectorAll('concurrency-playground')]
    .every((w) => w.shadowRoot.querySelector('.timeline-figure')), null, { timeout: 120_000 });
  for (const widget of [game, queue]) {
    const report = await widgetReport(widget);
    assert.equal(report.error, null);
    assert.ok(report.lanes >= 2, `the run used 2 or more workers: ${report.lanes}`);
    assert.ok(report.checks.length > 0 && report.checks.every((c) => c === 'ok'), `checks: ${report.checks}`);
  }
  assert.equal(await page.evaluate(() => document.querySelectorAll('[data-state]').length), 0,
    'nothing of the widget is in the host document');
  assert.equal(await page.evaluate(() => typeof Worker), 'function');

  // The page's `button { text-transform: uppercase }` stays out; the widget's styles stay in.
  const runStyle = await game.locator('button.run').evaluate((b) => getComputedStyle(b).textTransform);
  assert.equal(runStyle, 'none');
  const added = await page.evaluate(() => Object.getOwnPropertyNames(window)
    .filter((name) => !window.__globalsBefore.includes(name) && name !== '__globalsBefore'));
  assert.deepEqual(added, [], 'the embed adds nothing to window');

  // What the browser fetched for the widgets (not the course page's own files) fits the budget.
  const widgetFiles = [...new Set(fetched.filter((u) => u.startsWith(SITE_URL) && !u.startsWith('blob:'))
    .map((u) => new URL(u).pathname.slice(1)).filter((p) => !/^course(\.|$)|favicon/.test(p)))];
  const gzipped = widgetFiles.reduce((sum, p) => sum + gzipSync(readFileSync(join(DIST, p)), { level: 9 }).length, 0);
  assert.ok(gzipped <= BUDGET_BYTES, `first load ${gzipped} B gzipped over ${widgetFiles.length} files`);
  // The students' wasm carries no benchmark code: `runBenchmark` is only in `./build.sh bench`'s build.
  for (const glue of ['pkg/core.js', 'pkg-st/core.js']) {
    assert.doesNotMatch(readFileSync(join(DIST, glue), 'utf8'), /runBenchmark/, `${glue} exports no benchmark`);
  }
  assert.deepEqual(problems, []);

  for (const { width, height, colorScheme } of [
    { width: 1280, height: 900, colorScheme: 'light' }, { width: 1280, height: 900, colorScheme: 'dark' },
    { width: 390, height: 844, colorScheme: 'light' }, { width: 390, height: 844, colorScheme: 'dark' },
  ]) {
    await page.setViewportSize({ width, height });
    await page.emulateMedia({ colorScheme });
    await page.waitForTimeout(300);
    await screenshot(page, `course-${width}-${colorScheme}`);
  }
  await page.close();
});

test('the widget reports bad attributes in words, and follows theme, height and the host\'s colours', async () => {
  const { page, problems } = await openCourse(`${SITE_URL}course.html`);
  await widgetStates(page);
  await page.evaluate(() => {
    const add = (attributes) => {
      const widget = document.createElement('concurrency-playground');
      for (const [name, value] of Object.entries(attributes)) widget.setAttribute(name, value);
      document.querySelector('main').append(widget);
    };
    add({ example: 'pipeline', params: '{"itemz": 5}' });
    add({ example: 'no-such-example' });
  });
  await widgetStates(page);
  const errors = await page.$$eval('concurrency-playground', (ws) => ws.slice(2).map((w) => w.shadowRoot.querySelector('.error').textContent));
  assert.match(errors[0], /The params attribute names "itemz", which is not a parameter of pipeline/);
  assert.match(errors[1], /The example attribute is "no-such-example", which no example is called\. The examples: .*message-queue/);

  // theme="dark" on a light page, a host's own --accent on the element, and a fixed height.
  const game = page.locator('concurrency-playground[example="game-server"]');
  await page.emulateMedia({ colorScheme: 'light' });
  const look = await game.evaluate((w) => {
    w.setAttribute('theme', 'dark');
    w.setAttribute('height', '300');
    w.style.setProperty('--accent', 'rgb(0, 128, 0)');
    const style = (selector) => getComputedStyle(w.shadowRoot.querySelector(selector));
    return { panel: style('.widget').backgroundColor, run: style('button.run').backgroundColor, height: style('.widget').height };
  });
  assert.deepEqual(look, { panel: 'rgb(31, 34, 37)', run: 'rgb(0, 128, 0)', height: '300px' });
  assert.deepEqual(problems, []);
  await page.close();
});

test('the examples the widget test knows are the ones the site has', async () => {
  const page = await context.newPage();
  await page.goto(SITE_URL);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  assert.deepEqual((await page.$$eval('#example-tabs button', (tabs) => tabs.map((t) => t.dataset.id))).sort(), [...EXAMPLES].sort());
  await page.close();
});

test('from a plain static server: one thread, the widgets say why, and every example completes', async () => {
  assert.ok(PLAIN_SITE_URL, 'PLAIN_SITE_URL is set (./build.sh test serves dist/ without headers there)');
  const { page, problems } = await openCourse(`${PLAIN_SITE_URL}course.html`);
  const states = await widgetStates(page);
  assert.equal(await page.evaluate(() => crossOriginIsolated), false);
  assert.ok(states.every((s) => s.state === 'ready' && s.threads === 1), JSON.stringify(states));
  for (const widget of await page.locator('concurrency-playground').all()) {
    const note = await widget.locator('.threads-off').textContent();
    assert.match(note, /Threads are off\. This page is not cross-origin isolated.*runs on one thread/);
    assert.match(note, /<script src="coi-serviceworker\.min\.js"><\/script>/);
    assert.match(note, /Cross-Origin-Opener-Policy: same-origin/);
    assert.match(note, /Cross-Origin-Embedder-Policy: require-corp/);
  }
  // Both of the course page's widgets, as written, complete on the one thread.
  for (const example of ['game-server', 'message-queue']) {
    const report = await widgetReport(await runWidget(page, example));
    assert.equal(report.error, null, example);
    assert.equal(report.lanes, 1, example);
    assert.ok(report.checks.length > 0 && report.checks.every((c) => c === 'ok'), `${example}: ${report.checks}`);
  }
  await screenshot(page, 'course-plain-1280-light');

  // Every example's defaults, each in a widget of its own, on the single-threaded build.
  await page.evaluate((examples) => {
    for (const example of examples) {
      const widget = document.createElement('concurrency-playground');
      widget.setAttribute('example', example);
      widget.id = `every-${example}`;
      document.querySelector('main').append(widget);
    }
  }, EXAMPLES);
  await widgetStates(page);
  for (const example of EXAMPLES) {
    const widget = page.locator(`#every-${example}`);
    await widget.locator('button.run').click();
    await page.waitForFunction((id) => {
      const root = document.getElementById(id).shadowRoot;
      return root.querySelector('.widget').dataset.state === 'ready';
    }, `every-${example}`, { timeout: 120_000 });
    const report = await widgetReport(widget);
    assert.equal(report.error, null, `${example}: ${report.error}`);
    assert.equal(report.lanes, 1, `${example} ran on one worker`);
    assert.ok(report.checks.length > 0 && report.checks.every((c) => c === 'ok'), `${example} checks: ${report.checks}`);
  }
  assert.deepEqual(problems, []);
  await page.close();
});

test('with coi-serviceworker on a plain host: one reload, then isolated and on the pool', async () => {
  assert.ok(process.env.COI_SITE_URL, 'COI_SITE_URL is set (./build.sh test serves the coi site there)');
  const { page, problems } = await openCourse(COI_PAGE_URL);
  // The service worker registers, the page reloads itself once, and comes back isolated.
  assert.ok(await isolatedWithin(page, 30_000), 'the page is cross-origin isolated after the reload');
  const states = await widgetStates(page);
  assert.ok(states.every((s) => s.state === 'ready' && s.threads >= 2), JSON.stringify(states));
  const widget = await runWidget(page, 'message-queue');
  const report = await widgetReport(widget);
  assert.equal(report.error, null);
  assert.ok(report.lanes >= 2, `the run used 2 or more workers: ${report.lanes}`);
  assert.equal(await widget.locator('.threads-off').count(), 0, 'no threads-off note once isolated');
  // The service worker logs its registration and the reload with console.log, never an error.
  assert.deepEqual(problems, []);
  await page.close();
});
