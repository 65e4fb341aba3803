// The timeline at any scale, from the keyboard: zoom in until one span is wide enough to read,
// step to it, read its kind, worker, start and length in the readout; move earlier and later;
// show the whole run again. And web-server's connection table: the measured figure for the
// model that ran, the other model's row asking for a run, the published rows with sources.
// Screenshots of the zoomed timeline, light and dark, at 1280 and 390 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { SITE_URL, launch, openPage, runFromUi, screenshot, watchedPage } from './browser.mjs';

let context;
before(async () => { context = await launch(); });
after(async () => { await context?.close(); });

const view = (page) => page.$eval('.timeline-figure', (f) => f.dataset.view.split(',').map(Number));

test('the timeline zooms, pans and reads single spans from the keyboard', async () => {
  // pipeline in chunks of 100: 10,000 spans, each about a 5,000th of a worker's run whatever
  // the machine's speed, so far under a pixel in the whole run's view.
  const { page, problems } = await openPage(context, '#example=pipeline&chunk=100');
  await runFromUi(page);
  const [start0, end0] = await view(page);
  assert.equal(start0, 0);

  await page.focus('canvas.timeline');
  // A span thinner than a pixel in the whole run's view (and longer than 0: the browser's clock
  // counts in 5 µs steps, so many spans last 0), found with ] along a worker's spans and ↓ to
  // the next worker; then zoom on it until it is at least 40 px wide.
  const width = () => page.$eval('.timeline-figure', (f) => Number(f.dataset.selectedWidthPx));
  const readoutText = () => page.textContent('.timeline-readout');
  await page.keyboard.press(']');
  for (let steps = 0; !(await width() > 0 && await width() < 1); steps++) {
    assert.ok(steps < 4000, 'some worker has a span under a pixel wide');
    const before = await readoutText();
    await page.keyboard.press(']');
    if (await readoutText() === before) await page.keyboard.press('ArrowDown');
  }
  let presses = 0;
  while (await width() < 40) {
    await page.keyboard.press('+');
    assert.ok(++presses < 80, 'zooming in reaches a single span');
  }
  const [start1, end1] = await view(page);
  assert.ok(end1 - start1 < (end0 - start0) / 40, `zoomed in (${start1}–${end1} of ${end0})`);
  const readout = await page.textContent('.timeline-readout');
  assert.match(readout, /^(working|sending|receiving|waiting for a lock|holding a lock|sleeping) · worker \d+ · starts at [\d.]+ ms · lasts [\d.]+ (µs|ms)$/);
  // The live region says the same, because the move came from the keyboard.
  const live = await page.textContent('.timeline-figure [aria-live=polite]');
  assert.match(live, /showing [\d.]+ ms to [\d.]+ ms/);
  await page.keyboard.press(']');
  const next = await page.textContent('.timeline-readout');
  assert.notEqual(next, readout, '] steps to another span');
  assert.match(await page.textContent('.timeline-figure [aria-live=polite]'), / · worker \d+ · starts at /);
  const workerOf = (text) => Number(/ · worker (\d+) · /.exec(text)[1]);
  const here = workerOf(next);
  await page.keyboard.press(here === 0 ? 'ArrowDown' : 'ArrowUp');
  assert.equal(workerOf(await readoutText()), here === 0 ? 1 : here - 1, '↑ and ↓ move to another worker');
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.locator('.timeline-figure').screenshot({ path: `tests/artifacts/timeline-zoomed-1280-${scheme}.png` });
  }
  await page.emulateMedia({ colorScheme: 'light' });

  // Pan: later, then earlier, by a quarter of the view each.
  const [a0, a1] = await view(page);
  await page.keyboard.press('ArrowRight');
  const [b0, b1] = await view(page);
  assert.ok(b0 > a0 && Math.abs((b1 - b0) - (a1 - a0)) < 1e-9, 'ArrowRight moves later, same width');
  await page.keyboard.press('ArrowLeft');
  const [c0] = await view(page);
  assert.ok(Math.abs(c0 - a0) < 1e-9, 'ArrowLeft moves back');
  // The buttons do the same.
  await page.click('.timeline-tools button:text("Later")');
  assert.ok((await view(page))[0] > c0);

  // Reset: the whole run.
  await page.focus('canvas.timeline');
  await page.keyboard.press('0');
  assert.deepEqual(await view(page), [start0, end0]);
  await page.keyboard.press('+');
  await page.click('.timeline-tools button:text("Whole run")');
  assert.deepEqual(await view(page), [start0, end0]);
  // The canvas still says what it shows, for a screen reader.
  assert.match(await page.getAttribute('canvas.timeline', 'aria-label'), /^Timeline of \d+ workers/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the timeline zoomed on a phone, light and dark, never widens the page', async () => {
  const { page, problems } = await openPage(context, '#example=message-queue&messages=20000');
  await page.setViewportSize({ width: 390, height: 844 });
  await runFromUi(page);
  await page.focus('canvas.timeline');
  await page.keyboard.press(']');
  for (let i = 0; i < 12; i++) await page.keyboard.press('+');
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.locator('.timeline-figure').screenshot({ path: `tests/artifacts/timeline-zoomed-390-${scheme}.png` });
  }
  await page.setViewportSize({ width: 320, height: 700 });
  await page.waitForTimeout(100);
  const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(widths[0] <= widths[1], `no sideways scroll at 320 px (${widths})`);
  assert.deepEqual(problems, []);
  await page.close();
});

