//! Shared by the template, convert and corpus tests: comparing templates as CloudFormation reads
//! them, written apart from the library's own check so that one does not vouch for the other.

use serde_json::Value;

/// `Err(path: why)` at the first place where `a` and `b` differ as CloudFormation reads them:
/// mappings as sets of keys, lists item by item, a string equal to a number or boolean with the
/// same text (`"1.0"` = `1.0`, `"true"` = `true`), numbers (and numeric strings) by value, and
/// `{"Fn::GetAtt": "A.B"}` = `{"Fn::GetAtt": ["A", "B"]}`.
#[allow(dead_code)] // Not every test file that includes this module uses it.
pub fn same_data(a: &Value, b: &Value) -> Result<(), String> {
    compare(a, b, "", same_scalar)
}

/// Like [`same_data`], but scalars must be the same JSON data, as Python's `json` reads it (what
/// cfn-flip writes): a string is not a number, an integer is not a float (`10` ≠ `10.0`), values
/// equal. Only `Fn::GetAtt`'s two forms are taken as the same.
#[allow(dead_code)] // Not every test file that includes this module uses it.
pub fn same_json(a: &Value, b: &Value) -> Result<(), String> {
    compare(a, b, "", |a, b| a == b)
}

fn compare(
    a: &Value,
    b: &Value,
    path: &str,
    same_scalar: fn(&Value, &Value) -> bool,
) -> Result<(), String> {
    let differ = || Err(format!("{path}: {a} ≠ {b}"));
    match (get_att_list(a), get_att_list(b)) {
        (Value::Array(x), Value::Array(y)) => {
            if x.len() != y.len() {
                return Err(format!("{path}: {} items ≠ {} items", x.len(), y.len()));
            }
            x.iter()
                .zip(&y)
                .enumerate()
                .try_for_each(|(i, (x, y))| compare(x, y, &format!("{path}/{i}"), same_scalar))
        }
        (Value::Object(x), Value::Object(y)) => {
            let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
            keys.sort();
            keys.dedup();
            keys.into_iter().try_for_each(|key| {
                let at = format!("{path}/{key}");
                match (x.get(key), y.get(key)) {
                    (Some(x), Some(y)) => compare(x, y, &at, same_scalar),
                    (Some(_), None) => Err(format!("{at}: only in the first")),
                    _ => Err(format!("{at}: only in the second")),
                }
            })
        }
        (x, y) if same_scalar(&x, &y) => Ok(()),
        _ => differ(),
    }
}

fn get_att_list(value: &Value) -> Value {
    let path = match value.as_object() {
        Some(object) if object.len() == 1 => object.get("Fn::GetAtt").and_then(Value::as_str),
        _ => None,
    };
    match path.and_then(|path| path.split_once('.')) {
        Some((resource, attribute)) => serde_json::json!({"Fn::GetAtt": [resource, attribute]}),
        None => value.clone(),
    }
}

fn same_scalar(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Null, Value::Null) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Bool(x), Value::String(s)) | (Value::String(s), Value::Bool(x)) => matches!(
            (x, s.as_str()),
            (true, "true" | "True") | (false, "false" | "False")
        ),
        (Value::String(x), Value::String(y)) => x == y,
        (Value::Number(_) | Value::String(_), Value::Number(_) | Value::String(_)) => {
            let text = |v: &Value| match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let (x, y) = (text(a), text(b));
            x == y || matches!((x.parse::<f64>(), y.parse::<f64>()), (Ok(x), Ok(y)) if x == y)
        }
        _ => false,
    }
}
