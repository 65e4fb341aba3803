//! Parameter checking at the boundary: every kind of bad input is refused with a message that
//! names the parameter and what it accepts, and no input, however odd, makes it panic.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::*;
use concurrency_playground::examples;
use concurrency_playground::params::{resolve, Accepted, Options, Raw, RawParams};
use proptest::prelude::*;
use serde_json::json;

fn rejection(id: &str, params: serde_json::Value) -> String {
    refusal(id, params).message
}

#[test]
fn each_kind_of_bad_value_names_the_parameter_and_its_range() {
    let cases = [
        (json!({ "items": 0 }), "`items`", "from 1 to"),
        (json!({ "items": -5 }), "`items`", "got -5"),
        (json!({ "items": 2.5 }), "`items`", "got 2.5"),
        (json!({ "items": 1e300 }), "`items`", "got 1e300"),
        (json!({ "items": "lots" }), "`items`", "got \"lots\""),
        (json!({ "items": true }), "`items`", "got true"),
        (json!({ "items": [1, 2] }), "`items`", "got an array"),
        (json!({ "items": { "n": 1 } }), "`items`", "got an object"),
        (json!({ "chunk": 0 }), "`chunk`", "from 1 to"),
        (json!({ "threads": 0 }), "`threads`", "from 1 to 4"),
        (json!({ "threads": 5 }), "`threads`", "from 1 to 4"),
        (json!({ "itmes": 5 }), "`itmes`", "accepted names are items"),
        (json!({ "items": 50_000_000, "chunk": 1 }), "`items`", "more than the"),
    ];
    for (params, name, range) in cases {
        let message = rejection("pipeline", params.clone());
        assert!(message.contains(name) && message.contains(range), "{params}: {message}");
    }
}

#[test]
fn nan_and_infinity_are_refused() {
    let specs = runtime().specs(example("pipeline"));
    for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let raw = RawParams([("items".to_string(), Raw::Number(bad))].into());
        let e = resolve(&specs, &raw).unwrap_err();
        assert!(e.message.contains("`items`"), "{}", e.message);
    }
}

#[test]
fn null_means_the_default_and_a_good_run_follows_a_bad_one() {
    rejection("pipeline", json!({ "items": "x" }));
    let r = run_ok("pipeline", json!({ "items": null, "work": 1 }));
    assert_eq!(metric(&r, "items"), 1_000_000.0);
}

#[test]
fn unknown_example_lists_the_known_ones() {
    let Err(e) = examples::find("no-such-example") else { panic!("found an example no-such-example") };
    assert!(e.to_string().contains("\"no-such-example\"") && e.to_string().contains("pipeline"), "{e}");
}

#[test]
fn a_refusal_carries_the_parameter_and_what_it_accepts_as_data() {
    let e = refusal("pipeline", json!({ "items": 0 }));
    assert_eq!(e.param, "items");
    assert_eq!(e.accepted, Some(Accepted::Range { min: 1, max: 50_000_000 }));
    assert_eq!(e.code, "param.range");
    assert_eq!((e.args["min"].to_string(), e.args["max"].to_string()), ("1".into(), "50000000".into()));
    let e = refusal("game-server", json!({ "strategy": "spinlock" }));
    assert_eq!(e.param, "strategy");
    assert_eq!(
        e.accepted,
        Some(Accepted::OneOf {
            options: &["mutex", "rwlock", "sharded", "actor", "racy", "deadlock", "ordered"]
        })
    );
    // A conflict between two parameters has no single range to give.
    let e = refusal("message-queue", json!({ "channel": "bounded", "threads": 1 }));
    assert_eq!((e.param.as_str(), e.accepted), ("channel", None));
    assert_eq!(e.code, "channelNeedsTwoThreads");
    assert_eq!(e.args["channel"].to_string(), "bounded");
    // Every refusal has a stable code for the catalogs' words.
    assert_eq!(refusal("game-server", json!({ "strategy": "spinlock" })).code, "param.options");
    assert_eq!(refusal("pipeline", json!({ "itmes": 5 })).code, "param.unknown");
    assert_eq!(refusal("pipeline", json!({ "items": 50_000_000, "chunk": 1 })).code, "tooMuchMemory");
    assert_eq!(refusal("sensors", json!({ "periodMs": 600, "durationMs": 500 })).code, "periodLongerThanRun");
    let e = refusal("sensors", json!({ "sensors": 64, "durationMs": 60_000, "threads": 2 }));
    assert_eq!(e.code, "runTooLong");
}

