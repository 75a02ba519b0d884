//! Poker: 7-card evaluation in random order, the exhaustive 7-card enumeration, and bot tables.
#![allow(missing_docs, clippy::unwrap_used)]
// Combinations read best as nested index loops.
#![allow(clippy::needless_range_loop)]

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use kingpin_engine::cards::Card;
use kingpin_engine::poker::sim::{Bot, simulate_table};
use kingpin_engine::poker::{Hand, TableConfig};
use kingpin_rng::{ChaCha8Source, Profile, Sampler};

/// Random 7-card hands (distinct cards within a hand), generated before timing.
fn random_hands(n: usize) -> Vec<[Card; 7]> {
    let mut rng = Sampler::new(ChaCha8Source::new(42, 0), Profile::Unbiased);
    let mut deck: Vec<Card> = (0..52).map(|i| Card::from_index(i).unwrap()).collect();
    (0..n)
        .map(|_| {
            let mut h = [deck[0]; 7];
            for (i, slot) in h.iter_mut().enumerate() {
                *slot = *rng.shuffle_step(&mut deck, i).unwrap();
            }
            h
        })
        .collect()
}

fn eval(c: &mut Criterion) {
    const N: usize = 1 << 20;
    let hands = random_hands(N);
    let mut g = c.benchmark_group("poker_eval");
    g.throughput(Throughput::Elements(N as u64));
    g.bench_function("seven_card_random_order", |b| {
        b.iter(|| {
            let mut acc = 0u64;
            for h in &hands {
                let hand = h.iter().fold(Hand::new(), |hand, &c| hand.with(c));
                acc += u64::from(hand.rank().map_or(0, |r| r.value()));
            }
            black_box(acc)
        })
    });
    g.finish();

    let all: Vec<Card> = (0..52).map(|i| Card::from_index(i).unwrap()).collect();
    let mut g = c.benchmark_group("poker_exhaustive");
    g.sample_size(10);
    g.throughput(Throughput::Elements(133_784_560));
    g.bench_function("all_seven_card_hands", |b| {
        b.iter(|| {
            let mut acc = 0u64;
            for a in 0..52 {
                let ha = Hand::new().with(all[a]);
                for b in a + 1..52 {
                    let hb = ha.with(all[b]);
                    for c in b + 1..52 {
                        let hc = hb.with(all[c]);
                        for d in c + 1..52 {
                            let hd = hc.with(all[d]);
                            for e in d + 1..52 {
                                let he = hd.with(all[e]);
                                for f in e + 1..52 {
                                    let hf = he.with(all[f]);
                                    for g in f + 1..52 {
                                        let r = hf.with(all[g]).rank();
                                        acc += u64::from(r.map_or(0, |r| r.value()));
                                    }
                                }
                            }
                        }
                    }
                }
            }
            black_box(acc)
        })
    });
    g.finish();
}

fn table_sim(c: &mut Criterion) {
    let config = TableConfig::default();
    let bots = [
        Bot::Tight,
        Bot::Random,
        Bot::CallingStation,
        Bot::Aggressive,
        Bot::Random,
        Bot::Tight,
    ];
    let mut g = c.benchmark_group("poker_table");
    g.throughput(Throughput::Elements(1_000));
    let mut seed = 0;
    g.bench_function("six_bot_hands", |b| {
        b.iter(|| {
            seed += 1;
            black_box(simulate_table(&config, &bots, 1_000, seed).unwrap())
        })
    });
    g.finish();
}

criterion_group!(benches, eval, table_sim);
criterion_main!(benches);
