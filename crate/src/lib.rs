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
//! | `pipeline` | [`examples::pipeline`] | data parallelism with rayon: `par_chunks`, work stealing, chunk size |
//!
//! Every run checks its own results (nothing lost, nothing counted twice) and reports them in
//! `checks`; a run whose checks fail says so instead of looking fast.
//!
//! ## Exercises
//! 1. `pipeline`: run with `threads` 1, then with every worker. How close to N× does it get?
//!    Now set `chunk` to 1: why does the parallel version lose? What about `chunk` = `items`?
//!
//! ## Layout
//! - [`examples`]: one module per chapter example, and the registry that lists them.
//! - [`runtime`]: workers, cancellation, progress in shared memory, timelines, reports.
//! - [`params`]: parameter declarations and the checks every input passes first.
//! - [`bench`]: micro benchmark loops shared by the native and the browser benchmarks
//!   (`./build.sh bench`).
//! - `wasm` (browser builds only): the few functions the runtime worker calls.

pub mod bench;
pub mod examples;
pub mod params;
pub mod runtime;

#[cfg(target_arch = "wasm32")]
mod wasm;
// Exported to JS as `initThreadPool(n)`: starts the n web workers of the pool.
#[cfg(target_arch = "wasm32")]
pub use wasm_bindgen_rayon::init_thread_pool;

// Counting every allocation costs an atomic add; it buys honest per-run memory figures.
#[global_allocator]
static ALLOCATOR: runtime::memory::CountingAlloc = runtime::memory::CountingAlloc;

pub use runtime::{Report, RunError, Runtime};
