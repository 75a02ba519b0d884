//! Mines: a 5×5 board hides 1–24 mines; the player reveals tiles one by one and may cash out
//! at any time after the first safe tile; a mine loses the bet.
//!
//! # Rules
//!
//! - **Placement** (at the start, before any choice): `mines` steps of the sampler's
//!   pick-and-remove on the ordered tiles `0, 1, …, 24` (tile `i` is row `i / 5`, column
//!   `i % 5`): step `j` removes the element at `index_below(25 − j)`. Under `stake-compatible`
//!   this is the published mines translation (the first `mines` of its 24 picks).
//! - **Reveal** `tile`: a mine ends the round with no payout; a safe tile raises the multiplier.
//!   Revealing the last safe tile cashes out automatically.
//! - **Multiplier** after `k` safe tiles with `m` mines:
//!   `(1 − edge) · C(25, k) / C(25 − m, k)`, exact; the payout is
//!   `min(⌊stake × multiplier⌋, max_win)`.
//! - **Cash out**: legal after at least one safe tile.
//! - **Abandon** (what the host sends when a round is left open past its configured time): cash
//!   out at the current multiplier, or, with no tile revealed yet, return the stake in full —
//!   never worse for the player than cashing out.
//!
//! # Exact RTP
//!
//! Given `k` safe tiles, the next tile is safe with probability `(25 − m − k) / (25 − k)` while
//! the multiplier grows by `(25 − k) / (25 − m − k)`: the cash-out value is a martingale, so every
//! strategy that cashes out (or is stopped by a mine) after at least one reveal returns exactly
//! `1 − edge` — 99 % by default, whatever the number of mines and the tiles chosen.
//!
//! ```
//! use kingpin_engine::games::mines::{Mines, MinesConfig};
//!
//! let game = Mines::new(MinesConfig::default())?;
//! assert_eq!(game.multiplier(1, 1)?.to_string(), "1.03125"); // 0.99 × 25 / 24
//! assert_eq!(game.multiplier(3, 2)?.to_string(), "9/7"); // 0.99 × C(25, 2) / C(22, 2), exact
//! # Ok::<(), kingpin_engine::GameError>(())
//! ```

use alloc::format;
use alloc::vec::Vec;

use kingpin_rng::{Profile, RandomSource, Sampler};
use kingpin_units::{Amount, Multiplier};
use serde::{Deserialize, Deserializer, Serialize};

use crate::tagged::{self, Tagged};
use crate::{Bet, Game, GameError, InProgress, Ratio, Settlement, Step};

/// Tiles on the board.
pub const TILES: u8 = 25;

/// Mines configuration.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MinesConfig {
    /// House edge in `[0, 1)` (default 0.01).
    pub house_edge: Multiplier,
    /// Largest payout of one round (default: none).
    pub max_win: Option<Amount>,
    /// Sampler profile (default `stake-compatible`).
    pub profile: Profile,
}

impl Default for MinesConfig {
    fn default() -> Self {
        MinesConfig {
            house_edge: Multiplier::from_ratio(1, 100).unwrap_or(Multiplier::ZERO),
            max_win: None,
            profile: Profile::StakeCompatible,
        }
    }
}

/// The bet: how many mines.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MinesParams {
    /// 1–24.
    pub mines: u8,
}

/// A list of at most 25 tiles, kept inline (no allocation); written as a JSON list.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct Tiles {
    items: [u8; TILES as usize],
    len: u8,
}

impl Tiles {
    /// An empty list.
    pub const fn new() -> Tiles {
        Tiles {
            items: [0; TILES as usize],
            len: 0,
        }
    }

    /// Append a tile; `false` if the list is full.
    pub fn push(&mut self, tile: u8) -> bool {
        match self.items.get_mut(usize::from(self.len)) {
            Some(slot) => {
                *slot = tile;
                self.len += 1;
                true
            }
            None => false,
        }
    }
}

impl core::ops::Deref for Tiles {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.items[..usize::from(self.len)]
    }
}

impl Serialize for Tiles {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (**self).serialize(s)
    }
}

