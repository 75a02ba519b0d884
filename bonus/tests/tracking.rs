#![allow(clippy::unwrap_used)]
//! The tracking invariants, as properties over random sequences of bets, results, free rounds,
//! withdrawals and expiry.

use std::collections::BTreeMap;

use kingpin_bonus::{
    AccountKind, BetRequest, BonusError, ClaimContext, ConversionCap, Event, FundsOrder,
    PlayerFacts, Promotion, Reason, Status, TransferIntent, WithdrawalRule,
};
use kingpin_units::Amount;
use proptest::prelude::*;

/// A toy ledger that applies intents and refuses to let a player account go negative.
#[derive(Default, Debug)]
struct Ledger(BTreeMap<AccountKind, i128>);

impl Ledger {
    fn apply(&mut self, intents: &[TransferIntent]) {
        for t in intents {
            assert!(!t.amount.is_zero(), "zero intents are never emitted");
            assert_ne!(t.debit, t.credit);
            *self.0.entry(t.debit).or_default() -= i128::from(t.amount.minor());
            *self.0.entry(t.credit).or_default() += i128::from(t.amount.minor());
        }
        for k in [AccountKind::PlayerCash, AccountKind::PlayerBonus] {
            assert!(self.get(k) >= 0, "{k:?} went negative: {self:?}");
        }
        assert_eq!(self.0.values().sum::<i128>(), 0);
    }
    fn get(&self, k: AccountKind) -> i128 {
        self.0.get(&k).copied().unwrap_or(0)
    }
}

fn promo(
    kind: &str,
    sticky: bool,
    order: FundsOrder,
    cap: Option<ConversionCap>,
    rule: WithdrawalRule,
    multiple: u32,
) -> Promotion {
    let mut p: Promotion = toml::from_str(&format!(
        r#"
        id = "p"
        kind = {kind}
        [terms]
        wagering = {{ multiple = {multiple}, base = "{base}" }}
        expires_after_secs = 1000
        max_stake = 400
        weights = {{ games = {{ roulette = 10, blackjack = "5" }}, excluded = ["crash"] }}
        "#,
        base = if kind.contains("free_") {
            "free_round_winnings"
        } else {
            "bonus_and_deposit"
        },
    ))
    .unwrap();
    p.terms.sticky = sticky;
    p.terms.funds_order = order;
    p.terms.max_conversion = cap;
    p.terms.on_withdrawal = rule;
    p.validate().unwrap();
    p
}

#[derive(Clone, Debug)]
enum Op {
    Bet {
        game: u8,
        stake: u64,
        payout_pct: u16,
    },
    Free {
        payout: u64,
        wrong_game: bool,
    },
    Withdraw,
    Expire,
    Wait(u64),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        30 => (0u8..5, 0u64..600, 0u16..400).prop_map(|(game, stake, payout_pct)| Op::Bet { game, stake, payout_pct }),
        6 => (0u64..3000, any::<bool>()).prop_map(|(payout, wrong_game)| Op::Free { payout, wrong_game }),
        1 => Just(Op::Withdraw),
        1 => Just(Op::Expire),
        3 => (0u64..300).prop_map(Op::Wait),
    ]
}

