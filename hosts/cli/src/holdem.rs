//! `kingpin verify holdem` and `kingpin simulate holdem`: the multi-player deck and bot tables.

use std::time::Instant;

use anyhow::{Context, Result, bail};
use kingpin_engine::poker::{self, Bot, TableConfig};
use kingpin_rng::{ClientSeed, ServerSeed};
use serde_json::{Value, json};

/// Parse `SEAT=SEED` pairs (`--seat-seed 0=alice --seat-seed 3=bob`).
pub(crate) fn seat_seeds(pairs: &[String]) -> Result<Vec<(u8, ClientSeed)>> {
    if pairs.is_empty() {
        bail!("verify holdem needs at least one --seat-seed SEAT=CLIENT_SEED");
    }
    pairs
        .iter()
        .map(|p| {
            let (seat, seed) = p
                .split_once('=')
                .with_context(|| format!("--seat-seed {p:?}: expected SEAT=CLIENT_SEED"))?;
            let seat: u8 = seat
                .trim()
                .parse()
                .with_context(|| format!("--seat-seed {p:?}: seat must be 0–9"))?;
            Ok((seat, ClientSeed::new(seed)?))
        })
        .collect()
}

/// The deck of hand `hand_no`, with everything a player needs to check it.
pub(crate) fn verify(server: &str, pairs: &[String], hand_no: u64) -> Result<Value> {
    let server = ServerSeed::new(server)?;
    let seeds = seat_seeds(pairs)?;
    let combined = poker::combined_client_seed(&seeds)?;
    let deck = poker::verify_hand_deck(&server, &seeds, hand_no)?;
    Ok(json!({
        "game": "holdem",
        "commitment": server.commitment().to_string(),
        "combined_client_seed": combined.as_str(),
        "hand": hand_no,
        "deck": deck.iter().map(ToString::to_string).collect::<Vec<_>>(),
    }))
}

pub(crate) fn verify_text(v: &Value) -> String {
    let deck: Vec<&str> = v["deck"]
        .as_array()
        .map(|d| d.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    format!(
        "holdem hand {} · commitment {}\ncombined client seed {}\ndeck (dealt in this order): {}",
        v["hand"],
        v["commitment"].as_str().unwrap_or("?"),
        v["combined_client_seed"].as_str().unwrap_or("?"),
        deck.join(" ")
    )
}

/// Play `hands` hands of bot tables; the report gains the speed measured here.
pub(crate) fn simulate(config_json: &str, bots: &str, hands: u64, seed: u64) -> Result<Value> {
    let config: TableConfig = serde_json::from_str(config_json).context("holdem --config")?;
    let bots: Vec<Bot> = bots
        .split(',')
        .map(|b| {
            serde_json::from_value(json!(b.trim())).with_context(|| {
                format!("--bots: {b:?} is not one of calling_station, random, aggressive, tight")
            })
        })
        .collect::<Result<_>>()?;
    let start = Instant::now();
    let report = poker::simulate_table(&config, &bots, hands, seed)?;
    let secs = start.elapsed().as_secs_f64();
    let mut v = serde_json::to_value(&report)?;
    v["game"] = json!("holdem");
    v["seconds"] = json!(secs);
    v["hands_per_second"] = json!(if secs > 0.0 { hands as f64 / secs } else { 0.0 });
    Ok(v)
}

pub(crate) fn simulate_text(v: &Value) -> String {
    format!(
        "game            holdem ({} bots)\nseed            {}   (replay with --seed {})\nhands           {}\nflops seen      {}\nshowdowns       {}\nrake            {} total · {:.2} per 100 hands · {:.3} bb/100\nspeed           {:.0} hands/s ({:.2} s, one thread)",
        v["players"],
        v["seed"],
        v["seed"],
        v["hands"],
        v["flops"],
        v["showdowns"],
        v["rake_total"],
        v["rake_per_100_hands"].as_f64().unwrap_or(0.0),
        v["rake_bb_per_100"].as_f64().unwrap_or(0.0),
        v["hands_per_second"].as_f64().unwrap_or(0.0),
        v["seconds"].as_f64().unwrap_or(0.0),
    )
}