impl<'de> Deserialize<'de> for Tiles {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Vec::<u8>::deserialize(d)?;
        let mut t = Tiles::new();
        for x in v {
            if !t.push(x) {
                return Err(serde::de::Error::custom("more than 25 tiles"));
            }
        }
        Ok(t)
    }
}

/// A round in progress. **It holds the mine positions: the host keeps them from the player.**
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MinesState {
    /// Mine positions in placement order.
    pub mines: Tiles,
    /// Safe tiles revealed, in order.
    pub revealed: Tiles,
    /// The stake.
    pub stake: Amount,
}

impl MinesState {
    fn mine_mask(&self) -> u32 {
        self.mines.iter().fold(0, |m, &t| m | 1 << t)
    }

    fn revealed_mask(&self) -> u32 {
        self.revealed.iter().fold(0, |m, &t| m | 1 << t)
    }
}

/// A player's action.
///
/// JSON: `{"action": "reveal", "tile": 7}` (internally tagged, snake_case names, unknown fields
/// refused). Its `Deserialize` is written by hand (`tagged.rs`, for the WASM module's size) and
/// accepts exactly what `#[serde(tag = "action", deny_unknown_fields)]` accepts.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum MinesAction {
    /// Reveal a tile, 0–24.
    Reveal {
        /// The tile.
        tile: u8,
    },
    /// Take the current multiplier.
    CashOut,
    /// Complete an abandoned round (sent by the host): cash out, or refund with no reveal.
    Abandon,
}

const MINES_ACTIONS: &[&str] = &["reveal", "cash_out", "abandon"];

impl<'de> Deserialize<'de> for MinesAction {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<MinesAction, D::Error> {
        let t = tagged::read(
            d,
            "action",
            MINES_ACTIONS,
            "internally tagged enum MinesAction",
        )?;
        mines_action_from(t)
    }
}

fn mines_action_from<E: serde::de::Error>(t: Tagged) -> Result<MinesAction, E> {
    Ok(match t.variant {
        0 => {
            let mut f = t.fields(&["tile"], "struct variant MinesAction::Reveal")?;
            MinesAction::Reveal {
                tile: tagged::required(f[0].take(), "tile")?,
            }
        }
        1 => {
            t.unit()?;
            MinesAction::CashOut
        }
        _ => {
            t.unit()?;
            MinesAction::Abandon
        }
    })
}

/// How the round ended.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct MinesOutcome {
    /// Mine positions.
    pub mines: Tiles,
    /// Safe tiles revealed, in order.
    pub revealed: Tiles,
    /// The mine that was hit, if any.
    pub hit: Option<u8>,
    /// The multiplier paid (zero on a mine).
    pub multiplier: Multiplier,
    /// Whether the payout was cut to `max_win`.
    pub capped: bool,
}

/// A validated mines game.
#[derive(Clone, Debug)]
pub struct Mines {
    config: MinesConfig,
}

fn choose(n: u64, k: u64) -> u64 {
    if k > n {
        return 0;
    }
    (0..k).fold(1u64, |acc, i| acc * (n - i) / (i + 1))
}

impl Mines {
    /// Validate a configuration.
    ///
    /// # Errors
    /// [`GameError::InvalidConfig`] for an edge not below 1.
    pub fn new(config: MinesConfig) -> Result<Mines, GameError> {
        if config.house_edge >= Multiplier::ONE {
            return Err(GameError::config(
                "house_edge",
                format!("{} must be below 1", config.house_edge),
            ));
        }
        Ok(Mines { config })
    }

    /// The configuration.
    pub fn config(&self) -> &MinesConfig {
        &self.config
    }

