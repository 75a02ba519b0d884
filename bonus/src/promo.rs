//! Promotions as data, bonus codes and claiming.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use kingpin_units::Amount;
use serde::{Deserialize, Serialize};

use crate::terms::WageringBase;
use crate::tracker::ActiveBonus;
use crate::{BonusError, Percent, Terms, TransferIntent};

/// What a promotion gives.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum PromoKind {
    /// `percent` of the qualifying deposit, at most `max`.
    DepositMatch {
        /// Match percentage (100 doubles the deposit).
        percent: Percent,
        /// Largest bonus.
        max: Amount,
    },
    /// A deposit match for players who have deposited before.
    Reload {
        /// Match percentage.
        percent: Percent,
        /// Largest bonus.
        max: Amount,
    },
    /// A fixed credit with no deposit.
    NoDeposit {
        /// The credit.
        amount: Amount,
    },
    /// One promotion-funded bet on `game`. With `stake_returned = false` (the usual free bet)
    /// only the winnings above the stake are credited.
    FreeBet {
        /// The catalog name of the game.
        game: String,
        /// The stake of the bet.
        stake: Amount,
        /// Whether a winning bet also credits its stake.
        #[serde(default)]
        stake_returned: bool,
    },
    /// `count` promotion-funded rounds of `game` at `stake` each; the winnings become bonus money.
    FreeSpins {
        /// The catalog name of the game.
        game: String,
        /// Number of spins.
        count: u32,
        /// Stake of each spin.
        stake: Amount,
    },
    /// `percent` of the player's net loss over a period (computed by the host), at most `max`.
    Cashback {
        /// Cashback percentage.
        percent: Percent,
        /// Largest credit (`None`: no cap).
        #[serde(default)]
        max: Option<Amount>,
        /// Smallest net loss that qualifies.
        #[serde(default)]
        min_loss: Amount,
    },
}

/// Which countries may claim.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "rule", content = "list", rename_all = "snake_case")]
pub enum Countries {
    /// Every country (the host's own licence list still applies).
    #[default]
    Any,
    /// Only these ISO 3166 codes.
    Only(Vec<String>),
    /// All but these.
    Except(Vec<String>),
}

/// Who may claim.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Eligibility {
    /// Only players the host marks as new.
    #[serde(default)]
    pub new_players_only: bool,
    /// Lowest VIP level (0 is the entry level).
    #[serde(default)]
    pub min_vip_level: u32,
    /// Highest VIP level (`None`: no limit).
    #[serde(default)]
    pub max_vip_level: Option<u32>,
    /// Country rule of the promotion.
    #[serde(default)]
    pub countries: Countries,
}

/// How a promotion is redeemed: code, window, limits, deposit, stacking.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Redemption {
    /// The code the player types (compared case-insensitively); `None`: no code needed.
    #[serde(default)]
    pub code: Option<String>,
    /// First second (host's clock, e.g. Unix time) the promotion may be claimed.
    #[serde(default)]
    pub valid_from: u64,
    /// First second it may no longer be claimed (`None`: no end).
    #[serde(default)]
    pub valid_until: Option<u64>,
    /// Claims allowed over all players (`None`: unlimited).
    #[serde(default)]
    pub max_redemptions: Option<u64>,
    /// Claims allowed per player (default 1).
    #[serde(default = "one")]
    pub max_per_player: u32,
    /// Smallest qualifying deposit (deposit promotions).
    #[serde(default)]
    pub min_deposit: Amount,
    /// Whether this bonus may be active alongside others (every active one must allow it).
    #[serde(default)]
    pub stackable: bool,
}

fn one() -> u32 {
    1
}

impl Default for Redemption {
    fn default() -> Redemption {
        Redemption {
            code: None,
            valid_from: 0,
            valid_until: None,
            max_redemptions: None,
            max_per_player: 1,
            min_deposit: Amount::ZERO,
            stackable: false,
        }
    }
}

