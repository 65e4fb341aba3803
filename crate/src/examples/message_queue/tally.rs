//! What the message queue counts beside the chapter's code, for its metrics and checks: the
//! queue's depth over time, and the consumer's tally of what arrived.

use super::channels::Message;
use crate::runtime::RunContext;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use web_time::Instant;

/// Queue depth, counted as sent minus received with two atomics: producers count after their
/// send returns, the consumer after its receive, so a reading can be off by the message or two
/// between a call and its count. Every `every`-th count also becomes a point of the chart.
pub(super) struct Depth {
    pub(super) sent: AtomicU64,
    received: AtomicU64,
    pub(super) peak: AtomicU64,
    every: u64,
    pub(super) samples: Mutex<Vec<[f64; 2]>>,
}

impl Depth {
    /// `every`: how many sends (or receives) between two points of the chart.
    pub(super) fn new(every: u64) -> Self {
        Depth {
            sent: AtomicU64::new(0),
            received: AtomicU64::new(0),
            peak: AtomicU64::new(0),
            every,
            samples: Mutex::new(Vec::new()),
        }
    }

    pub(super) fn after_send(&self, ctx: &RunContext) {
        let sent = self.sent.fetch_add(1, Ordering::Relaxed) + 1;
        let received = self.received.load(Ordering::Relaxed);
        self.observe(sent, sent.saturating_sub(received), ctx);
    }

    /// Returns the depth it read: more than 0 means a message is already in the channel (each
    /// one counted sent has been sent), so the consumer's next `recv` will not wait.
    pub(super) fn after_recv(&self, ctx: &RunContext) -> u64 {
        let received = self.received.fetch_add(1, Ordering::Relaxed) + 1;
        let depth = self.sent.load(Ordering::Relaxed).saturating_sub(received);
        self.observe(received, depth, ctx);
        depth
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

/// What the consumer saw, counted by the consumer alone.
pub(super) struct Tally {
    pub(super) received: u64,
    /// One bit per (producer, seq): set on receipt, so a second copy is caught.
    seen: Vec<u64>,
    pub(super) duplicates: u64,
    /// Distinct messages received from each producer.
    pub(super) distinct: Vec<u64>,
    /// Next sequence number expected from each producer; anything else is out of order.
    next_seq: Vec<u32>,
    pub(super) out_of_order: u64,
    pub(super) latencies_ms: Vec<f32>,
    pub(super) checksum: u64,
}

impl Tally {
    pub(super) fn new(producers: usize, messages: usize) -> Self {
        Tally {
            received: 0,
            seen: vec![0; (producers * messages).div_ceil(64)],
            duplicates: 0,
            distinct: vec![0; producers],
            next_seq: vec![0; producers],
            out_of_order: 0,
            latencies_ms: Vec::with_capacity(producers * messages),
            checksum: 0,
        }
    }

    /// Counts one received message, which `arrived` when: its latency, and whether it is a
    /// second copy or came out of its producer's order (each producer sends `messages`).
    pub(super) fn record(&mut self, msg: &Message, messages: usize, arrived: Instant) {
        self.latencies_ms.push(arrived.saturating_duration_since(msg.sent_at).as_secs_f32() * 1000.0);
        self.received += 1;

        let bit = msg.producer as usize * messages + msg.seq as usize;
        if self.seen[bit / 64] & (1 << (bit % 64)) != 0 {
            self.duplicates += 1;
        } else {
            self.distinct[msg.producer as usize] += 1;
        }
        self.seen[bit / 64] |= 1 << (bit % 64);
        let expected = &mut self.next_seq[msg.producer as usize];
        if msg.seq != *expected {
            self.out_of_order += 1;
        }
        *expected = msg.seq + 1;
    }
}
