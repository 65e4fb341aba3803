// A course author's mistakes in <concurrency-playground>'s attributes, on a live widget: the
// six cases authors met, fixed and then corrected; and random and adversarial attribute values
// (fast-check), after each of which the widget shows a run's result or a message naming the
// attribute, with no uncaught error, no console error and no request outside the site.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { launch, screenshot, watchedPage, widgetsReady } from './browser.mjs';

const SITE_URL = process.env.SITE_URL ?? 'http://127.0.0.1:8080/';
const ATTRIBUTES = ['example', 'params', 'threads', 'height', 'theme'];
const RUNS = 60;

let context;
before(async () => { context = await launch(); });
after(async () => { await context?.close(); });

/** The course page with its own widgets removed and one of ours, ready; and what went wrong. */
async function openWidgetPage(width = 900) {
  const { page, problems } = await watchedPage(context);
  await page.setViewportSize({ width, height: 900 });
  const foreign = [];
  page.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(SITE_URL) && !/^(data|blob):/.test(url)) foreign.push(url);
  });
  await page.goto(`${SITE_URL}course.html`);
  await page.evaluate(async () => {
    for (const widget of document.querySelectorAll('concurrency-playground')) widget.remove();
    const widget = document.createElement('concurrency-playground');
    widget.id = 'under-test';
    widget.setAttribute('example', 'pipeline');
    widget.setAttribute('params', '{"items": 2000, "work": 1}');
    document.querySelector('main, article, body').prepend(widget);
  });
  await page.waitForFunction(() => document.querySelector('#under-test').shadowRoot?.querySelector('.widget')?.dataset.state === 'ready',
    null, { timeout: 60_000 });
  return { page, problems, foreign };
}

/** Sets (or, for null, removes) the widget's attributes; returns what it then shows. */
async function setAttributes(page, attributes) {
  return page.evaluate((attributes) => {
    const widget = document.querySelector('#under-test');
    for (const [name, value] of Object.entries(attributes)) {
      if (value === null) widget.removeAttribute(name);
      else widget.setAttribute(name, value);
    }
    const root = widget.shadowRoot;
    const error = root.querySelector('.error');
    return {
      problems: (root.querySelector('.widget').dataset.problems ?? '').split(' ').filter(Boolean),
      error: error.hidden ? '' : error.textContent,
      runDisabled: root.querySelector('button.run').disabled,
    };
  }, attributes);
}

/** Presses Run and waits for the report or an error. */
async function run(page) {
  return page.evaluate(async () => {
    const root = document.querySelector('#under-test').shadowRoot;
    root.querySelector('button.run').click();
    const widget = root.querySelector('.widget');
    for (const start = Date.now(); widget.dataset.state !== 'ready' && Date.now() - start < 60_000;) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const error = root.querySelector('.error');
    return { report: root.querySelector('.headline') !== null, error: error.hidden ? '' : error.textContent };
  });
}

test('each mistake authors made is named, nothing runs on it, and fixing it clears the message', async () => {
  const { page, problems, foreign } = await openWidgetPage(320);
  const good = { example: 'pipeline', params: '{"items": 2000, "work": 1}', threads: null, height: null };
  const cases = [
    [{ params: 'not json' }, 'params', /is not JSON: "not json"/],
    [{ params: '{"__proto__": {"polluted": 1}, "items": 10}' }, 'params', /"__proto__", which is not a parameter of pipeline/],
    [{ params: '{"items": "<b>1</b>"}' }, 'params', /"items" is "<b>1<\/b>"; it must be a whole number from 1 to/],
    [{ params: '{"items": 1e300}' }, 'params', /"items" is 1e\+300;/],
    [{ height: '100px;background:url(x)' }, 'height', /must be a CSS length/],
    [{ threads: '-1' }, 'threads', /is "-1"; it must be a whole number from 1 to 64/],
    [{ example: 'no-such-example' }, 'example', /no example is called/],
  ];
  for (const [attributes, attribute, message] of cases) {
    const shown = await setAttributes(page, attributes);
    assert.deepEqual(shown.problems, [attribute], JSON.stringify(attributes));
    assert.match(shown.error, message);
    assert.ok(shown.runDisabled, `Run is disabled while ${attribute} is not understood`);
    // The message wraps: nothing widens the page at 320 px.
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 320), `${attribute}: no horizontal scroll`);
    if (attribute === 'params' && /1e300/.test(attributes.params)) await screenshot(page, 'widget-attribute-error-320');
    const fixed = await setAttributes(page, good);
    assert.deepEqual(fixed, { problems: [], error: '', runDisabled: false }, `fixing ${attribute} clears it`);
  }
  assert.equal(await page.evaluate(() => ({}).polluted), undefined);
  const ran = await run(page);
  assert.deepEqual(ran, { report: true, error: '' });
  assert.deepEqual(problems, []);
  assert.deepEqual(foreign, []);
  await page.close();
});

