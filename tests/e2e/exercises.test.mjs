// An example's exercises, as a student sees them: on the page, a closed "Exercises" under what to
// look for, opened from the keyboard, its numbered items the catalog's in the page's language
// (and again in the other language after the switch, still open); in a widget, the same inside
// its code section. The words expected come from the catalogs (www/i18n/), `code` shown without
// its backticks. Screenshots (Thai, 390 and 1280 px, light and dark) go to tests/artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Words } from '../../www/app/i18n.js';
import { exampleText } from '../../www/app/wording.js';
import { ARTIFACTS, SITE_URL, launch, needsSite, openPage, widgetsReady } from './browser.mjs';

const words = (lang) => new Words(lang, JSON.parse(readFileSync(new URL(`../../www/i18n/${lang}.json`, import.meta.url), 'utf8')));
const EN = words('en');
const TH = words('th');
const THAI = /[\u0E00-\u0E7F]/;
const shown = (text) => text.replaceAll('`', '');
const EXAMPLES = ['web-server', 'game-server', 'pipeline', 'message-queue', 'sensors'];

let context;
before(async () => { context = await launch(); });
after(async () => { await context?.close(); });

/** What a <details class="exercises"> under `root` shows: open?, its summary, its items' text, code count. */
const exercisesIn = (root) => root.evaluate((node) => {
  const details = (node.shadowRoot ?? node).querySelector('details.exercises');
  return {
    hidden: details.hidden,
    open: details.open,
    summary: details.querySelector('summary').textContent,
    items: [...details.querySelectorAll('ol > li')].map((li) => li.textContent),
    code: details.querySelectorAll('ol > li code').length,
  };
});

test('the page shows each example\'s exercises, closed, in English and after the switch in Thai', needsSite('SITE_URL'), async () => {
  const { page, problems } = await openPage(context, '#example=game-server');
  for (const id of EXAMPLES) {
    await page.click(`#example-tabs [data-id="${id}"]`);
    const seen = await exercisesIn(page.locator('body'));
    const expected = exampleText(EN, id).exercises;
    assert.ok(expected.length > 0, `${id} has exercises in en.json`);
    assert.deepEqual(seen.items, expected.map(shown), id);
    assert.equal(seen.hidden, false);
    assert.ok(seen.code > 0, `${id}: code in the exercises is shown as code`);
  }
  await page.click('#example-tabs [data-id="game-server"]');
  let seen = await exercisesIn(page.locator('body'));
  assert.equal(seen.open, false, 'closed until the reader opens it');
  assert.equal(seen.summary, EN.t('common.exercises'));
  assert.equal(seen.items.length, 3, 'game-server has three: the strategies, racy and deadlock');
  // It follows "what to look for", and opens from the keyboard.
  assert.ok(await page.evaluate(() => document.getElementById('look-for').nextElementSibling === document.getElementById('exercises')));
  await page.focus('#exercises > summary');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.getElementById('exercises').open), true);
  const list = await page.evaluate(() => document.querySelector('#exercises ol').tagName);
  assert.equal(list, 'OL', 'a numbered list: "exercise 2" means the same to everyone');
  // The switch redraws it in Thai, still open.
  await page.click('#language button[data-lang=th]');
  await page.waitForFunction(() => document.documentElement.lang === 'th');
  seen = await exercisesIn(page.locator('body'));
  assert.equal(seen.open, true);
  assert.equal(seen.summary, TH.t('common.exercises'));
  assert.deepEqual(seen.items, exampleText(TH, 'game-server').exercises.map(shown));
  for (const item of seen.items) assert.match(item, THAI);
  assert.deepEqual(problems, []);
  await page.close();
});

test('?lang=th: the exercises in Thai, fine at 320 px, screenshots at 390 and 1280 px, light and dark', needsSite('SITE_URL'), async () => {
  const { page, problems } = await openPage(context, '?lang=th#example=sensors');
  const seen = await exercisesIn(page.locator('body'));
  assert.equal(seen.summary, TH.t('common.exercises'));
  assert.deepEqual(seen.items, exampleText(TH, 'sensors').exercises.map(shown));
  await page.click('#example-tabs [data-id="game-server"]');
  await page.click('#exercises > summary');
  for (const width of [320, 390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    const wide = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      list: document.querySelector('#exercises ol').scrollWidth - document.querySelector('#exercises ol').clientWidth,
    }));
    assert.ok(wide.page <= width, `the page is ${wide.page} px wide at ${width} px`);
    assert.ok(wide.list <= 0, `the list overflows by ${wide.list} px at ${width} px`);
    if (width === 320) continue;
    for (const colorScheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme });
      await page.locator('#exercises').screenshot({ path: join(ARTIFACTS, `exercises-th-${width}-${colorScheme}.png`) });
    }
    await page.emulateMedia({ colorScheme: 'light' });
  }
  assert.deepEqual(problems, []);
  await page.close();
});

test('a widget shows its exercises inside its code section, in its language', needsSite('SITE_URL'), async () => {
  for (const [file, lang, W] of [['course.html', 'en', EN], ['course-th.html', 'th', TH]]) {
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    await page.goto(`${SITE_URL}${file}`);
    await widgetsReady(page);
    const widget = page.locator('concurrency-playground[example="game-server"]');
    assert.equal(await widget.evaluate((w) => w.shadowRoot.querySelector('.widget').lang), lang);
    // Inside the closed code section, after the look-for line.
    assert.ok(await widget.evaluate((w) => {
      const details = w.shadowRoot.querySelector('details.exercises');
      return details.parentElement.matches('details.code') && details.previousElementSibling.matches('.look-for');
    }));
    await widget.locator('details.code > summary').click();
    await widget.locator('details.exercises > summary').focus();
    await page.keyboard.press('Enter');
    const seen = await exercisesIn(widget);
    assert.equal(seen.open, true);
    assert.equal(seen.summary, W.t('common.exercises'));
    assert.deepEqual(seen.items, exampleText(W, 'game-server').exercises.map(shown));
    if (lang === 'th') {
      for (const colorScheme of ['light', 'dark']) {
        await page.emulateMedia({ colorScheme });
        await widget.locator('details.exercises').screenshot({ path: join(ARTIFACTS, `exercises-widget-th-${colorScheme}.png`) });
      }
    }
    assert.deepEqual(problems, []);
    await page.close();
  }
});