    /// The multiplier after `safe` safe tiles with `mines` mines:
    /// `(1 − edge) · C(25, safe) / C(25 − mines, safe)`.
    ///
    /// # Errors
    /// [`GameError::InvalidBet`] for mines outside 1–24 or more safe tiles than exist.
    pub fn multiplier(&self, mines: u8, safe: u8) -> Result<Multiplier, GameError> {
        if !(1..TILES).contains(&mines) {
            return Err(GameError::bet(
                "params.mines",
                format!("{mines} mines; allowed 1–24"),
            ));
        }
        if safe > TILES - mines {
            return Err(GameError::bet(
                "safe",
                format!("{safe} safe tiles; only {} exist", TILES - mines),
            ));
        }
        let e = self.config.house_edge;
        let (en, ed) = (e.numerator(), e.denominator());
        let num = u128::from(ed - en) * u128::from(choose(25, u64::from(safe)));
        let den = u128::from(ed) * u128::from(choose(u64::from(TILES - mines), u64::from(safe)));
        let g = gcd(num, den);
        let (n, d) = (num / g, den / g);
        match (u64::try_from(n), u64::try_from(d)) {
            (Ok(n), Ok(d)) => Ok(Multiplier::from_ratio(n, d)?),
            _ => Err(GameError::Units(kingpin_units::UnitsError::Overflow {
                op: "mines multiplier",
            })),
        }
    }

    fn settle(
        &self,
        s: &MinesState,
        hit: Option<u8>,
        multiplier: Multiplier,
    ) -> Result<Step<MinesState, MinesOutcome>, GameError> {
        let full = crate::games::plinko::pay(multiplier, s.stake)?;
        let (payout, capped) = match self.config.max_win {
            Some(cap) if full > cap => (cap, true),
            _ => (full, false),
        };
        Ok(Step::Settled(Settlement {
            outcome: MinesOutcome {
                mines: s.mines,
                revealed: s.revealed,
                hit,
                multiplier,
                capped,
            },
            total_stake: s.stake,
            payout,
        }))
    }

    fn check_state(&self, s: &MinesState) -> Result<(), GameError> {
        let m = s.mines.len();
        let bad = |why: &str| GameError::Decode {
            what: "state",
            reason: format!("not a mines round: {why}"),
        };
        if !(1..usize::from(TILES)).contains(&m) {
            return Err(bad("1–24 mines"));
        }
        let all = s.mines.iter().chain(s.revealed.iter());
        if all.clone().any(|&t| t >= TILES) {
            return Err(bad("tile above 24"));
        }
        let mask = s.mine_mask() | s.revealed_mask();
        if mask.count_ones() as usize != m + s.revealed.len() {
            return Err(bad("repeated tile"));
        }
        if s.revealed.len() >= usize::from(TILES) - m {
            return Err(bad("round already over"));
        }
        Ok(())
    }
}

fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        let t = a % b;
        a = b;
        b = t;
    }
    a.max(1)
}

impl Game for Mines {
    type Params = MinesParams;
    type State = MinesState;
    type Action = MinesAction;
    type Outcome = MinesOutcome;
    const NAME: &'static str = "mines";

    fn profile(&self) -> Profile {
        self.config.profile
    }

    fn start<R: RandomSource>(
        &self,
        bet: &Bet<MinesParams>,
        rng: &mut Sampler<R>,
    ) -> Result<Step<MinesState, MinesOutcome>, GameError> {
        let m = bet.params.mines;
        // The largest multiplier (all safe tiles) must be payable; checked before drawing.
        self.multiplier(m, TILES - m)?.payout(bet.stake)?;
        let mut tiles: Vec<u8> = (0..TILES).collect();
        let mut mines = Tiles::new();
        for _ in 0..m {
            mines.push(rng.pick_and_remove(&mut tiles)?);
        }
        Ok(Step::InProgress(InProgress {
            state: MinesState {
                mines,
                revealed: Tiles::new(),
                stake: bet.stake,
            },
            extra_stake: Amount::ZERO,
            cursor: rng.source().position(),
        }))
    }

