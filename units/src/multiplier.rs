//! Exact multipliers.

use alloc::string::{String, ToString};
use core::cmp::Ordering;
use core::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::{Amount, UnitsError};

/// An exact, non-negative rational multiplier `numerator / denominator`, always in lowest terms.
///
/// Payouts are `floor(stake × multiplier)` to the minor unit ([`Multiplier::payout`]).
/// Written and read as a decimal string (`"1.98"`) when it has a finite decimal expansion, else as
/// a fraction (`"1/3"`); deserialization also accepts JSON/TOML numbers, read by their shortest
/// decimal text so `0.1` means exactly one tenth.
///
/// ```
/// use kingpin_units::{Amount, Multiplier};
///
/// let three_to_two = Multiplier::parse("3/2")?;
/// assert_eq!(three_to_two, Multiplier::parse("1.5")?);
/// assert_eq!(three_to_two.payout(Amount::from_minor(5))?, Amount::from_minor(7)); // 7.5 → 7
/// assert_eq!(Multiplier::from_ratio(2, 6)?.to_string(), "1/3");
/// # Ok::<(), kingpin_units::UnitsError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Multiplier {
    num: u64,
    den: u64,
}

const fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        let t = a % b;
        a = b;
        b = t;
    }
    a
}

impl Multiplier {
    /// × 0.
    pub const ZERO: Multiplier = Multiplier { num: 0, den: 1 };
    /// × 1 (the stake back).
    pub const ONE: Multiplier = Multiplier { num: 1, den: 1 };

    /// `num / den` in lowest terms.
    ///
    /// # Errors
    /// [`UnitsError::ZeroDenominator`] if `den == 0`.
    pub const fn from_ratio(num: u64, den: u64) -> Result<Multiplier, UnitsError> {
        if den == 0 {
            return Err(UnitsError::ZeroDenominator);
        }
        let g = gcd(num, den);
        let g = if g == 0 { 1 } else { g };
        Ok(Multiplier {
            num: num / g,
            den: den / g,
        })
    }

    /// A whole multiplier `n × `.
    #[inline]
    pub const fn from_int(n: u64) -> Multiplier {
        Multiplier { num: n, den: 1 }
    }

    /// The numerator (lowest terms).
    #[inline]
    pub const fn numerator(self) -> u64 {
        self.num
    }

    /// The denominator (lowest terms, never zero).
    #[inline]
    pub const fn denominator(self) -> u64 {
        self.den
    }

    /// Whether this is × 0.
    #[inline]
    pub const fn is_zero(self) -> bool {
        self.num == 0
    }

    /// From a non-negative [`Decimal`].
    ///
    /// # Errors
    /// [`UnitsError::Negative`] or [`UnitsError::TooLarge`] if it does not fit in `u64/u64`.
    pub fn from_decimal(d: Decimal) -> Result<Multiplier, UnitsError> {
        if d.is_sign_negative() && !d.is_zero() {
            return Err(UnitsError::Negative(d.to_string()));
        }
        let d = d.normalize();
        let num = u64::try_from(d.mantissa()).map_err(|_| UnitsError::TooLarge(d.to_string()))?;
        let den = 10u64
            .checked_pow(d.scale())
            .ok_or_else(|| UnitsError::TooLarge(d.to_string()))?;
        Multiplier::from_ratio(num, den)
    }

    /// Parse `"2"`, `"1.98"` or `"3/2"` (an optional trailing `x` is allowed: `"2.5x"`).
    ///
    /// # Errors
    /// [`UnitsError::Empty`], [`UnitsError::InvalidNumber`], [`UnitsError::Negative`],
    /// [`UnitsError::ZeroDenominator`] or [`UnitsError::TooLarge`].
    pub fn parse(input: &str) -> Result<Multiplier, UnitsError> {
        let s = input.trim();
        let s = s.strip_suffix(['x', 'X']).unwrap_or(s).trim();
        if s.is_empty() {
            return Err(UnitsError::Empty);
        }
        if s.starts_with('-') {
            return Err(UnitsError::Negative(input.into()));
        }
        if let Some((n, d)) = s.split_once('/') {
            let int = |t: &str| -> Result<u64, UnitsError> {
                let t = t.trim();
                if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(UnitsError::InvalidNumber(input.into()));
                }
                t.parse::<u64>()
                    .map_err(|_| UnitsError::TooLarge(input.into()))
            };
            return Multiplier::from_ratio(int(n)?, int(d)?);
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
        Multiplier::from_decimal(d)
    }

