//! Telling the page when a pool worker's wasm stops without a panic.
//!
//! A panic records itself in the control words ([`super::control`]) before it aborts, and so
//! does running out of memory; the page's watchdog reads them and replaces the runtime. A trap
//! that is not a panic (memory access out of bounds, `unreachable`, the browser's stack limit)
//! runs no Rust on its way out: it ends the worker's wasm call with a JavaScript exception, the
//! worker's loop is gone, and the run waits for it forever. Cancel cannot help, since the run
//! is waiting for work that will never finish. Nobody else sees it either: the worker belongs to
//! wasm-bindgen-rayon, and its parent, the runtime worker, is blocked inside the run.
//!
//! So each pool worker gets a listener, in plain JavaScript (`worker_stops.js`), that writes the
//! exception into the same control words as a [`FaultKind::WorkerStopped`] fault. The page then
//! reports it and restarts, as after a panic. Only the threaded wasm build has pool workers;
//! natively and in the single-threaded fallback this does nothing.
//!
//! [`FaultKind::WorkerStopped`]: super::control::FaultKind::WorkerStopped

#[cfg(all(target_arch = "wasm32", target_feature = "atomics"))]
mod browser {
    use crate::runtime::control::{Control, FaultKind, CONTROL, PANIC_TEXT_BYTES};
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen(module = "/src/runtime/worker_stops.js")]
    extern "C" {
        /// Addresses are in bytes from the start of the wasm memory.
        #[wasm_bindgen(js_name = recordStopsOfThisWorker)]
        fn record_stops_of_this_worker(
            memory: JsValue,
            kind_at: usize,
            length_at: usize,
            text_at: usize,
            text_bytes: usize,
            kind: u32,
        );
    }

    pub fn watch_pool_workers() {
        let layout = Control::layout();
        let base = CONTROL.address();
        // Runs once on every worker of the pool, and returns when all of them have run it.
        rayon::broadcast(|_| {
            record_stops_of_this_worker(
                wasm_bindgen::memory(),
                base + layout.panic_kind,
                base + layout.panic_len,
                base + layout.panic_text,
                PANIC_TEXT_BYTES,
                FaultKind::WorkerStopped as u32,
            );
        });
    }
}

/// Gives every pool worker its listener; call once, after the pool has started.
pub fn watch_pool_workers() {
    #[cfg(all(target_arch = "wasm32", target_feature = "atomics"))]
    browser::watch_pool_workers();
}