    fn act<R: RandomSource>(
        &self,
        state: &MinesState,
        action: &MinesAction,
        rng: &mut Sampler<R>,
    ) -> Result<Step<MinesState, MinesOutcome>, GameError> {
        self.check_state(state)?;
        let m = state.mines.len() as u8;
        let k = state.revealed.len() as u8;
        match *action {
            MinesAction::Reveal { tile } => {
                if tile >= TILES {
                    return Err(GameError::IllegalAction(format!(
                        "tile {tile} is not on the board (0–24)"
                    )));
                }
                if state.revealed_mask() & (1 << tile) != 0 {
                    return Err(GameError::IllegalAction(format!(
                        "tile {tile} is already revealed"
                    )));
                }
                if state.mine_mask() & (1 << tile) != 0 {
                    return self.settle(state, Some(tile), Multiplier::ZERO);
                }
                let mut next = state.clone();
                // Cannot be full: check_state proved a safe tile is left.
                next.revealed.push(tile);
                if k + 1 == TILES - m {
                    let mult = self.multiplier(m, k + 1)?;
                    return self.settle(&next, None, mult);
                }
                Ok(Step::InProgress(InProgress {
                    state: next,
                    extra_stake: Amount::ZERO,
                    // Actions draw nothing: the stream stays where the placement left it.
                    cursor: rng.source().position(),
                }))
            }
            MinesAction::CashOut => {
                if k == 0 {
                    return Err(GameError::IllegalAction(
                        "cash out needs at least one revealed tile".into(),
                    ));
                }
                self.settle(state, None, self.multiplier(m, k)?)
            }
            MinesAction::Abandon => {
                let mult = if k == 0 {
                    Multiplier::ONE
                } else {
                    self.multiplier(m, k)?
                };
                self.settle(state, None, mult)
            }
        }
    }

    fn legal_actions(&self, state: &MinesState) -> Vec<MinesAction> {
        if self.check_state(state).is_err() {
            return Vec::new();
        }
        let revealed = state.revealed_mask();
        let mut v: Vec<MinesAction> = (0..TILES)
            .filter(|t| revealed & (1 << t) == 0)
            .map(|tile| MinesAction::Reveal { tile })
            .collect();
        if !state.revealed.is_empty() {
            v.push(MinesAction::CashOut);
        }
        v.push(MinesAction::Abandon);
        v
    }

    /// `1 − edge` for every strategy that reveals at least one tile (see the module docs),
    /// without a `max_win` cap.
    fn exact_rtp(&self, params: &MinesParams) -> Option<Ratio> {
        self.multiplier(params.mines, 0).ok()?;
        let e = self.config.house_edge;
        Some(Ratio::new(
            u128::from(e.denominator() - e.numerator()),
            u128::from(e.denominator()),
        ))
    }
}

/// The simulation bot: reveals the lowest unrevealed tiles, cashing out after `reveals` safe
/// tiles (default 3).
#[derive(Clone, Copy, Debug)]
pub struct RevealThenCashOut {
    /// Safe tiles to reveal before cashing out.
    pub reveals: u8,
}

impl Default for RevealThenCashOut {
    fn default() -> Self {
        RevealThenCashOut { reveals: 3 }
    }
}

impl crate::sim::Strategy<Mines> for RevealThenCashOut {
    fn choose(&mut self, _: &Mines, state: &MinesState) -> Option<MinesAction> {
        if state.revealed.len() >= usize::from(self.reveals.max(1)) {
            return Some(MinesAction::CashOut);
        }
        let revealed = state.revealed_mask();
        (0..TILES)
            .find(|t| revealed & (1 << t) == 0)
            .map(|tile| MinesAction::Reveal { tile })
    }
}

impl crate::catalog::Catalogued for Mines {
    type Config = MinesConfig;
    type Bot = RevealThenCashOut;

    fn from_config(config: MinesConfig) -> Result<Mines, GameError> {
        Mines::new(config)
    }

