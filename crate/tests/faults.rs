//! A panic in a worker thread becomes a clear error, and the next run works (native side; the
//! browser side is in tests/e2e). The faulty example is defined here, not registered: the
//! runtime runs whatever `Example` it is handed, so the shipped registry never carries it.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::*;
use concurrency_playground::params::{ParamSpec, Resolved};
use concurrency_playground::runtime::contract::{no_cross_checks, Cancelled, Example, Outcome, RunContext};
use concurrency_playground::RunError;
use serde_json::json;

const FAULTY: Example = Example {
    id: "faulty",
    sources: &[],
    params: &[ParamSpec::int("afterMs", 5, 0, 1000)],
    size_param: "afterMs",
    validate: no_cross_checks,
    memory_estimate: |_| 0,
    run: panic_in_the_first_thread,
};

fn panic_in_the_first_thread(p: &Resolved, ctx: &RunContext) -> Result<Outcome, Cancelled> {
    let after = std::time::Duration::from_millis(p.int("afterMs"));
    ctx.run_threads(|s| {
        for i in 0..ctx.threads() {
            s.spawn(move || {
                ctx.sleep(after);
                assert!(i != 0, "deliberate fault injected by a test");
            });
        }
    });
    Ok(Outcome::default())
}

/// An example that runs and checks nothing.
const UNCHECKED: Example = Example { id: "unchecked", run: |_, _| Ok(Outcome::default()), ..FAULTY };

#[test]
fn a_run_that_checks_nothing_is_not_ok() {
    let report = run_example(&UNCHECKED, json!({ "threads": 1 })).expect("it runs");
    assert!(report.checks.is_empty());
    assert!(!report.ok, "no check made is not every check passed");
}

#[test]
fn a_panicking_thread_fails_the_run_with_its_message_then_runs_work() {
    match run_example(&FAULTY, json!({ "threads": 2 })) {
        Err(RunError::Panicked(message)) => {
            assert!(message.contains("deliberate fault"), "{message}")
        }
        other => panic!("expected a panic error, got {:?}", other.map(|r| r.example)),
    }
    run_ok("pipeline", json!({ "items": 10_000, "work": 1, "threads": 4 }));
}
