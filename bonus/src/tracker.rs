//! The per-bonus state machine: bets, results, free rounds, conversion, expiry, forfeiture.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use kingpin_units::{Amount, UnitsError};
use serde::{Deserialize, Serialize};

use crate::percent::BP_PER_WHOLE;
use crate::promo::{PromoKind, Promotion};
use crate::terms::{FundsOrder, WageringBase, WithdrawalRule};
use crate::transfer::push;
use crate::{AccountKind, BonusError, Percent, Reason, Terms, TransferIntent};

use AccountKind::{House, PlayerBonus, PlayerCash, PromoBudget};

/// Where a bonus is in its life. The last four are final: nothing changes after them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Free spins or a free bet remain to be played.
    FreeRounds,
    /// Bonus money is being wagered.
    Wagering,
    /// The requirement was met and the bonus converted (once).
    Completed,
    /// The bonus expired; its balance returned to the promotion budget.
    Expired,
    /// The bonus was forfeited (withdrawal request or the player's choice).
    Forfeited,
    /// The bonus money is all lost (or free rounds won nothing).
    Busted,
}

impl Status {
    /// Whether the bonus is over.
    pub fn is_final(self) -> bool {
        !matches!(self, Status::FreeRounds | Status::Wagering)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Status::FreeRounds => "in free rounds",
            Status::Wagering => "wagering",
            Status::Completed => "completed",
            Status::Expired => "expired",
            Status::Forfeited => "forfeited",
            Status::Busted => "busted",
        })
    }
}

/// Free spins or a free bet still to play.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FreeRounds {
    /// The catalog name of the game.
    pub game: String,
    /// Stake of each round.
    pub stake: Amount,
    /// Rounds left.
    pub remaining: u32,
    /// Whether a win also credits the stake (always for spins; a free bet may say no).
    pub stake_returned: bool,
    /// Winnings credited so far.
    pub winnings: Amount,
}

/// A bet as the host presents it for checking.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BetRequest {
    /// The catalog name of the game.
    pub game: String,
    /// The total stake.
    pub stake: Amount,
    /// The player's cash balance available for the bet.
    pub cash_available: Amount,
}

/// How an accepted bet is funded, and what it will count.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StakeSplit {
    /// Part paid from cash.
    pub cash: Amount,
    /// Part paid from bonus money.
    pub bonus: Amount,
    /// The game's contribution weight.
    pub weight: Percent,
}

/// The bet between [`ActiveBonus::place_bet`] and [`ActiveBonus::settle_bet`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenBet {
    /// The game.
    pub game: String,
    /// Its funding and weight.
    pub split: StakeSplit,
}

/// Something that happened to the bonus as a whole.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    /// The last free round was played; wagering starts on the winnings.
    FreeRoundsDone {
        /// Total winnings, now bonus money.
        winnings: Amount,
    },
    /// Wagering is complete and the bonus converted.
    Completed {
        /// Moved to cash.
        converted: Amount,
        /// Returned to the promotion budget (above the cap, or a sticky bonus's own amount).
        remainder: Amount,
    },
    /// The bonus balance reached zero.
    Busted,
    /// The bonus expired.
    Expired {
        /// Bonus money returned to the promotion budget.
        forfeited: Amount,
        /// Free rounds that were never played.
        rounds_lost: u32,
    },
    /// The bonus was forfeited.
    Forfeited {
        /// Bonus money returned to the promotion budget.
        forfeited: Amount,
        /// Free rounds that were never played.
        rounds_lost: u32,
    },
}

/// The result of a state change: the ledger transfers to post and, if the bonus changed
/// state, the event.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Update {
    /// Transfers for the host's ledger, in order.
    pub intents: Vec<TransferIntent>,
    /// What happened to the bonus, if anything.
    pub event: Option<Event>,
}

