// Thai typography (issue 13), on the Thai course page and on the playground page in Thai: every
// element with Thai text has a line height of at least 1.6 times its font size (Thai stacks
// vowels and tone marks above and below its letters), none is cut off by a box that clips, and
// its Thai letters are drawn by a font that has Thai glyphs (fontconfig says which) and that the
// element's own font stack names, not by the browser's last-resort fallback. The fonts used come
// from the DevTools protocol (CSS.getPlatformFontsForNode). The last tests break each rule on
// purpose and check that the checks see it, so a check that passes by seeing nothing fails.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { chromium } from 'playwright-core';
import { ARGS, SITE_URL, launch, screenshot, watchedPage, widgetsReady } from './browser.mjs';

const MIN_LINE_HEIGHT = 1.6;
/** Family names of the installed fonts with Thai glyphs (build.sh setup installs one). */
const thaiFamilies = (env = process.env) => new Set(execFileSync('fc-list', [':lang=th', 'family'], { encoding: 'utf8', env })
  .split('\n').flatMap((line) => line.split(',')).map((name) => name.trim().toLowerCase()).filter(Boolean));

let context;
before(async () => { context = await launch(); });
after(async () => { await context?.close(); });

/**
 * Marks every rendered element that has Thai text of its own (a text node child), in the page and
 * in open shadow roots, as `window.thaiElements`, and returns for each what the checks need.
 */
async function thaiElements(page) {
  return page.evaluate((minLineHeight) => {
    const THAI = /[\u0E00-\u0E7F]/;
    const found = [];
    const walk = (root) => {
      for (const element of root.querySelectorAll('*')) {
        if (element.shadowRoot) walk(element.shadowRoot);
        const own = [...element.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.data).join('');
        if (!THAI.test(own) || element.getClientRects().length === 0) continue;
        found.push(element);
      }
    };
    walk(document);
    window.thaiElements = found;
    const parentOf = (node) => node.parentElement ?? node.getRootNode().host ?? null;
    const name = (element) => `${element.tagName.toLowerCase()}${element.className && typeof element.className === 'string' ? `.${element.className.trim().split(/\s+/).join('.')}` : ''}`;
    return found.map((element) => {
      const style = getComputedStyle(element);
      const fontSize = parseFloat(style.fontSize);
      const lineHeight = style.lineHeight === 'normal' ? null : parseFloat(style.lineHeight);
      const text = [...element.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.data).join('');
      // Text meant only for screen readers is clipped on purpose.
      let hiddenOnPurpose = false;
      const clippedBy = [];
      const range = document.createRange();
      range.selectNodeContents(element);
      const textBox = range.getBoundingClientRect();
      for (let box = element; box; box = parentOf(box)) {
        if (box.classList?.contains('visually-hidden')) hiddenOnPurpose = true;
        const s = getComputedStyle(box);
        const clips = [s.overflowX, s.overflowY].some((o) => o === 'hidden' || o === 'clip');
        if (!clips) continue;
        const over = box.scrollHeight > box.clientHeight + 1 || box.scrollWidth > box.clientWidth + 1;
        // The text's own box must lie inside the clipping box's inner (client) area.
        const outer = box.getBoundingClientRect();
        const top = outer.top + box.clientTop, left = outer.left + box.clientLeft;
        const outside = textBox.top < top - 1 || textBox.left < left - 1 ||
          textBox.bottom > top + box.clientHeight + 1 || textBox.right > left + box.clientWidth + 1;
        if (over || outside) clippedBy.push(`${name(box)} (scroll ${box.scrollWidth}x${box.scrollHeight} > client ${box.clientWidth}x${box.clientHeight})`);
      }
      return {
        name: name(element), text: text.trim().slice(0, 40), fontSize, lineHeight,
        lineHeightOk: lineHeight !== null && lineHeight >= minLineHeight * fontSize - 0.01,
        fontFamily: style.fontFamily, thaiLetters: (text.match(/[\u0E01-\u0E2E]/g) ?? []).length,
        hiddenOnPurpose, clippedBy,
      };
    });
  }, MIN_LINE_HEIGHT);
}

