// A run's timeline as a Chrome trace-event file, which Perfetto (ui.perfetto.dev) and
// chrome://tracing open. Pure data in, pure data out: no DOM, so node tests import it directly.
// Format: "Trace Event Format" (Google doc linked from the Perfetto docs); we use only complete
// events (ph 'X', times in microseconds) and metadata events (ph 'M') that name the lanes.

// One process for the whole run. Not 0: Perfetto's own JSON exports use pid 0 / tid 0 for the
// kernel's idle thread ("swapper"), so we keep clear of it.
const PID = 1;

/** Worker ids start at 0; trace thread ids start at 1 for the same reason as PID. */
export function threadIdOf(worker) {
  return worker + 1;
}

const microseconds = (ms) => Math.round(ms * 1000 * 1000) / 1000;

/** `{ traceEvents, displayTimeUnit, otherData }` for `report` (a playground run report). */
export function toTraceEvents(report) {
  const workers = report.workers.map((w) => w.id);
  const events = [
    { name: 'process_name', ph: 'M', pid: PID, tid: 0, args: { name: `${report.example} on ${report.threads} workers` } },
  ];
  for (const id of workers) {
    const tid = threadIdOf(id);
    events.push(
      { name: 'thread_name', ph: 'M', pid: PID, tid, args: { name: `worker ${id}` } },
      // Keeps the lanes in worker order instead of the viewer's own.
      { name: 'thread_sort_index', ph: 'M', pid: PID, tid, args: { sort_index: id } },
    );
  }
  for (const span of report.timeline.spans) {
    events.push({
      name: span.kind,
      cat: report.example,
      ph: 'X',
      ts: microseconds(span.startMs),
      dur: microseconds(Math.max(span.endMs - span.startMs, 0)),
      pid: PID,
      tid: threadIdOf(span.worker),
    });
  }
  return {
    traceEvents: events,
    displayTimeUnit: 'ms',
    // Free-form: viewers show it as the trace's metadata. Enough to know what was run.
    otherData: {
      example: report.example,
      params: JSON.stringify(report.params),
      threads: report.threads,
      wallMs: report.wallMs,
      sampled: report.timeline.sampled,
      spansRecorded: report.timeline.spansRecorded,
    },
  };
}

/** A file name that says what is inside: `pipeline-2w-trace.json`. */
export function fileNameFor(report, what) {
  return `${report.example}-${report.threads}w-${what}.json`;
}
