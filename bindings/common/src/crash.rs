//! The crash hash chain (`kingpin_rng::crash`) with text in and out.

use kingpin_rng::crash::{self, CrashFormula, GameHash};
use kingpin_units::Multiplier;
use serde_json::{Value, json};

use crate::{Error, ErrorKind};

fn formula(name: &str) -> Result<CrashFormula, Error> {
    match name {
        "" | "int32" => Ok(CrashFormula::Int32),
        "float52" => Ok(CrashFormula::Float52),
        other => Err(Error::new(
            ErrorKind::InvalidConfig,
            format!(
                "invalid config: formula: unknown crash formula {other:?}; known: int32, float52"
            ),
        )),
    }
}

/// The crash point of a game hash (64 hex digits) with `salt`, house `edge` (a decimal such as
/// `"0.01"`) and `formula` (`"int32"`, the default, or `"float52"`), as text in hundredths
/// (`"1.98"`).
///
/// # Errors
/// [`ErrorKind::Seed`] for a malformed hash, [`ErrorKind::Amount`] for a malformed edge,
/// [`ErrorKind::Seed`] for an edge outside `[0, 1)`, [`ErrorKind::InvalidConfig`] for an unknown
/// formula.
pub fn crash_point(
    game_hash: &str,
    salt: &str,
    edge: &str,
    formula_name: &str,
) -> Result<String, Error> {
    let hash = GameHash::from_hex(game_hash)?;
    let point = crash::crash_point(
        &hash,
        salt,
        Multiplier::parse(edge)?,
        formula(formula_name)?,
    )?;
    Ok(point.to_string())
}

/// Check a revealed game hash against the published terminating hash, walking at most
/// `max_steps` links, and compute its crash point. Returns
/// `{"game_number": k or null, "crash_point": "1.98"}`: `game_number` is `null` when the hash is
/// not in the chain within `max_steps` links.
///
/// # Errors
/// As [`crash_point`]; [`ErrorKind::Seed`] if `max_steps` is 0 or above
/// [`kingpin_rng::crash::MAX_CHAIN_LENGTH`].
pub fn crash_verify(
    game_hash: &str,
    terminating_hash: &str,
    salt: &str,
    edge: &str,
    formula_name: &str,
    max_steps: u64,
) -> Result<Value, Error> {
    let hash = GameHash::from_hex(game_hash)?;
    let terminating = GameHash::from_hex(terminating_hash)?;
    let point = crash_point(game_hash, salt, edge, formula_name)?;
    let number = crash::verify_game_hash(&hash, &terminating, max_steps)?;
    Ok(json!({ "game_number": number, "crash_point": point }))
}

/// Build a chain of `length` links below `seed_hash`: element 0 is the terminating hash to
/// publish, element `g` is the hash of game `g`, element `length` is `seed_hash`.
///
/// ```
/// let chain = kingpin_bindings::crash_chain(&"ab".repeat(32), 3)?;
/// assert_eq!(chain.len(), 4);
/// let check = kingpin_bindings::crash_verify(&chain[2], &chain[0], "salt", "0.01", "int32", 10)?;
/// assert_eq!(check["game_number"], 2);
/// # Ok::<(), kingpin_bindings::Error>(())
/// ```
///
/// # Errors
/// [`ErrorKind::Seed`] for a malformed hash, or a length of 0 or above
/// [`kingpin_rng::crash::MAX_CHAIN_LENGTH`].
pub fn crash_chain(seed_hash: &str, length: u64) -> Result<Vec<String>, Error> {
    let seed = GameHash::from_hex(seed_hash)?;
    Ok(crash::build_chain(seed, length)?
        .iter()
        .map(ToString::to_string)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_formula_and_bad_edge_are_refused() {
        let h = "ab".repeat(32);
        assert_eq!(
            crash_point(&h, "s", "0.01", "float64").unwrap_err().kind,
            ErrorKind::InvalidConfig
        );
        assert_eq!(
            crash_point(&h, "s", "1", "").unwrap_err().kind,
            ErrorKind::Seed
        );
        assert_eq!(
            crash_point(&h, "s", "x", "").unwrap_err().kind,
            ErrorKind::Amount
        );
        assert_eq!(
            crash_point("zz", "s", "0", "").unwrap_err().kind,
            ErrorKind::Seed
        );
    }
}
