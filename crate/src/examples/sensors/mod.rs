//! IoT sensors: threads push readings into an `Arc<Mutex<Vec<_>>>` that an aggregator averages.
//!
//! Time is compressed: a sensor reads `rate` times a second for `durationMs`, and the aggregator
//! wakes every `periodMs` instead of every minute. Every reading carries its sensor and sequence
//! number, so the run can prove that each one was averaged exactly once.
//!
//! The chapter's code is `threads.rs`. This file is the harness: parameters and their limits,
//! memory estimate, the simulated sensor, the run and its audit.

mod threads;

use crate::params::{ParamError, ParamSpec, Resolved};
use crate::runtime::contract::{facts, Example, Outcome};
use crate::runtime::record::SpanKind;
use crate::runtime::{Cancelled, RunContext};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use threads::Published;
use web_time::Instant;

pub const EXAMPLE: Example = Example {
    id: "sensors",
    sources: &[
        crate::source_file!(Chapter, "sensors/threads.rs"),
        crate::source_file!(Harness, "sensors/mod.rs"),
    ],
    params: &[
        ParamSpec::int("sensors", 4, 1, 64),
        ParamSpec::int("rate", 2000, 1, 100_000),
        ParamSpec::int("periodMs", 50, 1, 10_000),
        ParamSpec::int("durationMs", 500, 1, 60_000),
    ],
    size_param: "durationMs",
    validate,
    memory_estimate,
    run,
};

/// The longest a run may take: sensors that cannot all have a worker read in turns.
const MAX_RUN_MS: u64 = 60_000;

/// A period longer than the run would only make the aggregator sleep past the end of it, and
/// sensors that take turns for too few workers would make one run last for many minutes.
fn validate(p: &Resolved) -> Result<(), ParamError> {
    let (period, duration) = (p.int("periodMs"), p.int("durationMs"));
    if period > duration {
        let why = format!("must be at most durationMs ({duration}); got {period}");
        let args = facts([("period", period.into()), ("duration", duration.into())]);
        return Err(ParamError::new("periodMs", "periodLongerThanRun", args, why));
    }
    // With threads ≥ 2 the aggregator keeps one worker; the sensors share the rest.
    let sensor_workers = p.int("threads").saturating_sub(1).max(1);
    let turns = p.int("sensors").div_ceil(sensor_workers);
    if duration * turns > MAX_RUN_MS {
        let why = format!(
            "times {turns} turns ({} sensors on {sensor_workers} sensor workers) would run for {} s; \
             keep durationMs × turns at most {MAX_RUN_MS} (got {duration})",
            p.int("sensors"),
            duration * turns / 1000
        );
        let args = facts([
            ("duration", duration.into()),
            ("turns", turns.into()),
            ("sensors", p.int("sensors").into()),
            ("sensorWorkers", sensor_workers.into()),
            ("seconds", (duration * turns / 1000).into()),
            ("maxMs", MAX_RUN_MS.into()),
        ]);
        return Err(ParamError::new("durationMs", "runTooLong", args, why));
    }
    Ok(())
}

/// Readings a sensor takes: one every `1/rate` s while `durationMs` lasts.
fn per_sensor(p: &Resolved) -> u64 {
    (p.int("rate") * p.int("durationMs")).div_ceil(1000)
}

/// Every reading is kept until the checks: in the shared Vec, which may briefly need three
/// times their size while it grows (old and new buffer), then in the log of batches; plus a
/// mark per reading for the exactly-once check and a log entry per period.
fn memory_estimate(p: &Resolved) -> u64 {
    let readings = p.int("sensors") * per_sensor(p);
    let wakes = p.int("sensors") * p.int("durationMs") / p.int("periodMs") + 2;
    readings * (3 * size_of::<Reading>() as u64 + 1) + wakes.min(readings) * 64
}

#[derive(Debug, Clone, Copy)]
struct Reading {
    sensor: u32,
    seq: u32,
    /// Milli-degrees Celsius: integers, so a recomputed average is exactly the same number.
    milli_c: i32,
}

/// The chapter's `read_temperature_sensor()`: about 20 °C, an offset per sensor, a slow drift
/// and some noise.
/// Deterministic in (sensor, seq), so the checks can recompute any reading.
fn read_temperature_sensor(sensor: u32, seq: u32) -> i32 {
    let noise = (u64::from(sensor) << 32 | u64::from(seq)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    let drift = (seq % 2000) as i32 - 1000;
    20_000 + sensor as i32 * 150 + drift + (noise >> 54) as i32 - 512
}

/// The chapter's `calculate_average`, in °C.
fn calculate_average(readings: &[Reading]) -> f64 {
    let sum: i64 = readings.iter().map(|r| i64::from(r.milli_c)).sum();
    sum as f64 / readings.len() as f64 / 1000.0
}

/// Sleeps until `deadline` in slices of at most 10 ms, so a cancel is seen quickly.
fn sleep_until(ctx: &RunContext, deadline: Instant) {
    let from = Instant::now();
    if deadline <= from {
        return;
    }
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        if left.is_zero() || ctx.is_cancelled() {
            break;
        }
        ctx.sleep(left.min(Duration::from_millis(10)));
    }
    ctx.span(SpanKind::Idle, from);
}

