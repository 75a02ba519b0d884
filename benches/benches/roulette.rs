//! Roulette spins through the real game code with the simulation RNG.
#![allow(missing_docs, clippy::unwrap_used)]

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use kingpin_engine::games::roulette::{Placed, Roulette, RouletteConfig, RouletteParams, Spot};
use kingpin_engine::{Bet, Game};
use kingpin_rng::{ChaCha8Source, Sampler};
use kingpin_units::Amount;

fn roulette(c: &mut Criterion) {
    let game = Roulette::new(RouletteConfig::default()).unwrap();
    let mut g = c.benchmark_group("roulette");
    g.throughput(Throughput::Elements(1000));
    let cases = [
        (
            "straight",
            vec![Placed::new(
                Spot::Straight { number: 17.into() },
                Amount::from_minor(10),
            )],
        ),
        ("red", vec![Placed::new(Spot::Red, Amount::from_minor(10))]),
        (
            "five_bets_with_voisins",
            vec![
                Placed::new(Spot::Straight { number: 17.into() }, Amount::from_minor(10)),
                Placed::new(Spot::Red, Amount::from_minor(10)),
                Placed::new(Spot::Dozen { dozen: 2 }, Amount::from_minor(10)),
                Placed::new(
                    Spot::Split {
                        numbers: [1.into(), 2.into()],
                    },
                    Amount::from_minor(10),
                ),
                Placed::new(Spot::Voisins, Amount::from_minor(90)),
            ],
        ),
    ];
    for (name, bets) in cases {
        let params = RouletteParams::new(bets);
        let bet = Bet::new(params.total_stake().unwrap(), params);
        let mut rng = Sampler::new(ChaCha8Source::new(1, 0), game.profile());
        g.bench_function(format!("sim_spin_{name}"), |b| {
            b.iter(|| {
                for _ in 0..1000 {
                    black_box(game.start(black_box(&bet), &mut rng).unwrap());
                }
            })
        });
    }
    g.finish();
}

criterion_group!(benches, roulette);
criterion_main!(benches);
