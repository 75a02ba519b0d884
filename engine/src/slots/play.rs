//! A slot round as a sans-IO state machine: the base spin in `start`, each free spin in `act`.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use kingpin_rng::{Profile, RandomSource, Sampler};
use kingpin_units::{Amount, Multiplier};
use serde::{Deserialize, Serialize};

use super::fast::FastLines;
use super::spin::{Grid, RawWin, SpinLog, SpinOut, StickyCell};
use super::{MAX_REELS, MAX_ROWS, Slot};
use crate::sim::Strategy;
use crate::{Bet, Game, GameError, InProgress, Ratio, Settlement, Step};

pub use super::spin::WinKind;

/// The player's choice: the bet mode (`"base"` by default, or e.g. a bonus buy).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SlotParams {
    /// Bet mode name; empty means `"base"`.
    pub mode: String,
}

impl SlotParams {
    /// Play bet mode `mode`.
    pub fn mode(mode: &str) -> SlotParams {
        SlotParams {
            mode: mode.to_string(),
        }
    }
}

/// The only action: play the next free spin.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SlotAction {
    /// Play the next free spin.
    Continue,
}

/// One win, for display and audit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WinRecord {
    /// Line (either direction), ways, cluster or scatter.
    pub kind: WinKind,
    /// Payline index (0-based) for line wins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u16>,
    /// The paying symbol.
    pub symbol: String,
    /// Symbols in the win (run length, cluster size or scatter count).
    pub count: u8,
    /// Number of ways (ways wins).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ways: Option<u64>,
    /// Cells of the win as `[reel, row]`.
    pub cells: Vec<[u8; 2]>,
    /// Multiplier applied to the pay (wild multipliers, doubling, cascade step; the free-spin
    /// multiplier is applied to the spin's total).
    pub multiplier: u64,
    /// The win, × the bet (before the free-spin multiplier).
    pub win: Multiplier,
    /// Cascade step the win belongs to (0 = the landing window).
    pub cascade: u8,
}

/// One spin, for display and audit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpinRecord {
    /// A free spin (else the base spin).
    pub free: bool,
    /// The reel set spun.
    pub reel_set: String,
    /// The stop of each reel (strip index of its top row).
    pub stops: Vec<u32>,
    /// Each window, reel by reel, top row first: the landing window, then one per cascade.
    pub windows: Vec<Vec<Vec<String>>>,
    /// Wild multipliers of the landing window, reel by reel (0 = none); empty if none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub multipliers: Vec<Vec<u32>>,
    /// Every win.
    pub wins: Vec<WinRecord>,
    /// The spin's total win × the bet, every multiplier applied.
    pub win: Multiplier,
    /// Free spins this spin awarded.
    pub free_spins_awarded: u32,
}

/// The running totals of a round (also what the fast simulation returns).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundTotals {
    /// Total win in pay units (after the cap).
    pub units: u64,
    /// Win of the base spin, pay units.
    pub base_units: u64,
    /// Free spins still to play.
    pub free_spins_left: u32,
    /// Free spins awarded in the round.
    pub free_spins_awarded: u32,
    /// Free spins played.
    pub free_spins_played: u32,
    /// Whether the cap ended the round.
    pub capped: bool,
    /// Sticky wilds in place.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sticky: Vec<StickyCell>,
}

/// A round waiting for its next free spin.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotState {
    /// Bet mode.
    pub mode: String,
    /// The bet (pays are multiples of it).
    pub stake: Amount,
    /// Everything the player staked (bet × mode cost).
    pub total_stake: Amount,
    /// Totals so far.
    pub totals: RoundTotals,
    /// Spins so far.
    pub spins: Vec<SpinRecord>,
}

/// A finished round.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotOutcome {
    /// Bet mode.
    pub mode: String,
    /// Every spin, base spin first.
    pub spins: Vec<SpinRecord>,
    /// Free spins awarded.
    pub free_spins_awarded: u32,
    /// Free spins played.
    pub free_spins_played: u32,
    /// Win of the base spin × the bet.
    pub base_win: Multiplier,
    /// Total win × the bet, after the cap.
    pub total_win: Multiplier,
    /// Whether the win cap ended the round.
    pub capped: bool,
}

