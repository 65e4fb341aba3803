// The README's size figures are the ones the tool measures today: tools/size-report.mjs is run
// on the built site (dist/) and the README's "Size" table must agree with it, to the KB it is
// rounded to (plus one for rounding). A change that moves the sizes fails here until the README
// says the new figures. (The speed figures are written by bench/report.mjs itself.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** `{ total, wasm }` in KB (gzipped) for each of the report's two tables. */
function measured() {
  const out = execFileSync('node', ['tools/size-report.mjs', 'dist'], { cwd: ROOT, encoding: 'utf8' });
  const [threaded, fallback] = out.split(/\n(?=Single-threaded)/);
  const figures = (table, wasm) => ({
    total: Number(/^total\s+[\d.]+\s+([\d.]+)/m.exec(table)[1]),
    wasm: Number(new RegExp(`^${wasm}\\s+[\\d.]+\\s+([\\d.]+)`, 'm').exec(table)[1]),
  });
  return { threaded: figures(threaded, 'pkg/core_bg\\.wasm'), fallback: figures(fallback, 'pkg-st/core_bg\\.wasm') };
}

/** The same from the README's table rows. */
function claimed() {
  const readme = readFileSync(`${ROOT}README.md`, 'utf8');
  const row = (page) => {
    const match = new RegExp(`^\\| ${page}[^|]*\\| (\\d+) KB \\| wasm (\\d+) KB`, 'm').exec(readme);
    assert.ok(match, `README's size table has the ${page} row`);
    return { total: Number(match[1]), wasm: Number(match[2]) };
  };
  return { threaded: row('isolated'), fallback: row('not isolated') };
}

test('the README\'s first-load sizes are what tools/size-report.mjs measures on dist/', () => {
  const [now, said] = [measured(), claimed()];
  for (const page of ['threaded', 'fallback']) {
    for (const figure of ['total', 'wasm']) {
      assert.ok(Math.abs(now[page][figure] - said[page][figure]) <= 1.5,
        `${page} ${figure}: the README says ${said[page][figure]} KB, the tool measures ${now[page][figure]} KB`);
    }
  }
});
