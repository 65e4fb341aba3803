// The page's pictures and tools end to end: timeline lanes, the speedup curve, the chunk-size
// sweep, the example charts from report.series, cancel, shared links and the downloads.
// Screenshots at laptop and phone widths, light and dark, go to tests/artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { Words } from '../../www/app/i18n.js';
import { seriesText } from '../../www/app/wording.js';
import { launch, openPage, runFromUi, screenshot, setParam } from './browser.mjs';
import { checkTraceShape } from '../unit/trace-shape.mjs';

let context;
before(async () => { context = await launch(); });
after(async () => { await context?.close(); });

const VIEWS = [
  { width: 1280, height: 900, colorScheme: 'light' },
  { width: 1280, height: 900, colorScheme: 'dark' },
  { width: 390, height: 844, colorScheme: 'light' },
  { width: 390, height: 844, colorScheme: 'dark' },
];

/** One full-page screenshot per view; charts and the timeline redraw on resize and theme. */
async function screenshots(page, name) {
  for (const { width, height, colorScheme } of VIEWS) {
    await page.setViewportSize({ width, height });
    await page.emulateMedia({ colorScheme });
    await page.waitForTimeout(250);
    await screenshot(page, `${name}-${width}-${colorScheme}`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.emulateMedia({ colorScheme: 'light' });
}

async function waitUntilIdle(page, timeout = 120_000) {
  await page.waitForFunction(() => document.body.dataset.busy === 'false', null, { timeout });
}

async function timelineLanes(page) {
  return page.$eval('.timeline-figure', (f) => ({
    lanes: Number(f.dataset.lanes),
    spansPerLane: f.dataset.spansPerLane.split(',').map(Number),
  }));
}

test('a run draws one timeline lane per worker used, with spans in each', async () => {
  const { page, problems } = await openPage(context, '#example=pipeline');
  const threads = Number(await page.getAttribute('#status', 'data-threads'));
  for (const used of [threads, 1]) {
    await setParam(page, 'items', 300000);
    await setParam(page, 'work', 50);
    await setParam(page, 'threads', used);
    await runFromUi(page);
    const { lanes, spansPerLane } = await timelineLanes(page);
    assert.equal(lanes, used, `one lane per worker used (${used})`);
    assert.equal(spansPerLane.length, used);
    assert.ok(spansPerLane.every((n) => n > 0), `spans in every lane: ${spansPerLane}`);
  }
  assert.deepEqual(problems, []);
  await page.close();
});

test('the speedup curve measures 1…all workers and fits a serial fraction', async () => {
  const { page, problems } = await openPage(context, '#example=pipeline');
  const threads = Number(await page.getAttribute('#status', 'data-threads'));
  await setParam(page, 'items', 400000);
  await setParam(page, 'work', 60);
  await page.click('#speedup');
  await page.waitForSelector('#speedup-result .uplot canvas', { timeout: 180_000 });
  await waitUntilIdle(page);
  const figure = await page.$eval('#speedup-result', (f) => ({
    points: Number(f.dataset.points), s: Number(f.dataset.serialFraction), text: f.textContent,
  }));
  assert.equal(figure.points, threads);
  assert.ok(figure.s >= 0 && figure.s <= 1, `serial fraction ${figure.s}`);
  assert.match(figure.text, /Serial fraction \(Amdahl fit\): [\d.]+%/);
  // What the fit assumes of the machine is said once the curve has a shape: past two workers.
  assert.equal(/every worker has a core to itself/.test(figure.text), threads > 2);
  assert.ok(await page.isVisible('.timeline-figure'), 'the last run is shown with its timeline');
  await screenshots(page, 'speedup');
  assert.deepEqual(problems, []);
  await page.close();
});

/**
 * Opens `example` with `params` in the form, presses its sweep button (which must read
 * `title`), and checks the figure has `points` points and a summary matching `summary`.
 */
async function checkSweep({ example, params, title, points, why, summary, shot }) {
  const { page, problems } = await openPage(context, `#example=${example}`);
  for (const [name, value] of Object.entries(params)) await setParam(page, name, value);
  assert.equal((await page.textContent('#sweep')).trim(), title);
  await page.click('#sweep');
  await page.waitForSelector('#sweep-result .uplot canvas', { timeout: 180_000 });
  await waitUntilIdle(page);
  assert.equal(Number(await page.getAttribute('#sweep-result', 'data-points')), points, why);
  assert.match(await page.textContent('#sweep-result'), summary);
  await screenshot(page, shot);
  assert.deepEqual(problems, []);
  await page.close();
}

test('the pipeline sweeps chunk sizes and names the fastest', () => checkSweep({
  example: 'pipeline', params: { items: 20000, work: 50 }, title: 'Time by chunk size',
  points: 6, why: 'chunks 1, 10, …, 10000, 20000', summary: /Fastest: chunk = [\d,]+ at [\d.,]+ ms/,
  shot: 'chunk-sweep',
}));

test('the game server compares lock wait across its four strategies', () => checkSweep({
  example: 'game-server', params: { players: 16, actions: 300 }, title: 'Lock wait by strategy',
  points: 4, why: 'mutex, rwlock, sharded, actor',
  summary: /Least: strategy = (mutex|rwlock|sharded|actor) at [\d.,]+ ms/, shot: 'strategy-sweep',
}));

test('series in a report become titled charts (the examples on other branches use these)', async () => {
  const { page, problems } = await openPage(context, '#example=pipeline');
  await setParam(page, 'items', 100000);
  await setParam(page, 'work', 10);
  await runFromUi(page);
  // A real report (as downloaded) with the series that the sensors, message-queue and
  // web-server examples produce, rendered by the page's own module.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-report')]);
  const report = JSON.parse(await readFile(await download.path(), 'utf8'));
  const ramp = (n, f) => Array.from({ length: n }, (_, i) => [i * 10, f(i)]);
  report.series = {
    averages: ramp(50, (i) => 20 + Math.sin(i / 5) * 3),
    queueDepth: ramp(80, (i) => (i * 7) % 23),
    latencyHistogram: [1, 2, 5, 10, 20, 50].map((ms, i) => [ms, [40, 120, 80, 30, 6, 1][i]]),
    somethingNew: ramp(5, (i) => i * i),
  };
  report.metrics = { ...report.metrics, lockWaitMs: 12.5, bytesPerConnection: 2048 };
  await page.evaluate(async (withSeries) => {
    const { renderReport } = await import('./app/results.js');
    const { loadWords } = await import('./app/i18n.js');
    renderReport(document.getElementById('results'), withSeries, undefined, await loadWords('en'));
  }, report);
  await page.waitForSelector('figure[data-series="latencyHistogram"] .uplot canvas');
  const titles = await page.$$eval('figure.chart .chart-title', (t) => t.map((x) => x.textContent));
  // Titled by the catalog's series.<name>; a series with no words there shows its key (the
  // catalog tests keep every series the examples produce in the catalogs).
  const en = new Words('en', JSON.parse(readFileSync(new URL('../../www/i18n/en.json', import.meta.url), 'utf8')));
  assert.deepEqual(titles, ['averages', 'queueDepth', 'latencyHistogram', 'somethingNew'].map((name) => seriesText(en, name).title));
  assert.equal(titles[0], en.has('series.averages.title') ? 'Sensor averages over time' : 'series.averages.title');
  const metrics = await page.textContent('#results');
  assert.match(metrics, /12\.5 ms/);
  assert.match(metrics, /2 KiB/);
  await screenshots(page, 'series-charts');
  assert.deepEqual(problems, []);
  await page.close();
});

test('cancel stops a long run with an AbortError, and the next run works', async () => {
  const { page, problems } = await openPage(context, '#example=pipeline');
  await setParam(page, 'items', 20000000);
  await setParam(page, 'work', 200);
  await page.click('#run');
  await page.waitForTimeout(300);
  assert.ok(await page.isEnabled('#cancel'), 'Cancel is offered during the run');
  await page.click('#cancel');
  await waitUntilIdle(page, 30_000);
  assert.match(await page.textContent('#error'), /^AbortError: /);
  // A state, not a duration: the run stopped short of its 20,000,000 items.
  const { done, total } = await page.evaluate(async () => {
    const progress = document.getElementById('progress');
    return { done: progress.value, total: progress.max };
  });
  assert.ok(total === 20000000 && done < total, `stopped at ${done} of ${total}`);
  await setParam(page, 'items', 100000);
  await setParam(page, 'work', 10);
  await runFromUi(page);
  assert.ok(await page.isHidden('#error'));
  assert.equal(await page.$$eval('.checks li.bad', (l) => l.length), 0);
  assert.ok((await page.$$('.checks li.ok')).length >= 3);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a shared link reproduces the example and its parameters', async () => {
  const { page, problems } = await openPage(context, '#example=pipeline&items=12345&chunk=77&work=3&threads=1');
  const fields = await page.$$eval('#params input', (inputs) => Object.fromEntries(inputs.map((i) => [i.name, i.value])));
  assert.deepEqual(fields, { items: '12345', chunk: '77', work: '3', threads: '1' });
  assert.equal(await page.getAttribute('[role=tab][aria-selected=true]', 'data-id'), 'pipeline');

  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await setParam(page, 'chunk', 500);
  await page.click('#copy-link');
  await page.waitForFunction(() => document.getElementById('share-status').textContent !== '');
  assert.equal(await page.textContent('#share-status'), 'Link copied.');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(copied, /#example=pipeline&items=12345&chunk=500&work=3&threads=1$/);

  // Where the clipboard is refused, the link is shown selected instead.
  await page.evaluate(() => { navigator.clipboard.writeText = () => Promise.reject(new Error('denied')); });
  await page.click('#copy-link');
  await page.waitForSelector('#share-url:not([hidden])');
  const field = await page.$eval('#share-url', (f) => ({
    value: f.value, selected: f.selectionStart === 0 && f.selectionEnd === f.value.length, focused: document.activeElement === f,
  }));
  assert.equal(field.value, copied);
  assert.ok(field.selected && field.focused, 'the link is focused and selected for copying');
  assert.deepEqual(problems, []);
  await page.close();
});

test('the trace and the report download as JSON; the trace has one thread per worker', async () => {
  const { page, problems } = await openPage(context, '#example=pipeline');
  assert.ok(await page.isDisabled('#export-trace'), 'nothing to export before a run');
  await setParam(page, 'items', 200000);
  await setParam(page, 'work', 20);
  await runFromUi(page);
  const workers = await page.$eval('.timeline-figure', (f) => f.dataset.workers.split(',').map(Number));

  const [traceDownload] = await Promise.all([page.waitForEvent('download'), page.click('#export-trace')]);
  assert.match(traceDownload.suggestedFilename(), /^pipeline-\d+w-trace\.json$/);
  const trace = checkTraceShape(await readFile(await traceDownload.path(), 'utf8'), workers);
  const spans = trace.traceEvents.filter((e) => e.ph === 'X');
  assert.ok(spans.length > 0);
  assert.equal(new Set(spans.map((e) => e.tid)).size, workers.length, 'spans on every worker’s thread');

  const [reportDownload] = await Promise.all([page.waitForEvent('download'), page.click('#export-report')]);
  const report = JSON.parse(await readFile(await reportDownload.path(), 'utf8'));
  assert.equal(report.example, 'pipeline');
  assert.equal(report.params.items, 200000);
  assert.equal(report.timeline.spans.length, spans.length);
  assert.deepEqual(problems, []);
  await page.close();
});
