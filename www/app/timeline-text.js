// The timeline's words that need no DOM (app/timeline.js draws the rest), so that node can test
// them: the timeline and a span described for the readout and for screen readers, in the
// catalog's `results.timeline.*` words with numbers formatted for the reader's language.

/** The kinds of span the runtime records (runtime/record.rs SpanKind), each with a name in the catalog. */
const KINDS = ['work', 'lock-wait', 'lock-hold', 'send', 'recv', 'idle', 'wake'];

/** A kind of span in words; a kind this module does not know shows as its id. */
export function kindName(words, kind) {
  return KINDS.includes(kind) ? words.t(`results.timeline.kinds.${kind}`) : kind;
}

/**
 * `x` with exactly `digits` decimals, in the language's digits and decimal sign; no grouping, so
 * that a precise time reads as one number (2048.1250 ms) in the readout and on the axis.
 */
export function fixed(words, x, digits) {
  return new Intl.NumberFormat(words.lang, { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: false }).format(x);
}

/**
 * The timeline in words, for screen readers: each worker's busy time and tasks, then each kind
 * of span with its count and longest one (of the spans drawn, when they are a sample).
 */
export function describeTimeline(report, end, words) {
  const workers = report.workers.map((w) =>
    words.t('results.timeline.describeWorker', { id: w.id, time: words.ms(w.busyMs), count: w.tasks }));
  const kinds = new Map();
  for (const span of report.timeline.spans) {
    const kind = kinds.get(span.kind) ?? { count: 0, longest: 0 };
    kind.count += 1;
    kind.longest = Math.max(kind.longest, span.endMs - span.startMs);
    kinds.set(span.kind, kind);
  }
  const spans = [...kinds].map(([kind, { count, longest }]) =>
    words.t('results.timeline.describeKind', { kind: kindName(words, kind), count, time: words.ms(longest) }));
  const drawn = spans.length > 0 ? spans.join('; ') : words.t('results.timeline.describeNone');
  const lanes = words.t('results.timeline.describe', { count: report.workers.length, time: words.ms(end), workers: workers.join('; ') });
  const sample = report.timeline.sampled
    ? words.t('results.timeline.describeSpansSampled', { count: report.timeline.spansRecorded, spans: drawn })
    : words.t('results.timeline.describeSpans', { spans: drawn });
  return `${lanes} ${sample}`;
}

/** A time precise enough to tell spans apart at any zoom: ms with four decimals (0.1 µs). */
function at(words, t) {
  return `${fixed(words, t, 4)} ms`;
}

/**
 * The edges of the view from `start` to `end` ms, in steps of about a thousandth of its width
 * (whole ms down to 0.1 µs): the whole run reads "0.00 ms to 89.47 ms", a view of 50 µs gets
 * all four decimals.
 */
export function viewEdges(words, start, end) {
  const digits = Math.min(4, Math.max(0, Math.ceil(-Math.log10((end - start) / 1000))));
  return { start: `${fixed(words, start, digits)} ms`, end: `${fixed(words, end, digits)} ms` };
}

/**
 * A span's length: µs under a millisecond, so a 0.2 µs span does not read "0 ms". The browser's
 * clock counts in steps of a few µs, so many short spans last 0.
 */
function length(words, t) {
  if (t === 0) return `${words.number(0)} µs`;
  return t < 1 ? `${fixed(words, t * 1000, t < 0.01 ? 2 : 1)} µs` : `${fixed(words, t, 3)} ms`;
}

/** What the readout says of a span. */
export function describeSpan(span, words) {
  return words.t('results.timeline.span', {
    kind: kindName(words, span.kind), worker: span.worker, start: at(words, span.startMs), length: length(words, span.endMs - span.startMs),
  });
}
