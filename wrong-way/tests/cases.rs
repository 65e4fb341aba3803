// Every fixed twin compiles (as a module of this test) and runs to its own asserts; and the case
// list is complete: each case in cases.json has both files, a [[bin]] for its broken program, a
// fixed twin here, an exercise in crate/src/lib.rs and its words (title, why, fix) in both of the
// site's catalogs (www/i18n/*.json), and every example has at least two cases.
// That each broken program fails with its declared error is checked by tools/wrong-way.mjs, in
// `./build.sh build`.
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// `fixed!(module, "example", "case")`: the case's fixed.rs as a module, its `main` run by a test.
macro_rules! fixed {
    ($($module:ident: $example:literal / $case:literal;)*) => {
        $(
            mod $module {
                include!(concat!("../cases/", $example, "/", $case, "/fixed.rs"));
                #[test]
                fn fixed_twin_runs() {
                    main();
                }
            }
        )*
        /// The cases that have a fixed twin run above.
        const FIXED: &[(&str, &str)] = &[$(($example, $case)),*];
    };
}

fixed! {
    web_server_receiver_per_worker: "web-server" / "receiver-per-worker";
    web_server_guard_across_await: "web-server" / "guard-across-await";
    game_server_rc_refcell: "game-server" / "rc-refcell";
    game_server_arc_refcell: "game-server" / "arc-refcell";
    game_server_arc_without_lock: "game-server" / "arc-without-lock";
    pipeline_counter_in_map: "pipeline" / "counter-in-map";
    pipeline_push_in_for_each: "pipeline" / "push-in-for-each";
    message_queue_rc_through_channel: "message-queue" / "rc-through-channel";
    message_queue_sender_moved_once: "message-queue" / "sender-moved-once";
    sensors_borrowed_vec: "sensors" / "borrowed-vec";
    sensors_arc_moved_away: "sensors" / "arc-moved-away";
}

const EXAMPLES: &[&str] = &["web-server", "game-server", "pipeline", "message-queue", "sensors"];
const RULES: &[&str] = &["Send", "Sync", "borrowing", "ownership"];

fn read(path: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The site's catalogs, English first: each holds a case's words under `wrongWay.cases`.
const CATALOGS: &[&str] = &["../www/i18n/en.json", "../www/i18n/th.json"];

#[test]
fn case_list_is_complete() {
    let data: serde_json::Value = serde_json::from_str(&read("cases.json")).unwrap();
    let catalogs: Vec<serde_json::Value> =
        CATALOGS.iter().map(|path| serde_json::from_str(&read(path)).unwrap()).collect();
    let manifest = read("Cargo.toml");
    let chapter = read("../crate/src/lib.rs");
    let mut listed = BTreeSet::new();
    let mut per_example: BTreeMap<&str, usize> = BTreeMap::new();
    for case in data["cases"].as_array().unwrap() {
        let text = |key: &str| case[key].as_str().unwrap_or_else(|| panic!("{case}: no `{key}`")).to_owned();
        let (example, name) = (text("example"), text("case"));
        assert!(EXAMPLES.contains(&example.as_str()), "{example}/{name}: not an example");
        assert!(RULES.contains(&text("rule").as_str()), "{example}/{name}: rule must be one of {RULES:?}");
        let code_ok = match &case["code"] {
            serde_json::Value::String(code) => code.len() == 5 && code.starts_with('E'),
            serde_json::Value::Null => case["message"].is_string(),
            _ => false,
        };
        assert!(code_ok, "{example}/{name}: `code` is an error code like E0277, or null with a `message`");
        for (path, catalog) in CATALOGS.iter().zip(&catalogs) {
            let words = &catalog["wrongWay"]["cases"][&example][&name];
            for key in ["title", "why", "fix"] {
                let text = words[key].as_str().unwrap_or("");
                assert!(!text.trim().is_empty(), "{path}: no wrongWay.cases.{example}.{name}.{key}");
            }
            assert!(
                catalog["wrongWay"]["rules"][text("rule")].is_string(),
                "{path}: no wrongWay.rules entry for {example}/{name}"
            );
        }
        let why = catalogs[0]["wrongWay"]["cases"][&example][&name]["why"].as_str().unwrap();
        assert_eq!(why.matches(". ").count() + 1, 2, "{example}/{name}: its English `why` is two sentences");
        let dir = format!("cases/{example}/{name}");
        let (broken, fixed) = (read(&format!("{dir}/broken.rs")), read(&format!("{dir}/fixed.rs")));
        assert_ne!(broken, fixed, "{dir}: the two programs differ");
        let bin = format!(
            "[[bin]]\nname = \"{example}--{name}\"\npath = \"{dir}/broken.rs\"\nrequired-features = [\"broken\"]\n"
        );
        assert!(manifest.contains(&bin), "Cargo.toml has no [[bin]] for {dir}/broken.rs:\n{bin}");
        assert!(
            chapter.contains(&format!("//! - `{example}--{name}` (")),
            "crate/src/lib.rs's exercises have none for {example}--{name}"
        );
        assert!(listed.insert((example.clone(), name.clone())), "{dir} is listed twice");
        *per_example.entry(EXAMPLES.iter().find(|e| **e == example).unwrap()).or_default() += 1;
    }
    for example in EXAMPLES {
        let n = per_example.get(example).copied().unwrap_or(0);
        assert!(n >= 2, "{example} has {n} wrong-way cases; at least two");
    }
    let fixed: BTreeSet<_> = FIXED.iter().map(|(e, c)| (e.to_string(), c.to_string())).collect();
    assert_eq!(fixed, listed, "every case in cases.json, and only those, has its fixed twin run here");
    assert_eq!(manifest.matches("\n[[bin]]\n").count(), listed.len(), "one [[bin]] per case");
}