/// The simulation bot: always plays the next free spin.
#[derive(Clone, Copy, Debug, Default)]
pub struct AlwaysContinue;

impl Strategy<Slot> for AlwaysContinue {
    fn choose(&mut self, _: &Slot, _: &SlotState) -> Option<SlotAction> {
        Some(SlotAction::Continue)
    }
}

impl Slot {
    pub(super) fn units_x(&self, units: u64) -> Result<Multiplier, GameError> {
        Ok(Multiplier::from_ratio(units, self.unit_den)?)
    }

    /// One spin of a round: draws, evaluates and updates the totals (same code for play,
    /// verification and simulation).
    pub(super) fn round_spin<R: RandomSource>(
        &self,
        t: &mut RoundTotals,
        free: bool,
        rng: &mut Sampler<R>,
        log: Option<&mut SpinLog>,
    ) -> Result<u32, GameError> {
        let out = self.spin(free, rng, &mut t.sticky, log)?;
        Ok(self.add_spin(t, free, out))
    }

    /// The round's bookkeeping after a spin: its win (and the cap), the free spins it awards
    /// (up to the game's maximum) or uses. Returns the free spins awarded.
    #[inline(always)]
    fn add_spin(&self, t: &mut RoundTotals, free: bool, out: SpinOut) -> u32 {
        t.units = t.units.saturating_add(out.units);
        if free {
            t.free_spins_left -= 1;
            t.free_spins_played += 1;
        } else {
            t.base_units = out.units;
        }
        let max = self.free.as_ref().map_or(0, |f| f.max_spins);
        let awards = out.awards.min(max.saturating_sub(t.free_spins_awarded));
        t.free_spins_left += awards;
        t.free_spins_awarded += awards;
        if let Some(cap) = self.cap_units {
            if t.units >= cap {
                t.units = cap;
                t.capped = true;
                t.free_spins_left = 0;
            }
        }
        if t.free_spins_left == 0 {
            t.sticky.clear();
        }
        awards
    }

    pub(super) fn start_totals<R: RandomSource>(
        &self,
        mode: usize,
        rng: &mut Sampler<R>,
    ) -> Result<(RoundTotals, bool), GameError> {
        let mut t = RoundTotals::default();
        match &self.bet_modes[mode].buy {
            Some(table) => {
                let n = table.values[rng.weighted_index(&table.weights)?];
                let max = self.free.as_ref().map_or(0, |f| f.max_spins);
                t.free_spins_left = n.min(max);
                t.free_spins_awarded = t.free_spins_left;
                Ok((t, true))
            }
            None => Ok((t, false)),
        }
    }

    /// Play a whole round without recording it (the fast simulation path: the same spin code
    /// as [`Game::start`]/[`Game::act`], without building outcomes).
    ///
    /// # Errors
    /// [`GameError::InvalidBet`] for an unknown mode.
    pub fn play_round_totals<R: RandomSource>(
        &self,
        mode: &str,
        rng: &mut Sampler<R>,
    ) -> Result<RoundTotals, GameError> {
        let m = self.mode_index_or_err(mode)?;
        self.play_round_totals_of(m, rng)
    }

    /// [`Slot::play_round_totals`] for the bet mode at index `m` (checked by the caller).
    #[inline]
    pub(super) fn play_round_totals_of<R: RandomSource>(
        &self,
        m: usize,
        rng: &mut Sampler<R>,
    ) -> Result<RoundTotals, GameError> {
        if self.bet_modes[m].buy.is_none() {
            if let Some(fast) = self.fast_mode(0) {
                return self.lean_round(fast, rng);
            }
        }
        let (mut t, in_free) = self.start_totals(m, rng)?;
        if !in_free {
            self.round_spin(&mut t, false, rng, None)?;
        }
        self.free_spins(t, rng)
    }

