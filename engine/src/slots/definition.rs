//! The slot definition as written by a designer (JSON or TOML): plain serde types.
//!
//! Nothing here is validated; [`Slot::new`](super::Slot::new) checks every field and compiles
//! the definition into the form the spin code runs. `docs/slots.md` documents each field.

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;

use core::fmt;

use kingpin_units::Multiplier;
use serde::de::{self, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use crate::tagged::{self, Tagged};

/// A whole slot game.
///
/// [`Default`] is a small valid game (3 reels × 3 rows, 5 lines, a wild and a scatter), the
/// example the catalog shows for `slot`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SlotDefinition {
    /// Display name.
    #[serde(default)]
    pub name: String,
    /// Where the game's data comes from (a transcription's source), free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Number of reels (columns), 1–8.
    pub reels: u8,
    /// Rows per reel: one number for all reels, or one per reel (each 1–8).
    pub rows: Rows,
    /// The symbols; each symbol's index in this list is its id.
    pub symbols: Vec<SymbolDef>,
    /// Named reel sets: each is one strip of symbol names per reel.
    pub reel_sets: BTreeMap<String, Vec<Vec<String>>>,
    /// The base game: which reel sets it spins, by weight.
    pub base: ModeDef,
    /// How wins are formed.
    pub wins: WinsDef,
    /// Free spins, if the game has them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub free_spins: Option<FreeSpinsDef>,
    /// Cascades (tumbles), if the game has them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cascade: Option<CascadeDef>,
    /// The largest total win of a round, in multiples of the bet; reaching it ends the round.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_win: Option<Multiplier>,
    /// Extra bet modes (bonus buys); the base mode `"base"` (cost 1) always exists.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bet_modes: Vec<BetModeDef>,
}

impl Default for SlotDefinition {
    fn default() -> Self {
        let names = |v: &[&str]| v.iter().map(|s| String::from(*s)).collect::<Vec<_>>();
        let pays = |v: &[u64]| v.iter().map(|&p| Multiplier::from_int(p)).collect();
        let strip = names(&[
            "Seven", "Bar", "Plum", "Cherry", "Bar", "Plum", "Cherry", "Wild", "Plum", "Cherry",
            "Star", "Plum",
        ]);
        SlotDefinition {
            name: "Tiny Fruits".into(),
            source: None,
            reels: 3,
            rows: Rows::Same(3),
            symbols: alloc::vec![
                SymbolDef {
                    name: "Seven".into(),
                    pays: pays(&[0, 0, 80]),
                    ..SymbolDef::default()
                },
                SymbolDef {
                    name: "Bar".into(),
                    pays: pays(&[0, 0, 12]),
                    ..SymbolDef::default()
                },
                SymbolDef {
                    name: "Cherry".into(),
                    pays: pays(&[0, 0, 4]),
                    ..SymbolDef::default()
                },
                SymbolDef {
                    name: "Plum".into(),
                    pays: pays(&[0, 0, 1]),
                    ..SymbolDef::default()
                },
                SymbolDef {
                    name: "Wild".into(),
                    kind: SymbolKind::Wild,
                    pays: pays(&[0, 0, 100]),
                    ..SymbolDef::default()
                },
                SymbolDef {
                    name: "Star".into(),
                    kind: SymbolKind::Scatter,
                    pays: pays(&[0, 0, 10]),
                    ..SymbolDef::default()
                },
            ],
            reel_sets: BTreeMap::from([(
                String::from("main"),
                alloc::vec![strip.clone(), strip.clone(), strip],
            )]),
            base: ModeDef {
                reel_sets: BTreeMap::from([(String::from("main"), 1)]),
            },
            wins: WinsDef::Lines {
                paylines: alloc::vec![
                    alloc::vec![1, 1, 1],
                    alloc::vec![0, 0, 0],
                    alloc::vec![2, 2, 2],
                    alloc::vec![0, 1, 2],
                    alloc::vec![2, 1, 0],
                ],
                both_ways: false,
                pay_unit: PayUnit::LineBet,
                wild_rule: WildRule::Best,
                wild_multipliers: Combine::Sum,
            },
            free_spins: None,
            cascade: None,
            max_win: None,
            bet_modes: Vec::new(),
        }
    }
}

