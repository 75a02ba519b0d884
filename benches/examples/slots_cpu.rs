//! Throughput per CPU-second (user time from /proc/self/stat), for a shared, loaded machine
//! where wall-clock benchmarks understate per-core speed: `cargo run --release -p
//! kingpin-benches --example slots_cpu`.
#![allow(missing_docs, clippy::unwrap_used)]

use std::hint::black_box;

use kingpin_engine::Game;
use kingpin_engine::slots::{Slot, rtp};
use kingpin_rng::{ChaCha8Source, Sampler};

fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap();
    let rest = stat.rsplit(')').next().unwrap();
    let f: Vec<&str> = rest.split_whitespace().collect();
    // Fields after the command: state is [0]; utime [11], stime [12], in clock ticks (100 Hz).
    (f[11].parse::<f64>().unwrap() + f[12].parse::<f64>().unwrap()) / 100.0
}

fn measure(name: &str, n: u64, mut f: impl FnMut()) {
    let t0 = cpu_seconds();
    let w0 = std::time::Instant::now();
    f();
    let cpu = cpu_seconds() - t0;
    let wall = w0.elapsed().as_secs_f64();
    println!(
        "{name}: {n} in {cpu:.2} CPU-s ({wall:.2} s wall): {:.2} M/CPU-s",
        n as f64 / cpu / 1e6
    );
}

fn main() {
    let sizzling =
        Slot::from_json(include_str!("../../games/reference/sizzling_hot.json")).unwrap();
    let stake =
        Slot::from_json(include_str!("../../games/reference/stake_0_0_lines.json")).unwrap();
    if std::env::var("SLOTS_ONLY_BRUTE").is_ok() {
        black_box(rtp::brute_force(&sizzling, "base", 1).unwrap());
        return;
    }
    let mut rng = Sampler::new(ChaCha8Source::new(1, 0), sizzling.profile());
    let scale: u64 = std::env::var("SLOTS_SCALE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let n = 20_000 * scale;
    measure("draw 5 stops", n, || {
        for _ in 0..n {
            for _ in 0..5 {
                black_box(rng.index_below(black_box(25)).unwrap());
            }
        }
    });
    measure("mc spins sizzling", n, || {
        for _ in 0..n {
            black_box(sizzling.play_round_totals("base", &mut rng).unwrap());
        }
    });
    if std::env::var("SLOTS_ONLY_SIZZLING").is_ok() {
        return;
    }
    measure("mc spins sizzling (again)", n, || {
        for _ in 0..n {
            black_box(sizzling.play_round_totals("base", &mut rng).unwrap());
        }
    });
    let n = 10_000 * scale;
    measure("mc rounds 20-line", n, || {
        for _ in 0..n {
            black_box(stake.play_round_totals("base", &mut rng).unwrap());
        }
    });
    let n = 1_000 * scale;
    let bet = kingpin_engine::Bet::new(
        kingpin_units::Amount::from_minor(100),
        kingpin_engine::slots::SlotParams::default(),
    );
    measure(
        "rounds 20-line through the Game trait (outcomes built)",
        n,
        || {
            let mut bot = kingpin_engine::slots::AlwaysContinue;
            for _ in 0..n {
                black_box(
                    kingpin_engine::sim::play_round(&stake, &bet, &mut bot, &mut rng).unwrap(),
                );
            }
        },
    );
    let n = 10_000 * scale;
    measure("slots::simulate 20-line, 1 thread", n, || {
        black_box(
            kingpin_engine::slots::simulate(&stake, "base", bet.stake, n, 7, 1, &|_| {}).unwrap(),
        );
    });
    // Ten enumerations each: one takes well under a second, and CPU time counts in 10 ms ticks.
    let combos = rtp::combinations(&sizzling, "base") as u64;
    measure("brute force sizzling (1 thread)", 10 * combos, || {
        for _ in 0..10 {
            black_box(rtp::brute_force(&sizzling, "base", 1).unwrap());
        }
    });
    measure(
        "brute force sizzling (2 threads; CPU-s of both)",
        10 * combos,
        || {
            for _ in 0..10 {
                black_box(rtp::brute_force(&sizzling, "base", 2).unwrap());
            }
        },
    );
    let t = std::time::Instant::now();
    for _ in 0..100 {
        black_box(rtp::exact(&stake, "base").unwrap());
    }
    println!(
        "exact rtp 20-line: {:.3} ms wall",
        t.elapsed().as_secs_f64() * 10.0
    );
}
