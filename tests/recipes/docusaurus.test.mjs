// The README's Docusaurus recipe, built for real: its files (docusaurus.config.js with baseUrl
// '/course/', src/components/Playground.jsx, the MDX page, static/_headers) written out by
// tools/recipes.mjs, dist/ at static/playground/ and coi-serviceworker.min.js at static/ as the
// README says, `docusaurus build` with Docusaurus 3 from build.sh's cache (DOCUSAURUS_MODULES),
// and the site served at /course/ two ways, its widget run in Debian's Chromium:
//   with the headers of the recipe's _headers (COOP/COEP and the CSP merged for Docusaurus):
//     isolated by the headers, no CSP violation, Docusaurus's colour-mode script ran;
//   by a plain static server: isolated by the coi-serviceworker recipe (at baseUrl) after a reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isolatedWithin, launch, watchedPage } from '../e2e/browser.mjs';
import {
  assertReport, assertThreaded, copyDist, needsTool, parseHeadersFile, recipeFolder, run, runWidget, serveConfig,
  serveFolder, widgetStates,
} from './sites.mjs';

const MODULES = process.env.DOCUSAURUS_MODULES;
const BASE = 'course/';
const EXAMPLE = 'message-queue';

let site; // the folder served: the build is at site/course/, as a host serves a project site
let context;
before(async () => {
  if (!MODULES) return;
  const { dir, files } = recipeFolder('docusaurus');
  assert.deepEqual(files.sort(), ['docs/channels.mdx', 'docusaurus.config.js', 'src/components/Playground.jsx',
    'static/_headers'].sort());
  copyDist(join(dir, 'static', 'playground'), join(dir, 'static'));
  // What `npm init` and `npm install` leave in an author's site; the modules come from the cache.
  writeFileSync(join(dir, 'package.json'), '{ "private": true }\n');
  symlinkSync(MODULES, join(dir, 'node_modules'), 'dir');
  site = join(dir, 'served');
  const started = Date.now();
  // No persistent webpack cache: it would sit in the shared node_modules/.cache and mix sites.
  await run(join(MODULES, '.bin', 'docusaurus'), ['build', '--out-dir', join(site, BASE)],
    { cwd: dir, env: { ...process.env, DOCUSAURUS_NO_PERSISTENT_CACHE: '1', NO_UPDATE_NOTIFIER: '1' } });
  console.log(`# docusaurus build: ${Date.now() - started} ms`);
  // The host's root, above the project site: browsers ask it for /favicon.ico.
  writeFileSync(join(site, 'favicon.ico'), '');
  context = await launch();
});
after(async () => { await context?.close(); });

test('the Docusaurus recipe builds a site with the widget\'s files at its baseUrl', needsTool('DOCUSAURUS_MODULES'), () => {
  for (const file of ['index.html', 'playground/embed.js', 'coi-serviceworker.min.js', '_headers']) {
    assert.ok(existsSync(join(site, BASE, file)), `${BASE}${file} is in the build`);
  }
  assert.match(readFileSync(join(site, BASE, 'index.html'), 'utf8'), /<script src="\/course\/coi-serviceworker\.min\.js"/);
});

test('Docusaurus at /course/, served with its _headers: isolated, no CSP violation, the widget runs on the pool', needsTool('DOCUSAURUS_MODULES'), async () => {
  const headers = parseHeadersFile(readFileSync(join(site, BASE, '_headers'), 'utf8'));
  assert.deepEqual(Object.keys(headers).sort(),
    ['Content-Security-Policy', 'Cross-Origin-Embedder-Policy', 'Cross-Origin-Opener-Policy']);
  const server = await serveFolder(site, serveConfig(join(site, '..', 'serve-headers.json'), headers));
  try {
    const { page, problems } = await watchedPage(context);
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(`${server.url}${BASE}`);
    const states = await widgetStates(page, 1);
    assert.equal(await page.evaluate(() => crossOriginIsolated), true);
    assert.equal(await page.evaluate(() => navigator.serviceWorker.controller), null,
      'isolated by the headers, the service worker stays out');
    assertThreaded(states);
    // Docusaurus's inline script ran under the CSP: it set the colour mode, and the widget follows it.
    assert.ok(['light', 'dark'].includes(await page.evaluate(() => document.documentElement.dataset.theme)),
      'Docusaurus\'s inline colour-mode script ran (the CSP let it) and set data-theme');
    const theme = await page.evaluate(() => [document.documentElement.dataset.theme,
      document.querySelector('concurrency-playground').getAttribute('theme')]);
    assert.equal(theme[1], theme[0], 'the widget\'s theme is the site\'s colour mode');
    assertReport(await runWidget(page, EXAMPLE), 2, EXAMPLE);
    assert.deepEqual(problems, [], 'no console errors or CSP violations');
    await page.close();
  } finally {
    server.close();
  }
});

test('Docusaurus at /course/, from a plain static server: the coi-serviceworker recipe isolates it', needsTool('DOCUSAURUS_MODULES'), async () => {
  const server = await serveFolder(site, serveConfig(join(site, '..', 'serve-plain.json')));
  try {
    const { page, problems } = await watchedPage(context);
    await page.goto(`${server.url}${BASE}`);
    assert.ok(await isolatedWithin(page, 30_000), 'isolated after coi-serviceworker\'s reload');
    const states = await widgetStates(page, 1);
    assertThreaded(states);
    assert.equal(await page.evaluate(() => new URL(navigator.serviceWorker.controller.scriptURL).pathname),
      `/${BASE}coi-serviceworker.min.js`, 'the service worker is the one at baseUrl');
    assertReport(await runWidget(page, EXAMPLE), 2, EXAMPLE);
    assert.deepEqual(problems, [], 'no console errors');
    await page.close();
  } finally {
    server.close();
  }
});
