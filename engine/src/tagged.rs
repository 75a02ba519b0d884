//! Hand-written decoding of the engine's internally tagged enums (roulette's `Spot`, the slot
//! definition's `WinsDef`, the mines and crash actions), accepting exactly what
//! `#[derive(Deserialize)]` with `#[serde(tag = "…", deny_unknown_fields)]` accepts.
//!
//! Why: serde's derive buffers an internally tagged value in its private `Content` type and then
//! instantiates a whole `Content` deserializer for every variant and field type, which made these
//! few enums about 50 KB of the WASM module (`docs/bindings.md`). Here the entries after the tag
//! are read into [`serde_json::Value`]s (a decoder the module has anyway), and each enum builds
//! itself from them with plain code.
//!
//! What the derive accepts, and so what this accepts:
//! - a map with the tag anywhere in it (`{"number": 5, "type": "straight"}` too); the tag must be
//!   a string naming a variant, given once;
//! - a list whose first element is the tag and the rest the variant's fields in order
//!   (`["split", [1, 2]]`);
//! - for a unit variant, any other entries of the map are ignored (`{"type": "red", "x": 1}`),
//!   but the list form must have nothing after the tag;
//! - for a struct variant, unknown and repeated fields are refused, missing ones are refused
//!   unless they have a default.
//!
//! The field values go through the same visitors as before (`T::deserialize` on the buffered
//! value), except the unit-only enums inside `WinsDef`, read by [`unit_variant`] with the
//! buffered rules (a string, or a one-entry map whose value is `null` or `{}`). Errors are
//! serde's own messages (`unknown variant …`, `missing field …`); the JSON decoder adds the
//! line and column, as before at the end of the tagged object.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Unexpected, Visitor};
use serde_json::Value;

/// An internally tagged value as read: its variant and the rest of its entries.
pub(crate) struct Tagged {
    /// Index of the variant in the list given to [`read`].
    pub(crate) variant: usize,
    body: Body,
}

enum Body {
    /// The map form: every entry but the tag, in order.
    Map(Vec<(String, Value)>),
    /// The list form: the elements after the tag.
    Seq(Vec<Value>),
}

/// Read an internally tagged value whose tag field is `tag` and whose variants (their names as
/// written in JSON, in declaration order) are `variants`; `expecting` names the type for errors
/// (`"internally tagged enum Spot"`).
pub(crate) fn read<'de, D: Deserializer<'de>>(
    d: D,
    tag: &'static str,
    variants: &'static [&'static str],
    expecting: &'static str,
) -> Result<Tagged, D::Error> {
    d.deserialize_any(TaggedVisitor {
        tag,
        variants,
        expecting,
    })
}

struct TaggedVisitor {
    tag: &'static str,
    variants: &'static [&'static str],
    expecting: &'static str,
}

fn variant_index<E: de::Error>(name: &str, variants: &'static [&'static str]) -> Result<usize, E> {
    variants
        .iter()
        .position(|v| *v == name)
        .ok_or_else(|| E::unknown_variant(name, variants))
}