/// The checks: how many readings were averaged twice, never, or without being produced, and
/// how many published averages a recomputation from scratch (values regenerated from each
/// reading's sensor and sequence number) does not reproduce.
fn audit(produced: &[u64], batches: &[Vec<Reading>], cloud: &[[f64; 2]]) -> (usize, usize, usize, usize) {
    let mut seen: Vec<Vec<u8>> = produced.iter().map(|&n| vec![0; n as usize]).collect();
    let mut unknown = 0;
    for r in batches.iter().flatten() {
        match seen[r.sensor as usize].get_mut(r.seq as usize) {
            Some(mark) => *mark = mark.saturating_add(1),
            None => unknown += 1,
        }
    }
    let marks = seen.iter().flatten();
    let twice = marks.clone().filter(|&&m| m > 1).count();
    let missing = marks.filter(|&&m| m == 0).count();
    let wrong_averages = batches.iter().zip(cloud).filter(|(batch, [_, avg])| {
        let regenerate = |r: &Reading| Reading { milli_c: read_temperature_sensor(r.sensor, r.seq), ..*r };
        calculate_average(&batch.iter().map(regenerate).collect::<Vec<_>>()) != *avg
    });
    (twice, missing, unknown, wrong_averages.count() + batches.len().abs_diff(cloud.len()))
}

fn run(p: &Resolved, ctx: &RunContext) -> Result<Outcome, Cancelled> {
    let (sensors, rate) = (p.usize("sensors"), p.int("rate"));
    let period = Duration::from_millis(p.int("periodMs"));
    let readings_each = per_sensor(p);
    ctx.set_progress_total(sensors as u64 * readings_each);

    let produced: Vec<AtomicU64> = (0..sensors).map(|_| AtomicU64::new(0)).collect();
    let Published { cloud, batches, collected } =
        threads::sensors_and_aggregator(&produced, rate, readings_each, period, ctx);
    let run_ms = ctx.elapsed_ms();
    ctx.check_cancel()?;
    #[cfg(feature = "fault-injection")]
    let (batches, collected) = sabotaged(batches, collected);

    let produced: Vec<u64> = produced.iter().map(|n| n.load(Ordering::Relaxed)).collect();
    let ((twice, missing, unknown, wrong_averages), _) = ctx.verify(|| audit(&produced, &batches, &cloud));
    let produced: u64 = produced.iter().sum();

    Ok(Outcome::default()
        .metric("produced", produced as f64)
        .metric("collected", collected as f64)
        .metric("periods", cloud.len() as f64)
        .metric("readingsPerSec", produced as f64 / (run_ms / 1000.0))
        .check_equal("all-collected", ("produced", produced), ("collected", collected))
        .check(
            "averaged-once",
            twice == 0 && missing == 0 && unknown == 0,
            facts([("twice", twice.into()), ("missing", missing.into()), ("unknown", unknown.into())]),
        )
        .check(
            "averages-match",
            wrong_averages == 0,
            facts([("wrong", wrong_averages.into()), ("averages", cloud.len().into())]),
        )
        .series("averages", cloud))
}

/// Tests only: a reading lost from the batch it was averaged in, or counted in it twice (see
/// runtime::sabotage).
#[cfg(feature = "fault-injection")]
fn sabotaged(mut batches: Vec<Vec<Reading>>, mut collected: u64) -> (Vec<Vec<Reading>>, u64) {
    use crate::runtime::sabotage::{take, Sabotage};
    match (take(), batches.iter_mut().find(|b| !b.is_empty())) {
        (Some(Sabotage::LoseOne), Some(batch)) => {
            batch.pop();
            collected -= 1;
        }
        (Some(Sabotage::ApplyOneTwice), Some(batch)) => {
            batch.push(batch[0]);
            collected += 1;
        }
        _ => {}
    }
    (batches, collected)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reading(sensor: u32, seq: u32) -> Reading {
        Reading { sensor, seq, milli_c: read_temperature_sensor(sensor, seq) }
    }

    #[test]
    fn the_audit_catches_duplicates_losses_and_wrong_averages() {
        let batches = vec![vec![reading(0, 0), reading(1, 0)], vec![reading(0, 1)]];
        let cloud: Vec<[f64; 2]> = batches.iter().map(|b| [0.0, calculate_average(b)]).collect();
        assert_eq!(audit(&[2, 1], &batches, &cloud), (0, 0, 0, 0));
        assert_eq!(audit(&[3, 1], &batches, &cloud), (0, 1, 0, 0), "lost");
        assert_eq!(audit(&[1, 1], &batches, &cloud), (0, 0, 1, 0), "never produced");
        let twice = vec![batches[0].clone(), batches[0].clone()];
        assert_eq!(audit(&[2, 1], &twice, &cloud[..1].repeat(2)), (2, 1, 0, 0));
        let mut tampered = batches.clone();
        tampered[1].push(reading(1, 1)); // arrived after the average was taken
        assert_eq!(audit(&[2, 2], &tampered, &cloud), (0, 0, 0, 1));
    }
}
