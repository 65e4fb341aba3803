//! Taking a lock the way std takes it on a native CPU: try for a moment, and only then sleep.
//!
//! std's `Mutex` and `RwLock` (futex locks) spin 100 rounds of `core::hint::spin_loop()` before a
//! waiting thread sleeps. On x86 a round is a `pause` instruction; in wasm `spin_loop()` compiles
//! to nothing, so the 100 rounds pass in a fraction of a microsecond and a worker that finds the
//! lock taken sleeps in `Atomics.wait` almost at once. Waking it goes through the browser and
//! takes tens of microseconds, long after the lock was freed: a lock held for a microsecond
//! costs the waiter thirty. Measured with `game-server` at 2 workers on a 2-core machine
//! (bench/findings.md; BENCHMARKS.md's "Many cores" tables before and after): std's locks slept
//! about 3,600 times a run (`mutex`) and 2,800 (`rwlock`) in the browser against 1,700 and 100
//! natively, and `rwlock` got slower with a second worker where natively it gets faster. With
//! [`spin_then_wait`] in front of them the browser slept 70 and 30 times, and both strategies
//! took the shape they have natively.
//!
//! Natively std's own spin is the one to measure against, so there this is only the blocking
//! call.

use std::time::Duration;

/// How long a browser worker keeps trying before it sleeps. Shorter and the sleeps come back
/// (5 µs: a fifth of them); longer gains nothing measurable (20 and 40 µs) and burns more of the
/// core. A clock read (`performance.now()`, some 70 ns) paces the tries, so each waiting worker
/// touches the lock's word once per read, not in a tight loop. That clock moves in steps of
/// 5 µs in a cross-origin isolated Chromium, so a spin lasts 5 to 15 µs there.
pub const SPIN: Duration = Duration::from_micros(10);

/// `try_now` is the lock's `try_lock` (or `try_read`, `try_write`) with the error made `None`;
/// `wait` is its `lock` (`read`, `write`). In the browser, tries `try_now` for up to [`SPIN`],
/// then calls `wait`; natively, calls `wait`. A poisoned lock fails `try_now` too, so `wait`
/// is the one that reports it.
pub fn spin_then_wait<G>(try_now: impl FnMut() -> Option<G>, wait: impl FnOnce() -> G) -> G {
    #[cfg(all(target_arch = "wasm32", target_feature = "atomics"))]
    if let Some(guard) = spin(try_now, SPIN) {
        return guard;
    }
    #[cfg(not(all(target_arch = "wasm32", target_feature = "atomics")))]
    drop(try_now);
    wait()
}

/// Tries until `try_now` succeeds or `limit` has passed. The first try comes before the first
/// clock read, so taking a free lock costs what it did without the spin.
pub fn spin<G>(try_now: impl FnMut() -> Option<G>, limit: Duration) -> Option<G> {
    let mut start = None;
    spin_until(try_now, || match start {
        None => {
            start = Some(web_time::Instant::now());
            false
        }
        Some(start) => start.elapsed() >= limit,
    })
}

/// Tries `try_now` until it succeeds, asking `over` after each failed try whether to give up.
fn spin_until<G>(mut try_now: impl FnMut() -> Option<G>, mut over: impl FnMut() -> bool) -> Option<G> {
    loop {
        if let Some(guard) = try_now() {
            return Some(guard);
        }
        if over() {
            return None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    /// A lock that is free from the `free_from`-th try on (never, if `None`), counting tries.
    fn lock_free_from(
        free_from: Option<u32>,
        tries: &Cell<u32>,
    ) -> impl FnMut() -> Option<&'static str> + '_ {
        move || {
            tries.set(tries.get() + 1);
            free_from.is_some_and(|n| tries.get() >= n).then_some("guard")
        }
    }

    #[test]
    fn spin_takes_the_lock_as_soon_as_a_try_succeeds() {
        let tries = Cell::new(0);
        let got = spin(lock_free_from(Some(3), &tries), Duration::from_secs(60));
        assert_eq!((got, tries.get()), (Some("guard"), 3));
    }

    #[test]
    fn spin_gives_up_when_its_time_is_over_and_not_before() {
        // Over after its fifth question: a try before each, none after.
        let (tries, asked) = (Cell::new(0), Cell::new(0));
        let over = || {
            asked.set(asked.get() + 1);
            asked.get() == 5
        };
        assert_eq!(spin_until(lock_free_from(None, &tries), over), None);
        assert_eq!((tries.get(), asked.get()), (5, 5));
        // With the clock: it gives up, having tried again first.
        let tries = Cell::new(0);
        assert_eq!(spin(lock_free_from(None, &tries), Duration::from_millis(1)), None);
        assert!(tries.get() > 1, "it tried again before giving up");
    }

    #[test]
    fn natively_std_spins_and_only_the_blocking_call_is_made() {
        let tries = Cell::new(0);
        let got = spin_then_wait(lock_free_from(Some(1), &tries), || "waited");
        assert_eq!((got, tries.get()), ("waited", 0));
    }
}
