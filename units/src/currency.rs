//! Currencies and their decimals.

use core::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::UnitsError;

/// A currency: a code and the number of decimals of its minor unit.
///
/// The set is closed on purpose: every code here has a fixed, well-known number of decimals, so an
/// amount can never be read with the wrong scale. Add a currency by adding a constant.
///
/// ```
/// use kingpin_units::Currency;
/// assert_eq!(Currency::BTC.decimals(), 8);
/// assert_eq!("usd".parse::<Currency>()?, Currency::USD);
/// # Ok::<(), kingpin_units::UnitsError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency {
    code: &'static str,
    decimals: u8,
}

impl Currency {
    /// Bitcoin, 8 decimals (the minor unit is the satoshi).
    pub const BTC: Currency = Currency {
        code: "BTC",
        decimals: 8,
    };
    /// US dollar, 2 decimals.
    pub const USD: Currency = Currency {
        code: "USD",
        decimals: 2,
    };
    /// Euro, 2 decimals.
    pub const EUR: Currency = Currency {
        code: "EUR",
        decimals: 2,
    };
    /// Pound sterling, 2 decimals.
    pub const GBP: Currency = Currency {
        code: "GBP",
        decimals: 2,
    };
    /// Japanese yen, 0 decimals.
    pub const JPY: Currency = Currency {
        code: "JPY",
        decimals: 0,
    };
    /// Tether (USDT), 6 decimals.
    pub const USDT: Currency = Currency {
        code: "USDT",
        decimals: 6,
    };
    /// Litecoin, 8 decimals.
    pub const LTC: Currency = Currency {
        code: "LTC",
        decimals: 8,
    };
    /// Play money for practice mode and simulations, 2 decimals.
    pub const FUN: Currency = Currency {
        code: "FUN",
        decimals: 2,
    };

    /// Every known currency.
    pub const ALL: [Currency; 8] = [
        Self::BTC,
        Self::USD,
        Self::EUR,
        Self::GBP,
        Self::JPY,
        Self::USDT,
        Self::LTC,
        Self::FUN,
    ];

    /// The upper-case code, e.g. `"BTC"`.
    pub const fn code(self) -> &'static str {
        self.code
    }

    /// Number of decimal places of the minor unit (BTC 8, USD 2, JPY 0).
    pub const fn decimals(self) -> u8 {
        self.decimals
    }

    /// How many minor units make one major unit (`10^decimals`).
    pub const fn minor_per_major(self) -> u64 {
        10u64.pow(self.decimals as u32)
    }

    /// Look a currency up by its code, case-insensitively.
    ///
    /// # Errors
    /// [`UnitsError::UnknownCurrency`] if the code is not one of [`Currency::ALL`].
    pub fn from_code(code: &str) -> Result<Currency, UnitsError> {
        Self::ALL
            .iter()
            .copied()
            .find(|c| c.code.eq_ignore_ascii_case(code))
            .ok_or_else(|| UnitsError::UnknownCurrency(code.into()))
    }
}

impl core::str::FromStr for Currency {
    type Err = UnitsError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::from_code(s)
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code)
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}({})", self.code, self.decimals)
    }
}

impl Serialize for Currency {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code)
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = alloc::string::String::deserialize(d)?;
        Currency::from_code(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for c in Currency::ALL {
            assert_eq!(Currency::from_code(c.code()).unwrap(), c);
            assert_eq!(c.minor_per_major(), 10u64.pow(u32::from(c.decimals())));
        }
        assert!(matches!(
            Currency::from_code("XYZ"),
            Err(UnitsError::UnknownCurrency(_))
        ));
    }
}
