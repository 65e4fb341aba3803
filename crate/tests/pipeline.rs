//! The data pipeline on native threads: exactly-once processing, equality with the sequential
//! result, the `threads` limit, and the chunk-size extremes.

#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::*;
use concurrency_playground::runtime::record::{LONGEST_PER_WORKER, SPANS_PER_WORKER};
use concurrency_playground::RunError;
use serde_json::json;

#[test]
fn defaults_verify_themselves() {
    let r = run_ok("pipeline", json!({ "items": 200_000, "work": 20 }));
    assert_eq!(metric(&r, "items"), metric(&r, "processed"));
    assert_eq!(r.threads, POOL);
}

#[test]
fn one_thread_uses_exactly_one_worker() {
    let r = run_ok("pipeline", json!({ "items": 100_000, "work": 10, "threads": 1 }));
    assert_eq!(r.workers.len(), 1);
    assert_eq!(active_workers(&r), 1);
    assert_eq!(r.workers[0].tasks, 100);
}

#[test]
fn two_threads_never_use_a_third_worker() {
    let r = run_ok("pipeline", json!({ "items": 400_000, "work": 50, "threads": 2 }));
    assert_eq!(r.workers.len(), 2);
    let tasks: u64 = r.workers.iter().map(|w| w.tasks).sum();
    assert_eq!(tasks, 400);
    let spans_elsewhere =
        r.timeline.spans.iter().filter(|s| !r.workers.iter().any(|w| w.id == s.worker)).count();
    assert_eq!(spans_elsewhere, 0);
}

#[test]
fn chunk_extremes_still_verify() {
    run_ok("pipeline", json!({ "items": 5_000, "chunk": 1, "work": 5 }));
    let whole = run_ok("pipeline", json!({ "items": 5_000, "chunk": 5_000, "work": 5 }));
    assert_eq!(metric(&whole, "chunks"), 1.0);
    assert_eq!(active_workers(&whole), 1);
    run_ok("pipeline", json!({ "items": 5_001, "chunk": 1000, "work": 5 }));
}

#[test]
fn timeline_is_bounded_sampled_across_the_whole_run_and_says_so() {
    // Spans of real length (2,000 rounds, some microseconds each): with one round, recording
    // would be most of the time, and a pause of a loaded machine after the last span would
    // outweigh the whole run.
    let r = run_ok("pipeline", json!({ "items": 50_000, "chunk": 1, "work": 2000, "threads": 1 }));
    assert!(r.timeline.sampled);
    assert_eq!(r.timeline.spans_recorded, 50_000);
    // The even sample, and the longest spans it does not hold.
    assert!(r.timeline.spans.len() <= SPANS_PER_WORKER + LONGEST_PER_WORKER);
    assert_eq!(r.workers[0].tasks, 50_000, "counts stay exact when spans are sampled");
    // Keeping only the first 4000 of 50,000 spans would cover about 8% of the time they took.
    let (first, last) = (r.timeline.spans[0].start_ms, r.timeline.spans.last().unwrap().end_ms);
    let covered = (last - first) / (r.wall_ms - first);
    assert!(covered > 0.5, "the sample covers the run, not only its start: {covered:.2}");
}

#[test]
fn a_cancel_sent_before_the_run_began_is_kept() {
    // Long enough that it could not finish unnoticed: a lost cancel would return a report.
    let result = run_cancelled_before_it_began("pipeline", json!({ "items": 5_000_000, "work": 1000 }));
    assert_eq!(result.err(), Some(RunError::Cancelled));
    // The next ask clears the flag: it runs.
    run_ok("pipeline", json!({ "items": 1000, "work": 1 }));
}

#[test]
fn checking_the_results_is_left_out_of_wall_time() {
    // The sequential recomputation that checks a pipeline run is as long as the run on one
    // worker: counted in wallMs, wall + verify would exceed the time the caller saw pass.
    let started = std::time::Instant::now();
    let r = run_ok("pipeline", json!({ "items": 200_000, "work": 200, "threads": 1 }));
    let seen_ms = started.elapsed().as_secs_f64() * 1000.0;
    assert!(r.verify_ms > 0.0);
    assert!(r.wall_ms + r.verify_ms <= seen_ms, "wall {} + verify {} > {seen_ms} ms", r.wall_ms, r.verify_ms);
}
