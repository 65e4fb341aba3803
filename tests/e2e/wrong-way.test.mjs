// "Try it the wrong way" (app/wrong-way.js, wrong-way.css, dist/wrong-way.json): the page and the
// widget show each example's broken programs as a diff against the fix, rustc's message with its
// colours as classes, the error code and the rule; the cases load only when the section opens;
// nothing breaks the CSP; nothing widens the page at 320 px. Screenshots, light and dark, at
// 1280 and 320 px (page) and 390 px (widget), go to tests/artifacts/wrong-way-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ARTIFACTS, SITE_URL, launch, openPage, watchedPage } from './browser.mjs';

const EXAMPLES = ['web-server', 'game-server', 'pipeline', 'message-queue', 'sensors'];

let context;
before(async () => { context = await launch(); });
after(async () => { await context?.close(); });

/** What a "Try it the wrong way" section shows, read inside `root` (a container or a shadow root). */
function describeSection(root) {
  const colour = (node) => node && getComputedStyle(node).color;
  return {
    open: root.querySelector('details.wrong-way')?.open ?? false,
    styleAttributes: root.querySelectorAll('.wrong-way [style]').length,
    cases: [...root.querySelectorAll('.wrong-way-case')].map((article) => {
      const rustc = article.querySelector('.wrong-way-rustc');
      const diff = article.querySelector('.wrong-way-diff');
      return {
        id: article.dataset.case,
        title: article.querySelector('h3').textContent,
        code: article.querySelector('.wrong-way-code').textContent,
        rule: article.querySelector('.wrong-way-rule strong').textContent,
        why: article.querySelector('.wrong-way-why').textContent,
        fix: article.querySelector('.wrong-way-fix').textContent,
        rustc: rustc.textContent,
        red: rustc.querySelectorAll('.ansi-red').length,
        redColour: colour(rustc.querySelector('.ansi-red')),
        textColour: colour(rustc.querySelector('code')),
        removed: [...diff.querySelectorAll('del.diff-line')].map((line) => line.textContent),
        added: [...diff.querySelectorAll('ins.diff-line')].map((line) => line.textContent),
        highlighted: diff.querySelectorAll('.hljs-keyword').length,
        focusable: rustc.tabIndex === 0 && diff.tabIndex === 0 && Boolean(rustc.getAttribute('aria-label')),
      };
    }),
  };
}

/** Checks one example's cases as shown. */
function checkCases(id, section) {
  assert.equal(section.styleAttributes, 0, `${id}: no style attributes (CSP style-src 'self')`);
  assert.ok(section.cases.length >= 2, `${id}: at least two cases, got ${section.cases.length}`);
  for (const c of section.cases) {
    assert.ok(c.id.startsWith(`${id}/`), `${c.id} belongs to ${id}`);
    assert.match(c.code, /^error(\[E\d{4}\]| \(no code\))$/);
    assert.ok(['Send', 'Sync', 'borrowing', 'ownership'].includes(c.rule), `${c.id}: rule ${c.rule}`);
    // rustc's own text: the code it declares, the file it compiled, the colours as classes.
    const head = c.code === 'error (no code)' ? 'error:' : `${c.code}:`;
    assert.ok(c.rustc.startsWith(head), `${c.id}: rustc's message starts with ${head}: ${c.rustc.slice(0, 80)}`);
    assert.match(c.rustc, new RegExp(`--> wrong-way/cases/${c.id}/broken\\.rs:\\d+:\\d+`));
    assert.ok(c.red > 0 && c.redColour !== c.textColour, `${c.id}: rustc's red is a colour of its own`);
    assert.ok(c.removed.length + c.added.length > 0, `${c.id}: the diff marks what the fix changes`);
    assert.ok(c.highlighted > 0, `${c.id}: the diff is highlighted`);
    assert.ok(c.focusable, `${c.id}: both blocks scroll from the keyboard and are named`);
    assert.ok(c.why.length > 40 && c.fix.startsWith('The fix: '));
  }
}

