//! Test-only (the `fault-injection` feature, never in the shipped build): right after an
//! example's concurrent part, lose one of its updates or apply one twice, so the tests show,
//! through the real [`Runtime::run`](super::Runtime::run), that every example's checks catch
//! both. Each example's harness says what one update is for it; its chapter code is untouched.

use std::sync::atomic::{AtomicU8, Ordering};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sabotage {
    /// One update never happens (an item not processed, a message not received…).
    LoseOne,
    /// One update happens twice.
    ApplyOneTwice,
}

static ARMED: AtomicU8 = AtomicU8::new(0);

/// Arms `sabotage` for the next run that asks (or disarms, with `None`).
pub fn arm(sabotage: Option<Sabotage>) {
    let code = match sabotage {
        None => 0,
        Some(Sabotage::LoseOne) => 1,
        Some(Sabotage::ApplyOneTwice) => 2,
    };
    ARMED.store(code, Ordering::SeqCst);
}

/// The armed sabotage, disarmed as it is taken: it applies to one run only.
pub fn take() -> Option<Sabotage> {
    match ARMED.swap(0, Ordering::SeqCst) {
        1 => Some(Sabotage::LoseOne),
        2 => Some(Sabotage::ApplyOneTwice),
        _ => None,
    }
}
