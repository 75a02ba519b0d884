//! Money movements, described for the host's ledger and never performed here.

use kingpin_units::Amount;
use serde::{Deserialize, Serialize};

/// The kind of ledger account a transfer intent touches. The host maps each kind to its own
/// account for the player and currency at hand.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountKind {
    /// The player's withdrawable money.
    PlayerCash,
    /// The player's bonus money (not withdrawable until converted).
    PlayerBonus,
    /// The operator's promotion budget: every bonus is paid from it and every forfeited or
    /// capped amount returns to it.
    PromoBudget,
    /// The house's game bankroll: stakes go in, payouts come out.
    House,
}

/// Why money moves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// A bonus is credited (deposit match, no-deposit credit, cashback, reload, prize).
    Grant,
    /// The cash part of a stake.
    StakeCash,
    /// The bonus part of a stake.
    StakeBonus,
    /// The part of a payout that goes to cash.
    PayoutCash,
    /// The part of a payout that goes to the bonus balance.
    PayoutBonus,
    /// The promotion pays the stake of a free spin or free bet.
    FreeRoundStake,
    /// The winnings of a free spin or free bet, credited as bonus money.
    FreeRoundWin,
    /// The stake of a free bet that does not return its stake (only the winnings are kept).
    FreeRoundStakeKept,
    /// Wagering is complete: bonus money becomes cash.
    Conversion,
    /// Bonus money above the conversion cap (or a sticky bonus's own amount) returns to the
    /// promotion budget at conversion.
    ConversionRemainder,
    /// The bonus balance is forfeited (withdrawal request or manual forfeit).
    Forfeit,
    /// The bonus expired before wagering was complete.
    Expiry,
    /// Rakeback paid to a VIP.
    Rakeback,
}

/// One money movement for the host's ledger: move `amount` from `debit` to `credit`.
///
/// The crate never moves money; every state change that implies a movement returns the list of
/// intents, and the host posts them (ideally as one linked batch) with its own transfer ids.
///
/// ```
/// use kingpin_bonus::{AccountKind, Reason, TransferIntent};
/// use kingpin_units::Amount;
///
/// let t = TransferIntent::new(AccountKind::PromoBudget, AccountKind::PlayerBonus, Amount::from_minor(500), Reason::Grant);
/// assert_eq!(t.credit, AccountKind::PlayerBonus);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TransferIntent {
    /// The account money leaves.
    pub debit: AccountKind,
    /// The account money enters.
    pub credit: AccountKind,
    /// How much, in minor units (never zero: zero movements are not emitted).
    pub amount: Amount,
    /// Why.
    pub reason: Reason,
}

impl TransferIntent {
    /// An intent.
    pub const fn new(
        debit: AccountKind,
        credit: AccountKind,
        amount: Amount,
        reason: Reason,
    ) -> TransferIntent {
        TransferIntent {
            debit,
            credit,
            amount,
            reason,
        }
    }
}

/// Push an intent unless its amount is zero.
pub(crate) fn push(
    out: &mut alloc::vec::Vec<TransferIntent>,
    debit: AccountKind,
    credit: AccountKind,
    amount: Amount,
    reason: Reason,
) {
    if !amount.is_zero() {
        out.push(TransferIntent::new(debit, credit, amount, reason));
    }
}
