// tools/recipes.mjs: what it takes out of Markdown, what it refuses, and the README's recipes as
// the course-site tests (tests/recipes/) expect them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { recipes } from '../../tools/recipes.mjs';

test('a marked fenced block becomes a file; unmarked blocks do not', () => {
  const found = recipes([
    '```sh', 'not a recipe', '```',
    '<!-- recipe: site/a.js -->', '', '```js', 'one();', '', 'two();', '```',
    '<!-- recipe: site/b.md -->', '````markdown', '```rust', 'fn main() {}', '```', '````',
  ].join('\n'));
  assert.deepEqual([...found], [['site/a.js', 'one();\n\ntwo();\n'], ['site/b.md', '```rust\nfn main() {}\n```\n']]);
});

test('a marker without its block, a path twice, or a path outside the folder is an error', () => {
  assert.throws(() => recipes('<!-- recipe: a.js -->\ntext\n```js\nx\n```'), /no fenced block follows/);
  assert.throws(() => recipes('<!-- recipe: a.js -->\n```js\nx'), /never closes/);
  assert.throws(() => recipes('<!-- recipe: a.js -->\n```\nx\n```\n<!-- recipe: a.js -->\n```\ny\n```'), /named twice/);
  assert.throws(() => recipes('<!-- recipe: ../a.js -->\n```\nx\n```'), /not a relative path/);
  assert.throws(() => recipes('<!-- recipe: /a.js -->\n```\nx\n```'), /not a relative path/);
});

test('the README\'s recipes: the files of an mdBook book and of a Docusaurus site, with the fixes they need', () => {
  const found = recipes(readFileSync(new URL('../../README.md', import.meta.url), 'utf8'));
  assert.deepEqual([...found.keys()].sort(), [
    'docusaurus/docs/channels.mdx', 'docusaurus/docusaurus.config.js', 'docusaurus/src/components/Playground.jsx',
    'docusaurus/static/_headers', 'mdbook/book.toml', 'mdbook/load-playground.js', 'mdbook/playground.css', 'mdbook/src/_headers',
    'mdbook/src/SUMMARY.md', 'mdbook/src/channels/message-queue.md', 'mdbook/src/shared-state.md',
  ].sort());
  assert.match(found.get('docusaurus/docs/channels.mdx'), /^import Playground from '@site\/src\/components\/Playground';$/m);
  assert.match(found.get('docusaurus/docusaurus.config.js'), /scripts: \[`\$\{baseUrl\}coi-serviceworker\.min\.js`\]/);
  for (const headers of ['docusaurus/static/_headers', 'mdbook/src/_headers']) {
    assert.match(found.get(headers), /script-src [^;]*'unsafe-inline'.*style-src [^;]*'unsafe-inline'/, headers);
  }
});