/// A promotion: what it gives, its terms, who may claim it and how.
///
/// ```
/// use kingpin_bonus::{ClaimContext, PlayerFacts, Promotion};
/// use kingpin_units::Amount;
///
/// let promo: Promotion = toml::from_str(r#"
///     id = "welcome"
///     kind = { type = "deposit_match", percent = 100, max = 10000 }
///     redemption = { code = "WELCOME", min_deposit = 1000 }
///     eligibility = { new_players_only = true }
///     [terms]
///     wagering = { multiple = 30, base = "bonus" }
///     expires_after_secs = 604800
///     max_stake = 500
/// "#).unwrap();
/// promo.validate()?;
/// let player = PlayerFacts { is_new: true, vip_level: 0, country: "DE".into(), prior_deposits: 0 };
/// let ctx = ClaimContext { now: 100, code: Some("welcome"), deposit: Amount::from_minor(5_000), ..ClaimContext::new(&player) };
/// let (bonus, intents) = promo.claim(&ctx)?;
/// assert_eq!(bonus.balance(), Amount::from_minor(5_000));
/// assert_eq!(bonus.requirement(), Amount::from_minor(150_000)); // 30 × 50.00
/// assert_eq!(intents.len(), 1);
/// # Ok::<(), kingpin_bonus::BonusError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Promotion {
    /// The operator's identifier.
    pub id: String,
    /// What it gives.
    pub kind: PromoKind,
    /// The terms of the resulting bonus.
    pub terms: Terms,
    /// Who may claim.
    #[serde(default)]
    pub eligibility: Eligibility,
    /// Code, window, limits, deposit, stacking.
    #[serde(default)]
    pub redemption: Redemption,
}

/// What the host knows about the player, passed in at claim time.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlayerFacts {
    /// Whether the host counts the player as new (e.g. no deposit yet).
    pub is_new: bool,
    /// The player's VIP level.
    pub vip_level: u32,
    /// ISO 3166 country code.
    pub country: String,
    /// Deposits before the one being claimed on.
    pub prior_deposits: u32,
}

/// Everything a claim is judged on; the host supplies it (the crate keeps no counters).
#[derive(Clone, Debug)]
pub struct ClaimContext<'a> {
    /// The host's clock (seconds).
    pub now: u64,
    /// The code the player typed, if any.
    pub code: Option<&'a str>,
    /// The player.
    pub player: &'a PlayerFacts,
    /// The qualifying deposit (deposit match and reload).
    pub deposit: Amount,
    /// The player's net loss over the cashback period (cashback).
    pub net_loss: Amount,
    /// Claims of this promotion so far, all players.
    pub redemptions_total: u64,
    /// Claims of this promotion so far by this player.
    pub redemptions_by_player: u32,
    /// The `stackable` flag of each bonus the player has active now.
    pub active_bonuses_stackable: &'a [bool],
    /// Countries the host's licence excludes, whatever the promotion says.
    pub host_blocked_countries: &'a [String],
}

