// The reader's language, end to end: the page picks it from `?lang=`, else <html lang>, else the
// browser's (headless Chromium reports en-US), and its switch changes it in place, keeping the
// example and the form, and in the shared link; the widget picks it from its `lang`, else the
// nearest `lang` around it, and shows itself again when its `lang` changes. The words expected
// are read from the catalogs themselves (www/i18n/), so a change of wording does not break this.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Words } from '../../www/app/i18n.js';
import { exampleText } from '../../www/app/wording.js';
import { ARTIFACTS, SITE_URL, launch, openPage, watchedPage, widgetsReady } from './browser.mjs';

const words = (lang) => new Words(lang, JSON.parse(readFileSync(new URL(`../../www/i18n/${lang}.json`, import.meta.url), 'utf8')));
const EN = words('en');
const TH = words('th');
const THAI = /[\u0E00-\u0E7F]/;
/** A title as shown: rich() shows `code` spans without their backticks. */
const shown = (text) => text.replaceAll('`', '');

let context;
before(async () => { context = await launch(); });
after(async () => { await context?.close(); });

/** The page's language and a few of its words. */
function chrome(page) {
  return page.evaluate(() => ({
    lang: document.documentElement.lang,
    title: document.title,
    h1: document.querySelector('h1').textContent,
    run: document.getElementById('run').textContent,
    copy: document.getElementById('copy-link').textContent,
    example: document.getElementById('example-title').textContent,
    tab: document.querySelector('[role=tab][aria-selected=true]').dataset.id,
    pressed: [...document.querySelectorAll('#language button[aria-pressed=true]')].map((b) => b.dataset.lang),
  }));
}

test('the page is in English by default, the browser being en-US', async () => {
  const { page, problems } = await openPage(context, '#example=pipeline');
  assert.equal(await page.evaluate(() => navigator.language), 'en-US');
  const seen = await chrome(page);
  assert.deepEqual(
    [seen.lang, seen.title, seen.run, seen.example, seen.pressed],
    ['en', EN.t('page.title'), EN.t('common.run'), shown(exampleText(EN, 'pipeline').title), ['en']],
  );
  assert.deepEqual(problems, []);
  await page.close();
});

test('?lang=th shows the page in Thai, its example title included', async () => {
  const { page, problems } = await openPage(context, '?lang=th#example=pipeline');
  const seen = await chrome(page);
  assert.deepEqual(
    [seen.lang, seen.title, seen.h1, seen.run, seen.copy, seen.pressed],
    ['th', TH.t('page.title'), TH.t('page.title'), TH.t('common.run'), TH.t('page.copyLink'), ['th']],
  );
  assert.equal(seen.example, shown(exampleText(TH, 'pipeline').title));
  assert.match(seen.example, THAI, 'the example title is Thai');
  assert.match(seen.h1, THAI);
  // The form's words too: each label is the catalog's, and the hint's numbers are grouped.
  const label = await page.textContent('label[for=param-items]');
  assert.equal(label, shown(TH.t('examples.pipeline.params.items.label')));
  assert.deepEqual(problems, []);
  await page.close();
});