    fn bot(&self) -> RevealThenCashOut {
        RevealThenCashOut::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;
    use kingpin_rng::{ByteStream, ChaCha8Source, ClientSeed, ServerSeed};
    use proptest::prelude::*;

    fn fair(nonce: u64) -> Sampler<ByteStream> {
        Sampler::new(
            ByteStream::new(
                &ServerSeed::new("server seed").unwrap(),
                &ClientSeed::new("client seed").unwrap(),
                nonce,
            ),
            Profile::StakeCompatible,
        )
    }

    fn begin(g: &Mines, m: u8, rng: &mut Sampler<impl RandomSource>) -> MinesState {
        match g
            .start(
                &Bet::new(Amount::from_minor(1000), MinesParams { mines: m }),
                rng,
            )
            .unwrap()
        {
            Step::InProgress(p) => p.state,
            Step::Settled(_) => unreachable!(),
        }
    }

    #[test]
    fn golden_placement() {
        let g = Mines::new(MinesConfig::default()).unwrap();
        let s = begin(&g, 3, &mut fair(1));
        assert_eq!(&s.mines[..], [18, 15, 5]);
        // The first mine is floor(float × 25) of the first float (0.7467…): tile 18.
        assert_eq!(s.mines[0], 18);
        let s = begin(&g, 24, &mut fair(2));
        let mut all = s.mines.to_vec();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), 24);
    }

    #[test]
    fn multipliers_and_rtp() {
        let g = Mines::new(MinesConfig::default()).unwrap();
        assert_eq!(
            g.multiplier(1, 1).unwrap(),
            Multiplier::from_ratio(99 * 25, 100 * 24).unwrap()
        );
        assert_eq!(g.multiplier(24, 1).unwrap().to_string(), "24.75");
        assert_eq!(g.multiplier(3, 0).unwrap().to_string(), "0.99");
        // All 22 safe tiles with 3 mines: 0.99 × C(25,22) = 0.99 × 2300.
        assert_eq!(g.multiplier(3, 22).unwrap().to_string(), "2277");
        assert!(g.multiplier(3, 23).is_err());
        assert!(g.multiplier(0, 1).is_err());
        assert!(g.multiplier(25, 0).is_err());
        // Exact RTP of "reveal k then cash out" = P(survive k) × multiplier(k) = 0.99.
        for m in 1..25u8 {
            for k in 1..=(25 - m) {
                let mult = g.multiplier(m, k).unwrap();
                let survive = Ratio::new(
                    u128::from(choose(u64::from(25 - m), u64::from(k))),
                    u128::from(choose(25, u64::from(k))),
                );
                let rtp = survive.times(Ratio::new(
                    u128::from(mult.numerator()),
                    u128::from(mult.denominator()),
                ));
                assert_eq!(rtp, Ratio::new(99, 100), "{m} mines, {k} reveals");
            }
        }
        assert_eq!(
            g.exact_rtp(&MinesParams { mines: 5 }),
            Some(Ratio::new(99, 100))
        );
    }

    #[test]
    fn a_round_step_by_step() {
        let g = Mines::new(MinesConfig::default()).unwrap();
        let mut rng = fair(1);
        let s = begin(&g, 3, &mut rng);
        let safe: Vec<u8> = (0..25).filter(|t| !s.mines.contains(t)).collect();
        let mine = s.mines[0];
        // Reveal two safe tiles, then cash out.
        let Step::InProgress(p) = g
            .act(&s, &MinesAction::Reveal { tile: safe[0] }, &mut rng)
            .unwrap()
        else {
            panic!()
        };
        assert!(matches!(
            g.act(&p.state, &MinesAction::Reveal { tile: safe[0] }, &mut rng),
            Err(GameError::IllegalAction(_))
        ));
        let Step::InProgress(p) = g
            .act(&p.state, &MinesAction::Reveal { tile: safe[1] }, &mut rng)
            .unwrap()
        else {
            panic!()
        };
        let done = g
            .act(&p.state, &MinesAction::CashOut, &mut rng)
            .unwrap()
            .settled()
            .unwrap();
        assert_eq!(done.payout.minor(), 1285); // ⌊1000 × 9/7⌋
        // A mine loses.
        let lost = g
            .act(&p.state, &MinesAction::Reveal { tile: mine }, &mut rng)
            .unwrap()
            .settled()
            .unwrap();
        assert_eq!((lost.payout.minor(), lost.outcome.hit), (0, Some(mine)));
        // Cash out before any reveal is illegal; abandoning then refunds the stake.
        assert!(g.act(&s, &MinesAction::CashOut, &mut rng).is_err());
        assert_eq!(
            g.act(&s, &MinesAction::Abandon, &mut rng)
                .unwrap()
                .settled()
                .unwrap()
                .payout
                .minor(),
            1000
        );
        assert_eq!(
            g.act(&p.state, &MinesAction::Abandon, &mut rng)
                .unwrap()
                .settled()
                .unwrap()
                .payout
                .minor(),
            1285
        );
        assert!(
            g.act(&s, &MinesAction::Reveal { tile: 25 }, &mut rng)
                .unwrap_err()
                .to_string()
                .contains("tile 25")
        );
        // Legal actions.
        let legal = g.legal_actions(&p.state);
        assert!(legal.contains(&MinesAction::CashOut));
        assert_eq!(legal.len(), 23 + 2);
        for a in &legal {
            assert!(g.act(&p.state, a, &mut rng).is_ok(), "{a:?}");
        }
        // Revealing every safe tile cashes out automatically.
        let one = begin(&g, 24, &mut fair(3));
        let safe = (0..25).find(|t| !one.mines.contains(t)).unwrap();
        let s = g
            .act(&one, &MinesAction::Reveal { tile: safe }, &mut rng)
            .unwrap()
            .settled()
            .unwrap();
        assert_eq!(s.payout.minor(), 24_750);
        // Bad bets and forged states.
        assert!(
            g.start(
                &Bet::new(Amount::from_minor(1), MinesParams { mines: 25 }),
                &mut rng
            )
            .is_err()
        );
        let mut twice = Tiles::new();
        twice.push(1);
        twice.push(1);
        let forged = MinesState {
            mines: twice,
            revealed: Tiles::new(),
            stake: Amount::from_minor(1),
        };
        assert!(g.act(&forged, &MinesAction::CashOut, &mut rng).is_err());
    }

    #[test]
    fn simulated_rtp_matches() {
        let g = Mines::new(MinesConfig::default()).unwrap();
        let bet = Bet::new(Amount::from_minor(10_000), MinesParams { mines: 5 });
        let s = crate::sim::run(&g, &bet, &mut RevealThenCashOut::default(), 0..4, 8).unwrap();
        let (lo, hi) = s.rtp_ci95();
        let half = (hi - lo) / 2.0 * 4.0 / 1.96;
        assert!((s.rtp() - 0.99).abs() < half, "{} ± {half}", s.rtp());
    }

    proptest! {
        #[test]
        fn resumed_states_and_illegal_actions(seed in any::<u64>(), m in 1u8..25, moves in proptest::collection::vec(0u8..30, 1..30),
                                              cap in proptest::option::of(1u64..100_000)) {
            let g = Mines::new(MinesConfig { max_win: cap.map(Amount::from_minor), ..MinesConfig::default() }).unwrap();
            let mut rng = Sampler::new(ChaCha8Source::new(seed, 0), g.profile());
            let mut state = begin(&g, m, &mut rng);
            for t in moves {
                let action = if t >= 26 { MinesAction::CashOut } else { MinesAction::Reveal { tile: t } };
                let before = state.clone();
                // A serialized state resumes to the same result.
                let json = serde_json::to_string(&state).unwrap();
                let back: MinesState = serde_json::from_str(&json).unwrap();
                let a = g.act(&state, &action, &mut rng);
                let b = g.act(&back, &action, &mut rng);
                prop_assert_eq!(&a, &b);
                prop_assert_eq!(&state, &before);
                match a {
                    Err(GameError::IllegalAction(_)) => {
                        prop_assert!(!g.legal_actions(&state).contains(&action));
                    }
                    Err(e) => prop_assert!(false, "unexpected {e}"),
                    Ok(Step::InProgress(p)) => state = p.state,
                    Ok(Step::Settled(s)) => {
                        if let Some(c) = cap { prop_assert!(s.payout.minor() <= c); }
                        prop_assert!(s.payout.minor() <= 2277 * 1000 * 1000);
                        break;
                    }
                }
            }
        }
    }
}
