//! Web server: the chapter's "10,000 concurrent connections" on a thread pool or as async tasks.
//!
//! Every connection sends one request whose text is made from its number; the server parses it,
//! routes it and computes a small response, as a real one would. "thread-pool" is the Rust book's
//! ThreadPool: an acceptor puts connections on one shared queue and a fixed set of worker threads
//! takes them one at a time. "async" makes every connection a task on smol's `async-executor`:
//! all of them are in flight at once, and a worker moves on to another task whenever one waits.
//!
//! The chapter's code is `models.rs`. This file is the harness: parameters, memory estimate,
//! the counters every worker shares, the run and its checks; `http.rs` is each request's work.

mod http;
mod models;

use crate::params::{Options, ParamSpec, Resolved};
use crate::runtime::contract::{facts, no_cross_checks, Example, Outcome};
use crate::runtime::record::SpanKind;
use crate::runtime::{memory, Cancelled, Lap, RunContext};
use http::{serve, Buffers};
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use web_time::Instant;

pub const EXAMPLE: Example = Example {
    id: "web-server",
    sources: &[
        crate::source_file!(Chapter, "web_server/models.rs"),
        crate::source_file!(Harness, "web_server/mod.rs"),
        crate::source_file!(Harness, "web_server/http.rs"),
    ],
    params: &[
        ParamSpec::int("connections", 10_000, 1, 2_000_000),
        ParamSpec::choice("model", "async", Model::NAMES),
    ],
    size_param: "connections",
    validate: no_cross_checks,
    memory_estimate,
    run,
};

crate::options! {
    /// How connections are served.
    pub enum Model { Async = "async", ThreadPool = "thread-pool" }
}

/// Bytes per connection, measured natively with 64-bit pointers (wasm's are smaller), rounded up:
/// an async task while it waits (the task, its future, the executor's bookkeeping and queue
/// slot), a connection queued for the pool, and the checks' own records (latency, answered bit,
/// and the copy of the latencies sorted for percentiles).
const TASK_BYTES: u64 = 256;
const QUEUED_BYTES: u64 = 48;
const RECORD_BYTES: u64 = 9;

fn memory_estimate(p: &Resolved) -> u64 {
    let per_connection = match p.choice::<Model>("model") {
        Model::Async => TASK_BYTES,
        Model::ThreadPool => QUEUED_BYTES,
    };
    p.int("connections") * (per_connection + RECORD_BYTES) + (1 << 20)
}

/// An accepted connection: which client, and when it was accepted (latency runs from here).
struct Connection {
    id: u32,
    accepted: Instant,
}

/// What every worker shares: counters, and the per-connection records the checks read.
struct Server<'r> {
    ctx: &'r RunContext,
    /// Counted by the acceptor.
    accepted: AtomicU64,
    /// Counted where responses are written, independently of `accepted`.
    completed: AtomicU64,
    in_flight: AtomicU64,
    peak_in_flight: AtomicU64,
    /// One bit per connection, set when it is answered: a second answer is a duplicate.
    answered: Vec<AtomicU64>,
    duplicates: AtomicU64,
    latency_us: Vec<AtomicU32>,
    checksum: AtomicU64,
}

impl Server<'_> {
    fn accept(&self, id: u32) -> Connection {
        self.accepted.fetch_add(1, Ordering::Relaxed);
        let now = self.in_flight.fetch_add(1, Ordering::Relaxed) + 1;
        self.peak_in_flight.fetch_max(now, Ordering::Relaxed);
        Connection { id, accepted: Instant::now() }
    }

    /// Serves `conn`, timed on `clock` from its mark; the read that ends the work also ends
    /// the connection's latency.
    fn respond(&self, conn: &Connection, buffers: &mut Buffers, clock: &mut Lap) {
        let hash = clock.task(SpanKind::Work, || serve(conn.id, buffers));
        let id = conn.id as usize;
        let latency = clock.mark().saturating_duration_since(conn.accepted);
        let micros = latency.as_micros().min(u32::MAX as u128) as u32;
        self.latency_us[id].store(micros, Ordering::Relaxed);
        let bit = 1u64 << (id % 64);
        if self.answered[id / 64].fetch_or(bit, Ordering::Relaxed) & bit != 0 {
            self.duplicates.fetch_add(1, Ordering::Relaxed);
        }
        self.checksum.fetch_add(hash, Ordering::Relaxed);
        self.in_flight.fetch_sub(1, Ordering::Relaxed);
        if (self.completed.fetch_add(1, Ordering::Relaxed) + 1).is_multiple_of(1024) {
            self.ctx.advance(1024);
        }
    }
}

