//! Headless-browser tests (`wasm-pack test --headless --chrome`): the runtime on real web
//! workers. They run in a dedicated worker because blocking waits trap on a page's main thread.
#![cfg(target_arch = "wasm32")]

use concurrency_playground::params::RawParams;
use concurrency_playground::runtime::spin_then_wait;
use concurrency_playground::{examples, init_thread_pool, Runtime};
use std::collections::BTreeMap;
use std::collections::BTreeSet;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_dedicated_worker);

fn params(pairs: &[(&str, f64)]) -> RawParams {
    let map: BTreeMap<String, f64> = pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect();
    let value = serde_wasm_bindgen::to_value(&map).unwrap();
    serde_wasm_bindgen::from_value(value).unwrap()
}

#[wasm_bindgen_test]
async fn pipeline_runs_on_two_distinct_web_workers() {
    JsFuture::from(init_thread_pool(2)).await.expect("the pool starts");
    let runtime = Runtime::new();
    let pipeline = examples::find("pipeline").unwrap();
    assert_eq!(runtime.threads(), 2);

    let report =
        runtime.run(pipeline, &params(&[("items", 400_000.0), ("work", 100.0), ("threads", 2.0)])).unwrap();
    assert!(report.ok, "checks: {:?}", report.checks);
    let busy: BTreeSet<usize> = report.workers.iter().filter(|w| w.tasks > 0).map(|w| w.id).collect();
    assert_eq!(busy.len(), 2, "work ran on two distinct workers: {:?}", report.workers);
    let lanes: BTreeSet<usize> = report.timeline.spans.iter().map(|s| s.worker).collect();
    assert_eq!(lanes, busy);

    let one =
        runtime.run(pipeline, &params(&[("items", 100_000.0), ("work", 10.0), ("threads", 1.0)])).unwrap();
    assert!(one.ok);
    assert_eq!(one.workers.len(), 1, "threads: 1 is held to one worker");

    let bad = runtime.run(pipeline, &params(&[("items", 0.0)])).unwrap_err();
    assert!(bad.to_string().contains("`items`"), "{bad}");
}

/// In the browser std's locks barely spin before they sleep, so the runtime tries first
/// (runtime/spin.rs): a lock freed while a worker tries is taken without the blocking call.
#[wasm_bindgen_test]
fn a_browser_worker_tries_a_taken_lock_before_it_sleeps() {
    let tries = std::cell::Cell::new(0);
    let free_on_third_try = || {
        tries.set(tries.get() + 1);
        (tries.get() == 3).then_some("tried")
    };
    assert_eq!(spin_then_wait(free_on_third_try, || "waited"), "tried");
    assert_eq!(tries.get(), 3);

    let never_free = || -> Option<&str> { None };
    assert_eq!(spin_then_wait(never_free, || "waited"), "waited", "after the spin, the blocking call");
}
