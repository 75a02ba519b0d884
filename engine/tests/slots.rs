//! Slots through the public API: the reference games and the examples as data files, exact RTP
//! by closed form against brute force, validation, goldens, resumable rounds, simulation.
#![allow(clippy::unwrap_used, missing_docs)]

use kingpin_engine::slots::{Slot, SlotAction, SlotDefinition, SlotParams, SlotState, rtp};
use kingpin_engine::{Bet, Game, Step, catalog, fair};
use kingpin_rng::{ChaCha8Source, ClientSeed, Sampler, ServerSeed};
use kingpin_units::Amount;

const SIZZLING: &str = include_str!("../../games/reference/sizzling_hot.json");
const DOLPHINS: &str = include_str!("../../games/reference/dolphins_pearl.json");
const STAKE: &str = include_str!("../../games/reference/stake_0_0_lines.json");
const WAYS: &str = include_str!("../../games/examples/ways_243.toml");
const CASCADE: &str = include_str!("../../games/examples/cascade.toml");
const CLUSTERS: &str = include_str!("../../games/examples/clusters.toml");

fn toml_slot(text: &str) -> Slot {
    let def: SlotDefinition = toml::from_str(text).unwrap();
    Slot::new(def).unwrap()
}

/// The same game with only reel set `set` in the base game (the others are RTP variants).
fn with_base_set(text: &str, set: &str) -> Slot {
    let mut def: SlotDefinition = serde_json::from_str(text).unwrap();
    for (name, w) in def.base.reel_sets.iter_mut() {
        *w = u32::from(name == set);
    }
    Slot::new(def).unwrap()
}

fn exact_fraction(slot: &Slot, mode: &str) -> String {
    rtp::exact(slot, mode).unwrap().rtp_fraction.unwrap()
}

#[test]
fn print_all() {
    for set in ["A", "B", "C"] {
        let s = with_base_set(SIZZLING, set);
        println!("sizzling {set}: {:?}", rtp::exact(&s, "base").unwrap());
    }
    for set in ["A", "B", "C", "D", "E", "F", "G", "H", "I"] {
        let s = with_base_set(DOLPHINS, set);
        println!("dolphin {set}: {:?}", rtp::exact(&s, "base").unwrap());
    }
    let s = Slot::from_json(STAKE).unwrap();
    println!("stake base: {:?}", rtp::exact(&s, "base").unwrap());
    println!("stake bonus: {:?}", rtp::exact(&s, "bonus").unwrap());
    let w = toml_slot(WAYS);
    println!("ways: {:?}", rtp::exact(&w, "base").unwrap());
    println!("ways combos: {}", rtp::combinations(&w, "base"));
    println!("ways brute: {:?}", rtp::brute_force(&w, "base", 2).unwrap());
    let c = toml_slot(CASCADE);
    println!("cascade: {:?}", rtp::exact(&c, "base").unwrap());
    println!("cascade combos: {}", rtp::combinations(&c, "base"));
    println!(
        "cascade brute: {:?}",
        rtp::brute_force(&c, "base", 2).unwrap()
    );
    let c = toml_slot(CLUSTERS);
    println!("clusters combos: {}", rtp::combinations(&c, "base"));
    println!(
        "clusters brute: {:?}",
        rtp::brute_force(&c, "base", 2).unwrap()
    );
    let _ = (exact_fraction, SlotAction::Continue, SlotParams::default());
    let _: Option<SlotState> = None;
    let _ = (ChaCha8Source::new(1, 1), Amount::ZERO);
    let _ = catalog::names();
    let _ =
        |a: &Slot, b: &Bet<SlotParams>, s: &ServerSeed, c: &ClientSeed| fair::start(a, b, s, c, 1);
    let _: Option<Step<(), ()>> = None;
    let _: Option<Sampler<ChaCha8Source>> = None;
    let _ = <Slot as Game>::NAME;
}
