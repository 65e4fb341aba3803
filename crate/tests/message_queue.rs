//! The message queue on native threads: every channel at 1, 2 and 4 threads, exactly-once and
//! in-order delivery, the `threads` limit, the one-thread rejection, and cancellation.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::*;
use concurrency_playground::runtime::record::SpanKind;
use concurrency_playground::RunError;
use serde_json::{json, Value};
use std::time::Duration;

const ID: &str = "message-queue";

fn small(channel: &str, threads: usize) -> Value {
    json!({
        "producers": 3, "messages": 2_000, "channel": channel, "capacity": 16, "threads": threads
    })
}

fn assert_delivered(r: &concurrency_playground::Report, total: f64) {
    assert_eq!(metric(r, "sent"), total);
    assert_eq!(metric(r, "received"), total);
    assert!(metric(r, "messagesPerSec") > 0.0);
    let ids: Vec<&str> = r.checks.iter().map(|c| c.id).collect();
    assert!(ids.contains(&"received-once"), "{ids:?}");
    assert!(ids.contains(&"in-order"), "{ids:?}");
}

#[test]
fn every_channel_on_two_and_four_threads() {
    for channel in ["unbounded", "bounded", "rendezvous"] {
        for threads in [2, 4] {
            let r = run_ok(ID, small(channel, threads));
            assert_delivered(&r, 6_000.0);
            assert_eq!(r.workers.len(), threads, "{channel} on {threads}");
            assert!(active_workers(&r) <= threads);
            // The consumer has a worker of its own, and producers use at least one more.
            assert!(active_workers(&r) >= 2, "{channel} on {threads}");
        }
    }
}

#[test]
fn a_sampled_timeline_keeps_both_halves_of_the_consumers_receive_work_cycle() {
    // A rendezvous: the consumer waits for every message. 40,000 messages: it alone records
    // 80,000 spans, receive and work in turn, far more than a worker keeps. Every 2nd, 4th, …
    // of them would all be receives.
    let r = run_ok(ID, json!({ "producers": 2, "messages": 20_000, "channel": "rendezvous", "threads": 2 }));
    assert!(r.timeline.sampled);
    let lane = |kind| r.timeline.spans.iter().filter(move |s| s.kind == kind).map(|s| s.worker);
    let consumer = lane(SpanKind::Recv).next().expect("the consumer's receives");
    let (receives, works) = (
        lane(SpanKind::Recv).filter(|&w| w == consumer).count(),
        lane(SpanKind::Work).filter(|&w| w == consumer).count(),
    );
    // The two kinds alternate, so an even sample holds about as many of each.
    assert!(works * 3 > receives && receives * 3 > works, "{receives} receives, {works} works");
}

#[test]
fn a_consumer_that_is_behind_never_waits_to_receive() {
    // On one worker the producer runs first, so every message is queued before the consumer
    // starts: each `recv` finds one waiting. Only the first, from the consumer's start, counts
    // as a wait; the receives after it are part of the work (and cost no clock read). One
    // producer and 1,500 messages: the worker's 3,001 spans are all kept.
    let r = run_ok(ID, json!({ "producers": 1, "messages": 1_500, "channel": "unbounded", "threads": 1 }));
    assert!(!r.timeline.sampled, "every span kept");
    let receives = r.timeline.spans.iter().filter(|s| s.kind == SpanKind::Recv).count();
    let works = r.timeline.spans.iter().filter(|s| s.kind == SpanKind::Work).count();
    assert_eq!((receives, works), (1, 1_500), "one wait, then a work span per message");
}

#[test]
fn unbounded_on_one_thread_queues_everything_first() {
    let r = run_ok(ID, small("unbounded", 1));
    assert_delivered(&r, 6_000.0);
    assert_eq!(r.workers.len(), 1);
    assert_eq!(active_workers(&r), 1);
    // Producers run to the end before the consumer starts: the whole run sits in the queue.
    assert_eq!(metric(&r, "peakQueueDepth"), 6_000.0);
}

#[test]
fn bounded_channels_cap_the_queue() {
    let r = run_ok(ID, small("bounded", 2));
    // Counted after each call returns, so one received-but-not-yet-counted message may show.
    assert!(metric(&r, "peakQueueDepth") <= 17.0, "{:?}", r.metrics);
    let r = run_ok(ID, small("rendezvous", 4));
    assert!(metric(&r, "peakQueueDepth") <= 1.0, "{:?}", r.metrics);
}

#[test]
fn queue_depth_series_is_bounded() {
    let r = run_ok(ID, json!({ "producers": 4, "messages": 20_000, "threads": 2 }));
    let series = &r.series["queueDepth"];
    assert!(!series.is_empty() && series.len() <= 400, "{} points", series.len());
    assert!(series.windows(2).all(|w| w[0][0] <= w[1][0]), "time goes forward");
}

#[test]
fn one_producer_and_many_producers() {
    let r = run_ok(
        ID,
        json!({
            "producers": 1, "messages": 3_000, "threads": 2, "channel": "bounded", "capacity": 1
        }),
    );
    assert_delivered(&r, 3_000.0);
    let r = run_ok(ID, json!({ "producers": 16, "messages": 300, "threads": 3, "channel": "rendezvous" }));
    assert_delivered(&r, 4_800.0);
    assert_eq!(r.workers.len(), 3);
}

#[test]
fn blocking_channels_on_one_thread_are_refused() {
    for channel in ["bounded", "rendezvous"] {
        match run(ID, small(channel, 1)) {
            Err(RunError::Invalid(e)) => {
                assert_eq!(e.param, "channel");
                assert!(e.message.contains("threads"), "{}", e.message);
                assert!(e.message.contains("consumer"), "{}", e.message);
            }
            other => panic!("{channel} on one thread: {:?}", other.map(|r| r.metrics)),
        }
    }
    match run(ID, json!({ "channel": "lossy" })) {
        Err(RunError::Invalid(e)) => assert_eq!(e.param, "channel"),
        other => panic!("{:?}", other.map(|r| r.metrics)),
    }
}

#[test]
fn cancel_stops_every_channel_before_its_end() {
    for (channel, threads, producers) in
        [("unbounded", 1, 3), ("bounded", 2, 5), ("rendezvous", 4, 7), ("unbounded", 4, 11)]
    {
        let messages = 1_000_000 / producers;
        let params = json!({
            "producers": producers, "messages": messages, "channel": channel, "threads": threads
        });
        let (result, progress) = run_and_cancel(ID, params, Duration::from_millis(20));
        assert!(matches!(result, Err(RunError::Cancelled)), "{:?}", result.map(|r| r.metrics));
        assert!(progress.stopped_early(), "{channel} on {threads} ran to its end: {progress:?}");
    }
}
