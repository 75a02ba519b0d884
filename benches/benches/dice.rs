//! Dice rounds through the real game code: simulation RNG and fair stream.
#![allow(missing_docs, clippy::unwrap_used)]

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use kingpin_engine::games::dice::{Condition, Dice, DiceConfig, DiceParams, Hundredths};
use kingpin_engine::{Bet, Game, fair};
use kingpin_rng::{ChaCha8Source, ClientSeed, Sampler, ServerSeed};
use kingpin_units::Amount;

fn dice(c: &mut Criterion) {
    let dice = Dice::new(DiceConfig::default()).unwrap();
    let bet = Bet::new(
        Amount::from_minor(100),
        DiceParams::new(Hundredths(5000), Condition::Over),
    );
    let mut g = c.benchmark_group("dice");
    g.throughput(Throughput::Elements(1000));
    let mut rng = Sampler::new(ChaCha8Source::new(1, 0), dice.profile());
    g.bench_function("sim_round", |b| {
        b.iter(|| {
            for _ in 0..1000 {
                black_box(dice.start(black_box(&bet), &mut rng).unwrap());
            }
        })
    });
    let server = ServerSeed::from_entropy([3; 32]);
    let client = ClientSeed::new("client").unwrap();
    let mut nonce = 0;
    g.bench_function("fair_round_from_seeds", |b| {
        b.iter(|| {
            for _ in 0..1000 {
                nonce += 1;
                black_box(fair::start(&dice, &bet, &server, &client, nonce).unwrap());
            }
        })
    });
    g.finish();
}

criterion_group!(benches, dice);
criterion_main!(benches);
