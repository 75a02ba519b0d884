//! `kingpin verify` inputs: any game name, config, bet, actions and seeds give a round or an
//! error, never a panic.
#![no_main]

use kingpin_engine::catalog::{self, Seeds};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // Fields separated by a record separator: game, config, bet, actions, server, client, nonce.
    let mut parts = text.split('\u{1e}');
    let game = parts.next().unwrap_or("dice");
    let config = parts.next().unwrap_or("{}");
    let bet = parts.next().unwrap_or("{}");
    let actions = parts.next().unwrap_or("[]");
    let server = parts.next().unwrap_or("s");
    let client = parts.next().unwrap_or("c");
    let nonce = parts.next().and_then(|n| n.parse().ok()).unwrap_or(0);
    let Ok(seeds) = Seeds::new(server, client, nonce) else {
        return;
    };
    for g in catalog::GAMES.iter().copied().chain([game]) {
        let _ = catalog::verify(g, config, bet, actions, &seeds);
        let _ = catalog::exact_rtp(g, config, bet);
    }
});