impl<'a> ClaimContext<'a> {
    /// A context at time 0 with no code, no deposit, no loss, no prior claims and no active bonus.
    pub fn new(player: &'a PlayerFacts) -> ClaimContext<'a> {
        ClaimContext {
            now: 0,
            code: None,
            player,
            deposit: Amount::ZERO,
            net_loss: Amount::ZERO,
            redemptions_total: 0,
            redemptions_by_player: 0,
            active_bonuses_stackable: &[],
            host_blocked_countries: &[],
        }
    }
}

fn refuse<T>(reason: impl Into<String>) -> Result<T, BonusError> {
    Err(BonusError::ClaimRefused(reason.into()))
}

impl Promotion {
    /// Check the definition.
    ///
    /// # Errors
    /// [`BonusError::InvalidDefinition`] with the field path.
    pub fn validate(&self) -> Result<(), BonusError> {
        if self.id.trim().is_empty() {
            return Err(BonusError::definition("id", "must not be empty"));
        }
        self.terms.validate("terms")?;
        let funded = matches!(
            self.kind,
            PromoKind::FreeBet { .. } | PromoKind::FreeSpins { .. }
        );
        let base = self.terms.wagering.base;
        if funded != (base == WageringBase::FreeRoundWinnings) && self.terms.wagering.multiple > 0 {
            return Err(BonusError::definition(
                "terms.wagering.base",
                "free_round_winnings is the base for free spins and free bets, and only for them",
            ));
        }
        let deposit_kind = matches!(
            self.kind,
            PromoKind::DepositMatch { .. } | PromoKind::Reload { .. }
        );
        if base == WageringBase::BonusAndDeposit && !deposit_kind {
            return Err(BonusError::definition(
                "terms.wagering.base",
                "bonus_and_deposit needs a deposit promotion",
            ));
        }
        match &self.kind {
            PromoKind::DepositMatch { percent, max } | PromoKind::Reload { percent, max } => {
                if percent.is_zero() || max.is_zero() {
                    return Err(BonusError::definition(
                        "kind",
                        "percent and max must be above zero",
                    ));
                }
            }
            PromoKind::NoDeposit { amount } if amount.is_zero() => {
                return Err(BonusError::definition("kind.amount", "must be above zero"));
            }
            PromoKind::FreeBet { game, stake, .. } => {
                if game.is_empty() || stake.is_zero() {
                    return Err(BonusError::definition(
                        "kind",
                        "a free bet needs a game and a stake above zero",
                    ));
                }
            }
            PromoKind::FreeSpins { game, count, stake } => {
                if game.is_empty() || *count == 0 || stake.is_zero() {
                    return Err(BonusError::definition(
                        "kind",
                        "free spins need a game, a count and a stake above zero",
                    ));
                }
            }
            PromoKind::Cashback { percent, max, .. } => {
                if percent.is_zero() || *percent > Percent::HUNDRED || *max == Some(Amount::ZERO) {
                    return Err(BonusError::definition(
                        "kind",
                        "cashback percent must be in (0, 100] and max above zero",
                    ));
                }
            }
            PromoKind::NoDeposit { .. } => {}
        }
        let r = &self.redemption;
        if r.max_per_player == 0 {
            return Err(BonusError::definition(
                "redemption.max_per_player",
                "must be at least 1",
            ));
        }
        if matches!(r.valid_until, Some(u) if u <= r.valid_from) {
            return Err(BonusError::definition(
                "redemption.valid_until",
                "must be after valid_from",
            ));
        }
        if matches!(&r.code, Some(c) if c.trim().is_empty()) {
            return Err(BonusError::definition(
                "redemption.code",
                "must not be empty (omit it for no code)",
            ));
        }
        if let Some(max) = self.eligibility.max_vip_level
            && max < self.eligibility.min_vip_level
        {
            return Err(BonusError::definition(
                "eligibility.max_vip_level",
                "is below min_vip_level",
            ));
        }
        Ok(())
    }

