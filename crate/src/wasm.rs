//! The wasm boundary: a few flat functions that the runtime worker (`www/runtime/worker.js`)
//! calls. Structured data crosses with serde-wasm-bindgen; names are camelCase on the JS side.

// Threads need shared memory; a threaded build without atomics would load and then fail obscurely.
// (The single-threaded fallback is built with `--no-default-features` and no atomics.)
#[cfg(all(feature = "threads", not(target_feature = "atomics")))]
compile_error!("build for wasm with `-C target-feature=+atomics` (see .cargo/config.toml and build.sh)");

use crate::examples;
use crate::params::{ParamError, RawParams, SpecInfo};
use crate::runtime::contract::SourceFile;
use crate::runtime::control::{Control, FaultKind, CONTROL};
use crate::runtime::{Facts, RunError, Runtime};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;
use wasm_bindgen::prelude::*;

/// Made on first use, after `initThreadPool`, so it sees the pool's real size.
fn runtime() -> &'static Runtime {
    static RUNTIME: OnceLock<Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        // A panic aborts the web worker it happens on and leaves the run waiting forever; the
        // message is kept in shared memory so the page can report it and start a new runtime.
        std::panic::set_hook(Box::new(|info| CONTROL.record_panic(FaultKind::Panic, &info.to_string())));
        Runtime::new()
    })
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    // Maps as plain objects, so the JS side reads `report.metrics.items`.
    let serializer = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);
    value.serialize(&serializer).map_err(|e| js_error("Error", &e.to_string()))
}

fn js_error(name: &str, message: &str) -> JsValue {
    let error = js_sys::Error::new(message);
    error.set_name(name);
    error.into()
}

/// An `Error` named `name` with an English `message` for API users, and a stable `code` with
/// its `args`, which the page words in the reader's language (the catalogs' `errors.<code>`).
fn coded_error(name: &str, message: &str, code: &str, args: &Facts) -> JsValue {
    let error = js_error(name, message);
    let _ = js_sys::Reflect::set(&error, &"code".into(), &code.into());
    let _ = js_sys::Reflect::set(&error, &"args".into(), &to_js(args).unwrap_or(JsValue::UNDEFINED));
    error
}

