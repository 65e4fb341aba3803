//! Every example's checks go red when one update is lost or applied twice, through the real
//! `Runtime::run` (the sabotage happens right after the concurrent part; see
//! `runtime::sabotage`). Needs `--features concurrency-playground/fault-injection`, which
//! `./build.sh test` passes; without it this file has no tests.
#![cfg(all(not(target_arch = "wasm32"), feature = "fault-injection"))]

mod common;
use common::*;
use concurrency_playground::runtime::sabotage::Sabotage::{ApplyOneTwice, LoseOne};
use serde_json::{json, Value};

/// Every variant of the examples, small (game-server's "racy" fails its checks anyway, and
/// "deadlock" never ends: neither can show a check turning red).
fn cases() -> Vec<(&'static str, Value)> {
    let mut cases = vec![
        ("pipeline", json!({ "items": 20_000, "work": 2, "threads": 2 })),
        ("sensors", json!({ "sensors": 2, "rate": 2000, "periodMs": 10, "durationMs": 40, "threads": 3 })),
    ];
    for channel in ["unbounded", "bounded", "rendezvous"] {
        cases.push((
            "message-queue",
            json!({ "producers": 2, "messages": 500, "channel": channel, "threads": 2 }),
        ));
    }
    for strategy in ["mutex", "rwlock", "sharded", "actor", "ordered"] {
        cases.push((
            "game-server",
            json!({ "players": 8, "actions": 200, "strategy": strategy, "threads": 2 }),
        ));
    }
    for model in ["async", "thread-pool"] {
        cases.push(("web-server", json!({ "connections": 3000, "model": model, "threads": 2 })));
    }
    cases
}

#[test]
fn a_lost_update_turns_the_checks_red() {
    for (id, params) in cases() {
        let failed = failed_checks_when(LoseOne, id, params.clone());
        assert!(!failed.is_empty(), "{id} {params}: a lost update passed every check");
        eprintln!("{id} {params}: lost update -> {failed:?}");
    }
}

#[test]
fn an_update_applied_twice_turns_the_checks_red() {
    for (id, params) in cases() {
        let failed = failed_checks_when(ApplyOneTwice, id, params.clone());
        assert!(!failed.is_empty(), "{id} {params}: a doubled update passed every check");
        eprintln!("{id} {params}: doubled update -> {failed:?}");
    }
}

#[test]
fn without_sabotage_the_same_runs_pass() {
    for (id, params) in cases() {
        run_ok(id, params);
    }
}
