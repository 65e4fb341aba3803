//! The chapter's IoT sensors: sensor threads push readings into one `Arc<Mutex<Vec<Reading>>>`,
//! and an aggregator thread wakes every period, takes what is there, and publishes its average.

use super::{calculate_average, read_temperature_sensor, sleep_until, Reading};
use crate::runtime::record::SpanKind;
use crate::runtime::RunContext;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use web_time::Instant;

/// Runs a sensor thread per entry of `produced` (each stores there how many readings it took),
/// `rate` readings a second until it has taken `readings_each`, and the aggregator beside them.
pub(super) fn sensors_and_aggregator(
    produced: &[AtomicU64],
    rate: u64,
    readings_each: u64,
    period: Duration,
    ctx: &RunContext,
) -> Published {
    let sensors = produced.len();
    let sensor_data = Arc::new(Mutex::new(Vec::<Reading>::new()));
    let finished = &AtomicUsize::new(0);
    let mut published = Published::default();

    let data2 = Arc::clone(&sensor_data);
    let out = &mut published;
    let aggregator = move || *out = aggregate(data2, finished, sensors, period, ctx);

    ctx.run_threads(|s| {
        // The aggregator loops until every sensor is done, holding its worker all along. With
        // two or more workers it starts first and sensors share the rest. With one worker it
        // must start last, once the sensors are done: first, it would wait forever for sensors
        // that never get the worker.
        let mut last = Some(aggregator);
        if ctx.threads() >= 2 {
            s.spawn(last.take().unwrap());
        }
        for (id, produced) in produced.iter().enumerate() {
            let data1 = Arc::clone(&sensor_data);
            s.spawn(move || {
                produced.store(sensor(id as u32, data1, rate, readings_each, ctx), Ordering::Relaxed);
                finished.fetch_add(1, Ordering::Release);
            });
        }
        if let Some(aggregator) = last {
            s.spawn(aggregator);
        }
    });
    published
}

/// The shortest time a sensor sleeps between bursts of readings.
const TICK: Duration = Duration::from_millis(2);

/// One sensor's thread: read, `lock().unwrap().push(reading)`, sleep. Returns how many
/// readings it took.
fn sensor(id: u32, data1: Arc<Mutex<Vec<Reading>>>, rate: u64, readings: u64, ctx: &RunContext) -> u64 {
    // Readings are due on a schedule, every 1/rate s from the sensor's start. The sensor wakes
    // when the next one is due, but at most once per TICK, and takes every reading due by
    // then: fast sensors read in bursts, an oversleep is caught up rather than lost, and the
    // timeline stays readable.
    let started = Instant::now();
    let due = |seq: u64| started + Duration::from_nanos(seq * 1_000_000_000 / rate);
    let (mut seq, mut wake) = (0, started);
    while seq < readings && !ctx.is_cancelled() {
        wake = due(seq).max(wake + TICK);
        sleep_until(ctx, wake);
        ctx.task(SpanKind::Work, || {
            let now = Instant::now();
            while seq < readings && due(seq) <= now {
                let value = read_temperature_sensor(id, seq as u32);
                let reading = Reading { sensor: id, seq: seq as u32, milli_c: value };
                data1.lock().unwrap().push(reading);
                seq += 1;
                ctx.advance(1);
            }
        });
    }
    seq
}

/// What the aggregator keeps: the published averages (the chapter's `send_to_cloud`) with
/// the batch of readings each one covered, and its own count of readings.
#[derive(Default)]
pub(super) struct Published {
    pub(super) cloud: Vec<[f64; 2]>,
    pub(super) batches: Vec<Vec<Reading>>,
    pub(super) collected: u64,
}

/// The aggregator's thread: every `period`, swap the readings out and average them, until
/// all `sensors` have finished.
fn aggregate(
    data2: Arc<Mutex<Vec<Reading>>>,
    finished: &AtomicUsize,
    sensors: usize,
    period: Duration,
    ctx: &RunContext,
) -> Published {
    let mut out = Published::default();
    loop {
        // The chapter's `thread::sleep(Duration::from_secs(60))`, unless there is nothing left
        // to wait for.
        if finished.load(Ordering::Acquire) < sensors {
            sleep_until(ctx, Instant::now() + period);
        }
        // A sensor pushes its last reading before it counts itself finished, so if all were
        // finished before this drain, this drain is the last one needed.
        let all_done = finished.load(Ordering::Acquire) == sensors;
        ctx.task(SpanKind::Wake, || {
            // Take the readings out under the lock and average them after: sensors wait only
            // for the swap, and nothing can arrive between averaging and clearing.
            let batch = std::mem::take(&mut *data2.lock().unwrap());
            if !batch.is_empty() {
                out.cloud.push([ctx.elapsed_ms(), calculate_average(&batch)]);
                out.collected += batch.len() as u64;
                out.batches.push(batch);
            }
        });
        if all_done || ctx.is_cancelled() {
            return out;
        }
    }
}
