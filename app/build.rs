//! Compiles `locales/{en,ru,zh}.toml` into a typed message table (`$OUT_DIR/i18n.rs`).
//!
//! Every key becomes a `Key` variant, so a typo is a compile error. English is the reference
//! language: a key missing in another language falls back to English at run time and is listed
//! in `MISSING`, which the `i18n` unit test requires to be empty.
use std::{collections::BTreeMap, env, fs, path::Path};

const LOCALES: [&str; 3] = ["en", "ru", "zh"];

fn flatten(prefix: &str, value: &toml::Value, out: &mut BTreeMap<String, String>) {
    match value {
        toml::Value::Table(t) => {
            for (k, v) in t {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&key, v, out);
            }
        }
        toml::Value::String(s) => {
            out.insert(prefix.to_string(), s.clone());
        }
        other => panic!("locale key {prefix}: expected a string, found {other}"),
    }
}

fn variant_name(key: &str) -> String {
    key.split(['.', '_', '-'])
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut c = p.chars();
            match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

fn main() {
    let dir = Path::new(&env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
        .join("locales");
    let mut tables = Vec::new();
    for lang in LOCALES {
        let path = dir.join(format!("{lang}.toml"));
        println!("cargo:rerun-if-changed={}", path.display());
        let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let value: toml::Value = text
            .parse()
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut flat = BTreeMap::new();
        flatten("", &value, &mut flat);
        tables.push(flat);
    }
    let reference = &tables[0];
    let keys: Vec<&String> = reference.keys().collect();

    let mut out = String::new();
    out.push_str("/// A user-visible message, one variant per key of `locales/en.toml`.\n");
    out.push_str("#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]\npub enum Key {\n");
    for k in &keys {
        out.push_str(&format!("    /// `{k}`\n    {},\n", variant_name(k)));
    }
    out.push_str("}\n\n");
    out.push_str(&format!(
        "/// Number of message keys.\npub const KEY_COUNT: usize = {};\n\n",
        keys.len()
    ));
    out.push_str("impl Key {\n    /// The dotted key as written in the locale files.\n    pub const fn name(self) -> &'static str {\n        match self {\n");
    for k in &keys {
        out.push_str(&format!(
            "            Key::{} => {:?},\n",
            variant_name(k),
            k
        ));
    }
    out.push_str("        }\n    }\n}\n\n");

    let mut missing = Vec::new();
    for (i, lang) in LOCALES.iter().enumerate() {
        out.push_str(&format!(
            "static {}: [&str; KEY_COUNT] = [\n",
            lang.to_uppercase()
        ));
        for k in &keys {
            let text = match tables[i].get(*k) {
                Some(t) => t,
                None => {
                    missing.push(format!("({lang:?}, {k:?})"));
                    &reference[*k]
                }
            };
            out.push_str(&format!("    {text:?},\n"));
        }
        out.push_str("];\n\n");
        for extra in tables[i].keys().filter(|k| !reference.contains_key(*k)) {
            missing.push(format!("(\"en\", {extra:?})"));
        }
    }
    out.push_str(&format!(
        "/// (language, key) pairs absent from a locale file; must stay empty.\npub const MISSING: &[(&str, &str)] = &[{}];\n",
        missing.join(", ")
    ));
    let dest = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("i18n.rs");
    fs::write(dest, out).expect("write i18n.rs");
}
