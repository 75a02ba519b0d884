//! Crash ("Spacecrash"): a multiplier rises from 1.00× until it crashes at a point fixed in
//! advance; a bet is paid its cash-out multiplier if it cashes out (automatically at a target,
//! or by hand) at or below the crash point.
//!
//! # Rules
//!
//! - **Crash point.** From a 32-bit word `int` (formula `int32`, the default):
//!   `crash = max(1.00, ⌊100 · 2^32 · (1 − edge) / (int + 1)⌋ / 100)`; or from a 52-bit word
//!   `r` (formula `float52`): `crash = max(1.00, ⌊100 · (1 − edge) / (1 − r/2^52)⌋ / 100)` —
//!   exactly the formulas of `kingpin_rng::crash`. In live multiplayer play the word is the
//!   first 4 (or 8) bytes of `HMAC_SHA256(key = game hash hex, msg = salt)` of the committed hash
//!   chain ([`ChainSource`], [`Crash::start_from_chain`]); in single-player and simulation it is
//!   the first word of the bet's stream.
//! - **Instant bust**: the crash point is 1.00× with probability
//!   [`Crash::instant_bust_probability`] (≈ 1.98 % at a 1 % edge with `int32`): every bet loses.
//! - **Multiplier curve**: at `t` milliseconds after the start the multiplier is
//!   `⌊100 · e^(growth · t / 1000)⌋ / 100` ([`Crash::multiplier_at`]), a pure function of the
//!   time the host supplies; the round crashes at the first instant the curve reaches the crash
//!   point ([`Crash::crash_time_ms`]).
//! - **Bets** name an optional auto-cash-out `target` (1.01× … `max_target`). The round is a
//!   state machine: after [`Game::start`] the host either sends `cash_out { elapsed_ms }` (a
//!   manual cash-out at `multiplier_at(elapsed_ms)`) or `finish` when the round ends. A cash-out
//!   at multiplier `m` wins iff `m ≤ crash point`; an auto target that is reached before a
//!   manual cash-out wins first. The payout is `min(⌊stake × m⌋, max_win)`.
//!
//! # Exact RTP
//!
//! With `int32`, a target `t` (hundredths) is reached iff `int + 1 ≤ M(t) =
//! ⌊100 · 2^32 · (1 − edge) / t⌋`, so `RTP(t) = min(M(t), 2^32) / 2^32 · t / 100`, which lies in
//! `(1 − edge − t / (100 · 2^32), 1 − edge]`: **1 − edge** for every target from the smallest
//! step (1.01×) up, to within `t / (100 · 2^32)` (2.4·10⁻¹⁰ at 1.01×, 2.3·10⁻⁶ at 10,000×).
//! `float52` works the same with `2^52`. [`Game::exact_rtp`] returns the exact fraction.
//!
//! ```
//! use kingpin_engine::games::crash::{Crash, CrashConfig, CrashParams};
//! use kingpin_engine::Game;
//!
//! let game = Crash::new(CrashConfig::default())?;
//! let rtp = game.exact_rtp(&CrashParams { target: Some(200) }).unwrap().to_f64();
//! assert!((rtp - 0.99).abs() < 1e-9);
//! assert_eq!(game.multiplier_at(0), 100);
//! # Ok::<(), kingpin_engine::GameError>(())
//! ```

use alloc::format;
use alloc::vec::Vec;

use kingpin_rng::crash::{CrashFormula, GameHash};
use kingpin_rng::{Profile, RandomSource, Sampler, hmac_sha256};
use kingpin_units::{Amount, Multiplier};
use serde::{Deserialize, Deserializer, Serialize};

use crate::tagged::{self, Tagged};
use crate::{Bet, Game, GameError, Ratio, Settlement, Step};

/// The smallest cash-out multiplier, in hundredths (1.01×).
pub const MIN_TARGET: u64 = 101;

