//! # Concurrency, chapter 10: the code
//!
//! The chapter ends with "see the code in `src/lib.rs`". This is that code: each real-world
//! case from the chapter is one module under [`examples`], written the way the chapter writes
//! it (`Arc`, `Mutex`, `mpsc`, `par_chunks`), and every one of them really runs on threads —
//! OS threads in `cargo test`, web workers sharing one wasm memory in the browser. The page
//! shows each module's source next to its controls; it is the very file that ran.
//!
//! | id | module | what it teaches |
//! |---|---|---|
//! | `web-server` | [`examples::web_server`] | many connections on few threads: a thread pool sharing one queue vs async tasks on an executor |
//! | `pipeline` | [`examples::pipeline`] | data parallelism with rayon: `par_chunks`, work stealing, chunk size |
//! | `message-queue` | [`examples::message_queue`] | `mpsc` channels: many producers, one consumer, unbounded vs bounded (backpressure) vs rendezvous |
//!
//! Every run checks its own results (nothing lost, nothing counted twice) and reports them in
//! `checks`; a run whose checks fail says so instead of looking fast.
//!
//! ## Exercises
//! 1. `web-server`: run 1,000,000 `connections` with each `model`. Which holds more bytes per
//!    connection in flight, and why? Why does p99 latency grow with the burst, not with the work?
//!    Sketch what a thread per connection would cost at that size (a thread's stack is ~2 MB).
//! 2. `pipeline`: run with `threads` 1, then with every worker. How close to N× does it get?
//!    Now set `chunk` to 1: why does the parallel version lose? What about `chunk` = `items`?
//! 3. `message-queue`: compare `channel` "unbounded" and "bounded" (`capacity` 64) on 2 threads:
//!    peak queue depth, p99 latency, messages per second. Why does "rendezvous" run slower, and
//!    why is "bounded" on 1 thread refused? Add producers and threads: why doesn't it scale?
//!
//! ## Layout
//! - [`examples`]: one module per chapter example, and the registry that lists them.
//! - [`runtime`]: workers, cancellation, progress in shared memory, timelines, reports.
//! - [`params`]: parameter declarations and the checks every input passes first.
//! - `wasm` (browser builds only): the few functions the runtime worker calls.

pub mod examples;
pub mod params;
pub mod runtime;

#[cfg(target_arch = "wasm32")]
mod wasm;

// Counting every allocation costs an atomic add; it buys honest per-run memory figures.
#[global_allocator]
static ALLOCATOR: runtime::memory::CountingAlloc = runtime::memory::CountingAlloc;

pub use runtime::{Report, RunError, Runtime};