/// One player's bonus: a pure state machine the host persists (it is serializable).
///
/// Progress is counted exactly in *minor units × basis points*: a stake `s` on a game of
/// weight `w` adds `s × w_bp`; the requirement is `multiple × base × 10 000`. Nothing is
/// rounded until conversion, which happens at most once.
///
/// ```
/// use kingpin_bonus::{BetRequest, ClaimContext, Event, PlayerFacts, Promotion, Status};
/// use kingpin_units::Amount;
///
/// let promo: Promotion = toml::from_str(r#"
///     id = "nodep"
///     kind = { type = "no_deposit", amount = 1000 }
///     [terms]
///     wagering = { multiple = 2 }
///     expires_after_secs = 86400
///     max_conversion = { fixed = 1500 }
/// "#).unwrap();
/// let player = PlayerFacts::default();
/// let (mut bonus, _grant) = promo.claim(&ClaimContext::new(&player))?;
/// let bet = BetRequest { game: "dice".into(), stake: Amount::from_minor(1000), cash_available: Amount::ZERO };
/// bonus.place_bet(&bet, 10)?;
/// let u = bonus.settle_bet(Amount::from_minor(1980), 11)?; // won: 19.80 of bonus money
/// assert_eq!(bonus.status(), Status::Wagering);
/// assert!(u.event.is_none());
/// let bet = BetRequest { stake: Amount::from_minor(1000), ..bet };
/// bonus.place_bet(&bet, 12)?;
/// let u = bonus.settle_bet(Amount::from_minor(1980), 13)?; // 20.00 wagered: complete
/// assert_eq!(u.event, Some(Event::Completed { converted: Amount::from_minor(1500), remainder: Amount::from_minor(1460) }));
/// assert_eq!(bonus.status(), Status::Completed);
/// # Ok::<(), kingpin_bonus::BonusError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActiveBonus {
    promotion_id: String,
    terms: Terms,
    status: Status,
    granted: Amount,
    deposit: Amount,
    balance: Amount,
    requirement_scaled: u128,
    progress_scaled: u128,
    claimed_at: u64,
    expires_at: u64,
    free_rounds: Option<FreeRounds>,
    open_bet: Option<OpenBet>,
    converted: Amount,
}

fn refuse<T>(reason: impl Into<String>) -> Result<T, BonusError> {
    Err(BonusError::BetRefused(reason.into()))
}

fn units(e: UnitsError) -> BonusError {
    BonusError::Units(e)
}

impl ActiveBonus {
    /// Start a bonus of `promo` (already judged by [`Promotion::claim`]) with `grant` bonus money
    /// on a qualifying `deposit`, at time `now`. Used by `claim` and by pricing.
    pub(crate) fn start(
        promo: &Promotion,
        grant: Amount,
        deposit: Amount,
        now: u64,
    ) -> Result<(ActiveBonus, Vec<TransferIntent>), BonusError> {
        promo.validate()?;
        let expires_at = now
            .checked_add(promo.terms.expires_after_secs)
            .ok_or_else(|| BonusError::definition("terms.expires_after_secs", "too large"))?;
        let free_rounds = match &promo.kind {
            PromoKind::FreeSpins { game, count, stake } => Some(FreeRounds {
                game: game.clone(),
                stake: *stake,
                remaining: *count,
                stake_returned: true,
                winnings: Amount::ZERO,
            }),
            PromoKind::FreeBet {
                game,
                stake,
                stake_returned,
            } => Some(FreeRounds {
                game: game.clone(),
                stake: *stake,
                remaining: 1,
                stake_returned: *stake_returned,
                winnings: Amount::ZERO,
            }),
            _ => None,
        };
        let mut bonus = ActiveBonus {
            promotion_id: promo.id.clone(),
            terms: promo.terms.clone(),
            status: if free_rounds.is_some() {
                Status::FreeRounds
            } else {
                Status::Wagering
            },
            granted: grant,
            deposit,
            balance: grant,
            requirement_scaled: 0,
            progress_scaled: 0,
            claimed_at: now,
            expires_at,
            free_rounds,
            open_bet: None,
            converted: Amount::ZERO,
        };
        let mut intents = Vec::new();
        push(&mut intents, PromoBudget, PlayerBonus, grant, Reason::Grant);
        if bonus.status == Status::Wagering {
            bonus.requirement_scaled = bonus.requirement_for(grant)?;
            if bonus.requirement_scaled == 0 {
                let u = bonus.convert()?;
                intents.extend(u.intents);
            }
        }
        Ok((bonus, intents))
    }