#[test]
fn every_choice_parses_to_its_own_variant_and_back() {
    use concurrency_playground::examples::{
        game_server::Strategy, message_queue::Channel, web_server::Model,
    };
    fn round_trip<T: Options + std::fmt::Debug>() {
        assert_eq!(T::NAMES.len(), T::ALL.len());
        for (name, variant) in T::NAMES.iter().zip(T::ALL) {
            assert_eq!(T::parse(name), Some(*variant));
            assert_eq!(variant.name(), *name);
        }
        assert_eq!(T::parse("no such option"), None);
    }
    round_trip::<Strategy>();
    round_trip::<Channel>();
    round_trip::<Model>();
}

/// Any JSON value at all: nested, mistyped, huge, empty.
fn any_json() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<f64>().prop_filter("JSON has no NaN", |f| f.is_finite()).prop_map(serde_json::Value::from),
        (0u64..100_000_000).prop_map(serde_json::Value::from),
        "[a-z]{0,8}".prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(2, 8, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(serde_json::Value::from),
            prop::collection::btree_map("[a-z]{1,6}", inner, 0..3)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

fn param_name() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("items".to_string()),
        Just("chunk".to_string()),
        Just("work".to_string()),
        Just("threads".to_string()),
        "[a-zA-Z]{1,8}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Random objects of random values never panic: they validate, or the error names a parameter.
    #[test]
    fn random_params_validate_or_name_the_culprit(
        pairs in prop::collection::vec((param_name(), any_json()), 0..5),
        which in 0usize..16,
    ) {
        let all = examples::all();
        let example = all[which % all.len()];
        let object: serde_json::Map<String, serde_json::Value> = pairs.into_iter().collect();
        let raw: RawParams = serde_json::from_value(serde_json::Value::Object(object)).unwrap();
        match runtime().validate(example, &raw) {
            Ok(resolved) => {
                for spec in runtime().specs(example) {
                    prop_assert!(resolved.values().contains_key(spec.name));
                }
            }
            Err(e) => {
                prop_assert!(e.message.starts_with(&format!("parameter `{}`", e.param)), "{}", e.message);
            }
        }
    }

    /// Whatever is not an object is refused as a whole, without a panic.
    #[test]
    fn non_objects_are_refused(value in any_json()) {
        let parsed: Result<RawParams, _> = serde_json::from_value(value.clone());
        match value {
            serde_json::Value::Object(_) | serde_json::Value::Null => prop_assert!(parsed.is_ok()),
            _ => prop_assert!(parsed.is_err()),
        }
    }
}

#[test]
fn workloads_beyond_the_wasm_memory_are_refused_before_they_start() {
    // Estimates above 4 GiB: they must not wrap around on wasm32, where usize has 32 bits.
    let huge = [
        ("message-queue", json!({ "producers": 64, "messages": 1_000_000 }), "`messages`"),
        ("pipeline", json!({ "items": 50_000_000, "chunk": 1 }), "`items`"),
        ("game-server", json!({ "players": 1024, "actions": 1_000_000, "strategy": "actor" }), "`actions`"),
    ];
    for (id, params, name) in huge {
        let message = rejection(id, params);
        assert!(message.contains(name) && message.contains("memory"), "{id}: {message}");
    }
}
