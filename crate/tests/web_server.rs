//! The web server simulation on native threads: both models at 1, 2 and 4 threads, every
//! connection answered once and correctly, the `threads` limit, memory per connection, the
//! million-connection run, parameter errors and cancellation.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::*;
use concurrency_playground::{Report, RunError};
use serde_json::json;
use std::time::Duration;

const ID: &str = "web-server";
const MODELS: [&str; 2] = ["async", "thread-pool"];

fn assert_served(r: &Report, connections: f64) {
    assert_eq!(metric(r, "requests"), connections);
    assert_eq!(metric(r, "completed"), connections);
    assert!(metric(r, "requestsPerSec") > 0.0);
    let peak = metric(r, "peakInFlight");
    assert!(peak >= 1.0 && peak <= connections, "peakInFlight {peak}");
    let histogram = &r.series["latencyHistogram"];
    let counted: f64 = histogram.iter().map(|b| b[1]).sum();
    assert_eq!(counted, connections, "every latency is in one bucket");
    assert!(histogram.windows(2).all(|w| w[0][0] < w[1][0]));
}

#[test]
fn both_models_on_one_two_and_four_threads() {
    for model in MODELS {
        for threads in [1, 2, 4] {
            let r = run_ok(ID, json!({ "connections": 3_000, "model": model, "threads": threads }));
            assert_served(&r, 3_000.0);
            assert_eq!(r.workers.len(), threads, "{model} on {threads}");
            assert!(active_workers(&r) <= threads);
            let served: u64 = r.workers.iter().map(|w| w.tasks).sum();
            assert!(served >= 3_000, "one task per request, plus the acceptor's batches");
        }
    }
}

#[test]
fn one_thread_holds_the_whole_burst_in_flight() {
    // On one worker the acceptor finishes before anything is served, in both models.
    for model in MODELS {
        let r = run_ok(ID, json!({ "connections": 5_000, "model": model, "threads": 1 }));
        assert_eq!(metric(&r, "peakInFlight"), 5_000.0, "{model}");
    }
}

#[test]
fn odd_sizes_still_verify() {
    for model in MODELS {
        for connections in [1, 2, 63, 64, 65, 1_025] {
            let r = run_ok(ID, json!({ "connections": connections, "model": model, "threads": 3 }));
            assert_served(&r, connections as f64);
        }
    }
}

#[test]
fn memory_per_connection_is_measured_and_small() {
    let r = run_ok(ID, json!({ "connections": 20_000, "model": "async", "threads": 1 }));
    let task = metric(&r, "bytesPerConnection");
    assert!(task > 32.0 && task <= 256.0, "async: {task} bytes per connection");
    let r = run_ok(ID, json!({ "connections": 20_000, "model": "thread-pool", "threads": 1 }));
    let queued = metric(&r, "bytesPerConnection");
    assert!(queued > 8.0 && queued < task, "thread-pool: {queued} bytes per connection");
}

#[test]
fn a_million_connections() {
    // The async model is the one whose memory grows with every connection in flight; the
    // thread pool holds ~32 bytes per queued connection and is covered by the smaller runs.
    let r = run_ok(ID, json!({ "connections": 1_000_000, "model": "async", "threads": 2 }));
    assert_served(&r, 1_000_000.0);
    let bytes = metric(&r, "bytesPerConnection");
    eprintln!(
        "async: {:.0} ms, peak in flight {}, {bytes:.1} bytes per connection, peak heap {} MB",
        r.wall_ms,
        metric(&r, "peakInFlight"),
        r.peak_heap_bytes >> 20
    );
    assert!(bytes <= 256.0, "{bytes} bytes per connection");
    assert!(r.peak_heap_bytes < 1 << 30);
}

#[test]
fn bad_parameters_name_themselves() {
    for (params, name) in [
        (json!({ "connections": 0 }), "connections"),
        (json!({ "connections": 10_000_000 }), "connections"),
        (json!({ "model": "thread-per-connection" }), "model"),
        (json!({ "threads": 5 }), "threads"),
    ] {
        match run(ID, params.clone()) {
            Err(RunError::Invalid(e)) => assert_eq!(e.param, name, "{params}: {}", e.message),
            other => panic!("{params}: {:?}", other.map(|r| r.metrics)),
        }
    }
}

#[test]
fn cancel_stops_both_models_before_their_end() {
    let cases = [("async", 1, 5), ("async", 2, 200), ("thread-pool", 1, 5), ("thread-pool", 4, 100)];
    for (i, (model, threads, after_ms)) in cases.into_iter().enumerate() {
        let connections = 999_000 + i;
        let params = json!({ "connections": connections, "model": model, "threads": threads });
        let (result, progress) = run_and_cancel(ID, params, Duration::from_millis(after_ms));
        assert!(matches!(result, Err(RunError::Cancelled)), "{:?}", result.map(|r| r.metrics));
        assert!(progress.stopped_early(), "{model} on {threads} ran to its end: {progress:?}");
    }
}
