// The note beside 1 vs N and the speedup curve: said when a run's workers often waited on each
// other (lock waits, sends, receives), where a browser is slower than native; not otherwise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Words } from '../../www/app/i18n.js';
import { browserWaitNote, waitShare } from '../../www/app/results-text.js';

const words = (lang) =>
  new Words(lang, JSON.parse(readFileSync(new URL(`../../www/i18n/${lang}.json`, import.meta.url), 'utf8')));

/** A report whose spans last `ms` each, of the kinds given. */
const run = (threads, kinds, ms = 2) => ({
  threads,
  timeline: { spans: kinds.map((kind, i) => ({ worker: i % threads, kind, startMs: i * ms, endMs: (i + 1) * ms })) },
});

test('the wait share counts lock waits, sends and receives against all recorded time', () => {
  assert.equal(waitShare(run(2, ['work', 'lock-wait', 'lock-hold', 'recv'])), 0.5);
  assert.equal(waitShare(run(2, ['work', 'work', 'idle', 'send'])), 0.25);
  assert.equal(waitShare(run(2, [])), 0);
  assert.equal(waitShare({ threads: 2 }), 0, 'a report without a timeline waited for nothing known');
});

test('the note is said in both languages when workers often waited, with the share', () => {
  const often = run(4, ['work', 'lock-wait', 'lock-wait', 'lock-hold']);
  for (const lang of ['en', 'th']) {
    const text = browserWaitNote(often, words(lang));
    assert.ok(text, lang);
    assert.match(text, /50\s?%/, lang);
    assert.match(text, /`Atomics.wait`/, lang);
  }
});

test('no note on one worker, or when waiting was rare', () => {
  assert.equal(browserWaitNote(run(1, ['lock-wait', 'work']), words('en')), null);
  const rare = run(4, [...Array(19).fill('work'), 'lock-wait']);
  assert.equal(waitShare(rare), 0.05);
  assert.equal(browserWaitNote(rare, words('en')), null);
});
