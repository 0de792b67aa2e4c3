//! The constraints of one registry schema node (`enum`, `pattern`, length, range and item
//! bounds, `uniqueItems`, a map's key pattern), each recorded with the registry as its source.

use serde_json::{Map, Value};

use super::Reader;
use crate::error::Result;
use crate::model::{Constraint, ConstraintKind, Constraints, Source};

impl Reader<'_> {
    pub(super) fn constraints(&self, node: &Map<String, Value>, at: &str) -> Result<Constraints> {
        let uint = |key: &str| -> Result<Option<u64>> {
            node.get(key)
                .map(|v| {
                    v.as_u64().ok_or_else(|| {
                        self.err(&format!("{at}/{key}"), "expected a non-negative integer")
                    })
                })
                .transpose()
        };
        let num = |key: &str| -> Result<Option<f64>> {
            node.get(key)
                .map(|v| {
                    v.as_f64()
                        .ok_or_else(|| self.err(&format!("{at}/{key}"), "expected a number"))
                })
                .transpose()
        };
        let mut out = Vec::new();
        let mut push = |kind| {
            out.push(Constraint {
                kind,
                source: Source::Registry,
                shape: None,
            })
        };
        match node.get("enum") {
            None => {}
            Some(Value::Array(values)) => push(ConstraintKind::AllowedValues(
                values
                    .iter()
                    .map(|v| match v {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    })
                    .collect(),
            )),
            Some(_) => return Err(self.err(&format!("{at}/enum"), "expected an array")),
        }
        if let Some(pattern) = node.get("pattern").and_then(Value::as_str) {
            push(ConstraintKind::Pattern(pattern.to_owned()));
        }
        // Bounds the other way round are an error, not a warning: the generated validator
        // would reject every value, and the docs would state an impossible range.
        let bounds = |(lo, hi): (&str, &str), min: Option<f64>, max: Option<f64>| match (min, max) {
            (Some(a), Some(b)) if a > b => Err(self.err(
                &format!("{at}/{lo}"),
                format!("`{lo}` {a} is greater than `{hi}` {b}: no value could be valid"),
            )),
            _ => Ok(()),
        };
        let as_f64 = |v: Option<u64>| v.map(|v| v as f64);
        let (min, max) = (uint("minLength")?, uint("maxLength")?);
        bounds(("minLength", "maxLength"), as_f64(min), as_f64(max))?;
        if min.is_some() || max.is_some() {
            push(ConstraintKind::Length { min, max });
        }
        let (min, max) = (num("minimum")?, num("maximum")?);
        bounds(("minimum", "maximum"), min, max)?;
        if min.is_some() || max.is_some() {
            push(ConstraintKind::Range { min, max });
        }
        let (min, max) = (uint("minItems")?, uint("maxItems")?);
        bounds(("minItems", "maxItems"), as_f64(min), as_f64(max))?;
        if min.is_some() || max.is_some() {
            push(ConstraintKind::Items { min, max });
        }
        if node.get("uniqueItems").and_then(Value::as_bool) == Some(true) {
            push(ConstraintKind::UniqueItems);
        }
        if let Some(pp) = node.get("patternProperties").and_then(Value::as_object)
            && pp.len() == 1
            && let Some(key) = pp.keys().next()
        {
            push(ConstraintKind::KeyPattern(key.clone()));
        }
        Ok(Constraints(out))
    }
}
