// The widget's attributes, each parsed once and strictly: a course author's typo becomes a
// message that names the attribute, quotes (shortened) what was written and says what is
// accepted, and nothing runs on a value that was not understood. Pure functions, no DOM, so
// they are tested in node too (tests/unit/attributes.test.mjs).
import { number } from './format.js';

/** The most characters of an author's value quoted back: a message must never widen a page. */
const QUOTE_CHARS = 40;
/** What `height` accepts: a number with a CSS length unit (or none: pixels). */
const LENGTH = /^(\d+(\.\d+)?|\.\d+)(px|em|rem|vh|svh|lvh|dvh|vw|%|ch|ex|lh|cm|mm|in|pt|pc)?$/;
export const THEMES = ['light', 'dark'];
export const MAX_THREADS = 64;

/** `value` as an author would recognise it, cut to QUOTE_CHARS with an ellipsis. */
export function quote(value) {
  let text;
  if (typeof value === 'string') text = JSON.stringify(value);
  else if (typeof value === 'number') text = Math.abs(value) >= 1e15 ? value.toExponential() : String(value);
  else text = JSON.stringify(value) ?? String(value);
  return text.length > QUOTE_CHARS ? `${text.slice(0, QUOTE_CHARS - 1)}…` : text;
}

/** The words for what a declared parameter accepts (`spec` as playground.examples gives it). */
export function acceptedWords(spec) {
  return spec.options
    ? `one of ${spec.options.map((o) => JSON.stringify(o)).join(', ')}`
    : `a whole number from ${number(spec.min)} to ${number(spec.max)}`;
}

function problem(attribute, message) {
  return { attribute, message: `The ${attribute} attribute ${message}` };
}

/** The example `example="…"` names: the first one when the attribute is absent. */
function parseExample(raw, examples) {
  if (raw === null) return { example: examples[0] };
  const example = examples.find((e) => e.id === raw);
  if (example) return { example };
  return { problem: problem('example', `is ${quote(raw)}, which no example is called. The examples: ${examples.map((e) => e.id).join(', ')}.`) };
}

/** One value of `params` against its declared spec; a problem's message, or null. */
function checkValue(name, value, spec) {
  const got = `"${name}" is ${quote(value)}; it must be ${acceptedWords(spec)}.`;
  if (spec.options) return spec.options.includes(value) ? null : got;
  const ok = typeof value === 'number' && Number.isInteger(value) && value >= spec.min && value <= spec.max;
  return ok ? null : got;
}

/** `params='{"producers": 4}'`: a JSON object of the example's own parameters. */
function parseParams(raw, example) {
  if (raw === null || raw.trim() === '') return { values: {} };
  let values;
  try {
    values = JSON.parse(raw);
  } catch {
    return { problem: problem('params', `is not JSON: ${quote(raw)}. Write a JSON object, like {"${example.paramOrder[0]}": …}.`) };
  }
  if (values === null || typeof values !== 'object' || Array.isArray(values)) {
    return { problem: problem('params', `must be a JSON object, like {"${example.paramOrder[0]}": …}; got ${quote(values)}.`) };
  }
  // Own keys only, `__proto__` included: JSON.parse makes it an own property, never a prototype.
  for (const name of Object.keys(values)) {
    if (!Object.hasOwn(example.params, name)) {
      return { problem: problem('params', `names ${quote(name)}, which is not a parameter of ${example.id}. Its parameters: ${example.paramOrder.join(', ')}.`) };
    }
    const wrong = checkValue(name, values[name], example.params[name]);
    if (wrong) return { problem: problem('params', `says ${wrong}`) };
  }
  return { values };
}

/** `threads="2"`: workers a run uses; more than the page's pool gets the pool's size. */
function parseThreads(raw, poolSize) {
  if (raw === null) return {};
  const n = /^\s*\d+\s*$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_THREADS) {
    return { problem: problem('threads', `is ${quote(raw)}; it must be a whole number from 1 to ${MAX_THREADS}.`) };
  }
  return { threads: Math.min(n, poolSize) };
}

/** `height="600px"` (a bare number is pixels): the CSS length the widget keeps, or null. */
export function parseHeight(raw) {
  if (raw === null || raw.trim() === '') return { height: null };
  const text = raw.trim();
  if (!LENGTH.test(text)) {
    return { problem: problem('height', `is ${quote(raw)}; it must be a CSS length, like 600px, 40rem or 80vh (a bare number is pixels).`) };
  }
  return { height: /^[\d.]+$/.test(text) ? `${text}px` : text };
}

/** `theme="dark"`: the colour scheme; absent means the reader's setting. */
export function parseTheme(raw) {
  if (raw === null || THEMES.includes(raw)) return {};
  return { problem: problem('theme', `is ${quote(raw)}; it must be "light" or "dark" (or left out: the reader's setting).`) };
}

/**
 * Everything the attributes ask for: `{ example, values, height, problems }`. `attributes`
 * maps a name to its value or null; `examples` and `poolSize` come from the playground.
 * `values` (the form's values) hold only what was understood; `problems` lists each attribute
 * that was not, and while there is one, nothing may run.
 */
export function parseAttributes(attributes, examples, poolSize) {
  const get = (name) => attributes[name] ?? null;
  const problems = [];
  const { example, problem: exampleProblem } = parseExample(get('example'), examples);
  if (exampleProblem) problems.push(exampleProblem);
  let values = {};
  if (example) {
    const params = parseParams(get('params'), example);
    if (params.problem) problems.push(params.problem);
    else values = params.values;
  }
  const threads = parseThreads(get('threads'), poolSize);
  if (threads.problem) problems.push(threads.problem);
  else if (threads.threads !== undefined) values = { ...values, threads: threads.threads };
  const height = parseHeight(get('height'));
  if (height.problem) problems.push(height.problem);
  const theme = parseTheme(get('theme'));
  if (theme.problem) problems.push(theme.problem);
  return { example: example ?? null, values, height: height.height ?? null, problems };
}
