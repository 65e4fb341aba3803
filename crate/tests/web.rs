//! Headless-browser tests (`wasm-pack test --headless --chrome`): the runtime on real web
//! workers. They run in a dedicated worker because blocking waits trap on a page's main thread.
#![cfg(target_arch = "wasm32")]

use concurrency_playground::params::RawParams;
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