    /// The payout for a stake: `floor(stake × self)` in minor units.
    ///
    /// This is *the* rounding rule of Kingpin: computed exactly in 128 bits, any fraction of a
    /// minor unit is dropped.
    ///
    /// # Errors
    /// [`UnitsError::Overflow`] if the payout exceeds `u64` minor units.
    #[inline]
    pub fn payout(self, stake: Amount) -> Result<Amount, UnitsError> {
        // A 128-bit division is a library call; when the product fits in 64 bits (every
        // ordinary stake) the 64-bit division gives the same quotient.
        if let Some(p) = stake.minor().checked_mul(self.num) {
            return Ok(Amount::from_minor(p / self.den));
        }
        let p = u128::from(stake.minor()) * u128::from(self.num) / u128::from(self.den);
        u64::try_from(p)
            .map(Amount::from_minor)
            .map_err(|_| UnitsError::Overflow { op: "payout" })
    }

    /// `self × rhs`, exactly.
    ///
    /// # Errors
    /// [`UnitsError::Overflow`] if the reduced result does not fit in `u64/u64`.
    pub fn checked_mul(self, rhs: Multiplier) -> Result<Multiplier, UnitsError> {
        let num = u128::from(self.num) * u128::from(rhs.num);
        let den = u128::from(self.den) * u128::from(rhs.den);
        Self::from_u128(num, den, "mul")
    }

    /// `self + rhs`, exactly.
    ///
    /// # Errors
    /// [`UnitsError::Overflow`] if the reduced result does not fit in `u64/u64`.
    pub fn checked_add(self, rhs: Multiplier) -> Result<Multiplier, UnitsError> {
        let num =
            u128::from(self.num) * u128::from(rhs.den) + u128::from(rhs.num) * u128::from(self.den);
        let den = u128::from(self.den) * u128::from(rhs.den);
        Self::from_u128(num, den, "add")
    }

    fn from_u128(num: u128, den: u128, op: &'static str) -> Result<Multiplier, UnitsError> {
        let (mut a, mut b) = (num, den);
        while b != 0 {
            let t = a % b;
            a = b;
            b = t;
        }
        let g = if a == 0 { 1 } else { a };
        let (n, d) = (num / g, den / g);
        match (u64::try_from(n), u64::try_from(d)) {
            (Ok(num), Ok(den)) => Ok(Multiplier { num, den }),
            _ => Err(UnitsError::Overflow { op }),
        }
    }

    /// Approximate value, for statistics and display only.
    #[inline]
    pub fn to_f64(self) -> f64 {
        self.num as f64 / self.den as f64
    }

    /// The exact decimal value if the denominator has only the prime factors 2 and 5.
    pub fn to_decimal(self) -> Option<Decimal> {
        let mut d = self.den;
        let (mut twos, mut fives) = (0u32, 0u32);
        while d % 2 == 0 {
            d /= 2;
            twos += 1;
        }
        while d % 5 == 0 {
            d /= 5;
            fives += 1;
        }
        if d != 1 {
            return None;
        }
        let scale = twos.max(fives);
        // Only where the decimal text reads back exactly (`from_decimal` needs a u64 mantissa
        // and 10^scale within u64).
        if scale > 19 {
            return None;
        }
        // num/den = num * (10^scale / den) / 10^scale
        let factor = 10u128.checked_pow(scale)? / u128::from(self.den);
        let mantissa = u128::from(self.num).checked_mul(factor)?;
        if mantissa > u128::from(u64::MAX) {
            return None;
        }
        let mantissa = i128::try_from(mantissa).ok()?;
        Decimal::try_from_i128_with_scale(mantissa, scale)
            .ok()
            .map(|x| x.normalize())
    }
}

impl PartialOrd for Multiplier {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Multiplier {
    fn cmp(&self, other: &Self) -> Ordering {
        (u128::from(self.num) * u128::from(other.den))
            .cmp(&(u128::from(other.num) * u128::from(self.den)))
    }
}

impl fmt::Display for Multiplier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.to_decimal() {
            Some(d) => fmt::Display::fmt(&d, f),
            None => write!(f, "{}/{}", self.num, self.den),
        }
    }
}

impl core::str::FromStr for Multiplier {
    type Err = UnitsError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Multiplier::parse(s)
    }
}

