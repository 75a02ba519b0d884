//! Property: on small random games, the closed-form RTP equals the brute-force enumeration
//! exactly (lines both ways, wild rules, doubling, expanding wilds, multipliers summed or
//! multiplied, ways, scatter pays, free spins with retriggers and a multiplier).
#![allow(clippy::unwrap_used, missing_docs)]

use std::collections::BTreeMap;

use kingpin_engine::slots::definition::{
    Combine, FreeSpinsDef, ModeDef, PayUnit, Rows, SymbolDef, SymbolKind, Weighted,
    WildMultipliers, WildRule, WinsDef,
};
use kingpin_engine::slots::{Slot, SlotDefinition, rtp};
use kingpin_units::Multiplier;
use proptest::prelude::*;

const NAMES: [&str; 5] = ["A", "B", "C", "W", "S"];

#[derive(Debug, Clone)]
struct Spec {
    reels: u8,
    rows: Vec<u8>,
    pays: Vec<Vec<u8>>,
    strips: Vec<Vec<Vec<usize>>>,
    lines: Vec<Vec<u8>>,
    ways: bool,
    both_ways: bool,
    best: bool,
    product: bool,
    doubles: bool,
    expanding: bool,
    mults: Vec<(u32, u32)>,
    free: Option<(Vec<u32>, Vec<u32>, u32)>,
    line_bet: bool,
    base_weights: (u32, u32),
}

fn spec() -> impl Strategy<Value = Spec> {
    (2u8..=4, 1u8..=3).prop_flat_map(|(reels, max_rows)| {
        let r = usize::from(reels);
        (
            Just(reels),
            prop::collection::vec(1u8..=max_rows, r),
            prop::collection::vec(prop::collection::vec(0u8..6, r), 5),
            prop::collection::vec(
                prop::collection::vec(prop::collection::vec(0usize..5, 3..=6), r),
                2,
            ),
            prop::collection::vec(prop::collection::vec(0u8..3, r), 1..=3),
            (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>()),
            (
                any::<bool>(),
                any::<bool>(),
                any::<bool>(),
                0u32..3,
                1u32..4,
            ),
            prop::collection::vec((1u32..6, 1u32..5), 0..=3),
            prop::option::of((
                prop::collection::vec(0u32..4, 1..=4),
                prop::collection::vec(0u32..2, 0..=3),
                1u32..=3,
            )),
        )
            .prop_map(
                |(
                    reels,
                    rows,
                    pays,
                    strips,
                    lines,
                    (ways, both_ways, best, product),
                    (doubles, expanding, line_bet, w1, w0),
                    mults,
                    free,
                )| {
                    let lines = lines
                        .into_iter()
                        .map(|l| l.iter().zip(&rows).map(|(&x, &r)| x % r).collect())
                        .collect();
                    Spec {
                        reels,
                        rows,
                        pays,
                        strips,
                        lines,
                        ways,
                        both_ways,
                        best,
                        product,
                        doubles,
                        expanding,
                        mults,
                        free,
                        line_bet,
                        base_weights: (w0, w1),
                    }
                },
            )
    })
}

