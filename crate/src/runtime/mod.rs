//! The runtime every example runs on: workers, the run context, recording and the report.
//!
//! Examples never touch the pool, the clock or the shared counters directly; they get a
//! [`RunContext`] that gives them threads, cancellation, progress and span recording, so the
//! same example code runs natively (tests, benchmarks) and on web workers (the page).

pub mod contract;
pub mod control;
pub mod locks;
pub mod memory;
pub mod pool;
pub mod record;
#[cfg(feature = "fault-injection")]
pub mod sabotage;
pub mod spin;
pub mod thread_cache;
pub mod worker_stops;

use crate::params::{self, ParamError, ParamSpec, RawParams, Resolved};
use control::CONTROL;
use record::{Recorder, Timeline, WorkerReport};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, Mutex};
use web_time::Instant;

pub use contract::{Cancelled, Check, Example, Fact, Facts, Lap, Outcome, RunContext};
pub use pool::Spawner;
pub use spin::spin_then_wait;

/// Why a run did not produce a report.
#[derive(Debug, Clone, PartialEq)]
pub enum RunError {
    /// A parameter was rejected before anything ran.
    Invalid(ParamError),
    /// The run saw the cancel flag and stopped early.
    Cancelled,
    /// A thread of the run panicked; the message is the panic's.
    Panicked(String),
    /// Workers waited for each other's locks in a cycle; the message names the cycle. Those
    /// workers stay blocked for good: the page replaces the pool, natively they are lost.
    Deadlock(locks::Cycle),
}

impl fmt::Display for RunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RunError::Invalid(e) => write!(f, "{e}"),
            RunError::Cancelled => f.write_str("the run was cancelled"),
            RunError::Panicked(message) => write!(f, "a thread panicked: {message}"),
            RunError::Deadlock(cycle) => write!(f, "deadlock: {cycle}"),
        }
    }
}

impl RunError {
    /// The stable code of the error, the key of its words in the catalogs (`errors.<code>`).
    pub fn code(&self) -> &'static str {
        match self {
            RunError::Invalid(e) => e.code,
            RunError::Cancelled => "cancelled",
            RunError::Panicked(_) => "panic",
            RunError::Deadlock(_) => "deadlock",
        }
    }

    /// The facts the code's words show: a panic's message, a deadlock's cycle.
    pub fn args(&self) -> Facts {
        match self {
            RunError::Invalid(e) => e.args.clone(),
            RunError::Cancelled => Facts::new(),
            RunError::Panicked(message) => contract::facts([("message", message.as_str().into())]),
            RunError::Deadlock(cycle) => {
                contract::facts([("cycle", cycle.to_string().into()), ("chain", cycle.chain().into())])
            }
        }
    }
}

impl From<ParamError> for RunError {
    fn from(e: ParamError) -> Self {
        RunError::Invalid(e)
    }
}

impl From<Cancelled> for RunError {
    fn from(_: Cancelled) -> Self {
        RunError::Cancelled
    }
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    match (payload.downcast_ref::<&str>(), payload.downcast_ref::<String>()) {
        (Some(s), _) => s.to_string(),
        (_, Some(s)) => s.clone(),
        _ => "a panic without a message".to_string(),
    }
}

/// Everything a run reports. Field names are camelCase on the JS side.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub example: &'static str,
    /// The parameters as resolved, defaults filled in.
    pub params: Resolved,
    pub threads: usize,
    /// Time of the run's own work, without checking its results.
    pub wall_ms: f64,
    /// Time spent checking the results (not part of `wall_ms`).
    pub verify_ms: f64,
    pub workers: Vec<WorkerReport>,
    /// The pool's workers held out of this run (parked in a blocking wait while it ran). The
    /// timeline records every worker of the pool, so a span on one of these would show it.
    pub parked_workers: Vec<usize>,
    pub checks: Vec<Check>,
    /// True when the run made checks and every one passed.
    pub ok: bool,
    pub metrics: BTreeMap<&'static str, f64>,
    /// Data for the example's charts: named series of `[x, y]` points.
    pub series: BTreeMap<&'static str, Vec<[f64; 2]>>,
    pub memory_bytes: usize,
    pub peak_heap_bytes: usize,
    pub timeline: Timeline,
    /// Set for a variant that is wrong on purpose: the id of the reason its red checks are the
    /// lesson (its words: `examples.<example>.brokenOnPurpose.<id>`).
    pub broken_on_purpose_id: Option<&'static str>,
}

/// What a deadlocked run did up to the moment it was caught: report-shaped, so the page draws
/// its timeline as it draws a report's. The waits of the cycle's workers, which never ended,
/// are drawn up to that moment.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeadlockScene {
    pub wall_ms: f64,
    pub workers: Vec<WorkerReport>,
    pub timeline: Timeline,
}

/// A run's outcome, or its panic's message, and the moment it ended.
type Finished = (Result<Result<Outcome, Cancelled>, String>, Instant);