    fn requirement_for(&self, credited: Amount) -> Result<u128, BonusError> {
        let base = match self.terms.wagering.base {
            WageringBase::Bonus | WageringBase::FreeRoundWinnings => credited,
            WageringBase::BonusAndDeposit => credited.checked_add(self.deposit).map_err(units)?,
        };
        Ok(u128::from(base.minor())
            * u128::from(self.terms.wagering.multiple)
            * u128::from(BP_PER_WHOLE))
    }

    /// The promotion this bonus came from.
    pub fn promotion_id(&self) -> &str {
        &self.promotion_id
    }

    /// The terms in force (a copy taken at claim: later edits of the promotion do not apply).
    pub fn terms(&self) -> &Terms {
        &self.terms
    }

    /// Where the bonus is.
    pub fn status(&self) -> Status {
        self.status
    }

    /// Bonus money credited (for free rounds: their winnings, once they are all played).
    pub fn granted(&self) -> Amount {
        self.granted
    }

    /// The qualifying deposit.
    pub fn deposit(&self) -> Amount {
        self.deposit
    }

    /// Bonus money this bonus holds in the player's bonus account now (an open bet's bonus
    /// part excluded).
    pub fn balance(&self) -> Amount {
        self.balance
    }

    /// The requirement in weighted stake, rounded up to the minor unit.
    pub fn requirement(&self) -> Amount {
        Amount::from_minor(
            u64::try_from(self.requirement_scaled.div_ceil(u128::from(BP_PER_WHOLE)))
                .unwrap_or(u64::MAX),
        )
    }

    /// Weighted stake counted so far, rounded down to the minor unit.
    pub fn progress(&self) -> Amount {
        Amount::from_minor(
            u64::try_from(self.progress_scaled / u128::from(BP_PER_WHOLE)).unwrap_or(u64::MAX),
        )
    }

    /// Progress and requirement exactly, in minor units × basis points.
    pub fn progress_exact(&self) -> (u128, u128) {
        (self.progress_scaled, self.requirement_scaled)
    }

    /// Second at which the bonus expires (claim time + `expires_after_secs`).
    pub fn expires_at(&self) -> u64 {
        self.expires_at
    }

    /// The second it was claimed.
    pub fn claimed_at(&self) -> u64 {
        self.claimed_at
    }

    /// Free rounds left to play, if any.
    pub fn free_rounds(&self) -> Option<&FreeRounds> {
        self.free_rounds.as_ref().filter(|f| f.remaining > 0)
    }

    /// The open bet, if any.
    pub fn open_bet(&self) -> Option<&OpenBet> {
        self.open_bet.as_ref()
    }

    /// Total converted to cash (zero until completion; set once).
    pub fn converted(&self) -> Amount {
        self.converted
    }