fn build(s: &Spec) -> SlotDefinition {
    let symbols = (0..5)
        .map(|i| {
            let kind = match i {
                3 => SymbolKind::Wild,
                4 => SymbolKind::Scatter,
                _ => SymbolKind::Regular,
            };
            let ways_wild = s.ways && i == 3;
            SymbolDef {
                name: NAMES[i].into(),
                kind,
                pays: if ways_wild {
                    Vec::new()
                } else {
                    s.pays[i]
                        .iter()
                        .map(|&p| Multiplier::from_int(u64::from(p)))
                        .collect()
                },
                doubles: i == 3 && s.doubles && !s.ways,
                expanding: i == 3 && s.expanding,
                multipliers: (i == 3 && !s.ways && !s.mults.is_empty()).then(|| {
                    let t: Vec<Weighted> = s
                        .mults
                        .iter()
                        .map(|&(value, weight)| Weighted { value, weight })
                        .collect();
                    WildMultipliers {
                        base: t.clone(),
                        free: t,
                    }
                }),
                ..SymbolDef::default()
            }
        })
        .collect();
    let mut reel_sets = BTreeMap::new();
    for (k, set) in s.strips.iter().enumerate() {
        let strips = set
            .iter()
            .zip(&s.rows)
            .map(|(strip, &rows)| {
                // Pad so each strip covers its window.
                let mut v: Vec<String> = strip.iter().map(|&x| NAMES[x].to_string()).collect();
                while v.len() < usize::from(rows) {
                    v.push("A".into());
                }
                v
            })
            .collect();
        reel_sets.insert(format!("set{k}"), strips);
    }
    SlotDefinition {
        name: "random".into(),
        source: None,
        reels: s.reels,
        rows: Rows::PerReel(s.rows.clone()),
        symbols,
        reel_sets,
        // Several weighted base reel sets (set1 with weight 0 is defined but unused).
        base: ModeDef {
            reel_sets: BTreeMap::from([
                ("set0".to_string(), s.base_weights.0),
                ("set1".to_string(), s.base_weights.1),
            ]),
        },
        wins: if s.ways {
            WinsDef::Ways {}
        } else {
            WinsDef::Lines {
                paylines: s.lines.clone(),
                both_ways: s.both_ways,
                pay_unit: if s.line_bet {
                    PayUnit::LineBet
                } else {
                    PayUnit::TotalBet
                },
                wild_rule: if s.best {
                    WildRule::Best
                } else {
                    WildRule::Symbol
                },
                wild_multipliers: if s.product {
                    Combine::Product
                } else {
                    Combine::Sum
                },
            }
        },
        free_spins: s.free.as_ref().map(|(awards, retrigger, m)| FreeSpinsDef {
            trigger: "S".into(),
            awards: awards.clone(),
            retrigger_awards: Some(retrigger.clone()),
            multiplier: *m,
            reel_sets: BTreeMap::from([("set1".to_string(), 1)]),
            max_spins: 10_000,
        }),
        cascade: None,
        max_win: None,
        bet_modes: Vec::new(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]
    #[test]
    fn closed_form_equals_brute_force(s in spec()) {
        let slot = Slot::new(build(&s));
        prop_assume!(slot.is_ok(), "invalid: {:?}", slot.as_ref().err());
        let slot = slot.unwrap();
        let c = rtp::exact(&slot, "base").unwrap();
        let b = rtp::brute_force(&slot, "base", 1).unwrap();
        prop_assert!(c.exact && b.exact);
        prop_assert_eq!(&c.rtp_fraction, &b.rtp_fraction);
        prop_assert_eq!(c.base_rtp, b.base_rtp);
        prop_assert_eq!(c.feature_rtp, b.feature_rtp);
        prop_assert_eq!(c.free_spins_per_round, b.free_spins_per_round);
    }
}

const SIZZLING: &str = include_str!("../../games/reference/sizzling_hot.json");

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    /// The loader never panics: arbitrary text, and a real definition with bytes cut out or
    /// numbers changed, give a game or a list of problems.
    #[test]
    fn loader_never_panics(junk in ".{0,200}", cut in 0usize..5000, len in 0usize..50, digit in 0u8..10, at in 0usize..5000) {
        if let Err(e) = Slot::from_json(&junk) {
            prop_assert!(!e.0.is_empty());
        }
        let mut text = SIZZLING.to_string();
        let cut = cut.min(text.len());
        let end = (cut + len).min(text.len());
        if text.is_char_boundary(cut) && text.is_char_boundary(end) {
            text.replace_range(cut..end, "");
        }
        let at = at.min(text.len().saturating_sub(1));
        if text.as_bytes().get(at).is_some_and(u8::is_ascii_digit) {
            text.replace_range(at..=at, &digit.to_string());
        }
        if let Ok(slot) = Slot::from_json(&text) {
            let _ = rtp::exact(&slot, "base");
        }
    }
}