/// Rows: the same for every reel, or one count per reel.
///
/// JSON: a number or a list of numbers (untagged). Its `Deserialize` is written by hand (for
/// the WASM module's size) and accepts exactly what `#[serde(untagged)]` accepts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Rows {
    /// Every reel shows this many rows.
    Same(u8),
    /// Rows of each reel, left to right.
    PerReel(Vec<u8>),
}

impl<'de> Deserialize<'de> for Rows {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Rows, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Rows;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number of rows (0–255) or a list of them, one per reel")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Rows, E> {
                u8::try_from(v)
                    .map(Rows::Same)
                    .map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &self))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Rows, E> {
                u8::try_from(v)
                    .map(Rows::Same)
                    .map_err(|_| E::invalid_value(de::Unexpected::Signed(v), &self))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Rows, A::Error> {
                let mut rows = Vec::new();
                while let Some(r) = seq.next_element::<u8>()? {
                    rows.push(r);
                }
                Ok(Rows::PerReel(rows))
            }
        }
        d.deserialize_any(V)
    }
}

impl Default for Rows {
    fn default() -> Self {
        Rows::Same(3)
    }
}

/// What kind of symbol it is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SymbolKind {
    /// Pays on lines/ways/clusters.
    #[default]
    Regular,
    /// Substitutes for other symbols; may pay on its own.
    Wild,
    /// Pays anywhere (× the bet) and may trigger free spins.
    Scatter,
    /// Never pays and never substitutes (a feature marker).
    Bonus,
}

/// One symbol.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SymbolDef {
    /// Its name, used in reel strips and outcomes.
    pub name: String,
    /// Its kind (default `regular`).
    #[serde(default)]
    pub kind: SymbolKind,
    /// `pays[n-1]` pays `n` of a kind (lines, ways) or a cluster of `n` (clusters); for
    /// scatters, `n` anywhere (× the total bet; counts beyond the list pay its last entry).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pays: Vec<Multiplier>,
    /// Wild only: the symbols it substitutes for (default: every regular symbol).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub substitutes: Option<Vec<String>>,
    /// Wild only: multiplier values drawn by weight for each wild on the grid, per mode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multipliers: Option<WildMultipliers>,
    /// Wild only: a win it takes part in (substituting) pays double.
    #[serde(default, skip_serializing_if = "core::ops::Not::not")]
    pub doubles: bool,
    /// Wild only: when it lands, it fills its whole reel.
    #[serde(default, skip_serializing_if = "core::ops::Not::not")]
    pub expanding: bool,
    /// Wild only: in free spins it stays in place for the rest of the free spins.
    #[serde(default, skip_serializing_if = "core::ops::Not::not")]
    pub sticky: bool,
}

/// A value with a weight.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Weighted {
    /// The value.
    pub value: u32,
    /// Its weight (relative; weights need not sum to anything in particular).
    pub weight: u32,
}

/// Wild multipliers per mode; a mode without a list gives the wild no multiplier.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WildMultipliers {
    /// In the base game.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub base: Vec<Weighted>,
    /// In free spins.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub free: Vec<Weighted>,
}

/// A mode's reel sets by weight (a weight of 0 keeps a set defined but unused, e.g. another
/// RTP variant).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModeDef {
    /// Reel set name → weight.
    pub reel_sets: BTreeMap<String, u32>,
}

/// How line pays are scaled.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PayUnit {
    /// Pays are multiples of the line bet (the bet divided by the number of lines).
    #[default]
    LineBet,
    /// Pays are multiples of the whole bet.
    TotalBet,
}

/// Choosing between a wild-only win and a symbol win on one line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WildRule {
    /// Pay whichever is larger (before random wild multipliers, after doubling); a tie pays
    /// the wild win.
    #[default]
    Best,
    /// Pay the symbol win whenever it pays; the wild-only win only when it does not.
    Symbol,
}

/// How several wild multipliers on one win combine.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Combine {
    /// Add them (a win with no multiplied wild counts ×1).
    #[default]
    Sum,
    /// Multiply them.
    Product,
}

