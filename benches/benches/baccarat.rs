//! Baccarat rounds (per-round shuffle of the shoe, lazily dealt) through the real game code.
#![allow(missing_docs, clippy::unwrap_used)]

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use kingpin_engine::cards::DeckMode;
use kingpin_engine::games::baccarat::{Baccarat, BaccaratConfig, BaccaratParams};
use kingpin_engine::{Bet, Game};
use kingpin_rng::{ChaCha8Source, Sampler};
use kingpin_units::Amount;

fn baccarat(c: &mut Criterion) {
    let params = BaccaratParams {
        banker: Amount::from_minor(100),
        player_pair: Amount::from_minor(10),
        ..BaccaratParams::default()
    };
    let bet = Bet::new(params.total().unwrap(), params);
    let mut g = c.benchmark_group("baccarat");
    g.throughput(Throughput::Elements(1000));
    for (name, decks) in [
        ("8_decks", DeckMode::Decks(8)),
        ("infinite", DeckMode::Infinite),
    ] {
        let game = Baccarat::new(BaccaratConfig {
            decks,
            ..BaccaratConfig::default()
        })
        .unwrap();
        let mut rng = Sampler::new(ChaCha8Source::new(1, 0), game.profile());
        g.bench_function(format!("sim_round_{name}"), |b| {
            b.iter(|| {
                for _ in 0..1000 {
                    black_box(game.start(black_box(&bet), &mut rng).unwrap());
                }
            })
        });
    }
    g.finish();
    let game = Baccarat::new(BaccaratConfig::default()).unwrap();
    c.bench_function("baccarat/exact_enumeration_8_decks", |b| {
        b.iter(|| black_box(game.enumerate()))
    });
}

criterion_group!(benches, baccarat);
criterion_main!(benches);
