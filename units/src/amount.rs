//! Integer amounts of money in minor units.

use alloc::string::ToString;
use core::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::{Currency, UnitsError};

/// A non-negative amount of money, counted in a currency's minor units (satoshis, cents).
///
/// An `Amount` does not carry its currency: accounts and games do. Arithmetic is checked and
/// returns [`UnitsError`] instead of wrapping; there is no `Add` impl on purpose.
/// Serialized as the integer number of minor units.
///
/// ```
/// use kingpin_units::{Amount, Currency};
///
/// let a = Amount::parse("0.0001", Currency::BTC)?;
/// assert_eq!(a, Amount::from_minor(10_000));
/// assert_eq!(a.checked_add(a)?.display(Currency::BTC).to_string(), "0.00020000");
/// assert!(Amount::ZERO.checked_sub(a).is_err());
/// # Ok::<(), kingpin_units::UnitsError>(())
/// ```
#[derive(
    Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Amount(u64);

impl Amount {
    /// Zero.
    pub const ZERO: Amount = Amount(0);
    /// The largest representable amount.
    pub const MAX: Amount = Amount(u64::MAX);

    /// An amount of `minor` minor units.
    #[inline]
    pub const fn from_minor(minor: u64) -> Amount {
        Amount(minor)
    }

    /// The number of minor units.
    #[inline]
    pub const fn minor(self) -> u64 {
        self.0
    }

    /// Whether the amount is zero.
    #[inline]
    pub const fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// `self + rhs`.
    ///
    /// # Errors
    /// [`UnitsError::Overflow`] if the sum does not fit.
    #[inline]
    pub fn checked_add(self, rhs: Amount) -> Result<Amount, UnitsError> {
        self.0
            .checked_add(rhs.0)
            .map(Amount)
            .ok_or(UnitsError::Overflow { op: "add" })
    }

    /// `self - rhs`.
    ///
    /// # Errors
    /// [`UnitsError::Underflow`] if `rhs > self`.
    #[inline]
    pub fn checked_sub(self, rhs: Amount) -> Result<Amount, UnitsError> {
        self.0
            .checked_sub(rhs.0)
            .map(Amount)
            .ok_or(UnitsError::Underflow {
                minuend: self.0,
                subtrahend: rhs.0,
            })
    }

    /// `self × n`, e.g. a stake per line times the number of lines.
    ///
    /// # Errors
    /// [`UnitsError::Overflow`] if the product does not fit.
    #[inline]
    pub fn checked_mul(self, n: u64) -> Result<Amount, UnitsError> {
        self.0
            .checked_mul(n)
            .map(Amount)
            .ok_or(UnitsError::Overflow { op: "mul" })
    }

    /// Sum of amounts.
    ///
    /// # Errors
    /// [`UnitsError::Overflow`] if the sum does not fit.
    #[inline]
    pub fn checked_sum<I: IntoIterator<Item = Amount>>(items: I) -> Result<Amount, UnitsError> {
        items
            .into_iter()
            .try_fold(Amount::ZERO, Amount::checked_add)
    }

    /// Parse a decimal string in major units (`"1.25"` USD is 125 cents).
    ///
    /// Accepted: digits with an optional `.` and fraction. Trailing zeros in the fraction are
    /// ignored (`"1.500"` is fine for USD).
    ///
    /// # Errors
    /// [`UnitsError::Empty`], [`UnitsError::InvalidNumber`], [`UnitsError::Negative`],
    /// [`UnitsError::TooManyDecimals`] (more significant decimals than the currency has), or
    /// [`UnitsError::TooLarge`] (beyond `u64` minor units).
    pub fn parse(input: &str, currency: Currency) -> Result<Amount, UnitsError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(UnitsError::Empty);
        }
        if s.starts_with('-') {
            return Err(UnitsError::Negative(input.into()));
        }
        if !s.bytes().all(|b| b.is_ascii_digit() || b == b'.')
            || s.bytes().filter(|&b| b == b'.').count() > 1
            || s == "."
        {
            return Err(UnitsError::InvalidNumber(input.into()));
        }
        let d = Decimal::from_str_exact(s)
            // The text is already known to be digits with at most one point: any failure is size.
            .map_err(|_| UnitsError::TooLarge(input.into()))?;
        let d = d.normalize();
        let decimals = currency.decimals();
        if d.scale() > u32::from(decimals) {
            return Err(UnitsError::TooManyDecimals {
                input: input.into(),
                currency: currency.code(),
                got: d.scale(),
                max: decimals,
            });
        }
        let shift = u32::from(decimals) - d.scale();
        let mantissa = d.mantissa();
        let minor = 10i128
            .checked_pow(shift)
            .and_then(|p| mantissa.checked_mul(p))
            .and_then(|m| u64::try_from(m).ok())
            .ok_or_else(|| UnitsError::TooLarge(input.into()))?;
        Ok(Amount(minor))
    }

    /// Display in major units with exactly the currency's decimals (`"1.50"`, `"0.00010000"`).
    pub fn display(self, currency: Currency) -> AmountDisplay {
        AmountDisplay {
            amount: self,
            currency,
        }
    }

    /// The amount in major units as a [`Decimal`] (for display and configuration).
    pub fn to_decimal(self, currency: Currency) -> Decimal {
        Decimal::from_i128_with_scale(i128::from(self.0), u32::from(currency.decimals()))
    }
}