    /// A round that starts with a base spin the compiled evaluator fits (every mode but a
    /// bonus buy, in most line games): the same draws and values as [`Slot::round_spin`]'s
    /// path through [`Slot::spin`], without its indirections. The base spin's totals are
    /// built in registers and returned as they are when the spin awards no free spin (a
    /// `RoundTotals` written field by field through memory and then copied out cost a
    /// store-forwarding stall per round); the free spins, if any, run the general loop.
    #[inline]
    fn lean_round<R: RandomSource>(
        &self,
        fast: &FastLines,
        rng: &mut Sampler<R>,
    ) -> Result<RoundTotals, GameError> {
        let mut stops = [0usize; MAX_REELS];
        let set = self.draw_stops(0, rng, &mut stops)?;
        // `fast.modes[0]` holds, so every base reel set has its table: `eval` is `spin`'s path.
        let out = fast.eval(self, set, &stops[..self.reels], false);
        let mut t = RoundTotals::default();
        self.add_spin(&mut t, false, out);
        if t.free_spins_left == 0 {
            return Ok(t);
        }
        self.free_spins(t, rng)
    }

    /// The free spins left in `t`, played to the end.
    fn free_spins<R: RandomSource>(
        &self,
        mut t: RoundTotals,
        rng: &mut Sampler<R>,
    ) -> Result<RoundTotals, GameError> {
        while t.free_spins_left > 0 {
            self.round_spin(&mut t, true, rng, None)?;
        }
        Ok(t)
    }

    #[inline]
    pub(super) fn mode_index_or_err(&self, mode: &str) -> Result<usize, GameError> {
        if mode.is_empty() || mode == "base" {
            return Ok(0); // `bet_modes[0]` is always the base mode
        }
        self.named_mode_index(mode)
    }

    /// [`Slot::mode_index_or_err`] for a mode other than the base mode.
    fn named_mode_index(&self, name: &str) -> Result<usize, GameError> {
        self.mode_index(name).ok_or_else(|| {
            GameError::bet(
                "params.mode",
                alloc::format!(
                    "unknown bet mode {name:?}; known: {}",
                    self.bet_mode_names().join(", ")
                ),
            )
        })
    }

    fn record(
        &self,
        free: bool,
        log: &SpinLog,
        awards: u32,
        units: u64,
    ) -> Result<SpinRecord, GameError> {
        let window = |g: &Grid| -> Vec<Vec<String>> {
            (0..self.reels)
                .map(|r| {
                    (0..self.rows[r])
                        .map(|row| self.names[usize::from(g.cells[r * MAX_ROWS + row])].clone())
                        .collect()
                })
                .collect()
        };
        let first = log.grids.first();
        let multipliers = match first {
            Some(g) if g.mult.iter().any(|&m| m > 0) => (0..self.reels)
                .map(|r| {
                    (0..self.rows[r])
                        .map(|row| g.mult[r * MAX_ROWS + row])
                        .collect()
                })
                .collect(),
            _ => Vec::new(),
        };
        let wins = log
            .wins
            .iter()
            .map(|w: &RawWin| {
                Ok(WinRecord {
                    kind: w.kind,
                    line: matches!(w.kind, WinKind::Line | WinKind::LineReverse).then_some(w.line),
                    symbol: self
                        .names
                        .get(usize::from(w.symbol))
                        .cloned()
                        .unwrap_or_default(),
                    count: w.count,
                    ways: (w.kind == WinKind::Ways).then_some(w.ways),
                    cells: (0..64u8)
                        .filter(|&i| w.cells >> i & 1 == 1)
                        .map(|i| [i / MAX_ROWS as u8, i % MAX_ROWS as u8])
                        .collect(),
                    multiplier: w.multiplier,
                    win: self.units_x(w.units)?,
                    cascade: w.cascade,
                })
            })
            .collect::<Result<Vec<_>, GameError>>()?;
        Ok(SpinRecord {
            free,
            reel_set: self.set_names[log.set].clone(),
            stops: log.stops.clone(),
            windows: log.grids.iter().map(window).collect(),
            multipliers,
            wins,
            win: self.units_x(units)?,
            free_spins_awarded: awards,
        })
    }