for (const model of ['async', 'thread-pool']) {
  test(`web-server (${model}): the connection table shows what was measured and what is published`, async () => {
    const { page, problems } = await openPage(context, `#example=web-server&connections=5000&model=${model}`);
    await runFromUi(page);
    const rows = await page.$$eval('table.connection-costs tbody tr', (trs) => trs.map((tr) => ({
      kind: tr.dataset.kind, cells: [...tr.cells].map((c) => c.textContent),
    })));
    const measured = rows.filter((r) => r.kind === 'measured');
    assert.equal(measured.length, 1, 'one measured row: the model that ran');
    const metric = await page.$eval('table.data tr[data-metric=bytesPerConnection]', (tr) => tr.cells[1].textContent);
    assert.equal(measured[0].cells[1], metric, 'the measured figure is the run\'s bytesPerConnection');
    assert.match(measured[0].cells[2], new RegExp(`measured in this run \\(model: ${model}\\)`));
    const other = rows.find((r) => r.kind === 'not-run');
    assert.match(other.cells[2], /measured here when you run it/);
    const published = rows.filter((r) => r.kind === 'published');
    assert.deepEqual(published.map((r) => r.cells[0]), ['thread per connection (its stack)', 'goroutine', 'Node.js socket']);
    for (const r of published) assert.match(r.cells[2], /^published, not measured here: .*\S/);
    assert.match(published[0].cells[2], /Rust's std::thread docs.*pthread_create/);
    assert.match(published[1].cells[2], /Go 1\.4 release notes/);
    assert.match(published[2].cells[2], /Stack Overflow question 14049109/);
    if (model === 'async') {
      await page.locator('table.connection-costs').screenshot({ path: 'tests/artifacts/connection-costs-1280.png' });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.locator('table.connection-costs').screenshot({ path: 'tests/artifacts/connection-costs-390-dark.png' });
      await screenshot(page, 'web-server-390-dark');
    }
    assert.deepEqual(problems, []);
    await page.close();
  });
}

test('message-queue: the workers table says waiting is not busy, and shows the waiting', async () => {
  const { page, problems } = await openPage(context, '#example=message-queue');
  await runFromUi(page);
  const table = page.locator('h3:text("What each worker did") + div table');
  const headers = await table.locator('thead th').allTextContents();
  assert.deepEqual(headers.slice(0, 4), ['worker', 'tasks', 'busy', 'waiting']);
  const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  // Every span's wait counted, not only the timeline's sample of them: 160,000 sends take
  // some milliseconds however fast each one is (a sample of 5,000 spans summed to under 1 ms).
  assert.ok(rows.every((r) => /^[\d,.]+ ms$/.test(r[3])), JSON.stringify(rows));
  assert.ok(Math.max(...rows.map((r) => parseFloat(r[3].replace(/,/g, '')))) > 5, JSON.stringify(rows));
  assert.match(await page.textContent('.workers-note'), /not counted as busy/);
  await page.locator('h3:text("What each worker did") + div').screenshot({ path: 'tests/artifacts/workers-table-message-queue.png' });
  assert.deepEqual(problems, []);
  await page.close();
});

test('16,000 spans: only those in view are drawn, at most one box per pixel; the pointer reads a span', async () => {
  const { page, problems } = await openPage(context, '');
  const result = await page.evaluate(async () => {
    const { timelineFigure } = await import('./app/timeline.js');
    const { disposeFigures, liveFigureCount } = await import('./app/figures.js');
    const { loadWords } = await import('./app/i18n.js');
    // 4 workers × 4,000 spans of 10 µs every 25 µs: a 100 ms run, sorted by start as record.rs sends it.
    const spans = [];
    for (let i = 0; i < 4000; i++) {
      for (let w = 0; w < 4; w++) spans.push({ worker: w, kind: i % 2 ? 'work' : 'send', startMs: i * 0.025 + w * 0.001, endMs: i * 0.025 + w * 0.001 + 0.01 });
    }
    const report = {
      wallMs: 100, workers: [0, 1, 2, 3].map((id) => ({ id, busyMs: 40, tasks: 4000 })),
      timeline: { spans, sampled: false, spansRecorded: spans.length },
    };
    const box = document.createElement('div');
    box.style.width = '800px';
    document.body.append(box);
    const figure = timelineFigure(report, await loadWords('en'));
    box.append(figure);
    const frame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    await frame();
    const canvas = figure.querySelector('canvas.timeline');
    const whole = Number(figure.dataset.drawn);
    const key = async (k) => { canvas.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true })); await frame(); };
    canvas.focus();
    for (let i = 0; i < 10; i++) await key('+');
    const zoomed = Number(figure.dataset.drawn);
    const started = performance.now();
    for (let i = 0; i < 10; i++) await key('-');
    const ms = (performance.now() - started) / 10;
    // The pointer over a span of worker 2 in the middle of the view.
    await key('0');
    for (let i = 0; i < 14; i++) await key('+');
    const rect = canvas.getBoundingClientRect();
    const [start, end] = figure.dataset.view.split(',').map(Number);
    const plot = rect.width - 78 - 8;
    const target = spans.find((s) => s.worker === 2 && s.startMs > (start + end) / 2);
    const x = rect.left + 78 + ((target.startMs + 0.005 - start) / (end - start)) * plot;
    const live = figure.querySelector('[aria-live]').textContent;
    canvas.dispatchEvent(new PointerEvent('pointermove', { clientX: x, clientY: rect.top + 2 * 26 + 13, bubbles: true, pointerId: 1 }));
    await frame();
    const readout = figure.querySelector('.timeline-readout').textContent;
    const liveAfter = figure.querySelector('[aria-live]').textContent;
    const before = liveFigureCount();
    disposeFigures(box);
    box.remove();
    return { whole, zoomed, ms, readout, target, live, liveAfter, disposed: before - liveFigureCount() };
  });
  console.log(`# 16,000 spans: ${result.whole} boxes for the whole run, ${result.zoomed} zoomed in, ${result.ms.toFixed(1)} ms a zoom step (frame included)`);
  assert.ok(result.whole <= 4 * 2 * 800, `the whole run: at most one box per pixel, lane and kind (${result.whole})`);
  assert.ok(result.zoomed < 200, `zoomed in: only the spans in view (${result.zoomed})`);
  assert.match(result.readout, new RegExp(`^(sending|working) · worker 2 · starts at ${result.target.startMs.toFixed(4)} ms · lasts (9\\.99|10\\.0+) µs$`));
  assert.equal(result.liveAfter, result.live, 'the pointer does not speak through the live region');
  assert.equal(result.disposed, 1, 'the figure is disposed');
  assert.deepEqual(problems, []);
  await page.close();
});

