//! The bonus state machine: a bet checked, placed and settled; a pricing trial through the
//! engine's real dice via the catalog.
#![allow(missing_docs, clippy::unwrap_used)]

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use kingpin_bonus::pricing::{self, PlayerModel};
use kingpin_bonus::{BetRequest, Promotion, Status};
use kingpin_engine::catalog;
use kingpin_rng::ChaCha8Source;
use kingpin_units::Amount;

const PROMO: &str = r#"
    id = "bench"
    kind = { type = "no_deposit", amount = 1000000000 }
    [terms]
    wagering = { multiple = 1000 }
    weights = { games = { roulette = 10 } }
    expires_after_secs = 1000000000
    max_stake = 1000
"#;

fn bonus(c: &mut Criterion) {
    let promo: Promotion = toml::from_str(PROMO).unwrap();
    let mut g = c.benchmark_group("bonus");
    g.throughput(Throughput::Elements(1000));
    let (mut active, _) = promo.award(0).unwrap();
    let bet = BetRequest {
        game: "roulette".into(),
        stake: Amount::from_minor(100),
        cash_available: Amount::from_minor(50),
    };
    g.bench_function("bet_place_and_settle", |b| {
        b.iter(|| {
            for i in 0..1000u64 {
                active.place_bet(black_box(&bet), i).unwrap();
                let u = active
                    .settle_bet(Amount::from_minor(if i % 2 == 0 { 200 } else { 0 }), i)
                    .unwrap();
                black_box(u);
            }
            assert_eq!(active.status(), Status::Wagering);
        })
    });
    g.finish();

    // One pricing trial: a 10.00 credit wagered 10× at 1.00 on the engine's dice.
    let small: Promotion = toml::from_str(
        &PROMO
            .replace("1000000000 }", "1000 }")
            .replace("multiple = 1000", "multiple = 10"),
    )
    .unwrap();
    let model = PlayerModel {
        game: "dice".into(),
        deposit: Amount::ZERO,
        net_loss: Amount::ZERO,
        stake: Amount::from_minor(100),
        seconds_per_round: 1,
        max_rounds: 1_000_000,
    };
    let mut player =
        catalog::round_player("dice", "{}", r#"{"target": "50", "condition": "over"}"#).unwrap();
    let mut rng = ChaCha8Source::new(1, 0);
    let mut g = c.benchmark_group("bonus_pricing");
    g.throughput(Throughput::Elements(100));
    g.bench_function("trial_dice", |b| {
        b.iter(|| {
            let mut source = |s: Amount| player.play(s, &mut rng).map(|(_, p)| p);
            black_box(pricing::simulate(&small, &model, 100, &mut source).unwrap())
        })
    });
    g.finish();
}

criterion_group!(benches, bonus);
criterion_main!(benches);
