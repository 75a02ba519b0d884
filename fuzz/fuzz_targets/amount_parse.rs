//! Amount and multiplier parsing: any text gives a value or an error, never a panic, and a
//! parsed value displays back to the same value.
#![no_main]

use kingpin_units::{Amount, Currency, Multiplier};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for c in Currency::ALL {
        if let Ok(a) = Amount::parse(text, c) {
            let shown = a.display(c).to_string();
            assert_eq!(Amount::parse(&shown, c), Ok(a), "{text:?} -> {shown:?}");
        }
    }
    if let Ok(m) = Multiplier::parse(text) {
        assert_eq!(Multiplier::parse(&m.to_string()), Ok(m));
        let _ = m.payout(Amount::MAX);
    }
});