test('random and adversarial attributes: a result or a message naming the attribute, never an error', async () => {
  const { page, problems, foreign } = await openWidgetPage();
  // Small valid workloads, so that the samples that run finish at once.
  const validParams = fc.oneof(
    fc.record({ items: fc.integer({ min: 1, max: 20000 }), work: fc.integer({ min: 1, max: 5 }) }, { requiredKeys: [] }),
    fc.record({ chunk: fc.integer({ min: 1, max: 5000 }), items: fc.integer({ min: 1, max: 5000 }) }),
  ).map((o) => JSON.stringify(o));
  const anything = fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: 'grapheme', maxLength: 200 }), fc.json({ maxDepth: 2 }));
  // Weighted so that about half the samples are understood and run, the rest are not.
  const w = (weight, arbitrary) => ({ weight, arbitrary });
  const attributes = fc.record({
    example: fc.oneof(w(6, fc.constant('pipeline')), w(2, fc.constant(null)), w(1, anything)),
    params: fc.oneof(w(7, validParams), w(1, fc.constant(null)), w(1, anything),
      w(1, fc.constantFrom('{"__proto__": {"x": 1}}', '{"constructor": 1}', '{"items": -0}', '{"items": 1e400}', '[]', 'null'))),
    threads: fc.oneof(w(5, fc.constant(null)), w(4, fc.integer({ min: -3, max: 80 }).map(String)), w(1, anything)),
    height: fc.oneof(w(5, fc.constant(null)), w(4, fc.constantFrom('300px', '20rem', '50%', '200', 'auto', 'calc(1px)')), w(1, anything)),
    theme: fc.oneof(w(5, fc.constant(null)), w(4, fc.constantFrom('light', 'dark')), w(1, anything)),
  });
  // Samples that ran a program (bounded by the valid generators above), for the output.
  let ran = 0;
  await fc.assert(fc.asyncProperty(attributes, async (sample) => {
    // The first example is pipeline: an absent `example` runs it too, with these params.
    const shown = await setAttributes(page, sample);
    for (const attribute of shown.problems) {
      assert.ok(ATTRIBUTES.includes(attribute), attribute);
      assert.match(shown.error, new RegExp(`The ${attribute} attribute `));
    }
    if (shown.problems.length > 0) {
      assert.ok(shown.runDisabled, 'nothing runs on a value that was not understood');
      return;
    }
    const outcome = await run(page);
    ran += 1;
    // A run's result, or Rust's refusal naming the parameter (say, a workload too large).
    assert.ok(outcome.report || /ParamError: parameter `\w+`/.test(outcome.error), JSON.stringify({ sample, outcome }));
  }), { numRuns: RUNS, seed: Number(process.env.FC_SEED ?? Date.now() % 2 ** 31) });
  console.log(`# ${ran} of ${RUNS} samples ran a program`);
  assert.deepEqual(problems, []);
  assert.deepEqual(foreign, []);
  await page.close();
});

test('each widget shows only its own run\'s progress, and none before it runs', async () => {
  const page = await context.newPage();
  await page.goto(`${SITE_URL}course.html`);
  await widgetsReady(page);
  const bars = () => page.$$eval('concurrency-playground', (widgets) => widgets.map((w) => {
    const root = w.shadowRoot;
    return { value: root.querySelector('progress').value, text: root.querySelector('.progress-text').textContent };
  }));
  // The first widget runs to its end; the second never ran.
  await page.evaluate(async () => {
    const root = document.querySelector('concurrency-playground').shadowRoot;
    root.querySelector('button.run').click();
    const widget = root.querySelector('.widget');
    while (widget.dataset.state !== 'ready' || !root.querySelector('.headline')) await new Promise((r) => setTimeout(r, 20));
  });
  const [, other] = await bars();
  assert.deepEqual(other, { value: 0, text: '' }, 'the widget that never ran shows no progress');
  // While the second widget waits for the first one's run, it shows none of that run's progress.
  const seen = await page.evaluate(async () => {
    const [first, second] = [...document.querySelectorAll('concurrency-playground')].map((w) => w.shadowRoot);
    first.querySelector('button.run').click();
    second.querySelector('button.run').click();
    const samples = [];
    while (first.querySelector('.widget').dataset.state !== 'ready') {
      samples.push(second.querySelector('progress').value);
      await new Promise((r) => requestAnimationFrame(r));
    }
    return { max: Math.max(...samples), frames: samples.length };
  });
  assert.equal(seen.max, 0, `the waiting widget's bar stayed empty over ${seen.frames} frames`);
  await page.close();
});

