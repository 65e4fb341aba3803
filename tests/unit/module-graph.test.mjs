// Each entry names its whole module graph up front, so that the browser fetches every module in
// one go: a module imported only by another module is found when that one arrives, a round trip
// per level (the page's graph was six levels deep: 0.6 s before the runtime could start, at a
// 100 ms round trip). The page (index.html) lists its graph as <link rel="modulepreload">, which
// the browser fetches beside app/main.js; the widget's embed.js cannot add to a course page's
// <head> before its own imports load, so it imports every module of its graph itself.
// This test walks each graph from its entry and fails naming the module a list lacks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { init, parse } from 'es-module-lexer';

const WWW = new URL('../../www/', import.meta.url);

/** The static imports of the module at `path` (relative to www/), as paths relative to www/. */
async function importsOf(path) {
  await init();
  const [imports] = parse(readFileSync(new URL(path, WWW), 'utf8'), path);
  return imports.filter(({ type }) => type === 'static')
    .map(({ specifier }) => new URL(specifier, new URL(path, WWW)).href.slice(WWW.href.length));
}

/** The modules `entry` imports statically, directly or through others (dynamic imports load
 * on demand and are left out), as paths relative to www/. vendor/ is copied into the site by
 * the build; its modules count, but are not read (wasm-feature-detect imports nothing). */
async function staticGraph(entry) {
  const seen = new Set();
  const walk = async (path) => {
    if (seen.has(path)) return;
    seen.add(path);
    if (path.startsWith('vendor/')) return;
    for (const imported of await importsOf(path)) await walk(imported);
  };
  await walk(entry);
  seen.delete(entry);
  return seen;
}

const sorted = (set) => [...set].sort();

test("index.html preloads every module of app/main.js's graph, and nothing else", async () => {
  const html = readFileSync(new URL('index.html', WWW), 'utf8');
  const links = [...html.matchAll(/<link rel="modulepreload" href="([^"]+)">/g)].map((m) => m[1]);
  assert.deepEqual(sorted(new Set(links)), sorted(await staticGraph('app/main.js')));
  assert.equal(links.length, new Set(links).size, 'each module once');
});

test('embed.js imports every module of its graph itself', async () => {
  const direct = new Set(await importsOf('embed.js'));
  const missing = [...await staticGraph('embed.js')].filter((module) => !direct.has(module));
  assert.deepEqual(missing, []);
});
