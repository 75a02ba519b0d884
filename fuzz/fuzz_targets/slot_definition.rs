//! Any input to the slot definition loader gives a game or a list of problems, never a panic;
//! a game that loads also computes its exact RTP (or says why not) without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match kingpin_engine::slots::Slot::from_json(text) {
        Ok(slot) => {
            // Small games only: the closed form is cheap, but strips can be long.
            if kingpin_engine::slots::rtp::combinations(&slot, "base") < 1_000_000 {
                let _ = kingpin_engine::slots::rtp::exact(&slot, "base");
            }
        }
        Err(errors) => assert!(!errors.0.is_empty()),
    }
});