/** The fonts that drew each of `window.thaiElements`' text, from the DevTools protocol. */
async function platformFonts(page, count) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
  const fonts = [];
  for (let i = 0; i < count; i++) {
    const { result } = await cdp.send('Runtime.evaluate', { expression: `window.thaiElements[${i}]` });
    const { nodeId } = await cdp.send('DOM.requestNode', { objectId: result.objectId });
    const { fonts: used } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    // An element that a view replaced since (a loading line, say) has no fonts left to ask about.
    const { result: connected } = await cdp.send('Runtime.evaluate', { expression: `window.thaiElements[${i}].isConnected`, returnByValue: true });
    fonts.push(connected.value ? used : null);
  }
  await cdp.detach();
  return fonts;
}

const unquote = (family) => family.trim().replace(/^["']|["']$/g, '').toLowerCase();

/**
 * What is wrong with the Thai text on `page`: `{ count, lineHeight, clipped, font, unnamed }`, each a
 * list of problems (count: how many elements with Thai text there were).
 */
async function thaiProblems(page, families = thaiFamilies()) {
  const elements = (await thaiElements(page));
  const fonts = await platformFonts(page, elements.length);
  const problems = { count: elements.length, lineHeight: [], clipped: [], font: [], unnamed: [] };
  elements.forEach((e, i) => {
    if (fonts[i] === null) return;
    const where = `${e.name} "${e.text}"`;
    // Text for screen readers only is one clipped pixel on purpose: nothing to measure.
    if (e.hiddenOnPurpose) return;
    if (!e.lineHeightOk) problems.lineHeight.push(`${where}: line height ${e.lineHeight ?? 'normal'} at font size ${e.fontSize}`);
    if (e.clippedBy.length > 0) problems.clipped.push(`${where}: clipped by ${e.clippedBy.join(', ')}`);
    const thaiFonts = fonts[i].filter((f) => families.has(f.familyName.toLowerCase()));
    const glyphs = thaiFonts.reduce((sum, f) => sum + f.glyphCount, 0);
    // Every Thai letter is at least one glyph of a Thai font (vowels and marks may add more).
    if (glyphs < e.thaiLetters) {
      problems.font.push(`${where}: ${e.thaiLetters} Thai letters but ${glyphs} glyphs from Thai fonts (${fonts[i].map((f) => `${f.familyName} ${f.glyphCount}`).join(', ')})`);
    }
    const stack = e.fontFamily.split(',').map(unquote);
    if (thaiFonts.length > 0 && !thaiFonts.some((f) => stack.includes(f.familyName.toLowerCase()))) {
      problems.unnamed.push(`${where}: Thai drawn with ${thaiFonts.map((f) => f.familyName).join(', ')}, which its font stack (${e.fontFamily}) does not name`);
    }
  });
  return problems;
}

function assertGood(where, problems, minimum) {
  assert.ok(problems.count >= minimum, `${where}: only ${problems.count} elements with Thai text`);
  for (const kind of ['lineHeight', 'clipped', 'font', 'unnamed']) assert.deepEqual(problems[kind], [], `${where}: ${kind}`);
}

/** The Thai course page with its widgets run and every <details> open, at `width`. */
async function openCourse(width, colorScheme = 'light') {
  const { page, problems } = await watchedPage(context);
  await page.setViewportSize({ width, height: 900 });
  await page.emulateMedia({ colorScheme });
  await page.goto(`${SITE_URL}course-th.html`);
  await widgetsReady(page);
  const widgets = page.locator('concurrency-playground');
  for (let i = 0; i < await widgets.count(); i++) {
    await widgets.nth(i).locator('button.run').click();
    await page.waitForFunction((i) => {
      const root = document.querySelectorAll('concurrency-playground')[i].shadowRoot;
      return root.querySelector('.widget').dataset.state === 'ready' && root.querySelector('.headline');
    }, i, { timeout: 120_000 });
  }
  await page.evaluate(() => {
    const open = (root) => root.querySelectorAll('details').forEach((d) => { d.open = true; });
    open(document);
    document.querySelectorAll('concurrency-playground').forEach((w) => open(w.shadowRoot));
  });
  // What an opened section fetches (the wrong-way cases) is shown before the text is measured.
  await page.waitForFunction(() => [...document.querySelectorAll('concurrency-playground')].every((w) =>
    !w.shadowRoot.querySelector('details.wrong-way') || w.shadowRoot.querySelector('.wrong-way-case')), null, { timeout: 30_000 });
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  return { page, problems };
}

test('course-th.html: Thai lines are tall enough, nothing clips them, and Thai fonts draw them (390 and 1280 px)', async (t) => {
  for (const width of [390, 1280]) {
    const { page, problems } = await openCourse(width);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'th');
    const found = await thaiProblems(page);
    t.diagnostic(`${width} px: ${found.count} elements with Thai text`);
    assertGood(`course-th.html at ${width} px`, found, 10);
    for (const colorScheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme });
      await screenshot(page, `course-th-${width}-${colorScheme}`);
    }
    assert.deepEqual(problems, []);
    await page.close();
  }
});

