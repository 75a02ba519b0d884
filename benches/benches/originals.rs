//! The instant originals (limbo, keno, wheel, mines, crash) through the real game code with the
//! simulation RNG.
#![allow(missing_docs, clippy::unwrap_used)]

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use kingpin_engine::games::crash::{AutoOnly, Crash, CrashConfig, CrashParams};
use kingpin_engine::games::keno::{Keno, KenoConfig, KenoParams, KenoRisk};
use kingpin_engine::games::limbo::{Limbo, LimboConfig, LimboParams};
use kingpin_engine::games::mines::{Mines, MinesConfig, MinesParams, RevealThenCashOut};
use kingpin_engine::games::wheel::{Wheel, WheelConfig, WheelParams, WheelRisk};
use kingpin_engine::{Bet, Game, sim};
use kingpin_rng::{ChaCha8Source, Sampler};
use kingpin_units::Amount;

fn originals(c: &mut Criterion) {
    let stake = Amount::from_minor(100);
    let mut g = c.benchmark_group("originals");
    g.throughput(Throughput::Elements(1000));

    let limbo = Limbo::new(LimboConfig::default()).unwrap();
    let bet = Bet::new(stake, LimboParams { target: 200 });
    let mut rng = Sampler::new(ChaCha8Source::new(1, 0), limbo.profile());
    g.bench_function("limbo_round", |b| {
        b.iter(|| {
            for _ in 0..1000 {
                black_box(limbo.start(black_box(&bet), &mut rng).unwrap());
            }
        })
    });

    let keno = Keno::new(KenoConfig::default()).unwrap();
    let bet = Bet::new(
        stake,
        KenoParams {
            picks: vec![1, 5, 9, 13, 17, 21, 25, 29, 33, 37],
            risk: KenoRisk::Medium,
        },
    );
    let mut rng = Sampler::new(ChaCha8Source::new(1, 0), keno.profile());
    g.bench_function("keno_round_10_picks", |b| {
        b.iter(|| {
            for _ in 0..1000 {
                black_box(keno.start(black_box(&bet), &mut rng).unwrap());
            }
        })
    });

    let wheel = Wheel::new(WheelConfig::default()).unwrap();
    let bet = Bet::new(
        stake,
        WheelParams {
            segments: 50,
            risk: WheelRisk::Medium,
        },
    );
    let mut rng = Sampler::new(ChaCha8Source::new(1, 0), wheel.profile());
    g.bench_function("wheel_round_50_segments", |b| {
        b.iter(|| {
            for _ in 0..1000 {
                black_box(wheel.start(black_box(&bet), &mut rng).unwrap());
            }
        })
    });

    let mines = Mines::new(MinesConfig::default()).unwrap();
    let bet = Bet::new(stake, MinesParams { mines: 3 });
    let mut rng = Sampler::new(ChaCha8Source::new(1, 0), mines.profile());
    let mut bot = RevealThenCashOut::default();
    g.bench_function("mines_round_3_mines_3_reveals", |b| {
        b.iter(|| {
            for _ in 0..1000 {
                black_box(sim::play_round(&mines, black_box(&bet), &mut bot, &mut rng).unwrap());
            }
        })
    });

    let crash = Crash::new(CrashConfig::default()).unwrap();
    let bet = Bet::new(stake, CrashParams { target: Some(200) });
    let mut rng = Sampler::new(ChaCha8Source::new(1, 0), crash.profile());
    g.bench_function("crash_round_auto_target", |b| {
        b.iter(|| {
            for _ in 0..1000 {
                black_box(
                    sim::play_round(&crash, black_box(&bet), &mut AutoOnly, &mut rng).unwrap(),
                );
            }
        })
    });
    g.finish();
}

criterion_group!(benches, originals);
criterion_main!(benches);
