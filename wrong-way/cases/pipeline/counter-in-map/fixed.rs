// The chapter's pipeline, counting the items it processed on the way.
use rayon::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};

fn heavy_computation(chunk: &[u64]) -> u64 {
    chunk.iter().map(|x| x * x % 7).sum()
}

fn main() {
    let data: Vec<u64> = (0..100_000).collect();
    let processed = AtomicUsize::new(0);
    let results: Vec<u64> = data
        .par_chunks(1000)
        .map(|chunk| {
            processed.fetch_add(chunk.len(), Ordering::Relaxed);
            heavy_computation(chunk)
        })
        .collect();
    assert_eq!(results.len(), 100);
    assert_eq!(processed.into_inner(), data.len());
}
