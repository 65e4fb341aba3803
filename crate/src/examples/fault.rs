//! A deliberate fault, compiled only with the `fault-injection` feature that the tests build:
//! one thread of the run panics, so the tests can show that a panic becomes a clear error and
//! that the next run works. It is never part of the shipped playground.

use super::{no_cross_checks, Example, Outcome};
use crate::params::{ParamSpec, Resolved};
use crate::runtime::{Cancelled, RunContext};

pub const EXAMPLE: Example = Example {
    id: "fault",
    title: "Deliberate fault (tests only)",
    summary: "One worker panics in the middle of a run.",
    look_for: "The run fails with the panic's message; the next run works.",
    source: include_str!("fault.rs"),
    params: &[ParamSpec::int("afterMs", 20, 0, 10_000, "how long the other threads work before the panic")],
    size_param: "afterMs",
    validate: no_cross_checks,
    memory_estimate: |_| 0,
    run,
};

fn run(p: &Resolved, ctx: &RunContext) -> Result<Outcome, Cancelled> {
    let after = std::time::Duration::from_millis(p.int("afterMs"));
    ctx.run_threads(|s| {
        for i in 0..ctx.threads() {
            s.spawn(move || {
                std::thread::sleep(after);
                if i == 0 {
                    panic!("deliberate fault injected by a test");
                }
            });
        }
    });
    Ok(Outcome::default())
}