/// How wins are formed.
///
/// JSON: `{"type": "lines", "paylines": […]}` (internally tagged, snake_case names, unknown
/// fields refused). Its `Deserialize` is written by hand (`tagged.rs`, for the WASM module's
/// size) and accepts exactly what `#[serde(tag = "type", deny_unknown_fields)]` accepts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum WinsDef {
    /// Paylines.
    Lines {
        /// Each line: its row (0 = top) on each reel.
        paylines: Vec<Vec<u8>>,
        /// Also pay right-to-left (a run over every reel pays once).
        #[serde(default)]
        both_ways: bool,
        /// Line pays are per line bet (default) or per total bet.
        #[serde(default)]
        pay_unit: PayUnit,
        /// Wild-only versus symbol win.
        #[serde(default)]
        wild_rule: WildRule,
        /// Combining wild multipliers on a line.
        #[serde(default)]
        wild_multipliers: Combine,
    },
    /// Ways: a symbol on adjacent reels from the left, anywhere in each reel's window; pays
    /// × the number of ways, in multiples of the total bet.
    Ways {},
    /// Clusters: at least `min_size` equal symbols (wilds join) connected up/down/left/right;
    /// pays by cluster size, in multiples of the total bet.
    Clusters {
        /// Smallest cluster that pays.
        min_size: u8,
    },
}

const WINS_VARIANTS: &[&str] = &["lines", "ways", "clusters"];

impl<'de> Deserialize<'de> for WinsDef {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<WinsDef, D::Error> {
        wins_from(tagged::read(
            d,
            "type",
            WINS_VARIANTS,
            "internally tagged enum WinsDef",
        )?)
    }
}

fn wins_from<E: de::Error>(t: Tagged) -> Result<WinsDef, E> {
    use tagged::{required, unit_variant};
    Ok(match t.variant {
        0 => {
            let mut f = t.fields(
                &[
                    "paylines",
                    "both_ways",
                    "pay_unit",
                    "wild_rule",
                    "wild_multipliers",
                ],
                "struct variant WinsDef::Lines",
            )?;
            WinsDef::Lines {
                paylines: required(f[0].take(), "paylines")?,
                both_ways: tagged::or_default(f[1].take())?,
                pay_unit: match unit_variant(f[2].take(), &["line_bet", "total_bet"])? {
                    Some(1) => PayUnit::TotalBet,
                    _ => PayUnit::LineBet,
                },
                wild_rule: match unit_variant(f[3].take(), &["best", "symbol"])? {
                    Some(1) => WildRule::Symbol,
                    _ => WildRule::Best,
                },
                wild_multipliers: match unit_variant(f[4].take(), &["sum", "product"])? {
                    Some(1) => Combine::Product,
                    _ => Combine::Sum,
                },
            }
        }
        1 => {
            t.fields::<E>(&[], "struct variant WinsDef::Ways")?;
            WinsDef::Ways {}
        }
        _ => {
            let mut f = t.fields(&["min_size"], "struct variant WinsDef::Clusters")?;
            WinsDef::Clusters {
                min_size: required(f[0].take(), "min_size")?,
            }
        }
    })
}

/// Free spins.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FreeSpinsDef {
    /// The scatter symbol whose count awards them.
    pub trigger: String,
    /// `awards[n-1]` free spins for `n` triggers in the base game (counts beyond the list get
    /// its last entry).
    pub awards: Vec<u32>,
    /// Awards for `n` triggers during free spins (retriggers); default: the same as `awards`;
    /// an empty list means no retriggers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retrigger_awards: Option<Vec<u32>>,
    /// Multiplier on every free-spin win (default 1).
    #[serde(default = "one")]
    pub multiplier: u32,
    /// Reel sets of free spins, by weight.
    pub reel_sets: BTreeMap<String, u32>,
    /// Most free spins one round can play (default 10,000).
    #[serde(default = "max_spins")]
    pub max_spins: u32,
}

fn one() -> u32 {
    1
}

fn max_spins() -> u32 {
    10_000
}

/// Cascades (tumbles): winning symbols vanish, the rest fall, new ones drop in from the strip.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CascadeDef {
    /// Multiplier of the k-th win of a spin (k = 0 for the first); the last repeats.
    /// Default `[1]`.
    #[serde(default)]
    pub multipliers: Vec<u32>,
}

/// A bet mode with a cost, such as a bonus buy.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BetModeDef {
    /// Its name (`"base"` is reserved).
    pub name: String,
    /// What it costs, in multiples of the bet.
    pub cost: u32,
    /// Start directly in free spins with this many spins, drawn by weight (a bonus buy).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub free_spins: Vec<Weighted>,
}
