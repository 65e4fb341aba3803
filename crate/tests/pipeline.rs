//! The data pipeline on native threads: exactly-once processing, equality with the sequential
//! result, the `threads` limit, and the chunk-size extremes.

#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::*;
use serde_json::json;

#[test]
fn defaults_verify_themselves() {
    let r = run_ok("pipeline", json!({ "items": 200_000, "work": 20 }));
    assert_eq!(metric(&r, "items"), metric(&r, "processed"));
    assert_eq!(r.threads, POOL);
}

#[test]
fn one_thread_uses_exactly_one_worker() {
    let r = run_ok(
        "pipeline",
        json!({ "items": 100_000, "work": 10, "threads": 1 }),
    );
    assert_eq!(r.workers.len(), 1);
    assert_eq!(active_workers(&r), 1);
    assert_eq!(r.workers[0].tasks, 100);
}

#[test]
fn two_threads_never_use_a_third_worker() {
    let r = run_ok(
        "pipeline",
        json!({ "items": 400_000, "work": 50, "threads": 2 }),
    );
    assert_eq!(r.workers.len(), 2);
    let tasks: u64 = r.workers.iter().map(|w| w.tasks).sum();
    assert_eq!(tasks, 400);
    let spans_elsewhere = r
        .timeline
        .spans
        .iter()
        .filter(|s| !r.workers.iter().any(|w| w.id == s.worker))
        .count();
    assert_eq!(spans_elsewhere, 0);
}

#[test]
fn chunk_extremes_still_verify() {
    run_ok("pipeline", json!({ "items": 5_000, "chunk": 1, "work": 5 }));
    let whole = run_ok(
        "pipeline",
        json!({ "items": 5_000, "chunk": 5_000, "work": 5 }),
    );
    assert_eq!(metric(&whole, "chunks"), 1.0);
    assert_eq!(active_workers(&whole), 1);
    run_ok(
        "pipeline",
        json!({ "items": 5_001, "chunk": 1000, "work": 5 }),
    );
}

#[test]
fn timeline_is_bounded_and_says_so() {
    let r = run_ok(
        "pipeline",
        json!({ "items": 50_000, "chunk": 1, "work": 1, "threads": 1 }),
    );
    assert!(r.timeline.truncated);
    assert_eq!(
        r.workers[0].tasks, 50_000,
        "counts stay exact when spans are dropped"
    );
}
