// The embedded widget's first load, gzipped: node tools/size-report.mjs SITE_DIR [BUDGET_KB]
//
// Starts at embed.js and follows what a browser would fetch: static imports, and every
// `new URL('…', import.meta.url)` (the runtime worker, the wasm, the pool's worker script, the
// stylesheets). Each file is gzipped at level 9 (what `gzip -9` does) and the sizes summed.
// Prints a table; exits 1 when the sum is over the budget (default 300 KB).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const site = resolve(process.argv[2] ?? 'dist');
const budgetKb = Number(process.argv[3] ?? 300);
const ENTRY = 'embed.js';

const STATIC_IMPORT = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;])import\s*['"]([^'"]+)['"]/g;
const DYNAMIC_IMPORT = /import\(\s*['"]([^'"]+)['"]\s*\)/g;
const URL_OF_MODULE = /new URL\(\s*['"]([^'"]+)['"]\s*,\s*import\.meta\.url\s*\)/g;
// embed.js lists its stylesheets by path, relative to itself.
const STYLESHEET_LIST = /\bSTYLESHEETS\s*=\s*\[([^\]]*)\]/;

/** Files a script makes the browser fetch, as absolute paths. */
function referencesOf(file) {
  const text = readFileSync(file, 'utf8');
  const found = [];
  for (const pattern of [STATIC_IMPORT, DYNAMIC_IMPORT, URL_OF_MODULE]) {
    for (const match of text.matchAll(pattern)) found.push(match[1] ?? match[2]);
  }
  const sheets = STYLESHEET_LIST.exec(text);
  if (sheets) found.push(...[...sheets[1].matchAll(/['"]([^'"]+)['"]/g)].map((m) => m[1]));
  return found
    .filter((spec) => spec.startsWith('.') || !spec.includes(':'))
    .map((spec) => resolve(dirname(file), spec))
    // The single-threaded build is fetched instead of the threaded one, never with it.
    .filter((path) => existsSync(path) && !path.includes(`${join(site, 'pkg-st')}`));
}

const seen = new Set();
const queue = [join(site, ENTRY)];
while (queue.length > 0) {
  const file = queue.shift();
  if (seen.has(file)) continue;
  seen.add(file);
  if (file.endsWith('.js')) queue.push(...referencesOf(file));
}

const rows = [...seen].map((file) => {
  const bytes = readFileSync(file);
  return { file: relative(site, file), raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}).sort((a, b) => b.gzip - a.gzip);

const kb = (n) => (n / 1000).toFixed(1).padStart(8);
const total = rows.reduce((sum, r) => ({ raw: sum.raw + r.raw, gzip: sum.gzip + r.gzip }), { raw: 0, gzip: 0 });
const width = Math.max(...rows.map((r) => r.file.length), 5);
console.log(`${'file'.padEnd(width)}  ${'raw KB'.padStart(8)}  ${'gzip KB'.padStart(8)}`);
for (const r of rows) console.log(`${r.file.padEnd(width)}  ${kb(r.raw)}  ${kb(r.gzip)}`);
console.log(`${'total'.padEnd(width)}  ${kb(total.raw)}  ${kb(total.gzip)}   (${rows.length} files; budget ${budgetKb} KB gzipped)`);
if (total.gzip > budgetKb * 1000) {
  console.error(`over budget: ${(total.gzip / 1000).toFixed(1)} KB > ${budgetKb} KB`);
  process.exit(1);
}
