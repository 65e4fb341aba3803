//! A deliberate fault, compiled only with the `fault-injection` feature that the tests build:
//! one thread of the run panics, runs out of memory or traps, so the tests can show that each
//! becomes a clear error and that the next run works. It is never part of the shipped
//! playground.

use crate::params::{Options, ParamSpec, Resolved};
use crate::runtime::contract::{no_cross_checks, Example, Outcome};
use crate::runtime::{Cancelled, RunContext};

pub const EXAMPLE: Example = Example {
    id: "fault",
    sources: &[crate::source_file!(Harness, "fault.rs")],
    params: &[ParamSpec::int("afterMs", 20, 0, 10_000), ParamSpec::choice("kind", "panic", Fault::NAMES)],
    size_param: "afterMs",
    validate: no_cross_checks,
    memory_estimate: |_| 0,
    run,
};

crate::options! {
    enum Fault { Panic = "panic", OutOfMemory = "oom", Trap = "trap" }
}

fn run(p: &Resolved, ctx: &RunContext) -> Result<Outcome, Cancelled> {
    let after = std::time::Duration::from_millis(p.int("afterMs"));
    let fault = p.choice::<Fault>("kind");
    ctx.run_threads(|s| {
        for i in 0..ctx.threads() {
            s.spawn(move || {
                ctx.sleep(after);
                match (i, fault) {
                    (0, Fault::Panic) => panic!("deliberate fault injected by a test"),
                    (0, Fault::OutOfMemory) => exhaust_memory(),
                    (0, Fault::Trap) => trap(),
                    _ => {}
                }
            });
        }
    });
    Ok(Outcome::default())
}

/// Holds on to 64 MiB blocks until an allocation fails (only ever run in the browser, whose
/// memory is capped at 1 GiB).
fn exhaust_memory() {
    let mut hoard: Vec<Vec<u8>> = Vec::new();
    loop {
        hoard.push(vec![1u8; 64 << 20]);
        // Keeps the optimizer from proving the blocks unused and eliding the allocations.
        std::hint::black_box(&hoard);
    }
}

/// Stops this worker's wasm the way the browser's bugs would: a trap, with no panic first.
/// Natively there is no such thing short of ending the process (only ever run in the browser).
fn trap() {
    #[cfg(target_arch = "wasm32")]
    core::arch::wasm32::unreachable();
    #[cfg(not(target_arch = "wasm32"))]
    std::process::abort();
}
