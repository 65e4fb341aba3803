// Thai typography (issue 13), on the Thai course page and on the playground page in Thai: every
// element with Thai text has a line height of at least 1.6 times its font size (Thai stacks
// vowels and tone marks above and below its letters), none is cut off by a box that clips, and
// its Thai letters are drawn by a font that has Thai glyphs (fontconfig says which) and that the
// element's own font stack names, not by the browser's last-resort fallback. The fonts used come
// from the DevTools protocol (CSS.getPlatformFontsForNode). At 320 px nothing in Thai needs
// scrolling sideways (Thai words are longer than English ones), and no <select> cuts off a Thai
// choice. The last tests break each rule on
// purpose and check that the checks see it, so a check that passes by seeing nothing fails.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { chromium } from 'playwright-core';
import { ARGS, SITE_URL, launch, openAllDetails, runEveryWidget, screenshot, watchedPage, widgetsReady } from './browser.mjs';

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
        // Rendered only: a closed <details>' content has boxes but is never painted (Chromium
        // hides it with content-visibility), so no font draws it.
        if (!THAI.test(own) || !element.checkVisibility({ visibilityProperty: true })) continue;
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

/**
 * Choices in Thai that a <select> cuts off: a select shows its choice on one line, in its width
 * less its padding and its arrow (about 20 px in Chromium), and clips the rest. Every choice is
 * measured, not only the one shown: a reader may pick any.
 */