impl From<Amount> for u64 {
    fn from(a: Amount) -> u64 {
        a.0
    }
}

/// Displays an [`Amount`] in major units of a [`Currency`]; see [`Amount::display`].
#[derive(Clone, Copy, Debug)]
pub struct AmountDisplay {
    amount: Amount,
    currency: Currency,
}

impl fmt::Display for AmountDisplay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let per = self.currency.minor_per_major();
        let whole = self.amount.0 / per;
        let frac = self.amount.0 % per;
        let decimals = usize::from(self.currency.decimals());
        let text = if decimals == 0 {
            whole.to_string()
        } else {
            alloc::format!("{whole}.{frac:0decimals$}")
        };
        f.pad(&text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_and_rejects() {
        let usd = Currency::USD;
        assert_eq!(Amount::parse("1", usd).unwrap().minor(), 100);
        assert_eq!(Amount::parse("1.5", usd).unwrap().minor(), 150);
        assert_eq!(Amount::parse("1.500", usd).unwrap().minor(), 150);
        assert_eq!(Amount::parse("0.01", usd).unwrap().minor(), 1);
        assert_eq!(Amount::parse(".5", usd).unwrap().minor(), 50);
        assert_eq!(
            Amount::parse("21000000", Currency::BTC).unwrap().minor(),
            2_100_000_000_000_000
        );
        assert!(matches!(Amount::parse("", usd), Err(UnitsError::Empty)));
        assert!(matches!(
            Amount::parse("-1", usd),
            Err(UnitsError::Negative(_))
        ));
        assert!(matches!(
            Amount::parse("1.001", usd),
            Err(UnitsError::TooManyDecimals { got: 3, max: 2, .. })
        ));
        assert!(matches!(
            Amount::parse("1e5", usd),
            Err(UnitsError::InvalidNumber(_))
        ));
        assert!(matches!(
            Amount::parse("1.2.3", usd),
            Err(UnitsError::InvalidNumber(_))
        ));
        assert!(matches!(
            Amount::parse("+1", usd),
            Err(UnitsError::InvalidNumber(_))
        ));
        assert!(matches!(
            Amount::parse("184467440737095516.16", usd),
            Err(UnitsError::TooLarge(_))
        ));
        assert!(matches!(
            Amount::parse("999999999999999999999999999999999", usd),
            Err(UnitsError::TooLarge(_))
        ));
        assert_eq!(
            Amount::parse("184467440737095516.15", usd).unwrap(),
            Amount::MAX
        );
    }

    #[test]
    fn displays() {
        assert_eq!(
            Amount::from_minor(5).display(Currency::USD).to_string(),
            "0.05"
        );
        assert_eq!(
            Amount::from_minor(12345).display(Currency::JPY).to_string(),
            "12345"
        );
        assert_eq!(
            Amount::from_minor(1).display(Currency::BTC).to_string(),
            "0.00000001"
        );
    }

    #[test]
    fn arithmetic_is_checked() {
        assert!(Amount::MAX.checked_add(Amount::from_minor(1)).is_err());
        assert!(Amount::MAX.checked_mul(2).is_err());
        assert_eq!(
            Amount::from_minor(1).checked_sub(Amount::from_minor(2)),
            Err(UnitsError::Underflow {
                minuend: 1,
                subtrahend: 2
            })
        );
        assert_eq!(
            Amount::checked_sum([Amount::from_minor(1), Amount::from_minor(2)])
                .unwrap()
                .minor(),
            3
        );
    }

    #[test]
    fn serde_is_minor_units() {
        assert_eq!(
            serde_json::to_string(&Amount::from_minor(42)).unwrap(),
            "42"
        );
        assert_eq!(
            serde_json::from_str::<Amount>("42").unwrap(),
            Amount::from_minor(42)
        );
        assert!(serde_json::from_str::<Amount>("-1").is_err());
    }

    proptest! {
        #[test]
        fn display_then_parse_round_trips(minor in any::<u64>(), idx in 0usize..Currency::ALL.len()) {
            let c = Currency::ALL[idx];
            let a = Amount::from_minor(minor);
            prop_assert_eq!(Amount::parse(&a.display(c).to_string(), c).unwrap(), a);
        }

        #[test]
        fn parse_never_panics(s in ".{0,40}") {
            let _ = Amount::parse(&s, Currency::BTC);
        }
    }
}
