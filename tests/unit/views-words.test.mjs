// The results views speak the reader's language: what node can build without a DOM (the run's
// one-sentence summary, the timeline described for screen readers, a span's readout) comes from
// the catalog in Thai and in English, and the views' sources hold no English sentence of their
// own, only class names and the few technical strings listed below.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { Words } from '../../www/app/i18n.js';
import { summarize } from '../../www/app/results-text.js';
import { PARAM_SWEEPS, sweepText } from '../../www/app/sweep.js';
import { metricValue } from '../../www/app/wording.js';
import { describeSpan, describeTimeline, kindName, viewEdges } from '../../www/app/timeline-text.js';

const read = (path) => readFileSync(new URL(path, import.meta.url), 'utf8');
/** A language's catalog, with one stand-in example whose words helper "rust-ids" owns. */
function words(lang) {
  const catalog = JSON.parse(read(`../../www/i18n/${lang}.json`));
  catalog.examples = {
    ...catalog.examples,
    demo: { checks: { total: { name: lang === 'th' ? 'ผลรวม `sum` ถูก' : 'the `sum` is right', detail: '{got}/{want}' } } },
  };
  return new Words(lang, catalog);
}

const report = {
  example: 'demo', threads: 2, wallMs: 1234.5, ok: false,
  checks: [{ id: 'total', ok: false, facts: { got: 9, want: 10 } }],
  workers: [{ id: 0, busyMs: 800, waitingMs: 0, tasks: 3 }, { id: 1, busyMs: 0.25, waitingMs: 0.25, tasks: 1 }],
  timeline: {
    sampled: true, spansRecorded: 12000,
    spans: [
      { worker: 0, kind: 'work', startMs: 0, endMs: 800 },
      { worker: 1, kind: 'lock-wait', startMs: 1, endMs: 1.25 },
      { worker: 1, kind: 'send', startMs: 2, endMs: 2.0002 },
    ],
  },
};

/**
 * Latin-letter words in a Thai text that are not code: what a Thai reader should not meet.
 * Kept: Rust terms the course keeps in English, units, and anything in backticks.
 */
