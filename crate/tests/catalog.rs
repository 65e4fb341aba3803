//! Rust keeps stable ids; the words live in the catalogs (`www/i18n/en.json`, `th.json`). This
//! test fails when anything Rust names by id has no words in either catalog: an example, its
//! parameters and their options, a check any of its variants makes, a reason a variant is broken
//! on purpose, a metric, a series, an error code. It runs every option of every example (small)
//! to see the ids the runs really report, and fails too when a message's `{placeholders}` name a
//! fact or an argument that Rust does not give (the reader would see `{lost}`).
#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::*;
use concurrency_playground::examples::{self, UnknownExample};
use concurrency_playground::params::Kind;
use concurrency_playground::runtime::{Facts, RunError};
use concurrency_playground::Report;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};

const LANGUAGES: [&str; 2] = ["en", "th"];
const UNITS: [&str; 5] = ["ms", "bytes", "count", "perSecond", "ratio"];

fn catalog(lang: &str) -> Value {
    let path = format!("{}/../www/i18n/{lang}.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The entry at a dotted key; ids may hold dashes, never dots.
fn lookup<'a>(catalog: &'a Value, key: &str) -> Option<&'a Value> {
    key.split('.').try_fold(catalog, |node, part| node.get(part))
}

/// The names in a message's `{placeholders}` (a plural's forms together).
fn placeholders(message: &Value) -> BTreeSet<String> {
    let texts: Vec<&str> = match message {
        Value::String(s) => vec![s],
        Value::Object(forms) => forms.values().filter_map(Value::as_str).collect(),
        _ => vec![],
    };
    let mut names = BTreeSet::new();
    for text in texts {
        for piece in text.split('{').skip(1) {
            if let Some((name, _)) = piece.split_once('}') {
                if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                    names.insert(name.to_string());
                }
            }
        }
    }
    names
}

/// What is missing from the catalogs, as readable lines.
#[derive(Default)]
struct Missing(Vec<String>);

impl Missing {
    /// `key` must be a non-empty message (a string, or a plural) in both languages, whose
    /// placeholders are all among `given`.
    fn message(&mut self, catalogs: &[(&str, Value)], key: &str, given: &BTreeSet<String>) {
        for (lang, catalog) in catalogs {
            match lookup(catalog, key) {
                Some(Value::String(s)) if !s.trim().is_empty() => {}
                Some(Value::Object(forms)) if forms.get("other").and_then(Value::as_str).is_some() => {}
                _ => {
                    self.0.push(format!("{lang}: no words for {key}"));
                    continue;
                }
            }
            let unknown: Vec<String> =
                placeholders(lookup(catalog, key).unwrap()).difference(given).cloned().collect();
            if !unknown.is_empty() {
                self.0.push(format!(
                    "{lang}: {key} shows {unknown:?}, which Rust does not give (it gives {given:?})"
                ));
            }
        }
    }

    fn plain(&mut self, catalogs: &[(&str, Value)], key: &str) {
        self.message(catalogs, key, &BTreeSet::new());
    }
}

fn names(facts: &Facts) -> BTreeSet<String> {
    facts.keys().map(|k| k.to_string()).collect()
}

/// Small parameters for a quick run of each example; the variants come from its choices.
fn small(id: &str) -> Value {
    match id {
        "web-server" => json!({ "connections": 500, "threads": 2 }),
        "game-server" => json!({ "players": 8, "actions": 100, "threads": 2 }),
        "pipeline" => json!({ "items": 5000, "work": 1, "threads": 2 }),
        "message-queue" => json!({ "producers": 2, "messages": 200, "threads": 2 }),
        "sensors" => json!({ "sensors": 2, "rate": 1000, "periodMs": 10, "durationMs": 30, "threads": 3 }),
        _ => json!({}),
    }
}

/// Every variant worth running: each option of each choice parameter, on the small workload.
/// "deadlock" runs on one worker (on more it deadlocks for good); the fault example's runs
/// panic or exhaust memory, and report nothing to word.
fn variants(id: &str) -> Vec<Value> {
    if id == "fault" {
        return vec![];
    }
    let mut out = vec![small(id)];
    for spec in examples::find(id).unwrap().params {
        if let Kind::Choice { options, .. } = spec.kind {
            for option in options {
                let mut params = small(id);
                params[spec.name] = json!(option);
                if (id, *option) == ("game-server", "deadlock") {
                    params["threads"] = json!(1);
                }
                out.push(params);
            }
        }
    }
    out
}

