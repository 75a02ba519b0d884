//! The fair stream and the samplers: HMAC rounds/s and samples/s for both profiles.
#![allow(missing_docs, clippy::unwrap_used)]

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use kingpin_rng::{
    ByteStream, ChaCha8Source, ClientSeed, Profile, RandomSource, Sampler, ServerSeed,
};

fn stream() -> ByteStream {
    ByteStream::new(
        &ServerSeed::from_entropy([7; 32]),
        &ClientSeed::new("bench client seed").unwrap(),
        123_456,
    )
}

fn hmac_rounds(c: &mut Criterion) {
    let mut g = c.benchmark_group("stream");
    g.throughput(Throughput::Elements(1));
    let s = stream();
    let mut r = 0u64;
    g.bench_function("hmac_round", |b| {
        b.iter(|| {
            r += 1;
            black_box(s.round_bytes(black_box(r)))
        })
    });
    g.bench_function("new_stream_per_bet", |b| {
        b.iter(|| black_box(stream()).next_u32())
    });
    g.finish();
}

fn samples(c: &mut Criterion) {
    let mut g = c.benchmark_group("sample");
    g.throughput(Throughput::Elements(1000));
    for profile in [Profile::StakeCompatible, Profile::Unbiased] {
        let mut fair = Sampler::new(stream(), profile);
        g.bench_function(format!("fair_index_below_37_{profile:?}"), |b| {
            b.iter(|| {
                for _ in 0..1000 {
                    black_box(fair.index_below(black_box(37)).unwrap());
                }
            })
        });
        let mut sim = Sampler::new(ChaCha8Source::new(1, 0), profile);
        g.bench_function(format!("chacha_index_below_37_{profile:?}"), |b| {
            b.iter(|| {
                for _ in 0..1000 {
                    black_box(sim.index_below(black_box(37)).unwrap());
                }
            })
        });
        g.bench_function(format!("fair_float_{profile:?}"), |b| {
            b.iter(|| {
                for _ in 0..1000 {
                    black_box(fair.float());
                }
            })
        });
    }
    g.finish();
}

criterion_group!(benches, hmac_rounds, samples);
criterion_main!(benches);