const KEPT = new Set(['worker', 'lock', 'thread', 'ms', 'µs', 'MiB', 'KiB', 'B']);
const foreign = (text) => text.replace(/`[^`]*`/g, '').match(/[A-Za-zµ]+/g)?.filter((w) => !KEPT.has(w)) ?? [];

test('the run\'s summary is worded by the catalog, its failed check by its own words', () => {
  const en = summarize(report, words('en'));
  assert.equal(en, 'Finished in 1,235 ms on 2 workers; checks failed: the sum is right.');
  const th = summarize(report, words('th'));
  assert.equal(th, words('th').t('results.summary.finished', {
    time: '1,235 ms', workers: words('th').t('results.headline.onWorkers', { count: 2 }),
    checks: words('th').t('results.summary.failed', { names: 'ผลรวม sum ถูก' }),
  }));
  assert.deepEqual(foreign(th).filter((w) => w !== 'sum'), [], th);
  assert.match(summarize({ ...report, ok: true, checks: [] }, words('th')), /ผ่านการตรวจทุกข้อ/);
});

test('the timeline\'s description and a span\'s readout are in the reader\'s language', () => {
  const en = describeTimeline(report, 1234.5, words('en'));
  assert.match(en, /^Timeline of 2 workers over 1,235 ms: worker 0 busy 800 ms in 3 tasks; worker 1 busy 0.25 ms in 1 task\./);
  assert.match(en, /Spans drawn \(an even sample of 12,000, and each worker's longest\): 1 working span, longest 800 ms; 1 waiting for a lock span/);
  const th = describeTimeline(report, 1234.5, words('th'));
  assert.deepEqual(foreign(th), [], th);
  assert.ok(th.includes(words('th').t('results.timeline.kinds.lock-wait')), th);
  assert.ok(th.includes('12,000'), 'numbers go through placeholders, formatted');

  assert.equal(describeSpan(report.timeline.spans[2], words('en')),
    'sending · worker 1 · starts at 2.0000 ms · lasts 0.20 µs');
  assert.match(describeSpan({ worker: 0, kind: 'work', startMs: 2048.5, endMs: 2050 }, words('en')),
    /starts at 2048\.5000 ms · lasts 1\.500 ms$/, 'a precise time is one number, not grouped');
  const span = describeSpan(report.timeline.spans[2], words('th'));
  assert.deepEqual(foreign(span), [], span);
  assert.ok(span.startsWith(words('th').t('results.timeline.kinds.send')), span);
});

test('a rate is given in whole units from a hundred a second up, like a time in ms', () => {
  const en = words('en');
  assert.equal(metricValue(en, 'messagesPerSec', 1_084_451.39), '1,084,451/s');
  assert.equal(metricValue(en, 'messagesPerSec', 2.5), '2.5/s');
  assert.equal(metricValue(en, 'p50LatencyMs', 56.294), '56.29 ms');
});

test('the timeline\'s view is given to about a thousandth of its width, never finer than 0.1 µs', () => {
  const en = words('en');
  assert.deepEqual(viewEdges(en, 0, 89.4697), { start: '0.00 ms', end: '89.47 ms' }, 'the whole run');
  assert.deepEqual(viewEdges(en, 0, 2048.5), { start: '0 ms', end: '2049 ms' }, 'seconds: whole ms, not grouped');
  assert.deepEqual(viewEdges(en, 12.3456, 12.4456), { start: '12.3456 ms', end: '12.4456 ms' }, 'zoomed to 0.1 ms');
  assert.deepEqual(viewEdges(en, 1.00001, 1.00003), { start: '1.0000 ms', end: '1.0000 ms' }, 'deeper: 0.1 µs steps still');
});

test('each example\'s own sweep and each kind of span have words in both languages', () => {
  for (const lang of ['th', 'en']) {
    for (const config of Object.values(PARAM_SWEEPS)) {
      for (const [part, text] of Object.entries(sweepText(words(lang), config))) {
        assert.ok(!text.startsWith('results.'), `${lang}: ${config.example}'s sweep has no ${part}`);
      }
    }
    for (const kind of ['work', 'lock-wait', 'lock-hold', 'send', 'recv', 'idle', 'wake']) {
      assert.ok(!kindName(words(lang), kind).startsWith('results.'), `${lang}: span kind ${kind}`);
    }
  }
  assert.equal(kindName(words('th'), 'no-such-kind'), 'no-such-kind', 'an unknown kind shows as its id');
});

/**
 * Strings in the views' sources that read as words are class names, or one
 * of these: a font, published figures, a selector, a URL, a command, a file's HTTP error.
 */
const TECHNICAL = new Set([
  '12px system-ui, sans-serif', '2 MiB / 8 MiB', ':scope > details.wrong-way', 'cargo check',
  'https://doc.rust-lang.org/error_codes/ .html', 'wrong-way.json: HTTP  ', 'hljs language-rust', 'diff-line diff- ',
]);
const VIEWS = ['results', 'results-text', 'charts', 'timeline', 'timeline-text', 'timeline-view', 'sweep', 'sweep-charts', 'amdahl',
  'connection-costs', 'wrong-way', 'wrong-way-view', 'wrong-way-text', 'figures'];

test('the views\' sources hold no words of their own: every sentence is in the catalogs', () => {
  const classes = new Set(readdirSync(new URL('../../www/', import.meta.url)).filter((f) => f.endsWith('.css'))
    .flatMap((f) => [...read(`../../www/${f}`).matchAll(/\.([A-Za-z][\w-]*)/g)].map((m) => m[1])));
  const found = [];
  for (const view of VIEWS) {
    const source = read(`../../www/app/${view}.js`)
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
    for (const m of source.matchAll(/'((?:[^'\\\n]|\\.)*)'|`((?:[^`\\]|\\.)*)`|"((?:[^"\\\n]|\\.)*)"/g)) {
      const text = (m[1] ?? m[2] ?? m[3]).replace(/\$\{[^}]*\}/g, ' ');
      if (!/[A-Za-z]{2,}[ ,:][^]*[A-Za-z]{2,}/.test(text) || TECHNICAL.has(text)) continue;
      // Class names: styled in a stylesheet, or hyphenated hooks for tests and scripts.
      if (text.split(/\s+/).every((token) => classes.has(token) || /^[a-z0-9]+(-[a-z0-9]+)+$/.test(token))) continue;
      found.push(`${view}.js: ${JSON.stringify(text)}`);
    }
  }
  assert.deepEqual(found, []);
});
