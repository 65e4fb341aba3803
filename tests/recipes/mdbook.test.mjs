// The README's mdBook recipe, built for real: its files (book.toml, SUMMARY.md, two chapters,
// load-playground.js, playground.css) written out by tools/recipes.mjs, dist/ at src/playground/
// and coi-serviceworker.min.js beside book.toml as the README says, `mdbook build` (MDBOOK, which
// build.sh installs with cargo), then the book served two ways, each chapter's widget run in
// Debian's Chromium:
//   with COOP/COEP and the README's CSP (serve.json): isolated by the headers, on the pool;
//   by a plain static server: isolated by the coi-serviceworker recipe after one reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, watchedPage } from '../e2e/browser.mjs';
import {
  ROOT, assertReport, copyDist, isolatedWithin, needsTool, recipeFolder, run, runWidget, serveConfig, serveFolder,
  widgetStates,
} from './sites.mjs';

const MDBOOK = process.env.MDBOOK;
// Each chapter the recipe writes, and the widget in it.
const CHAPTERS = [['shared-state.html', 'game-server'], ['channels/message-queue.html', 'message-queue']];

let book;
let context;
before(async () => {
  if (!MDBOOK) return;
  const { dir, files } = recipeFolder('mdbook');
  assert.deepEqual(files.sort(), ['book.toml', 'load-playground.js', 'playground.css', 'src/SUMMARY.md',
    'src/channels/message-queue.md', 'src/shared-state.md'].sort());
  copyDist(join(dir, 'src', 'playground'), dir);
  const started = Date.now();
  await run(MDBOOK, ['build', dir]);
  console.log(`# mdbook build: ${Date.now() - started} ms`);
  book = join(dir, 'book');
  context = await launch();
});
after(async () => { await context?.close(); });

test('the mdBook recipe builds a book with the widget in each chapter', needsTool('MDBOOK'), () => {
  for (const [chapter, example] of CHAPTERS) {
    const html = readFileSync(join(book, chapter), 'utf8');
    assert.match(html, new RegExp(`<concurrency-playground example="${example}"`), `${chapter} has the widget`);
  }
  assert.ok(existsSync(join(book, 'playground', 'embed.js')), 'mdBook copied src/playground/ into the book');
});

test('mdBook, served with COOP/COEP and the README\'s CSP: each chapter\'s widget runs on the pool', needsTool('MDBOOK'), async () => {
  const server = await serveFolder(book, join(ROOT, 'serve.json'));
  try {
    for (const [chapter, example] of CHAPTERS) {
      const { page, problems } = await watchedPage(context);
      await page.goto(server.url + chapter);
      const states = await widgetStates(page, 1);
      assert.equal(await page.evaluate(() => crossOriginIsolated), true, chapter);
      assert.equal(await page.evaluate(() => navigator.serviceWorker.controller), null,
        `${chapter}: isolated by the headers, the service worker stays out`);
      assert.ok(states.every((s) => s.state === 'ready' && s.threads >= 2), `${chapter}: ${JSON.stringify(states)}`);
      assertReport(await runWidget(page, example), 2, chapter);
      // playground.css: a dark mdBook theme makes the widget dark.
      const scheme = await page.evaluate(() => {
        document.documentElement.classList.add('coal');
        return getComputedStyle(document.querySelector('concurrency-playground')).colorScheme;
      });
      assert.equal(scheme, 'dark', `${chapter}: the coal theme turns the widget dark`);
      assert.deepEqual(problems, [], `${chapter}: no console errors or CSP violations`);
      await page.close();
    }
  } finally {
    server.close();
  }
});

test('mdBook, from a plain static server: the coi-serviceworker recipe isolates each chapter', needsTool('MDBOOK'), async () => {
  const server = await serveFolder(book, serveConfig(join(book, '..', 'serve-plain.json')));
  try {
    for (const [chapter, example] of CHAPTERS) {
      const { page, problems } = await watchedPage(context);
      await page.goto(server.url + chapter);
      assert.ok(await isolatedWithin(page, 30_000), `${chapter}: isolated after coi-serviceworker's reload`);
      const states = await widgetStates(page, 1);
      assert.ok(states.every((s) => s.state === 'ready' && s.threads >= 2), `${chapter}: ${JSON.stringify(states)}`);
      assertReport(await runWidget(page, example), 2, chapter);
      assert.equal(await page.evaluate(() => Boolean(navigator.serviceWorker.controller)), true, chapter);
      assert.deepEqual(problems, [], `${chapter}: no console errors`);
      await page.close();
    }
  } finally {
    server.close();
  }
});
