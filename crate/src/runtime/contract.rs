//! The example contract: what an example declares ([`Example`]), what it gets while it runs
//! ([`RunContext`]), and what it gives back ([`Outcome`], its [`Check`]s, or [`Cancelled`]).
//!
//! The runtime runs any `&Example` it is handed; it does not know the registry. The registry
//! (`crate::examples`) lists the chapter's examples, and the id lookup happens where an id
//! arrives: at the wasm boundary and in the tests.

use super::control::CONTROL;
use super::locks::{self, LockName, Watched};
use super::pool::{self, Spawner};
use super::record::{Recorder, SpanKind};
use crate::params::{ParamError, ParamSpec, Resolved};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use web_time::Instant;

/// One chapter example, behind the interface every example shares.
pub struct Example {
    /// Stable id used by the JS API, in links and in the catalogs (`www/i18n/*.json`), where
    /// the example's words live: `examples.<id>.{title, summary, lookFor, params, options,
    /// checks, brokenOnPurpose, exercises}`.
    pub id: &'static str,
    /// The example's own files, compiled in, the chapter's code first: the code the page shows
    /// is the code that ran. Make each with [`source_file!`](crate::source_file).
    pub sources: &'static [SourceFile],
    /// Parameters besides `threads`, which every example takes.
    pub params: &'static [ParamSpec],
    /// The parameter that sizes the workload, named when a run would not fit in memory.
    pub size_param: &'static str,
    /// Checks between parameters (say, a rendezvous channel on one thread) that no single
    /// range can express. Runs before anything starts, so no run ever hangs.
    pub validate: fn(&Resolved) -> Result<(), ParamError>,
    /// Bytes the run will allocate at its peak, estimated from the parameters.
    pub memory_estimate: fn(&Resolved) -> u64,
    pub run: fn(&Resolved, &RunContext) -> Result<Outcome, Cancelled>,
}

/// A validator for examples whose parameters are independent of each other.
pub fn no_cross_checks(_: &Resolved) -> Result<(), ParamError> {
    Ok(())
}

/// What a source file is to a student.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// The concurrent code the chapter talks about: threads, `Arc`, `Mutex`, channels.
    Chapter,
    /// What makes it a runnable, self-checking example: parameters, the simulated world,
    /// memory estimates, the checks.
    Harness,
}

/// One file of an example's code, as the page shows it.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct SourceFile {
    /// Path from the repository's root, as a reader would look for it.
    pub path: &'static str,
    pub role: Role,
    pub code: &'static str,
}

/// A [`SourceFile`] for a file under `crate/src/examples/`, compiled in: the path shown and the
/// file included are written once, so they cannot drift apart.
#[macro_export]
macro_rules! source_file {
    ($role:ident, $path:literal) => {
        $crate::runtime::contract::SourceFile {
            path: concat!("crate/src/examples/", $path),
            role: $crate::runtime::contract::Role::$role,
            code: include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/src/examples/", $path)),
        }
    };
}

/// Marker that an example stopped because the run was cancelled; `?` turns it into
/// [`RunError::Cancelled`](super::RunError::Cancelled).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cancelled;

/// A named figure or word that a catalog message shows in a `{placeholder}`: a check's facts,
/// an error's args. Crosses to JS as a plain number or string (a list of names as one string,
/// "a, b, c": placeholders take text, not arrays).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Fact {
    Int(u64),
    Number(f64),
    Text(String),
}

impl From<u64> for Fact {
    fn from(x: u64) -> Self {
        Fact::Int(x)
    }
}

impl From<usize> for Fact {
    fn from(x: usize) -> Self {
        Fact::Int(x as u64)
    }
}

impl From<u32> for Fact {
    fn from(x: u32) -> Self {
        Fact::Int(x.into())
    }
}

impl From<f64> for Fact {
    fn from(x: f64) -> Self {
        Fact::Number(x)
    }
}

impl From<String> for Fact {
    fn from(x: String) -> Self {
        Fact::Text(x)
    }
}

impl From<&str> for Fact {
    fn from(x: &str) -> Self {
        Fact::Text(x.to_string())
    }
}

impl std::fmt::Display for Fact {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Fact::Int(x) => write!(f, "{x}"),
            Fact::Number(x) => write!(f, "{x}"),
            Fact::Text(x) => f.write_str(x),
        }
    }
}