    /// Judge a claim and, if every rule passes, start the bonus.
    ///
    /// Checks, in order: the definition, the code, the window, the global and per-player limits,
    /// eligibility (new player, VIP level, the promotion's and the host's country rules),
    /// stacking, the deposit (minimum; reload needs a prior deposit) or the cashback loss, and
    /// that something is granted. Returns the new bonus and the transfer intents of the grant.
    ///
    /// # Errors
    /// [`BonusError::InvalidDefinition`] or [`BonusError::ClaimRefused`] with the reason.
    pub fn claim(
        &self,
        ctx: &ClaimContext<'_>,
    ) -> Result<(ActiveBonus, Vec<TransferIntent>), BonusError> {
        self.validate()?;
        let r = &self.redemption;
        match (&r.code, ctx.code) {
            (Some(code), Some(given)) if code.eq_ignore_ascii_case(given.trim()) => {}
            (Some(_), Some(given)) => return refuse(format!("unknown code {given:?}")),
            (Some(_), None) => return refuse("this promotion needs a code"),
            (None, _) => {}
        }
        if ctx.now < r.valid_from {
            return refuse(format!("not valid before {}", r.valid_from));
        }
        if let Some(until) = r.valid_until
            && ctx.now >= until
        {
            return refuse(format!("expired at {until}"));
        }
        if let Some(max) = r.max_redemptions
            && ctx.redemptions_total >= max
        {
            return refuse(format!("all {max} redemptions are taken"));
        }
        if ctx.redemptions_by_player >= r.max_per_player {
            return refuse(format!(
                "already claimed {} time(s), the limit per player",
                r.max_per_player
            ));
        }
        let e = &self.eligibility;
        let p = ctx.player;
        if e.new_players_only && !p.is_new {
            return refuse("for new players only");
        }
        if p.vip_level < e.min_vip_level {
            return refuse(format!("needs VIP level {} or above", e.min_vip_level));
        }
        if let Some(max) = e.max_vip_level
            && p.vip_level > max
        {
            return refuse(format!("for VIP levels up to {max}"));
        }
        let country = p.country.as_str();
        let country_ok = match &e.countries {
            Countries::Any => true,
            Countries::Only(list) => list.iter().any(|c| c.eq_ignore_ascii_case(country)),
            Countries::Except(list) => !list.iter().any(|c| c.eq_ignore_ascii_case(country)),
        } && !ctx
            .host_blocked_countries
            .iter()
            .any(|c| c.eq_ignore_ascii_case(country));
        if !country_ok {
            return refuse(format!("not available in {country:?}"));
        }
        let stacking_ok = ctx.active_bonuses_stackable.is_empty()
            || (r.stackable && ctx.active_bonuses_stackable.iter().all(|&s| s));
        if !stacking_ok {
            return refuse("another bonus is active and stacking is not allowed");
        }
        let deposit = match &self.kind {
            PromoKind::DepositMatch { .. } | PromoKind::Reload { .. } => {
                if ctx.deposit.is_zero() || ctx.deposit < r.min_deposit {
                    return refuse(format!(
                        "needs a deposit of at least {} minor units",
                        r.min_deposit.minor().max(1)
                    ));
                }
                if matches!(self.kind, PromoKind::Reload { .. }) && p.prior_deposits == 0 {
                    return refuse("a reload bonus needs an earlier deposit");
                }
                ctx.deposit
            }
            _ => Amount::ZERO,
        };
        if let PromoKind::Cashback { min_loss, .. } = &self.kind
            && (ctx.net_loss.is_zero() || ctx.net_loss < *min_loss)
        {
            return refuse("no qualifying net loss in the period");
        }
        let grant = self.grant_amount(deposit, ctx.net_loss)?;
        if grant.is_zero()
            && !matches!(
                self.kind,
                PromoKind::FreeBet { .. } | PromoKind::FreeSpins { .. }
            )
        {
            return refuse("the bonus would be zero");
        }
        ActiveBonus::start(self, grant, deposit, ctx.now)
    }

    /// Start this promotion as a *reward* (a VIP level-up bonus, a Crystal Garden prize): the
    /// definition is validated but no code, window, limit, eligibility or stacking rule applies
    /// (the reward was earned). For a no-deposit credit, free spins or a free bet; deposit and
    /// cashback promotions need [`Promotion::claim`].
    ///
    /// # Errors
    /// [`BonusError::InvalidDefinition`] for an invalid definition or a deposit or cashback
    /// promotion.
    pub fn award(&self, now: u64) -> Result<(ActiveBonus, Vec<TransferIntent>), BonusError> {
        self.validate()?;
        match self.kind {
            PromoKind::NoDeposit { amount } => ActiveBonus::start(self, amount, Amount::ZERO, now),
            PromoKind::FreeSpins { .. } | PromoKind::FreeBet { .. } => {
                ActiveBonus::start(self, Amount::ZERO, Amount::ZERO, now)
            }
            _ => Err(BonusError::definition(
                "kind",
                "a reward is a no-deposit credit, free spins or a free bet",
            )),
        }
    }

