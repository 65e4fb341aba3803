//! The chapter's message queue: producer threads `tx.send` into one `mpsc` channel, and one
//! consumer receives every message with `for msg in rx` (multi-producer, single-consumer).

use super::tally::{Depth, Tally};
use crate::runtime::record::SpanKind;
use crate::runtime::RunContext;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use web_time::Instant;

/// One message: who sent it, its number in that producer's sequence, and when send was called.
pub(super) struct Message {
    pub(super) producer: u32,
    pub(super) seq: u32,
    pub(super) sent_at: Instant,
}

/// The channel: `mpsc::channel()` for unbounded (`None`), `mpsc::sync_channel(capacity)` for
/// bounded, and `sync_channel(0)` for a rendezvous.
pub(super) fn open(capacity: Option<usize>) -> (Tx, mpsc::Receiver<Message>) {
    match capacity {
        None => {
            let (tx, rx) = mpsc::channel();
            (Tx::Unbounded(tx), rx)
        }
        Some(capacity) => {
            let (tx, rx) = mpsc::sync_channel(capacity);
            (Tx::Bounded(tx), rx)
        }
    }
}

/// Runs one producer per entry of `sent_by` (each stores there how many it sent) and the one
/// consumer, until every message is through; returns what the consumer counted.
pub(super) fn producers_and_consumer(
    (tx, rx): (Tx, mpsc::Receiver<Message>),
    messages: usize,
    sent_by: &[AtomicU64],
    depth: &Depth,
    ctx: &RunContext,
) -> Option<Tally> {
    let producers = sent_by.len();
    let mut tally = None;
    ctx.run_threads(|s| {
        let tally = &mut tally;
        let mut consumer = Some(move || *tally = Some(consume(rx, producers, messages, depth, ctx)));
        // At most `threads` closures run at once, in spawn order. With two or more, the consumer
        // goes first so it always has a worker and the producers share the rest. With one, the
        // chapter's order (producers, then consumer) works because an unbounded send never waits.
        if ctx.threads() >= 2 {
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
    tally
}

/// The chapter's producer: `for msg in messages { tx.send(msg) }`. Returns how many it sent.
fn produce(producer: u32, messages: u32, tx: Tx, depth: &Depth, ctx: &RunContext) -> u64 {
    let mut sent = 0;
    // One clock read per message: the one that ends a send stamps the next message.
    let mut clock = ctx.lap();
    for seq in 0..messages {
        if ctx.is_cancelled() {
            break; // dropping `tx` on return is what tells the consumer we are done
        }
        let msg = Message { producer, seq, sent_at: clock.mark() };
        // The chapter unwraps; here an error only means the consumer stopped on a cancel.
        if clock.task(SpanKind::Send, || tx.send(msg)).is_err() {
            break;
        }
        sent += 1;
        depth.after_send(ctx);
    }
    sent
}

/// The chapter's consumer: `for msg in rx { process_message(msg) }`, which ends when every
/// `Sender` has been dropped.
fn consume(
    rx: mpsc::Receiver<Message>,
    producers: usize,
    messages: usize,
    depth: &Depth,
    ctx: &RunContext,
) -> Tally {
    let mut tally = Tally::new(producers, messages);
    // The clock is read when a message arrives, and when the work on it ends only if no other
    // message was queued: then the wait for the next one begins. Otherwise `recv` will not
    // wait, and the next arrival ends this work as well. So a consumer that is behind reads
    // the clock once per message, and its receives count as waiting only when they waited.
    let mut clock = ctx.lap();
    let mut waiting = true; // since the clock's last read
    for msg in &rx {
        let arrived = clock.span(if waiting { SpanKind::Recv } else { SpanKind::Work });
        // On a cancel, return: dropping `rx` makes every waiting or later send fail at once.
        if ctx.is_cancelled() {
            break;
        }
        tally.record(&msg, messages, arrived);
        let queued = depth.after_recv(ctx);
        let result = process_message(&msg);
        waiting = queued == 0;
        if waiting {
            clock.span(SpanKind::Work);
        }
        clock.task_done();
        tally.checksum = tally.checksum.wrapping_add(result);
        if tally.received.is_multiple_of(1024) {
            ctx.advance(1024);
        }
    }
    ctx.advance(tally.received % 1024);
    tally
}

/// The chapter's `process_message`: real CPU work, a hundred rounds of a 64-bit mix
/// (splitmix64's finalizer).
pub(super) fn process_message(msg: &Message) -> u64 {
    let mut h = (u64::from(msg.producer) << 32) | u64::from(msg.seq);
    for _ in 0..100 {
        h = h.wrapping_add(0x9e37_79b9_7f4a_7c15);
        h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        h ^= h >> 31;
    }
    h
}

/// The two kinds of sender std offers behind one `send`: `channel()` gives a `Sender`,
/// `sync_channel(n)` a `SyncSender`.
#[derive(Clone)]
pub(super) enum Tx {
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