/// The random source of a live crash round: the bytes of
/// `HMAC_SHA256(key = lowercase hex of the game hash, msg = salt)`, read as big-endian words
/// (at most 32 bytes; the formulas read 4 or 8).
#[derive(Clone, Debug)]
pub struct ChainSource {
    mac: [u8; 32],
    pos: usize,
}

impl ChainSource {
    /// The source of game `hash` under `salt`.
    pub fn new(hash: &GameHash, salt: &str) -> ChainSource {
        let mut key = [0u8; 64];
        let hex_digits = b"0123456789abcdef";
        for (i, b) in hash.as_bytes().iter().enumerate() {
            key[2 * i] = hex_digits[usize::from(b >> 4)];
            key[2 * i + 1] = hex_digits[usize::from(b & 15)];
        }
        ChainSource {
            mac: hmac_sha256(&key, salt.as_bytes()),
            pos: 0,
        }
    }

    fn take<const N: usize>(&mut self) -> [u8; N] {
        let mut out = [0u8; N];
        for o in &mut out {
            // Past the 32 bytes the source repeats; no formula reads that far.
            *o = self.mac[self.pos % 32];
            self.pos += 1;
        }
        out
    }
}

impl RandomSource for ChainSource {
    fn next_u32(&mut self) -> u32 {
        u32::from_be_bytes(self.take::<4>())
    }
    fn next_u64(&mut self) -> u64 {
        u64::from_be_bytes(self.take::<8>())
    }
}

/// Crash configuration.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CrashConfig {
    /// House edge in `[0, 1)` (default 0.01).
    pub house_edge: Multiplier,
    /// Crash-point formula (default `int32`).
    pub formula: CrashFormula,
    /// Highest auto-cash-out target and manual cash-out multiplier, hundredths (default
    /// 1,000,000 = 10,000×).
    pub max_target: u64,
    /// Largest payout of one bet (default: none).
    pub max_win: Option<Amount>,
    /// Growth of the curve: the multiplier is `e^(growth_per_second · seconds)` (default 0.06,
    /// 2× after about 11.6 s).
    pub growth_per_second: f64,
}

impl Default for CrashConfig {
    fn default() -> Self {
        CrashConfig {
            house_edge: Multiplier::from_ratio(1, 100).unwrap_or(Multiplier::ZERO),
            formula: CrashFormula::Int32,
            max_target: 1_000_000,
            max_win: None,
            growth_per_second: 0.06,
        }
    }
}

/// A bet's parameters.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrashParams {
    /// Auto-cash-out target in hundredths (`200` = 2.00×), or none.
    pub target: Option<u64>,
}

/// A round in progress. **It holds the crash point: the host keeps it from the player** until
/// the round ends (the hash chain proves it afterwards).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrashState {
    /// The crash point, hundredths.
    pub crash: u64,
    /// The bet's auto target.
    pub target: Option<u64>,
    /// The stake.
    pub stake: Amount,
}

/// What the host reports.
///
/// JSON: `{"action": "cash_out", "elapsed_ms": 1500}` (internally tagged, snake_case names,
/// unknown fields refused). Its `Deserialize` is written by hand (`tagged.rs`, for the WASM
/// module's size) and accepts exactly what `#[serde(tag = "action", deny_unknown_fields)]`
/// accepts.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum CrashAction {
    /// The player cashes out `elapsed_ms` after the start (any value; the multiplier is
    /// computed from it).
    CashOut {
        /// Milliseconds since the round started, as measured by the server.
        elapsed_ms: u64,
    },
    /// The round ended without a manual cash-out (only the auto target can win).
    Finish,
}

const CRASH_ACTIONS: &[&str] = &["cash_out", "finish"];

impl<'de> Deserialize<'de> for CrashAction {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<CrashAction, D::Error> {
        let t = tagged::read(
            d,
            "action",
            CRASH_ACTIONS,
            "internally tagged enum CrashAction",
        )?;
        crash_action_from(t)
    }
}

