//! Exact probabilities and returns.

use core::fmt;

use serde::{Deserialize, Serialize};

/// An exact non-negative fraction `num / den` in lowest terms, used for exact RTPs and
/// probabilities.
///
/// ```
/// use kingpin_engine::Ratio;
/// let rtp = Ratio::new(99, 100) * Ratio::new(10_000, 10_001);
/// assert_eq!(rtp, Ratio::new(9_900, 10_001));
/// assert!((rtp.to_f64() - 0.98990).abs() < 1e-5);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
pub struct Ratio {
    num: u128,
    den: u128,
}

fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        let t = a % b;
        a = b;
        b = t;
    }
    a
}

impl Ratio {
    /// Zero.
    pub const ZERO: Ratio = Ratio { num: 0, den: 1 };
    /// One.
    pub const ONE: Ratio = Ratio { num: 1, den: 1 };

    /// `num / den` in lowest terms.
    ///
    /// # Panics
    /// If `den == 0` — exact RTP code never divides by zero; that would be a bug.
    pub fn new(num: u128, den: u128) -> Ratio {
        assert!(den != 0, "Ratio with zero denominator");
        let g = gcd(num, den).max(1);
        Ratio {
            num: num / g,
            den: den / g,
        }
    }

    /// The numerator.
    pub fn numerator(self) -> u128 {
        self.num
    }

    /// The denominator.
    pub fn denominator(self) -> u128 {
        self.den
    }

    /// `self × rhs`, reducing crosswise first to stay within 128 bits.
    pub fn times(self, rhs: Ratio) -> Ratio {
        let g1 = gcd(self.num, rhs.den).max(1);
        let g2 = gcd(rhs.num, self.den).max(1);
        Ratio::new(
            (self.num / g1) * (rhs.num / g2),
            (self.den / g2) * (rhs.den / g1),
        )
    }

    /// `self + rhs`.
    pub fn plus(self, rhs: Ratio) -> Ratio {
        let g = gcd(self.den, rhs.den).max(1);
        let l = self.den / g;
        Ratio::new(self.num * (rhs.den / g) + rhs.num * l, l * rhs.den)
    }

    /// Approximate value, for reports.
    pub fn to_f64(self) -> f64 {
        self.num as f64 / self.den as f64
    }
}

impl core::ops::Mul for Ratio {
    type Output = Ratio;
    fn mul(self, rhs: Ratio) -> Ratio {
        self.times(rhs)
    }
}

impl core::ops::Add for Ratio {
    type Output = Ratio;
    fn add(self, rhs: Ratio) -> Ratio {
        self.plus(rhs)
    }
}

impl fmt::Display for Ratio {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.num, self.den)
    }
}
