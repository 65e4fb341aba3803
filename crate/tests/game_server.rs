//! The game server on native threads: every strategy at 1, 2 and 4 workers applies every action
//! exactly once and ends in the replay's state, stays on its workers, and stops when cancelled.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::*;
use concurrency_playground::runtime::record::SpanKind;
use concurrency_playground::runtime::Fact;
use concurrency_playground::RunError;
use serde_json::json;
use std::time::Duration;

/// The sound strategies; "racy" and "deadlock" are wrong on purpose and tested below and in
/// tests/deadlock.rs.
const STRATEGIES: [&str; 5] = ["mutex", "rwlock", "sharded", "actor", "ordered"];

#[test]
fn every_strategy_verifies_at_1_2_and_4_threads() {
    for strategy in STRATEGIES {
        for threads in [1, 2, 4] {
            let params = json!({ "players": 12, "actions": 300, "strategy": strategy, "threads": threads });
            let r = run_ok("game-server", params);
            assert_eq!(r.workers.len(), threads, "{strategy} at {threads}");
            assert!(active_workers(&r) <= threads);
            assert_eq!(metric(&r, "submitted"), 3600.0, "{strategy} at {threads}");
            assert_eq!(metric(&r, "applied"), 3600.0, "{strategy} at {threads}");
            let elsewhere = r.timeline.spans.iter().filter(|s| !r.workers.iter().any(|w| w.id == s.worker));
            assert_eq!(elsewhere.count(), 0, "{strategy} at {threads}: spans on a parked worker");
        }
    }
}

#[test]
fn locks_show_up_as_waits_and_holds() {
    // 800 actions of three spans each (plan, wait, hold): 2,400 spans, fewer than one worker
    // keeps (4,000), so the timeline holds every span even if one worker did all the work.
    let r = run_ok("game-server", json!({ "players": 8, "actions": 100, "threads": 2 }));
    let kinds = |k| r.timeline.spans.iter().filter(|s| s.kind == k).count();
    assert!(kinds(SpanKind::LockWait) > 0 && kinds(SpanKind::LockHold) > 0 && kinds(SpanKind::Work) > 0);
    // Two records of the same waits, kept apart: the players' own total, and the timeline's
    // lock-wait spans (all of them: this run records fewer than a worker keeps).
    assert!(!r.timeline.sampled);
    let spans_ms: f64 =
        r.timeline.spans.iter().filter(|s| s.kind == SpanKind::LockWait).map(|s| s.end_ms - s.start_ms).sum();
    let total_ms = metric(&r, "lockWaitMs");
    assert!(
        (spans_ms - total_ms).abs() <= 0.01 * total_ms + 0.01,
        "spans {spans_ms} ms, lockWaitMs {total_ms} ms"
    );
    assert!(metric(&r, "updatesPerSec") > 0.0);
}

#[test]
fn each_workers_waiting_is_exact_when_the_timeline_is_a_sample() {
    // 64 players x 2,000 actions: 384,000 spans, far more than the workers keep.
    let r = run_ok("game-server", json!({ "threads": 2 }));
    assert!(r.timeline.sampled);
    let waiting: f64 = r.workers.iter().map(|w| w.waiting_ms).sum();
    let total_ms = metric(&r, "lockWaitMs");
    assert!(
        (waiting - total_ms).abs() <= 1e-6 * total_ms + 1e-3,
        "workers {waiting} ms, lockWaitMs {total_ms} ms"
    );
}

#[test]
fn long_lock_waits_count_the_waits_that_slept() {
    for strategy in STRATEGIES {
        for threads in [1, 2, 4] {
            let r = run_ok(
                "game-server",
                json!({ "players": 12, "actions": 300, "strategy": strategy, "threads": threads }),
            );
            let (long, worst_ms) = (metric(&r, "longLockWaits"), metric(&r, "worstLockWaitMs"));
            assert!(long <= metric(&r, "submitted"), "{strategy} at {threads}: {long}");
            // Some wait passed 20 µs exactly when the longest one did.
            assert_eq!(
                long > 0.0,
                worst_ms > 0.020,
                "{strategy} at {threads}: {long} long, worst {worst_ms} ms"
            );
        }
    }
    // Four players' threads queueing for one Mutex on this machine's cores: some of them sleep.
    let r = run_ok("game-server", json!({ "players": 16, "actions": 2000, "threads": 4 }));
    assert!(metric(&r, "longLockWaits") > 0.0, "no wait over 20 µs in 32,000 contended actions");
}

