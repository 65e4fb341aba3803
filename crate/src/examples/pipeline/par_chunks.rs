//! The chapter's data pipeline: `data.par_chunks(1000).map(heavy_computation).collect()`, with
//! rayon splitting the data into chunks that idle workers steal.

use crate::runtime::record::SpanKind;
use crate::runtime::RunContext;
use rayon::prelude::*;
use std::sync::atomic::{AtomicU8, Ordering};

/// The chapter's pipeline: one result per chunk, in order. Each chunk is one task on the
/// timeline of the worker that ran it, and bumps `seen` for each of its items.
pub(super) fn process(
    data: &[u64],
    chunk: usize,
    rounds: u32,
    seen: &[AtomicU8],
    ctx: &RunContext,
) -> Vec<u64> {
    data.par_chunks(chunk)
        .enumerate()
        .map(|(index, piece)| {
            if ctx.is_cancelled() {
                return 0;
            }
            ctx.task(SpanKind::Work, || {
                for i in 0..piece.len() {
                    seen[index * chunk + i].fetch_add(1, Ordering::Relaxed);
                }
                let result = heavy_computation(piece, rounds);
                ctx.advance(piece.len() as u64);
                result
            })
        })
        .collect()
}

/// The chapter's `heavy_computation(chunk)`: one result per chunk.
pub(super) fn heavy_computation(chunk: &[u64], rounds: u32) -> u64 {
    chunk.iter().fold(0u64, |acc, &x| acc.wrapping_add(heavy_item(x, rounds)))
}

/// Real CPU work per item: `rounds` of a 64-bit mixing function (splitmix64's finalizer).
fn heavy_item(x: u64, rounds: u32) -> u64 {
    let mut h = x;
    for _ in 0..rounds {
        h = h.wrapping_add(0x9e37_79b9_7f4a_7c15);
        h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        h ^= h >> 31;
    }
    h
}
