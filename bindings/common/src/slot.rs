//! Slot definitions from their JSON text: load and validate, and the exact RTP report
//! (`kingpin_engine::slots`) per bet mode.

use kingpin_engine::GameError;
use kingpin_engine::slots::{self, Slot};
use serde_json::{Value, json};

use crate::{Error, ErrorKind};

/// Brute-force limit of [`slot_rtp`] when the caller gives none: stop combinations enumerated
/// to confirm a closed form (or give one where none exists); about a second on one core.
pub const DEFAULT_MAX_COMBINATIONS: u64 = 10_000_000;

/// Parse and validate a definition; every problem is in the message with its field path.
pub(crate) fn load(definition: &str) -> Result<Slot, Error> {
    Slot::from_json(definition).map_err(|e| Error::from(GameError::from(e)))
}

fn decode_error(e: serde_json::Error) -> Error {
    Error::new(ErrorKind::Decode, e.to_string())
}

/// Load and validate a slot definition (JSON text, as in `games/reference/*.json`). Returns
/// `{"name", "bet_modes": ["base", …], "combinations": {"base": n, …}, "definition": {…}}`:
/// the stop combinations a brute force of each mode would enumerate, and the definition as the
/// engine read it (defaults filled in), usable as the `slot` game's `config`.
///
/// ```
/// let text = std::fs::read_to_string("../../games/reference/sizzling_hot.json").unwrap();
/// let info = kingpin_bindings::load_slot(&text)?;
/// assert_eq!(info["bet_modes"][0], "base");
/// # Ok::<(), kingpin_bindings::Error>(())
/// ```
///
/// # Errors
/// [`ErrorKind::InvalidConfig`] listing every problem of the definition (or the JSON decoder's
/// message with its line and column).
pub fn load_slot(definition: &str) -> Result<Value, Error> {
    let slot = load(definition)?;
    let modes = slot.bet_mode_names();
    let combinations: serde_json::Map<String, Value> = modes
        .iter()
        .map(|&m| {
            let n = slots::rtp::combinations(&slot, m);
            // Beyond u64 (never for real games): the count as text.
            let v = u64::try_from(n).map_or_else(|_| Value::from(n.to_string()), Value::from);
            (m.to_string(), v)
        })
        .collect();
    Ok(json!({
        "name": slot.definition().name,
        "bet_modes": modes,
        "combinations": combinations,
        "definition": serde_json::to_value(slot.definition()).map_err(decode_error)?,
    }))
}

/// The exact RTP report of a slot definition (JSON text) for bet mode `mode`, or every mode
/// when `None`: the closed form (base game, free spins with retriggers, bonus buys), confirmed
/// or completed by brute force (every stop combination, on `threads` threads, `0` = one per
/// core) when that takes at most `max_combinations` evaluations (`0`: closed form only), or
/// always with `brute_force` (for the top base award's exact odds whatever the count).
///
/// Returns `{"name", "modes": [report, …]}`; a report is `{"mode", "method", "exact", "rtp",
/// "rtp_fraction", "base_rtp", "feature_rtp", "feature_probability", "free_spins_per_round",
/// "std_dev", "combinations", "top_base_win", "top_base_probability",
/// "top_base_probability_fraction", "notes"}` (the top base award from the brute force only;
/// `rtp` `null` when no exact figure exists: simulate;
/// `exact` false when `rtp` is an upper bound, e.g. a win cap that can bind; `notes` say why).
///
/// ```
/// let text = std::fs::read_to_string("../../games/reference/sizzling_hot.json").unwrap();
/// let r = kingpin_bindings::slot_rtp(&text, Some("base"), 0, false, 1)?;
/// assert_eq!(r["modes"][0]["exact"], true);
/// assert!(r["modes"][0]["rtp"].as_f64().unwrap() > 0.9);
/// # Ok::<(), kingpin_bindings::Error>(())
/// ```
///
/// # Errors
/// As [`load_slot`]; [`ErrorKind::InvalidBet`] for an unknown mode;
/// [`ErrorKind::InvalidConfig`] if the exact sums overflow.
pub fn slot_rtp(
    definition: &str,
    mode: Option<&str>,
    max_combinations: u64,
    brute_force: bool,
    threads: usize,
) -> Result<Value, Error> {
    let slot = load(definition)?;
    let threads = if threads == 0 {
        std::thread::available_parallelism().map_or(1, usize::from)
    } else {
        threads
    };
    let modes = match mode {
        Some(m) => vec![m],
        None => slot.bet_mode_names(),
    };
    let reports = modes
        .into_iter()
        .map(|m| {
            let max = u128::from(max_combinations);
            let r = if max_combinations == 0 && !brute_force {
                slots::rtp::exact(&slot, m)?
            } else {
                slots::rtp::best_with(&slot, m, threads, max, brute_force)?
            };
            serde_json::to_value(&r).map_err(decode_error)
        })
        .collect::<Result<Vec<Value>, Error>>()?;
    Ok(json!({ "name": slot.definition().name, "modes": reports }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference(name: &str) -> String {
        std::fs::read_to_string(format!(
            "{}/../../games/reference/{name}.json",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    }

    #[test]
    fn reports_agree_with_the_catalog() {
        let text = reference("sizzling_hot");
        let r = slot_rtp(&text, None, DEFAULT_MAX_COMBINATIONS, false, 1).unwrap();
        let base = &r["modes"][0];
        assert_eq!(base["mode"], "base");
        let catalog = crate::exact_rtp(
            "slot",
            &text,
            r#"{"stake": 100, "params": {"mode": "base"}}"#,
        )
        .unwrap();
        assert_eq!(base["rtp_fraction"], catalog["fraction"]);
        assert_eq!(base["exact"], true);
        let closed = slot_rtp(&text, Some("base"), 0, false, 1).unwrap();
        assert_eq!(closed["modes"][0]["method"], "closed form");
        assert_eq!(closed["modes"][0]["rtp"], base["rtp"]);
        // Over the limit, the brute force runs only when asked, and adds the top award.
        let skipped = slot_rtp(&text, Some("base"), 1_000, false, 1).unwrap();
        assert!(skipped["modes"][0]["top_base_win"].is_null());
        let forced = slot_rtp(&text, Some("base"), 1_000, true, 2).unwrap();
        assert_eq!(forced["modes"][0]["top_base_win"], 1000.0);
        assert_eq!(
            forced["modes"][0]["top_base_probability_fraction"],
            "8/1953125"
        );
        assert_eq!(forced["modes"][0]["rtp_fraction"], base["rtp_fraction"]);
    }

    #[test]
    fn load_lists_modes_and_refuses_bad_definitions() {
        let text = reference("dolphins_pearl");
        let info = load_slot(&text).unwrap();
        assert_eq!(info["bet_modes"][0], "base");
        assert!(info["combinations"]["base"].as_u64().unwrap() > 0);
        assert_eq!(load_slot("{").unwrap_err().kind, ErrorKind::InvalidConfig);
        let mut def: Value = serde_json::from_str(&text).unwrap();
        def["reels"] = json!(0);
        let e = load_slot(&def.to_string()).unwrap_err();
        assert_eq!(e.kind, ErrorKind::InvalidConfig);
        assert_eq!(
            slot_rtp(&text, Some("nope"), 0, false, 1).unwrap_err().kind,
            ErrorKind::InvalidBet
        );
    }
}