#[test]
fn edge_sizes_verify() {
    for strategy in STRATEGIES {
        run_ok("game-server", json!({ "players": 1, "actions": 1, "strategy": strategy, "threads": 1 }));
        // More regions than players leaves regions empty, and that is fine.
        run_ok("game-server", json!({ "players": 3, "actions": 50, "regions": 16, "strategy": strategy }));
        run_ok("game-server", json!({ "players": 40, "actions": 20, "regions": 1, "strategy": strategy }));
    }
}

#[test]
fn bad_parameters_are_rejected_by_name() {
    let cases = [
        (json!({ "strategy": "spinlock" }), "strategy"),
        (json!({ "players": 0 }), "players"),
        (json!({ "regions": 1000 }), "regions"),
        (json!({ "threads": 5 }), "threads"),
        // The actor's queue could hold every action at once: too much memory.
        (json!({ "strategy": "actor", "players": 1024, "actions": 1_000_000 }), "actions"),
    ];
    for (params, name) in cases {
        assert_eq!(refusal("game-server", params.clone()).param, name, "{params}");
    }
}

#[test]
fn cancel_stops_every_strategy() {
    for (i, strategy) in STRATEGIES.iter().enumerate() {
        let players = 4 + i;
        let params = json!({ "players": players, "actions": 1_000_000, "strategy": strategy, "threads": 2 });
        let (result, progress) = run_and_cancel("game-server", params, Duration::from_millis(20));
        assert_eq!(result.err(), Some(RunError::Cancelled), "{strategy}");
        assert!(progress.stopped_early(), "{strategy} ran to its end: {progress:?}");
    }
}

/// Enough actions that two workers overlap in the unlocked read-change-write many times over.
fn racy(threads: usize) -> concurrency_playground::Report {
    let params = json!({ "players": 16, "actions": 4000, "strategy": "racy", "threads": threads });
    run("game-server", params).expect("the racy variant runs to the end")
}

#[test]
fn racy_loses_updates_with_two_workers_or_more_and_never_with_one() {
    let one = racy(1);
    assert!(one.ok, "{:?}", one.checks);
    assert_eq!(metric(&one, "applied"), 64_000.0);
    for threads in [2, 4] {
        let r = racy(threads);
        let (submitted, applied) = (metric(&r, "submitted"), metric(&r, "applied"));
        assert_eq!(submitted, 64_000.0, "every player submitted all its actions");
        assert!(applied < submitted, "{threads} workers lost nothing: {applied} of {submitted}");
        assert!(!r.ok);
        let count = r.checks.iter().find(|c| c.id == "applied-once").unwrap();
        let fact = |name: &str| count.facts[name].clone();
        assert_eq!(fact("submitted"), Fact::Int(64_000));
        assert_eq!(fact("applied"), Fact::Int(applied as u64));
        assert_eq!(fact("lost"), Fact::Int(64_000 - applied as u64), "{:?}", count.facts);
    }
    // Red on purpose, and the report says so, on one worker too.
    assert_eq!(one.broken_on_purpose_id, Some("racy"));
    assert_eq!(racy(2).broken_on_purpose_id, Some("racy"));
    assert!(run_ok("game-server", json!({ "players": 4, "actions": 10 })).broken_on_purpose_id.is_none());
}

#[test]
fn ordered_takes_the_deadlocks_two_locks_and_never_deadlocks() {
    // The deadlock variant's shape, big enough that it deadlocks within milliseconds
    // (tests/deadlock.rs); here every player finishes, with every check green.
    for threads in [2, 4] {
        let params = json!({ "strategy": "ordered", "players": 64, "actions": 2000, "threads": threads });
        let r = run_ok("game-server", params);
        assert_eq!(metric(&r, "applied"), 128_000.0);
        assert!(r.broken_on_purpose_id.is_none());
    }
}

#[test]
fn deadlock_on_one_worker_finishes_and_says_why() {
    let r =
        run_ok("game-server", json!({ "strategy": "deadlock", "players": 64, "actions": 500, "threads": 1 }));
    assert_eq!(metric(&r, "applied"), 32_000.0);
    assert_eq!(r.broken_on_purpose_id, Some("deadlock"), "the report explains the variant");
}