impl<'de> Visitor<'de> for TaggedVisitor {
    type Value = Tagged;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Tagged, A::Error> {
        let name: String = seq
            .next_element()?
            .ok_or_else(|| de::Error::missing_field(self.tag))?;
        let variant = variant_index(&name, self.variants)?;
        let mut rest = Vec::new();
        while let Some(v) = seq.next_element::<Value>()? {
            rest.push(v);
        }
        Ok(Tagged {
            variant,
            body: Body::Seq(rest),
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Tagged, A::Error> {
        let mut variant = None;
        let mut rest = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if key == self.tag {
                if variant.is_some() {
                    return Err(de::Error::duplicate_field(self.tag));
                }
                let name: String = map.next_value()?;
                variant = Some(variant_index(&name, self.variants)?);
            } else {
                rest.push((key, map.next_value::<Value>()?));
            }
        }
        Ok(Tagged {
            variant: variant.ok_or_else(|| de::Error::missing_field(self.tag))?,
            body: Body::Map(rest),
        })
    }
}

impl Tagged {
    /// A unit variant: the map form ignores every other entry; the list form must end after
    /// the tag.
    pub(crate) fn unit<E: de::Error>(self) -> Result<(), E> {
        match self.body {
            Body::Map(_) => Ok(()),
            Body::Seq(rest) if rest.is_empty() => Ok(()),
            Body::Seq(rest) => Err(E::invalid_length(rest.len(), &"0 elements in sequence")),
        }
    }

    /// A struct variant with these `fields` (unknown fields refused): the value of each field,
    /// in the order of `fields`, `None` where absent. `what` names the variant for errors
    /// (`"struct variant Spot::Split"`).
    pub(crate) fn fields<E: de::Error>(
        self,
        fields: &'static [&'static str],
        what: &'static str,
    ) -> Result<Vec<Option<Value>>, E> {
        let mut out: Vec<Option<Value>> = fields.iter().map(|_| None).collect();
        match self.body {
            Body::Map(entries) => {
                for (key, value) in entries {
                    let i = fields
                        .iter()
                        .position(|f| *f == key)
                        .ok_or_else(|| E::unknown_field(&key, fields))?;
                    if out[i].is_some() {
                        return Err(E::duplicate_field(fields[i]));
                    }
                    out[i] = Some(value);
                }
            }
            Body::Seq(rest) => {
                if rest.len() > fields.len() {
                    return Err(E::invalid_length(rest.len(), &what));
                }
                for (slot, value) in out.iter_mut().zip(rest) {
                    *slot = Some(value);
                }
            }
        }
        Ok(out)
    }
}

/// Decode a field's buffered value with `T`'s own decoder (the same visitor the derive used).
pub(crate) fn value<T: for<'de> Deserialize<'de>, E: de::Error>(v: Value) -> Result<T, E> {
    T::deserialize(v).map_err(E::custom)
}

/// A required field: `missing field …` when absent.
pub(crate) fn required<T: for<'de> Deserialize<'de>, E: de::Error>(
    v: Option<Value>,
    name: &'static str,
) -> Result<T, E> {
    value(v.ok_or_else(|| E::missing_field(name))?)
}

/// A field with `#[serde(default)]`.
pub(crate) fn or_default<T: for<'de> Deserialize<'de> + Default, E: de::Error>(
    v: Option<Value>,
) -> Result<T, E> {
    v.map_or_else(|| Ok(T::default()), value)
}

fn unexpected(v: &Value) -> Unexpected<'_> {
    match v {
        Value::Null => Unexpected::Unit,
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => Unexpected::Unsigned(u),
            (None, Some(i)) => Unexpected::Signed(i),
            _ => Unexpected::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => Unexpected::Str(s),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    }
}

/// A unit-only enum (all variants without data) from a buffered value, as serde reads one from
/// its buffer: the variant's name as a string, or a map with one entry, the name, whose value is
/// `null` or `{}`. Returns the variant's index in `variants`.
pub(crate) fn unit_variant<E: de::Error>(
    v: Option<Value>,
    variants: &'static [&'static str],
) -> Result<Option<usize>, E> {
    let Some(v) = v else { return Ok(None) };
    match v {
        Value::String(name) => variant_index(&name, variants).map(Some),
        Value::Object(map) => {
            let mut entries = map.into_iter();
            let (Some((name, inner)), None) = (entries.next(), entries.next()) else {
                return Err(E::invalid_value(Unexpected::Map, &"map with a single key"));
            };
            let i = variant_index(&name, variants)?;
            match inner {
                Value::Null => Ok(Some(i)),
                Value::Object(m) if m.is_empty() => Ok(Some(i)),
                other => Err(E::invalid_type(unexpected(&other), &"unit")),
            }
        }
        other => Err(E::invalid_type(unexpected(&other), &"string or map")),
    }
}

/// "an array of length N", for [`de::Error::invalid_length`].
pub(crate) struct ArrayOf(pub(crate) usize);

impl de::Expected for ArrayOf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an array of length {}", self.0)
    }
}

