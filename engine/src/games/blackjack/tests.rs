//! Tests of the whole game: scripted deals, the DP against published values, simulation
//! against the exact edge, invariants by proptest, and golden rounds.

use alloc::string::String;
use alloc::vec::Vec;

use kingpin_rng::{ByteStream, ChaCha8Source, ClientSeed, Profile, RandomSource, ServerSeed};
use kingpin_units::Amount;
use proptest::prelude::*;

use super::strategy::{BasicStrategy, dealer_distribution};
use super::*;
use crate::cards::{Card, DeckMode};
use crate::{Bet, Game, Step};

/// A source that deals chosen cards from an infinite deck (unbiased profile: `v mod 52`).
struct Scripted(Vec<u64>, usize);

impl Scripted {
    fn new(cards: &str) -> Scripted {
        let v = cards
            .split_whitespace()
            .map(|c| u64::from(c.parse::<Card>().unwrap().index()) + 52 * 1_000_000)
            .collect();
        Scripted(v, 0)
    }
}

impl RandomSource for Scripted {
    fn next_u32(&mut self) -> u32 {
        unreachable!("blackjack draws 64-bit words")
    }
    fn next_u64(&mut self) -> u64 {
        let v = self
            .0
            .get(self.1)
            .copied()
            .expect("script ran out of cards");
        self.1 += 1;
        v
    }
}

fn infinite(f: impl FnOnce(&mut BlackjackRules)) -> Blackjack {
    let mut r = BlackjackRules {
        decks: Decks(DeckMode::Infinite),
        ..BlackjackRules::default()
    };
    f(&mut r);
    Blackjack::new(r).unwrap()
}

fn bet(stake: u64) -> Bet<BlackjackParams> {
    Bet::new(Amount::from_minor(stake), BlackjackParams {})
}

/// Play a scripted round: cards in dealing order, then the actions.
fn play(game: &Blackjack, cards: &str, actions: &[Action]) -> (Settlement<BlackjackOutcome>, u64) {
    let mut rng = Sampler::new(Scripted::new(cards), Profile::Unbiased);
    let mut step = game.start(&bet(100), &mut rng).unwrap();
    let mut extra = 0;
    for a in actions {
        let Step::InProgress(p) = step else {
            panic!("settled before {a:?}")
        };
        step = game.act(&p.state, a, &mut rng).unwrap();
        if let Step::InProgress(p) = &step {
            extra += p.extra_stake.minor();
        }
    }
    let Step::Settled(s) = step else {
        panic!("not settled")
    };
    (s, extra)
}

#[test]
fn natural_pays_three_to_two_and_six_to_five() {
    let g = infinite(|_| {});
    // player A, dealer 9, player K, hole 7.
    let (s, _) = play(&g, "Ah 9c Kd 7s", &[]);
    assert_eq!(s.payout, Amount::from_minor(250));
    assert_eq!(s.outcome.hands[0].result, HandResult::Blackjack);
    let g = infinite(|r| r.blackjack_pays = BlackjackPays::SixToFive);
    assert_eq!(
        play(&g, "Ah 9c Kd 7s", &[]).0.payout,
        Amount::from_minor(220)
    );
}

#[test]
fn dealer_peek_blackjack_ends_the_round() {
    let g = infinite(|_| {});
    // dealer T up, A in the hole: peek, player loses the original stake only.
    let (s, _) = play(&g, "9h Tc 8d As", &[]);
    assert!(s.outcome.dealer_blackjack);
    assert_eq!((s.total_stake.minor(), s.payout.minor()), (100, 0));
    // Insurance against an ace that wins: 50 pays 150, main bet lost.
    let (s, _) = play(&g, "9h Ac 8d Ks", &[Action::Insurance]);
    assert_eq!((s.total_stake.minor(), s.payout.minor()), (150, 150));
    // Even money on a natural against an ace.
    let (s, _) = play(&g, "Ah Ac Kd 5s", &[Action::EvenMoney]);
    assert_eq!((s.total_stake.minor(), s.payout.minor()), (100, 200));
    assert_eq!(s.outcome.hands[0].result, HandResult::EvenMoney);
}

