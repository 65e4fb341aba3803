//! Message queue: the chapter's `mpsc` producers and consumer, over three kinds of channel.
//!
//! Several producer threads send numbered messages into one channel; one consumer thread receives
//! all of them (mpsc: multi-producer, single-consumer). An unbounded channel lets the queue grow
//! as far as memory allows; a bounded one makes producers wait for room (backpressure); a
//! rendezvous channel (capacity 0) holds nothing, so every send waits for the consumer's receive.

use crate::runtime::contract::{Example, Outcome};
use crate::params::{Options, ParamError, ParamSpec, Resolved};
use crate::runtime::record::SpanKind;
use crate::runtime::{Cancelled, RunContext};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc, Mutex};
use web_time::Instant;

pub const EXAMPLE: Example = Example {
    id: "message-queue",
    title: "Message queue (mpsc channels)",
    summary: "Producer threads send numbered, timestamped messages into one std::sync::mpsc \
              channel and a single consumer processes them; every message is checked to arrive \
              exactly once and in its producer's order.",
    look_for: "With \"unbounded\" the queue depth climbs as high as the producers get ahead; with \
               \"bounded\" it stays at the capacity and the producers' timelines fill with send \
               (waiting for room); with \"rendezvous\" every message is a hand-over. Compare the \
               p99 latency: a long queue means a long wait. One consumer caps the throughput, \
               however many threads you add.",
    sources: &[crate::source_file!(Chapter, "message_queue/mod.rs")],
    params: &[
        ParamSpec::int("producers", 4, 1, 64, "producer threads, each sending its own numbered messages"),
        ParamSpec::int("messages", 40_000, 1, 1_000_000, "messages each producer sends"),
        ParamSpec::choice(
            "channel",
            "unbounded",
            Channel::NAMES,
            "mpsc::channel() never blocks a sender; sync_channel(capacity) blocks it while the \
             channel is full; sync_channel(0) blocks it until the consumer takes the message",
        ),
        ParamSpec::int("capacity", 64, 1, 100_000, "messages a \"bounded\" channel holds before send waits"),
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

/// One message: who sent it, its number in that producer's sequence, and when send was called.
struct Message {
    producer: u32,
    seq: u32,
    sent_at: Instant,
}

/// The two kinds of sender std offers behind one `send`: `channel()` gives a `Sender`,
/// `sync_channel(n)` a `SyncSender`.
#[derive(Clone)]
enum Tx {
    Unbounded(mpsc::Sender<Message>),
    Bounded(mpsc::SyncSender<Message>),
}

impl Tx {
    fn send(&self, msg: Message) -> Result<(), mpsc::SendError<Message>> {
        match self {
            Tx::Unbounded(tx) => tx.send(msg),
            Tx::Bounded(tx) => tx.send(msg),
        }
    }
}

/// The chapter's `process_message`: real CPU work, a hundred rounds of a 64-bit mix
/// (splitmix64's finalizer).
fn process_message(msg: &Message) -> u64 {
    let mut h = (u64::from(msg.producer) << 32) | u64::from(msg.seq);
    for _ in 0..100 {
        h = h.wrapping_add(0x9e37_79b9_7f4a_7c15);
        h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        h ^= h >> 31;
    }
    h
}

/// Queue depth, counted as sent minus received with two atomics: producers count after their
/// send returns, the consumer after its receive, so a reading can be off by the message or two
/// between a call and its count. Every `every`-th count also becomes a point of the chart.
struct Depth {
    sent: AtomicU64,
    received: AtomicU64,
    peak: AtomicU64,
    every: u64,
    samples: Mutex<Vec<[f64; 2]>>,
}

impl Depth {
    fn after_send(&self, ctx: &RunContext) {
        let sent = self.sent.fetch_add(1, Ordering::Relaxed) + 1;
        let received = self.received.load(Ordering::Relaxed);
        self.observe(sent, sent.saturating_sub(received), ctx);
    }

    fn after_recv(&self, ctx: &RunContext) {
        let received = self.received.fetch_add(1, Ordering::Relaxed) + 1;
        let sent = self.sent.load(Ordering::Relaxed);
        self.observe(received, sent.saturating_sub(received), ctx);
    }

    fn observe(&self, count: u64, depth: u64, ctx: &RunContext) {
        self.peak.fetch_max(depth, Ordering::Relaxed);
        if count.is_multiple_of(self.every) {
            let mut samples = self.samples.lock().unwrap_or_else(|e| e.into_inner());
            // Timed under the lock, so the points stay in time order.
            samples.push([ctx.elapsed_ms(), depth as f64]);
        }
    }
}

/// The chapter's producer: `for msg in messages { tx.send(msg) }`. Returns how many it sent.
fn produce(producer: u32, messages: u32, tx: Tx, depth: &Depth, ctx: &RunContext) -> u64 {
    let mut sent = 0;
    for seq in 0..messages {
        if ctx.is_cancelled() {
            break; // dropping `tx` on return is what tells the consumer we are done
        }
        let msg = Message { producer, seq, sent_at: Instant::now() };
        // The chapter unwraps; here an error only means the consumer stopped on a cancel.
        if ctx.task(SpanKind::Send, || tx.send(msg)).is_err() {
            break;
        }
        sent += 1;
        depth.after_send(ctx);
    }
    sent
}

/// What the consumer saw, counted by the consumer alone.
struct Tally {
    received: u64,
    /// One bit per (producer, seq): set on receipt, so a second copy is caught.
    seen: Vec<u64>,
    duplicates: u64,
    /// Distinct messages received from each producer.
    distinct: Vec<u64>,
    /// Next sequence number expected from each producer; anything else is out of order.
    next_seq: Vec<u32>,
    out_of_order: u64,
    latencies_ms: Vec<f32>,
    checksum: u64,
}

/// The chapter's consumer: `for msg in rx { process_message(msg) }`, which ends when every
/// `Sender` has been dropped.
fn consume(rx: mpsc::Receiver<Message>, p: &Resolved, depth: &Depth, ctx: &RunContext) -> Tally {
    let (producers, messages) = (p.usize("producers"), p.usize("messages"));
    let mut t = Tally {
        received: 0,
        seen: vec![0; (producers * messages).div_ceil(64)],
        duplicates: 0,
        distinct: vec![0; producers],
        next_seq: vec![0; producers],
        out_of_order: 0,
        latencies_ms: Vec::with_capacity(producers * messages),
        checksum: 0,
    };
    loop {
        let waiting = Instant::now();
        let Ok(msg) = rx.recv() else { break };
        ctx.span(SpanKind::Recv, waiting);
        // On a cancel, return: dropping `rx` makes every waiting or later send fail at once.
        if ctx.is_cancelled() {
            break;
        }
        t.latencies_ms.push(msg.sent_at.elapsed().as_secs_f32() * 1000.0);
        t.received += 1;
        depth.after_recv(ctx);

        let bit = msg.producer as usize * messages + msg.seq as usize;
        if t.seen[bit / 64] & (1 << (bit % 64)) != 0 {
            t.duplicates += 1;
        } else {
            t.distinct[msg.producer as usize] += 1;
        }
        t.seen[bit / 64] |= 1 << (bit % 64);
        let expected = &mut t.next_seq[msg.producer as usize];
        if msg.seq != *expected {
            t.out_of_order += 1;
        }
        *expected = msg.seq + 1;

        let result = ctx.task(SpanKind::Work, || process_message(&msg));
        t.checksum = t.checksum.wrapping_add(result);
        if t.received.is_multiple_of(1024) {
            ctx.advance(1024);
        }
    }
    ctx.advance(t.received % 1024);
    t
}

fn run(p: &Resolved, ctx: &RunContext) -> Result<Outcome, Cancelled> {
    let (producers, messages) = (p.usize("producers"), p.usize("messages"));
    let threads = p.usize("threads");
    ctx.set_progress_total((producers * messages) as u64);

    let (tx, rx) = match capacity(p) {
        None => {
            let (tx, rx) = mpsc::channel();
            (Tx::Unbounded(tx), rx)
        }
        Some(capacity) => {
            let (tx, rx) = mpsc::sync_channel(capacity);
            (Tx::Bounded(tx), rx)
        }
    };
    let depth = Depth {
        sent: AtomicU64::new(0),
        received: AtomicU64::new(0),
        peak: AtomicU64::new(0),
        // About 200 points from the producers' side and 200 from the consumer's.
        every: (producers * messages).div_ceil(200) as u64,
        samples: Mutex::new(Vec::new()),
    };
    let sent_by: Vec<AtomicU64> = (0..producers).map(|_| AtomicU64::new(0)).collect();
    let mut tally = None;

    let start = Instant::now();
    ctx.run_threads(|s| {
        let (depth, sent_by, tally) = (&depth, &sent_by, &mut tally);
        let mut consumer = Some(move || *tally = Some(consume(rx, p, depth, ctx)));
        // At most `threads` closures run at once, in spawn order. With two or more, the consumer
        // goes first so it always has a worker and the producers share the rest. With one, the
        // chapter's order (producers, then consumer) works because an unbounded send never waits.
        if threads >= 2 {
            s.spawn(consumer.take().expect("not spawned yet"));
        }
        for (id, sent_by) in sent_by.iter().enumerate() {
            let tx = tx.clone();
            s.spawn(move || {
                let sent = produce(id as u32, messages as u32, tx, depth, ctx);
                sent_by.store(sent, Ordering::Relaxed);
            });
        }
        // Our own `tx` must go too, or the consumer would wait for it forever.
        drop(tx);
        if let Some(consumer) = consumer {
            s.spawn(consumer);
        }
    });
    let seconds = start.elapsed().as_secs_f64();
    ctx.check_cancel()?;
    let mut t = tally.expect("the consumer ran");

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
        .check_equal(
            "every message sent was received",
            ("sent (counted by producers)", sent),
            ("received (counted by the consumer)", t.received),
        )
        .check(
            "each message received exactly once",
            t.duplicates == 0 && missing == 0,
            format!("{} duplicates, {} missing", t.duplicates, missing),
        )
        .check(
            "each producer's messages arrive in the order sent",
            t.out_of_order == 0,
            format!("{} messages out of order", t.out_of_order),
        )
        .check(
            "consumer's results equal a sequential recomputation",
            t.checksum == expected,
            format!("checksum {:#x}, expected {:#x}", t.checksum, expected),
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
