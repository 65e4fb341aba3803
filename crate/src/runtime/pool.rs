//! The workers, and how one run is held to `threads` of them.
//!
//! There is one rayon pool for the whole program. In the browser its threads are web workers
//! started by wasm-bindgen-rayon (`initThreadPool`); natively they are OS threads. A run asked to
//! use `k` of the pool's `n` workers first parks `n - k` of them in a blocking wait, so rayon can
//! only schedule on the `k` that are left: the 1-vs-k timings then compare like with like.
//! (A second rayon pool per run is not possible here: its threads would have to run on web
//! workers that are already rayon threads, and rayon refuses to nest a worker in a worker.)

use std::collections::VecDeque;
use std::sync::{Arc, Condvar, Mutex};

/// Starts the native pool once per process. In the browser, `initThreadPool` does this.
#[cfg(not(target_arch = "wasm32"))]
pub fn ensure_native_pool(threads: usize) -> usize {
    static STARTED: std::sync::Once = std::sync::Once::new();
    STARTED.call_once(|| {
        // Only fails if something else built the global pool first, which then serves as well.
        let _ = rayon::ThreadPoolBuilder::new().num_threads(threads).build_global();
    });
    rayon::current_num_threads()
}

#[derive(Default)]
struct ParkState {
    parked: Vec<usize>,
    released: bool,
}

/// Workers held out of a run. Dropping it releases them.
pub struct Parked {
    shared: Arc<(Mutex<ParkState>, Condvar)>,
    ids: Vec<usize>,
}

impl Parked {
    /// The pool workers that are parked, by index.
    pub fn ids(&self) -> &[usize] {
        &self.ids
    }
}

/// Parks `count` pool workers and returns once all of them are waiting.
///
/// Each parking job blocks the worker that picks it up, so that worker cannot pick up a second
/// one: `count` jobs land on `count` distinct workers. Must be called from outside the pool
/// with the pool otherwise idle (runs are serialized by the runtime), or it would wait forever.
pub fn park(count: usize) -> Parked {
    let shared = Arc::new((Mutex::new(ParkState::default()), Condvar::new()));
    for _ in 0..count {
        let shared = Arc::clone(&shared);
        rayon::spawn(move || {
            let (lock, cv) = &*shared;
            let mut state = lock.lock().unwrap_or_else(|e| e.into_inner());
            state.parked.push(rayon::current_thread_index().unwrap_or(usize::MAX));
            cv.notify_all();
            while !state.released {
                state = cv.wait(state).unwrap_or_else(|e| e.into_inner());
            }
        });
    }
    let ids = {
        let (lock, cv) = &*shared;
        let mut state = lock.lock().unwrap_or_else(|e| e.into_inner());
        while state.parked.len() < count {
            state = cv.wait(state).unwrap_or_else(|e| e.into_inner());
        }
        state.parked.clone()
    };
    Parked { shared, ids }
}

impl Drop for Parked {
    fn drop(&mut self) {
        let (lock, cv) = &*self.shared;
        lock.lock().unwrap_or_else(|e| e.into_inner()).released = true;
        cv.notify_all();
    }
}

type Job<'a> = Box<dyn FnOnce() + Send + 'a>;

/// Collects the chapter's "spawn a thread per player / producer / sensor" closures for
/// [`run_threads`].
#[derive(Default)]
pub struct Spawner<'a> {
    jobs: VecDeque<Job<'a>>,
}

impl<'a> Spawner<'a> {
    /// Queues a closure to run as its own thread. Threads start in the order they were spawned.
    pub fn spawn(&mut self, f: impl FnOnce() + Send + 'a) {
        self.jobs.push_back(Box::new(f));
    }
}

/// Runs every spawned closure to completion, at most `workers` at a time, in spawn order, and
/// returns when all have finished.
///
/// Each of `workers` runners takes the next closure from one shared queue when it is free, so a
/// closure that blocks (on a lock, a channel, a sleep) holds its worker like a thread would, and
/// never runs nested inside another. The caller must make sure the closures cannot all be blocked
/// waiting for one that has not started: with `workers` runners, the first `workers` closures
/// must be able to finish, or one of them must be the consumer the others wait for.
pub fn run_threads<'a>(workers: usize, spawner: Spawner<'a>) {
    let queue = Mutex::new(spawner.jobs);
    let next = || queue.lock().unwrap_or_else(|e| e.into_inner()).pop_front();
    rayon::scope(|s| {
        for _ in 0..workers {
            s.spawn(|_| {
                while let Some(job) = next() {
                    job();
                }
            });
        }
    });
}