/// What the run did until `cycle` was caught, with the cycle's waits, which never end, drawn
/// up to that moment.
#[cfg_attr(all(target_arch = "wasm32", not(target_feature = "atomics")), allow(dead_code))]
fn deadlock_scene(cycle: &locks::Cycle, ctx: &RunContext, used: &[usize]) -> DeadlockScene {
    let caught = Instant::now();
    let mut timeline = ctx.recorder.timeline();
    for link in &cycle.0 {
        let start_ms = ctx.recorder.ms_since_start(locks::waiting_since(link.worker));
        let end_ms = ctx.recorder.ms_since_start(caught);
        let kind = record::SpanKind::LockWait;
        timeline.spans.push(record::Span { worker: link.worker, kind, start_ms, end_ms });
    }
    DeadlockScene {
        wall_ms: ctx.recorder.ms_since_start(caught),
        workers: ctx.recorder.workers(used),
        timeline,
    }
}

/// The workers and the examples. One per program: in the browser the runtime worker owns it.
pub struct Runtime {
    threads: usize,
    /// Runs are one at a time: the park-and-run scheme needs an otherwise idle pool.
    run_lock: Mutex<()>,
    /// The last deadlocked run's scene, until [`Runtime::take_deadlock_scene`] takes it.
    deadlock_scene: Mutex<Option<DeadlockScene>>,
}

impl Runtime {
    /// A runtime over the already started pool (the browser's `initThreadPool`).
    #[cfg(target_arch = "wasm32")]
    pub fn new() -> Self {
        worker_stops::watch_pool_workers();
        Runtime {
            threads: rayon::current_num_threads(),
            run_lock: Mutex::new(()),
            deadlock_scene: Mutex::new(None),
        }
    }