impl Serialize for Multiplier {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Multiplier {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Multiplier;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a non-negative multiplier such as \"1.98\", \"3/2\" or 2")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Multiplier, E> {
                Multiplier::parse(v).map_err(E::custom)
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Multiplier, E> {
                Ok(Multiplier::from_int(v))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Multiplier, E> {
                u64::try_from(v)
                    .map(Multiplier::from_int)
                    .map_err(|_| E::custom(UnitsError::Negative(v.to_string())))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Multiplier, E> {
                // Shortest round-trip text of the float: what the author wrote.
                let text: String = alloc::format!("{v}");
                Multiplier::parse(&text).map_err(E::custom)
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parse_forms() {
        assert_eq!(Multiplier::parse("2").unwrap(), Multiplier::from_int(2));
        assert_eq!(
            Multiplier::parse("1.98").unwrap(),
            Multiplier::from_ratio(99, 50).unwrap()
        );
        assert_eq!(
            Multiplier::parse("2.5x").unwrap(),
            Multiplier::from_ratio(5, 2).unwrap()
        );
        assert_eq!(
            Multiplier::parse("6/4").unwrap(),
            Multiplier::from_ratio(3, 2).unwrap()
        );
        assert!(matches!(
            Multiplier::parse("1/0"),
            Err(UnitsError::ZeroDenominator)
        ));
        assert!(matches!(
            Multiplier::parse("-1"),
            Err(UnitsError::Negative(_))
        ));
        assert!(matches!(
            Multiplier::parse("abc"),
            Err(UnitsError::InvalidNumber(_))
        ));
        assert!(matches!(Multiplier::parse(""), Err(UnitsError::Empty)));
    }

    #[test]
    fn payout_rounds_down() {
        let m = Multiplier::parse("1.98").unwrap();
        assert_eq!(m.payout(Amount::from_minor(1)).unwrap().minor(), 1);
        assert_eq!(m.payout(Amount::from_minor(100)).unwrap().minor(), 198);
        assert!(Multiplier::from_int(2).payout(Amount::MAX).is_err());
        assert_eq!(Multiplier::ZERO.payout(Amount::MAX).unwrap(), Amount::ZERO);
    }

    #[test]
    fn display_and_serde() {
        assert_eq!(Multiplier::from_ratio(99, 50).unwrap().to_string(), "1.98");
        assert_eq!(Multiplier::from_ratio(1, 3).unwrap().to_string(), "1/3");
        assert_eq!(Multiplier::from_int(1000).to_string(), "1000");
        assert_eq!(
            serde_json::to_string(&Multiplier::from_ratio(3, 2).unwrap()).unwrap(),
            "\"1.5\""
        );
        assert_eq!(
            serde_json::from_str::<Multiplier>("0.1").unwrap(),
            Multiplier::from_ratio(1, 10).unwrap()
        );
        assert_eq!(
            serde_json::from_str::<Multiplier>("3").unwrap(),
            Multiplier::from_int(3)
        );
        assert_eq!(
            serde_json::from_str::<Multiplier>("\"1/3\"").unwrap(),
            Multiplier::from_ratio(1, 3).unwrap()
        );
        assert!(serde_json::from_str::<Multiplier>("-2").is_err());
    }

    #[test]
    fn large_values_display_as_fractions_that_read_back() {
        // Found by the amount_parse fuzz target: 1138626162376162499.875 has a mantissa beyond
        // u64, so it must be written as a fraction to read back.
        let m = Multiplier::from_ratio(9_109_009_299_009_299_999, 8).unwrap();
        assert_eq!(m.to_string(), "9109009299009299999/8");
        assert_eq!(Multiplier::parse(&m.to_string()).unwrap(), m);
    }

    #[test]
    fn ordering_and_arith() {
        let a = Multiplier::from_ratio(1, 3).unwrap();
        let b = Multiplier::from_ratio(1, 2).unwrap();
        assert!(a < b);
        assert_eq!(
            a.checked_add(b).unwrap(),
            Multiplier::from_ratio(5, 6).unwrap()
        );
        assert_eq!(
            a.checked_mul(b).unwrap(),
            Multiplier::from_ratio(1, 6).unwrap()
        );
    }

    proptest! {
        #[test]
        fn display_parse_round_trip(num in any::<u64>(), den in 1u64..) {
            let m = Multiplier::from_ratio(num, den).unwrap();
            prop_assert_eq!(Multiplier::parse(&m.to_string()).unwrap(), m);
        }

        #[test]
        fn payout_is_floor(stake in any::<u32>(), num in 0u64..1_000_000, den in 1u64..1_000_000) {
            let m = Multiplier::from_ratio(num, den).unwrap();
            let p = m.payout(Amount::from_minor(u64::from(stake))).unwrap().minor();
            let exact = u128::from(stake) * u128::from(num);
            prop_assert!(u128::from(p) * u128::from(den) <= exact);
            prop_assert!((u128::from(p) + 1) * u128::from(den) > exact);
        }
    }
}
