// The trace export as a viewer reads it: valid trace-event JSON, one named thread per worker,
// complete events in microseconds on the lane of the worker that ran them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileNameFor, threadIdOf, toTraceEvents } from '../../www/app/trace.js';
import { checkTraceShape } from './trace-shape.mjs';

const report = {
  example: 'pipeline',
  params: { items: 1000, chunk: 100, work: 1, threads: 2 },
  threads: 2,
  wallMs: 3.5,
  workers: [{ id: 0, tasks: 2, busyMs: 2 }, { id: 1, tasks: 1, busyMs: 1 }],
  timeline: {
    spans: [
      { worker: 0, kind: 'work', startMs: 0.1, endMs: 1.1 },
      { worker: 1, kind: 'lock-wait', startMs: 0.25, endMs: 0.5 },
      { worker: 0, kind: 'work', startMs: 1.2, endMs: 2.2005 },
    ],
    sampled: false,
    spansRecorded: 2,
  },
};

test('the trace has one named thread per worker and one complete event per span', () => {
  const trace = checkTraceShape(toTraceEvents(report), [0, 1]);
  const spans = trace.traceEvents.filter((e) => e.ph === 'X');
  assert.equal(spans.length, 3);
  assert.deepEqual(spans[0], { name: 'work', cat: 'pipeline', ph: 'X', ts: 100, dur: 1000, pid: 1, tid: threadIdOf(0) });
  assert.equal(spans[1].tid, threadIdOf(1));
  assert.equal(spans[2].dur, 1000.5, 'sub-microsecond precision is kept, rounded to nanoseconds');
  assert.equal(trace.displayTimeUnit, 'ms');
});

test('thread ids avoid 0 and every span lands on a named thread', () => {
  const trace = toTraceEvents(report);
  const named = new Set(trace.traceEvents.filter((e) => e.name === 'thread_name').map((e) => e.tid));
  assert.ok(!named.has(0));
  for (const e of trace.traceEvents.filter((x) => x.ph === 'X')) assert.ok(named.has(e.tid));
});

test('an empty timeline still names its workers', () => {
  const empty = { ...report, timeline: { spans: [], sampled: false, spansRecorded: 0 } };
  const trace = checkTraceShape(toTraceEvents(empty), [0, 1]);
  assert.equal(trace.traceEvents.filter((e) => e.ph === 'X').length, 0);
});

test('file names say what is inside', () => {
  assert.equal(fileNameFor(report, 'trace'), 'pipeline-2w-trace.json');
});