fn crash_action_from<E: serde::de::Error>(t: Tagged) -> Result<CrashAction, E> {
    Ok(match t.variant {
        0 => {
            let mut f = t.fields(&["elapsed_ms"], "struct variant CrashAction::CashOut")?;
            CrashAction::CashOut {
                elapsed_ms: tagged::required(f[0].take(), "elapsed_ms")?,
            }
        }
        _ => {
            t.unit()?;
            CrashAction::Finish
        }
    })
}

/// How a round ended.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct CrashOutcome {
    /// The crash point, hundredths.
    pub crash: u64,
    /// The multiplier the bet cashed out at (hundredths), if it won.
    pub cashed_out_at: Option<u64>,
    /// Whether the auto target did it.
    pub auto: bool,
    /// Whether the payout was cut to `max_win`.
    pub capped: bool,
}

/// A validated crash game.
#[derive(Clone, Debug)]
pub struct Crash {
    config: CrashConfig,
}

impl Crash {
    /// Validate a configuration.
    ///
    /// # Errors
    /// [`GameError::InvalidConfig`] for an edge not below 1, `max_target` below 1.01× or above
    /// 10^9 hundredths, or a growth rate that is not positive and finite.
    pub fn new(config: CrashConfig) -> Result<Crash, GameError> {
        if config.house_edge >= Multiplier::ONE {
            return Err(GameError::config(
                "house_edge",
                format!("{} must be below 1", config.house_edge),
            ));
        }
        if !(MIN_TARGET..=1_000_000_000).contains(&config.max_target) {
            return Err(GameError::config(
                "max_target",
                format!("{} hundredths is outside 101–10^9", config.max_target),
            ));
        }
        if !(config.growth_per_second.is_finite()
            && config.growth_per_second > 0.0
            && config.growth_per_second <= 10.0)
        {
            return Err(GameError::config(
                "growth_per_second",
                format!("{} must be in (0, 10]", config.growth_per_second),
            ));
        }
        Ok(Crash { config })
    }

    /// The configuration.
    pub fn config(&self) -> &CrashConfig {
        &self.config
    }

    fn edge(&self) -> (u128, u128) {
        let e = self.config.house_edge;
        (u128::from(e.numerator()), u128::from(e.denominator()))
    }

    /// The crash point (hundredths) of the next word of `rng`'s source: 4 bytes (`int32`) or
    /// 8 bytes (`float52`), the same formulas as `kingpin_rng::crash::crash_hundredths`.
    pub fn crash_point<R: RandomSource>(&self, rng: &mut Sampler<R>) -> u64 {
        let (en, ed) = self.edge();
        let keep = ed - en;
        let h = match self.config.formula {
            CrashFormula::Int32 => {
                let int = u128::from(rng.source_mut().next_u32());
                (100u128 << 32) * keep / ((int + 1) * ed)
            }
            _ => {
                let r = u128::from(rng.source_mut().next_u64() >> 12);
                (100u128 << 52) * keep / (ed * ((1u128 << 52) - r))
            }
        };
        u64::try_from(h).unwrap_or(u64::MAX).max(100)
    }

    /// `(bits, M(t))`: the number of words out of `2^bits` whose crash point is at least `t`.
    fn reach_count(&self, t: u64) -> (u32, u128) {
        let (en, ed) = self.edge();
        let keep = ed - en;
        let t = u128::from(t.max(1));
        match self.config.formula {
            CrashFormula::Int32 => (32, ((100u128 << 32) * keep / (t * ed)).min(1u128 << 32)),
            _ => {
                // h ≥ t ⟺ 2^52 − r ≤ ⌊100·2^52·keep / (t·ed)⌋.
                let m = ((100u128 << 52) * keep / (t * ed)).min(1u128 << 52);
                (52, m)
            }
        }
    }

