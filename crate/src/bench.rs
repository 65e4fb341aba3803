//! Micro benchmarks that must run the same way natively and in the browser.
//!
//! `wasm / native` only means something if both sides run the same loop and read the same
//! clock, so the loops live here, once: `crate/benches/native.rs` calls [`measure`] on OS
//! threads and the browser calls it through `runBenchmark` (wasm.rs) on web workers.
//! `crate/benches/micro.rs` times the same operations with divan, as a cross-check of the
//! native figures. Timing happens only under `./build.sh bench`, never in tests.

use serde::{Deserialize, Serialize};
use std::hint::black_box;
use std::sync::{mpsc, Mutex};
use web_time::Instant;

/// What a benchmark may be given; every field has a default.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BenchParams {
    /// `mutex`: lock+unlock pairs to time.
    pub iters: Option<u64>,
    /// `mpsc`: messages sent in all, split between the producers.
    pub messages: Option<u64>,
    /// `mpsc`: producer threads (one consumer besides them).
    pub producers: Option<usize>,
}

/// One timed measurement.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Measured {
    pub name: &'static str,
    /// Operations timed: lock+unlock pairs, or messages received.
    pub ops: u64,
    /// Threads taking part.
    pub threads: usize,
    pub ms: f64,
    pub ns_per_op: f64,
    pub ops_per_sec: f64,
}

impl Measured {
    fn new(name: &'static str, ops: u64, threads: usize, start: Instant) -> Self {
        let secs = start.elapsed().as_secs_f64();
        Measured {
            name,
            ops,
            threads,
            ms: secs * 1e3,
            ns_per_op: secs * 1e9 / ops as f64,
            ops_per_sec: ops as f64 / secs,
        }
    }
}

/// One uncontended lock+unlock, with a write so the critical section is not empty.
#[inline]
pub fn lock_unlock(lock: &Mutex<u64>) {
    // black_box keeps the compiler from merging consecutive critical sections.
    let mut guard = black_box(lock).lock().unwrap_or_else(|e| e.into_inner());
    *guard += 1;
}

/// Sends the numbers `0..messages` from `producers` threads to one consumer over
/// `std::sync::mpsc` and returns what the consumer received: `(count, sum)`.
///
/// Runs on the rayon pool (OS threads natively, web workers in the browser) through the
/// runtime's `run_threads`, consumer first, so with `producers + 1` workers every producer runs
/// alongside the consumer. The channel is unbounded, so a producer never waits for the consumer
/// and the transfer cannot deadlock even on a smaller pool.
pub fn channel_transfer(producers: usize, messages: u64) -> (u64, u64) {
    let (tx, rx) = mpsc::channel::<u64>();
    let received = Mutex::new((0u64, 0u64));
    let mut spawner = crate::runtime::Spawner::default();
    let received_ref = &received;
    spawner.spawn(move || {
        let (mut count, mut sum) = (0u64, 0u64);
        for value in rx {
            count += 1;
            sum = sum.wrapping_add(value);
        }
        *received_ref.lock().unwrap_or_else(|e| e.into_inner()) = (count, sum);
    });
    for p in 0..producers as u64 {
        let tx = tx.clone();
        // Producer p sends p, p + producers, p + 2·producers, … below `messages`.
        spawner.spawn(move || {
            for value in (p..messages).step_by(producers) {
                // Cannot fail: the consumer holds the receiver until every sender is gone.
                let _ = tx.send(value);
            }
        });
    }
    drop(tx);
    crate::runtime::pool::run_threads(producers + 1, spawner);
    received.into_inner().unwrap_or_else(|e| e.into_inner())
}

/// The benchmark names [`measure`] knows.
pub const NAMES: &[&str] = &["mutex", "mpsc", "clock"];

/// Runs one named benchmark and times it.
///
/// # Errors
/// An unknown name, a pool too small for the producers and the consumer to run at once, or a
/// benchmark whose check of its own results failed (which would be a bug).
pub fn measure(name: &str, params: &BenchParams) -> Result<Measured, String> {
    match name {
        "mutex" => {
            let iters = params.iters.unwrap_or(10_000_000).max(1);
            let lock = Mutex::new(0);
            let start = Instant::now();
            for _ in 0..iters {
                lock_unlock(&lock);
            }
            let measured = Measured::new("mutex", iters, 1, start);
            let total = lock.into_inner().unwrap_or_else(|e| e.into_inner());
            check(total == iters, || format!("{total} of {iters} increments"))?;
            Ok(measured)
        }
        "mpsc" => {
            let messages = params.messages.unwrap_or(1_000_000).max(1);
            let pool = rayon::current_num_threads();
            let producers = params.producers.unwrap_or(pool.saturating_sub(1).max(1));
            if producers == 0 || producers + 1 > pool {
                return Err(format!(
                    "mpsc needs producers + 1 <= {pool} pool workers, so that all run at once; \
                     got {producers} producers"
                ));
            }
            let start = Instant::now();
            let (count, sum) = channel_transfer(producers, messages);
            let measured = Measured::new("mpsc", messages, producers + 1, start);
            // 0 + 1 + … + (messages - 1), with the same wrapping arithmetic as the consumer.
            let want = (0..messages).fold(0u64, |a, v| a.wrapping_add(v));
            check(count == messages && sum == want, || {
                format!("received {count} of {messages} messages, sum {sum} instead of {want}")
            })?;
            Ok(measured)
        }
        // Every span on a timeline costs a clock read or two. In the browser a read is a call out
        // of wasm to `performance.now()`; this measures what that costs against native.
        "clock" => {
            let iters = params.iters.unwrap_or(1_000_000).max(1);
            let start = Instant::now();
            let mut latest = start;
            for _ in 0..iters {
                latest = black_box(Instant::now());
            }
            let measured = Measured::new("clock", iters, 1, start);
            check(latest >= start, || "the clock went backwards".to_string())?;
            Ok(measured)
        }
        other => Err(format!("unknown benchmark \"{other}\"; the benchmarks are {}", NAMES.join(", "))),
    }
}

fn check(ok: bool, detail: impl FnOnce() -> String) -> Result<(), String> {
    if ok {
        Ok(())
    } else {
        Err(format!("benchmark self-check failed: {}", detail()))
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    // Correctness only: the counts add up. Timing is never asserted in tests.
    #[test]
    fn transfers_lose_nothing() {
        crate::runtime::pool::ensure_native_pool(4);
        for producers in 1..=3 {
            let (count, sum) = channel_transfer(producers, 10_001);
            assert_eq!(count, 10_001);
            assert_eq!(sum, 10_000 * 10_001 / 2);
        }
        let two_producers = BenchParams { messages: Some(1000), producers: Some(2), ..Default::default() };
        let m = measure("mpsc", &two_producers).unwrap();
        assert_eq!((m.ops, m.threads), (1000, 3));
        let few = BenchParams { iters: Some(100), ..Default::default() };
        assert_eq!(measure("mutex", &few).unwrap().ops, 100);
        let unknown = measure("nope", &few).unwrap_err();
        assert!(unknown.contains("mutex, mpsc, clock"), "{unknown}");
        assert_eq!(measure("clock", &few).unwrap().ops, 100);
    }
}
