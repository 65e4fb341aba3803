//! Message queue: the chapter's `mpsc` producers and consumer, over three kinds of channel.
//!
//! Several producer threads send numbered messages into one channel; one consumer thread receives
//! all of them (mpsc: multi-producer, single-consumer). An unbounded channel lets the queue grow
//! as far as memory allows; a bounded one makes producers wait for room (backpressure); a
//! rendezvous channel (capacity 0) holds nothing, so every send waits for the consumer's receive.
//!
//! The chapter's code is `channels.rs`. This file is the harness: parameters, the check that a
//! blocking channel gets a consumer beside its producers, the run and its checks; `tally.rs`
//! counts what the checks need.

mod channels;
mod tally;

use crate::params::{Options, ParamError, ParamSpec, Resolved};
use crate::runtime::contract::{facts, Example, Outcome};
use crate::runtime::{Cancelled, RunContext};
use channels::{process_message, Message};
use std::sync::atomic::{AtomicU64, Ordering};
use tally::Depth;
use web_time::Instant;

pub const EXAMPLE: Example = Example {
    id: "message-queue",
    sources: &[
        crate::source_file!(Chapter, "message_queue/channels.rs"),
        crate::source_file!(Harness, "message_queue/mod.rs"),
        crate::source_file!(Harness, "message_queue/tally.rs"),
    ],
    params: &[
        ParamSpec::int("producers", 4, 1, 64),
        ParamSpec::int("messages", 40_000, 1, 1_000_000),
        ParamSpec::choice("channel", "unbounded", Channel::NAMES),
        ParamSpec::int("capacity", 64, 1, 100_000),
    ],
    size_param: "messages",
    validate,
    memory_estimate,
    run,
};

crate::options! {
    /// The three kinds of channel std offers.
    pub enum Channel { Unbounded = "unbounded", Bounded = "bounded", Rendezvous = "rendezvous" }
}

/// A blocking channel needs its consumer running beside the producers. On one worker, threads
/// run one after another, so a producer would wait for room that no consumer ever makes.
fn validate(p: &Resolved) -> Result<(), ParamError> {
    let channel = p.choice::<Channel>("channel");
    if channel != Channel::Unbounded && p.usize("threads") < 2 {
        let channel = channel.name();
        return Err(ParamError::new(
            "channel",
            "channelNeedsTwoThreads",
            facts([("channel", channel.into())]),
            format!(
                "\"{channel}\" needs `threads` of at least 2: its sends wait for the consumer, \
                 which must run beside the producers, but one worker runs them one after \
                 another and the first full channel would wait forever. Choose \"unbounded\" \
                 or more threads"
            ),
        ));
    }
    Ok(())
}

/// Bytes per queued message in std's channel (the message and a slot flag, rounded up), plus the
/// consumer's 4-byte latency record and exactly-once bit for every message.
const QUEUED_BYTES: u64 = 48;
const RECORD_BYTES: u64 = 5;

fn memory_estimate(p: &Resolved) -> u64 {
    let total = p.int("producers") * p.int("messages");
    // Unbounded: in the worst case (one worker) every message is queued before any is received.
    let queued = capacity(p).map_or(total, |c| c as u64);
    queued * QUEUED_BYTES + total * RECORD_BYTES + (1 << 20)
}

/// The channel's capacity: `None` for unbounded, `Some(0)` for a rendezvous.
fn capacity(p: &Resolved) -> Option<usize> {
    match p.choice::<Channel>("channel") {
        Channel::Unbounded => None,
        Channel::Bounded => Some(p.usize("capacity")),
        Channel::Rendezvous => Some(0),
    }
}

fn run(p: &Resolved, ctx: &RunContext) -> Result<Outcome, Cancelled> {
    let (producers, messages) = (p.usize("producers"), p.usize("messages"));
    ctx.set_progress_total((producers * messages) as u64);

    let channel = channels::open(capacity(p));
    // About 200 points from the producers' side and 200 from the consumer's.
    let depth = Depth::new((producers * messages).div_ceil(200) as u64);
    let sent_by: Vec<AtomicU64> = (0..producers).map(|_| AtomicU64::new(0)).collect();

    let start = Instant::now();
    let tally = channels::producers_and_consumer(channel, messages, &sent_by, &depth, ctx);
    let seconds = start.elapsed().as_secs_f64();
    ctx.check_cancel()?;
    let mut t = tally.expect("the consumer ran");
    // Tests only: a message the consumer never got, or got twice (see runtime::sabotage).
    #[cfg(feature = "fault-injection")]
    match crate::runtime::sabotage::take() {
        Some(crate::runtime::sabotage::Sabotage::LoseOne) => {
            (t.received, t.distinct[0]) = (t.received - 1, t.distinct[0] - 1)
        }
        Some(crate::runtime::sabotage::Sabotage::ApplyOneTwice) => {
            (t.received, t.duplicates) = (t.received + 1, t.duplicates + 1)
        }
        None => {}
    }

    // Checks, outside the timed part: an independent recomputation of the consumer's results.
    let sent_by: Vec<u64> = sent_by.iter().map(|n| n.load(Ordering::Relaxed)).collect();
    let (expected, _) = ctx.verify(|| {
        let all = sent_by
            .iter()
            .enumerate()
            .flat_map(|(producer, &sent)| (0..sent as u32).map(move |seq| (producer as u32, seq)));
        all.fold(0u64, |sum, (producer, seq)| {
            let msg = Message { producer, seq, sent_at: start };
            sum.wrapping_add(process_message(&msg))
        })
    });
    // Per producer: as many distinct messages received as that producer counted sent.
    let missing: u64 = sent_by.iter().zip(&t.distinct).map(|(s, d)| s.abs_diff(*d)).sum();
    let sent = depth.sent.load(Ordering::Relaxed);
    let (p50, p99) = percentiles(&mut t.latencies_ms);
    let samples = depth.samples.into_inner().unwrap_or_else(|e| e.into_inner());

    Ok(Outcome::default()
        .metric("sent", sent as f64)
        .metric("received", t.received as f64)
        .metric("messagesPerSec", t.received as f64 / seconds.max(1e-9))
        .metric("p50LatencyMs", p50)
        .metric("p99LatencyMs", p99)
        .metric("peakQueueDepth", depth.peak.load(Ordering::Relaxed) as f64)
        .series("queueDepth", samples)
        .check_equal("all-received", ("sent", sent), ("received", t.received))
        .check(
            "received-once",
            t.duplicates == 0 && missing == 0,
            facts([("duplicates", t.duplicates.into()), ("missing", missing.into())]),
        )
        .check("in-order", t.out_of_order == 0, facts([("outOfOrder", t.out_of_order.into())]))
        .check(
            "matches-sequential",
            t.checksum == expected,
            facts([
                ("checksum", format!("{:#x}", t.checksum).into()),
                ("expected", format!("{expected:#x}").into()),
            ]),
        ))
}

/// Median and 99th percentile, in ms.
fn percentiles(latencies: &mut [f32]) -> (f64, f64) {
    if latencies.is_empty() {
        return (0.0, 0.0);
    }
    let mut at = |q: f64| {
        let i = ((latencies.len() - 1) as f64 * q).round() as usize;
        *latencies.select_nth_unstable_by(i, f32::total_cmp).1 as f64
    };
    (at(0.5), at(0.99))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_pick_the_right_ranks() {
        let mut v: Vec<f32> = (0..=100).rev().map(|x| x as f32).collect();
        assert_eq!(percentiles(&mut v), (50.0, 99.0));
        assert_eq!(percentiles(&mut []), (0.0, 0.0));
    }
}