const GAMES: [&str; 5] = ["slots", "roulette", "blackjack", "crash", "dice"];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn invariants_hold(
        kind in 0usize..4,
        sticky in any::<bool>(),
        bonus_first in any::<bool>(),
        cap in prop_oneof![Just(None), (1u64..3000).prop_map(|a| Some(ConversionCap::Fixed(Amount::from_minor(a)))), (1u32..4).prop_map(|m| Some(ConversionCap::BonusMultiple(m)))],
        block in any::<bool>(),
        multiple in 0u32..6,
        deposit in 2u64..2000,
        ops in proptest::collection::vec(op(), 0..80),
    ) {
        let kinds = [
            r#"{ type = "deposit_match", percent = 100, max = 1000 }"#,
            r#"{ type = "reload", percent = "50", max = 500 }"#,
            r#"{ type = "free_spins", game = "slots", count = 3, stake = 20 }"#,
            r#"{ type = "free_bet", game = "dice", stake = 100 }"#,
        ];
        let order = if bonus_first { FundsOrder::BonusFirst } else { FundsOrder::CashFirst };
        let rule = if block { WithdrawalRule::Block } else { WithdrawalRule::Forfeit };
        let p = promo(kinds[kind], sticky, order, cap, rule, multiple);
        let player = PlayerFacts { is_new: true, vip_level: 0, country: "DE".into(), prior_deposits: 1 };
        let ctx = ClaimContext { deposit: Amount::from_minor(deposit), ..ClaimContext::new(&player) };
        let mut ledger = Ledger::default();
        // The deposit arrives in cash first (outside the bonus).
        ledger.apply(&[TransferIntent::new(AccountKind::House, AccountKind::PlayerCash, ctx.deposit, Reason::PayoutCash)]);
        let (mut bonus, intents) = p.claim(&ctx).unwrap();
        ledger.apply(&intents);
        let mut conversions = intents.iter().filter(|t| t.reason == Reason::Conversion).count();
        let mut now = 0u64;
        let mut last_progress = bonus.progress_exact().0;
        // The house's side, computed from the games alone: stakes in, payouts out.
        let mut house_expected = -i128::from(deposit);
        for op in ops {
            let before = bonus.clone();
            let result: Result<kingpin_bonus::Update, BonusError> = match op {
                Op::Bet { game, stake, payout_pct } => {
                    let cash = Amount::from_minor(u64::try_from(ledger.get(AccountKind::PlayerCash)).unwrap());
                    let bet = BetRequest { game: GAMES[usize::from(game)].into(), stake: Amount::from_minor(stake), cash_available: cash };
                    match bonus.place_bet(&bet, now) {
                        Ok(u) => {
                            ledger.apply(&u.intents);
                            let payout = Amount::from_minor(stake * u64::from(payout_pct) / 100);
                            let settled = bonus.settle_bet(payout, now);
                            if settled.is_ok() {
                                house_expected += i128::from(stake) - i128::from(payout.minor());
                            }
                            settled
                        }
                        Err(e) => Err(e),
                    }
                }
                Op::Free { payout, wrong_game } => {
                    let game = match (bonus.free_rounds(), wrong_game) {
                        (Some(f), false) => f.game.clone(),
                        _ => "roulette".into(),
                    };
                    let free_stake = bonus.free_rounds().map_or(0, |f| f.stake.minor());
                    let played = bonus.play_free_round(&game, Amount::from_minor(payout), now);
                    if played.is_ok() {
                        house_expected += i128::from(free_stake) - i128::from(payout);
                    }
                    played
                }
                Op::Withdraw => bonus.request_withdrawal(now),
                Op::Expire => bonus.expire(now),
                Op::Wait(s) => { now += s; continue; }
            };
            match result {
                Ok(u) => {
                    ledger.apply(&u.intents);
                    conversions += u.intents.iter().filter(|t| t.reason == Reason::Conversion).count();
                    if let Some(Event::Completed { converted, .. }) = u.event {
                        prop_assert_eq!(converted, bonus.converted());
                    }
                }
                Err(_) => prop_assert_eq!(&bonus, &before, "a refused request changed the bonus"),
            }
            // Progress never decreases.
            let progress = bonus.progress_exact().0;
            prop_assert!(progress >= last_progress);
            last_progress = progress;
            // The house account moved exactly by the games' stakes and payouts.
            prop_assert_eq!(ledger.get(AccountKind::House), house_expected);
            // The bonus account holds exactly the bonus balance.
            prop_assert_eq!(ledger.get(AccountKind::PlayerBonus), i128::from(bonus.balance().minor()));
            // Conversion at most once, never above the cap.
            prop_assert!(conversions <= 1);
            if let Some(ConversionCap::Fixed(a)) = cap { prop_assert!(bonus.converted() <= a); }
            if let Some(ConversionCap::BonusMultiple(m)) = cap { prop_assert!(bonus.converted().minor() <= bonus.granted().minor() * u64::from(m)); }
            if bonus.status() != Status::Completed { prop_assert!(bonus.converted().is_zero()); }
            if bonus.status().is_final() { prop_assert!(bonus.balance().is_zero()); }
        }
        // Cash seen by the ledger = deposit + every cash movement the intents described.
        prop_assert!(ledger.get(AccountKind::PlayerCash) >= 0);
    }

    #[test]
    fn a_refused_bet_changes_nothing(stake in 0u64..5000, game in 0u8..5, cash in 0u64..300) {
        let p = promo(r#"{ type = "deposit_match", percent = 100, max = 1000 }"#, false, FundsOrder::CashFirst, None, WithdrawalRule::Forfeit, 10);
        let player = PlayerFacts::default();
        let (mut bonus, _) = p.claim(&ClaimContext { deposit: Amount::from_minor(100), ..ClaimContext::new(&player) }).unwrap();
        let before = bonus.clone();
        let bet = BetRequest { game: GAMES[usize::from(game)].into(), stake: Amount::from_minor(stake), cash_available: Amount::from_minor(cash) };
        let checked = bonus.check_bet(&bet, 5);
        match bonus.place_bet(&bet, 5) {
            Ok(u) => {
                prop_assert!(checked.is_ok());
                let s = checked.unwrap();
                prop_assert_eq!(s.cash.minor() + s.bonus.minor(), stake);
                prop_assert_eq!(u.intents.iter().map(|t| t.amount.minor()).sum::<u64>(), stake);
            }
            Err(e) => {
                prop_assert_eq!(checked.unwrap_err(), e);
                prop_assert_eq!(bonus, before);
            }
        }
    }
}

fn usd(minor: u64) -> Amount {
    Amount::from_minor(minor)
}

