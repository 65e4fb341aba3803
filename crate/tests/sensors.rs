//! The sensor collector on native threads: every reading averaged exactly once at 1, 2 and 4
//! workers, the aggregator's spawn order, parameter checks, and cancellation.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::*;
use concurrency_playground::runtime::record::SpanKind;
use concurrency_playground::RunError;
use serde_json::json;
use std::time::Duration;

#[test]
fn every_reading_is_averaged_once_at_1_2_and_4_threads() {
    for threads in [1, 2, 4] {
        let params =
            json!({ "sensors": 3, "rate": 1000, "periodMs": 10, "durationMs": 60, "threads": threads });
        let r = run_ok("sensors", params);
        assert_eq!(r.workers.len(), threads);
        assert!(active_workers(&r) <= threads);
        assert_eq!(metric(&r, "produced"), 180.0, "at {threads} threads");
        assert_eq!(metric(&r, "collected"), 180.0, "at {threads} threads");
        assert_eq!(r.series["averages"].len() as f64, metric(&r, "periods"));
        let elsewhere = r.timeline.spans.iter().filter(|s| !r.workers.iter().any(|w| w.id == s.worker));
        assert_eq!(elsewhere.count(), 0, "spans on a parked worker at {threads} threads");
    }
}

#[test]
fn one_worker_means_one_final_average() {
    // The aggregator can only start once the sensors are done, and then drains everything once.
    let r = run_ok(
        "sensors",
        json!({ "sensors": 2, "rate": 500, "periodMs": 5, "durationMs": 40, "threads": 1 }),
    );
    assert_eq!(metric(&r, "periods"), 1.0);
    assert_eq!(metric(&r, "collected"), 40.0);
}

#[test]
fn with_a_spare_worker_the_aggregator_publishes_as_it_goes() {
    let r = run_ok(
        "sensors",
        json!({ "sensors": 2, "rate": 2000, "periodMs": 10, "durationMs": 400, "threads": 3 }),
    );
    // An order of events, not a rate: besides the last average (after every sensor is done)
    // at least one was published while the sensors still read. With one worker there is only
    // the last (see the test above).
    assert!(metric(&r, "periods") >= 2.0, "periods = {}", metric(&r, "periods"));
    let points = &r.series["averages"];
    assert!(points.windows(2).all(|w| w[0][0] <= w[1][0]), "times go forward");
    assert!(points.iter().all(|p| (15.0..25.0).contains(&p[1])), "about 20 °C: {points:?}");
    let kinds = |k| r.timeline.spans.iter().filter(|s| s.kind == k).count();
    assert!(kinds(SpanKind::Wake) >= 2 && kinds(SpanKind::Idle) > 0 && kinds(SpanKind::Work) > 0);
}

#[test]
fn high_rates_come_in_bursts_and_still_verify() {
    let r = run_ok(
        "sensors",
        json!({ "sensors": 4, "rate": 100_000, "periodMs": 5, "durationMs": 20, "threads": 2 }),
    );
    assert_eq!(metric(&r, "produced"), 8000.0);
    assert!(r.workers.iter().map(|w| w.tasks).sum::<u64>() < 8000, "readings are taken in bursts");
}

#[test]
fn bad_parameters_are_rejected_by_name() {
    let cases = [
        (json!({ "periodMs": 600, "durationMs": 500 }), "periodMs"),
        (json!({ "rate": 0 }), "rate"),
        (json!({ "sensors": 65 }), "sensors"),
        (json!({ "durationMs": 60_001 }), "durationMs"),
        // 64 sensors reading 100000 times a second for a minute: far more than 1 GiB.
        (json!({ "sensors": 64, "rate": 100_000, "durationMs": 60_000 }), "durationMs"),
        // 64 sensors taking turns on one worker for 60 s each: an hour.
        (
            json!({ "sensors": 64, "rate": 1, "periodMs": 1000, "durationMs": 60_000, "threads": 1 }),
            "durationMs",
        ),
    ];
    for (params, name) in cases {
        assert_eq!(refusal("sensors", params.clone()).param, name, "{params}");
    }
}

#[test]
fn cancel_stops_sensors_and_aggregator_before_their_end() {
    for (sensors, threads) in [(3, 1), (4, 2), (5, 4)] {
        let params = json!({ "sensors": sensors, "rate": 10, "periodMs": 10_000, "durationMs": 10_000, "threads": threads });
        let (result, progress) = run_and_cancel("sensors", params, Duration::from_millis(30));
        assert_eq!(result.err(), Some(RunError::Cancelled), "{sensors} sensors, {threads} threads");
        assert!(progress.stopped_early(), "{sensors} sensors ran to their end: {progress:?}");
    }
}
