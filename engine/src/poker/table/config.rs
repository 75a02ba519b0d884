//! A table's rules: seats, betting structure, blinds, antes, buy-in limits, rake and timeouts.

use alloc::format;

use kingpin_units::Amount;
use serde::{Deserialize, Serialize};

use crate::GameError;

/// Fewest seats a table has.
pub const MIN_SEATS: u8 = 2;
/// Most seats a table has.
pub const MAX_SEATS: u8 = 10;
/// Largest amount any configured limit may take, so that the chips of ten full stacks and
/// every sum the engine forms stay far inside `u64`.
pub const MAX_CONFIG_AMOUNT: u64 = 1 << 48;

/// The betting structure.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Betting {
    /// Any bet or raise from the minimum up to the whole stack.
    #[default]
    NoLimit,
    /// Bets and raises of exactly one *small bet* (the big blind) before the flop and on the
    /// flop, one *big bet* (two big blinds) on the turn and river, at most
    /// [`TableConfig::raise_cap`] bets and raises per round.
    FixedLimit,
}

/// A table's configuration. `{}` in JSON gives the defaults: six seats, no-limit 50/100, no
/// ante, buy-in 40–100 big blinds, 5 % rake capped at 3 big blinds, 30 s to act.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TableConfig {
    /// Seats, 2–10.
    pub seats: u8,
    /// No-limit or fixed-limit.
    pub betting: Betting,
    /// Small blind (at least 1, at most the big blind).
    pub small_blind: Amount,
    /// Big blind (also the fixed-limit small bet and the no-limit minimum bet).
    pub big_blind: Amount,
    /// Ante every dealt-in player posts before the blinds (0 for none; at most the big blind).
    pub ante: Amount,
    /// Smallest buy-in (at least the big blind).
    pub min_buy_in: Amount,
    /// Largest buy-in, and the most a top-up may bring a stack to.
    pub max_buy_in: Amount,
    /// Rake in basis points of the pot (500 = 5 %; 0–10,000).
    pub rake_bps: u32,
    /// Most rake taken from one hand.
    pub rake_cap: Amount,
    /// Time a player has to act, in milliseconds (at least 1).
    pub action_timeout_ms: u64,
    /// Fixed-limit only: most bets and raises in one betting round (the big blind counts as
    /// the first before the flop); 2–10.
    pub raise_cap: u8,
}

impl Default for TableConfig {
    fn default() -> TableConfig {
        TableConfig {
            seats: 6,
            betting: Betting::NoLimit,
            small_blind: Amount::from_minor(50),
            big_blind: Amount::from_minor(100),
            ante: Amount::ZERO,
            min_buy_in: Amount::from_minor(4_000),
            max_buy_in: Amount::from_minor(10_000),
            rake_bps: 500,
            rake_cap: Amount::from_minor(300),
            action_timeout_ms: 30_000,
            raise_cap: 4,
        }
    }
}

impl TableConfig {
    /// Check every field.
    ///
    /// # Errors
    /// [`GameError::InvalidConfig`] naming the first bad field.
    pub fn validate(&self) -> Result<(), GameError> {
        let bad =
            |field: &str, reason: alloc::string::String| Err(GameError::config(field, reason));
        if !(MIN_SEATS..=MAX_SEATS).contains(&self.seats) {
            return bad(
                "seats",
                format!("{} seats; allowed {MIN_SEATS}–{MAX_SEATS}", self.seats),
            );
        }
        for (field, a) in [
            ("small_blind", self.small_blind),
            ("big_blind", self.big_blind),
            ("ante", self.ante),
            ("min_buy_in", self.min_buy_in),
            ("max_buy_in", self.max_buy_in),
            ("rake_cap", self.rake_cap),
        ] {
            if a.minor() > MAX_CONFIG_AMOUNT {
                return bad(field, format!("{} exceeds {MAX_CONFIG_AMOUNT}", a.minor()));
            }
        }
        if self.small_blind.is_zero() {
            return bad("small_blind", "must be at least 1".into());
        }
        if self.big_blind < self.small_blind {
            return bad(
                "big_blind",
                format!(
                    "{} is below the small blind {}",
                    self.big_blind.minor(),
                    self.small_blind.minor()
                ),
            );
        }
        if self.ante > self.big_blind {
            return bad("ante", "must not exceed the big blind".into());
        }
        if self.min_buy_in < self.big_blind {
            return bad("min_buy_in", "must be at least the big blind".into());
        }
        if self.max_buy_in < self.min_buy_in {
            return bad("max_buy_in", "must be at least min_buy_in".into());
        }
        if self.rake_bps > 10_000 {
            return bad(
                "rake_bps",
                format!("{} basis points; allowed 0–10000", self.rake_bps),
            );
        }
        if self.action_timeout_ms == 0 {
            return bad("action_timeout_ms", "must be at least 1".into());
        }
        if !(2..=10).contains(&self.raise_cap) {
            return bad("raise_cap", format!("{}; allowed 2–10", self.raise_cap));
        }
        Ok(())
    }

    /// The fixed-limit bet size of a street (0 = preflop … 3 = river): the big blind, doubled on
    /// the turn and river.
    pub(crate) fn limit_bet(&self, street: u8) -> u64 {
        if street >= 2 {
            self.big_blind.minor() * 2
        } else {
            self.big_blind.minor()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_fields_checked() {
        TableConfig::default().validate().unwrap();
        let cfg: TableConfig = serde_json::from_str("{}").unwrap();
        assert_eq!(cfg, TableConfig::default());
        assert!(serde_json::from_str::<TableConfig>(r#"{"seatz": 3}"#).is_err());
        let check = |f: &dyn Fn(&mut TableConfig), field: &str| {
            let mut c = TableConfig::default();
            f(&mut c);
            match c.validate() {
                Err(GameError::InvalidConfig { field: got, .. }) => assert_eq!(got, field),
                other => panic!("{field}: {other:?}"),
            }
        };
        check(&|c| c.seats = 1, "seats");
        check(&|c| c.seats = 11, "seats");
        check(&|c| c.small_blind = Amount::ZERO, "small_blind");
        check(&|c| c.big_blind = Amount::from_minor(10), "big_blind");
        check(&|c| c.ante = Amount::from_minor(101), "ante");
        check(&|c| c.min_buy_in = Amount::from_minor(99), "min_buy_in");
        check(&|c| c.max_buy_in = Amount::from_minor(3_999), "max_buy_in");
        check(&|c| c.rake_bps = 10_001, "rake_bps");
        check(&|c| c.action_timeout_ms = 0, "action_timeout_ms");
        check(&|c| c.raise_cap = 1, "raise_cap");
        check(
            &|c| c.max_buy_in = Amount::from_minor(u64::MAX),
            "max_buy_in",
        );
    }
}