/// Named facts, the arguments of a catalog message.
pub type Facts = BTreeMap<&'static str, Fact>;

/// Facts from `[(name, value), …]`.
pub fn facts<const N: usize>(pairs: [(&'static str, Fact); N]) -> Facts {
    pairs.into_iter().collect()
}

/// One check a run makes of its own results: a stable id, whether it passed, and the figures
/// it compared. Its words are the catalog's `examples.<example>.checks.<id>.{name, detail}`,
/// which show the facts as `{placeholders}`.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    pub id: &'static str,
    pub ok: bool,
    pub facts: Facts,
}

/// What an example's run produced: figures, the checks of its own results, chart data.
#[derive(Default)]
pub struct Outcome {
    pub metrics: Vec<(&'static str, f64)>,
    pub checks: Vec<Check>,
    pub series: Vec<(&'static str, Vec<[f64; 2]>)>,
    /// For a variant that is wrong on purpose (a race, a deadlock): the id of the reason, whose
    /// words (`examples.<example>.brokenOnPurpose.<id>`) say what its failing checks teach, so
    /// the page can say that red is the lesson and not a bug.
    pub broken_on_purpose: Option<&'static str>,
}

impl Outcome {
    pub fn metric(mut self, name: &'static str, value: impl Into<f64>) -> Self {
        self.metrics.push((name, value.into()));
        self
    }

    /// A check with its id and the facts its words show.
    pub fn check(mut self, id: &'static str, ok: bool, facts: Facts) -> Self {
        self.checks.push(Check { id, ok, facts });
        self
    }

    /// A check that two independently counted figures agree, with both as named facts.
    pub fn check_equal(
        self,
        id: &'static str,
        left: (&'static str, u64),
        right: (&'static str, u64),
    ) -> Self {
        let ok = left.1 == right.1;
        self.check(id, ok, facts([(left.0, left.1.into()), (right.0, right.1.into())]))
    }

    /// Marks the run as a variant that is wrong on purpose, with the id of the reason.
    pub fn broken_on_purpose(mut self, reason: &'static str) -> Self {
        self.broken_on_purpose = Some(reason);
        self
    }

    pub fn series(mut self, name: &'static str, points: Vec<[f64; 2]>) -> Self {
        self.series.push((name, points));
        self
    }
}

/// What an example gets while it runs.
pub struct RunContext {
    pub(super) threads: usize,
    pub(super) recorder: Recorder,
    /// Nanoseconds spent in [`RunContext::verify`], left out of the run's wall time.
    pub(super) verify_ns: AtomicU64,
}

impl RunContext {
    /// How many workers this run may use.
    pub fn threads(&self) -> usize {
        self.threads
    }

    /// Runs the spawned closures as threads, at most [`RunContext::threads`] at a time; see
    /// [`pool::run_threads`] for the ordering guarantee examples rely on to never deadlock.
    pub fn run_threads<'a>(&self, spawn: impl FnOnce(&mut Spawner<'a>)) {
        let mut spawner = Spawner::default();
        spawn(&mut spawner);
        pool::run_threads(self.threads, spawner);
    }

    /// `mutex.lock()`, watched: the runtime sees this worker wait for, then hold, the lock
    /// called `noun number` ("region 2"), and names it if workers ever wait for each other's
    /// locks in a cycle (a deadlock; see [`locks`]). The guard unlocks when dropped.
    pub fn lock<'m, T>(&self, mutex: &'m Mutex<T>, noun: &'static str, number: usize) -> Watched<'m, T> {
        locks::lock(mutex, LockName { noun, number: number as u32 })
    }

    /// Whether the page (or a test) asked this run to stop.
    pub fn is_cancelled(&self) -> bool {
        CONTROL.cancelled()
    }

    /// `Err(Cancelled)` once the run has been asked to stop; call it in every loop that can
    /// take long, so a cancel is seen within milliseconds.
    pub fn check_cancel(&self) -> Result<(), Cancelled> {
        if self.is_cancelled() {
            Err(Cancelled)
        } else {
            Ok(())
        }
    }

    /// Declares how many units of work the run will do, for the page's progress bar.
    pub fn set_progress_total(&self, total: u64) {
        CONTROL.set_total(total);
    }

    /// Adds finished units of work to the progress the page reads from shared memory.
    pub fn advance(&self, by: u64) {
        CONTROL.advance(by);
    }

    /// Records a span from `start` to now on the calling worker.
    pub fn span(&self, kind: SpanKind, start: Instant) {
        self.recorder.span(kind, start);
    }

    /// Records a span from `start` to `end` on the calling worker, for spans measured earlier
    /// (say, the wait for a lock, recorded once the lock is released).
    pub fn span_between(&self, kind: SpanKind, start: Instant, end: Instant) {
        self.recorder.span_between(kind, start, end);
    }

    /// Sleeps the calling thread, like the chapter's `thread::sleep`. In the single-threaded
    /// fallback (a page that is not cross-origin isolated) std cannot sleep: there is no
    /// blocking wait on unshared memory. The lone thread then waits by watching the clock.
    pub fn sleep(&self, duration: std::time::Duration) {
        #[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
        {
            let until = Instant::now() + duration;
            while Instant::now() < until {
                std::hint::spin_loop();
            }
        }
        #[cfg(not(all(target_arch = "wasm32", not(target_feature = "atomics"))))]
        std::thread::sleep(duration);
    }

    /// Runs `f` as one task of the calling worker: timed, counted and put on the timeline.
    pub fn task<R>(&self, kind: SpanKind, f: impl FnOnce() -> R) -> R {
        let start = Instant::now();
        let out = f();
        self.recorder.span(kind, start);
        self.recorder.task_done();
        out
    }

    /// A clock for back-to-back spans on the calling worker, starting now; see [`Lap`].
    pub fn lap(&self) -> Lap<'_> {
        Lap { ctx: self, mark: Instant::now() }
    }

    /// Runs a check of the run's results (say, a sequential recomputation) and returns its
    /// result with its duration in ms. The time is left out of `wallMs`, so wall time measures
    /// the concurrent program and not its checking, and is reported as `verifyMs`.
    pub fn verify<R>(&self, f: impl FnOnce() -> R) -> (R, f64) {
        let start = Instant::now();
        let out = f();
        let ns = start.elapsed().as_nanos() as u64;
        self.verify_ns.fetch_add(ns, Ordering::Relaxed);
        (out, ns as f64 / 1e6)
    }

    /// Milliseconds since the run started, on the clock the timeline uses.
    pub fn elapsed_ms(&self) -> f64 {
        self.recorder.ms_since_start(Instant::now())
    }
}

/// A worker's clock for spans that follow each other with nothing between them, as in a loop
/// that receives, then works, then receives again: each clock read ends one span and starts
/// the next, so the loop reads the clock once per span rather than twice. In the browser a read
/// is a call out to `performance.now()`, several times the native cost, and an example that
/// times every message pays it per message, on the one consumer that sets the pace.
pub struct Lap<'c> {
    ctx: &'c RunContext,
    mark: Instant,
}

impl Lap<'_> {
    /// When the last span ended (or the lap began): the time of the last clock read.
    pub fn mark(&self) -> Instant {
        self.mark
    }

    /// Reads the clock: now becomes the mark, and is returned. Nothing is recorded.
    pub fn read(&mut self) -> Instant {
        self.mark = Instant::now();
        self.mark
    }

    /// Records a span measured earlier on this lap (say, a lock's wait, once it is released).
    pub fn record(&self, kind: SpanKind, start: Instant, end: Instant) {
        self.ctx.span_between(kind, start, end);
    }

    /// Records a span of `kind` from the mark to now, which becomes the mark; returns it.
    pub fn span(&mut self, kind: SpanKind) -> Instant {
        let start = self.mark;
        let now = self.read();
        self.record(kind, start, now);
        now
    }

    /// Runs `f` as one task of the calling worker, like [`RunContext::task`], timed from the
    /// mark: whatever the worker did since the last span is part of this one.
    pub fn task<R>(&mut self, kind: SpanKind, f: impl FnOnce() -> R) -> R {
        let out = f();
        self.span(kind);
        self.task_done();
        out
    }

    /// Counts one task of the calling worker (the workers table's "tasks") whose span another
    /// call records: [`Lap::task`] does both at once.
    pub fn task_done(&self) {
        self.ctx.recorder.task_done();
    }
}
