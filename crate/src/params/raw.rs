//! Input as it arrives, before any checking: a JS object through serde-wasm-bindgen, or JSON in
//! native tests. Anything deserializes, so that a wrong type becomes a message naming the
//! parameter (see `resolve`) instead of a generic decoding error.

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;

/// A value as it arrived, before checking. Anything deserializes into it, so a wrong type becomes
/// a message naming the parameter instead of a generic decoding error.
#[derive(Debug, Clone, PartialEq)]
pub enum Raw {
    Missing,
    Bool(bool),
    Number(f64),
    Text(String),
    Other(&'static str),
}

impl fmt::Display for Raw {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Raw::Missing => f.write_str("nothing"),
            Raw::Bool(b) => write!(f, "{b}"),
            Raw::Number(x) if x.is_nan() => f.write_str("NaN"),
            // 1e300 written out is 301 digits: a message must stay one readable line.
            Raw::Number(x) if x.abs() >= 1e15 => write!(f, "{x:e}"),
            Raw::Number(x) => write!(f, "{x}"),
            Raw::Text(s) => write!(f, "\"{}\"", s.chars().take(40).collect::<String>()),
            Raw::Other(what) => f.write_str(what),
        }
    }
}

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(RawVisitor)
    }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = Raw;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Raw, E> {
        Ok(Raw::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Raw, E> {
        Ok(Raw::Number(v as f64))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Raw, E> {
        Ok(Raw::Number(v as f64))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Raw, E> {
        Ok(Raw::Number(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Raw, E> {
        Ok(Raw::Text(v.to_string()))
    }
    fn visit_unit<E>(self) -> Result<Raw, E> {
        Ok(Raw::Missing)
    }
    fn visit_none<E>(self) -> Result<Raw, E> {
        Ok(Raw::Missing)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Raw, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Raw, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Raw::Other("an array"))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Raw, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Raw::Other("an object"))
    }
}

/// The whole parameter object as it arrived. `null`/`undefined` mean "all defaults"; anything
/// that is not an object is an error the caller reports as such.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawParams(pub BTreeMap<String, Raw>);

impl<'de> Deserialize<'de> for RawParams {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawParams;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of parameters")
            }
            fn visit_unit<E>(self) -> Result<RawParams, E> {
                Ok(RawParams::default())
            }
            fn visit_none<E>(self) -> Result<RawParams, E> {
                Ok(RawParams::default())
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawParams, A::Error> {
                let mut out = BTreeMap::new();
                while let Some((k, v)) = map.next_entry::<String, Raw>()? {
                    out.insert(k, v);
                }
                Ok(RawParams(out))
            }
        }
        d.deserialize_any(V)
            .map_err(|e| de::Error::custom(format!("params must be an object of named values ({e})")))
    }
}
