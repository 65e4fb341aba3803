//! Helpers shared by the native integration tests.
#![allow(dead_code)]

use concurrency_playground::examples;
use concurrency_playground::params::RawParams;
use concurrency_playground::runtime::control::CONTROL;
use concurrency_playground::runtime::Example;
use concurrency_playground::{Report, RunError, Runtime};
use std::sync::atomic::Ordering;
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::{Duration, Instant};

/// Workers in the native test pool: more than this machine's 2 cores, so tests show that a run
/// with `threads: k` is held to k workers even when more exist.
pub const POOL: usize = 4;

pub fn runtime() -> &'static Runtime {
    static RT: OnceLock<Runtime> = OnceLock::new();
    RT.get_or_init(|| Runtime::new(POOL))
}

pub fn raw(json: serde_json::Value) -> RawParams {
    serde_json::from_value(json).expect("test params are an object")
}

/// Tests in one binary run in parallel, but the runtime runs one at a time anyway; holding this
/// around every run lets a cancelling test be sure the run it cancels is its own.
fn exclusive() -> MutexGuard<'static, ()> {
    static EXCLUSIVE: Mutex<()> = Mutex::new(());
    EXCLUSIVE.lock().unwrap_or_else(|e| e.into_inner())
}

/// The registered example with this id (the id lookup is the caller's, as at the wasm boundary).
pub fn example(id: &str) -> &'static Example {
    examples::find(id).unwrap_or_else(|e| panic!("{e}"))
}

pub fn run(id: &str, json: serde_json::Value) -> Result<Report, RunError> {
    run_example(example(id), json)
}

/// Runs any example, registered or not, as the page asks for a run: the asker clears the cancel
/// flag first (the run itself never does, so that a cancel sent right after the ask is kept).
///
/// A run that ends with its report must also have moved the page's progress bar to its end:
/// every unit of work counted once (`done == total`), the figure `progress()` reads.
pub fn run_example(example: &'static Example, json: serde_json::Value) -> Result<Report, RunError> {
    let _alone = exclusive();
    CONTROL.clear_cancel();
    let result = runtime().run(example, &raw(json.clone()));
    if result.is_ok() {
        let (done, total) = (CONTROL.done.load(Ordering::SeqCst), CONTROL.total.load(Ordering::SeqCst));
        assert_eq!(done, total, "{}: progress ended at {done} of {total} ({json})", example.id);
    }
    result
}

/// Runs `id` with `sabotage` armed (one update lost, or applied twice, after the concurrent
/// part; `--features fault-injection`). Armed and disarmed while no other test can run, so the
/// sabotage is this run's alone; its progress may end one off, as its results do.
#[cfg(feature = "fault-injection")]
pub fn run_sabotaged(
    sabotage: concurrency_playground::runtime::sabotage::Sabotage,
    id: &str,
    json: serde_json::Value,
) -> Result<Report, RunError> {
    use concurrency_playground::runtime::sabotage;
    let _alone = exclusive();
    CONTROL.clear_cancel();
    sabotage::arm(Some(sabotage));
    let result = runtime().run(example(id), &raw(json));
    sabotage::arm(None);
    result
}

/// Runs `id` sabotaged (see [`run_sabotaged`]) and returns the ids of the checks that failed.
#[cfg(feature = "fault-injection")]
pub fn failed_checks_when(
    sabotage: concurrency_playground::runtime::sabotage::Sabotage,
    id: &str,
    json: serde_json::Value,
) -> Vec<String> {
    let report = run_sabotaged(sabotage, id, json).unwrap_or_else(|e| panic!("{id} did not run: {e}"));
    assert!(!report.ok || report.checks.iter().all(|c| c.ok), "ok agrees with the checks");
    report.checks.into_iter().filter(|c| !c.ok).map(|c| c.id.to_string()).collect()
}

/// Asks for a run and cancels it before it began, as a page does that calls `cancel()` in the
/// same tick as `run()`: the flag is set after the asker cleared it, before the run starts.
pub fn run_cancelled_before_it_began(id: &str, json: serde_json::Value) -> Result<Report, RunError> {
    let _alone = exclusive();
    CONTROL.clear_cancel();
    CONTROL.request_cancel();
    runtime().run(example(id), &raw(json))
}

/// Where a cancelled run's progress stood when it returned: units of work done, of how many.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    pub done: u32,
    pub total: u32,
}

impl Progress {
    /// The run stopped short of its end: the state that shows a cancel was obeyed, whatever
    /// the machine's speed (a run sized to take seconds is cancelled after milliseconds).
    pub fn stopped_early(&self) -> bool {
        self.total > 0 && self.done < self.total
    }
}

/// Runs `id`, asks it to stop `after` it has started (as the page's Cancel button does, through
/// the shared cancel flag), and returns its result with its progress when it returned.
pub fn run_and_cancel(
    id: &str,
    json: serde_json::Value,
    after: Duration,
) -> (Result<Report, RunError>, Progress) {
    let _alone = exclusive();
    let before = CONTROL.run_id.load(Ordering::SeqCst);
    let canceller = std::thread::spawn(move || {
        // A hang guard, not a timing: the run begins at once.
        let deadline = Instant::now() + Duration::from_secs(60);
        while CONTROL.run_id.load(Ordering::SeqCst) == before {
            assert!(Instant::now() < deadline, "the run never started");
            std::thread::sleep(Duration::from_millis(1));
        }
        std::thread::sleep(after);
        CONTROL.request_cancel();
    });
    CONTROL.clear_cancel();
    let result = runtime().run(example(id), &raw(json));
    let progress =
        Progress { done: CONTROL.done.load(Ordering::SeqCst), total: CONTROL.total.load(Ordering::SeqCst) };
    canceller.join().expect("the canceller thread");
    (result, progress)
}

/// Runs and insists that every self-check passed, printing the failing ones if not.
pub fn run_ok(id: &str, json: serde_json::Value) -> Report {
    let report = run(id, json).unwrap_or_else(|e| panic!("{id} failed: {e}"));
    let failed: Vec<_> = report.checks.iter().filter(|c| !c.ok).collect();
    assert!(report.ok && failed.is_empty(), "{id}: failed checks {failed:?}");
    assert!(!report.checks.is_empty(), "{id} reported no checks");
    report
}

/// Runs with parameters that must be refused before anything starts; returns the refusal.
pub fn refusal(id: &str, json: serde_json::Value) -> concurrency_playground::params::ParamError {
    match run(id, json.clone()) {
        Err(RunError::Invalid(e)) => e,
        Err(other) => panic!("{id} {json}: expected a parameter error, got {other}"),
        Ok(report) => panic!("{id} {json} was not refused: the run went ahead with {:?}", report.params),
    }
}

pub fn metric(report: &Report, name: &str) -> f64 {
    *report.metrics.get(name).unwrap_or_else(|| panic!("{} has no metric {name}", report.example))
}

/// Workers that ran at least one task.
pub fn active_workers(report: &Report) -> usize {
    report.workers.iter().filter(|w| w.tasks > 0).count()
}
