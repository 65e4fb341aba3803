//! The sources the page shows: for every registered example, the files it lists are the files
//! in the repository, the chapter's code comes first, and each is short enough to read at once.
#![cfg(not(target_arch = "wasm32"))]

use concurrency_playground::examples;
use concurrency_playground::runtime::contract::Role;
use std::fs;
use std::path::{Path, PathBuf};

/// Longer than this and a file stops being readable in one sitting (see the house style).
const MAX_LINES: usize = 300;

/// The repository's root, which every `SourceFile::path` is relative to.
fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the crate sits in the repository").into()
}

#[test]
fn every_example_shows_its_chapter_code_first() {
    for example in examples::all() {
        let Some(first) = example.sources.first() else { panic!("{} lists no sources", example.id) };
        // The fault example (feature `fault-injection`) is a test fixture: it has no chapter code.
        if example.id != "fault" {
            assert_eq!(first.role, Role::Chapter, "{}: {} is listed first", example.id, first.path);
        }
    }
}

#[test]
fn every_source_shown_is_the_file_in_the_repository() {
    for example in examples::all() {
        for source in example.sources {
            let on_disk = fs::read_to_string(repo_root().join(source.path))
                .unwrap_or_else(|e| panic!("{}: {}: {e}", example.id, source.path));
            assert!(
                on_disk == source.code,
                "{}: {} differs from the compiled-in code",
                example.id,
                source.path
            );
        }
    }
}

#[test]
fn no_source_file_is_too_long_to_read() {
    for source in examples::all().iter().flat_map(|e| e.sources) {
        let lines = source.code.lines().count();
        assert!(lines <= MAX_LINES, "{} has {lines} lines; keep it to {MAX_LINES}", source.path);
    }
}

/// An example in a folder lists every file of it, so no code that ran is hidden from the page.
#[test]
fn every_file_of_an_example_folder_is_shown() {
    for example in examples::all() {
        let listed: Vec<&str> = example.sources.iter().map(|s| s.path).collect();
        let Some(folder) = listed.iter().find_map(|p| p.strip_suffix("/mod.rs")) else { continue };
        for file in rust_files(&repo_root().join(folder)) {
            let path = file.strip_prefix(repo_root()).unwrap().to_str().unwrap().replace('\\', "/");
            assert!(listed.contains(&path.as_str()), "{}: {path} is not in its sources", example.id);
        }
    }
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|x| x == "rs") {
            files.push(path);
        }
    }
    files
}
