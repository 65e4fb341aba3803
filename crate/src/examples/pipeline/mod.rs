//! Data processing pipeline: the chapter's `data.par_chunks(1000).map(heavy_computation).collect()`
//! on real workers, checked against the same computation done sequentially.
//!
//! Rayon splits the data into chunks and lets idle workers steal them, so the work spreads
//! itself; the chunk size decides how much of the time goes to work and how much to handing it out.
//!
//! The chapter's code is `par_chunks.rs`; this file is the harness: parameters, memory
//! estimate, the dataset, the run and its checks.

mod par_chunks;

use crate::params::{ParamSpec, Resolved};
use crate::runtime::contract::{facts, no_cross_checks, Example, Outcome};
use crate::runtime::{Cancelled, RunContext};
use par_chunks::heavy_computation;
use std::sync::atomic::{AtomicU8, Ordering};

pub const EXAMPLE: Example = Example {
    id: "pipeline",
    sources: &[
        crate::source_file!(Chapter, "pipeline/par_chunks.rs"),
        crate::source_file!(Harness, "pipeline/mod.rs"),
    ],
    params: &[
        ParamSpec::int("items", 1_000_000, 1, 50_000_000),
        ParamSpec::int("chunk", 1000, 1, 50_000_000),
        ParamSpec::int("work", 100, 1, 100_000),
    ],
    size_param: "items",
    validate: no_cross_checks,
    memory_estimate,
    run,
};

/// The dataset (8 bytes an item), one exactly-once marker per item, and two result vectors
/// (parallel and sequential) of 8 bytes per chunk.
fn memory_estimate(p: &Resolved) -> u64 {
    let (items, chunk) = (p.int("items"), p.int("chunk"));
    items * 9 + 2 * 8 * items.div_ceil(chunk)
}

/// The chapter's `load_big_dataset()`: deterministic, so every run can be checked.
fn load_big_dataset(items: usize) -> Vec<u64> {
    (0..items as u64).collect()
}

fn run(p: &Resolved, ctx: &RunContext) -> Result<Outcome, Cancelled> {
    let (items, chunk, rounds) = (p.usize("items"), p.usize("chunk"), p.int("work") as u32);
    let data = load_big_dataset(items);
    // One marker per item, bumped by whichever worker processes it: proof of exactly-once.
    let seen: Vec<AtomicU8> = (0..items).map(|_| AtomicU8::new(0)).collect();
    ctx.set_progress_total(items as u64);

    let results = par_chunks::process(&data, chunk, rounds, &seen, ctx);
    ctx.check_cancel()?;
    // Tests only: an item never processed, or processed twice (see runtime::sabotage).
    #[cfg(feature = "fault-injection")]
    match crate::runtime::sabotage::take() {
        Some(crate::runtime::sabotage::Sabotage::LoseOne) => seen[items - 1].store(0, Ordering::Relaxed),
        Some(crate::runtime::sabotage::Sabotage::ApplyOneTwice) => {
            seen[0].fetch_add(1, Ordering::Relaxed);
        }
        None => {}
    }

    // Checks, outside the timed part: the same code without par_ must give the same results.
    let (sequential, sequential_ms) =
        ctx.verify(|| data.chunks(chunk).map(|piece| heavy_computation(piece, rounds)).collect::<Vec<u64>>());
    let processed = seen.iter().filter(|m| m.load(Ordering::Relaxed) >= 1).count() as u64;
    let twice = seen.iter().filter(|m| m.load(Ordering::Relaxed) > 1).count();
    let mismatched = results.iter().zip(&sequential).filter(|(a, b)| a != b).count();

    Ok(Outcome::default()
        .metric("items", items as f64)
        .metric("processed", processed as f64)
        .metric("chunks", results.len() as f64)
        .metric("sequentialMs", sequential_ms)
        .metric("checksum", (results.iter().fold(0u64, |a, &r| a.wrapping_add(r)) >> 11) as f64)
        .check_equal("all-processed", ("items", items as u64), ("processed", processed))
        .check("none-twice", twice == 0, facts([("twice", (twice as u64).into())]))
        .check(
            "matches-sequential",
            results.len() == sequential.len() && mismatched == 0,
            facts([("chunks", results.len().into()), ("differ", (mismatched as u64).into())]),
        ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heavy_computation_depends_on_every_item() {
        assert_ne!(heavy_computation(&[1, 2, 3], 5), heavy_computation(&[1, 2, 4], 5));
        assert_eq!(heavy_computation(&[], 5), 0);
    }
}