    /// A runtime over a native pool of `threads` OS threads (started on first use).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn new(threads: usize) -> Self {
        Runtime {
            threads: pool::ensure_native_pool(threads),
            run_lock: Mutex::new(()),
            deadlock_scene: Mutex::new(None),
        }
    }

    /// Runs the example as a job of the pool and returns its outcome (or its panic's message)
    /// with the moment it ended. Inside the pool, not on this thread: rayon runs an unsplit
    /// iterator on the calling thread, and that work must land on one of the run's workers like
    /// all the rest. This thread meanwhile watches the lock table, which deadlocked workers
    /// could not do. A panic reaches here only natively (in wasm it aborts its worker; the page
    /// sees the shared panic flag instead).
    ///
    /// # Errors
    /// [`RunError::Deadlock`] once the run's workers wait for each other in a cycle; they are
    /// left blocked, and what the run did until then is kept for [`Runtime::take_deadlock_scene`].
    #[cfg(not(all(target_arch = "wasm32", not(target_feature = "atomics"))))]
    fn run_in_pool(
        &self,
        example: &'static Example,
        resolved: &Arc<Resolved>,
        ctx: &Arc<RunContext>,
        used: &[usize],
    ) -> Result<Finished, RunError> {
        /// How often this thread looks at the lock table while the run goes on.
        const DEADLOCK_POLL: std::time::Duration = std::time::Duration::from_millis(50);
        // A Condvar, not a channel: mpsc's timed receive reads std's clock, which wasm lacks.
        let finished = Arc::new((Mutex::new(None), std::sync::Condvar::new()));
        let (run_ctx, run_params, done) = (Arc::clone(ctx), Arc::clone(resolved), Arc::clone(&finished));
        rayon::spawn(move || {
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                (example.run)(&run_params, &run_ctx)
            }));
            let (slot, cv) = &*done;
            *slot.lock().unwrap_or_else(|e| e.into_inner()) =
                Some((outcome.map_err(|p| panic_message(p.as_ref())), Instant::now()));
            cv.notify_all();
        });
        let mut watch = locks::Watch::default();
        let (slot, cv) = &*finished;
        let mut slot = slot.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if let Some(finished) = slot.take() {
                return Ok(finished);
            }
            slot = cv.wait_timeout(slot, DEADLOCK_POLL).unwrap_or_else(|e| e.into_inner()).0;
            if slot.is_some() {
                continue;
            }
            if let Some(cycle) = watch.poll(self.threads) {
                let message = cycle.to_string();
                CONTROL.record_panic(control::FaultKind::Deadlock, &message);
                let scene = deadlock_scene(&cycle, ctx, used);
                *self.deadlock_scene.lock().unwrap_or_else(|e| e.into_inner()) = Some(scene);
                return Err(RunError::Deadlock(cycle));
            }
        }
    }

    /// The single-threaded fallback runs the example on this, its only, thread: there is no
    /// other thread to watch from, nothing deadlocks on one thread, and std cannot block on
    /// unshared memory anyway.
    #[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
    fn run_in_pool(
        &self,
        example: &'static Example,
        resolved: &Arc<Resolved>,
        ctx: &Arc<RunContext>,
        _used: &[usize],
    ) -> Result<Finished, RunError> {
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            rayon::scope(|_| (example.run)(resolved, ctx))
        }));
        Ok((outcome.map_err(|p| panic_message(p.as_ref())), Instant::now()))
    }

    /// What the last deadlocked run did before it was caught (once: taking it clears it).
    pub fn take_deadlock_scene(&self) -> Option<DeadlockScene> {
        self.deadlock_scene.lock().unwrap_or_else(|e| e.into_inner()).take()
    }

    /// Workers in the pool: the most any run may use.
    pub fn threads(&self) -> usize {
        self.threads
    }

    /// The `threads` parameter every example takes, bounded by this pool.
    pub fn threads_spec(&self) -> ParamSpec {
        let n = self.threads as u64;
        ParamSpec::int("threads", n, 1, n)
    }

    /// All of an example's parameters: its own plus `threads`.
    pub fn specs(&self, example: &Example) -> Vec<ParamSpec> {
        let mut specs = example.params.to_vec();
        specs.push(self.threads_spec());
        specs
    }

    /// Checks `raw` for `example` without running anything.
    ///
    /// # Errors
    /// A [`ParamError`] naming the parameter and what it accepts.
    pub fn validate(&self, example: &Example, raw: &RawParams) -> Result<Resolved, ParamError> {
        let resolved = params::resolve(&self.specs(example), raw)?;
        (example.validate)(&resolved)?;
        let need = (example.memory_estimate)(&resolved);
        // u64: on wasm32 a usize would wrap for the largest workloads and let them through.
        let free = (memory::MEMORY_LIMIT as u64).saturating_sub(memory::heap_bytes() as u64);
        if need > free {
            let args = contract::facts([("needMb", (need >> 20).into()), ("freeMb", (free >> 20).into())]);
            return Err(ParamError::new(
                example.size_param,
                "tooMuchMemory",
                args,
                format!(
                    "asks for about {} MB of memory, more than the {} MB that are free of the 1 GiB wasm memory; \
                     choose a smaller `{}`",
                    need >> 20,
                    free >> 20,
                    example.size_param
                ),
            ));
        }
        Ok(resolved)
    }

    /// Validates, runs and reports one example.
    ///
    /// # Errors
    /// [`RunError::Invalid`] before anything runs, [`RunError::Cancelled`] if the cancel flag
    /// was set before or during the run, [`RunError::Deadlock`] if its workers wait for each
    /// other's locks in a cycle (also recorded as a fault in the control words), or (natively
    /// only) [`RunError::Panicked`] if one of its threads panicked.
    pub fn run(&self, example: &'static Example, raw: &RawParams) -> Result<Report, RunError> {
        let resolved = self.validate(example, raw)?;
        let _one_at_a_time = self.run_lock.lock().unwrap_or_else(|e| e.into_inner());
        memory::grow_before_run((example.memory_estimate)(&resolved));
        let threads = resolved.usize("threads");
        CONTROL.begin_run();
        // The caller clears the flag before it asks for a run (the page, before it posts the
        // run to the worker), never the run itself: a cancel sent right after the ask is kept.
        if CONTROL.cancelled() {
            return Err(RunError::Cancelled);
        }
        memory::reset_peak();

        let parked = pool::park(self.threads - threads);
        let used: Vec<usize> = (0..self.threads).filter(|i| !parked.ids().contains(i)).collect();
        locks::LOCKS.reset();
        let start = Instant::now();
        let ctx = Arc::new(RunContext {
            threads,
            recorder: Recorder::new(self.threads, start),
            verify_ns: Default::default(),
        });
        let resolved = Arc::new(resolved);
        let (outcome, end) = self.run_in_pool(example, &resolved, &ctx, &used)?;
        let outcome = outcome.map_err(RunError::Panicked)?;
        let verify_ms = ctx.verify_ns.load(std::sync::atomic::Ordering::Relaxed) as f64 / 1e6;
        let wall_ms = end.duration_since(start).as_secs_f64() * 1000.0 - verify_ms;
        let parked_workers = parked.ids().to_vec();
        drop(parked);
        let Outcome { metrics, checks, series, broken_on_purpose } = outcome?;

        Ok(Report {
            example: example.id,
            threads,
            wall_ms,
            verify_ms,
            workers: ctx.recorder.workers(&used),
            parked_workers,
            // A run that checked nothing has shown nothing: it is not "all checks passed".
            ok: !checks.is_empty() && checks.iter().all(|c| c.ok),
            checks,
            metrics: metrics.into_iter().collect(),
            series: series.into_iter().collect(),
            memory_bytes: memory::memory_bytes(),
            peak_heap_bytes: memory::peak_heap_bytes(),
            timeline: ctx.recorder.timeline(),
            params: Arc::unwrap_or_clone(resolved),
            broken_on_purpose_id: broken_on_purpose,
        })
    }
}
