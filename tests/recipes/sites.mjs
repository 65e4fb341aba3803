// What the course-site recipe tests share: the README's recipe files written out (tools/recipes.mjs),
// dist/ copied where an author copies it, a `serve` (npm) server with or without the isolation
// headers, and Debian's Chromium (tests/e2e/browser.mjs) driving the built site's widgets.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeRecipes } from '../../tools/recipes.mjs';
import { widgetReport } from '../e2e/browser.mjs';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The built site (./build.sh dist); DIST=… points elsewhere. */
export const DIST = process.env.DIST ?? join(ROOT, 'dist');
/** The README whose recipes are built; RECIPES_README=… tries a changed copy (a recipe broken on purpose). */
export const README = process.env.RECIPES_README ?? join(ROOT, 'README.md');
/** Where the sites are built: inside target/, never committed. */
export const WORK = join(ROOT, 'target', 'recipes');

/**
 * A test's `skip` option for a test that needs a tool build.sh installs (env var `name`): outside
 * build.sh it is skipped and says why; in CI a missing tool is a failure, never a silent skip.
 */
export function needsTool(name) {
  if (process.env[name]) return { skip: false };
  if (process.env.CI) throw new Error(`${name} is not set: ./build.sh test installs it; CI must not skip these tests`);
  return { skip: `needs ${name} (./build.sh test installs it and sets it)` };
}

/**
 * The README's recipes under `prefix` (`mdbook/`, `docusaurus/`), written to a fresh folder
 * target/recipes/<prefix>; returns the folder and the paths written (relative to it).
 */
export function recipeFolder(prefix) {
  const all = join(WORK, 'all');
  rmSync(all, { recursive: true, force: true });
  const paths = writeRecipes(all, README).filter((p) => p.startsWith(`${prefix}/`));
  assert.ok(paths.length > 0, `the README has recipes under ${prefix}/`);
  const dir = join(WORK, prefix);
  rmSync(dir, { recursive: true, force: true });
  cpSync(join(all, prefix), dir, { recursive: true });
  return { dir, files: paths.map((p) => p.slice(prefix.length + 1)) };
}

/** Copies dist/ to `to` as an author does (the whole folder), and the service worker to `coiTo`. */
export function copyDist(to, coiTo) {
  mkdirSync(to, { recursive: true });
  cpSync(DIST, to, { recursive: true });
  mkdirSync(coiTo, { recursive: true });
  cpSync(join(DIST, 'coi-serviceworker.min.js'), join(coiTo, 'coi-serviceworker.min.js'));
}

/** Runs a command to its end; rejects with its output when it fails. */
export function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(output)
      : reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${output.slice(-4000)}`))));
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** `serve`'s config for these headers (name → value) on every path; none: a plain static host. */
export function serveConfig(file, headers = {}) {
  const list = [{ key: 'Cache-Control', value: 'no-cache' }, ...Object.entries(headers).map(([key, value]) => ({ key, value }))];
  writeFileSync(file, JSON.stringify({ headers: [{ source: '**/*', headers: list }] }, null, 2));
  return file;
}

/** The headers of a Netlify-style `_headers` file's `/*` block (the Docusaurus recipe's). */
export function parseHeadersFile(text) {
  const headers = {};
  let inAll = false;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    if (!/^\s/.test(line)) { inAll = line.trim() === '/*'; continue; }
    if (!inAll) continue;
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return headers;
}

/**
 * Serves `dir` with the `serve` package (build.sh's server) and config file `config`; returns
 * `{ url, close }`.
 */
export async function serveFolder(dir, config) {
  const port = await freePort();
  const child = spawn(join(ROOT, 'node_modules/.bin/serve'),
    ['--no-clipboard', '--no-request-logging', '--config', config, '--listen', `tcp://127.0.0.1:${port}`, dir],
    { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; ; i += 1) {
    try {
      await fetch(url);
      break;
    } catch (error) {
      if (i > 100) { child.kill(); throw new Error(`serve did not answer on ${url}`, { cause: error }); }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return { url, close: () => child.kill() };
}


/** Waits until every widget on the page has started (or said why it cannot); returns their states. */
export async function widgetStates(page, count) {
  await page.waitForFunction((count) => {
    const widgets = [...document.querySelectorAll('concurrency-playground')];
    return widgets.length === count
      && widgets.every((w) => ['ready', 'failed'].includes(w.shadowRoot?.querySelector('.widget')?.dataset.state));
  }, count, { timeout: 60_000 });
  return page.$$eval('concurrency-playground', (widgets) => widgets.map((w) => {
    const root = w.shadowRoot.querySelector('.widget');
    return { example: w.getAttribute('example'), state: root.dataset.state, threads: Number(root.dataset.threads) };
  }));
}

/** Every widget started on a pool of 2 or more web workers: threads, not the fallback. */
export function assertThreaded(states, what) {
  assert.ok(states.every((s) => s.state === 'ready' && s.threads >= 2),
    what ? `${what}: ${JSON.stringify(states)}` : JSON.stringify(states));
}

/**
 * Presses Run in the page's widget for `example`, waits for its report, and returns what it
 * shows as data (no words: the widget's words come from the catalogs): the error shown, the
 * timeline's lanes (workers used) and each check's class (`ok` or not).
 */
export async function runWidget(page, example) {
  const widget = page.locator(`concurrency-playground[example="${example}"]`);
  await widget.locator('button.run').click();
  await page.waitForFunction((example) => {
    const root = document.querySelector(`concurrency-playground[example="${example}"]`).shadowRoot;
    return root.querySelector('.widget').dataset.state === 'ready'
      && (root.querySelector('.timeline-figure') || !root.querySelector('.error').hidden);
  }, example, { timeout: 120_000 });
  return widgetReport(widget);
}

/** Asserts a run's report: no error, every check ok, and at least `lanes` workers used. */
export function assertReport(report, lanes, what) {
  assert.equal(report.error, null, `${what}: ${report.error}`);
  assert.ok(report.lanes >= lanes, `${what}: the run used ${report.lanes} workers, wanted ${lanes} or more`);
  assert.ok(report.checks.length > 0 && report.checks.every((c) => c === 'ok'), `${what}: checks ${report.checks}`);
}