    /// The exact probability that the crash point is at least `t` hundredths.
    pub fn reach_probability(&self, t: u64) -> Ratio {
        if t <= 100 {
            return Ratio::ONE;
        }
        let (bits, m) = self.reach_count(t);
        Ratio::new(m, 1u128 << bits)
    }

    /// The exact probability of an instant bust (crash point 1.00×).
    pub fn instant_bust_probability(&self) -> Ratio {
        let r = self.reach_probability(MIN_TARGET);
        Ratio::new(r.denominator() - r.numerator(), r.denominator())
    }

    /// The multiplier (hundredths) `elapsed_ms` after the start:
    /// `⌊100 · e^(growth · ms / 1000)⌋`, at most `max_target`.
    pub fn multiplier_at(&self, elapsed_ms: u64) -> u64 {
        let x = libm::floor(
            100.0 * libm::exp(self.config.growth_per_second * elapsed_ms as f64 / 1000.0),
        );
        if x >= self.config.max_target as f64 {
            self.config.max_target
        } else {
            (x as u64).max(100)
        }
    }

    /// The first millisecond at which the curve reaches `crash` hundredths (when the host ends
    /// the round); `None` beyond `max_target`.
    pub fn crash_time_ms(&self, crash: u64) -> Option<u64> {
        if crash > self.config.max_target {
            return None;
        }
        if crash <= 100 {
            return Some(0);
        }
        let guess = libm::log(crash as f64 / 100.0) / self.config.growth_per_second * 1000.0;
        let mut t = (guess.max(0.0) as u64).saturating_sub(2);
        while self.multiplier_at(t) < crash {
            t += 1;
        }
        while t > 0 && self.multiplier_at(t - 1) >= crash {
            t -= 1;
        }
        Some(t)
    }

    fn check(&self, bet: &Bet<CrashParams>) -> Result<(), GameError> {
        if let Some(t) = bet.params.target
            && !(MIN_TARGET..=self.config.max_target).contains(&t)
        {
            return Err(GameError::bet(
                "params.target",
                format!(
                    "{t} hundredths is outside {MIN_TARGET}–{}",
                    self.config.max_target
                ),
            ));
        }
        Multiplier::from_ratio(self.config.max_target, 100)?.payout(bet.stake)?;
        Ok(())
    }

    fn settle(
        &self,
        s: &CrashState,
        won_at: Option<(u64, bool)>,
    ) -> Result<Settlement<CrashOutcome>, GameError> {
        let (payout, capped) = match won_at {
            None => (Amount::ZERO, false),
            Some((m, _)) => {
                let p = Multiplier::from_ratio(m, 100)?.payout(s.stake)?;
                match self.config.max_win {
                    Some(cap) if p > cap => (cap, true),
                    _ => (p, false),
                }
            }
        };
        Ok(Settlement {
            outcome: CrashOutcome {
                crash: s.crash,
                cashed_out_at: won_at.map(|w| w.0),
                auto: won_at.is_some_and(|w| w.1),
                capped,
            },
            total_stake: s.stake,
            payout,
        })
    }

    /// Start a live round from the hash chain: game `hash` under `salt`.
    ///
    /// # Errors
    /// As [`Game::start`].
    pub fn start_from_chain(
        &self,
        bet: &Bet<CrashParams>,
        hash: &GameHash,
        salt: &str,
    ) -> Result<Step<CrashState, CrashOutcome>, GameError> {
        self.start(
            bet,
            &mut Sampler::new(ChainSource::new(hash, salt), self.profile()),
        )
    }
}

impl Game for Crash {
    type Params = CrashParams;
    type State = CrashState;
    type Action = CrashAction;
    type Outcome = CrashOutcome;
    const NAME: &'static str = "crash";

    /// The crash formulas read raw words; the profile is nominal.
    fn profile(&self) -> Profile {
        Profile::StakeCompatible
    }

