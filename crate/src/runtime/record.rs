//! What each worker did during a run: task counts, busy and waiting time, and a bounded timeline
//! of spans.
//!
//! Each worker writes only to its own lane, so recording never makes workers wait for each
//! other (the per-lane mutex is uncontended). Lanes are indexed by the worker's index in the
//! pool, which is the web worker's number in the browser. Each lane has a cache line of its
//! own: lanes side by side would share lines, and every span one worker records would take the
//! line from the workers beside it (false sharing), a cost that grows with the workers.

use crossbeam_utils::CachePadded;
use serde::Serialize;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use web_time::Instant;

/// Spans kept per worker. Past this, a worker keeps an even sample across the whole run
/// (every 2nd span, then every 4th, …), and the timeline says so; counts stay exact.
pub const SPANS_PER_WORKER: usize = 4000;

/// What a worker was doing during a span. The page draws each kind with its own pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SpanKind {
    /// Computing: a chunk, a request, an action.
    Work,
    /// Waiting to acquire a lock.
    LockWait,
    /// Holding a lock.
    LockHold,
    /// Sending into a channel (including waiting for room in a bounded one).
    Send,
    /// Receiving from a channel (including waiting for a message).
    Recv,
    /// Sleeping or otherwise idle on purpose.
    Idle,
    /// A periodic wake-up (the sensor aggregator's).
    Wake,
}

impl SpanKind {
    /// Whether time in this kind counts as busy. Waiting does not: for a lock, for room in a
    /// channel or a message from it (send and receive spans include that wait), or asleep.
    pub fn is_busy(self) -> bool {
        matches!(self, SpanKind::Work | SpanKind::LockHold | SpanKind::Wake)
    }

    /// Whether time in this kind is waiting for another thread: for a lock, or in a channel's
    /// send or receive. Idle is not: a worker sleeps there on purpose.
    pub fn is_waiting(self) -> bool {
        matches!(self, SpanKind::LockWait | SpanKind::Send | SpanKind::Recv)
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Span {
    pub worker: usize,
    pub kind: SpanKind,
    pub start_ms: f64,
    pub end_ms: f64,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Timeline {
    pub spans: Vec<Span>,
    /// True when a worker had more spans than it keeps and `spans` is a sample of them.
    pub sampled: bool,
    /// Spans recorded in all, kept or not.
    pub spans_recorded: u64,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkerReport {
    pub id: usize,
    pub tasks: u64,
    pub busy_ms: f64,
    /// Every waiting span's length summed, exactly: the timeline may keep only a sample.
    pub waiting_ms: f64,
}

#[derive(Default)]
struct Lane {
    tasks: AtomicU64,
    busy_ns: AtomicU64,
    waiting_ns: AtomicU64,
    spans: Mutex<Sample>,
}

/// An even sample of a worker's spans: span number i is kept when a scrambled i is a multiple
/// of `stride`, and the stride doubles whenever the sample is full (a kept span then stays only
/// if its mark is a multiple of the new stride too), so the kept spans always cover the whole
/// run rather than only its start. Scrambled, because a worker's spans come in cycles (receive,
/// work, receive, work, …): every stride-th span of a cycle of two would all be of one kind,
/// and the timeline would show a consumer that only ever receives.
struct Sample {
    /// Each kept span with its mark, the scrambled number it was kept by.
    kept: Vec<(u64, Span)>,
    seen: u64,
    stride: u64,
}

impl Default for Sample {
    fn default() -> Self {
        Sample { kept: Vec::new(), seen: 0, stride: 1 }
    }
}

/// A bijection of the span numbers that breaks up any cycle in them (splitmix64's finalizer).
fn scramble(index: u64) -> u64 {
    let mut x = index.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

impl Sample {
    fn offer(&mut self, span: impl FnOnce() -> Span) {
        let mark = scramble(self.seen);
        self.seen += 1;
        if !mark.is_multiple_of(self.stride) {
            return;
        }
        self.kept.push((mark, span()));
        // Each doubling keeps about half; it repeats in the rare case that it kept nearly all.
        while self.kept.len() >= SPANS_PER_WORKER {
            self.stride *= 2;
            let stride = self.stride;
            self.kept.retain(|(mark, _)| mark.is_multiple_of(stride));
        }
    }
}

pub struct Recorder {
    origin: Instant,
    lanes: Vec<CachePadded<Lane>>,
}

impl Recorder {
    pub fn new(workers: usize, origin: Instant) -> Self {
        Recorder { origin, lanes: (0..workers).map(|_| CachePadded::default()).collect() }
    }

    /// Milliseconds since the run started.
    pub fn ms_since_start(&self, t: Instant) -> f64 {
        t.saturating_duration_since(self.origin).as_secs_f64() * 1000.0
    }

    fn lane(&self) -> Option<(usize, &Lane)> {
        let i = rayon::current_thread_index()?;
        self.lanes.get(i).map(|l| (i, &**l))
    }

    /// Records a span from `start` to `end` on the calling worker. Calls from outside the pool
    /// (the runtime's own thread) are not worker activity and are not recorded.
    pub fn span_between(&self, kind: SpanKind, start: Instant, end: Instant) {
        let Some((worker, lane)) = self.lane() else {
            return;
        };
        let total = match kind {
            k if k.is_busy() => Some(&lane.busy_ns),
            k if k.is_waiting() => Some(&lane.waiting_ns),
            _ => None,
        };
        if let Some(total) = total {
            total.fetch_add(end.saturating_duration_since(start).as_nanos() as u64, Ordering::Relaxed);
        }
        let span =
            || Span { worker, kind, start_ms: self.ms_since_start(start), end_ms: self.ms_since_start(end) };
        lane.spans.lock().unwrap_or_else(|e| e.into_inner()).offer(span);
    }

    /// Records a span from `start` to now on the calling worker.
    pub fn span(&self, kind: SpanKind, start: Instant) {
        self.span_between(kind, start, Instant::now());
    }

    /// Counts one finished task on the calling worker.
    pub fn task_done(&self) {
        if let Some((_, lane)) = self.lane() {
            lane.tasks.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Per-worker totals for the workers in `ids`.
    pub fn workers(&self, ids: &[usize]) -> Vec<WorkerReport> {
        ids.iter()
            .filter_map(|&id| {
                let lane = self.lanes.get(id)?;
                Some(WorkerReport {
                    id,
                    tasks: lane.tasks.load(Ordering::Relaxed),
                    busy_ms: lane.busy_ns.load(Ordering::Relaxed) as f64 / 1e6,
                    waiting_ms: lane.waiting_ns.load(Ordering::Relaxed) as f64 / 1e6,
                })
            })
            .collect()
    }

    pub fn timeline(&self) -> Timeline {
        let mut spans = Vec::new();
        let (mut sampled, mut recorded) = (false, 0);
        for lane in &self.lanes {
            let sample = lane.spans.lock().unwrap_or_else(|e| e.into_inner());
            spans.extend(sample.kept.iter().map(|(_, span)| span.clone()));
            sampled |= sample.stride > 1;
            recorded += sample.seen;
        }
        spans.sort_by(|a, b| a.start_ms.total_cmp(&b.start_ms));
        Timeline { spans, sampled, spans_recorded: recorded }
    }
}