/// The hand-written decoders against the derives they replace: every input of a corpus of
/// edge cases is accepted by both with the same value, or refused by both.
#[cfg(test)]
mod tests {
    use alloc::format;
    use alloc::string::ToString;
    use alloc::vec;
    use std::println;

    use serde::de::DeserializeOwned;
    use serde::{Deserialize, Serialize};

    use super::*;
    use crate::games::crash::CrashAction;
    use crate::games::mines::MinesAction;
    use crate::games::roulette::{Pocket, Spot};
    use crate::slots::definition::{Combine, PayUnit, Rows, WildRule, WinsDef};

    // The derives as they were before the hand-written impls.
    #[derive(Serialize, Deserialize)]
    #[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
    enum OldSpot {
        Straight { number: Pocket },
        Split { numbers: [Pocket; 2] },
        Street { numbers: [Pocket; 3] },
        Trio { numbers: [Pocket; 3] },
        Corner { numbers: [Pocket; 4] },
        FirstFour,
        TopLine,
        SixLine { numbers: [Pocket; 6] },
        Column { column: u8 },
        Dozen { dozen: u8 },
        Red,
        Black,
        Odd,
        Even,
        Low,
        High,
        Voisins,
        Tiers,
        Orphelins,
        JeuZero,
        Neighbours { number: Pocket, n: u8 },
    }

    #[derive(Serialize, Deserialize)]
    #[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
    enum OldWinsDef {
        Lines {
            paylines: Vec<Vec<u8>>,
            #[serde(default)]
            both_ways: bool,
            #[serde(default)]
            pay_unit: PayUnit,
            #[serde(default)]
            wild_rule: WildRule,
            #[serde(default)]
            wild_multipliers: Combine,
        },
        Ways {},
        Clusters {
            min_size: u8,
        },
    }

    #[derive(Serialize, Deserialize)]
    #[serde(untagged)]
    enum OldRows {
        Same(u8),
        PerReel(Vec<u8>),
    }

    #[derive(Serialize, Deserialize)]
    #[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
    enum OldMinesAction {
        Reveal { tile: u8 },
        CashOut,
        Abandon,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
    enum OldCrashAction {
        CashOut { elapsed_ms: u64 },
        Finish,
    }

    /// Decode `text` both ways; returns whether it was accepted.
    fn same<New, Old>(text: &str) -> bool
    where
        New: DeserializeOwned + Serialize,
        Old: DeserializeOwned + Serialize,
    {
        let new = serde_json::from_str::<New>(text).map(|v| serde_json::to_value(v).unwrap());
        let old = serde_json::from_str::<Old>(text).map(|v| serde_json::to_value(v).unwrap());
        agree(text, new, old)
    }

    /// Both decoders accept `text` with the same value (true) or both refuse it (false).
    fn agree<E: core::fmt::Debug>(
        text: &str,
        new: Result<serde_json::Value, E>,
        old: Result<serde_json::Value, E>,
    ) -> bool {
        match (new, old) {
            (Ok(n), Ok(o)) => {
                assert_eq!(n, o, "{text}");
                true
            }
            (Err(_), Err(_)) => false,
            (n, o) => panic!("{text}: new {n:?}, old {o:?}"),
        }
    }

    /// Same through TOML (the slot definition's other format), for a table `v = …`.
    fn same_toml<New, Old>(text: &str) -> bool
    where
        New: DeserializeOwned + Serialize,
        Old: DeserializeOwned + Serialize,
    {
        #[derive(Deserialize)]
        struct W<T> {
            v: T,
        }
        let new = toml::from_str::<W<New>>(text).map(|w| serde_json::to_value(w.v).unwrap());
        let old = toml::from_str::<W<Old>>(text).map(|w| serde_json::to_value(w.v).unwrap());
        agree(text, new, old)
    }

