//! Slots: exact RTP, brute-force enumeration, Monte Carlo spins and full rounds.
#![allow(missing_docs, clippy::unwrap_used)]

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use kingpin_engine::slots::{Slot, SlotDefinition, SlotParams, rtp};
use kingpin_engine::{Bet, Game, sim};
use kingpin_rng::{ChaCha8Source, Sampler};
use kingpin_units::Amount;

const SIZZLING: &str = include_str!("../../games/reference/sizzling_hot.json");
const STAKE: &str = include_str!("../../games/reference/stake_0_0_lines.json");

fn slots(c: &mut Criterion) {
    let sizzling = Slot::from_json(SIZZLING).unwrap();
    let stake = Slot::from_json(STAKE).unwrap();
    let mut g = c.benchmark_group("slots");

    g.bench_function("exact_rtp_20_line_free_spins", |b| {
        b.iter(|| black_box(rtp::exact(black_box(&stake), "base").unwrap()))
    });

    // Brute force on one thread: Sizzling Hot, reel set A (25^5 = 9,765,625 combinations).
    let combos = rtp::combinations(&sizzling, "base") as u64;
    g.throughput(Throughput::Elements(combos));
    g.sample_size(10);
    g.bench_function("brute_force_sizzling_1_thread", |b| {
        b.iter(|| black_box(rtp::brute_force(black_box(&sizzling), "base", 1).unwrap()))
    });

    g.sample_size(20);
    g.throughput(Throughput::Elements(100_000));
    // The floor under any spin: drawing 5 unbiased stops (strips of 25) from ChaCha8.
    let mut rng = Sampler::new(ChaCha8Source::new(4, 0), sizzling.profile());
    g.bench_function("draw_5_stops_only", |b| {
        b.iter(|| {
            for _ in 0..100_000 {
                for _ in 0..5 {
                    black_box(rng.index_below(black_box(25)).unwrap());
                }
            }
        })
    });
    let mut rng = Sampler::new(ChaCha8Source::new(1, 0), sizzling.profile());
    g.bench_function("mc_spins_sizzling", |b| {
        b.iter(|| {
            for _ in 0..100_000 {
                black_box(sizzling.play_round_totals("base", &mut rng).unwrap());
            }
        })
    });
    let mut rng = Sampler::new(ChaCha8Source::new(2, 0), stake.profile());
    g.bench_function("mc_rounds_20_line", |b| {
        b.iter(|| {
            for _ in 0..100_000 {
                black_box(stake.play_round_totals("base", &mut rng).unwrap());
            }
        })
    });
    // Through the Game trait with full outcomes (what `kingpin simulate` and live play run).
    g.throughput(Throughput::Elements(10_000));
    let bet = Bet::new(Amount::from_minor(100), SlotParams::default());
    let mut bot = kingpin_engine::slots::AlwaysContinue;
    let mut rng = Sampler::new(ChaCha8Source::new(3, 0), stake.profile());
    g.bench_function("game_trait_rounds_20_line", |b| {
        b.iter(|| {
            for _ in 0..10_000 {
                black_box(sim::play_round(&stake, &bet, &mut bot, &mut rng).unwrap());
            }
        })
    });
    g.finish();
    let _: Option<SlotDefinition> = None;
}

criterion_group!(benches, slots);
criterion_main!(benches);