test('the switch changes the language from the keyboard, keeping the example and the form; the link keeps it', async () => {
  const { page, problems } = await openPage(context, '?lang=th#example=pipeline&items=12345&chunk=77&work=3&threads=1');
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.click('#copy-link');
  await page.waitForFunction(() => document.getElementById('share-status').textContent !== '');
  assert.equal(await page.textContent('#share-status'), TH.t('page.copied'));
  const thaiLink = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(thaiLink, /\?lang=th#example=pipeline&items=12345&chunk=77&work=3&threads=1$/);

  await page.setViewportSize({ width: 390, height: 900 });
  await page.focus('#language button[data-lang=en]');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  const seen = await chrome(page);
  assert.deepEqual([seen.title, seen.run, seen.tab, seen.pressed], [EN.t('page.title'), EN.t('common.run'), 'pipeline', ['en']]);
  assert.equal(seen.example, shown(exampleText(EN, 'pipeline').title));
  const fields = await page.$$eval('#params input', (inputs) => Object.fromEntries(inputs.map((i) => [i.name, i.value])));
  assert.deepEqual(fields, { items: '12345', chunk: '77', work: '3', threads: '1' });
  assert.match(page.url(), /\?lang=en#/, 'the address keeps the language chosen');

  await page.click('#copy-link');
  await page.waitForFunction((copied) => document.getElementById('share-status').textContent === copied, EN.t('page.copied'));
  const englishLink = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(englishLink, /\?lang=en#example=pipeline&items=12345&chunk=77&work=3&threads=1$/);

  // Reloaded, the page comes back in the language chosen.
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal((await chrome(page)).lang, 'en');
  assert.deepEqual(problems, []);
  await page.close();
});

/** The widget's language and a few of its words. */
const widgetChrome = (widget) => widget.evaluate((w) => {
  const root = w.shadowRoot;
  return {
    lang: root.querySelector('.widget').lang,
    run: root.querySelector('.run').textContent,
    title: root.querySelector('.title').textContent,
    summary: root.querySelector('details.code > summary').textContent,
  };
});

test('a widget follows its lang attribute, else the page\'s lang, and changes language in place', async () => {
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.goto(`${SITE_URL}course.html`);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await widgetsReady(page);
  // Two more: one with lang="th" on this English page, one without lang under <html lang="th">.
  await page.evaluate(() => {
    const thai = document.createElement('concurrency-playground');
    thai.id = 'thai';
    thai.setAttribute('example', 'pipeline');
    thai.setAttribute('lang', 'th');
    document.body.append(thai);
  });
  await widgetsReady(page);
  const thai = page.locator('#thai');
  const expectedTh = { lang: 'th', run: TH.t('common.run'), title: shown(exampleText(TH, 'pipeline').title), summary: TH.t('widget.codeSummary') };
  assert.deepEqual(await widgetChrome(thai), expectedTh);
  assert.match((await widgetChrome(thai)).title, THAI);
  // The page's own widgets stay English.
  assert.equal((await widgetChrome(page.locator('concurrency-playground[example="game-server"]'))).run, EN.t('common.run'));
  // Its code loads when opened (it is not part of the first load), in its language too.
  await thai.locator('details.code > summary').click();
  await thai.locator('.sources figure.source-file .hljs-keyword').first().waitFor({ timeout: 10_000 });
  assert.equal(await thai.locator('.sources .source-harness-note').textContent(), TH.t('common.harness'));
  await thai.screenshot({ path: join(ARTIFACTS, 'language-widget-th.png') });

  // Its lang changed: the same widget in English, then back.
  await thai.evaluate((w) => w.setAttribute('lang', 'en'));
  await page.waitForFunction(() => document.getElementById('thai').shadowRoot.querySelector('.widget').lang === 'en');
  assert.deepEqual(await widgetChrome(thai), {
    lang: 'en', run: EN.t('common.run'), title: shown(exampleText(EN, 'pipeline').title), summary: EN.t('widget.codeSummary'),
  });

  await page.evaluate(() => {
    document.documentElement.lang = 'th';
    const inherits = document.createElement('concurrency-playground');
    inherits.id = 'inherits';
    inherits.setAttribute('example', 'pipeline');
    document.body.append(inherits);
  });
  await widgetsReady(page);
  assert.deepEqual(await widgetChrome(page.locator('#inherits')), expectedTh);
  assert.deepEqual(problems, []);
  await page.close();
});

test('without its catalog the page shows the browser\'s message, and lets go of the runtime it started meanwhile', async () => {
  const { page } = await watchedPage(context);
  await page.route('**/i18n/en.json', (route) => route.abort());
  const live = new Set();
  let seen = 0;
  page.on('worker', (worker) => {
    seen += 1;
    live.add(worker);
    worker.on('close', () => live.delete(worker));
  });
  await page.goto(SITE_URL);
  // The runtime starts beside the catalog, as it needs no words; without them the page can
  // word nothing it would run, so once the runtime is up it is closed again.
  await page.waitForFunction(() => /fetch/i.test(document.getElementById('status').textContent));
  const started = Date.now();
  while (live.size > 0 && Date.now() - started < 20_000) await new Promise((resolve) => setTimeout(resolve, 50));
  assert.ok(seen > 0, 'the runtime worker was started');
  assert.deepEqual([...live].map((worker) => worker.url()), [], 'no worker is left running');
  assert.notEqual(await page.evaluate(() => document.body.dataset.ready), 'true');
  await page.close();
});