#[test]
fn double_split_and_dealer_draws() {
    let g = infinite(|_| {});
    // Player 5,6 vs dealer 6 (hole T): double, gets 9 → 20; dealer 16 draws 5 → 21.
    let (s, extra) = play(&g, "5h 6c 6d Ts 9h 5c", &[Action::Double]);
    assert_eq!(extra, 0, "the round settled on the double");
    assert_eq!(s.total_stake.minor(), 200);
    assert_eq!(s.outcome.dealer_total, 21);
    assert_eq!(s.payout.minor(), 0);
    // Split 8s vs dealer 6 (hole T): hand 1 gets 3 (11) doubles with T → 21; hand 2 gets 9 → 17,
    // stand; dealer 16 draws T and busts.
    let (s, extra) = play(
        &g,
        "8h 6c 8d Ts 3c Td 9h Tc",
        &[Action::Split, Action::Double, Action::Stand],
    );
    assert_eq!(extra, 100 + 100, "split then double reported as deltas");
    assert_eq!(s.total_stake.minor(), 300);
    assert_eq!(s.payout.minor(), 600);
    assert_eq!(s.outcome.hands.len(), 2);
    assert!(s.outcome.hands[0].doubled);
}

#[test]
fn split_aces_take_one_card() {
    let g = infinite(|_| {});
    // A,A vs 7 (hole 9): split; each ace gets one card (K, 9) → 21 and 20; dealer 16... 7+9 = 16
    // hits 5 → 21.
    let (s, _) = play(&g, "Ah 7c Ad 9s Kc 9h 5d", &[Action::Split]);
    assert_eq!(s.outcome.hands[0].total, 21);
    assert_eq!(
        s.outcome.hands[0].result,
        HandResult::Push,
        "21 after a split is no blackjack"
    );
    assert_eq!(s.outcome.hands[1].result, HandResult::Lose);
    assert_eq!(s.payout.minor(), 100);
}

#[test]
fn surrender_and_enhc() {
    let g = infinite(|r| r.late_surrender = true);
    let (s, _) = play(&g, "Th 9c 6d 8s", &[Action::Surrender]);
    assert_eq!((s.total_stake.minor(), s.payout.minor()), (100, 50));
    // ENHC, lose-all: double 11 vs T, dealer's second card A → everything lost.
    let all = infinite(|r| {
        r.hole_card = HoleCard::NoHoleCard;
        r.insurance = false;
    });
    let (s, _) = play(&all, "5h Tc 6d 9s Ah", &[Action::Double]);
    assert!(s.outcome.dealer_blackjack);
    assert_eq!((s.total_stake.minor(), s.payout.minor()), (200, 0));
    let obo = infinite(|r| {
        r.hole_card = HoleCard::NoHoleCard;
        r.insurance = false;
        r.enhc_loss = EnhcLoss::OriginalOnly;
    });
    let (s, _) = play(&obo, "5h Tc 6d 9s Ah", &[Action::Double]);
    assert_eq!((s.total_stake.minor(), s.payout.minor()), (200, 100));
    // ENHC player natural: the dealer's second card decides (T up, A → push).
    let (s, _) = play(&obo, "Ah Tc Kd As", &[]);
    assert_eq!(s.outcome.hands[0].result, HandResult::Push);
}

#[test]
fn illegal_actions_are_errors() {
    let g = infinite(|_| {});
    let mut rng = Sampler::new(Scripted::new("9h 6c 7d Ts"), Profile::Unbiased);
    let Step::InProgress(p) = g.start(&bet(100), &mut rng).unwrap() else {
        panic!()
    };
    assert_eq!(
        g.legal_actions(&p.state),
        [Action::Hit, Action::Stand, Action::Double]
    );
    for a in [
        Action::Split,
        Action::Surrender,
        Action::Insurance,
        Action::EvenMoney,
    ] {
        assert!(matches!(
            g.act(&p.state, &a, &mut rng),
            Err(GameError::IllegalAction(_))
        ));
    }
    assert!(g.start(&bet(0), &mut rng).is_err());
    assert!(g.start(&bet(u64::MAX / 4), &mut rng).is_err());
}

