// The chapter's pipeline, gathering each chunk's result.
use rayon::prelude::*;

fn heavy_computation(chunk: &[u64]) -> u64 {
    chunk.iter().map(|x| x * x % 7).sum()
}

fn main() {
    let data: Vec<u64> = (0..100_000).collect();
    let mut results = Vec::new();
    data.par_chunks(1000).for_each(|chunk| {
        results.push(heavy_computation(chunk));
    });
    assert_eq!(results.len(), 100);
}
