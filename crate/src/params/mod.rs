//! Parameters: what each example declares it accepts, and the one place raw input is checked.
//!
//! Input arrives as loosely typed values (a JS object, or JSON in native tests). It is checked
//! here against the example's declared specs before any thread starts, so every error can name
//! the parameter and its accepted range, and a bad value never reaches an example.

mod raw;

use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

pub use raw::{Raw, RawParams};

use crate::runtime::contract::{facts, Facts};

/// What one parameter accepts.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    /// A whole number in `min..=max`.
    Int { default: u64, min: u64, max: u64 },
    /// One of a fixed list of names.
    Choice { default: &'static str, options: &'static [&'static str] },
}

/// One declared parameter of an example.
#[derive(Debug, Clone, Copy)]
pub struct ParamSpec {
    /// The name on the JS side (camelCase, like every JS name), and the id of its words in the
    /// catalogs (`examples.<example>.params.<name>`, `params.threads`).
    pub name: &'static str,
    pub kind: Kind,
}

impl ParamSpec {
    pub const fn int(name: &'static str, default: u64, min: u64, max: u64) -> Self {
        ParamSpec { name, kind: Kind::Int { default, min, max } }
    }

    pub const fn choice(name: &'static str, default: &'static str, options: &'static [&'static str]) -> Self {
        ParamSpec { name, kind: Kind::Choice { default, options } }
    }

    /// What the parameter accepts, as data (the page words it in the reader's language).
    pub fn accepted(&self) -> Accepted {
        match self.kind {
            Kind::Int { min, max, .. } => Accepted::Range { min, max },
            Kind::Choice { options, .. } => Accepted::OneOf { options },
        }
    }

    fn default_value(&self) -> Value {
        match self.kind {
            Kind::Int { default, .. } => Value::Int(default),
            Kind::Choice { default, .. } => Value::Choice(default),
        }
    }

    fn resolve(&self, raw: &Raw) -> Result<Value, ParamError> {
        let accepted = self.accepted();
        let wrong = || {
            let (code, args) = match accepted {
                Accepted::Range { min, max } => {
                    ("param.range", facts([("min", min.into()), ("max", max.into())]))
                }
                Accepted::OneOf { options } => {
                    ("param.options", facts([("options", options.join(", ").into())]))
                }
            };
            ParamError::new(self.name, code, args, format!("must be {accepted}; got {raw}"))
                .accepting(accepted)
        };
        match (self.kind, raw) {
            (Kind::Int { min, max, .. }, Raw::Number(x)) => {
                let in_range = x.is_finite() && x.fract() == 0.0 && *x >= min as f64 && *x <= max as f64;
                if in_range {
                    Ok(Value::Int(*x as u64))
                } else {
                    Err(wrong())
                }
            }
            (Kind::Choice { options, .. }, Raw::Text(s)) => {
                options.iter().find(|o| **o == s.as_str()).map(|o| Value::Choice(o)).ok_or_else(wrong)
            }
            _ => Err(wrong()),
        }
    }
}

/// A checked parameter value.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Value {
    Int(u64),
    Choice(&'static str),
}

/// An example's parameters after checking: every declared name present, every value in range.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(transparent)]
pub struct Resolved(BTreeMap<&'static str, Value>);

impl Resolved {
    /// An integer parameter. Panics only on a programming error (a name the example did not declare).
    pub fn int(&self, name: &str) -> u64 {
        match self.0.get(name) {
            Some(Value::Int(v)) => *v,
            other => panic!("parameter {name} is not a declared integer: {other:?}"),
        }
    }

    pub fn usize(&self, name: &str) -> usize {
        self.int(name) as usize
    }

    /// A choice parameter as its enum, so examples `match` it exhaustively. Panics only on a
    /// programming error, like [`Resolved::int`]: a name not declared as a choice of `T`'s
    /// options.
    pub fn choice<T: Options>(&self, name: &str) -> T {
        match self.0.get(name) {
            Some(Value::Choice(v)) => {
                T::parse(v).unwrap_or_else(|| panic!("{v:?} is not an option of {name}"))
            }
            other => panic!("parameter {name} is not a declared choice: {other:?}"),
        }
    }

    pub fn values(&self) -> &BTreeMap<&'static str, Value> {
        &self.0
    }
}

