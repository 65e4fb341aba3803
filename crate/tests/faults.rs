//! A panic in a worker thread becomes a clear error, and the next run works (native side; the
//! browser side is in tests/e2e). Needs `--features fault-injection`, which build.sh passes.
#![cfg(all(not(target_arch = "wasm32"), feature = "fault-injection"))]

mod common;
use common::*;
use concurrency_playground::RunError;
use serde_json::json;

#[test]
fn a_panicking_thread_fails_the_run_with_its_message_then_runs_work() {
    match run("fault", json!({ "afterMs": 5, "threads": 2 })) {
        Err(RunError::Panicked(message)) => {
            assert!(message.contains("deliberate fault"), "{message}")
        }
        other => panic!("expected a panic error, got {:?}", other.map(|r| r.example)),
    }
    run_ok("pipeline", json!({ "items": 10_000, "work": 1, "threads": 4 }));
}
