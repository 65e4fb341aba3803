// The chapter's pipeline, gathering each chunk's result.
use rayon::prelude::*;

fn heavy_computation(chunk: &[u64]) -> u64 {
    chunk.iter().map(|x| x * x % 7).sum()
}

fn main() {
    let data: Vec<u64> = (0..100_000).collect();
    let results: Vec<u64> = data.par_chunks(1000).map(heavy_computation).collect();
    assert_eq!(results.len(), 100);
}
