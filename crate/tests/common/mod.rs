//! Helpers shared by the native integration tests.
#![allow(dead_code)]

use concurrency_playground::params::RawParams;
use concurrency_playground::{Report, RunError, Runtime};
use std::sync::OnceLock;

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

pub fn run(id: &str, json: serde_json::Value) -> Result<Report, RunError> {
    runtime().run(id, &raw(json))
}

/// Runs and insists that every self-check passed, printing the failing ones if not.
pub fn run_ok(id: &str, json: serde_json::Value) -> Report {
    let report = run(id, json).unwrap_or_else(|e| panic!("{id} failed: {e}"));
    let failed: Vec<_> = report.checks.iter().filter(|c| !c.ok).collect();
    assert!(report.ok && failed.is_empty(), "{id}: failed checks {failed:?}");
    assert!(!report.checks.is_empty(), "{id} reported no checks");
    report
}

pub fn metric(report: &Report, name: &str) -> f64 {
    *report.metrics.get(name).unwrap_or_else(|| panic!("{} has no metric {name}", report.example))
}

/// Workers that ran at least one task.
pub fn active_workers(report: &Report) -> usize {
    report.workers.iter().filter(|w| w.tasks > 0).count()
}
