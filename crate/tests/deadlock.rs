//! The "deadlock" game server really deadlocks on 2 workers, and the runtime, watching the lock
//! table from its own thread, ends the run with the cycle named. The deadlocked threads of the
//! pool can never be woken, so this is the only test in this binary (its own process, its own
//! pool); the browser replaces its pool and runs on (tests/e2e/lessons.test.mjs).
#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::*;
use concurrency_playground::runtime::control::{FaultKind, CONTROL};
use concurrency_playground::runtime::record::SpanKind;
use concurrency_playground::RunError;
use serde_json::json;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

#[test]
fn the_deadlock_is_detected_and_the_cycle_named() {
    let asked = Instant::now();
    let params = json!({ "strategy": "deadlock", "players": 64, "actions": 1_000_000, "threads": 2 });
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || tx.send(run("game-server", params)).ok());
    // A hang guard only (deadlocked workers never see the cancel flag): a run that neither
    // finishes nor is caught within two minutes fails the test, and the process ends with it.
    let result = rx.recv_timeout(Duration::from_secs(120)).expect("no deadlock detected within 120 s");
    let message = match result {
        Err(e @ RunError::Deadlock(_)) => {
            // The catalogs word it from its code and args, in any language.
            assert_eq!(e.code(), "deadlock");
            assert!(e.args()["chain"].to_string().starts_with("worker "), "{:?}", e.args());
            let RunError::Deadlock(cycle) = e else { unreachable!() };
            cycle.to_string()
        }
        other => panic!("expected a deadlock, got {:?}", other.map(|r| r.checks)),
    };
    eprintln!("detected after {:?}: {message}", asked.elapsed());
    // "worker A holds region X and waits for region Y; worker B holds region Y and waits for region X"
    let parts: Vec<Vec<&str>> = message.split("; ").map(|p| p.split(' ').collect()).collect();
    assert_eq!(parts.len(), 2, "{message}");
    let (a, b) = (&parts[0], &parts[1]);
    assert_eq!(
        (a[0], a[2], a[3], a[6], a[7], a[8]),
        ("worker", "holds", "region", "waits", "for", "region"),
        "{message}"
    );
    assert_ne!(a[1], b[1], "two different workers: {message}");
    assert_eq!((a[4], a[9]), (b[9], b[4]), "each waits for the region the other holds: {message}");
    let (x, y): (u32, u32) = (a[4].parse().unwrap(), a[9].parse().unwrap());
    assert_eq!(x ^ 1, y, "partner regions: {message}");
    // What the run did until then, for the page's timeline: the cycle's last waits, unended.
    let scene = runtime().take_deadlock_scene().expect("the deadlocked run's scene is kept");
    let waits: Vec<_> = scene.timeline.spans.iter().filter(|s| s.end_ms == scene.wall_ms).collect();
    assert_eq!(waits.len(), 2, "one last wait per worker of the cycle");
    assert!(waits.iter().all(|s| s.kind == SpanKind::LockWait && s.start_ms <= s.end_ms));
    assert_eq!(scene.workers.len(), 2);
    // Recorded for the page too, as a fault with the same message.
    assert_eq!(CONTROL.panic_kind.load(Ordering::SeqCst), FaultKind::Deadlock as u32);
}
