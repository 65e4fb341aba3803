// The README's course-site recipes as files: every fenced block right after a line
// `<!-- recipe: PATH -->` is written to OUT/PATH, so that the end-to-end tests build real sites
// (tests/recipes/) from the very text an author copies. A PATH named twice is an error, and so is
// a marker with no fenced block after it.
//
//   node tools/recipes.mjs OUT [README]     writes the files, prints their paths
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize, isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';

const MARKER = /^<!-- recipe: (\S+) -->$/;
const FENCE = /^(```+|~~~+)/;

/**
 * The recipes in a Markdown text: a Map from relative path to the fenced block's content
 * (ending in a newline).
 *
 * @throws {Error} on a marker without a fenced block right after it (blank lines allowed), on a
 *   path given twice, and on a path that is absolute or climbs out with `..`.
 */
export function recipes(markdown) {
  const lines = markdown.split('\n');
  const found = new Map();
  for (let i = 0; i < lines.length; i += 1) {
    const marker = MARKER.exec(lines[i].trim());
    if (!marker) continue;
    const path = marker[1];
    if (isAbsolute(path) || normalize(path).startsWith('..')) throw new Error(`recipe ${path}: not a relative path inside the folder`);
    if (found.has(path)) throw new Error(`recipe ${path}: named twice`);
    let j = i + 1;
    while (j < lines.length && lines[j].trim() === '') j += 1;
    const open = FENCE.exec(lines[j] ?? '');
    if (!open) throw new Error(`recipe ${path} (line ${i + 1}): no fenced block follows the marker`);
    const body = [];
    for (j += 1; j < lines.length && !lines[j].startsWith(open[1]); j += 1) body.push(lines[j]);
    if (j === lines.length) throw new Error(`recipe ${path} (line ${i + 1}): its fenced block never closes`);
    found.set(path, `${body.join('\n')}\n`);
    i = j;
  }
  return found;
}

/** Writes every recipe of `readmePath` under `out`; returns the relative paths written. */
export function writeRecipes(out, readmePath) {
  const written = [];
  for (const [path, text] of recipes(readFileSync(readmePath, 'utf8'))) {
    const file = join(out, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    written.push(path);
  }
  return written;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [out, readme = fileURLToPath(new URL('../README.md', import.meta.url))] = process.argv.slice(2);
  if (!out) {
    console.error('usage: node tools/recipes.mjs OUT [README]');
    process.exit(2);
  }
  for (const path of writeRecipes(out, readme)) console.log(path);
}
