// Timing one example over a range of settings (workers, chunk size): a warm-up run first, then
// a few runs per setting, keeping the median. No DOM; `run` is the playground's run method.
//
// Why the warm-up: the browser compiles wasm with a fast baseline compiler first and swaps in
// optimised code for hot functions later, so the first heavy run after a load is slower.
// Why the median: one run can be slowed by anything else on the machine; the median of a few
// ignores a single outlier where the mean would not.

export const REPEATS = 3;

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Runs example `id` with `params` once per value of `values` for parameter `name`, `repeats`
 * times each, after one warm-up run with `warmUp` params. Resolves with
 * `{ points: [{ value, medianMs, runsMs }], last }`, where `last` is the final report.
 * `onStep(done, total)` is told before each run, for a progress line. `measure(report)` picks
 * the figure compared (default: wall time). Rejects as soon as a run does (an AbortError
 * after a cancel).
 */
export async function sweep(run, id, params, {
  name, values, warmUp, repeats = REPEATS, onStep = () => {}, measure = (report) => report.wallMs,
}) {
  const total = 1 + values.length * repeats;
  let done = 0;
  onStep(done++, total);
  let last = await run(id, { ...params, ...warmUp });
  const points = [];
  for (const value of values) {
    const runsMs = [];
    for (let i = 0; i < repeats; i++) {
      onStep(done++, total);
      last = await run(id, { ...params, [name]: value });
      runsMs.push(measure(last));
    }
    points.push({ value, medianMs: median(runsMs), runsMs });
  }
  return { points, last };
}

/** Speedups relative to the one-worker point: `[[workers, speedup]]`. */
export function speedups(points) {
  const one = points.find((p) => p.value === 1);
  if (!one) return [];
  return points.map((p) => [p.value, one.medianMs / p.medianMs]);
}

/** Chunk sizes worth comparing for `items` items: powers of ten, then all items in one chunk. */
export function chunkSizes(items) {
  const sizes = [];
  for (let size = 1; size < items; size *= 10) sizes.push(size);
  sizes.push(items);
  return sizes;
}

/**
 * Sweeps over one of an example's own parameters, offered as a button for that example. Their
 * words (the button and chart title, the axes) are the catalog's `results.sweeps.<example>`:
 * see sweepText.
 */
export const PARAM_SWEEPS = {
  pipeline: {
    example: 'pipeline', param: 'chunk',
    values: (params) => chunkSizes(params.items),
  },
  // Categories, not a scale: the figure compared is the total time players waited for locks.
  'game-server': {
    example: 'game-server', param: 'strategy', categorical: true,
    measure: (report) => report.metrics.lockWaitMs,
    values: () => ['mutex', 'rwlock', 'sharded', 'actor'],
  },
};

/** `{ title, x, y }` of an example's sweep (`config` one of PARAM_SWEEPS) in `words`. */
export function sweepText(words, config) {
  const key = `results.sweeps.${config.example}`;
  return { title: words.t(`${key}.title`), x: words.t(`${key}.x`), y: words.t(`${key}.y`) };
}
