//! # Concurrency, chapter 10: the code
//!
//! The chapter ends with "see the code in `src/lib.rs`". This is that code: each real-world
//! case from the chapter is one module under [`examples`], written the way the chapter writes
//! it (`Arc`, `Mutex`, `mpsc`, `par_chunks`), and every one of them really runs on threads —
//! OS threads in `cargo test`, web workers sharing one wasm memory in the browser. Each module is
//! a folder: the chapter's code in a file of its own (`game_server/strategies.rs`, …) beside the
//! harness that makes it a runnable, self-checking example (`mod.rs`). The page shows those
//! files next to the example's controls, the chapter's first; they are the very files that ran.
//!
//! | id | module | what it teaches |
//! |---|---|---|
//! | `web-server` | [`examples::web_server`] | many connections on few threads: a thread pool sharing one queue vs async tasks on an executor |
//! | `game-server` | [`examples::game_server`] | shared state behind `Arc<Mutex<_>>`, `RwLock`, per-region locks, or an actor thread; a lost-update race and a deadlock, broken on purpose |
//! | `pipeline` | [`examples::pipeline`] | data parallelism with rayon: `par_chunks`, work stealing, chunk size |
//! | `message-queue` | [`examples::message_queue`] | `mpsc` channels: many producers, one consumer, unbounded vs bounded (backpressure) vs rendezvous |
//! | `sensors` | [`examples::sensors`] | producers and a periodic consumer sharing an `Arc<Mutex<Vec<_>>>`; sleeping threads |
//!
//! Every run checks its own results (nothing lost, nothing counted twice) and reports them in
//! `checks`; a run whose checks fail says so instead of looking fast.
//!
//! ## Exercises
//! The same list, item by item, as each example's "Exercises" on the page and in the widget
//! (`examples.<id>.exercises` in `www/i18n/en.json`, and in Thai in `th.json`);
//! `tests/catalog.rs` fails when the two differ.
//!
//! 1. `web-server`: run 1,000,000 `connections` with each `model`. Which holds more bytes per
//!    connection in flight, and why? Why does p99 latency grow with the burst, not with the work?
//!    Sketch what a thread per connection would cost at that size (a thread's stack is ~2 MB).
//! 2. `game-server`: compare the lock wait of the four strategies `mutex`, `rwlock`, `sharded` and
//!    `actor` at 2 threads. Why does `rwlock` help here, and what if most actions were moves? Set
//!    `regions` to 1: what is left of `sharded`? `actor` never waits for a lock: what does it pay
//!    instead?
//! 3. `pipeline`: run with `threads` 1, then with every worker. How close to N× does the speedup
//!    get? Now set `chunk` to 1: why does the parallel version lose? What about `chunk` = `items`?
//! 4. `message-queue`: compare `channel` `unbounded` and `bounded` (`capacity` 64) on 2 threads:
//!    peak queue depth, p99 latency, messages per second. Why does `rendezvous` run slower, and why
//!    is `bounded` on 1 thread refused? Add `producers` and threads: why doesn't it scale?
//! 5. `sensors`: run with `threads` 1, 2 and `sensors` + 1. Why is there a single average with one
//!    thread, and why must the aggregator then be spawned last? The aggregator swaps the Vec out
//!    under the lock and averages afterwards: what could go wrong if it averaged under one lock and
//!    cleared the Vec under a second one?
//! 6. `game-server`: set `strategy` to `racy` and run it on 1 worker, then on 2. Why is nothing
//!    lost on one worker, although no lock protects anything? Every load and store in
//!    `strategies::racy` is atomic: why does Rust accept it, and why are updates lost all the same?
//!    Make it correct without a lock around the whole state (hint: which updates conflict?
//!    `AtomicU64::fetch_add`, or a `compare_exchange` loop that retries when another thread wrote
//!    first).
//! 7. `game-server`: set `strategy` to `deadlock`, run it on 2 workers and read the
//!    `DeadlockError`: which worker holds which region, and waits for which? Why can it not happen
//!    on 1 worker? Fix `strategies::deadlock` without removing either lock, then compare with
//!    `ordered`: why does taking the lower-numbered region first make a cycle of waits impossible?
//!    Would `try_lock` with a retry also fix it, and what could go wrong instead?
//!
//! ### Try it the wrong way
//! Each program in `wrong-way/cases/<example>/<case>/broken.rs` is what a student might write
//! first, and rustc refuses it (the page shows its message under each example's code). Make each
//! one compile **without removing the threads**, with `cargo check -p wrong-way --features broken
//! --bin <example>--<case>`; then compare with `fixed.rs` beside it.
//! - `web-server--receiver-per-worker` (E0382): four workers, one queue. Why can't each worker
//!   get a clone of the `Receiver`, when each producer can get a clone of the `Sender`?
//! - `web-server--guard-across-await` (future not `Send`): does the program compile if the
//!   executor is run by one thread only? Why does `Executor::spawn` still refuse it?
//! - `game-server--rc-refcell` (E0277, `Send`): which two types must change, and what does
//!   each of the replacements do that the original does not?
//! - `game-server--arc-refcell` (E0277, `Sync`): rustc suggests `RwLock`. When would it be the
//!   better choice for a game state?
//! - `game-server--arc-without-lock` (E0596): fix it with a `Mutex`, then with atomics for
//!   `score` and `moves`. What can the atomic version no longer promise about the two together?
//! - `pipeline--counter-in-map` (E0594): fix it with an atomic; then without one, by having
//!   `map` return the count with the result. Which is faster on many chunks, and why?
//! - `pipeline--push-in-for-each` (E0596): fix it so the results keep the chunks' order. Does
//!   a `Mutex<Vec<_>>` keep it?
//! - `message-queue--rc-through-channel` (E0277, `Send`): could the producer send a `String`
//!   instead of an `Arc<String>`? What does each cost per message?
//! - `message-queue--sender-moved-once` (E0382): what happens if you forget the `drop(tx)`
//!   after the loop in the fixed program, and why?
//! - `sensors--borrowed-vec` (E0373): rustc suggests `move`. Apply it: what does rustc say
//!   next, and why does `thread::scope` need no `Arc` at all?
//! - `sensors--arc-moved-away` (E0382): which handle should the aggregator get, the clone or
//!   the original, and does it matter?
//!
//! ## Layout
//! - [`examples`]: one module per chapter example (its chapter code, then its harness), and the
//!   registry that lists them.
//! - [`runtime`]: the example contract ([`runtime::contract`]), workers, cancellation,
//!   progress in shared memory, timelines, reports. It runs any example it is handed and
//!   knows nothing of the registry.
//! - [`params`]: parameter declarations and the checks every input passes first.
//! - `bench` (natively always; in wasm only with the `bench` feature, which `./build.sh bench`
//!   turns on): micro benchmark loops shared by the native and the browser benchmarks.
//! - `wasm` (browser builds only): the few functions the runtime worker calls.

// Natively always there, so that `cargo bench --bench native` builds without flags (the
// many-core bundle builds it so); in wasm only with the feature, out of the students' download.
#[cfg(any(feature = "bench", not(target_arch = "wasm32")))]
pub mod bench;
pub mod examples;
pub mod params;
pub mod runtime;

#[cfg(target_arch = "wasm32")]
mod wasm;
// Exported to JS as `initThreadPool(n)`: starts the n web workers of the pool.
#[cfg(all(target_arch = "wasm32", feature = "threads"))]
pub use wasm_bindgen_rayon::init_thread_pool;

// Counting every allocation costs an atomic add; it buys honest per-run memory figures.
#[global_allocator]
static ALLOCATOR: runtime::memory::CountingAlloc = runtime::memory::CountingAlloc;

pub use runtime::{Report, RunError, Runtime};
