// The README's mdBook recipe, built for real: its files (book.toml, SUMMARY.md, two chapters,
// load-playground.js, playground.css) written out by tools/recipes.mjs, dist/ at src/playground/
// and coi-serviceworker.min.js beside book.toml as the README says, `mdbook build` (MDBOOK, which
// build.sh installs with cargo), then the book served two ways, each chapter's widget run in
// Debian's Chromium:
//   with the headers of the recipe's src/_headers (COOP/COEP and the CSP merged for mdBook):
//     isolated by the headers, on the pool, no CSP violation, mdBook's theme script ran;
//   by a plain static server: isolated by the coi-serviceworker recipe after one reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isolatedWithin, launch, watchedPage } from '../e2e/browser.mjs';
import {
  assertReport, assertThreaded, copyDist, needsTool, parseHeadersFile, recipeFolder, run, runWidget, serveConfig,
  serveFolder, widgetStates,
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
    'src/_headers', 'src/channels/message-queue.md', 'src/shared-state.md'].sort());
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

test('mdBook, served with its _headers: isolated, no CSP violation, each chapter\'s widget runs on the pool', needsTool('MDBOOK'), async () => {
  const headers = parseHeadersFile(readFileSync(join(book, '_headers'), 'utf8'));
  assert.deepEqual(Object.keys(headers).sort(),
    ['Content-Security-Policy', 'Cross-Origin-Embedder-Policy', 'Cross-Origin-Opener-Policy']);
  const server = await serveFolder(book, serveConfig(join(book, '..', 'serve-headers.json'), headers));
  try {
    for (const [chapter, example] of CHAPTERS) {
      const { page, problems } = await watchedPage(context);
      // A reader who prefers dark: mdBook's inline theme script picks its dark theme, navy.
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.goto(server.url + chapter);
      const states = await widgetStates(page, 1);
      assert.equal(await page.evaluate(() => crossOriginIsolated), true, chapter);
      assert.equal(await page.evaluate(() => navigator.serviceWorker.controller), null,
        `${chapter}: isolated by the headers, the service worker stays out`);
      assertThreaded(states, chapter);
      assertReport(await runWidget(page, example), 2, chapter);
      // mdBook's theme script ran under the CSP, and playground.css makes its dark theme the widget's.
      assert.equal(await page.evaluate(() => document.documentElement.classList.contains('navy')), true,
        `${chapter}: mdBook's inline theme script ran`);
      assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('concurrency-playground')).colorScheme),
        'dark', `${chapter}: playground.css turns the widget dark in the navy theme`);
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
      assertThreaded(states, chapter);
      assertReport(await runWidget(page, example), 2, chapter);
      assert.equal(await page.evaluate(() => Boolean(navigator.serviceWorker.controller)), true, chapter);
      assert.deepEqual(problems, [], `${chapter}: no console errors`);
      await page.close();
    }
  } finally {
    server.close();
  }
});