#[test]
fn each_term_refuses_with_its_reason() {
    let p = promo(
        r#"{ type = "deposit_match", percent = 100, max = 1000 }"#,
        false,
        FundsOrder::CashFirst,
        None,
        WithdrawalRule::Block,
        10,
    );
    let player = PlayerFacts::default();
    let (mut b, _) = p
        .claim(&ClaimContext {
            now: 0,
            deposit: usd(500),
            ..ClaimContext::new(&player)
        })
        .unwrap();
    let bet = |game: &str, stake: u64, cash: u64| BetRequest {
        game: game.into(),
        stake: usd(stake),
        cash_available: usd(cash),
    };
    fn reason<T: std::fmt::Debug>(r: Result<T, BonusError>) -> String {
        r.unwrap_err().to_string()
    }
    assert!(
        reason(b.check_bet(&bet("slots", 401, 500), 1)).contains("above the maximum stake 400")
    );
    assert!(reason(b.check_bet(&bet("crash", 10, 500), 1)).contains("\"crash\" cannot be played"));
    assert!(reason(b.check_bet(&bet("slots", 0, 500), 1)).contains("above zero"));
    assert!(reason(b.check_bet(&bet("slots", 10, 500), 1000)).contains("expired at 1000"));
    // Cash first: 300 cash + 500 bonus covers 400 but 100 cash + 250 bonus ...
    assert_eq!(
        b.check_bet(&bet("slots", 400, 100), 1).unwrap().bonus,
        usd(300)
    );
    b.place_bet(&bet("slots", 400, 0), 1).unwrap();
    assert!(reason(b.place_bet(&bet("slots", 10, 0), 1)).contains("already open"));
    b.settle_bet(Amount::ZERO, 2).unwrap();
    assert!(
        reason(b.check_bet(&bet("slots", 200, 50), 3))
            .contains("more than cash 50 plus bonus money 100")
    );
    assert!(reason(b.request_withdrawal(3)).contains("withdrawal blocked"));
    assert!(reason(b.expire(999)).contains("does not expire before 1000"));
    let u = b.expire(1000).unwrap();
    assert_eq!(
        u.event,
        Some(Event::Expired {
            forfeited: usd(100),
            rounds_lost: 0
        })
    );
    assert!(matches!(
        b.expire(1001),
        Err(BonusError::NotActive(Status::Expired))
    ));
}

#[test]
fn weights_count_exactly_below_a_minor_unit() {
    // 5 % of a 1-unit stake is 0.05 units: twenty such bets count one unit, nothing is lost.
    let p = promo(
        r#"{ type = "deposit_match", percent = 100, max = 1000 }"#,
        false,
        FundsOrder::CashFirst,
        None,
        WithdrawalRule::Forfeit,
        1,
    );
    let player = PlayerFacts::default();
    let (mut b, _) = p
        .claim(&ClaimContext {
            deposit: usd(1),
            ..ClaimContext::new(&player)
        })
        .unwrap();
    // requirement: 1 × (1 bonus + 1 deposit) = 2 units.
    assert_eq!(b.requirement(), usd(2));
    for i in 0..39 {
        b.place_bet(
            &BetRequest {
                game: "blackjack".into(),
                stake: usd(1),
                cash_available: usd(1_000),
            },
            i,
        )
        .unwrap();
        b.settle_bet(usd(1), i).unwrap();
    }
    assert_eq!(b.progress_exact(), (39 * 500, 20_000));
    assert_eq!(b.status(), Status::Wagering);
    b.place_bet(
        &BetRequest {
            game: "blackjack".into(),
            stake: usd(1),
            cash_available: usd(1_000),
        },
        40,
    )
    .unwrap();
    let u = b.settle_bet(usd(1), 40).unwrap();
    assert_eq!(
        u.event,
        Some(Event::Completed {
            converted: usd(1),
            remainder: Amount::ZERO
        })
    );
}

#[test]
fn sticky_bonus_keeps_only_winnings_above_itself() {
    let p = promo(
        r#"{ type = "deposit_match", percent = 100, max = 1000 }"#,
        true,
        FundsOrder::BonusFirst,
        None,
        WithdrawalRule::Forfeit,
        1,
    );
    let player = PlayerFacts::default();
    let (mut b, _) = p
        .claim(&ClaimContext {
            deposit: usd(100),
            ..ClaimContext::new(&player)
        })
        .unwrap();
    b.place_bet(
        &BetRequest {
            game: "slots".into(),
            stake: usd(100),
            cash_available: usd(100),
        },
        1,
    )
    .unwrap();
    b.settle_bet(usd(250), 1).unwrap();
    b.place_bet(
        &BetRequest {
            game: "slots".into(),
            stake: usd(100),
            cash_available: usd(100),
        },
        2,
    )
    .unwrap();
    let u = b.settle_bet(usd(100), 2).unwrap();
    // Balance 250: the sticky 100 returns to the budget, 150 becomes cash.
    assert_eq!(
        u.event,
        Some(Event::Completed {
            converted: usd(150),
            remainder: usd(100)
        })
    );
    assert!(matches!(
        b.settle_bet(usd(1), 3),
        Err(BonusError::BetSequence(_))
    ));
}
