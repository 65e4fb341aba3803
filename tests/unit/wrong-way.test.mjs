// "Try it the wrong way": a case's words from the catalogs, rustc's ANSI colours as classes, the
// diff as rows, prose with code, and the build step's judgement of a broken program's diagnostics
// (tools/wrong-way-check.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { diffLines } from 'diff';
import { LANGUAGES, Words } from '../../www/app/i18n.js';
import { ansiSegments, caseText, diffRows, proseParts, stripAnsi } from '../../www/app/wrong-way-text.js';
import { caseProblems, diagnosticsByBin } from '../../tools/wrong-way-check.mjs';

const ESC = '\x1b';
const json = (path) => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8'));

test('every case has its title, rule, why and fix in each language, from the catalog', () => {
  const { cases } = json('../../wrong-way/cases.json');
  for (const lang of LANGUAGES) {
    const words = new Words(lang, json(`../../www/i18n/${lang}.json`));
    for (const c of cases) {
      const text = caseText(words, c);
      for (const [key, value] of Object.entries(text)) {
        assert.ok(value && !value.startsWith('wrongWay.'), `${lang}: ${c.example}/${c.case} has no ${key}`);
      }
      assert.equal(text.why, words.lookup(`wrongWay.cases.${c.example}.${c.case}.why`));
      // The words live in the catalogs only: cases.json keeps what the build checks.
      assert.deepEqual(['title', 'why', 'fix'].filter((key) => key in c), [], `${c.example}/${c.case}`);
    }
  }
  const th = new Words('th', json('../../www/i18n/th.json'));
  assert.match(caseText(th, cases.find((c) => c.rule === 'ownership')).rule, /ownership/);
});

test('rustc colours become classes, bold and colour each switched off by a reset', () => {
  // The start of what rustc 1.97 prints with --json=diagnostic-rendered-ansi.
  const rendered = `${ESC}[0m${ESC}[1m${ESC}[91merror[E0277]${ESC}[0m${ESC}[0m${ESC}[1m: \`Rc\` cannot be sent${ESC}[0m\n` +
    `${ESC}[0m   ${ESC}[0m${ESC}[0m${ESC}[1m${ESC}[94m--> ${ESC}[0m${ESC}[0mbroken.rs:9:23${ESC}[0m\n`;
  assert.deepEqual(ansiSegments(rendered), [
    { text: 'error[E0277]', classes: ['ansi-bold', 'ansi-red'] },
    { text: ': `Rc` cannot be sent', classes: ['ansi-bold'] },
    { text: '\n   ', classes: [] },
    { text: '--> ', classes: ['ansi-bold', 'ansi-blue'] },
    { text: 'broken.rs:9:23\n', classes: [] },
  ]);
  assert.equal(stripAnsi(rendered), 'error[E0277]: `Rc` cannot be sent\n   --> broken.rs:9:23\n');
});

test('normal, bright and 256-palette colours share a class; unknown colours and other escapes drop', () => {
  const seg = (text) => ansiSegments(text).map((s) => [s.text, s.classes.join(' ')]);
  assert.deepEqual(seg(`${ESC}[32ma${ESC}[92mb${ESC}[38;5;10mc`), [['abc', 'ansi-green']]);
  assert.deepEqual(seg(`${ESC}[38;5;200ma${ESC}[38;2;1;2;3mb${ESC}[1;33mc${ESC}[22md${ESC}[39me`),
    [['ab', ''], ['c', 'ansi-bold ansi-yellow'], ['d', 'ansi-yellow'], ['e', '']]);
  assert.deepEqual(seg(`x${ESC}[2Ky${ESC}[m`), [['xy', '']]);
  assert.deepEqual(ansiSegments(''), []);
});

test('the line diff becomes one row per line, broken lines as del and fixed lines as add', () => {
  const broken = 'use std::rc::Rc;\nfn main() {\n    let a = Rc::new(1);\n}\n';
  const fixed = 'use std::sync::Arc;\nfn main() {\n    let a = Arc::new(1);\n}\n';
  assert.deepEqual(diffRows(diffLines(broken, fixed)), [
    { kind: 'del', text: 'use std::rc::Rc;' },
    { kind: 'add', text: 'use std::sync::Arc;' },
    { kind: 'same', text: 'fn main() {' },
    { kind: 'del', text: '    let a = Rc::new(1);' },
    { kind: 'add', text: '    let a = Arc::new(1);' },
    { kind: 'same', text: '}' },
  ]);
  assert.deepEqual(diffRows(diffLines('a\n\nb', 'a\n\nb')).map((r) => r.text), ['a', '', 'b'], 'blank lines are kept');
});

test('prose keeps its `code` spans apart; a lone backtick is text', () => {
  assert.deepEqual(proseParts('Use `Arc<T>`, not `Rc`.'), [
    { code: false, text: 'Use ' }, { code: true, text: 'Arc<T>' }, { code: false, text: ', not ' },
    { code: true, text: 'Rc' }, { code: false, text: '.' },
  ]);
  assert.deepEqual(proseParts('a ` b'), [{ code: false, text: 'a ` b' }]);
});

const bin = (name) => ({ name, kind: ['bin'] });
const error = (code, message = 'msg') => ({ level: 'error', code: code && { code }, message, rendered: `error: ${message}\n` });

test("cargo's JSON lines give each bin its errors (not its warnings) and the bins that compiled", () => {
  const lines = [
    JSON.stringify({ reason: 'compiler-artifact', target: { name: 'rayon', kind: ['lib'] } }),
    JSON.stringify({ reason: 'compiler-message', target: bin('a--x'), message: error('E0382') }),
    JSON.stringify({ reason: 'compiler-message', target: bin('a--x'), message: { level: 'warning', message: 'unused' } }),
    JSON.stringify({ reason: 'compiler-message', target: bin('a--x'), message: { level: 'failure-note', message: 'For more' } }),
    JSON.stringify({ reason: 'compiler-artifact', target: bin('a--y') }),
    JSON.stringify({ reason: 'build-finished', success: false }),
  ];
  const { messages, compiled } = diagnosticsByBin(lines.join('\n') + '\n');
  assert.deepEqual([...messages.keys()], ['a--x']);
  assert.deepEqual(messages.get('a--x').map((m) => m.level), ['error', 'failure-note']);
  assert.deepEqual([...compiled], ['a--y']);
});

test('a case passes only when its broken program fails with the declared error', () => {
  const c = { example: 'sensors', case: 'borrowed-vec', code: 'E0373', also: ['E0502'] };
  assert.deepEqual(caseProblems(c, [error('E0373'), error('E0502')], false), []);
  assert.match(caseProblems(c, [], true)[0], /compiled/);
  assert.match(caseProblems(c, [{ level: 'failure-note', message: 'x' }], false)[0], /compiled/);
  assert.match(caseProblems(c, [error('E0382')], false)[0], /declares E0373, but rustc's first error is E0382/);
  assert.match(caseProblems(c, [error('E0373'), error('E0499')], false)[0], /undeclared further error E0499/);
  const noCode = { example: 'web-server', case: 'guard', code: null, message: 'future cannot be sent between threads safely' };
  assert.deepEqual(caseProblems(noCode, [error(null, 'future cannot be sent between threads safely')], false), []);
  assert.match(caseProblems(noCode, [error(null, 'something else')], false)[0], /declares the error/);
  assert.match(caseProblems(noCode, [error('E0277')], false)[0], /declares no code/);
});
