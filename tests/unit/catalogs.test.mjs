// The message catalogs (www/i18n/*.json) agree: every key of one is in the other and not empty,
// lists have the same length, and each message has the same {placeholders} in both languages,
// so no word falls back to a key and no number goes missing in translation.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import test from 'node:test';
import { LANGUAGES, pickLanguage, Words } from '../../www/app/i18n.js';

const load = (lang) => JSON.parse(readFileSync(new URL(`../../www/i18n/${lang}.json`, import.meta.url), 'utf8'));
const catalogs = Object.fromEntries(LANGUAGES.map((lang) => [lang, load(lang)]));

/** A plural ({one?, other, …}) is one message; any other object is a folder of keys. */
const isPlural = (v) => v !== null && typeof v === 'object' && !Array.isArray(v) && typeof v.other === 'string';
const placeholders = (message) => {
  const texts = isPlural(message) ? Object.values(message) : [message];
  return [...new Set(texts.flatMap((text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1])))].sort();
};

/** Every message as [key, message], lists' items as key.0, key.1, … */
function messages(node, prefix = '') {
  if (typeof node === 'string' || isPlural(node)) return [[prefix, node]];
  if (Array.isArray(node)) return node.flatMap((item, i) => messages(item, `${prefix}.${i}`));
  return Object.entries(node).flatMap(([key, value]) => messages(value, prefix ? `${prefix}.${key}` : key));
}

/** What is wrong between two catalogs, as readable lines (empty when they agree). */
function disagreements(a, b, [nameA, nameB] = ['a', 'b']) {
  const problems = [];
  const mapA = new Map(messages(a));
  const mapB = new Map(messages(b));
  for (const [key, message] of mapA) {
    if (!mapB.has(key)) problems.push(`${key}: in ${nameA}, missing in ${nameB}`);
    else if (JSON.stringify(placeholders(message)) !== JSON.stringify(placeholders(mapB.get(key)))) {
      problems.push(`${key}: placeholders ${placeholders(message)} in ${nameA}, ${placeholders(mapB.get(key))} in ${nameB}`);
    }
  }
  for (const key of mapB.keys()) if (!mapA.has(key)) problems.push(`${key}: in ${nameB}, missing in ${nameA}`);
  for (const [name, map] of [[nameA, mapA], [nameB, mapB]]) {
    for (const [key, message] of map) {
      const texts = isPlural(message) ? Object.values(message) : [message];
      if (texts.some((text) => typeof text !== 'string' || text.trim() === '')) problems.push(`${key}: empty in ${name}`);
    }
  }
  return problems;
}

test('the Thai and English catalogs have the same keys, none empty, with the same placeholders', () => {
  assert.deepEqual(disagreements(catalogs.th, catalogs.en, ['th', 'en']), []);
});

test('the catalog check goes red on a missing key, an empty message and a changed placeholder', () => {
  const en = { a: { b: 'runs {count} items', c: 'ok' }, list: ['x', 'y'], plural: { one: '{count} item', other: '{count} items' } };
  const th = structuredClone({ a: { b: 'รัน {count} รายการ', c: 'ตกลง' }, list: ['ก', 'ข'], plural: { other: '{count} รายการ' } });
  assert.deepEqual(disagreements(th, en), []);
  const missing = structuredClone(th);
  delete missing.a.c;
  assert.match(disagreements(missing, en).join('\n'), /a\.c: in b, missing in a/);
  const empty = structuredClone(th);
  empty.a.c = ' ';
  assert.match(disagreements(empty, en).join('\n'), /a\.c: empty in a/);
  const renamed = structuredClone(th);
  renamed.a.b = 'รัน {n} รายการ';
  assert.match(disagreements(renamed, en).join('\n'), /a\.b: placeholders/);
  const shortList = structuredClone(th);
  shortList.list.pop();
  assert.match(disagreements(shortList, en).join('\n'), /list\.1/);
});

test('a language is picked from BCP 47 tags, English when none has a catalog', () => {
  assert.equal(pickLanguage(['th-TH', 'en-US']), 'th');
  assert.equal(pickLanguage(['de-DE', 'EN_gb']), 'en');
  assert.equal(pickLanguage(['fr']), 'en');
  assert.equal(pickLanguage([]), 'en');
});

test('messages fill placeholders with numbers formatted for the language, and choose plurals', () => {
  const en = new Words('en', { runs: { one: '{count} run', other: '{count} runs' }, hi: 'hi {name}' });
  assert.equal(en.t('runs', { count: 1 }), '1 run');
  assert.equal(en.t('runs', { count: 12000 }), '12,000 runs');
  assert.equal(en.t('hi', { name: 'Ada' }), 'hi Ada');
  assert.equal(en.t('no.such.key'), 'no.such.key');
  const th = new Words('th', { runs: { other: 'รัน {count} ครั้ง' } });
  assert.equal(th.t('runs', { count: 1 }), 'รัน 1 ครั้ง');
  assert.equal(th.ms(1234.5), '1,235 ms');
});
