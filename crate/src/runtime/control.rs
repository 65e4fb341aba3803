//! Words in shared memory that the page reads and writes directly, while a run goes on.
//!
//! The runtime worker is busy inside `run` until the run ends, so it cannot answer messages.
//! Instead the page holds a view of the wasm memory (a `SharedArrayBuffer`) and uses `Atomics`
//! on these words: it reads progress on each animation frame and sets the cancel flag, and the
//! example's loops see the flag on their next check. Natively the same statics serve the tests.
//! The page learns where each word is from [`Control::layout`], so there is no second copy of
//! this struct's layout to keep in step.

use serde::Serialize;
use std::mem::offset_of;
use std::sync::atomic::{AtomicU32, AtomicU8, Ordering};

/// Bytes of a panic message kept for the page; longer messages are cut at a char boundary.
pub const PANIC_TEXT_BYTES: usize = 1000;

/// Why a thread stopped the program, as [`Control::panic_kind`] holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u32)]
pub enum FaultKind {
    /// A `panic!`, an `unwrap` on `None`, an index out of bounds…
    Panic = 1,
    /// An allocation failed: the wasm memory is full.
    OutOfMemory = 2,
    /// Workers wait for each other's locks in a cycle ([`super::locks`]); the message names it.
    Deadlock = 3,
    /// A pool worker's wasm trapped without panicking first (memory access out of bounds,
    /// `unreachable`, the browser's stack limit). Recorded by JavaScript on that worker
    /// ([`super::worker_stops`]); the message is the browser's error.
    WorkerStopped = 4,
}

#[repr(C, align(16))]
pub struct Control {
    /// Non-zero asks the run in progress to stop. Cleared by whoever asks for a run (the page,
    /// natively the tests) before asking, and never by the run: so a cancel sent right after a
    /// run was asked for, before the run began, still stops it.
    pub cancel: AtomicU32,
    /// Units of work finished so far in this run.
    pub done: AtomicU32,
    /// Units of work this run will do (0 while unknown).
    pub total: AtomicU32,
    /// Incremented at the start of every run, so the page can tell runs apart.
    pub run_id: AtomicU32,
    /// A [`FaultKind`] once a thread has panicked or memory ran out, else 0. In the browser a
    /// panic aborts the web worker it ran on (wasm has no unwinding), so the run can never
    /// finish: the page watches this word, reads the message below, and replaces the runtime.
    pub panic_kind: AtomicU32,
    /// Length in bytes of the UTF-8 message in `panic_text`.
    pub panic_len: AtomicU32,
    pub panic_text: [AtomicU8; PANIC_TEXT_BYTES],
}

pub static CONTROL: Control = Control {
    cancel: AtomicU32::new(0),
    done: AtomicU32::new(0),
    total: AtomicU32::new(0),
    run_id: AtomicU32::new(0),
    panic_kind: AtomicU32::new(0),
    panic_len: AtomicU32::new(0),
    panic_text: [const { AtomicU8::new(0) }; PANIC_TEXT_BYTES],
};

/// Byte offsets of [`Control`]'s fields from its start, for the page's `Atomics` views.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Layout {
    pub cancel: usize,
    pub done: usize,
    pub total: usize,
    pub run_id: usize,
    pub panic_kind: usize,
    pub panic_len: usize,
    pub panic_text: usize,
    pub panic_text_bytes: usize,
    /// What [`Control::panic_kind`] holds for each kind.
    pub kind_panic: u32,
    pub kind_out_of_memory: u32,
    pub kind_deadlock: u32,
    pub kind_worker_stopped: u32,
}

impl Control {
    pub fn layout() -> Layout {
        Layout {
            cancel: offset_of!(Control, cancel),
            done: offset_of!(Control, done),
            total: offset_of!(Control, total),
            run_id: offset_of!(Control, run_id),
            panic_kind: offset_of!(Control, panic_kind),
            panic_len: offset_of!(Control, panic_len),
            panic_text: offset_of!(Control, panic_text),
            panic_text_bytes: PANIC_TEXT_BYTES,
            kind_panic: FaultKind::Panic as u32,
            kind_out_of_memory: FaultKind::OutOfMemory as u32,
            kind_deadlock: FaultKind::Deadlock as u32,
            kind_worker_stopped: FaultKind::WorkerStopped as u32,
        }
    }

    /// Clears progress for a new run and gives it a new id. The cancel flag is not touched
    /// (see [`Control::cancel`]).
    pub fn begin_run(&self) {
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

    /// What the asker of a run does first (the page does the same with `Atomics.store`).
    pub fn clear_cancel(&self) {
        self.cancel.store(0, Ordering::SeqCst);
    }

    pub fn set_total(&self, total: u64) {
        self.total.store(saturate(total), Ordering::Relaxed);
    }

    pub fn advance(&self, by: u64) {
        self.done.fetch_add(saturate(by), Ordering::Relaxed);
    }

    /// Keeps the first fault's kind and message where the page can read them.
    pub fn record_panic(&self, kind: FaultKind, message: &str) {
        if self.panic_kind.load(Ordering::SeqCst) != 0 {
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
        // SeqCst publishes the text before the word that tells the page to read it.
        self.panic_kind.store(kind as u32, Ordering::SeqCst);
    }

    pub fn address(&self) -> usize {
        self as *const Control as usize
    }
}

fn saturate(n: u64) -> u32 {
    n.min(u32::MAX as u64) as u32
}
