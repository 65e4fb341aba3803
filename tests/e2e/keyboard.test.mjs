// A student with a keyboard only: choose an example, change a parameter, run, cancel, open the
// code, read a chart's numbers and the timeline's summary, copy the link and download the
// trace. After each step the focus is where the student left it (never dropped to the page's
// start by a re-render) and visible (:focus-visible); the focus rings are screenshotted.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, screenshot } from './browser.mjs';

let context;
before(async () => { context = await launch(); });
after(async () => { await context?.close(); });

/** What has the focus: `{ id, name, role, tag, text, visible }`. */
function focusOf(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    return {
      id: el.id, name: el.getAttribute('name'), role: el.getAttribute('role'), tag: el.tagName.toLowerCase(),
      text: el.textContent.trim().slice(0, 60), data: el.dataset.id ?? null, visible: el.matches(':focus-visible'),
    };
  });
}

/** Presses Tab (or Shift+Tab) until `match(focus)`; fails after `limit` presses. */
async function tabTo(page, match, { back = false, limit = 80 } = {}) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const focus = await focusOf(page);
    if (match(focus)) return focus;
  }
  assert.fail(`Tab never reached the element (last: ${JSON.stringify(await focusOf(page))})`);
}

test('keyboard only: every step of a run, with the focus kept and visible', async () => {
  const { page, problems } = await openPage(context, '#example=web-server');
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);

  // The examples are one tab stop; the arrow keys move between them.
  let focus = await tabTo(page, (f) => f.role === 'tab');
  assert.equal(focus.data, 'web-server');
  await page.keyboard.press('ArrowRight');
  focus = await focusOf(page);
  assert.deepEqual([focus.role, focus.data, focus.visible], ['tab', 'game-server', true]);
  assert.equal(await page.getAttribute('[role=tab][aria-selected=true]', 'data-id'), 'game-server');
  await page.keyboard.press('End');
  assert.equal((await focusOf(page)).data, 'sensors');
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  assert.equal((await focusOf(page)).data, 'pipeline');
  await screenshot(page, 'keyboard-tab-focus');

  // A parameter, typed.
  focus = await tabTo(page, (f) => f.name === 'items');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('30000000');
  assert.equal(await page.inputValue('#param-items'), '30000000');

  // Run (a long one), then Cancel: the focus moves with the enabled button.
  focus = await tabTo(page, (f) => f.id === 'run');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.body.dataset.busy === 'true');
  focus = await focusOf(page);
  assert.deepEqual([focus.id, focus.visible], ['cancel', true], 'Run hands the focus to Cancel');
  await screenshot(page, 'keyboard-cancel-focus');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.body.dataset.busy === 'false', null, { timeout: 60_000 });
  focus = await focusOf(page);
  assert.deepEqual([focus.id, focus.visible], ['run', true], 'Cancel hands the focus back to Run');
  assert.match(await page.textContent('#error'), /cancelled/i);

  // A run that finishes, started from the form with Enter.
  focus = await tabTo(page, (f) => f.name === 'items', { back: true });
  await page.keyboard.press('Control+A');
  await page.keyboard.type('20000');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.body.dataset.busy === 'false' && document.querySelector('.headline'), null, { timeout: 60_000 });
  assert.equal((await focusOf(page)).name, 'items', 'the focus stays in the field');

  // A chart's numbers (pipeline has no chart of its own: its results have tables and the
  // timeline; the speedup curve is a chart).
  focus = await tabTo(page, (f) => f.id === 'speedup');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.body.dataset.busy === 'false' && document.querySelector('figure.chart'), null, { timeout: 120_000 });
  focus = await tabTo(page, (f) => f.tag === 'summary' && /Numbers/.test(f.text));
  await page.keyboard.press('Enter');
  assert.ok(await page.evaluate(() => document.activeElement.parentElement.open), 'the numbers open');
  assert.ok(await page.$eval('figure.chart details.chart-data table', (t) => t.rows.length > 1));

  // The timeline: reachable, and it says what it shows.
  focus = await tabTo(page, (f) => f.tag === 'canvas' || /timeline/i.test(f.role ?? ''));
  const label = await page.evaluate(() => document.activeElement.getAttribute('aria-label'));
  assert.match(label, /worker 0 busy [\d,.]+ ms/);
  // It zooms and steps from span to span with its keys, the focus staying on it.
  const rangeOf = () => page.evaluate(() => document.activeElement.closest('figure').querySelector('.timeline-range').textContent);
  const whole = await rangeOf();
  await page.keyboard.press('+');
  await page.keyboard.press('+');
  assert.notEqual(await rangeOf(), whole, 'zoomed in');
  await page.keyboard.press(']');
  assert.match(await page.evaluate(() => document.activeElement.closest('figure').querySelector('.timeline-readout').textContent),
    /worker \d+ · starts at/);
  await page.keyboard.press('0');
  assert.equal(await rangeOf(), whole, 'back to the whole run');
  assert.equal((await focusOf(page)).tag, 'canvas');

  // The code: the chapter's file scrolls from the keyboard; a harness file opens.
  focus = await tabTo(page, (f) => f.tag === 'pre');
  assert.ok(focus.visible);
  await page.keyboard.press('PageDown');
  focus = await tabTo(page, (f) => f.tag === 'summary' && /mod\.rs/.test(f.text));
  await page.keyboard.press('Enter');
  assert.ok(await page.evaluate(() => document.activeElement.parentElement.open));
  await screenshot(page, 'keyboard-code-focus');

  // The link and the trace.
  focus = await tabTo(page, (f) => f.id === 'copy-link', { back: true, limit: 200 });
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.getElementById('share-status').textContent !== '');
  focus = await tabTo(page, (f) => f.id === 'export-trace');
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  assert.match(download.suggestedFilename(), /\.json$/);
  assert.equal((await focusOf(page)).id, 'export-trace');
  assert.deepEqual(problems, []);
  await page.close();
});
