//! Blackjack rounds through the real game code: the basic-strategy bot, a fresh shoe shuffled
//! lazily per round, and the simulation RNG (ChaCha8).
#![allow(missing_docs, clippy::unwrap_used)]

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use kingpin_engine::cards::DeckMode;
use kingpin_engine::catalog::Catalogued;
use kingpin_engine::games::blackjack::{Blackjack, BlackjackParams, BlackjackRules, Decks};
use kingpin_engine::{Bet, Game, sim};
use kingpin_rng::{ChaCha8Source, Sampler};
use kingpin_units::Amount;

fn blackjack(c: &mut Criterion) {
    let bet = Bet::new(Amount::from_minor(100), BlackjackParams {});
    let mut g = c.benchmark_group("blackjack");
    g.throughput(Throughput::Elements(1000));
    for (name, decks) in [
        ("six_decks_basic_strategy", DeckMode::Decks(6)),
        ("infinite_deck_basic_strategy", DeckMode::Infinite),
    ] {
        let game = Blackjack::new(BlackjackRules {
            decks: Decks(decks),
            ..BlackjackRules::default()
        })
        .unwrap();
        let mut bot = game.bot();
        let mut rng = Sampler::new(ChaCha8Source::new(1, 0), game.profile());
        g.bench_function(name, |b| {
            b.iter(|| {
                for _ in 0..1000 {
                    black_box(sim::play_round(&game, black_box(&bet), &mut bot, &mut rng).unwrap());
                }
            })
        });
    }
    g.finish();
    let mut g = c.benchmark_group("blackjack_strategy");
    g.bench_function("compute_basic_strategy", |b| {
        b.iter(|| black_box(Blackjack::new(BlackjackRules::default()).unwrap()))
    });
    g.finish();
}

criterion_group!(benches, blackjack);
criterion_main!(benches);
