//! Shared by the template, convert and corpus tests: comparing templates as CloudFormation reads
//! them, written apart from the library's own check so that one does not vouch for the other.

use serde_json::Value;

/// `Err(path: why)` at the first place where `a` and `b` differ as CloudFormation reads them:
/// mappings as sets of keys, lists item by item, a string equal to a number or boolean with the
/// same text (`"1.0"` = `1.0`, `"true"` = `true`), numbers (and numeric strings) by value, and
/// `{"Fn::GetAtt": "A.B"}` = `{"Fn::GetAtt": ["A", "B"]}`.
pub fn same_data(a: &Value, b: &Value) -> Result<(), String> {
    compare(a, b, "")
}

fn compare(a: &Value, b: &Value, path: &str) -> Result<(), String> {
    let differ = || Err(format!("{path}: {a} ≠ {b}"));
    match (get_att_list(a), get_att_list(b)) {
        (Value::Array(x), Value::Array(y)) => {
            if x.len() != y.len() {
                return Err(format!("{path}: {} items ≠ {} items", x.len(), y.len()));
            }
            x.iter()
                .zip(&y)
                .enumerate()
                .try_for_each(|(i, (x, y))| compare(x, y, &format!("{path}/{i}")))
        }
        (Value::Object(x), Value::Object(y)) => {
            let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
            keys.sort();
            keys.dedup();
            keys.into_iter().try_for_each(|key| {
                let at = format!("{path}/{key}");
                match (x.get(key), y.get(key)) {
                    (Some(x), Some(y)) => compare(x, y, &at),
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
