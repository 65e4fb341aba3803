// Accessibility audits with axe-core (npm), the engine behind most accessibility checkers, run
// in the served pages with their CSP on (axe is evaluated through the DevTools protocol, which
// the CSP does not govern) and reaching into the widgets' open shadow roots. A violation of
// impact serious or critical fails; moderate and minor ones are listed in the output.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { launch, openAllDetails, openPage, runEveryWidget, runFromUi, screenshot, needsSite, widgetsReady } from './browser.mjs';

const SITE_URL = process.env.SITE_URL ?? 'http://127.0.0.1:8080/';
const PLAIN_SITE_URL = process.env.PLAIN_SITE_URL;
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const EXAMPLES = ['web-server', 'game-server', 'pipeline', 'message-queue', 'sensors'];
// Runs that finish at once, so the audit sees every result view.
const SMALL = {
  'web-server': { connections: 2000 }, 'game-server': { players: 8, actions: 200 },
  'pipeline': { items: 20000, work: 5 }, 'message-queue': { messages: 500 },
  'sensors': { durationMs: 100 },
};

let context;
before(async () => { context = await launch(); });
after(async () => { await context?.close(); });

/** axe's violations in `page`, `[{ id, impact, nodes: [target…] }]`. */
async function audit(page) {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const { violations } = await window.axe.run(document, { resultTypes: ['violations'] });
    return violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
}

/** Fails on serious or critical violations; says what else axe found. */
function judge(where, violations) {
  for (const v of violations) console.log(`# ${where}: ${v.impact} ${v.id} (${v.help}) at ${v.nodes.slice(0, 3).join(', ')}`);
  const grave = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(grave, [], `${where}: serious or critical violations`);
}

for (const colorScheme of ['light', 'dark']) {
  test(`the playground page after a run of each example, ${colorScheme}`, async () => {
    await context.pages()[0]?.emulateMedia({ colorScheme });
    for (const id of EXAMPLES) {
      const hash = new URLSearchParams({ example: id, ...SMALL[id] }).toString();
      const { page, problems } = await openPage(context, `#${hash}`);
      await page.emulateMedia({ colorScheme });
      await runFromUi(page);
      assert.ok(await page.isHidden('#error'), await page.textContent('#error'));
      // Open everything a reader can open, so that it is audited too, once it has loaded.
      await openAllDetails(page);
      judge(`page ${id} ${colorScheme}`, await audit(page));
      assert.deepEqual(problems, []);
      await page.close();
    }
  });
}

// The English course page and the Thai one (course-th.html, <html lang="th">).
for (const course of ['course.html', 'course-th.html']) test(`the sample course page ${course} with its widgets run, light and dark`, async () => {
  for (const colorScheme of ['light', 'dark']) {
    const page = await context.newPage();
    await page.emulateMedia({ colorScheme });
    await page.goto(`${SITE_URL}${course}`);
    await widgetsReady(page);
    await runEveryWidget(page);
    await openAllDetails(page);
    judge(`${course} ${colorScheme}`, await audit(page));
    await page.close();
  }
});

test('the single-threaded fallback page', needsSite('PLAIN_SITE_URL'), async () => {
  const { page } = await openPage(context, '#example=pipeline&items=20000&work=5', PLAIN_SITE_URL);
  await runFromUi(page);
  judge('fallback page', await audit(page));
  await page.close();
});

test('at 320 px and at 200 % text nothing needs scrolling sideways but the code and the timeline', async () => {
  for (const [width, textSize] of [[320, '100%'], [1280, '200%'], [640, '200%']]) {
    const { page, problems } = await openPage(context, '#example=game-server&players=8&actions=200');
    await page.setViewportSize({ width, height: 900 });
    // Text size, as a reader's browser setting would scale it (the styles are in rem and em).
    await page.evaluate((size) => { document.documentElement.style.fontSize = size; }, textSize);
    await runFromUi(page);
    await page.$$eval('details', (all) => all.forEach((d) => { d.open = true; }));
    const overflow = await page.evaluate(() => {
      const wide = [];
      // Elements wider than the viewport, outside the ones meant to scroll inside themselves.
      for (const el of document.querySelectorAll('body *')) {
        if (el.closest('pre, canvas.timeline, .timeline-figure, table.data')) continue;
        const box = el.getBoundingClientRect();
        if (box.width > 0 && box.right > document.documentElement.clientWidth + 1) wide.push(`${el.tagName.toLowerCase()}.${el.className}`);
      }
      return { scroll: document.documentElement.scrollWidth - document.documentElement.clientWidth, wide: wide.slice(0, 5) };
    });
    await screenshot(page, `reflow-${width}-${textSize.replace('%', 'pct')}`);
    assert.deepEqual(overflow, { scroll: 0, wide: [] }, `${width} px, text ${textSize}`);
    assert.deepEqual(problems, []);
    await page.close();
  }
});
