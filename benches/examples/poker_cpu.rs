//! Poker evaluator throughput per second of CPU time of this thread (read from
//! `/proc/thread-self/schedstat`), which stays meaningful on a shared, loaded machine where
//! wall-clock benchmarks are not. Linux only. Run with
//! `cargo run --release -p kingpin-benches --example poker_cpu`.
#![allow(missing_docs, clippy::unwrap_used)]
// Combinations read best as nested index loops.
#![allow(clippy::needless_range_loop)]

use std::hint::black_box;

use kingpin_engine::cards::Card;
use kingpin_engine::poker::sim::{Bot, simulate_table};
use kingpin_engine::poker::{Hand, TableConfig, equity_exact};
use kingpin_rng::{ChaCha8Source, Profile, Sampler};

fn cpu_ns() -> u64 {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap();
    s.split_whitespace().next().unwrap().parse().unwrap()
}

fn main() {
    const N: usize = 1 << 20;
    let mut rng = Sampler::new(ChaCha8Source::new(42, 0), Profile::Unbiased);
    let mut deck: Vec<Card> = (0..52).map(|i| Card::from_index(i).unwrap()).collect();
    let hands: Vec<[Card; 7]> = (0..N)
        .map(|_| {
            let mut h = [deck[0]; 7];
            for (i, slot) in h.iter_mut().enumerate() {
                *slot = *rng.shuffle_step(&mut deck, i).unwrap();
            }
            h
        })
        .collect();
    let mut rates = Vec::new();
    for _ in 0..15 {
        let t = cpu_ns();
        let mut acc = 0u64;
        for _ in 0..10 {
            for h in &hands {
                let hand = h.iter().fold(Hand::new(), |hand, &c| hand.with(c));
                acc += u64::from(hand.rank().map_or(0, |r| r.value()));
            }
        }
        black_box(acc);
        let dt = (cpu_ns() - t) as f64 / 1e9;
        rates.push((10 * N) as f64 / dt / 1e6);
    }
    rates.sort_by(f64::total_cmp);
    println!(
        "7-card random order: median {:.1} M evals per CPU-second (min {:.1}, max {:.1})",
        rates[7], rates[0], rates[14]
    );

    let all: Vec<Card> = (0..52).map(|i| Card::from_index(i).unwrap()).collect();
    let mut times = Vec::new();
    for _ in 0..3 {
        let t = cpu_ns();
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
                                    acc +=
                                        u64::from(hf.with(all[g]).rank().map_or(0, |r| r.value()));
                                }
                            }
                        }
                    }
                }
            }
        }
        black_box(acc);
        times.push((cpu_ns() - t) as f64 / 1e9);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "exhaustive 133,784,560 seven-card hands: median {:.3} CPU-seconds",
        times[1]
    );

    let config = TableConfig::default();
    let bots = [
        Bot::Tight,
        Bot::Random,
        Bot::CallingStation,
        Bot::Aggressive,
        Bot::Random,
        Bot::Tight,
    ];
    let mut rates = Vec::new();
    for seed in 0..5 {
        let t = cpu_ns();
        let report = simulate_table(&config, &bots, 20_000, seed).unwrap();
        let dt = (cpu_ns() - t) as f64 / 1e9;
        rates.push(report.hands as f64 / dt);
    }
    rates.sort_by(f64::total_cmp);
    println!(
        "six-bot no-limit table: median {:.0} hands per CPU-second",
        rates[2]
    );

    let card = |s: &str| s.parse::<Card>().unwrap();
    let holes = [[card("Ah"), card("Ad")], [card("Ks"), card("Kc")]];
    let t = cpu_ns();
    let e = equity_exact(&holes, &[], &[]).unwrap();
    let dt = (cpu_ns() - t) as f64 / 1e9;
    println!(
        "exact preflop equity AhAd vs KsKc: {:.4} / {:.4} over {} boards in {:.3} CPU-seconds",
        e.players[0].equity, e.players[1].equity, e.boards, dt
    );
}
