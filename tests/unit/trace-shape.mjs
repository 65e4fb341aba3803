// What makes a file loadable as a trace-event JSON with one lane per worker. Shared by the
// unit test of trace.js and the end-to-end test of the page's download.
import assert from 'node:assert/strict';

/** Parses `text` (or re-serialises an object) and checks it; returns the parsed trace. */
export function checkTraceShape(trace, workers) {
  const parsed = JSON.parse(typeof trace === 'string' ? trace : JSON.stringify(trace));
  assert.ok(Array.isArray(parsed.traceEvents), 'traceEvents is an array');
  for (const event of parsed.traceEvents) {
    assert.equal(typeof event.name, 'string');
    assert.ok(['X', 'M'].includes(event.ph), `phase ${event.ph}`);
    assert.ok(Number.isInteger(event.pid) && Number.isInteger(event.tid));
    if (event.ph === 'X') {
      assert.equal(typeof event.cat, 'string');
      assert.ok(event.ts >= 0 && event.dur >= 0, 'times are non-negative microseconds');
    }
  }
  const names = parsed.traceEvents.filter((e) => e.ph === 'M' && e.name === 'thread_name');
  assert.deepEqual(names.map((e) => e.args.name).sort(), workers.map((id) => `worker ${id}`).sort());
  assert.equal(new Set(names.map((e) => e.tid)).size, workers.length, 'one thread per worker');
  return parsed;
}