    /// Objects and lists built from `tags` (values of the tag field) and `entries` (`"k": v`
    /// texts): each entry alone, pairs of entries, the tag first, last, missing and twice, and
    /// the list form `[tag, elements…]`.
    fn corpus(tag: &str, tags: &[&str], entries: &[&str], elements: &[&str]) -> Vec<String> {
        let mut out = vec![
            "null".to_string(),
            "5".to_string(),
            "\"red\"".to_string(),
            "[]".to_string(),
            "{}".to_string(),
            "true".to_string(),
        ];
        let mut bodies: Vec<Vec<&str>> = vec![vec![]];
        for a in entries {
            bodies.push(vec![a]);
            for b in entries {
                bodies.push(vec![a, b]);
            }
        }
        for t in tags {
            let tag_entry = format!("\"{tag}\": {t}");
            for body in &bodies {
                let rest = body.join(", ");
                let sep = if rest.is_empty() { "" } else { ", " };
                out.push(format!("{{{tag_entry}{sep}{rest}}}"));
                out.push(format!("{{{rest}{sep}{tag_entry}}}"));
                out.push(format!("{{{tag_entry}, {tag_entry}{sep}{rest}}}"));
                out.push(format!("{{{rest}}}"));
            }
            out.push(format!("[{t}]"));
            for a in elements {
                out.push(format!("[{t}, {a}]"));
                for b in elements {
                    out.push(format!("[{t}, {a}, {b}]"));
                }
            }
        }
        out
    }

    #[test]
    fn spot_accepts_what_the_derive_accepted() {
        let mut tags: Vec<String> = SPOT_NAMES.iter().map(|v| format!("\"{v}\"")).collect();
        tags.extend(["\"purple\"", "5", "null", "\"Split\""].map(String::from));
        let tags: Vec<&str> = tags.iter().map(String::as_str).collect();
        let entries = [
            "\"number\": 5",
            "\"number\": \"00\"",
            "\"number\": 37",
            "\"number\": -1",
            "\"number\": 1.5",
            "\"numbers\": [1, 2]",
            "\"numbers\": [1, 2, 3]",
            "\"numbers\": [1, 2, 3, 4]",
            "\"numbers\": [1, 2, 3, 4, 5, 6]",
            "\"numbers\": [1]",
            "\"numbers\": 1",
            "\"column\": 2",
            "\"dozen\": 300",
            "\"n\": 3",
            "\"x\": {\"a\": [1]}",
        ];
        let elements = ["5", "[1, 2]", "[1, 2, 3]", "2", "\"00\"", "null"];
        let (mut ok, mut all) = (0, 0);
        for text in corpus("type", &tags, &entries, &elements) {
            all += 1;
            ok += usize::from(same::<Spot, OldSpot>(&text));
        }
        println!("Spot: {ok} of {all} accepted");
        assert!(ok > 500, "{ok}");
    }

    const SPOT_NAMES: &[&str] = &[
        "straight",
        "split",
        "street",
        "trio",
        "corner",
        "first_four",
        "top_line",
        "six_line",
        "column",
        "dozen",
        "red",
        "jeu_zero",
        "neighbours",
    ];

    #[test]
    fn wins_def_accepts_what_the_derive_accepted() {
        let tags = ["\"lines\"", "\"ways\"", "\"clusters\"", "\"Lines\"", "1"];
        let entries = [
            "\"paylines\": [[0, 1, 2], [1, 1, 1]]",
            "\"paylines\": [[300]]",
            "\"paylines\": []",
            "\"both_ways\": true",
            "\"both_ways\": 1",
            "\"pay_unit\": \"total_bet\"",
            "\"pay_unit\": {\"total_bet\": null}",
            "\"pay_unit\": {\"total_bet\": {}}",
            "\"pay_unit\": {\"total_bet\": 1}",
            "\"pay_unit\": {\"total_bet\": null, \"line_bet\": null}",
            "\"pay_unit\": {}",
            "\"pay_unit\": \"nope\"",
            "\"pay_unit\": 0",
            "\"wild_rule\": \"symbol\"",
            "\"wild_multipliers\": {\"product\": null}",
            "\"min_size\": 3",
            "\"min_size\": 256",
            "\"x\": 1",
        ];
        let elements = ["[[0]]", "true", "\"total_bet\"", "3", "null"];
        let (mut ok, mut all) = (0, 0);
        for text in corpus("type", &tags, &entries, &elements) {
            all += 1;
            ok += usize::from(same::<WinsDef, OldWinsDef>(&text));
        }
        println!("WinsDef: {ok} of {all} accepted");
        assert!(ok > 40, "{ok}");
        for text in [
            "v = { type = \"lines\", paylines = [[0, 1]], pay_unit = \"total_bet\" }",
            "v = { paylines = [[0, 1]], type = \"lines\", both_ways = true }",
            "v = { type = \"clusters\", min_size = 5 }",
            "v = { type = \"clusters\", min_size = 5, x = 1 }",
            "v = { type = \"ways\" }",
            "v = { type = \"ways\", min_size = 5 }",
            "v = { type = \"nope\" }",
            "v = [\"clusters\", 4]",
        ] {
            same_toml::<WinsDef, OldWinsDef>(text);
        }
    }