    fn logged_spin<R: RandomSource>(
        &self,
        state: &mut SlotState,
        free: bool,
        rng: &mut Sampler<R>,
    ) -> Result<(), GameError> {
        let mut log = SpinLog::default();
        let before = state.totals.units;
        let awards = self.round_spin(&mut state.totals, free, rng, Some(&mut log))?;
        let units = state.totals.units - before;
        let rec = self.record(free, &log, awards, units)?;
        state.spins.push(rec);
        Ok(())
    }

    fn finish<R: RandomSource>(
        &self,
        state: SlotState,
        rng: &Sampler<R>,
    ) -> Result<Step<SlotState, SlotOutcome>, GameError> {
        if state.totals.free_spins_left > 0 {
            return Ok(Step::InProgress(InProgress {
                state,
                extra_stake: Amount::ZERO,
                cursor: rng.source().position(),
            }));
        }
        let total = self.units_x(state.totals.units)?;
        let payout = total.payout(state.stake)?;
        Ok(Step::Settled(Settlement {
            outcome: SlotOutcome {
                mode: state.mode,
                free_spins_awarded: state.totals.free_spins_awarded,
                free_spins_played: state.totals.free_spins_played,
                base_win: self.units_x(state.totals.base_units)?,
                total_win: total,
                capped: state.totals.capped,
                spins: state.spins,
            },
            total_stake: state.total_stake,
            payout,
        }))
    }
}

impl Game for Slot {
    type Params = SlotParams;
    type State = SlotState;
    type Action = SlotAction;
    type Outcome = SlotOutcome;
    const NAME: &'static str = "slot";

    fn profile(&self) -> Profile {
        Profile::Unbiased
    }

    fn start<R: RandomSource>(
        &self,
        bet: &Bet<SlotParams>,
        rng: &mut Sampler<R>,
    ) -> Result<Step<SlotState, SlotOutcome>, GameError> {
        let m = self.mode_index_or_err(&bet.params.mode)?;
        if bet.stake == Amount::ZERO {
            return Err(GameError::bet("stake", "must be above 0"));
        }
        let total_stake = bet.stake.checked_mul(self.bet_modes[m].cost)?;
        let (totals, in_free) = self.start_totals(m, rng)?;
        let mut state = SlotState {
            mode: self.bet_modes[m].name.clone(),
            stake: bet.stake,
            total_stake,
            totals,
            spins: Vec::new(),
        };
        self.logged_spin(&mut state, in_free, rng)?;
        self.finish(state, rng)
    }

    fn act<R: RandomSource>(
        &self,
        state: &SlotState,
        action: &SlotAction,
        rng: &mut Sampler<R>,
    ) -> Result<Step<SlotState, SlotOutcome>, GameError> {
        let SlotAction::Continue = action;
        if state.totals.free_spins_left == 0 {
            return Err(GameError::IllegalAction("no free spins are left".into()));
        }
        self.mode_index_or_err(&state.mode)?;
        let mut state = state.clone();
        self.logged_spin(&mut state, true, rng)?;
        self.finish(state, rng)
    }

    fn legal_actions(&self, state: &SlotState) -> Vec<SlotAction> {
        if state.totals.free_spins_left > 0 {
            alloc::vec![SlotAction::Continue]
        } else {
            Vec::new()
        }
    }

    fn exact_rtp(&self, params: &SlotParams) -> Option<Ratio> {
        let mode = if params.mode.is_empty() {
            "base"
        } else {
            params.mode.as_str()
        };
        let r = super::rtp::exact(self, mode).ok()?;
        if !r.exact {
            return None;
        }
        r.ratio()
    }
}

impl crate::catalog::Catalogued for Slot {
    type Config = super::SlotDefinition;
    type Bot = AlwaysContinue;

    fn from_config(config: super::SlotDefinition) -> Result<Slot, GameError> {
        Ok(Slot::new(config)?)
    }

    fn bot(&self) -> AlwaysContinue {
        AlwaysContinue
    }
}
