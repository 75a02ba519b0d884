//! Rounds per CPU-second of the table games, through the same game code as the criterion
//! benches, for shared machines where wall-clock figures swing with the load.
//!
//! `cargo run --release -p kingpin-benches --example throughput [NAME FILTER]` (Linux: CPU time is read from
//! `/proc/self/stat`; elsewhere only the wall-clock figure is printed).
#![allow(clippy::unwrap_used, clippy::print_stdout)]

use std::hint::black_box;
use std::time::Instant;

use kingpin_engine::cards::DeckMode;
use kingpin_engine::catalog::Catalogued;
use kingpin_engine::games::baccarat::{Baccarat, BaccaratConfig, BaccaratParams};
use kingpin_engine::games::blackjack::{Blackjack, BlackjackParams, BlackjackRules, Decks};
use kingpin_engine::games::plinko::{Plinko, PlinkoConfig, PlinkoParams, Risk};
use kingpin_engine::games::roulette::{Placed, Roulette, RouletteConfig, RouletteParams, Spot};
use kingpin_engine::{Bet, Game, sim};
use kingpin_rng::{ChaCha8Source, Sampler};
use kingpin_units::Amount;

/// Process CPU seconds (user + system), if the platform tells.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let fields: Vec<&str> = stat.rsplit(')').next()?.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

fn measure<G: Game>(name: &str, game: &G, bet: &Bet<G::Params>, rounds: u64) {
    if !wanted(name) {
        return;
    }
    let mut rng = Sampler::new(ChaCha8Source::new(1, 0), game.profile());
    let (cpu0, wall0) = (cpu_seconds(), Instant::now());
    for _ in 0..rounds {
        black_box(game.start(black_box(bet), &mut rng).unwrap());
    }
    report(name, rounds, cpu0, wall0);
}

/// Complete rounds of a multi-step game played by its simulation bot (`sim::play_round`:
/// `Game::start`, then the bot's choice and `Game::act` until the round settles).
fn measure_played<G: Catalogued>(name: &str, game: &G, bet: &Bet<G::Params>, rounds: u64) {
    if !wanted(name) {
        return;
    }
    let mut rng = Sampler::new(ChaCha8Source::new(1, 0), game.profile());
    let mut bot = game.bot();
    let (cpu0, wall0) = (cpu_seconds(), Instant::now());
    for _ in 0..rounds {
        black_box(sim::play_round(game, black_box(bet), &mut bot, &mut rng).unwrap());
    }
    report(name, rounds, cpu0, wall0);
}

/// Only the games whose name contains the first command-line argument, if one is given.
fn wanted(name: &str) -> bool {
    std::env::args()
        .nth(1)
        .is_none_or(|filter| name.contains(filter.as_str()))
}

fn report(name: &str, rounds: u64, cpu0: Option<f64>, wall0: Instant) {
    let wall = wall0.elapsed().as_secs_f64();
    let per_wall = rounds as f64 / wall / 1e6;
    match (cpu0, cpu_seconds()) {
        (Some(a), Some(b)) if b > a => println!(
            "{name:<28} {:>6.1} M rounds per CPU-second   {per_wall:>6.1} M/s wall   ({rounds} rounds)",
            rounds as f64 / (b - a) / 1e6
        ),
        _ => println!("{name:<28} {per_wall:>6.1} M/s wall   ({rounds} rounds)"),
    }
}

fn main() {
    let roulette = Roulette::new(RouletteConfig::default()).unwrap();
    for (name, spot) in [
        ("roulette straight", Spot::Straight { number: 17.into() }),
        ("roulette red", Spot::Red),
    ] {
        let params = RouletteParams::new(vec![Placed::new(spot, Amount::from_minor(10))]);
        measure(
            name,
            &roulette,
            &Bet::new(Amount::from_minor(10), params),
            100_000_000,
        );
    }
    let params = BaccaratParams {
        banker: Amount::from_minor(100),
        player_pair: Amount::from_minor(10),
        ..BaccaratParams::default()
    };
    for (name, decks) in [
        ("baccarat 8 decks", DeckMode::Decks(8)),
        ("baccarat infinite deck", DeckMode::Infinite),
    ] {
        let game = Baccarat::new(BaccaratConfig {
            decks,
            ..BaccaratConfig::default()
        })
        .unwrap();
        measure(
            name,
            &game,
            &Bet::new(Amount::from_minor(110), params),
            30_000_000,
        );
    }
    let plinko = Plinko::new(PlinkoConfig::default()).unwrap();
    let bet = Bet::new(
        Amount::from_minor(100),
        PlinkoParams {
            rows: 16,
            risk: Risk::High,
        },
    );
    measure("plinko 16 rows", &plinko, &bet, 50_000_000);
    let bet = Bet::new(Amount::from_minor(100), BlackjackParams {});
    for (name, decks) in [
        ("blackjack 6 decks, basic", DeckMode::Decks(6)),
        ("blackjack infinite, basic", DeckMode::Infinite),
    ] {
        let game = Blackjack::new(BlackjackRules {
            decks: Decks(decks),
            ..BlackjackRules::default()
        })
        .unwrap();
        measure_played(name, &game, &bet, 20_000_000);
    }
}