test('the playground page in Thai (?lang=th)', async (t) => {
  const { page, problems } = await watchedPage(context);
  await page.goto(`${SITE_URL}?lang=th#example=game-server&players=8&actions=200`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  if (await page.evaluate(() => document.documentElement.lang) !== 'th') {
    // The page's language switch (issue 13) sets <html lang>; until it does, course-th.html's
    // widgets are what shows the views in Thai.
    t.skip('?lang=th does not set <html lang="th"> yet');
    await page.close();
    return;
  }
  await page.click('#run');
  await page.waitForFunction(() => document.body.dataset.busy === 'false', null, { timeout: 60_000 });
  await page.$$eval('details', (all) => all.forEach((d) => { d.open = true; }));
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    const found = await thaiProblems(page);
    t.diagnostic(`${width} px: ${found.count} elements with Thai text`);
    assertGood(`the page in Thai at ${width} px`, found, 10);
    await screenshot(page, `index-th-${width}`);
  }
  assert.deepEqual(problems, []);
  await page.close();
});

/** Adds a constructed stylesheet to the page (the CSP allows these, not <style> elements). */
async function breakStyles(page, css) {
  await page.evaluate((css) => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  }, css);
}

test('the checks see each fault: tight lines, a box that clips, a stack without a Thai font', async () => {
  const { page } = await watchedPage(context);
  await page.goto(`${SITE_URL}course-th.html`);
  assertGood('course-th.html as built', await thaiProblems(page), 10);

  await breakStyles(page, ':lang(th) { line-height: 1 !important; }');
  const tight = await thaiProblems(page);
  assert.ok(tight.lineHeight.length >= 10, `line-height 1 goes unseen: ${tight.lineHeight.length} found`);
  await page.reload();

  await breakStyles(page, 'h1 { height: 1em; overflow: hidden; } .chapter > p:not(.lang-switch, .kicker) { max-width: 8em; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }');
  const clipped = await thaiProblems(page);
  assert.ok(clipped.clipped.some((p) => p.startsWith('h1')), `a clipped heading goes unseen: ${clipped.clipped}`);
  assert.ok(clipped.clipped.filter((p) => p.startsWith('p')).length >= 5, `clipped paragraphs go unseen: ${clipped.clipped}`);
  await page.reload();

  // Chromium still finds a Thai font through fontconfig, but not one the page asked for.
  await breakStyles(page, 'body, body * { font-family: serif !important; }');
  const unnamed = await thaiProblems(page);
  assert.ok(unnamed.unnamed.length >= 10, `Thai from an unnamed fallback font goes unseen: ${unnamed.unnamed.length} found`);
  await page.close();
});

test('the font check fails on a machine without a Thai font', async () => {
  // A fontconfig that knows one Latin font only: what a fresh machine without fonts-noto-core has.
  const thai = thaiFamilies();
  const latin = execFileSync('fc-list', [':lang=en', 'file', 'family'], { encoding: 'utf8' }).split('\n')
    .map((line) => line.split(':')).find(([file, family]) => file && family && !thai.has(family.split(',')[0].trim().toLowerCase()))?.[0];
  assert.ok(latin, 'no Latin font to run this check with');
  const dir = mkdtempSync(join(tmpdir(), 'no-thai-fonts-'));
  symlinkSync(latin, join(dir, basename(latin)));
  writeFileSync(join(dir, 'fonts.conf'), `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig><dir>${dir}</dir><cachedir>${dir}/cache</cachedir></fontconfig>\n`);
  const env = { ...process.env, FONTCONFIG_FILE: join(dir, 'fonts.conf') };
  assert.equal(thaiFamilies(env).size, 0, 'the test fontconfig still has a Thai font');
  const bare = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'playground-chromium-')), {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, args: ARGS, env,
  });
  try {
    const page = await bare.newPage();
    await page.goto(`${SITE_URL}course-th.html`);
    const problems = await thaiProblems(page);
    assert.ok(problems.font.length >= 10, `Thai drawn without a Thai font goes unseen: ${problems.font.length} found`);
  } finally {
    await bare.close();
  }
});