/// The reports of every variant, and with `fault-injection`, of each sabotaged once.
fn reports(id: &str) -> Vec<Report> {
    #[cfg_attr(not(feature = "fault-injection"), allow(unused_mut))]
    let mut out: Vec<Report> = variants(id).into_iter().map(|p| run(id, p).expect("a small run")).collect();
    #[cfg(feature = "fault-injection")]
    if id != "fault" {
        use concurrency_playground::runtime::sabotage::Sabotage;
        for sabotage in [Sabotage::LoseOne, Sabotage::ApplyOneTwice] {
            out.push(common::run_sabotaged(sabotage, id, small(id)).expect("a sabotaged run still reports"));
        }
    }
    out
}

/// Every error Rust can refuse or end a run with, as (code, args).
fn errors() -> Vec<(&'static str, Facts)> {
    let refusals = [
        ("pipeline", json!({ "items": 0 })),
        ("game-server", json!({ "strategy": "spinlock" })),
        ("pipeline", json!({ "itmes": 5 })),
        ("pipeline", json!({ "items": 50_000_000, "chunk": 1 })),
        ("message-queue", json!({ "channel": "bounded", "threads": 1 })),
        ("sensors", json!({ "periodMs": 600, "durationMs": 500 })),
        ("sensors", json!({ "sensors": 64, "durationMs": 60_000, "threads": 2 })),
    ];
    let mut out: Vec<(&'static str, Facts)> = refusals
        .into_iter()
        .map(|(id, params)| {
            let e = refusal(id, params);
            (e.code, e.args)
        })
        .collect();
    let unknown = UnknownExample("no-such-example".into());
    out.push((UnknownExample::CODE, unknown.args()));
    for e in [
        RunError::Cancelled,
        RunError::Panicked("boom".into()),
        RunError::Deadlock(concurrency_playground::runtime::locks::Cycle(vec![])),
    ] {
        out.push((e.code(), e.args()));
    }
    out
}

/// The codes given to errors that never reach `Runtime::run` (a trap, a closed playground, a
/// page without threads, params that are not an object…), read from the sources that give
/// them: `code: '…'` and `return '…'` in the JS API, `coded_error(name, message, "…", …)` at
/// the wasm boundary.
fn boundary_codes() -> BTreeSet<String> {
    let root = format!("{}/..", env!("CARGO_MANIFEST_DIR"));
    let read = |file: &str| std::fs::read_to_string(format!("{root}/{file}")).unwrap_or_default();
    let mut codes = BTreeSet::new();
    for file in ["www/playground.js", "www/runtime/worker.js"] {
        let text = read(file);
        for opening in ["code: '", "return '"] {
            for piece in text.split(opening).skip(1) {
                if let Some((code, _)) = piece.split_once('\'') {
                    codes.insert(code.to_string());
                }
            }
        }
    }
    for call in read("crate/src/wasm.rs").split("coded_error(").skip(1) {
        let literals: Vec<&str> =
            call.split(')').next().unwrap_or("").split('"').skip(1).step_by(2).collect();
        if let Some(code) = literals.get(1) {
            codes.insert(code.to_string());
        }
    }
    codes
}

/// What the runs reported, per example: each check's id with the facts it gives, the reasons
/// for broken-on-purpose variants; and the metrics and series of all of them. Run once.
struct Seen {
    checks: BTreeMap<&'static str, BTreeMap<&'static str, BTreeSet<String>>>,
    broken: BTreeMap<&'static str, BTreeSet<&'static str>>,
    metrics: BTreeSet<&'static str>,
    series: BTreeSet<&'static str>,
    errors: Vec<(&'static str, Facts)>,
}

fn seen() -> &'static Seen {
    static SEEN: std::sync::OnceLock<Seen> = std::sync::OnceLock::new();
    SEEN.get_or_init(|| {
        let mut seen = Seen {
            checks: BTreeMap::new(),
            broken: BTreeMap::new(),
            metrics: BTreeSet::new(),
            series: BTreeSet::new(),
            errors: errors(),
        };
        for example in examples::all() {
            let id = example.id;
            let checks = seen.checks.entry(id).or_default();
            for report in reports(id) {
                for check in &report.checks {
                    checks.entry(check.id).or_default().extend(names(&check.facts));
                }
                seen.broken.entry(id).or_default().extend(report.broken_on_purpose_id);
                seen.metrics.extend(report.metrics.keys().copied());
                seen.series.extend(report.series.keys().copied());
            }
            assert!(id == "fault" || !checks.is_empty(), "{id}'s runs made no checks");
        }
        seen
    })
}

/// All that is missing, for the catalogs as given.
fn missing_words(catalogs: &[(&str, Value)]) -> Vec<String> {
    let seen = seen();
    let mut missing = Missing::default();
    let none = BTreeSet::new();
    missing.plain(catalogs, "params.threads.label");
    missing.plain(catalogs, "params.threads.description");
    for example in examples::all() {
        let id = example.id;
        for part in ["title", "summary", "lookFor"] {
            missing.plain(catalogs, &format!("examples.{id}.{part}"));
        }
        for spec in example.params {
            for part in ["label", "description"] {
                missing.plain(catalogs, &format!("examples.{id}.params.{}.{part}", spec.name));
            }
            if let Kind::Choice { options, .. } = spec.kind {
                for option in options {
                    missing.plain(catalogs, &format!("examples.{id}.options.{}.{option}", spec.name));
                }
            }
        }
        for reason in seen.broken.get(id).into_iter().flatten() {
            missing.message(catalogs, &format!("examples.{id}.brokenOnPurpose.{reason}"), &none);
        }
        for (check, facts) in seen.checks.get(id).into_iter().flatten() {
            for part in ["name", "detail"] {
                missing.message(catalogs, &format!("examples.{id}.checks.{check}.{part}"), facts);
            }
        }
    }
    for metric in &seen.metrics {
        missing.plain(catalogs, &format!("metrics.{metric}.label"));
        for (lang, catalog) in catalogs {
            let unit = lookup(catalog, &format!("metrics.{metric}.unit")).and_then(Value::as_str);
            if !unit.is_some_and(|u| UNITS.contains(&u)) {
                missing.0.push(format!("{lang}: metrics.{metric}.unit is {unit:?}, not one of {UNITS:?}"));
            }
        }
    }
    for name in &seen.series {
        for part in ["title", "x", "y"] {
            missing.plain(catalogs, &format!("series.{name}.{part}"));
        }
    }
    // A refusal's words may also name the parameter: the page passes its label as {param}.
    for (code, args) in &seen.errors {
        let mut given = names(args);
        given.insert("param".into());
        missing.message(catalogs, &format!("errors.{code}"), &given);
    }
    let boundary = boundary_codes();
    for expected in ["threadsNotIsolated", "noWasmThreads", "outOfMemory", "param.invalid"] {
        assert!(boundary.contains(expected), "{expected} is not among the codes found: {boundary:?}");
    }
    for code in boundary {
        // Their args are given outside Rust's types: only that the words exist is checked here.
        let key = format!("errors.{code}");
        let own: BTreeSet<String> = lookup(&catalogs[0].1, &key).map(placeholders).unwrap_or_default();
        missing.message(catalogs, &key, &own);
    }
    missing.message(catalogs, "common.perSecond", &BTreeSet::from(["value".to_string()]));
    missing.0
}

fn catalogs() -> Vec<(&'static str, Value)> {
    LANGUAGES.iter().map(|lang| (*lang, catalog(lang))).collect()
}

#[test]
fn everything_rust_names_by_id_has_words_in_both_catalogs() {
    let missing = missing_words(&catalogs());
    assert!(missing.is_empty(), "missing in the catalogs:\n{}", missing.join("\n"));
}

#[test]
fn a_missing_word_turns_it_red() {
    // One key of each kind taken out of the Thai catalog, one at a time.
    let keys = [
        "examples.pipeline.title",
        "examples.game-server.params.strategy.label",
        "examples.game-server.options.strategy.racy",
        "examples.message-queue.checks.in-order.detail",
        "examples.game-server.brokenOnPurpose.racy",
        "metrics.p99LatencyMs.label",
        "series.queueDepth.title",
        "errors.channelNeedsTwoThreads",
        "errors.threadsNotIsolated",
        "params.threads.description",
    ];
    for key in keys {
        let mut catalogs = catalogs();
        let (parent, last) = key.rsplit_once('.').unwrap();
        let node = parent.split('.').fold(&mut catalogs[1].1, |node, part| &mut node[part]);
        assert!(node.as_object_mut().unwrap().remove(last).is_some(), "{key} is in the Thai catalog");
        let missing = missing_words(&catalogs);
        assert!(missing.iter().any(|line| line == &format!("th: no words for {key}")), "{key}: {missing:?}");
    }
    // A placeholder Rust does not give.
    let mut catalogs = catalogs();
    catalogs[0].1["examples"]["pipeline"]["checks"]["none-twice"]["detail"] =
        json!("{twice} twice, {thrice} thrice");
    let missing = missing_words(&catalogs);
    assert!(missing.iter().any(|line| line.contains("thrice")), "{missing:?}");
}

/// The numbered items of `lib.rs`'s "## Exercises", each as `(example id, text)`: an item reads
/// "N. `<id>`: <text>" over one or more `//!` lines, the text starting in lower case.
fn lib_exercises(lib: &str) -> Vec<(String, String)> {
    let docs: Vec<&str> =
        lib.lines().map_while(|line| line.strip_prefix("//!")).map(|line| line.trim()).collect();
    let start = docs.iter().position(|line| *line == "## Exercises").expect("lib.rs has ## Exercises");
    let mut items: Vec<String> = Vec::new();
    for line in &docs[start + 1..] {
        if line.starts_with('#') {
            break;
        }
        let numbered =
            line.split_once(". ").filter(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        match (numbered, items.last_mut()) {
            (Some((_, rest)), _) => items.push(rest.to_string()),
            (None, Some(item)) if !line.is_empty() => {
                item.push(' ');
                item.push_str(line);
            }
            _ => {}
        }
    }
    items
        .into_iter()
        .map(|item| {
            let (id, text) = item
                .strip_prefix('`')
                .and_then(|rest| rest.split_once("`: "))
                .unwrap_or_else(|| panic!("lib.rs exercise does not start with \"`<id>`: \": {item}"));
            (id.to_string(), text.to_string())
        })
        .collect()
}

fn normalised(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Where `lib.rs`'s exercises and the English catalog's `examples.<id>.exercises` differ: the
/// k-th item of an example in lib.rs is the k-th item of its list, its first letter capitalised.
fn exercise_drift(lib: &str, en: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for (id, text) in lib_exercises(lib) {
        let k = counts.entry(id.clone()).or_default();
        let key = format!("examples.{id}.exercises.{k}");
        let mut chars = text.chars();
        let capitalised: String =
            chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default();
        match lookup(en, &format!("examples.{id}.exercises"))
            .and_then(|list| list.get(*k))
            .and_then(Value::as_str)
        {
            Some(word) if normalised(word) == normalised(&capitalised) => {}
            Some(word) => {
                problems.push(format!("{key} differs:\n  lib.rs:  {capitalised}\n  en.json: {word}"))
            }
            None => problems.push(format!("{key}: in lib.rs, not in en.json")),
        }
        *k += 1;
    }
    for example in examples::all() {
        let id = example.id;
        let listed =
            lookup(en, &format!("examples.{id}.exercises")).and_then(Value::as_array).map_or(0, Vec::len);
        let in_lib = counts.get(id).copied().unwrap_or(0);
        if listed != in_lib {
            problems.push(format!("examples.{id}.exercises: {listed} in en.json, {in_lib} in lib.rs"));
        }
    }
    problems
}

fn lib_rs() -> String {
    let path = format!("{}/src/lib.rs", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn the_exercises_in_lib_rs_are_the_catalogs_exercises() {
    let lib = lib_rs();
    assert_eq!(lib_exercises(&lib).len(), 7, "lib.rs lists seven exercises");
    let problems = exercise_drift(&lib, &catalog("en"));
    assert!(problems.is_empty(), "lib.rs and en.json disagree:\n{}", problems.join("\n"));
}

#[test]
fn an_exercise_changed_on_one_side_turns_it_red() {
    let lib = lib_rs();
    let changed = lib.replacen("Which holds more bytes per", "Which holds fewer bytes per", 1);
    assert_ne!(changed, lib);
    let problems = exercise_drift(&changed, &catalog("en"));
    assert!(
        problems.iter().any(|p| p.starts_with("examples.web-server.exercises.0 differs")),
        "{problems:?}"
    );
    let mut en = catalog("en");
    en["examples"]["sensors"]["exercises"].as_array_mut().unwrap().push(json!("One more."));
    let problems = exercise_drift(&lib, &en);
    assert!(
        problems.iter().any(|p| p.contains("sensors.exercises: 2 in en.json, 1 in lib.rs")),
        "{problems:?}"
    );
}