/// The options of a choice parameter as an enum. Declare it with [`options!`](crate::options),
/// which writes the names and the variants from one list, so they cannot disagree.
pub trait Options: Copy + PartialEq + 'static {
    /// The names the page and the JS API use, in the order the variants are declared.
    const NAMES: &'static [&'static str];
    const ALL: &'static [Self];

    fn parse(name: &str) -> Option<Self> {
        Self::NAMES.iter().position(|n| *n == name).map(|i| Self::ALL[i])
    }

    fn name(self) -> &'static str {
        Self::NAMES[Self::ALL.iter().position(|v| *v == self).expect("every variant is in ALL")]
    }
}

/// Declares a choice parameter's options: `options! { pub enum Channel { Unbounded = "unbounded", … } }`.
#[macro_export]
macro_rules! options {
    ($(#[$meta:meta])* $vis:vis enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        $vis enum $name { $($(#[$vmeta])* $variant),+ }
        impl $crate::params::Options for $name {
            const NAMES: &'static [&'static str] = &[$($text),+];
            const ALL: &'static [Self] = &[$($name::$variant),+];
        }
    };
}

/// What a parameter accepts. Crosses to JS as `error.accepted`: `{ min, max }` or `{ options }`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Accepted {
    Range { min: u64, max: u64 },
    OneOf { options: &'static [&'static str] },
}

impl fmt::Display for Accepted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Accepted::Range { min, max } => write!(f, "an integer from {min} to {max}"),
            Accepted::OneOf { options } => {
                let quoted: Vec<String> = options.iter().map(|o| format!("\"{o}\"")).collect();
                write!(f, "one of {}", quoted.join(", "))
            }
        }
    }
}

/// A rejected parameter: which one, and why: as a stable `code` with its `args` (the catalogs'
/// `errors.<code>` words them in the reader's language), and as an English sentence for API
/// users.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamError {
    pub param: String,
    /// `param.range`, `param.options`, `param.unknown`, or an example's rule between parameters.
    pub code: &'static str,
    /// The figures the code's words show (`{min}`, `{max}`, …), besides `param`.
    pub args: Facts,
    pub message: String,
    /// What the parameter accepts, where one range says it (not for a conflict between two
    /// parameters, nor an unknown name).
    pub accepted: Option<Accepted>,
}

impl ParamError {
    pub fn new(param: &str, code: &'static str, args: Facts, reason: impl Into<String>) -> Self {
        let message = format!("parameter `{param}` {}", reason.into());
        ParamError { param: param.to_string(), code, args, message, accepted: None }
    }

    pub fn accepting(mut self, accepted: Accepted) -> Self {
        self.accepted = Some(accepted);
        self
    }
}

impl fmt::Display for ParamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Checks raw input against `specs`: unknown names, wrong types and out-of-range values are
/// errors; missing names take their defaults.
///
/// # Errors
/// A [`ParamError`] naming the first offending parameter and what it accepts.
pub fn resolve(specs: &[ParamSpec], raw: &RawParams) -> Result<Resolved, ParamError> {
    if let Some(unknown) = raw.0.keys().find(|k| !specs.iter().any(|s| s.name == k.as_str())) {
        let names: Vec<&str> = specs.iter().map(|s| s.name).collect();
        let args = facts([("names", names.join(", ").into())]);
        let reason = format!("is unknown; accepted names are {}", names.join(", "));
        return Err(ParamError::new(unknown, "param.unknown", args, reason));
    }
    let mut out = BTreeMap::new();
    for spec in specs {
        let value = match raw.0.get(spec.name) {
            None | Some(Raw::Missing) => spec.default_value(),
            Some(raw) => spec.resolve(raw)?,
        };
        out.insert(spec.name, value);
    }
    Ok(Resolved(out))
}

/// Serializable description of a spec, as `playground.examples` shows it:
/// `{ default, min, max }` for integers, `{ default, options }` for choices (the JS API adds
/// the English `description` from the catalog).
#[derive(Serialize)]
pub struct SpecInfo {
    pub default: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub options: Option<&'static [&'static str]>,
}

impl From<&ParamSpec> for SpecInfo {
    fn from(s: &ParamSpec) -> Self {
        let (min, max, options) = match s.kind {
            Kind::Int { min, max, .. } => (Some(min), Some(max), None),
            Kind::Choice { options, .. } => (None, None, Some(options)),
        };
        SpecInfo { default: s.default_value(), min, max, options }
    }
}
