// The widget's attribute parsing (www/app/attributes.js): the six cases course authors met, as
// fixed examples, and properties over random and adversarial values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { parseAttributes, quote } from '../../www/app/attributes.js';
import { Words } from '../../www/app/i18n.js';

const catalog = (lang) => JSON.parse(readFileSync(new URL(`../../www/i18n/${lang}.json`, import.meta.url), 'utf8'));
const EN = new Words('en', catalog('en'));
const TH = new Words('th', catalog('th'));

const EXAMPLES = [
  {
    id: 'pipeline',
    paramOrder: ['items', 'chunk', 'threads'],
    params: {
      items: { default: 1000000, min: 1, max: 50000000 },
      chunk: { default: 1000, min: 1, max: 50000000 },
      threads: { default: 2, min: 1, max: 2 },
    },
  },
  {
    id: 'message-queue',
    paramOrder: ['channel', 'threads'],
    params: { channel: { default: 'unbounded', options: ['unbounded', 'bounded'] }, threads: { default: 2, min: 1, max: 2 } },
  },
];
const ATTRIBUTES = ['example', 'params', 'threads', 'height', 'theme'];

const parse = (attributes, words = EN) => parseAttributes(attributes, EXAMPLES, 2, words);
const only = (result) => result.problems.map((p) => p.attribute);

test('the cases course authors met each get a message naming the attribute', () => {
  const notJson = parse({ example: 'pipeline', params: 'not json' });
  assert.deepEqual(only(notJson), ['params']);
  assert.match(notJson.problems[0].message, /^The params attribute is not JSON: "not json"/);

  const proto = parse({ example: 'pipeline', params: '{"__proto__": {"polluted": 1}, "items": 10}' });
  assert.deepEqual(only(proto), ['params']);
  assert.match(proto.problems[0].message, /"__proto__", which is not a parameter of pipeline/);
  assert.equal({}.polluted, undefined, 'no prototype was polluted');

  const markup = parse({ example: 'pipeline', params: '{"items": "<b>1</b>"}' });
  assert.match(markup.problems[0].message, /"items" is "<b>1<\/b>"; it must be a whole number from 1 to 50,000,000/);

  const huge = parse({ example: 'pipeline', params: '{"items": 1e300}' });
  assert.match(huge.problems[0].message, /"items" is 1e\+300;/);
  assert.ok(huge.problems[0].message.length < 200, huge.problems[0].message);

  const style = parse({ example: 'pipeline', height: '100px;background:url(x)' });
  assert.deepEqual(only(style), ['height']);
  assert.equal(style.height, null, 'nothing of it is applied');

  assert.deepEqual(only(parse({ example: 'pipeline', threads: '-1' })), ['threads']);
  assert.deepEqual(only(parse({ example: 'nope' })), ['example']);
});

test('what is understood is used: values, the pool-bound threads, a height', () => {
  const ok = parse({ example: 'message-queue', params: '{"channel": "bounded"}', threads: '8', height: '30rem', theme: 'dark' });
  assert.deepEqual(ok.problems, []);
  assert.deepEqual(ok.values, { channel: 'bounded', threads: 2 });
  assert.equal(ok.height, '30rem');
  assert.equal(parse({ height: '600' }).height, '600px');
  assert.equal(parse({}).example.id, 'pipeline', 'no example attribute: the first');
});

test('quote shortens and never prints a number in full', () => {
  assert.equal(quote('x'.repeat(100)).length, 40);
  assert.equal(quote(1e300), '1e+300');
  assert.equal(quote({ a: 1 }), '{"a":1}');
});

/** Attribute values as an author (or a fuzzer) might write them. */
const anyValue = fc.oneof(
  fc.constant(null),
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.json(),
  fc.constantFrom('pipeline', 'message-queue', '{"items": 10}', '{"channel": "bounded"}', '{"__proto__": 1}',
    '{"constructor": {"prototype": {}}}', '2', '-1', '1e3', '600px', '50%', 'calc(1px)', 'light', 'dark', ''),
);

test('any attributes: problems name an attribute and stay short; no problem means a runnable example', () => {
  fc.assert(fc.property(fc.record(Object.fromEntries(ATTRIBUTES.map((a) => [a, anyValue]))), (attributes) => {
    const result = parse(attributes);
    for (const { attribute, message } of result.problems) {
      assert.ok(ATTRIBUTES.includes(attribute));
      assert.ok(message.startsWith(`The ${attribute} attribute `), message);
      // Author text is quoted at most 40 characters at a time; the rest is ours.
      assert.ok(message.length < 400, message);
    }
    if (result.problems.length === 0) {
      assert.ok(result.example, 'an example to run');
      for (const [name, value] of Object.entries(result.values)) {
        assert.ok(Object.hasOwn(result.example.params, name), name);
        assert.notEqual(value, undefined);
      }
    }
    assert.equal({}.polluted, undefined);
    assert.equal(Object.prototype.constructor, Object);
  }), { numRuns: 2000 });
});

test('in Thai, each problem is a Thai sentence that still names the attribute and quotes the value', () => {
  const cases = [
    [{ example: 'nope' }, 'example', /"nope"/],
    [{ example: 'pipeline', params: 'not json' }, 'params', /"not json"/],
    [{ example: 'pipeline', params: '{"items": 0}' }, 'params', /"items".*1 ถึง 50,000,000/],
    [{ example: 'pipeline', threads: '99' }, 'threads', /"99".*64/],
    [{ example: 'pipeline', height: 'tall' }, 'height', /"tall"/],
    [{ example: 'pipeline', theme: 'blue' }, 'theme', /"blue"/],
  ];
  for (const [attributes, attribute, quoted] of cases) {
    const [problem] = parse(attributes, TH).problems;
    assert.equal(problem.attribute, attribute);
    assert.match(problem.message, /[\u0E00-\u0E7F]/, `${problem.message} is Thai`);
    assert.match(problem.message, new RegExp(`attribute ${attribute} `), problem.message);
    assert.match(problem.message, quoted);
    assert.doesNotMatch(problem.message, /\{\w+\}/, 'every placeholder filled');
  }
});