    /// Check a bet against every term without changing anything; returns how it would be
    /// funded. Terms checked: the bonus is wagering, no bet is open, it has not expired, the
    /// stake is above zero and at most `max_stake`, the game is not excluded, and cash plus
    /// bonus money cover the stake.
    ///
    /// # Errors
    /// [`BonusError::NotActive`], [`BonusError::BetSequence`] or [`BonusError::BetRefused`]
    /// with the reason.
    pub fn check_bet(&self, bet: &BetRequest, now: u64) -> Result<StakeSplit, BonusError> {
        match self.status {
            Status::Wagering => {}
            Status::FreeRounds => {
                return refuse("the free rounds must be played first (play_free_round)");
            }
            s => return Err(BonusError::NotActive(s)),
        }
        if self.open_bet.is_some() {
            return Err(BonusError::BetSequence(
                "a bet is already open on this bonus; settle it first",
            ));
        }
        if now >= self.expires_at {
            return refuse(format!("the bonus expired at {}", self.expires_at));
        }
        if bet.stake.is_zero() {
            return refuse("the stake must be above zero");
        }
        if let Some(max) = self.terms.max_stake
            && bet.stake > max
        {
            return refuse(format!(
                "stake {} is above the maximum stake {} while wagering",
                bet.stake.minor(),
                max.minor()
            ));
        }
        let Some(weight) = self.terms.weights.weight(&bet.game) else {
            return refuse(format!(
                "{:?} cannot be played while this bonus is active",
                bet.game
            ));
        };
        let (cash, bonus) = match self.terms.funds_order {
            FundsOrder::CashFirst => {
                let cash = bet.stake.min(bet.cash_available);
                (cash, bet.stake.checked_sub(cash).map_err(units)?)
            }
            FundsOrder::BonusFirst => {
                let bonus = bet.stake.min(self.balance);
                (bet.stake.checked_sub(bonus).map_err(units)?, bonus)
            }
        };
        if cash > bet.cash_available || bonus > self.balance {
            return refuse(format!(
                "stake {} is more than cash {} plus bonus money {}",
                bet.stake.minor(),
                bet.cash_available.minor(),
                self.balance.minor()
            ));
        }
        Ok(StakeSplit {
            cash,
            bonus,
            weight,
        })
    }

    /// Accept a bet: every term is checked first ([`ActiveBonus::check_bet`]); a refused bet
    /// changes nothing. Returns the stake transfers (cash part and bonus part to the house).
    ///
    /// # Errors
    /// As [`ActiveBonus::check_bet`].
    pub fn place_bet(&mut self, bet: &BetRequest, now: u64) -> Result<Update, BonusError> {
        let split = self.check_bet(bet, now)?;
        let balance = self.balance.checked_sub(split.bonus).map_err(units)?;
        let mut intents = Vec::new();
        push(
            &mut intents,
            PlayerCash,
            House,
            split.cash,
            Reason::StakeCash,
        );
        push(
            &mut intents,
            PlayerBonus,
            House,
            split.bonus,
            Reason::StakeBonus,
        );
        self.balance = balance;
        self.open_bet = Some(OpenBet {
            game: bet.game.clone(),
            split,
        });
        Ok(Update {
            intents,
            event: None,
        })
    }

    /// Settle the open bet with its payout (stake included when won, zero when lost).
    ///
    /// The payout is split in proportion to the stake's funding: the bonus share is
    /// `floor(payout × bonus part / stake)`, the rest is cash. Progress grows by
    /// `stake × weight`. If progress reaches the requirement the bonus converts (once); if the
    /// bonus balance is then zero it is busted. A bet accepted before expiry is settled even
    /// after it.
    ///
    /// # Errors
    /// [`BonusError::BetSequence`] if no bet is open; [`BonusError::Units`] on overflow (nothing
    /// changes then).
    pub fn settle_bet(&mut self, payout: Amount, now: u64) -> Result<Update, BonusError> {
        let _ = now;
        let Some(open) = &self.open_bet else {
            return Err(BonusError::BetSequence("no bet is open on this bonus"));
        };
        let split = open.split;
        let stake = split.cash.checked_add(split.bonus).map_err(units)?;
        let bonus_share = u64::try_from(
            u128::from(payout.minor()) * u128::from(split.bonus.minor())
                / u128::from(stake.minor().max(1)),
        )
        .map(Amount::from_minor)
        .map_err(|_| BonusError::BadPayout { payout, stake })?;
        let cash_share = payout.checked_sub(bonus_share).map_err(units)?;
        let balance = self.balance.checked_add(bonus_share).map_err(units)?;
        let progress = self
            .progress_scaled
            .saturating_add(split.weight.scaled(stake));
        let mut intents = Vec::new();
        push(
            &mut intents,
            House,
            PlayerCash,
            cash_share,
            Reason::PayoutCash,
        );
        push(
            &mut intents,
            House,
            PlayerBonus,
            bonus_share,
            Reason::PayoutBonus,
        );
        self.balance = balance;
        self.progress_scaled = progress;
        self.open_bet = None;
        let mut event = None;
        if self.progress_scaled >= self.requirement_scaled {
            let u = self.convert()?;
            intents.extend(u.intents);
            event = u.event;
        } else if self.balance.is_zero() {
            self.status = Status::Busted;
            event = Some(Event::Busted);
        }
        Ok(Update { intents, event })
    }