/// Dealer bust probabilities for an infinite deck, dealer stands on soft 17, unconditioned
/// (a dealer blackjack counts as not busting). Up cards 2, 3 and 7–10 carry the infinite-deck
/// figures as published (Wizard of Odds, blackjack appendix 2B); every value was also checked
/// against an independent exact computation in rational arithmetic (see
/// `docs/games/blackjack.md`).
#[test]
fn dealer_bust_probabilities_match_published_values() {
    let published = [
        (2, 0.353608),
        (3, 0.373875),
        (7, 0.262312),
        (8, 0.244741),
        (9, 0.228425),
        (10, 0.212109),
    ];
    for (up, p) in published {
        assert!(
            (dealer_distribution(up, false).bust - p).abs() < 5e-7,
            "up {up}"
        );
    }
    let pinned = [(4, 0.394468), (5, 0.416404), (6, 0.423150), (1, 0.115286)];
    for (up, p) in pinned {
        let d = dealer_distribution(up, false);
        std::eprintln!("up {up}: bust {:.6} bj {:.6}", d.bust, d.blackjack);
        let sum: f64 = d.totals.iter().sum::<f64>() + d.bust + d.blackjack;
        assert!((sum - 1.0).abs() < 1e-12);
        assert!((d.bust - p).abs() < 5e-7, "up {up}: {} vs {p}", d.bust);
    }
    // Hitting soft 17 makes the dealer bust more often with a 6 up.
    assert!(dealer_distribution(6, true).bust > dealer_distribution(6, false).bust);
}

#[test]
fn chart_has_the_textbook_cells() {
    let s = BasicStrategy::new(&BlackjackRules::default()).unwrap();
    let chart = s.chart();
    let row = |name: &str| -> Vec<String> {
        chart
            .lines()
            .find(|l| l.split_whitespace().next() == Some(name))
            .unwrap_or_else(|| panic!("no row {name} in\n{chart}"))
            .split_whitespace()
            .skip(1)
            .map(String::from)
            .collect()
    };
    // Columns: 2 3 4 5 6 7 8 9 T A.
    assert_eq!(
        row("16"),
        ["S", "S", "S", "S", "S", "H", "H", "H", "H", "H"]
    );
    assert_eq!(
        row("12"),
        ["H", "H", "S", "S", "S", "H", "H", "H", "H", "H"]
    );
    assert_eq!(row("11")[..9], ["Dh"; 9]);
    assert_eq!(row("8,8"), ["P"; 10]);
    assert_eq!(row("A,A"), ["P"; 10]);
    assert_eq!(row("T,T"), ["S"; 10]);
    assert_eq!(row("9,9")[5], "S");
    assert_eq!(row("A,7")[1], "Ds");
}

/// Griffin (*The Theory of Blackjack*) gives the full infinite-deck basic-strategy expectation
/// as −0.690223 % for his standard rules: dealer stands on soft 17, double on any two, no
/// double after split, split once (no resplitting), one card to split aces, no surrender,
/// peek, 3:2.
#[test]
fn infinite_deck_edge_matches_griffin() {
    let r = BlackjackRules {
        double_after_split: false,
        max_hands: 2,
        ..BlackjackRules::default()
    };
    let e = edge::infinite_deck_edge(&r).unwrap();
    assert!((e - 0.00690223).abs() < 3e-7, "{e}");
}

#[test]
fn infinite_deck_edges() {
    let e = |f: fn(&mut BlackjackRules)| {
        let mut r = BlackjackRules::default();
        f(&mut r);
        edge::infinite_deck_edge(&r).unwrap()
    };
    let s17 = e(|_| {});
    let h17 = e(|r| r.dealer_hits_soft_17 = true);
    let six_five = e(|r| r.blackjack_pays = BlackjackPays::SixToFive);
    let surrender = e(|r| r.late_surrender = true);
    let no_das = e(|r| r.double_after_split = false);
    std::eprintln!("s17 {s17} h17 {h17} 6:5 {six_five} ls {surrender} nodas {no_das}");
    assert!(h17 > s17 + 0.0015 && h17 < s17 + 0.0025);
    assert!(six_five > s17 + 0.012 && six_five < s17 + 0.016);
    assert!(surrender < s17 && no_das > s17);
    // ENHC with original-bets-only equals peek without surrender.
    let obo = e(|r| {
        r.hole_card = HoleCard::NoHoleCard;
        r.insurance = false;
        r.enhc_loss = EnhcLoss::OriginalOnly;
    });
    assert!((obo - s17).abs() < 1e-12, "{obo} vs {s17}");
    let all = e(|r| {
        r.hole_card = HoleCard::NoHoleCard;
        r.insurance = false;
    });
    assert!(all > s17 + 0.0005, "{all}");
}

