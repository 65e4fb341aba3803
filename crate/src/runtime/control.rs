//! Words in shared memory that the page reads and writes directly, while a run goes on.
//!
//! The runtime worker is busy inside `run` until the run ends, so it cannot answer messages.
//! Instead the page holds a view of the wasm memory (a `SharedArrayBuffer`) and uses `Atomics`
//! on these words: it reads progress on each animation frame and sets the cancel flag, and the
//! example's loops see the flag on their next check. Natively the same statics serve the tests.

use std::sync::atomic::{AtomicU32, AtomicU8, Ordering};

/// Bytes of a panic message kept for the page; longer messages are cut at a char boundary.
pub const PANIC_TEXT_BYTES: usize = 1000;

/// Layout shared with `www/runtime/control.js`: six 32-bit words, then the panic text, in this order.
#[repr(C, align(16))]
pub struct Control {
    /// Non-zero asks the run in progress to stop.
    pub cancel: AtomicU32,
    /// Units of work finished so far in this run.
    pub done: AtomicU32,
    /// Units of work this run will do (0 while unknown).
    pub total: AtomicU32,
    /// Incremented at the start of every run, so the page can tell runs apart.
    pub run_id: AtomicU32,
    /// Set once a thread has panicked. In the browser a panic aborts the web worker it ran on
    /// (wasm has no unwinding), so the run can never finish: the page watches this word, reads
    /// the message below, and replaces the whole runtime.
    pub panicked: AtomicU32,
    /// Length in bytes of the UTF-8 message in `panic_text`.
    pub panic_len: AtomicU32,
    pub panic_text: [AtomicU8; PANIC_TEXT_BYTES],
}

pub static CONTROL: Control = Control {
    cancel: AtomicU32::new(0),
    done: AtomicU32::new(0),
    total: AtomicU32::new(0),
    run_id: AtomicU32::new(0),
    panicked: AtomicU32::new(0),
    panic_len: AtomicU32::new(0),
    panic_text: [const { AtomicU8::new(0) }; PANIC_TEXT_BYTES],
};

impl Control {
    /// Clears progress for a new run. The cancel flag is cleared too: a cancel aimed at an
    /// earlier run must not stop this one.
    pub fn begin_run(&self) {
        self.cancel.store(0, Ordering::SeqCst);
        self.done.store(0, Ordering::Relaxed);
        self.total.store(0, Ordering::Relaxed);
        self.run_id.fetch_add(1, Ordering::SeqCst);
    }

    pub fn cancelled(&self) -> bool {
        // Relaxed is enough: the flag carries no data, and a late sighting costs one more chunk.
        self.cancel.load(Ordering::Relaxed) != 0
    }

    pub fn request_cancel(&self) {
        self.cancel.store(1, Ordering::SeqCst);
    }

    pub fn set_total(&self, total: u64) {
        self.total.store(saturate(total), Ordering::Relaxed);
    }

    pub fn advance(&self, by: u64) {
        self.done.fetch_add(saturate(by), Ordering::Relaxed);
    }

    /// Keeps the first panic's message where the page can read it, then raises the flag.
    pub fn record_panic(&self, message: &str) {
        if self.panicked.load(Ordering::SeqCst) != 0 {
            return;
        }
        let mut end = message.len().min(PANIC_TEXT_BYTES);
        while !message.is_char_boundary(end) {
            end -= 1;
        }
        for (slot, byte) in self.panic_text.iter().zip(&message.as_bytes()[..end]) {
            slot.store(*byte, Ordering::Relaxed);
        }
        self.panic_len.store(end as u32, Ordering::Relaxed);
        // SeqCst publishes the text before the flag that tells the page to read it.
        self.panicked.store(1, Ordering::SeqCst);
    }

    pub fn address(&self) -> usize {
        self as *const Control as usize
    }
}

fn saturate(n: u64) -> u32 {
    n.min(u32::MAX as u64) as u32
}