    fn start<R: RandomSource>(
        &self,
        bet: &Bet<CrashParams>,
        rng: &mut Sampler<R>,
    ) -> Result<Step<CrashState, CrashOutcome>, GameError> {
        self.check(bet)?;
        let crash = self.crash_point(rng);
        Ok(Step::InProgress(crate::InProgress {
            state: CrashState {
                crash,
                target: bet.params.target,
                stake: bet.stake,
            },
            extra_stake: Amount::ZERO,
            cursor: rng.source().position(),
        }))
    }

    fn act<R: RandomSource>(
        &self,
        state: &CrashState,
        action: &CrashAction,
        _rng: &mut Sampler<R>,
    ) -> Result<Step<CrashState, CrashOutcome>, GameError> {
        let auto = state.target.filter(|&t| t <= state.crash);
        let won = match *action {
            CrashAction::Finish => auto.map(|t| (t, true)),
            CrashAction::CashOut { elapsed_ms } => {
                let m = self.multiplier_at(elapsed_ms);
                if m < MIN_TARGET {
                    return Err(GameError::IllegalAction(format!(
                        "cash-out at {m} hundredths; the smallest is {MIN_TARGET}"
                    )));
                }
                match auto {
                    Some(t) if t <= m => Some((t, true)),
                    _ if m <= state.crash => Some((m, false)),
                    _ => None,
                }
            }
        };
        Ok(Step::Settled(self.settle(state, won)?))
    }

    /// `finish`, and `cash_out` at the earliest legal time (1.01×); any later `elapsed_ms` is
    /// legal too.
    fn legal_actions(&self, _state: &CrashState) -> Vec<CrashAction> {
        let earliest = self.crash_time_ms(MIN_TARGET).unwrap_or(0);
        alloc::vec![
            CrashAction::Finish,
            CrashAction::CashOut {
                elapsed_ms: earliest
            }
        ]
    }

    /// With an auto target (and no manual cash-out): `P(crash ≥ t) · t`; `None` without a
    /// target (the return then depends on when the player cashes out).
    fn exact_rtp(&self, params: &CrashParams) -> Option<Ratio> {
        let t = params.target?;
        if !(MIN_TARGET..=self.config.max_target).contains(&t) {
            return None;
        }
        Some(
            self.reach_probability(t)
                .times(Ratio::new(u128::from(t), 100)),
        )
    }
}

/// The simulation bot: never cashes out by hand (the auto target decides).
#[derive(Clone, Copy, Debug, Default)]
pub struct AutoOnly;

impl crate::sim::Strategy<Crash> for AutoOnly {
    fn choose(&mut self, _: &Crash, _: &CrashState) -> Option<CrashAction> {
        Some(CrashAction::Finish)
    }
}

impl crate::catalog::Catalogued for Crash {
    type Config = CrashConfig;
    type Bot = AutoOnly;

    fn from_config(config: CrashConfig) -> Result<Crash, GameError> {
        Crash::new(config)
    }