fn sim_vs_exact(rules: BlackjackRules, rounds: u64) {
    let exact = edge::infinite_deck_edge(&rules).unwrap();
    let (sim, half) = edge::simulate_edge(&rules, rounds, 11, 2).unwrap();
    std::eprintln!("exact {exact} sim {sim} ± {half}");
    // 4σ: a fixed seed, so never flaky; a wrong DP or round rule shows up as a gross miss.
    assert!((sim - exact).abs() < half * 4.0 / 1.96, "{sim} vs {exact}");
}

#[test]
fn simulation_of_the_real_rounds_matches_the_exact_edge() {
    let mut r = BlackjackRules {
        decks: Decks(DeckMode::Infinite),
        ..BlackjackRules::default()
    };
    sim_vs_exact(r, 3_000_000);
    r.dealer_hits_soft_17 = true;
    r.late_surrender = true;
    r.resplit_aces = true;
    r.hit_split_aces = true;
    r.max_hands = 3;
    r.double_on = DoubleOn::NineToEleven;
    r.blackjack_pays = BlackjackPays::SixToFive;
    sim_vs_exact(r, 3_000_000);
    r.hole_card = HoleCard::NoHoleCard;
    r.insurance = false;
    r.late_surrender = false;
    sim_vs_exact(r, 3_000_000);
}

/// Opt-in: the six-deck anchors (1.3·10⁸ rounds each, a few minutes on 2 cores).
/// `cargo test -p kingpin-engine --release six_deck_edges -- --ignored --nocapture`
#[test]
#[ignore = "long statistical run; figures recorded in docs/games/blackjack.md"]
fn six_deck_edges() {
    for h17 in [false, true] {
        let r = BlackjackRules {
            dealer_hits_soft_17: h17,
            ..BlackjackRules::default()
        };
        let (e, half) = edge::simulate_edge(&r, 130_000_000, 2026, 2).unwrap();
        let exact_inf = edge::infinite_deck_edge(&r).unwrap();
        std::eprintln!(
            "six decks h17={h17}: edge {e:.5} ± {half:.5} (infinite deck exact {exact_inf:.5})"
        );
        let anchor = if h17 { 0.0064 } else { 0.0041 };
        assert!((e - anchor).abs() < 0.0004, "{e} vs {anchor}");
    }
}

/// The cell of a strategy chart: row label (e.g. `11`, `A,8`) in the given section, column of
/// up card `up` (`2`…`10`, `A`).
fn chart_cell(chart: &str, section: &str, row: &str, up: &str) -> String {
    let cols = ["2", "3", "4", "5", "6", "7", "8", "9", "10", "A"];
    let col = cols.iter().position(|c| *c == up).unwrap();
    let mut in_section = false;
    for line in chart.lines() {
        let mut words = line.split_whitespace();
        let Some(first) = words.next() else {
            in_section = false;
            continue;
        };
        if first == section {
            in_section = true;
            continue;
        }
        if in_section && first == row {
            return words.nth(col).unwrap().into();
        }
    }
    panic!("no row {row} in {section}:\n{chart}");
}

