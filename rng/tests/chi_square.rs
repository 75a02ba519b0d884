//! Opt-in statistical test of the unbiased profile: a few million indices, Pearson's
//! chi-square against the 99.9 % critical value. Run with
//! `cargo test -p kingpin-rng --release --test chi_square -- --ignored --nocapture`;
//! the figures of the last run are recorded in `docs/fairness.md` ("Statistical tests").
//!
//! The seeds are fixed, so the outcome is reproducible: a correct sampler fails a given seed
//! with probability 0.1 % per check, and a sampler that changes its output is caught by the
//! value-stability tests anyway.
#![allow(clippy::unwrap_used)] // Test helpers may unwrap: a failure is a test failure.

use kingpin_rng::{
    ByteStream, ChaCha8Source, ClientSeed, Profile, RandomSource, Sampler, ServerSeed,
};

/// 99.9 % quantiles of the chi-square distribution.
const CRITICAL_999_DF9: f64 = 27.877;
const CRITICAL_999_DF36: f64 = 67.985;
const CRITICAL_999_DF99: f64 = 148.230;

/// A large `n` that is not a power of two (and above 2^31, where a 32-bit modulo would be
/// grossly biased), read in 100 buckets of (almost) equal size.
const LARGE_N: u32 = 4_000_000_007;
const BUCKETS: u64 = 100;

fn chi_square(counts: &[u64], probabilities: &[f64]) -> f64 {
    let total: u64 = counts.iter().sum();
    counts
        .iter()
        .zip(probabilities)
        .map(|(&c, &p)| {
            let e = total as f64 * p;
            (c as f64 - e).powi(2) / e
        })
        .sum()
}

fn check<R: RandomSource>(label: &str, mut s: Sampler<R>) {
    // n = 37 (roulette) and n = 10, every index its own cell.
    for (n, draws, critical) in [
        (37u32, 3_700_000u64, CRITICAL_999_DF36),
        (10, 2_000_000, CRITICAL_999_DF9),
    ] {
        let mut counts = vec![0u64; n as usize];
        for _ in 0..draws {
            counts[s.index_below(n).unwrap() as usize] += 1;
        }
        let stat = chi_square(&counts, &vec![1.0 / f64::from(n); n as usize]);
        println!(
            "{label}: n = {n}, {draws} draws, chi2 = {stat:.3} (df {}, 99.9 % critical {critical})",
            n - 1
        );
        assert!(
            stat < critical,
            "{label}: n = {n}: chi2 {stat} >= {critical}"
        );
    }

    // Large n, bucketed: bucket b holds the indices i with floor(i·100/n) = b, whose exact
    // number is ceil((b+1)·n/100) − ceil(b·n/100).
    let n = u64::from(LARGE_N);
    let first_of = |b: u64| (b * n).div_ceil(BUCKETS);
    let probabilities: Vec<f64> = (0..BUCKETS)
        .map(|b| (first_of(b + 1) - first_of(b)) as f64 / n as f64)
        .collect();
    let draws = 5_000_000u64;
    let mut counts = vec![0u64; BUCKETS as usize];
    for _ in 0..draws {
        let i = u64::from(s.index_below(LARGE_N).unwrap());
        counts[(i * BUCKETS / n) as usize] += 1;
    }
    let stat = chi_square(&counts, &probabilities);
    println!(
        "{label}: n = {LARGE_N} in {BUCKETS} buckets, {draws} draws, chi2 = {stat:.3} \
         (df {}, 99.9 % critical {CRITICAL_999_DF99})",
        BUCKETS - 1
    );
    assert!(stat < CRITICAL_999_DF99, "{label}: large n: chi2 {stat}");
}

#[test]
#[ignore = "statistical, a few seconds in release: cargo test -p kingpin-rng --release -- --ignored"]
fn unbiased_indices_pass_chi_square_on_the_fair_stream() {
    let stream = ByteStream::new(
        &ServerSeed::new("kingpin chi-square server seed").unwrap(),
        &ClientSeed::new("kingpin chi-square client seed").unwrap(),
        0,
    );
    check("fair stream", Sampler::new(stream, Profile::Unbiased));
}

#[test]
#[ignore = "statistical, a few seconds in release: cargo test -p kingpin-rng --release -- --ignored"]
fn unbiased_indices_pass_chi_square_on_chacha8() {
    check(
        "chacha8",
        Sampler::new(ChaCha8Source::new(20_261_129, 0), Profile::Unbiased),
    );
}
