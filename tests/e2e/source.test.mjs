// The code view (app/source.js, code.css): every example shows its chapter file first and
// highlighted, its harness files open from the keyboard, the token colours are readable in both
// schemes, and it works in a shadow root as it does in the page. Screenshots of the panel, light
// and dark, and of the page at 320 px, go to tests/artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ARTIFACTS, launch, openPage, screenshot } from './browser.mjs';

let context;
before(async () => { context = await launch(); });
after(async () => { await context?.close(); });

/** WCAG contrast ratio of two computed colours, `rgb(r, g, b)`. */
function contrast(a, b) {
  const luminance = (rgb) => {
    const [r, g, b] = rgb.match(/[\d.]+/g).slice(0, 3).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** The files in a code view, in order: which kind of block, path, and what a reader can do. */
function describeFiles(container) {
  return [...container.querySelectorAll(':scope > .source-file')].map((file) => {
    const pre = file.querySelector('pre');
    return {
      kind: file.localName,
      path: file.querySelector('.source-name').textContent,
      open: file.localName === 'figure' || file.open,
      keywords: file.querySelectorAll('.hljs-keyword').length,
      focusable: pre.tabIndex === 0 && pre.getAttribute('aria-label') === file.querySelector('.source-name').textContent,
    };
  });
}

test('every example shows its chapter file first, highlighted, and its harness files open', async () => {
  const { page, problems } = await openPage(context);
  const ids = await page.$$eval('#example-tabs [data-id]', (tabs) => tabs.map((tab) => tab.dataset.id));
  assert.ok(ids.length >= 5, `the examples' tabs: ${ids}`);
  for (const id of ids) {
    await page.click(`#example-tabs [data-id="${id}"]`);
    const files = await page.$eval('#source', describeFiles);
    assert.ok(files.length >= 1, `${id}: a file is shown`);
    const firstHarness = files.findIndex((file) => file.kind === 'details');
    const chapter = firstHarness === -1 ? files : files.slice(0, firstHarness);
    assert.ok(chapter.length >= 1, `${id}: the chapter's code comes first`);
    assert.ok(files.slice(chapter.length).every((file) => file.kind === 'details'), `${id}: chapter files, then harness files`);
    for (const file of chapter) {
      assert.match(file.path, /^crate\/src\/examples\/.+\.rs$/);
      assert.ok(file.keywords > 0, `${id}: ${file.path} is highlighted`);
      assert.ok(file.focusable, `${id}: ${file.path} can be scrolled from the keyboard`);
    }
    for (let i = chapter.length; i < files.length; i++) {
      assert.equal(files[i].open, false, `${id}: ${files[i].path} starts closed`);
      await page.locator('#source > details.source-file').nth(i - chapter.length).locator('summary').focus();
      await page.keyboard.press('Enter');
      // Highlighted on the toggle event, which the browser fires a task after the opening.
      await page.waitForFunction((n) => document.querySelectorAll('#source > details.source-file')[n]
        ?.querySelector('.hljs-keyword'), i - chapter.length, { timeout: 5000 }).catch(() => {});
      const opened = (await page.$eval('#source', describeFiles))[i];
      assert.ok(opened.open && opened.keywords > 0, `${id}: ${opened.path} opens, highlighted`);
    }
  }
  assert.deepEqual(problems, [], 'no CSP violation or error');
  await page.close();
});

test('token colours have AA contrast against the code background, light and dark', async () => {
  const { page, problems } = await openPage(context, '#example=game-server');
  for (const colorScheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme });
    const colours = await page.$eval('#source pre', (pre) => {
      const seen = {};
      for (const span of pre.querySelectorAll('[class^="hljs-"]')) seen[span.className] ??= getComputedStyle(span).color;
      return { background: getComputedStyle(pre).backgroundColor, text: getComputedStyle(pre).color, seen };
    });
    assert.ok(Object.keys(colours.seen).length >= 6, `several kinds of token: ${Object.keys(colours.seen)}`);
    for (const [kind, colour] of Object.entries({ text: colours.text, ...colours.seen })) {
      const ratio = contrast(colour, colours.background);
      assert.ok(ratio >= 4.5, `${colorScheme}: ${kind} ${colour} on ${colours.background} is ${ratio.toFixed(2)}:1`);
    }
    assert.notEqual(colours.seen['hljs-keyword'], colours.text, `${colorScheme}: keywords are coloured`);
    await page.locator('.source-panel').screenshot({ path: join(ARTIFACTS, `source-panel-${colorScheme}.png`) });
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 320, height: 800 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `no sideways scrolling of the page at 320 px (${overflow} px)`);
  await screenshot(page, 'source-320-light');
  assert.deepEqual(problems, []);
  await page.close();
});

test('in a shadow root, the chapter comes first and a harness file opens from the keyboard', async () => {
  const { page, problems } = await openPage(context);
  // What the widget does: its own shadow root, with the stylesheets adopted.
  await page.evaluate(async () => {
    const { renderSources } = await import('./app/source.js');
    const { loadWords } = await import('./app/i18n.js');
    const host = document.body.appendChild(document.createElement('div'));
    host.id = 'shadow-host';
    const root = host.attachShadow({ mode: 'open' });
    root.adoptedStyleSheets = await Promise.all(['theme.css', 'views.css', 'code.css'].map(async (path) => {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(await (await fetch(path)).text());
      return sheet;
    }));
    const container = root.appendChild(document.createElement('div'));
    renderSources(container, [
      { path: 'crate/src/examples/demo/mod.rs', role: 'harness', code: 'pub fn register() -> u32 { 1 }\n' },
      { path: 'crate/src/examples/demo/chapter.rs', role: 'chapter', code: 'use std::sync::{Arc, Mutex};\nfn main() { let m = Arc::new(Mutex::new(0)); }\n' },
    ], await loadWords('en'));
  });
  // Locators see into open shadow roots.
  const files = () => page.locator('#shadow-host .source-files').evaluate(describeFiles);
  const before = await files();
  assert.deepEqual(before.map((file) => [file.kind, file.path, file.open]), [
    ['figure', 'crate/src/examples/demo/chapter.rs', true],
    ['details', 'crate/src/examples/demo/mod.rs', false],
  ]);
  assert.ok(before[0].keywords > 0 && before[0].focusable);
  await page.locator('#shadow-host summary').focus();
  await page.keyboard.press('Enter');
  // Highlighted on the toggle event, which the browser fires a task after the opening.
  await page.locator('#shadow-host details .hljs-keyword').first().waitFor({ timeout: 5000 }).catch(() => {});
  const after = await files();
  assert.ok(after[1].open && after[1].keywords > 0 && after[1].focusable, 'the harness file opens, highlighted');
  const [keyword, text] = await page.locator('#shadow-host .hljs-keyword').first()
    .evaluate((span) => [getComputedStyle(span).color, getComputedStyle(span.closest('.hljs')).color]);
  assert.notEqual(keyword, text, 'code.css colours tokens inside the shadow root');
  await page.locator('#shadow-host').screenshot({ path: join(ARTIFACTS, 'source-shadow-root.png') });
  assert.deepEqual(problems, []);
  await page.close();
});
