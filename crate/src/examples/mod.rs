//! The registry: the one place that lists the chapter's examples.
//!
//! Every example is one module with one `pub const EXAMPLE: Example`, which declares its
//! parameters and points at its `run` function. Adding an example means adding a module and a
//! line in [`all`]; the page, the JS API and the tests pick it up from here.

#[cfg(feature = "fault-injection")]
pub mod fault;
pub mod game_server;
pub mod message_queue;
pub mod pipeline;
pub mod sensors;
pub mod web_server;

use crate::params::{ParamError, ParamSpec, Resolved};
use crate::runtime::{Cancelled, Check, RunContext};

/// One chapter example, behind the interface every example shares.
pub struct Example {
    /// Stable id used by the JS API and in links.
    pub id: &'static str,
    pub title: &'static str,
    /// One sentence: what the example is and which chapter idea it shows.
    pub summary: &'static str,
    /// What a student should look for in the results.
    pub look_for: &'static str,
    /// The module's own source file, compiled in: the code the page shows is the code that ran.
    pub source: &'static str,
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

/// Every example, in the order the page lists them.
pub fn all() -> &'static [&'static Example] {
    &[
        &web_server::EXAMPLE,
        &game_server::EXAMPLE,
        &pipeline::EXAMPLE,
        &message_queue::EXAMPLE,
        &sensors::EXAMPLE,
        #[cfg(feature = "fault-injection")]
        &fault::EXAMPLE,
    ]
}

pub fn find(id: &str) -> Option<&'static Example> {
    all().iter().copied().find(|e| e.id == id)
}

/// A validator for examples whose parameters are independent of each other.
pub fn no_cross_checks(_: &Resolved) -> Result<(), ParamError> {
    Ok(())
}

/// What an example's run produced: figures, the checks of its own results, chart data.
#[derive(Default)]
pub struct Outcome {
    pub metrics: Vec<(&'static str, f64)>,
    pub checks: Vec<Check>,
    pub series: Vec<(&'static str, Vec<[f64; 2]>)>,
}

impl Outcome {
    pub fn metric(mut self, name: &'static str, value: impl Into<f64>) -> Self {
        self.metrics.push((name, value.into()));
        self
    }

    pub fn check(mut self, name: &str, ok: bool, detail: impl Into<String>) -> Self {
        self.checks.push(Check { name: name.to_string(), ok, detail: detail.into() });
        self
    }

    /// A check that two independently counted figures agree, with both in the detail.
    pub fn check_equal(self, name: &str, left: (&str, u64), right: (&str, u64)) -> Self {
        let detail = format!("{} = {}, {} = {}", left.0, left.1, right.0, right.1);
        self.check(name, left.1 == right.1, detail)
    }

    pub fn series(mut self, name: &'static str, points: Vec<[f64; 2]>) -> Self {
        self.series.push((name, points));
        self
    }
}
