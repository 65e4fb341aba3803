//! The native half of `./build.sh bench`: every registry example and the micro benchmarks of
//! `concurrency_playground::bench`, run on OS threads with the same plan (`bench/plan.json`) the
//! browser half runs on web workers. Prints raw figures as JSON on stdout; `bench/report.mjs`
//! turns both halves into BENCHMARKS.md.
//!
//! `cargo bench --bench native` (release profile). Not a divan/criterion bench on purpose: the
//! figures compared with wasm must come from the very runs and loops the browser does, timed
//! by the runtime's own clock (`wallMs`); divan cross-checks the micro loops in `micro.rs`.

use concurrency_playground::params::RawParams;
use concurrency_playground::{bench, examples, Runtime};
use serde_json::{json, Map, Value};
use std::path::PathBuf;

struct Case {
    label: String,
    example: &'static concurrency_playground::runtime::Example,
    params: Value,
    reps: usize,
}

fn main() {
    let plan_path = std::env::var_os("BENCH_PLAN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../bench/plan.json"));
    let plan: Value = serde_json::from_str(
        &std::fs::read_to_string(&plan_path).unwrap_or_else(|e| panic!("{}: {e}", plan_path.display())),
    )
    .expect("bench/plan.json is JSON");
    let reps = std::env::var("BENCH_REPS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(plan["reps"].as_u64().unwrap_or(5) as usize);
    let warmups = plan["warmups"].as_u64().unwrap_or(2) as usize;

    // One thread per core, like the browser's pool (navigator.hardwareConcurrency workers).
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let runtime = Runtime::new(threads);

    // Every example with its defaults, then the plan's extra runs (skipped, and said so, when
    // their example is not in the registry yet).
    let mut cases: Vec<Case> = examples::all()
        .iter()
        .map(|e| Case { label: e.id.to_string(), example: e, params: json!({}), reps })
        .collect();
    let mut runs = Map::new();
    for extra in plan["extraRuns"].as_array().into_iter().flatten() {
        let label = extra["label"].as_str().expect("extraRuns[].label").to_string();
        let id = extra["example"].as_str().expect("extraRuns[].example");
        match examples::find(id) {
            Ok(e) => cases.push(Case {
                label,
                example: e,
                params: extra["params"].clone(),
                reps: extra["reps"].as_u64().map_or(reps, |r| (r as usize).min(reps)),
            }),
            Err(_) => {
                runs.insert(label, json!({ "example": id, "missing": true }));
            }
        }
    }

    let run = |case: &Case| {
        let raw: RawParams = serde_json::from_value(case.params.clone()).expect("params object");
        let report = runtime.run(case.example, &raw).unwrap_or_else(|e| panic!("{}: {e}", case.label));
        eprintln!(
            "  {:<16} {:>10.1} ms{}",
            case.label,
            report.wall_ms,
            if report.ok { "" } else { "  CHECKS FAILED" }
        );
        report
    };
    for case in &cases {
        for _ in 0..warmups {
            run(case);
        }
    }
    // Round-robin over the cases, so a burst of load on the machine hits all of them alike.
    let mut samples: Vec<Vec<Value>> = cases.iter().map(|_| Vec::new()).collect();
    let mut resolved: Vec<Value> = cases.iter().map(|_| Value::Null).collect();
    for rep in 0..reps {
        for (i, case) in cases.iter().enumerate().filter(|(_, c)| rep < c.reps) {
            let report = run(case);
            resolved[i] = serde_json::to_value(&report.params).expect("params serialize");
            samples[i].push(json!({
                "wallMs": report.wall_ms,
                "ok": report.ok,
                "peakHeapBytes": report.peak_heap_bytes,
                "metrics": report.metrics,
            }));
        }
    }
    for ((case, samples), params) in cases.iter().zip(samples).zip(resolved) {
        runs.insert(
            case.label.clone(),
            json!({ "example": case.example.id, "params": params, "samples": samples }),
        );
    }

    let mut micro = Map::new();
    for m in plan["micro"].as_array().into_iter().flatten() {
        let label = m["label"].as_str().expect("micro[].label");
        let name = m["name"].as_str().expect("micro[].name");
        let params: bench::BenchParams = serde_json::from_value(m["params"].clone()).expect("micro params");
        let measure = || bench::measure(name, &params).unwrap_or_else(|e| panic!("{label}: {e}"));
        for _ in 0..warmups {
            measure();
        }
        let samples: Vec<_> = (0..reps).map(|_| measure()).collect();
        eprintln!("  {label:<16} {:>10.2} ns/op", samples[0].ns_per_op);
        micro.insert(label.to_string(), json!({ "name": name, "params": m["params"], "samples": samples }));
    }

    let out = json!({
        "threads": threads,
        "reps": reps,
        "warmups": warmups,
        "runs": runs,
        "micro": micro,
    });
    println!("{}", serde_json::to_string_pretty(&out).expect("JSON"));
}
