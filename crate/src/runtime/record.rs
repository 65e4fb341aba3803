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
use std::cmp::{Ordering as Order, Reverse};
use std::collections::BinaryHeap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use web_time::Instant;

/// Spans kept per worker. Past this, a worker keeps an even sample across the whole run
/// (every 2nd span, then every 4th, …), and the timeline says so; counts stay exact.
pub const SPANS_PER_WORKER: usize = 4000;

/// Longest spans each worker keeps besides its even sample. A run of many short spans keeps
/// one in hundreds of them, and so hardly ever the few long ones (the first wait, a worker the
/// system took off its core for milliseconds): without these, its lane would show a gap there.
pub const LONGEST_PER_WORKER: usize = 256;

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
    /// The longest spans offered, in the sample or not: a heap whose top is the shortest.
    longest: BinaryHeap<Reverse<Long>>,
    seen: u64,
    stride: u64,
}

impl Default for Sample {
    fn default() -> Self {
        Sample { kept: Vec::new(), longest: BinaryHeap::new(), seen: 0, stride: 1 }
    }
}

/// A span in [`Sample::longest`], ordered by its length (then by its mark, which is unique).
struct Long {
    nanos: u64,
    mark: u64,
    span: Span,
}

impl Ord for Long {
    fn cmp(&self, other: &Self) -> Order {
        (self.nanos, self.mark).cmp(&(other.nanos, other.mark))
    }
}

impl PartialOrd for Long {
    fn partial_cmp(&self, other: &Self) -> Option<Order> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Long {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Order::Equal
    }
}

impl Eq for Long {}

/// A bijection of the span numbers that breaks up any cycle in them (splitmix64's finalizer).
fn scramble(index: u64) -> u64 {
    let mut x = index.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

impl Sample {
    /// Offers a span `nanos` long; `span` makes it, only if it is kept.
    fn offer(&mut self, nanos: u64, span: impl FnOnce() -> Span) {
        let mark = scramble(self.seen);
        self.seen += 1;
        let even = mark.is_multiple_of(self.stride);
        let long = self.longest.len() < LONGEST_PER_WORKER
            || self.longest.peek().is_some_and(|Reverse(shortest)| nanos > shortest.nanos);
        if !even && !long {
            return;
        }
        let span = span();
        if long {
            if self.longest.len() == LONGEST_PER_WORKER {
                self.longest.pop();
            }
            self.longest.push(Reverse(Long { nanos, mark, span: span.clone() }));
        }
        if !even {
            return;
        }
        self.kept.push((mark, span));
        // Each doubling keeps about half; it repeats in the rare case that it kept nearly all.
        while self.kept.len() >= SPANS_PER_WORKER {
            self.stride *= 2;
            let stride = self.stride;
            self.kept.retain(|(mark, _)| mark.is_multiple_of(stride));
        }
    }

    /// The kept spans: the even sample, and the longest ones it does not hold. A span is in
    /// the sample exactly when its mark is a multiple of the last stride: that stride's
    /// divisors include every earlier one.
    fn spans(&self) -> impl Iterator<Item = &Span> {
        let long = self.longest.iter().map(|Reverse(long)| long);
        let outside = long.filter(|long| !long.mark.is_multiple_of(self.stride)).map(|long| &long.span);
        self.kept.iter().map(|(_, span)| span).chain(outside)
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
        let nanos = end.saturating_duration_since(start).as_nanos() as u64;
        if let Some(total) = total {
            total.fetch_add(nanos, Ordering::Relaxed);
        }
        let span =
            || Span { worker, kind, start_ms: self.ms_since_start(start), end_ms: self.ms_since_start(end) };
        lane.spans.lock().unwrap_or_else(|e| e.into_inner()).offer(nanos, span);
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
            spans.extend(sample.spans().cloned());
            sampled |= sample.stride > 1;
            recorded += sample.seen;
        }
        spans.sort_by(|a, b| a.start_ms.total_cmp(&b.start_ms));
        Timeline { spans, sampled, spans_recorded: recorded }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(i: u64) -> Span {
        Span { worker: 0, kind: SpanKind::Work, start_ms: i as f64, end_ms: i as f64 + 1.0 }
    }

    #[test]
    fn a_short_run_keeps_every_span_once() {
        let mut sample = Sample::default();
        for i in 0..10 {
            sample.offer(i, || span(i));
        }
        let starts: Vec<f64> = sample.spans().map(|s| s.start_ms).collect();
        assert_eq!(starts, (0..10).map(|i| i as f64).collect::<Vec<_>>());
    }

    #[test]
    fn a_long_span_among_many_short_ones_is_kept() {
        // 100,000 spans of 1 ns, and three of a millisecond: the even sample keeps about one in
        // 32 and would lose them; the longest are kept besides it, each once.
        let mut sample = Sample::default();
        for i in 0..100_000 {
            let nanos = if [10_001, 50_003, 99_999].contains(&i) { 1_000_000 } else { 1 };
            sample.offer(nanos, || span(i));
        }
        assert!(sample.stride >= 32);
        let spans: Vec<f64> = sample.spans().map(|s| s.start_ms).collect();
        for long in [10_001.0, 50_003.0, 99_999.0] {
            assert_eq!(spans.iter().filter(|&&s| s == long).count(), 1, "span {long}");
        }
        assert!(spans.len() <= SPANS_PER_WORKER + LONGEST_PER_WORKER);
    }
}
