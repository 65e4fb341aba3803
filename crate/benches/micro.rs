//! Native per-operation micro benchmarks with divan: `cargo bench --bench micro`.
//!
//! They time the same operations as `concurrency_playground::bench` (which the browser runs
//! too), with a well-kept harness's own sampling, so the hand-timed native figures that
//! BENCHMARKS.md compares with wasm can be checked against an independent measurement.

use concurrency_playground::bench::{channel_transfer, lock_unlock};
use divan::counter::ItemsCount;
use divan::Bencher;
use std::sync::{mpsc, Mutex};

fn main() {
    // channel_transfer runs on the runtime's pool: one thread per core, like the other benches.
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    concurrency_playground::Runtime::new(cores);
    divan::main();
}

/// One uncontended lock+unlock (`bench` "mutex").
#[divan::bench]
fn mutex_lock_unlock(bencher: Bencher) {
    let lock = Mutex::new(0u64);
    bencher.bench_local(|| lock_unlock(&lock));
}

/// One send and one receive on the same thread: the channel's cost without any waiting.
#[divan::bench]
fn mpsc_send_recv_same_thread(bencher: Bencher) {
    let (tx, rx) = mpsc::channel::<u64>();
    bencher.bench_local(|| {
        tx.send(divan::black_box(1)).unwrap();
        rx.recv().unwrap()
    });
}

const MESSAGES: u64 = 100_000;

/// One producer thread to one consumer (`bench` "mpsc" with 1 producer: "handoff").
#[divan::bench(sample_count = 20)]
fn mpsc_transfer_1_producer(bencher: Bencher) {
    bencher.counter(ItemsCount::new(MESSAGES)).bench(|| channel_transfer(1, MESSAGES));
}

/// One producer per core but the consumer's (`bench` "mpsc" with its default producers).
#[divan::bench(sample_count = 20)]
fn mpsc_transfer_all_cores(bencher: Bencher) {
    let producers = rayon::current_num_threads().saturating_sub(1).max(1);
    bencher.counter(ItemsCount::new(MESSAGES)).bench(|| channel_transfer(producers, MESSAGES));
}
