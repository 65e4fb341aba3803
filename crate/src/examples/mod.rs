//! The registry: the one place that lists the chapter's examples.
//!
//! Every example is one module with one `pub const EXAMPLE: Example` (the contract is in
//! [`crate::runtime::contract`]), which declares its parameters, its source files and its `run`
//! function. Adding an example means adding a module and a line in [`all`]; the page, the JS
//! API and the tests pick it up from here.
//!
//! A chapter example is a folder. The concurrent code the chapter talks about (threads, `Arc`,
//! `Mutex`, channels) has a file of its own, named for what it holds (`game_server/strategies.rs`,
//! `message_queue/channels.rs`, …), which `sources` lists first. `mod.rs` is the harness: the
//! `EXAMPLE`, parameters, cross-checks, memory estimate, and the `run` that sets up, calls the
//! chapter's code and checks its results. `tests/sources.rs` keeps every file listed, in that
//! order, and short enough to read in one sitting.

#[cfg(feature = "fault-injection")]
pub mod fault;
pub mod game_server;
pub mod message_queue;
pub mod pipeline;
pub mod sensors;
pub mod web_server;

use crate::runtime::Example;
use std::fmt;

/// Every example, in the order the page lists them.
pub fn all() -> &'static [&'static Example] {
    &[
        &web_server::EXAMPLE,
        &game_server::EXAMPLE,
        &pipeline::EXAMPLE,
        &message_queue::EXAMPLE,
        &sensors::EXAMPLE,
        #[cfg(feature = "fault-injection")]
        &fault::EXAMPLE,
    ]
}

/// The example with this id.
///
/// # Errors
/// [`UnknownExample`], which names the examples there are.
pub fn find(id: &str) -> Result<&'static Example, UnknownExample> {
    all().iter().copied().find(|e| e.id == id).ok_or_else(|| UnknownExample(id.to_string()))
}

/// An id that no example has.
#[derive(Debug, Clone, PartialEq)]
pub struct UnknownExample(pub String);

impl UnknownExample {
    /// Its code in the catalogs: `errors.unknownExample`.
    pub const CODE: &'static str = "unknownExample";

    /// `{id}` and `{examples}` (the ids there are) for the catalog's words.
    pub fn args(&self) -> crate::runtime::Facts {
        let ids: Vec<&str> = all().iter().map(|e| e.id).collect();
        crate::runtime::contract::facts([("id", self.0.as_str().into()), ("examples", ids.join(", ").into())])
    }
}

impl fmt::Display for UnknownExample {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ids: Vec<&str> = all().iter().map(|e| e.id).collect();
        write!(f, "unknown example \"{}\"; the examples are {}", self.0, ids.join(", "))
    }
}