    /// The bonus money credited at claim (zero for free spins and free bets, whose winnings
    /// are credited as they are played).
    ///
    /// # Errors
    /// [`BonusError::Units`] on overflow.
    pub fn grant_amount(&self, deposit: Amount, net_loss: Amount) -> Result<Amount, BonusError> {
        Ok(match &self.kind {
            PromoKind::DepositMatch { percent, max } | PromoKind::Reload { percent, max } => {
                percent.of(deposit)?.min(*max)
            }
            PromoKind::NoDeposit { amount } => *amount,
            PromoKind::Cashback { percent, max, .. } => {
                let v = percent.of(net_loss)?;
                max.map_or(v, |m| v.min(m))
            }
            PromoKind::FreeBet { .. } | PromoKind::FreeSpins { .. } => Amount::ZERO,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;
    use alloc::vec;

    fn promo() -> Promotion {
        Promotion {
            id: "welcome".into(),
            kind: PromoKind::DepositMatch {
                percent: Percent::whole(100).unwrap(),
                max: Amount::from_minor(10_000),
            },
            terms: Terms {
                wagering: crate::Wagering {
                    multiple: 30,
                    base: WageringBase::Bonus,
                },
                weights: crate::GameWeights::default(),
                max_stake: None,
                expires_after_secs: 100,
                max_conversion: None,
                funds_order: crate::FundsOrder::CashFirst,
                sticky: false,
                on_withdrawal: crate::WithdrawalRule::Forfeit,
            },
            eligibility: Eligibility {
                new_players_only: true,
                min_vip_level: 1,
                max_vip_level: Some(3),
                countries: Countries::Except(vec!["US".into()]),
            },
            redemption: Redemption {
                code: Some("WELCOME".into()),
                valid_from: 10,
                valid_until: Some(20),
                max_redemptions: Some(100),
                max_per_player: 1,
                min_deposit: Amount::from_minor(1_000),
                stackable: false,
            },
        }
    }

    fn player() -> PlayerFacts {
        PlayerFacts {
            is_new: true,
            vip_level: 1,
            country: "de".into(),
            prior_deposits: 0,
        }
    }

    #[test]
    fn every_claim_rule_refuses_with_its_reason() {
        let p = promo();
        let pl = player();
        let ok = ClaimContext {
            now: 15,
            code: Some(" welcome"),
            deposit: Amount::from_minor(2_000),
            ..ClaimContext::new(&pl)
        };
        let (b, intents) = p.claim(&ok).unwrap();
        assert_eq!(b.balance(), Amount::from_minor(2_000));
        assert_eq!(intents.len(), 1);
        let why = |ctx: &ClaimContext<'_>| p.claim(ctx).unwrap_err().to_string();
        assert!(
            why(&ClaimContext {
                code: Some("NOPE"),
                ..ok.clone()
            })
            .contains("unknown code")
        );
        assert!(
            why(&ClaimContext {
                code: None,
                ..ok.clone()
            })
            .contains("needs a code")
        );
        assert!(
            why(&ClaimContext {
                now: 9,
                ..ok.clone()
            })
            .contains("not valid before 10")
        );
        assert!(
            why(&ClaimContext {
                now: 20,
                ..ok.clone()
            })
            .contains("expired at 20")
        );
        assert!(
            why(&ClaimContext {
                redemptions_total: 100,
                ..ok.clone()
            })
            .contains("all 100")
        );
        assert!(
            why(&ClaimContext {
                redemptions_by_player: 1,
                ..ok.clone()
            })
            .contains("limit per player")
        );
        assert!(
            why(&ClaimContext {
                deposit: Amount::from_minor(999),
                ..ok.clone()
            })
            .contains("at least 1000")
        );
        assert!(
            why(&ClaimContext {
                active_bonuses_stackable: &[true],
                ..ok.clone()
            })
            .contains("stacking")
        );
        let blocked = ["DE".to_string()];
        assert!(
            why(&ClaimContext {
                host_blocked_countries: &blocked,
                ..ok.clone()
            })
            .contains("not available")
        );
        for (facts, reason) in [
            (
                PlayerFacts {
                    is_new: false,
                    ..player()
                },
                "new players",
            ),
            (
                PlayerFacts {
                    vip_level: 0,
                    ..player()
                },
                "level 1 or above",
            ),
            (
                PlayerFacts {
                    vip_level: 4,
                    ..player()
                },
                "up to 3",
            ),
            (
                PlayerFacts {
                    country: "US".into(),
                    ..player()
                },
                "not available",
            ),
        ] {
            assert!(
                why(&ClaimContext {
                    player: &facts,
                    ..ok.clone()
                })
                .contains(reason),
                "{reason}"
            );
        }
    }

    #[test]
    fn stacking_needs_every_bonus_to_allow_it() {
        let mut p = promo();
        p.redemption.stackable = true;
        let pl = player();
        let ctx = ClaimContext {
            now: 15,
            code: Some("WELCOME"),
            deposit: Amount::from_minor(2_000),
            ..ClaimContext::new(&pl)
        };
        assert!(
            p.claim(&ClaimContext {
                active_bonuses_stackable: &[true, true],
                ..ctx.clone()
            })
            .is_ok()
        );
        assert!(
            p.claim(&ClaimContext {
                active_bonuses_stackable: &[true, false],
                ..ctx
            })
            .is_err()
        );
    }

    #[test]
    fn amounts_of_each_kind() {
        let mut p = promo();
        assert_eq!(
            p.grant_amount(Amount::from_minor(50_000), Amount::ZERO)
                .unwrap(),
            Amount::from_minor(10_000)
        );
        p.kind = PromoKind::Cashback {
            percent: Percent::whole(10).unwrap(),
            max: Some(Amount::from_minor(500)),
            min_loss: Amount::ZERO,
        };
        assert_eq!(
            p.grant_amount(Amount::ZERO, Amount::from_minor(3_000))
                .unwrap(),
            Amount::from_minor(300)
        );
        assert_eq!(
            p.grant_amount(Amount::ZERO, Amount::from_minor(30_000))
                .unwrap(),
            Amount::from_minor(500)
        );
        p.kind = PromoKind::Reload {
            percent: Percent::whole(50).unwrap(),
            max: Amount::from_minor(500),
        };
        let pl = player();
        let ctx = ClaimContext {
            now: 15,
            code: Some("WELCOME"),
            deposit: Amount::from_minor(2_000),
            ..ClaimContext::new(&pl)
        };
        assert!(
            p.claim(&ctx)
                .unwrap_err()
                .to_string()
                .contains("earlier deposit")
        );
        let pl = PlayerFacts {
            prior_deposits: 2,
            ..player()
        };
        let (b, _) = p.claim(&ClaimContext { player: &pl, ..ctx }).unwrap();
        assert_eq!(b.granted(), Amount::from_minor(500));
    }

    #[test]
    fn definitions_are_validated() {
        let mut p = promo();
        p.terms.wagering.base = WageringBase::FreeRoundWinnings;
        assert!(
            p.validate()
                .unwrap_err()
                .to_string()
                .contains("terms.wagering.base")
        );
        let mut p = promo();
        p.terms.max_stake = Some(Amount::ZERO);
        assert!(
            p.validate()
                .unwrap_err()
                .to_string()
                .contains("terms.max_stake")
        );
        let mut p = promo();
        p.terms
            .weights
            .games
            .insert("slots".into(), Percent::whole(101).unwrap());
        assert!(
            p.validate()
                .unwrap_err()
                .to_string()
                .contains("terms.weights.games.slots")
        );
        let mut p = promo();
        p.redemption.valid_until = Some(5);
        assert!(
            p.validate()
                .unwrap_err()
                .to_string()
                .contains("valid_until")
        );
        assert!(
            toml::from_str::<Promotion>("id = \"x\"\nkind = { type = \"no_deposit\", amount = 1, extra = 2 }\n[terms]\nwagering = { multiple = 1 }\nexpires_after_secs = 1")
                .is_err()
        );
    }
}