/// The published H17 changes to six-deck basic strategy (DAS, no surrender): double 11 vs A,
/// soft 19 (A,8) vs 6 and soft 18 (A,7) vs 2; under S17 those hands are hit / stood. Our
/// (infinite-deck) charts differ in exactly one more cell: A,4 vs 4, doubled under H17 (as in
/// the six-deck charts under both rules) and hit under S17 (an infinite-deck difference: with
/// S17 the double is marginal, and the infinite deck tips it to a hit).
#[test]
fn h17_strategy_changes() {
    let s17 = chart(&BlackjackRules::default()).unwrap();
    let h17 = chart(&BlackjackRules {
        dealer_hits_soft_17: true,
        ..BlackjackRules::default()
    })
    .unwrap();
    for (section, row, up, s17_play, h17_play) in [
        ("Hard", "11", "A", "H", "Dh"),
        ("Soft", "A,8", "6", "S", "Ds"),
        ("Soft", "A,7", "2", "S", "Ds"),
        ("Soft", "A,4", "4", "H", "Dh"),
    ] {
        assert_eq!(
            chart_cell(&s17, section, row, up),
            s17_play,
            "S17 {row} vs {up}"
        );
        assert_eq!(
            chart_cell(&h17, section, row, up),
            h17_play,
            "H17 {row} vs {up}"
        );
    }
    // Nothing else differs in the hard and soft sections (the pairs are compared below).
    let diff = s17
        .lines()
        .zip(h17.lines())
        .flat_map(|(a, b)| a.split_whitespace().zip(b.split_whitespace()))
        .filter(|(a, b)| a != b)
        .count();
    assert_eq!(diff, 4, "S17:\n{s17}\nH17:\n{h17}");
}

