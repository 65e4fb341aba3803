// The widget's attributes, each parsed once and strictly: a course author's typo becomes a
// message that names the attribute, quotes (shortened) what was written and says what is
// accepted, and nothing runs on a value that was not understood. Pure functions, no DOM, so
// they are tested in node too (tests/unit/attributes.test.mjs). The messages are the catalog's
// `widget.attributes.*` in the widget's language (`words`, a Words of app/i18n.js).

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
export function acceptedWords(spec, words) {
  return spec.options
    ? words.t('widget.attributes.acceptedOptions', { options: spec.options.map((o) => JSON.stringify(o)).join(', ') })
    : words.t('widget.attributes.acceptedRange', { min: spec.min, max: spec.max });
}

/** A problem with `attribute`: the catalog's message `widget.attributes.<message>` with `args`. */
function problem(attribute, message, args, words) {
  return { attribute, message: words.t(`widget.attributes.${message}`, args) };
}

/** The example `example="…"` names: the first one when the attribute is absent. */
function parseExample(raw, examples, words) {
  if (raw === null) return { example: examples[0] };
  const example = examples.find((e) => e.id === raw);
  if (example) return { example };
  return { problem: problem('example', 'exampleUnknown', { value: quote(raw), examples: examples.map((e) => e.id).join(', ') }, words) };
}

/** Whether one value of `params` is what its declared spec accepts. */
function accepts(spec, value) {
  if (spec.options) return spec.options.includes(value);
  return typeof value === 'number' && Number.isInteger(value) && value >= spec.min && value <= spec.max;
}

/** `params='{"producers": 4}'`: a JSON object of the example's own parameters. */
function parseParams(raw, example, words) {
  if (raw === null || raw.trim() === '') return { values: {} };
  const like = `{"${example.paramOrder[0]}": …}`;
  let values;
  try {
    values = JSON.parse(raw);
  } catch {
    return { problem: problem('params', 'paramsNotJson', { value: quote(raw), like }, words) };
  }
  if (values === null || typeof values !== 'object' || Array.isArray(values)) {
    return { problem: problem('params', 'paramsNotObject', { value: quote(values), like }, words) };
  }
  // Own keys only, `__proto__` included: JSON.parse makes it an own property, never a prototype.
  for (const name of Object.keys(values)) {
    if (!Object.hasOwn(example.params, name)) {
      return { problem: problem('params', 'paramsUnknown', { name: quote(name), example: example.id, params: example.paramOrder.join(', ') }, words) };
    }
    const spec = example.params[name];
    if (!accepts(spec, values[name])) {
      return { problem: problem('params', 'paramsValue', { name: `"${name}"`, value: quote(values[name]), accepted: acceptedWords(spec, words) }, words) };
    }
  }
  return { values };
}

/** `threads="2"`: workers a run uses; more than the page's pool gets the pool's size. */
function parseThreads(raw, poolSize, words) {
  if (raw === null) return {};
  const n = /^\s*\d+\s*$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_THREADS) {
    return { problem: problem('threads', 'threads', { value: quote(raw), max: MAX_THREADS }, words) };
  }
  return { threads: Math.min(n, poolSize) };
}

/** `height="600px"` (a bare number is pixels): the CSS length the widget keeps, or null. */
function parseHeight(raw, words) {
  const height = cssHeight(raw);
  if (height === undefined) return { problem: problem('height', 'height', { value: quote(raw) }, words) };
  return { height };
}

/**
 * `height` as a CSS length (a bare number in px), null when absent, undefined when not a
 * length: what the widget applies at once, before (and without) the words of a problem.
 */
export function cssHeight(raw) {
  if (raw === null || raw.trim() === '') return null;
  const text = raw.trim();
  if (!LENGTH.test(text)) return undefined;
  return /^[\d.]+$/.test(text) ? `${text}px` : text;
}

/** `theme="dark"`: the colour scheme; absent means the reader's setting. */
export function parseTheme(raw, words) {
  if (raw === null || THEMES.includes(raw)) return {};
  return { problem: problem('theme', 'theme', { value: quote(raw) }, words) };
}

/**
 * Everything the attributes ask for: `{ example, values, height, problems }`. `attributes`
 * maps a name to its value or null; `examples` and `poolSize` come from the playground;
 * `words` words the problems.
 * `values` (the form's values) hold only what was understood; `problems` lists each attribute
 * that was not, and while there is one, nothing may run.
 */
export function parseAttributes(attributes, examples, poolSize, words) {
  const get = (name) => attributes[name] ?? null;
  const problems = [];
  const { example, problem: exampleProblem } = parseExample(get('example'), examples, words);
  if (exampleProblem) problems.push(exampleProblem);
  let values = {};
  if (example) {
    const params = parseParams(get('params'), example, words);
    if (params.problem) problems.push(params.problem);
    else values = params.values;
  }
  const threads = parseThreads(get('threads'), poolSize, words);
  if (threads.problem) problems.push(threads.problem);
  else if (threads.threads !== undefined) values = { ...values, threads: threads.threads };
  const height = parseHeight(get('height'), words);
  if (height.problem) problems.push(height.problem);
  const theme = parseTheme(get('theme'), words);
  if (theme.problem) problems.push(theme.problem);
  return { example: example ?? null, values, height: height.height ?? null, problems };
}
