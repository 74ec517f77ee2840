//! `--output yaml`: JSON values written as block-style YAML.
//!
//! Strings are quoted whenever YAML would read them as something else (`true`, `012`, `null`,
//! a leading `*` or `-`, a `: ` inside), so the output reads back to the same data.

use serde_json::Value;

/// Renders a value as a YAML document (no leading `---`).
pub fn render(value: &Value) -> String {
    let mut out = String::new();
    match value {
        Value::Object(map) if !map.is_empty() => write_map(map, 0, &mut out),
        Value::Array(items) if !items.is_empty() => write_seq(items, 0, &mut out),
        scalar => {
            out.push_str(&scalar_text(scalar));
            out.push('\n');
        }
    }
    out
}

/// Renders a list of values as a stream of YAML documents.
pub fn render_documents(values: &[Value]) -> String {
    values.iter().map(|v| format!("---\n{}", render(v))).collect()
}

fn indent(level: usize, out: &mut String) {
    for _ in 0..level {
        out.push_str("  ");
    }
}

fn write_map(map: &serde_json::Map<String, Value>, level: usize, out: &mut String) {
    for (key, value) in map {
        indent(level, out);
        out.push_str(&string_text(key));
        out.push(':');
        write_child(value, level, out);
    }
}

fn write_seq(items: &[Value], level: usize, out: &mut String) {
    for item in items {
        indent(level, out);
        out.push('-');
        match item {
            Value::Object(map) if !map.is_empty() => {
                // The first key sits on the dash's line, the rest line up under it.
                let mut nested = String::new();
                write_map(map, level + 1, &mut nested);
                out.push(' ');
                out.push_str(nested.trim_start());
            }
            _ => write_child(item, level, out),
        }
    }
}

fn write_child(value: &Value, level: usize, out: &mut String) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            out.push('\n');
            write_map(map, level + 1, out);
        }
        Value::Array(items) if !items.is_empty() => {
            out.push('\n');
            write_seq(items, level + 1, out);
        }
        Value::String(s) if s.contains('\n') && !s.contains('\r') && !s.starts_with([' ', '\t']) => {
            // Literal block scalars keep multi-line text (API definitions) readable.
            out.push_str(if s.ends_with('\n') { " |\n" } else { " |-\n" });
            for line in s.trim_end_matches('\n').split('\n') {
                if !line.is_empty() {
                    indent(level + 1, out);
                    out.push_str(line);
                }
                out.push('\n');
            }
        }
        scalar => {
            out.push(' ');
            out.push_str(&scalar_text(scalar));
            out.push('\n');
        }
    }
}

fn scalar_text(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => string_text(s),
        Value::Array(_) => "[]".to_owned(),
        Value::Object(_) => "{}".to_owned(),
    }
}

fn string_text(s: &str) -> String {
    if needs_quotes(s) { serde_json::to_string(s).unwrap_or_default() } else { s.to_owned() }
}

fn needs_quotes(s: &str) -> bool {
    let reserved = matches!(
        s,
        "" | "~"
            | "null"
            | "Null"
            | "NULL"
            | "true"
            | "True"
            | "TRUE"
            | "false"
            | "False"
            | "FALSE"
            | "yes"
            | "no"
            | "on"
            | "off"
            | "y"
            | "n"
    );
    let looks_numeric = s.parse::<f64>().is_ok() || s.starts_with("0x") || s.starts_with("0o") || s.starts_with('.');
    let bad_start = s.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@` \t".contains(c));
    let bad_inside =
        s.contains(": ") || s.contains(" #") || s.ends_with(':') || s.ends_with(' ') || s.chars().any(char::is_control);
    reserved || looks_numeric || bad_start || bad_inside
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::yaml;

    #[test]
    fn round_trips_through_the_loader() {
        let value = serde_json::json!({
            "apiVersion": "backstage.io/v1alpha1",
            "metadata": {"name": "x", "tags": ["a", "true", "012"], "description": "a: b", "empty": ""},
            "spec": {"definition": "openapi: 3.0.0\ninfo:\n  title: x\n", "n": 3, "list": [{"a": 1, "b": [1, 2]}, "-dash"], "none": null}
        });
        let text = render(&value);
        let docs = yaml::load(&text);
        let back = docs.first().and_then(|d| d.content.clone().ok().flatten()).map(|n| n.to_json());
        assert_eq!(back, Some(value), "{text}");
    }
}