test('after its run a widget shows that run\'s whole count, even when another widget\'s run begins at once', async () => {
  const page = await context.newPage();
  await page.goto(`${SITE_URL}course.html`);
  await widgetsReady(page);
  const bars = await page.evaluate(async () => {
    const roots = [...document.querySelectorAll('concurrency-playground')].map((w) => w.shadowRoot);
    // The second run is queued behind the first, and begins the moment the first one ends.
    for (const root of roots) root.querySelector('button.run').click();
    const over = (root) => root.querySelector('.widget').dataset.state === 'ready' && root.querySelector('.headline');
    while (!roots.every(over)) await new Promise((r) => setTimeout(r, 20));
    // Two more frames: a frame still due to either bar has drawn by then.
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return roots.map((root) => {
      const bar = root.querySelector('progress');
      return { value: bar.value, max: bar.max, text: root.querySelector('.progress-text').textContent };
    });
  });
  for (const bar of bars) {
    assert.ok(bar.max > 1, `the bar knows its run's total (${JSON.stringify(bar)})`);
    assert.equal(bar.value, bar.max, `the bar is full (${JSON.stringify(bar)})`);
    assert.equal(bar.text, `${bar.max.toLocaleString('en')} / ${bar.max.toLocaleString('en')}`);
  }
  await page.close();
});

test('the page\'s pool is as large as the largest threads any widget asks for', async () => {
  const page = await context.newPage();
  // The sample course page, its second widget asking for 3 workers instead of 2.
  await page.route('**/course*', async (route) => {
    const response = await route.fetch();
    const html = (await response.text()).replace(/(example="message-queue" threads=)"2"/, '$1"3"');
    await route.fulfill({ response, body: html });
  });
  await page.goto(`${SITE_URL}course.html`);
  await widgetsReady(page);
  const sizes = await page.evaluate(async () => {
    const { pagePlayground } = await import('./embed.js');
    const playground = await pagePlayground();
    const threads = [...document.querySelectorAll('concurrency-playground')].map((w) => w.getAttribute('threads'));
    return { pool: playground.info.threads, threads };
  });
  assert.deepEqual(sizes, { pool: 3, threads: ['2', '3'] });
  await page.unrouteAll({ behavior: 'ignoreErrors' });
  await page.close();
});

test('Cancel stops only its own widget\'s run', async () => {
  const { page, problems } = await openWidgetPage();
  const outcome = await page.evaluate(async () => {
    // A second widget beside the one under test, with a short run.
    const other = document.createElement('concurrency-playground');
    other.setAttribute('example', 'pipeline');
    other.setAttribute('params', '{"items": 2000, "work": 1}');
    document.querySelector('#under-test').after(other);
    const roots = [document.querySelector('#under-test').shadowRoot, null];
    while (!other.shadowRoot?.querySelector('.widget[data-state="ready"]')) await new Promise((r) => setTimeout(r, 20));
    roots[1] = other.shadowRoot;
    const state = (root) => root.querySelector('.widget').dataset.state;
    // The widget under test runs long; the other one waits for its turn, then cancels.
    document.querySelector('#under-test').setAttribute('params', '{"items": 2000000, "work": 200}');
    roots[0].querySelector('button.run').click();
    roots[1].querySelector('button.run').click();
    roots[1].querySelector('button.cancel').click();
    while (state(roots[1]) !== 'ready') await new Promise((r) => setTimeout(r, 20));
    const otherShows = roots[1].querySelector('.results').textContent;
    const stillRunning = state(roots[0]) === 'busy';
    while (state(roots[0]) !== 'ready') await new Promise((r) => setTimeout(r, 20));
    return { otherShows, stillRunning, report: roots[0].querySelector('.headline') !== null };
  });
  assert.deepEqual(outcome, { otherShows: 'Cancelled.', stillRunning: true, report: true });
  assert.deepEqual(problems, []);
  await page.close();
});