test('the page: each example opens its cases from the keyboard, loaded only then', async () => {
  const { page, problems } = await openPage(context, '#example=game-server');
  const fetched = [];
  page.on('request', (r) => fetched.push(r.url()));
  assert.equal((await page.$eval('#wrong-way', describeSection)).open, false, 'closed at first');
  await page.waitForTimeout(300);
  assert.ok(!fetched.some((url) => url.endsWith('/wrong-way.json')), 'the cases are not fetched before the section opens');

  await page.locator('#wrong-way summary').focus();
  await page.keyboard.press('Enter');
  await page.waitForSelector('#wrong-way .wrong-way-case', { timeout: 10_000 });
  const game = await page.$eval('#wrong-way', describeSection);
  checkCases('game-server', game);
  const rc = game.cases.find((c) => c.id === 'game-server/rc-refcell');
  assert.equal(rc.code, 'error[E0277]');
  assert.equal(rc.rule, 'Send');
  assert.match(rc.rustc, /`Rc<RefCell<GameState>>` cannot be sent between threads safely/);
  assert.ok(rc.removed.some((line) => line.includes('Rc::new(RefCell::new(')), `removed: ${rc.removed}`);
  assert.ok(rc.added.some((line) => line.includes('Arc::new(Mutex::new(')), `added: ${rc.added}`);

  // Switching examples keeps the section open, now with that example's cases.
  for (const id of EXAMPLES) {
    await page.click(`#example-tabs [data-id="${id}"]`);
    await page.waitForFunction((id) => document.querySelector(`#wrong-way .wrong-way-case[data-case^="${id}/"]`), id);
    const section = await page.$eval('#wrong-way', describeSection);
    assert.equal(section.open, true, `${id}: still open`);
    checkCases(id, section);
  }
  assert.equal(fetched.filter((url) => url.endsWith('/wrong-way.json')).length, 1, 'fetched once');

  await page.click('#example-tabs [data-id="web-server"]');
  const web = await page.$eval('#wrong-way', describeSection);
  const guard = web.cases.find((c) => c.id === 'web-server/guard-across-await');
  assert.equal(guard.code, 'error (no code)');
  assert.match(guard.rustc, /^error: future cannot be sent between threads safely/);

  const panel = page.locator('.source-panel');
  for (const colorScheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme });
    await page.locator('#wrong-way').screenshot({ path: join(ARTIFACTS, `wrong-way-1280-${colorScheme}.png`) });
  }
  await page.setViewportSize({ width: 320, height: 800 });
  for (const colorScheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${colorScheme}: no sideways scrolling of the page at 320 px (${overflow} px)`);
    await panel.screenshot({ path: join(ARTIFACTS, `wrong-way-320-${colorScheme}.png`) });
    await page.locator('#wrong-way .wrong-way-case').first()
      .screenshot({ path: join(ARTIFACTS, `wrong-way-320-case-${colorScheme}.png`) });
  }
  assert.deepEqual(problems, [], 'no CSP violation or error');
  await page.close();
});

test('the widget: its own section in the shadow root shows a case with rustc\'s message and the diff', async () => {
  const { page, problems } = await watchedPage(context);
  await page.setViewportSize({ width: 390, height: 900 });
  await page.goto(`${SITE_URL}course.html`);
  const widget = page.locator('concurrency-playground[example="message-queue"]');
  await page.waitForFunction(() => document.querySelector('concurrency-playground[example="message-queue"]')
    ?.shadowRoot?.querySelector('.widget')?.dataset.state === 'ready', null, { timeout: 60_000 });
  const summary = widget.locator('.wrong-way summary');
  await summary.focus();
  await page.keyboard.press('Enter');
  await widget.locator('.wrong-way-case').first().waitFor({ timeout: 10_000 });
  const section = await widget.evaluate((w) => {
    const root = w.shadowRoot;
    const colour = (node) => node && getComputedStyle(node).color;
    return {
      open: root.querySelector('details.wrong-way').open,
      styleAttributes: root.querySelectorAll('.wrong-way [style]').length,
      cases: [...root.querySelectorAll('.wrong-way-case')].map((article) => ({
        id: article.dataset.case,
        code: article.querySelector('.wrong-way-code').textContent,
        rustc: article.querySelector('.wrong-way-rustc').textContent,
        redDiffers: colour(article.querySelector('.wrong-way-rustc .ansi-red')) !== colour(article.querySelector('.wrong-way-rustc code')),
        removed: [...article.querySelectorAll('del.diff-line')].map((line) => line.textContent),
        added: [...article.querySelectorAll('ins.diff-line')].map((line) => line.textContent),
      })),
    };
  });
  assert.equal(section.open, true);
  assert.equal(section.styleAttributes, 0);
  assert.ok(section.cases.length >= 2 && section.cases.every((c) => c.id.startsWith('message-queue/')));
  const rc = section.cases.find((c) => c.id === 'message-queue/rc-through-channel');
  assert.equal(rc.code, 'error[E0277]');
  assert.match(rc.rustc, /^error\[E0277\]: `Rc<String>` cannot be sent between threads safely/);
  assert.ok(rc.redDiffers, 'rustc colours reach into the shadow root');
  assert.ok(rc.removed.some((l) => l.includes('Rc::new')) && rc.added.some((l) => l.includes('Arc::new')));
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `no sideways scrolling of the course page at 390 px (${overflow} px)`);
  for (const colorScheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme });
    await widget.locator('.wrong-way').screenshot({ path: join(ARTIFACTS, `wrong-way-widget-390-${colorScheme}.png`) });
  }
  assert.deepEqual(problems, [], 'no CSP violation or error');
  await page.close();
});
