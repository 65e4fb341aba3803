// The timeline's view arithmetic (www/app/timeline-view.js): zoom keeps the point under it,
// pan and zoom stay inside the run, and span lookups by time find what a linear scan finds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  MIN_RANGE_MS, clampView, fullView, laneIndex, panView, revealInView, spanAt, spanFrom, visibleRange, zoomView,
} from '../../www/app/timeline-view.js';

const close = (a, b, what) => assert.ok(Math.abs(a - b) < 1e-9 * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);

test('zooming keeps the anchor where it is on screen, and zooming back out restores the view', () => {
  const end = 200;
  const view = { start: 40, end: 140 };
  const zoomed = zoomView(view, 4, 65, end);
  close(zoomed.end - zoomed.start, 25, 'a quarter of the range');
  close((65 - zoomed.start) / (zoomed.end - zoomed.start), (65 - 40) / 100, 'the anchor\'s place');
  const back = zoomView(zoomed, 1 / 4, 65, end);
  close(back.start, 40, 'start');
  close(back.end, 140, 'end');
});

test('views stay inside the run and never narrower than the minimum', () => {
  const end = 10;
  assert.deepEqual(zoomView(fullView(end), 1 / 3, 5, end), { start: 0, end: 10 }, 'no zooming out past the run');
  assert.deepEqual(panView({ start: 2, end: 4 }, -5, end), { start: 0, end: 2 }, 'pan stops at 0');
  assert.deepEqual(panView({ start: 2, end: 4 }, 50, end), { start: 8, end: 10 }, 'pan stops at the end');
  const deep = zoomView(fullView(end), 1e12, 3, end);
  close(deep.end - deep.start, MIN_RANGE_MS, 'deepest zoom');
  fc.assert(fc.property(
    fc.double({ min: 1e-3, max: 1e5, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true }),
    fc.double({ min: 0.01, max: 100, noNaN: true }), fc.double({ min: -2, max: 2, noNaN: true }),
    (end, where, factor, shift) => {
      const v = panView(zoomView(fullView(end), factor, end * where, end), shift * end, end);
      return v.start >= 0 && v.end <= end * (1 + 1e-12) && v.end - v.start >= Math.min(end, MIN_RANGE_MS) * (1 - 1e-9);
    }));
});

test('revealing a span moves the view just enough, keeping its width', () => {
  const v = { start: 10, end: 20 };
  assert.equal(revealInView(v, 12, 13, 100), v, 'already in view: unchanged');
  const later = revealInView(v, 30, 31, 100);
  close(later.end - later.start, 10, 'width');
  assert.ok(later.start <= 30 && later.end >= 31);
  assert.deepEqual(clampView({ start: -5, end: 5 }, 100), { start: 0, end: 10 });
});

/** Spans as record.rs sends them: sorted by start, on a few workers, some nested, some 0 long. */
const spansArb = fc.array(fc.record({
  worker: fc.integer({ min: 0, max: 2 }),
  startMs: fc.integer({ min: 0, max: 1000 }).map((n) => n / 10),
  length: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 300 }).map((n) => n / 10)),
}), { maxLength: 200 }).map((list) => list
  .map(({ worker, startMs, length }) => ({ worker, kind: 'work', startMs, endMs: startMs + length }))
  .sort((a, b) => a.startMs - b.startMs));

test('visibleRange holds every span that overlaps the view (what a scan finds)', () => {
  fc.assert(fc.property(spansArb, fc.integer({ min: 0, max: 1200 }), fc.integer({ min: 0, max: 300 }), (spans, a, w) => {
    const [t0, t1] = [a / 10, (a + w) / 10];
    for (const worker of [0, 1, 2]) {
      const lane = laneIndex(spans, worker);
      const [from, to] = visibleRange(spans, lane, t0, t1);
      const inRange = new Set(lane.order.slice(from, to));
      for (const i of lane.order) {
        const s = spans[i];
        if (s.endMs >= t0 && s.startMs <= t1 && !inRange.has(i)) return false;
      }
    }
    return true;
  }));
});

test('spanAt finds the innermost span under a time, or the nearest within the slack', () => {
  const spans = [
    { worker: 0, kind: 'work', startMs: 0, endMs: 10 },
    { worker: 1, kind: 'send', startMs: 1, endMs: 2 },
    { worker: 0, kind: 'lock-hold', startMs: 4, endMs: 5 },
    { worker: 0, kind: 'work', startMs: 20, endMs: 20 },
  ];
  const lane = laneIndex(spans, 0);
  assert.deepEqual(lane.order, [0, 2, 3]);
  assert.equal(lane.order[spanAt(spans, lane, 4.5, 0.1)], 2, 'the lock inside the work');
  assert.equal(lane.order[spanAt(spans, lane, 7, 0.1)], 0);
  assert.equal(lane.order[spanAt(spans, lane, 19.95, 0.1)], 3, 'a 0-long span within the slack');
  assert.equal(spanAt(spans, lane, 15, 0.1), -1, 'nothing near');
  assert.equal(spanFrom(spans, lane, 3), 1);
  assert.equal(spanFrom(spans, lane, 99), 2, 'past the last: the last');
  assert.equal(spanFrom(spans, laneIndex(spans, 5), 0), -1, 'a lane without spans');
});