    fn bot(&self) -> AutoOnly {
        AutoOnly
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;
    use kingpin_rng::crash::crash_hundredths;
    use kingpin_rng::{ByteStream, ChaCha8Source, ClientSeed, ServerSeed};
    use proptest::prelude::*;

    fn game(formula: CrashFormula) -> Crash {
        Crash::new(CrashConfig {
            formula,
            ..CrashConfig::default()
        })
        .unwrap()
    }

    fn bet(target: Option<u64>, stake: u64) -> Bet<CrashParams> {
        Bet::new(Amount::from_minor(stake), CrashParams { target })
    }

    fn started(g: &Crash, b: &Bet<CrashParams>, hash: &GameHash) -> CrashState {
        match g.start_from_chain(b, hash, "salt").unwrap() {
            Step::InProgress(p) => p.state,
            Step::Settled(_) => unreachable!(),
        }
    }

    #[test]
    fn chain_rounds_match_the_rng_crate() {
        let chain = kingpin_rng::crash::build_chain(GameHash::from_bytes([7; 32]), 200).unwrap();
        for f in [CrashFormula::Int32, CrashFormula::Float52] {
            let g = game(f);
            for h in &chain {
                let s = started(&g, &bet(None, 1), h);
                let want = crash_hundredths(h, "salt", g.config.house_edge, f).unwrap();
                assert_eq!(s.crash, want);
            }
        }
    }

    #[test]
    fn golden_crash_points() {
        let g = game(CrashFormula::Int32);
        let chain = kingpin_rng::crash::build_chain(GameHash::from_bytes([1; 32]), 5).unwrap();
        let got: Vec<u64> = chain[1..]
            .iter()
            .map(|h| started(&g, &bet(None, 1), h).crash)
            .collect();
        assert_eq!(got, [104, 244, 286, 137, 1050]);
        let server = ServerSeed::new("server seed").unwrap();
        let client = ClientSeed::new("client seed").unwrap();
        let mut rng = Sampler::new(ByteStream::new(&server, &client, 1), g.profile());
        assert_eq!(g.crash_point(&mut rng), 132);
    }

    #[test]
    fn rtp_is_one_minus_edge_for_every_target() {
        for f in [CrashFormula::Int32, CrashFormula::Float52] {
            let g = game(f);
            let bits = if f == CrashFormula::Int32 { 32 } else { 52 };
            for t in (101..=1000).chain([1234, 10_000, 99_999, 1_000_000]) {
                let r = g.exact_rtp(&CrashParams { target: Some(t) }).unwrap();
                let dev = 0.99 - r.to_f64();
                assert!(dev >= -1e-15, "{t}: {}", r.to_f64());
                assert!(
                    dev < t as f64 / 100.0 / f64::from(1u32 << 31) / 2f64.powi(bits - 31) + 1e-15
                );
            }
        }
        // Instant bust: 1 − 0.99/1.01 ≈ 1.98 %.
        let p = game(CrashFormula::Int32)
            .instant_bust_probability()
            .to_f64();
        assert!((p - (1.0 - 0.99 / 1.01)).abs() < 1e-9);
        assert_eq!(
            game(CrashFormula::Int32).exact_rtp(&CrashParams { target: None }),
            None
        );
    }

    #[test]
    fn curve_is_a_pure_function_of_time() {
        let g = game(CrashFormula::Int32);
        assert_eq!(g.multiplier_at(0), 100);
        let two = g.crash_time_ms(200).unwrap();
        assert_eq!(g.multiplier_at(two), 200);
        assert!(g.multiplier_at(two - 1) < 200);
        assert!((11_500..11_700).contains(&two), "{two}");
        let mut last = 100;
        for ms in (0..200_000).step_by(97) {
            let m = g.multiplier_at(ms);
            assert!(m >= last);
            last = m;
        }
        assert_eq!(g.multiplier_at(u64::MAX), g.config.max_target);
    }

    #[test]
    fn settlement_rules() {
        let g = Crash::new(CrashConfig {
            max_win: Some(Amount::from_minor(500)),
            ..CrashConfig::default()
        })
        .unwrap();
        let st = |crash, target| CrashState {
            crash,
            target,
            stake: Amount::from_minor(100),
        };
        let mut rng = Sampler::new(ChaCha8Source::new(1, 0), g.profile());
        let run = |s: CrashState, a: CrashAction, rng: &mut Sampler<ChaCha8Source>| {
            g.act(&s, &a, rng).unwrap().settled().unwrap()
        };
        // Auto target reached.
        let r = run(st(250, Some(200)), CrashAction::Finish, &mut rng);
        assert_eq!((r.payout.minor(), r.outcome.auto), (200, true));
        // Target equal to the crash point wins; above loses.
        assert_eq!(
            run(st(200, Some(200)), CrashAction::Finish, &mut rng)
                .payout
                .minor(),
            200
        );
        assert_eq!(
            run(st(199, Some(200)), CrashAction::Finish, &mut rng)
                .payout
                .minor(),
            0
        );
        // Manual cash-out before the crash.
        let t = g.crash_time_ms(150).unwrap();
        let r = run(
            st(180, None),
            CrashAction::CashOut { elapsed_ms: t },
            &mut rng,
        );
        assert_eq!((r.payout.minor(), r.outcome.auto), (150, false));
        // Too late.
        let t = g.crash_time_ms(190).unwrap();
        assert_eq!(
            run(
                st(180, None),
                CrashAction::CashOut { elapsed_ms: t },
                &mut rng
            )
            .payout
            .minor(),
            0
        );
        // The auto target fired before a later manual cash-out.
        let r = run(
            st(300, Some(120)),
            CrashAction::CashOut { elapsed_ms: t },
            &mut rng,
        );
        assert_eq!((r.payout.minor(), r.outcome.auto), (120, true));
        // Max win cap.
        let r = run(st(5000, Some(4000)), CrashAction::Finish, &mut rng);
        assert_eq!((r.payout.minor(), r.outcome.capped), (500, true));
        // Every listed action is legal.
        for a in g.legal_actions(&st(300, None)) {
            assert!(g.act(&st(300, None), &a, &mut rng).is_ok(), "{a:?}");
        }
        // Cash-out at 1.00× is illegal.
        assert!(matches!(
            g.act(
                &st(300, None),
                &CrashAction::CashOut { elapsed_ms: 0 },
                &mut rng
            ),
            Err(GameError::IllegalAction(_))
        ));
        // Bad targets.
        for t in [100, 1_000_001] {
            let e = g.start(&bet(Some(t), 1), &mut rng).unwrap_err();
            assert!(e.to_string().contains("params.target"));
        }
        assert!(
            Crash::new(CrashConfig {
                growth_per_second: 0.0,
                ..CrashConfig::default()
            })
            .is_err()
        );
        assert!(
            Crash::new(CrashConfig {
                house_edge: Multiplier::ONE,
                ..CrashConfig::default()
            })
            .is_err()
        );
    }

    #[test]
    fn simulation_agrees() {
        let g = game(CrashFormula::Int32);
        let b = bet(Some(300), 100);
        let s = crate::sim::run(&g, &b, &mut AutoOnly, 0..8, 3).unwrap();
        let (lo, hi) = s.rtp_ci95();
        let half = (hi - lo) / 2.0 * 4.0 / 1.96;
        assert!((s.rtp() - 0.99).abs() < half, "{} ± {half}", s.rtp());
    }

    proptest! {
        #[test]
        fn state_round_trips_and_payouts_are_capped(seed in any::<u64>(), target in proptest::option::of(101u64..100_000),
                                                  ms in 0u64..300_000, stake in 1u64..1_000_000, cap in 1u64..10_000_000) {
            let g = Crash::new(CrashConfig { max_win: Some(Amount::from_minor(cap)), ..CrashConfig::default() }).unwrap();
            let mut rng = Sampler::new(ChaCha8Source::new(seed, 0), g.profile());
            let Step::InProgress(p) = g.start(&bet(target, stake), &mut rng).unwrap() else { unreachable!() };
            let json = serde_json::to_string(&p.state).unwrap();
            let back: CrashState = serde_json::from_str(&json).unwrap();
            prop_assert_eq!(back, p.state);
            for a in [CrashAction::Finish, CrashAction::CashOut { elapsed_ms: ms }] {
                let one = g.act(&p.state, &a, &mut rng);
                let two = g.act(&back, &a, &mut rng);
                prop_assert_eq!(&one, &two);
                if let Ok(Step::Settled(s)) = one {
                    prop_assert!(s.payout.minor() <= cap);
                    if let Some(m) = s.outcome.cashed_out_at {
                        prop_assert!(m <= s.outcome.crash);
                    }
                }
            }
        }
    }
}