fn run(p: &Resolved, ctx: &RunContext) -> Result<Outcome, Cancelled> {
    let connections = p.usize("connections");
    let threads = p.usize("threads");
    ctx.set_progress_total(connections as u64);
    let server = Server {
        ctx,
        accepted: AtomicU64::new(0),
        completed: AtomicU64::new(0),
        in_flight: AtomicU64::new(0),
        peak_in_flight: AtomicU64::new(0),
        answered: (0..connections.div_ceil(64)).map(|_| AtomicU64::new(0)).collect(),
        duplicates: AtomicU64::new(0),
        latency_us: (0..connections).map(|_| AtomicU32::new(0)).collect(),
        checksum: AtomicU64::new(0),
    };

    // Heap in use before any connection exists, the checks' records included: what the heap
    // grows by from here to its peak is what the connections in flight cost (tasks, queue
    // slots, buffers of the requests being served). It counts bytes asked of the allocator,
    // not the allocator's own overhead, nor thread stacks (the workers exist either way).
    let heap_before = memory::heap_bytes();
    let start = Instant::now();
    match p.choice::<Model>("model") {
        Model::Async => models::async_tasks(&server, connections as u32, threads),
        Model::ThreadPool => models::thread_pool(&server, connections as u32, threads),
    }
    let seconds = start.elapsed().as_secs_f64();
    let heap_growth = memory::peak_heap_bytes().saturating_sub(heap_before);
    ctx.check_cancel()?;
    // Tests only: a connection left unanswered, or answered twice (see runtime::sabotage).
    #[cfg(feature = "fault-injection")]
    match crate::runtime::sabotage::take() {
        Some(crate::runtime::sabotage::Sabotage::LoseOne) => {
            server.answered[0].fetch_and(!1, Ordering::Relaxed);
            server.completed.fetch_sub(1, Ordering::Relaxed);
        }
        Some(crate::runtime::sabotage::Sabotage::ApplyOneTwice) => {
            server.in_flight.fetch_add(1, Ordering::Relaxed);
            server.respond(
                &Connection { id: 0, accepted: Instant::now() },
                &mut Buffers::new(),
                &mut ctx.lap(),
            );
        }
        None => {}
    }
    let completed = server.completed.load(Ordering::Relaxed);
    ctx.advance(completed % 1024);

    let (expected, _) = ctx.verify(|| {
        let mut buffers = Buffers::new();
        (0..connections as u32).fold(0u64, |sum, id| sum.wrapping_add(serve(id, &mut buffers)))
    });
    let checksum = server.checksum.load(Ordering::Relaxed);
    let answered: u64 =
        server.answered.iter().map(|w| u64::from(w.load(Ordering::Relaxed).count_ones())).sum();
    let duplicates = server.duplicates.load(Ordering::Relaxed);
    let peak_in_flight = server.peak_in_flight.load(Ordering::Relaxed);
    let mut latencies: Vec<u32> = server.latency_us.iter().map(|l| l.load(Ordering::Relaxed)).collect();
    let (p50, p99) = (percentile(&mut latencies, 0.5), percentile(&mut latencies, 0.99));

    Ok(Outcome::default()
        .metric("requests", server.accepted.load(Ordering::Relaxed) as f64)
        .metric("completed", completed as f64)
        .metric("requestsPerSec", completed as f64 / seconds.max(1e-9))
        .metric("p50LatencyMs", p50)
        .metric("p99LatencyMs", p99)
        .metric("peakInFlight", peak_in_flight as f64)
        .metric("bytesPerConnection", heap_growth as f64 / peak_in_flight.max(1) as f64)
        .series("latencyHistogram", histogram(&latencies))
        .check_equal(
            "all-completed",
            ("requests", server.accepted.load(Ordering::Relaxed)),
            ("completed", completed),
        )
        .check(
            "answered-once",
            answered == connections as u64 && duplicates == 0,
            facts([
                ("answered", answered.into()),
                ("connections", (connections as u64).into()),
                ("duplicates", duplicates.into()),
            ]),
        )
        .check(
            "matches-sequential",
            checksum == expected,
            facts([
                ("checksum", format!("{checksum:#x}").into()),
                ("expected", format!("{expected:#x}").into()),
            ]),
        ))
}

/// The latency at quantile `q`, in ms.
fn percentile(latencies_us: &mut [u32], q: f64) -> f64 {
    if latencies_us.is_empty() {
        return 0.0;
    }
    let i = ((latencies_us.len() - 1) as f64 * q).round() as usize;
    f64::from(*latencies_us.select_nth_unstable(i).1) / 1000.0
}

/// Counts per latency bucket as [upper bound in ms, count], from the first to the last bucket
/// that has any.
fn histogram(latencies_us: &[u32]) -> Vec<[f64; 2]> {
    const UPPER_MS: [f64; 22] = [
        0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1e3, 2e3, 5e3,
        1e4, 2e4, 5e4, 4.3e6,
    ];
    let mut counts = [0u64; UPPER_MS.len()];
    for &us in latencies_us {
        let ms = f64::from(us) / 1000.0;
        let i = UPPER_MS.iter().position(|&u| ms <= u).unwrap_or(UPPER_MS.len() - 1);
        counts[i] += 1;
    }
    let first = counts.iter().position(|&c| c > 0).unwrap_or(0);
    let last = counts.iter().rposition(|&c| c > 0).unwrap_or(0);
    (first..=last).map(|i| [UPPER_MS[i], counts[i] as f64]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_spans_the_used_buckets() {
        let buckets = histogram(&[15, 15, 900]);
        assert_eq!(buckets.first(), Some(&[0.02, 2.0]));
        assert_eq!(buckets.last(), Some(&[1.0, 1.0]));
        assert_eq!(buckets.len(), 6, "empty buckets in between are kept");
    }

    #[test]
    fn percentiles_pick_the_right_ranks() {
        let mut v: Vec<u32> = (0..=100).rev().map(|ms| ms * 1000).collect();
        assert_eq!(percentile(&mut v, 0.5), 50.0);
        assert_eq!(percentile(&mut v, 0.99), 99.0);
        assert_eq!(percentile(&mut [], 0.5), 0.0);
    }
}