test('in a widget (shadow root): the connection table, and the timeline zooms to a span from the keyboard', async () => {
  const { page, problems } = await watchedPage(context);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${SITE_URL}course.html`);
  // A web-server widget, as a course author would write it.
  await page.evaluate(() => {
    const widget = document.createElement('concurrency-playground');
    widget.setAttribute('example', 'web-server');
    widget.setAttribute('threads', '2');
    widget.setAttribute('params', '{"connections": 5000, "model": "thread-pool"}');
    widget.id = 'ws';
    document.querySelector('concurrency-playground').before(widget);
  });
  const widget = page.locator('#ws');
  await page.waitForFunction(() => document.getElementById('ws').shadowRoot?.querySelector('.widget')?.dataset.state === 'ready', null, { timeout: 60_000 });
  await widget.locator('button.run').click();
  await page.waitForFunction(() => document.getElementById('ws').shadowRoot.querySelector('.headline'), null, { timeout: 60_000 });
  const measured = await widget.locator('table.connection-costs tr[data-kind=measured]').textContent();
  assert.match(measured, /queued in a thread pool.*measured in this run \(model: thread-pool\)/);
  assert.equal(await widget.locator('table.connection-costs tr[data-kind=published]').count(), 3);
  const canvas = widget.locator('canvas.timeline');
  await canvas.focus();
  await page.keyboard.press(']');
  for (let i = 0; i < 8; i++) await page.keyboard.press('+');
  assert.match(await widget.locator('.timeline-readout').textContent(), / · worker \d+ · starts at [\d.]+ ms · lasts /);
  assert.match(await canvas.getAttribute('aria-label'), /^Timeline of/);
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    await widget.locator('.timeline-figure').screenshot({ path: `tests/artifacts/widget-timeline-zoomed-390-${scheme}.png` });
  }
  await widget.locator('table.connection-costs').screenshot({ path: 'tests/artifacts/widget-connection-costs-390-dark.png' });
  const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(widths[0] <= widths[1], `the widget never widens the page (${widths})`);
  assert.deepEqual(problems, []);
  await page.close();
});