    #[test]
    fn rows_accept_what_the_derive_accepted() {
        for text in [
            "0", "3", "255", "256", "-1", "3.0", "[]", "[3, 4]", "[256]", "[-1]", "[\"a\"]",
            "\"3\"", "null", "{}", "true", "[[3]]", "1e2",
        ] {
            same::<Rows, OldRows>(text);
        }
        for text in [
            "v = 3",
            "v = [3, 4]",
            "v = -1",
            "v = 300",
            "v = 3.0",
            "v = \"x\"",
        ] {
            same_toml::<Rows, OldRows>(text);
        }
    }

    #[test]
    fn actions_accept_what_the_derive_accepted() {
        let tags = [
            "\"reveal\"",
            "\"cash_out\"",
            "\"abandon\"",
            "\"finish\"",
            "0",
        ];
        let entries = [
            "\"tile\": 3",
            "\"tile\": 300",
            "\"tile\": \"3\"",
            "\"elapsed_ms\": 1500",
            "\"elapsed_ms\": -1",
            "\"elapsed_ms\": 1e3",
            "\"elapsed_ms\": 18446744073709551615",
            "\"x\": null",
        ];
        let elements = ["3", "1500", "null"];
        let (mut ok, mut all) = (0, 0);
        for text in corpus("action", &tags, &entries, &elements) {
            all += 1;
            ok += usize::from(same::<MinesAction, OldMinesAction>(&text));
            ok += usize::from(same::<CrashAction, OldCrashAction>(&text));
        }
        println!("actions: {ok} of {all} accepted");
        assert!(ok > 50, "{ok}");
    }

    #[test]
    fn errors_name_the_problem() {
        let err = |t: &str| serde_json::from_str::<Spot>(t).unwrap_err().to_string();
        assert!(
            err(r#"{"type": "purple"}"#)
                .starts_with("unknown variant `purple`, expected one of `straight`")
        );
        assert!(
            err(r#"{"type": "split", "numbers": [1, 2], "x": 1}"#)
                .starts_with("unknown field `x`, expected `numbers`")
        );
        assert!(err(r#"{"type": "split"}"#).starts_with("missing field `numbers`"));
        assert!(err(r#"{"numbers": [1, 2]}"#).starts_with("missing field `type`"));
        assert!(err(r#"{"type": "split", "type": "split"}"#).starts_with("duplicate field `type`"));
        assert!(
            err(r#"{"type": "split", "numbers": [1, 2, 3]}"#)
                .starts_with("invalid length 3, expected an array of length 2")
        );
        assert!(
            err(r#"{"type": "straight", "number": 37}"#).contains("37 is not a roulette number")
        );
        assert!(
            err(r#"{"type": "split", "numbers": [1, 2], "numbers": [2, 3]}"#)
                .starts_with("duplicate field `numbers`")
        );
        // The decoder's position is kept.
        assert!(err("{\"type\": \"purple\"}").contains("line 1 column"));
        let err = serde_json::from_str::<WinsDef>(
            r#"{"type": "lines", "paylines": [], "pay_unit": "x"}"#,
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.starts_with("unknown variant `x`, expected `line_bet` or `total_bet`"),
            "{err}"
        );
    }
}
