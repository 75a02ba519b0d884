#![allow(clippy::unwrap_used)]
//! The example promotions shipped in `bonus/promos/` parse, validate and claim.

use kingpin_bonus::{ClaimContext, PlayerFacts, Promotion, Status};
use kingpin_units::Amount;

fn load(text: &str) -> Promotion {
    let p: Promotion = toml::from_str(text).unwrap();
    p.validate().unwrap();
    p
}

#[test]
fn shipped_examples_claim() {
    let de = PlayerFacts {
        is_new: true,
        vip_level: 0,
        country: "DE".into(),
        prior_deposits: 1,
    };
    let welcome = load(include_str!("../promos/welcome.toml"));
    let ctx = ClaimContext {
        code: Some("welcome100"),
        deposit: Amount::from_minor(5_000),
        ..ClaimContext::new(&de)
    };
    let (b, _) = welcome.claim(&ctx).unwrap();
    assert_eq!(b.requirement(), Amount::from_minor(150_000));
    let us = PlayerFacts {
        country: "US".into(),
        ..de.clone()
    };
    assert!(
        welcome
            .claim(&ClaimContext {
                player: &us,
                ..ctx.clone()
            })
            .is_err()
    );

    let spins = load(include_str!("../promos/free-spins.toml"));
    let (b, _) = spins.claim(&ClaimContext::new(&de)).unwrap();
    assert_eq!(b.status(), Status::FreeRounds);
    assert_eq!(b.free_rounds().unwrap().remaining, 50);

    let reload = load(include_str!("../promos/sticky-reload.toml"));
    let ctx = ClaimContext {
        code: Some("WEEKEND"),
        deposit: Amount::from_minor(20_000),
        ..ClaimContext::new(&de)
    };
    let (b, _) = reload.claim(&ctx).unwrap();
    // 50 % of 200.00 = 100.00; 20 × (100.00 + 200.00).
    assert_eq!(
        (b.granted(), b.requirement()),
        (Amount::from_minor(10_000), Amount::from_minor(600_000))
    );
}