async function cutChoices(page) {
  return page.evaluate(() => {
    const ARROW = 20;
    const context = document.createElement('canvas').getContext('2d');
    const out = [];
    const walk = (root) => {
      for (const select of root.querySelectorAll('*')) {
        if (select.shadowRoot) walk(select.shadowRoot);
        if (select.tagName !== 'SELECT' || select.getClientRects().length === 0) continue;
        const style = getComputedStyle(select);
        context.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
        const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - ARROW;
        for (const option of select.options) {
          const width = context.measureText(option.text).width;
          if (/[\u0E00-\u0E7F]/.test(option.text) && width > room) {
            out.push(`select#${select.id} "${option.text}": ${Math.round(width)} px in ${Math.round(room)} px`);
          }
        }
      }
    };
    walk(document);
    return out;
  });
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
 * What is wrong with the Thai text on `page`: `{ count, lineHeight, clipped, font, unnamed, cut }`,
 * each a list of problems (count: how many elements with Thai text there were).
 */
async function thaiProblems(page, families = thaiFamilies()) {
  const elements = (await thaiElements(page));
  const fonts = await platformFonts(page, elements.length);
  const problems = { count: elements.length, lineHeight: [], clipped: [], font: [], unnamed: [], cut: await cutChoices(page) };
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
  for (const kind of ['lineHeight', 'clipped', 'font', 'unnamed', 'cut']) assert.deepEqual(problems[kind], [], `${where}: ${kind}`);
}

/** The Thai course page with its widgets run and every <details> open, at `width`. */
async function openCourse(width, colorScheme = 'light') {
  const { page, problems } = await watchedPage(context);
  await page.setViewportSize({ width, height: 900 });
  await page.emulateMedia({ colorScheme });
  await page.goto(`${SITE_URL}course-th.html`);
  await widgetsReady(page);
  await runEveryWidget(page);
  // What an opened section fetches (the wrong-way cases) is shown before the text is measured.
  await openAllDetails(page);
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

// Runs that finish at once (as in a11y.test.mjs), so every result view is there to be read.
const SMALL = {
  'web-server': { connections: 2000 }, 'game-server': { players: 8, actions: 200 },
  'pipeline': { items: 20000, work: 5 }, 'message-queue': { messages: 500 },
  'sensors': { durationMs: 100 },
};

/** How far `page` scrolls sideways, and what sticks out, outside what may scroll inside itself. */
async function sideways(page) {
  return page.evaluate(() => {
    const wide = [];
    const walk = (root) => {
      for (const el of root.querySelectorAll('*')) {
        if (el.shadowRoot) walk(el.shadowRoot);
        if (el.closest('pre, canvas.timeline, .timeline-figure, table.data')) continue;
        const box = el.getBoundingClientRect();
        if (box.width > 0 && box.right > document.documentElement.clientWidth + 1) wide.push(`${el.tagName.toLowerCase()}.${el.className}`);
      }
    };
    walk(document.body);
    return { scroll: document.documentElement.scrollWidth - document.documentElement.clientWidth, wide: wide.slice(0, 5) };
  });
}

test('the playground page in Thai (index.html?lang=th), every example run', async (t) => {
  for (const [id, params] of Object.entries(SMALL)) {
    const { page, problems } = await watchedPage(context);
    await page.setViewportSize({ width: 390, height: 900 });
    await page.goto(`${SITE_URL}index.html?lang=th#${new URLSearchParams({ example: id, ...params })}`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
    // index.html, not the folder: a server that sends the folder to index.html may drop the query.
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'th', '?lang=th shows the page in Thai');
    await page.click('#run');
    await page.waitForFunction(() => document.body.dataset.busy === 'false', null, { timeout: 60_000 });
    await openAllDetails(page);
    for (const width of id === 'game-server' ? [390, 1280] : [390]) {
      await page.setViewportSize({ width, height: 900 });
      const found = await thaiProblems(page);
      t.diagnostic(`${id} at ${width} px: ${found.count} elements with Thai text`);
      assertGood(`the page in Thai, ${id}, at ${width} px`, found, 10);
      if (id !== 'game-server') continue;
      for (const colorScheme of ['light', 'dark']) {
        await page.emulateMedia({ colorScheme });
        await screenshot(page, `index-th-${width}-${colorScheme}`);
      }
    }
    assert.deepEqual(problems, [], id);
    await page.close();
  }
});

test('at 320 px the Thai pages need no sideways scrolling but the code, the timeline and tables', async () => {
  const pages = ['course-th.html', ...Object.entries(SMALL).map(([id, params]) => `index.html?lang=th#${new URLSearchParams({ example: id, ...params })}`)];
  for (const path of pages) {
    const { page, problems } = await watchedPage(context);
    await page.setViewportSize({ width: 320, height: 900 });
    await page.goto(`${SITE_URL}${path}`);
    if (path.startsWith('course')) {
      await widgetsReady(page);
    } else {
      await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
      await page.click('#run');
      await page.waitForFunction(() => document.body.dataset.busy === 'false', null, { timeout: 60_000 });
    }
    await openAllDetails(page);
    assert.deepEqual(await sideways(page), { scroll: 0, wide: [] }, path);
    assert.deepEqual(problems, [], path);
    await page.close();
  }
});

/** Adds a constructed stylesheet to the page (the CSP allows these, not <style> elements). */
async function breakStyles(page, css) {
  await page.evaluate((css) => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  }, css);
}

test('the checks see each fault: tight lines, a box that clips, a stack without a Thai font, a line too wide, a choice cut off', async () => {
  const { page } = await watchedPage(context);
  await page.goto(`${SITE_URL}course-th.html`);
  // Measured once the widgets have their titles: a title that changes between reading its text
  // and asking which fonts drew it would count the glyphs of another text.
  await widgetsReady(page);
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
  await page.reload();

  await page.setViewportSize({ width: 320, height: 900 });
  assert.deepEqual(await sideways(page), { scroll: 0, wide: [] });
  await breakStyles(page, 'h1 { white-space: nowrap; }');
  assert.ok((await sideways(page)).scroll > 0, 'a heading wider than the page goes unseen');

  await page.setViewportSize({ width: 1280, height: 900 });
  await page.reload();
  await widgetsReady(page);
  assert.deepEqual(await cutChoices(page), []);
  await page.evaluate(() => document.querySelectorAll('concurrency-playground')
    .forEach((w) => w.shadowRoot.querySelectorAll('select').forEach((select) => { select.style.width = '8rem'; })));
  assert.ok((await cutChoices(page)).length > 0, 'a choice cut off in a narrow select goes unseen');
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