/// Opt-in: the H17 anchor alone, four times the rounds of [`six_deck_edges`] with another seed
/// (5.2·10⁸ rounds: ±0.01 % at 95 %; `KINGPIN_BJ_ROUNDS` overrides the count).
/// `cargo test -p kingpin-engine --release six_deck_h17_precise -- --ignored --nocapture`
#[test]
#[ignore = "long statistical run; figures recorded in docs/games/blackjack.md"]
fn six_deck_h17_precise() {
    let rounds = std::env::var("KINGPIN_BJ_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(520_000_000);
    let r = BlackjackRules {
        dealer_hits_soft_17: true,
        ..BlackjackRules::default()
    };
    let (e, half) = edge::simulate_edge(&r, rounds, 2028, 2).unwrap();
    std::eprintln!("six decks h17 ({rounds} rounds, seed 2028): edge {e:.5} ± {half:.5}");
    assert!(half < 0.0002, "interval ±{half} wider than ±0.02 %");
    // Reference for these exact rules (docs/games/blackjack.md): the Wizard of Odds' exact
    // six-deck H17 no-hole-card figure 0.72705 % less the exact cost of the no-hole-card rule
    // from our infinite-deck DP (0.8420 − 0.7311 = 0.1109 %) gives ≈ 0.616 %.
    assert!((e - 0.00616).abs() < 0.0003, "{e}");
}

/// Opt-in: six decks, H17, DAS, no hole card (lose all), resplit to 4, no RSA — the Wizard of
/// Odds computes an expected return of −0.72705 % by a combinatorial analysis (blackjack
/// appendix 9). `cargo test -p kingpin-engine --release six_deck_enhc -- --ignored --nocapture`
#[test]
#[ignore = "long statistical run; figures recorded in docs/games/blackjack.md"]
fn six_deck_enhc_edge() {
    let r = BlackjackRules {
        dealer_hits_soft_17: true,
        hole_card: HoleCard::NoHoleCard,
        insurance: false,
        ..BlackjackRules::default()
    };
    let (e, half) = edge::simulate_edge(&r, 130_000_000, 2027, 2).unwrap();
    std::eprintln!("six decks ENHC h17: edge {e:.5} ± {half:.5}");
    assert!((e - 0.0072705).abs() < 0.0004, "{e}");
}

fn rules_strategy() -> impl Strategy<Value = BlackjackRules> {
    (
        prop_oneof![
            Just(DeckMode::Infinite),
            (1u8..=8).prop_map(DeckMode::Decks)
        ],
        any::<bool>(),
        prop_oneof![
            Just(DoubleOn::AnyTwo),
            Just(DoubleOn::NineToEleven),
            Just(DoubleOn::TenToEleven)
        ],
        any::<bool>(),
        1u8..=8,
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        prop_oneof![Just(EnhcLoss::All), Just(EnhcLoss::OriginalOnly)],
        any::<bool>(),
    )
        .prop_map(
            |(d, h17, dbl, das, n, rsa, hsa, ls, peek, loss, bj65)| BlackjackRules {
                decks: Decks(d),
                dealer_hits_soft_17: h17,
                double_on: dbl,
                double_after_split: das,
                max_hands: n,
                resplit_aces: rsa,
                hit_split_aces: hsa,
                late_surrender: ls && peek,
                insurance: peek,
                hole_card: if peek {
                    HoleCard::Peek
                } else {
                    HoleCard::NoHoleCard
                },
                enhc_loss: loss,
                blackjack_pays: if bj65 {
                    BlackjackPays::SixToFive
                } else {
                    BlackjackPays::ThreeToTwo
                },
                profile: Profile::Unbiased,
            },
        )
}

const ALL_ACTIONS: [Action; 8] = [
    Action::Hit,
    Action::Stand,
    Action::Double,
    Action::Split,
    Action::Surrender,
    Action::Insurance,
    Action::EvenMoney,
    Action::NoInsurance,
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Random legal play: extra stakes add up to the total stake, hand payouts add up to the
    /// payout, the payout is bounded, illegal actions are refused, and a serialized state
    /// resumes to the same outcome.
    #[test]
    fn random_legal_play(rules in rules_strategy(), seed in any::<u64>(), stake in 1u64..1_000_000, picks in proptest::collection::vec(any::<u8>(), 40)) {
        let game = Blackjack::new(rules).unwrap();
        let mut rng = Sampler::new(ChaCha8Source::new(seed, 0), Profile::Unbiased);
        let mut step = game.start(&bet(stake), &mut rng).unwrap();
        let mut staked = stake;
        let mut i = 0;
        let settled = loop {
            match step {
                Step::Settled(s) => break s,
                Step::InProgress(p) => {
                    let legal = game.legal_actions(&p.state);
                    prop_assert!(!legal.is_empty());
                    for a in ALL_ACTIONS {
                        if !legal.contains(&a) {
                            let mut probe = rng.clone();
                            prop_assert!(game.act(&p.state, &a, &mut probe).is_err());
                        }
                    }
                    let a = legal[usize::from(picks[i % picks.len()]) % legal.len()];
                    i += 1;
                    // Resume from JSON on a copy of the stream: same next step.
                    let json = serde_json::to_string(&p.state).unwrap();
                    let back: BlackjackState = serde_json::from_str(&json).unwrap();
                    prop_assert_eq!(&back, &p.state);
                    let mut rng2 = rng.clone();
                    let resumed = game.act(&back, &a, &mut rng2).unwrap();
                    step = game.act(&p.state, &a, &mut rng).unwrap();
                    prop_assert_eq!(&resumed, &step);
                    if let Step::InProgress(q) = &step {
                        staked += q.extra_stake.minor();
                    } else if let Step::Settled(s) = &step {
                        staked = s.total_stake.minor();
                    }
                }
            }
        };
        prop_assert_eq!(settled.total_stake.minor(), staked);
        let hands: u64 = settled.outcome.hands.iter().map(|h| h.payout.minor()).sum();
        prop_assert_eq!(hands + settled.outcome.insurance_payout.minor(), settled.payout.minor());
        let hand_stakes: u64 = settled.outcome.hands.iter().map(|h| h.stake.minor()).sum();
        prop_assert_eq!(hand_stakes + settled.outcome.insurance_stake.minor(), settled.total_stake.minor());
        // No hand pays more than 2.5× its stake; insurance pays 3×.
        for h in &settled.outcome.hands {
            prop_assert!(h.payout.minor() <= h.stake.minor() * 5 / 2);
        }
        prop_assert!(settled.outcome.hands.len() <= usize::from(rules.max_hands));
        prop_assert_eq!(settled.outcome.actions.len(), i);
    }

    /// Advancing a state in place gives exactly the steps of `act` (same states, extra stakes,
    /// cursors and settlement, same draws), and an illegal action refused in place leaves the
    /// state unchanged and draws nothing.
    #[test]
    fn in_place_matches_act(rules in rules_strategy(), seed in any::<u64>(), stake in 1u64..1_000_000, picks in proptest::collection::vec(any::<u8>(), 40)) {
        let game = Blackjack::new(rules).unwrap();
        let mut rng = Sampler::new(ChaCha8Source::new(seed, 2), Profile::Unbiased);
        let mut rng_in_place = rng.clone();
        let mut step = game.start(&bet(stake), &mut rng).unwrap();
        let Step::InProgress(first) = game.start(&bet(stake), &mut rng_in_place).unwrap() else {
            return Ok(());
        };
        let mut state = first.state;
        let mut i = 0;
        while let Step::InProgress(p) = step {
            prop_assert_eq!(&state, &p.state);
            let legal = game.legal_actions(&state);
            for a in ALL_ACTIONS {
                if !legal.contains(&a) {
                    let before = state.clone();
                    let mut probe = rng_in_place.clone();
                    prop_assert!(matches!(
                        game.act_in_place(&mut state, &a, &mut probe),
                        Err(GameError::IllegalAction(_))
                    ));
                    prop_assert_eq!(&state, &before);
                    prop_assert_eq!(probe.source().position(), rng_in_place.source().position());
                    prop_assert_eq!(probe.clone().index_below(1 << 30).unwrap(), rng_in_place.clone().index_below(1 << 30).unwrap());
                }
            }
            let a = legal[usize::from(picks[i % picks.len()]) % legal.len()];
            i += 1;
            step = game.act(&p.state, &a, &mut rng).unwrap();
            match (game.act_in_place(&mut state, &a, &mut rng_in_place).unwrap(), &step) {
                (Step::InProgress(q), Step::InProgress(r)) => {
                    prop_assert_eq!(q.extra_stake, r.extra_stake);
                    prop_assert_eq!(q.cursor, r.cursor);
                }
                (Step::Settled(q), Step::Settled(r)) => prop_assert_eq!(&q, r),
                (q, r) => prop_assert!(false, "in place {q:?}, act {r:?}"),
            }
        }
    }

    /// The default action completes any round, and never takes an extra stake.
    #[test]
    fn abandoned_rounds_complete(rules in rules_strategy(), seed in any::<u64>()) {
        let game = Blackjack::new(rules).unwrap();
        let mut rng = Sampler::new(ChaCha8Source::new(seed, 1), Profile::Unbiased);
        if let Step::InProgress(p) = game.start(&bet(100), &mut rng).unwrap() {
            let s = game.complete(&p.state, &mut rng).unwrap();
            prop_assert_eq!(s.total_stake.minor(), 100);
        }
    }
}

fn golden(nonce: u64) -> String {
    golden_with(BlackjackRules::default(), nonce)
}

fn golden_with(rules: BlackjackRules, nonce: u64) -> String {
    let game = Blackjack::new(rules).unwrap();
    let server = ServerSeed::new("kingpin golden server seed").unwrap();
    let client = ClientSeed::new("kingpin golden client").unwrap();
    let mut rng = Sampler::new(ByteStream::new(&server, &client, nonce), game.profile());
    let mut bot = game.strategy().clone();
    let mut step = game.start(&bet(100), &mut rng).unwrap();
    while let Step::InProgress(p) = step {
        let a = bot_choose(&mut bot, &p.state);
        step = game.act(&p.state, &a, &mut rng).unwrap();
    }
    let Step::Settled(s) = step else {
        unreachable!()
    };
    let cards = |v: &[Card]| {
        v.iter()
            .map(|c| alloc::format!("{c}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let hands: Vec<String> = s
        .outcome
        .hands
        .iter()
        .map(|h| alloc::format!("[{}] {:?} {}", cards(&h.cards), h.result, h.payout.minor()))
        .collect();
    alloc::format!(
        "dealer [{}] {:?} | {} | stake {} payout {}",
        cards(&s.outcome.dealer),
        s.outcome.actions,
        hands.join(" "),
        s.total_stake.minor(),
        s.payout.minor()
    )
}

fn bot_choose(s: &mut BasicStrategy, state: &BlackjackState) -> Action {
    s.choose(state).unwrap()
}

/// Value stability: these rounds are part of the fairness contract.
#[test]
fn golden_rounds() {
    let got: Vec<String> = (1..=6).map(golden).collect();
    for g in &got {
        std::eprintln!("{g}");
    }
    let want: [&str; 6] = GOLDEN;
    assert_eq!(got, want);
}

/// Value stability of other rule sets: an infinite deck under the stake-compatible profile with
/// no hole card, 6:5, H17, surrender off.
#[test]
fn golden_rounds_enhc_infinite() {
    let rules = BlackjackRules {
        decks: Decks(DeckMode::Infinite),
        hole_card: HoleCard::NoHoleCard,
        insurance: false,
        dealer_hits_soft_17: true,
        blackjack_pays: BlackjackPays::SixToFive,
        profile: Profile::StakeCompatible,
        ..BlackjackRules::default()
    };
    let got: Vec<String> = (1..=4).map(|n| golden_with(rules, n)).collect();
    for g in &got {
        std::eprintln!("{g}");
    }
    assert_eq!(got, GOLDEN_ENHC);
}

const GOLDEN_ENHC: [&str; 4] = [
    "dealer [4d 5d 9d] [Stand] | [4d 8c] Lose 0 | stake 100 payout 0",
    "dealer [Ks Qc] [Stand] | [9s Tc] Lose 0 | stake 100 payout 0",
    "dealer [4h 4d Td] [Stand] | [8s 9c] Lose 0 | stake 100 payout 0",
    "dealer [Qd 2h 2s 3h] [Hit, Stand] | [2d 5s Ts] Push 100 | stake 100 payout 100",
];

const GOLDEN: [&str; 6] = [
    "dealer [Kc Tc] [Hit] | [5c Kd 9d] Bust 0 | stake 100 payout 0",
    "dealer [8s 6h 8c] [Stand] | [8d Ts] Win 200 | stake 100 payout 200",
    "dealer [9s Ts] [Stand] | [Jd 8h] Lose 0 | stake 100 payout 0",
    "dealer [6s 7d 5s] [Double] | [7h As 6h] Lose 0 | stake 200 payout 0",
    "dealer [Kc 3h] [Hit] | [3s Js Qc] Bust 0 | stake 100 payout 0",
    "dealer [6s 5s 8d] [Stand] | [Kh 3s] Lose 0 | stake 100 payout 0",
];

#[test]
fn catalog_verify_and_simulate() {
    use crate::catalog;
    let seeds =
        catalog::Seeds::new("kingpin golden server seed", "kingpin golden client", 2).unwrap();
    let bet = r#"{"stake": 100, "params": {}}"#;
    // Nonce 2 of the golden rounds: the bot stood on 18 against an 8 and won.
    let v = catalog::verify("blackjack", "{}", bet, r#"["stand"]"#, &seeds).unwrap();
    assert_eq!(v["final"]["status"], "settled");
    assert_eq!(v["final"]["payout"], 200);
    assert_eq!(v["final"]["outcome"]["actions"][0], "stand");
    assert_eq!(v["final"]["outcome"]["rules"]["decks"], 6);
    // An illegal action through the catalog is an error.
    assert!(catalog::verify("blackjack", "{}", bet, r#"["split"]"#, &seeds).is_err());
    assert!(catalog::verify("blackjack", r#"{"max_hands": 0}"#, bet, "[]", &seeds).is_err());
    let opts = catalog::SimOptions {
        rounds: 100_000,
        seed: 5,
        threads: 1,
    };
    let r = catalog::simulate("blackjack", r#"{"decks": "infinite"}"#, bet, opts, &|_| {}).unwrap();
    assert_eq!(r["rounds"], 100_000);
    let rtp = r["rtp"].as_f64().unwrap();
    assert!(rtp > 0.97 && rtp < 1.01, "{rtp}");
    assert_eq!(
        catalog::default_config_of("blackjack").unwrap()["blackjack_pays"],
        "3:2"
    );
}
