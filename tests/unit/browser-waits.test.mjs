// The note beside 1 vs N and the speedup curve: said when a run's workers often waited on each
// other (lock waits, sends, receives: each worker's waitingMs), where a browser is slower than
// native; not otherwise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Words } from '../../www/app/i18n.js';
import { browserWaitNote, waitShare } from '../../www/app/results-text.js';

const words = (lang) =>
  new Words(lang, JSON.parse(readFileSync(new URL(`../../www/i18n/${lang}.json`, import.meta.url), 'utf8')));

/** A report whose workers were busy and waited for these ms: `[[busy, waiting], …]`. */
const run = (threads, times) => ({
  threads,
  workers: times.map(([busyMs, waitingMs], id) => ({ id, tasks: 1, busyMs, waitingMs })),
});

test('the wait share is waiting against waiting and busy, summed over the workers', () => {
  assert.equal(waitShare(run(2, [[1, 1], [2, 0]])), 0.25);
  assert.equal(waitShare(run(2, [[0, 3], [1, 0]])), 0.75);
  assert.equal(waitShare(run(2, [[0, 0], [0, 0]])), 0, 'no time recorded, no share');
  assert.equal(waitShare({ threads: 2 }), 0, 'a report without workers waited for nothing known');
});

test('the note is said in both languages when workers often waited, with the share', () => {
  const often = run(4, [[1, 1], [1, 1], [1, 1], [1, 1]]);
  for (const lang of ['en', 'th']) {
    const text = browserWaitNote(often, words(lang));
    assert.ok(text, lang);
    assert.match(text, /50\s?%/, lang);
    assert.match(text, /`Atomics.wait`/, lang);
  }
});

test('no note on one worker, or when waiting was rare', () => {
  assert.equal(browserWaitNote(run(1, [[1, 1]]), words('en')), null);
  const rare = run(4, [[10, 0], [9, 1], [0, 0], [0, 0]]);
  assert.equal(waitShare(rare), 0.05);
  assert.equal(browserWaitNote(rare, words('en')), null);
});
