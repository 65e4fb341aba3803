// The embedded widget's first load, gzipped: node tools/size-report.mjs SITE_DIR [BUDGET_KB]
//
// Starts at embed.js and follows what a browser would fetch: static and dynamic imports, and
// every `new URL('…', import.meta.url)` (the runtime worker, the wasm, the pool's worker script,
// the stylesheets). Each file is gzipped at level 9 (what `gzip -9` does) and the sizes summed.
// The runtime worker imports one of two wasm packages, so there are two first loads: threaded
// (pkg/, on an isolated page) and single-threaded (pkg-st/, elsewhere). The first load also
// fetches the message catalog of the reader's language, i18n/<lang>.json (app/i18n.js builds
// its URL from the language, so it is not followed like a path), and any catalog a loaded
// script asks for by name (`loadWords('en')`): each load counts those, and the largest of the
// others, whichever language that is. Modules that load only on a reader's action (ON_ACTION)
// are not part of the first load: they are listed with their size, not counted. Prints a table
// for each; exits 1 when either is over the budget (default 300 KB, 1 KB = 1000 bytes).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const site = resolve(process.argv[2] ?? 'dist');
const budgetKb = Number(process.argv[3] ?? 300);
const ENTRY = 'embed.js';

const STATIC_IMPORT = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;])import\s*['"]([^'"]+)['"]/g;
// `import(threaded ? '../pkg/core.js' : '../pkg-st/core.js')`: every path named in the call.
const DYNAMIC_IMPORT = /\bimport\(([^)]*)\)/g;
const URL_OF_MODULE = /new URL\(\s*['"]([^'"]+)['"]\s*,\s*import\.meta\.url\s*\)/g;
// embed.js lists its stylesheets by path, relative to itself.
const STYLESHEET_LIST = /\bSTYLESHEETS\s*=\s*\[([^\]]*)\]/;

// A catalog asked for by name, whatever the reader's language.
const NAMED_CATALOG = /\bloadWords\(\s*['"](\w+)['"]\s*\)/g;

const quoted = (text) => [...text.matchAll(/['"]([^'"]+)['"]/g)].map((m) => m[1]);

/** Files a script may make the browser fetch, as absolute paths. */
function referencesOf(file) {
  const text = readFileSync(file, 'utf8');
  const found = [];
  for (const pattern of [STATIC_IMPORT, URL_OF_MODULE]) {
    for (const match of text.matchAll(pattern)) found.push(match[1] ?? match[2]);
  }
  for (const match of text.matchAll(DYNAMIC_IMPORT)) found.push(...quoted(match[1]));
  for (const match of text.matchAll(NAMED_CATALOG)) found.push(join(site, 'i18n', `${match[1]}.json`));
  const sheets = STYLESHEET_LIST.exec(text);
  if (sheets) found.push(...quoted(sheets[1]));
  return found
    .filter((spec) => spec.startsWith('.') || !spec.includes(':'))
    .map((spec) => resolve(dirname(file), spec))
    .filter((path) => existsSync(path));
}

/**
 * Modules imported only when a reader acts, and what only they import: "Try it the wrong way"
 * loads its view (and the diff package) when the section is first opened (app/wrong-way.js);
 * the widget's code sits in a closed section, highlighted (highlight.js) when first opened
 * (app/source.js); uPlot comes when the first chart is drawn, after a run (app/charts.js).
 */
const ON_ACTION = ['app/wrong-way-view.js', 'app/highlight.js', 'vendor/uPlot.esm.js'];

/** The catalogs, largest gzipped first: the first load fetches one of them. */
const CATALOGS = ['th', 'en'].map((lang) => join(site, 'i18n', `${lang}.json`)).filter((path) => existsSync(path))
  .map((path) => ({ path, gzip: gzipSync(readFileSync(path), { level: 9 }).length }))
  .sort((a, b) => b.gzip - a.gzip);
if (CATALOGS.length === 0) {
  console.error(`no catalog in ${join(site, 'i18n')}: the first load needs one`);
  process.exit(1);
}

/** Every file reachable from embed.js, leaving out the package the browser does not load. */
function firstLoad(skippedPackage, later = ON_ACTION) {
  const skipped = join(site, skippedPackage) + '/';
  const lazy = later.map((path) => join(site, path));
  const seen = new Set();
  const queue = [join(site, ENTRY)];
  while (queue.length > 0) {
    const file = queue.shift();
    if (seen.has(file) || file.startsWith(skipped) || lazy.includes(file)) continue;
    seen.add(file);
    if (file.endsWith('.js')) queue.push(...referencesOf(file));
  }
  // The reader's catalog: the largest one not already loaded by name (or none, if all are).
  const readers = CATALOGS.find((catalog) => !seen.has(catalog.path));
  return readers ? [...seen, readers.path] : [...seen];
}

const kb = (n) => (n / 1000).toFixed(1).padStart(8);

/** Prints the table; returns the gzipped total in bytes. */
function report(title, files) {
  const rows = files.map((file) => {
    const bytes = readFileSync(file);
    return { file: relative(site, file), raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  }).sort((a, b) => b.gzip - a.gzip);
  const total = rows.reduce((sum, r) => ({ raw: sum.raw + r.raw, gzip: sum.gzip + r.gzip }), { raw: 0, gzip: 0 });
  const width = Math.max(...rows.map((r) => r.file.length), 5);
  console.log(`\n${title}`);
  console.log(`${'file'.padEnd(width)}  ${'raw KB'.padStart(8)}  ${'gzip KB'.padStart(8)}`);
  for (const r of rows) console.log(`${r.file.padEnd(width)}  ${kb(r.raw)}  ${kb(r.gzip)}`);
  console.log(`${'total'.padEnd(width)}  ${kb(total.raw)}  ${kb(total.gzip)}   (${rows.length} files; budget ${budgetKb} KB gzipped)`);
  return total.gzip;
}

console.log(`catalogs (gzip KB): ${CATALOGS.map((c) => `${relative(site, c.path)} ${(c.gzip / 1000).toFixed(1)}`).join(', ')}; ` +
  'each first load counts the reader\'s (the largest) and any a script loads by name');
const threaded = firstLoad('pkg-st');
const totals = [
  report('Threaded (an isolated page):', threaded),
  report('Single-threaded fallback (a page that is not isolated):', firstLoad('pkg')),
];
// What the reader's actions load later: everything reachable with ON_ACTION that the first load lacks.
const first = new Set(threaded);
const onAction = firstLoad('pkg-st', []).filter((file) => !first.has(file));
const actionBytes = onAction.reduce((sum, file) => sum + gzipSync(readFileSync(file), { level: 9 }).length, 0);
console.log(`\nLoaded on a reader's action, not counted: ${onAction.map((file) => relative(site, file)).join(', ')} ` +
  `(${(actionBytes / 1000).toFixed(1)} KB gzipped)`);
const over = totals.filter((bytes) => bytes > budgetKb * 1000);
if (over.length > 0) {
  console.error(`over budget: ${over.map((b) => (b / 1000).toFixed(1)).join(', ')} KB > ${budgetKb} KB`);
  process.exit(1);
}