    /// Settle the next free round (spin or free bet) with the payout the engine returned.
    ///
    /// The promotion pays the stake to the house; the house pays the payout. Winnings are
    /// credited as bonus money (for a free bet without its stake returned, only the payout
    /// above the stake; the stake part goes back to the promotion budget). After the last
    /// round, wagering starts on the winnings; with no winnings the bonus is busted.
    ///
    /// # Errors
    /// [`BonusError::NotActive`] outside free rounds; [`BonusError::BetRefused`] after expiry
    /// or for another game.
    pub fn play_free_round(
        &mut self,
        game: &str,
        payout: Amount,
        now: u64,
    ) -> Result<Update, BonusError> {
        if self.status != Status::FreeRounds {
            return Err(BonusError::NotActive(self.status));
        }
        if now >= self.expires_at {
            return refuse(format!("the free rounds expired at {}", self.expires_at));
        }
        let Some(fr) = self.free_rounds.clone() else {
            return Err(BonusError::NotActive(self.status));
        };
        if fr.game != game {
            return refuse(format!(
                "the free rounds are for {:?}, not {game:?}",
                fr.game
            ));
        }
        let (win, kept) = if fr.stake_returned {
            (payout, Amount::ZERO)
        } else {
            let win = payout.checked_sub(fr.stake).unwrap_or(Amount::ZERO);
            (win, payout.checked_sub(win).map_err(units)?)
        };
        let winnings = fr.winnings.checked_add(win).map_err(units)?;
        let balance = self.balance.checked_add(win).map_err(units)?;
        let mut intents = Vec::new();
        push(
            &mut intents,
            PromoBudget,
            House,
            fr.stake,
            Reason::FreeRoundStake,
        );
        push(&mut intents, House, PlayerBonus, win, Reason::FreeRoundWin);
        push(
            &mut intents,
            House,
            PromoBudget,
            kept,
            Reason::FreeRoundStakeKept,
        );
        let Some(remaining) = fr.remaining.checked_sub(1) else {
            return Err(BonusError::NotActive(self.status));
        };
        let mut event = None;
        let requirement = if remaining == 0 {
            self.requirement_for(winnings)?
        } else {
            0
        };
        self.balance = balance;
        self.free_rounds = Some(FreeRounds {
            remaining,
            winnings,
            ..fr
        });
        if remaining == 0 {
            self.granted = winnings;
            self.status = Status::Wagering;
            self.requirement_scaled = requirement;
            if winnings.is_zero() {
                self.status = Status::Busted;
                event = Some(Event::Busted);
            } else if requirement == 0 {
                let u = self.convert()?;
                intents.extend(u.intents);
                event = u.event;
            } else {
                event = Some(Event::FreeRoundsDone { winnings });
            }
        }
        Ok(Update { intents, event })
    }

