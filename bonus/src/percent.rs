//! Exact percentages in basis points.

use alloc::format;
use alloc::string::String;
use core::fmt;

use kingpin_units::{Amount, UnitsError};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::BonusError;

/// Basis points in 100 %.
pub const BP_PER_WHOLE: u64 = 10_000;

/// An exact percentage with at most two decimals, stored in basis points (`12.5 %` is 1250).
///
/// Written in TOML/JSON as a number of percent (`100`) or a string (`"12.5"`); never a float, so
/// `10` means exactly ten percent. Values above 100 % are allowed (a 200 % deposit match).
///
/// ```
/// use kingpin_bonus::Percent;
/// use kingpin_units::Amount;
///
/// let p = Percent::parse("12.5")?;
/// assert_eq!(p.basis_points(), 1250);
/// assert_eq!(p.of(Amount::from_minor(1_001))?, Amount::from_minor(125)); // 125.125 → 125
/// assert_eq!(p.to_string(), "12.5");
/// # Ok::<(), kingpin_bonus::BonusError>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Percent(u32);

impl Percent {
    /// 0 %.
    pub const ZERO: Percent = Percent(0);
    /// 100 %.
    pub const HUNDRED: Percent = Percent(10_000);

    /// A percentage of `bp` basis points (1/100 of a percent).
    pub const fn from_basis_points(bp: u32) -> Percent {
        Percent(bp)
    }

    /// A whole number of percent.
    ///
    /// # Errors
    /// [`BonusError::InvalidDefinition`] beyond `u32` basis points.
    pub fn whole(percent: u32) -> Result<Percent, BonusError> {
        percent
            .checked_mul(100)
            .map(Percent)
            .ok_or_else(|| BonusError::definition("percent", "too large"))
    }

    /// The basis points.
    pub const fn basis_points(self) -> u32 {
        self.0
    }

    /// Whether this is 0 %.
    pub const fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// Parse `"10"`, `"12.5"`, `"0.05"` (at most two decimals, no sign, no exponent).
    ///
    /// # Errors
    /// [`BonusError::InvalidDefinition`] for anything else.
    pub fn parse(text: &str) -> Result<Percent, BonusError> {
        let bad = || {
            BonusError::definition(
                "percent",
                format!("{text:?} is not a percentage with at most 2 decimals"),
            )
        };
        let t = text.trim().trim_end_matches('%').trim_end();
        let (int, frac) = t.split_once('.').unwrap_or((t, ""));
        if (int.is_empty() && frac.is_empty())
            || frac.len() > 2
            || int.len() > 7
            || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit())
        {
            return Err(bad());
        }
        let int: u32 = if int.is_empty() {
            0
        } else {
            int.parse().map_err(|_| bad())?
        };
        let mut f: u32 = if frac.is_empty() {
            0
        } else {
            frac.parse().map_err(|_| bad())?
        };
        if frac.len() == 1 {
            f *= 10;
        }
        int.checked_mul(100)
            .and_then(|v| v.checked_add(f))
            .map(Percent)
            .ok_or_else(bad)
    }

    /// `floor(amount × self / 100)`, exactly.
    ///
    /// # Errors
    /// [`BonusError::Units`] if the result does not fit in `u64` minor units.
    pub fn of(self, amount: Amount) -> Result<Amount, BonusError> {
        let v = u128::from(amount.minor()) * u128::from(self.0) / u128::from(BP_PER_WHOLE);
        u64::try_from(v)
            .map(Amount::from_minor)
            .map_err(|_| BonusError::Units(UnitsError::Overflow { op: "percent" }))
    }

    /// `amount × basis points` — the amount scaled by 10 000 with no rounding at all, the unit
    /// in which wagering progress is counted.
    pub fn scaled(self, amount: Amount) -> u128 {
        u128::from(amount.minor()) * u128::from(self.0)
    }

    /// As a float fraction (`0.125` for 12.5 %), for statistics only.
    pub fn to_f64(self) -> f64 {
        f64::from(self.0) / 10_000.0
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (int, frac) = (self.0 / 100, self.0 % 100);
        let text: String = if frac == 0 {
            format!("{int}")
        } else if frac % 10 == 0 {
            format!("{int}.{}", frac / 10)
        } else {
            format!("{int}.{frac:02}")
        };
        f.pad(&text)
    }
}

impl Serialize for Percent {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Percent {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Percent, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Percent;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a percentage: an integer, or a string like \"12.5\"")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Percent, E> {
                Percent::parse(v).map_err(E::custom)
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Percent, E> {
                u32::try_from(v)
                    .ok()
                    .and_then(|v| v.checked_mul(100))
                    .map(Percent)
                    .ok_or_else(|| E::custom("percentage too large"))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Percent, E> {
                let v = u64::try_from(v).map_err(|_| E::custom("negative percentage"))?;
                self.visit_u64(v)
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn parses_displays_and_rejects() {
        for (t, bp, shown) in [
            ("100", 10_000, "100"),
            ("12.5", 1250, "12.5"),
            ("0.05", 5, "0.05"),
            ("5%", 500, "5"),
            (".5", 50, "0.5"),
        ] {
            let p = Percent::parse(t).unwrap();
            assert_eq!(p.basis_points(), bp, "{t}");
            assert_eq!(p.to_string(), shown);
            assert_eq!(Percent::parse(&p.to_string()).unwrap(), p);
        }
        for t in ["", ".", "-1", "1.234", "1e2", "abc", "99999999"] {
            assert!(Percent::parse(t).is_err(), "{t}");
        }
    }

    #[test]
    fn serde_accepts_integers_and_strings_not_floats() {
        let p: Percent = serde_json::from_str("10").unwrap();
        assert_eq!(p, Percent::whole(10).unwrap());
        let p: Percent = serde_json::from_str("\"2.5\"").unwrap();
        assert_eq!(p.basis_points(), 250);
        assert!(serde_json::from_str::<Percent>("2.5").is_err());
        assert!(serde_json::from_str::<Percent>("-3").is_err());
        assert_eq!(serde_json::to_string(&p).unwrap(), "\"2.5\"");
    }

    #[test]
    fn of_rounds_down_exactly() {
        let p = Percent::parse("33.33").unwrap();
        assert_eq!(p.of(Amount::from_minor(100)).unwrap().minor(), 33);
        assert!(Percent::whole(200).unwrap().of(Amount::MAX).is_err());
        assert_eq!(p.scaled(Amount::from_minor(3)), 9999);
    }
}
