// The timeline's view arithmetic, kept free of the DOM so that node can test it: the visible
// time range (zoom and pan within [0, end]) and finding spans by time in one worker's lane.
// Spans come sorted by start (runtime/record.rs sorts them), so lookups are binary searches.

/** How far in one can zoom: a view never shows less than this many ms (0.1 µs), or end / 1e6. */
export const MIN_RANGE_MS = 1e-4;

export function fullView(end) {
  return { start: 0, end };
}

/** `view` moved and shrunk to fit inside [0, end], never narrower than the minimum range. */
export function clampView({ start, end: stop }, end) {
  const min = Math.min(end, Math.max(MIN_RANGE_MS, end / 1e6));
  let range = Math.min(Math.max(stop - start, min), end);
  let from = Math.min(Math.max(start, 0), end - range);
  return { start: from, end: from + range };
}

/** The view zoomed by `factor` (> 1 zooms in) keeping time `at` where it is on screen. */
export function zoomView(view, factor, at, end) {
  const range = (view.end - view.start) / factor;
  const share = view.end > view.start ? (at - view.start) / (view.end - view.start) : 0.5;
  return clampView({ start: at - share * range, end: at - share * range + range }, end);
}

/** The view moved by `delta` ms (negative: earlier). */
export function panView(view, delta, end) {
  return clampView({ start: view.start + delta, end: view.end + delta }, end);
}

/** The view moved just enough to show [from, to] (or centred on it when it is wider). */
export function revealInView(view, from, to, end) {
  const range = view.end - view.start;
  if (from >= view.start && to <= view.end) return view;
  if (to - from >= range) return clampView({ start: (from + to) / 2 - range / 2, end: (from + to) / 2 + range / 2 }, end);
  const start = from < view.start ? from - range * 0.1 : to - range * 0.9;
  return clampView({ start, end: start + range }, end);
}

/**
 * One worker's spans, for lookups: `order` holds indices into `spans` by start, `reach[i]` the
 * latest end among the first i + 1 of them (so every span before the first i with reach[i] > t
 * ends by t).
 */
export function laneIndex(spans, worker) {
  const order = [];
  for (let i = 0; i < spans.length; i++) if (spans[i].worker === worker) order.push(i);
  const reach = new Float64Array(order.length);
  let latest = -Infinity;
  order.forEach((i, k) => { latest = Math.max(latest, spans[i].endMs); reach[k] = latest; });
  return { order, reach };
}

/** The first k with `pred(k)` true, for a predicate false then true over [0, n). */
function firstTrue(n, pred) {
  let lo = 0, hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (pred(mid)) hi = mid; else lo = mid + 1;
  }
  return lo;
}

/** [from, to) positions in `lane.order` of the spans that may overlap [t0, t1]. */
export function visibleRange(spans, lane, t0, t1) {
  const from = firstTrue(lane.order.length, (k) => lane.reach[k] >= t0);
  const to = firstTrue(lane.order.length, (k) => spans[lane.order[k]].startMs > t1);
  return [from, Math.max(from, to)];
}

/**
 * The position in `lane.order` of the span at time `t`, or the nearest one within `slack` ms;
 * -1 when none is that close. Of spans that overlap `t`, the shortest (the innermost) wins.
 */
export function spanAt(spans, lane, t, slack) {
  const [from, to] = visibleRange(spans, lane, t - slack, t + slack);
  let best = -1, bestScore = Infinity;
  for (let k = from; k < to; k++) {
    const s = spans[lane.order[k]];
    const distance = t < s.startMs ? s.startMs - t : t > s.endMs ? t - s.endMs : 0;
    if (distance > slack) continue;
    // Inside a span beats near one; then the shorter span.
    const score = distance * 1e9 + (s.endMs - s.startMs);
    if (score < bestScore) { best = k; bestScore = score; }
  }
  return best;
}

/** The position in `lane.order` of the first span starting at or after `t` (or the last one). */
export function spanFrom(spans, lane, t) {
  if (lane.order.length === 0) return -1;
  return Math.min(firstTrue(lane.order.length, (k) => spans[lane.order[k]].startMs >= t), lane.order.length - 1);
}