    /// Convert: the requirement is met. Exactly once (status becomes `Completed`).
    fn convert(&mut self) -> Result<Update, BonusError> {
        if self.status != Status::Wagering {
            return Err(BonusError::NotActive(self.status));
        }
        let convertible = if self.terms.sticky {
            self.balance
                .checked_sub(self.granted)
                .unwrap_or(Amount::ZERO)
        } else {
            self.balance
        };
        let converted = match self.terms.cap(self.granted) {
            Some(cap) => convertible.min(cap),
            None => convertible,
        };
        let remainder = self.balance.checked_sub(converted).map_err(units)?;
        let mut intents = Vec::new();
        push(
            &mut intents,
            PlayerBonus,
            PlayerCash,
            converted,
            Reason::Conversion,
        );
        push(
            &mut intents,
            PlayerBonus,
            PromoBudget,
            remainder,
            Reason::ConversionRemainder,
        );
        self.balance = Amount::ZERO;
        self.converted = converted;
        self.status = Status::Completed;
        Ok(Update {
            intents,
            event: Some(Event::Completed {
                converted,
                remainder,
            }),
        })
    }

    fn take_balance(&mut self, status: Status, reason: Reason) -> Update {
        let forfeited = self.balance;
        let rounds_lost = self.free_rounds().map_or(0, |f| f.remaining);
        let mut intents = Vec::new();
        push(&mut intents, PlayerBonus, PromoBudget, forfeited, reason);
        self.balance = Amount::ZERO;
        self.status = status;
        if let Some(f) = &mut self.free_rounds {
            f.remaining = 0;
        }
        let event = if status == Status::Expired {
            Event::Expired {
                forfeited,
                rounds_lost,
            }
        } else {
            Event::Forfeited {
                forfeited,
                rounds_lost,
            }
        };
        Update {
            intents,
            event: Some(event),
        }
    }

    fn check_live(&self) -> Result<(), BonusError> {
        if self.status.is_final() {
            return Err(BonusError::NotActive(self.status));
        }
        if self.open_bet.is_some() {
            return Err(BonusError::BetSequence(
                "a bet is open on this bonus; settle it first",
            ));
        }
        Ok(())
    }

    /// Expire the bonus at `now` (at or after [`ActiveBonus::expires_at`]): the whole bonus
    /// balance returns to the promotion budget and unplayed free rounds are lost. Exactly once.
    ///
    /// # Errors
    /// [`BonusError::NotActive`] if already final; [`BonusError::BetSequence`] with a bet open;
    /// [`BonusError::BetRefused`] before the expiry time.
    pub fn expire(&mut self, now: u64) -> Result<Update, BonusError> {
        self.check_live()?;
        if now < self.expires_at {
            return refuse(format!(
                "the bonus does not expire before {}",
                self.expires_at
            ));
        }
        Ok(self.take_balance(Status::Expired, Reason::Expiry))
    }

    /// The player asks to withdraw while the bonus is live. Under
    /// [`WithdrawalRule::Forfeit`] the whole bonus balance (the bonus and all winnings held as
    /// bonus money) is forfeited and unplayed free rounds are lost; cash is untouched. Under
    /// [`WithdrawalRule::Block`] the withdrawal is refused and nothing changes.
    ///
    /// # Errors
    /// [`BonusError::WithdrawalBlocked`], [`BonusError::NotActive`] or [`BonusError::BetSequence`].
    pub fn request_withdrawal(&mut self, now: u64) -> Result<Update, BonusError> {
        let _ = now;
        self.check_live()?;
        if self.terms.on_withdrawal == WithdrawalRule::Block {
            return Err(BonusError::WithdrawalBlocked(format!(
                "wagering is incomplete ({} of {} weighted); forfeit the bonus to withdraw",
                self.progress().minor(),
                self.requirement().minor()
            )));
        }
        Ok(self.take_balance(Status::Forfeited, Reason::Forfeit))
    }

    /// The player gives the bonus up: as a forfeiting withdrawal request, whatever the rule.
    ///
    /// # Errors
    /// [`BonusError::NotActive`] or [`BonusError::BetSequence`].
    pub fn forfeit(&mut self, now: u64) -> Result<Update, BonusError> {
        let _ = now;
        self.check_live()?;
        Ok(self.take_balance(Status::Forfeited, Reason::Forfeit))
    }
}
