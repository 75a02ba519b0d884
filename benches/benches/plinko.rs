//! Plinko drops through the real game code with the simulation RNG.
#![allow(missing_docs, clippy::unwrap_used)]

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use kingpin_engine::games::plinko::{Plinko, PlinkoConfig, PlinkoParams, Risk};
use kingpin_engine::{Bet, Game};
use kingpin_rng::{ChaCha8Source, Profile, Sampler};
use kingpin_units::Amount;

fn plinko(c: &mut Criterion) {
    let mut g = c.benchmark_group("plinko");
    g.throughput(Throughput::Elements(1000));
    for profile in [Profile::StakeCompatible, Profile::Unbiased] {
        let game = Plinko::new(PlinkoConfig {
            profile,
            ..PlinkoConfig::default()
        })
        .unwrap();
        let bet = Bet::new(
            Amount::from_minor(100),
            PlinkoParams {
                rows: 16,
                risk: Risk::High,
            },
        );
        let mut rng = Sampler::new(ChaCha8Source::new(1, 0), game.profile());
        g.bench_function(format!("sim_drop_16_rows_{profile:?}"), |b| {
            b.iter(|| {
                for _ in 0..1000 {
                    black_box(game.start(black_box(&bet), &mut rng).unwrap());
                }
            })
        });
    }
    g.finish();
}

criterion_group!(benches, plinko);
criterion_main!(benches);