/// An `Error` named `ParamError` with the facts as properties: `param` (the parameter's name),
/// `code` and `args`, and, where one range says it, `accepted` (`{ min, max }` or
/// `{ options }`), so the page marks the field and words the message without parsing this one.
fn param_error(e: &ParamError) -> JsValue {
    let error = coded_error("ParamError", &e.message, e.code, &e.args);
    let set = |key: &str, value: JsValue| js_sys::Reflect::set(&error, &key.into(), &value);
    let _ = set("param", e.param.as_str().into());
    if let Some(accepted) = &e.accepted {
        let _ = set("accepted", to_js(accepted).unwrap_or(JsValue::UNDEFINED));
    }
    error
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ExampleInfo {
    id: &'static str,
    sources: &'static [SourceFile],
    params: BTreeMap<&'static str, SpecInfo>,
    /// Parameter names in the order the example declares them (object keys lose it).
    param_order: Vec<&'static str>,
}

/// Every example with its parameters (including `threads`, bounded by the pool).
///
/// # Errors
/// Only if serialization fails, which would be a bug.
#[wasm_bindgen]
pub fn examples() -> Result<JsValue, JsValue> {
    let rt = runtime();
    let list: Vec<ExampleInfo> = examples::all()
        .iter()
        .map(|e| {
            let specs = rt.specs(e);
            ExampleInfo {
                id: e.id,
                sources: e.sources,
                params: specs.iter().map(|s| (s.name, SpecInfo::from(s))).collect(),
                param_order: specs.iter().map(|s| s.name).collect(),
            }
        })
        .collect();
    to_js(&list)
}

/// Runs one example to completion on the pool and returns its report. Blocks the calling
/// worker (never call it on a page's main thread).
///
/// # Errors
/// An `Error` named `UnknownExampleError` for an id no example has; one named `ParamError`
/// with `param` (and `accepted`) for a rejected parameter; one named `AbortError` when the
/// run was cancelled through the shared cancel flag. Each has a `code` and `args` (see
/// [`coded_error`]). A panic does not return here: it aborts
/// its web worker, and the page learns of it from the shared control words.
#[wasm_bindgen(js_name = runExample)]
pub fn run_example(id: &str, params: JsValue) -> Result<JsValue, JsValue> {
    let example = examples::find(id).map_err(|e| {
        coded_error("UnknownExampleError", &e.to_string(), examples::UnknownExample::CODE, &e.args())
    })?;
    let raw: RawParams = serde_wasm_bindgen::from_value(params).map_err(|e| {
        let message = e.to_string();
        let args = crate::runtime::contract::facts([("detail", message.as_str().into())]);
        coded_error("ParamError", &message, "param.invalid", &args)
    })?;
    match runtime().run(example, &raw) {
        Ok(report) => to_js(&report),
        Err(RunError::Invalid(e)) => Err(param_error(&e)),
        Err(e @ RunError::Cancelled) => Err(coded_error("AbortError", &e.to_string(), e.code(), &e.args())),
        Err(e @ RunError::Panicked(_)) => Err(coded_error("PanicError", &e.to_string(), e.code(), &e.args())),
        // Recorded in the control words too: the page replaces the deadlocked pool. `report`
        // holds what the run did until it was caught, its last waits included.
        Err(RunError::Deadlock(cycle)) => {
            let message = cycle.to_string();
            let e = RunError::Deadlock(cycle);
            let error = coded_error("DeadlockError", &message, e.code(), &e.args());
            if let Some(scene) = runtime().take_deadlock_scene() {
                let scene = to_js(&scene).unwrap_or(JsValue::UNDEFINED);
                let _ = js_sys::Reflect::set(&error, &"report".into(), &scene);
            }
            Err(error)
        }
    }
}

/// Runs one micro benchmark of [`bench`] (the same loop the native benchmark runs) and returns
/// its measurement. Only `./build.sh bench` calls it, after `initThreadPool`; like `runExample`
/// it blocks the calling worker.
///
/// # Errors
/// An `Error` named `ParamError` when `params` is not an object of known fields; a plain `Error`
/// for an unknown benchmark, a pool too small for it, or a failed check of its own results.
#[cfg(feature = "bench")]
#[wasm_bindgen(js_name = runBenchmark)]
pub fn run_benchmark(name: &str, params: JsValue) -> Result<JsValue, JsValue> {
    use crate::bench::{self, BenchParams};
    let params: BenchParams = if params.is_undefined() || params.is_null() {
        BenchParams::default()
    } else {
        serde_wasm_bindgen::from_value(params).map_err(|e| js_error("ParamError", &e.to_string()))?
    };
    let measured = bench::measure(name, &params).map_err(|e| js_error("Error", &e))?;
    to_js(&measured)
}

/// Workers in the pool.
#[wasm_bindgen(js_name = poolSize)]
pub fn pool_size() -> usize {
    runtime().threads()
}

/// Byte address of the shared control words (cancel, progress, run id, fault) in wasm memory.
#[wasm_bindgen(js_name = controlAddress)]
pub fn control_address() -> usize {
    CONTROL.address()
}

/// Where each control word is, in bytes from [`control_address`], and the fault kinds'
/// values: the page's `Atomics` views are built from this, not from a copy of the struct.
///
/// # Errors
/// Only if serialization fails, which would be a bug.
#[wasm_bindgen(js_name = controlLayout)]
pub fn control_layout() -> Result<JsValue, JsValue> {
    to_js(&Control::layout())
}

/// The wasm memory, so the page can read progress and set the cancel flag with `Atomics`.
#[wasm_bindgen(js_name = sharedMemory)]
pub fn shared_memory() -> JsValue {
    wasm_bindgen::memory()
}
