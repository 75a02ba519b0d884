//! Reading configurations, bets and counts from the command line.

use anyhow::{Context, Result, bail};
use serde_json::{Value, json};

use crate::BetArgs;

/// A configuration as JSON text: inline JSON, or `@path` to a `.json` or `.toml` file.
pub(crate) fn read_config(arg: Option<&str>) -> Result<String> {
    let Some(arg) = arg else {
        return Ok("{}".into());
    };
    if let Some(path) = arg.strip_prefix('@') {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read config file {path}"))?;
        if path.ends_with(".toml") {
            let v: Value =
                toml::from_str(&text).with_context(|| format!("{path} is not valid TOML"))?;
            return Ok(v.to_string());
        }
        let v: Value =
            serde_json::from_str(&text).with_context(|| format!("{path} is not valid JSON"))?;
        return Ok(v.to_string());
    }
    let v: Value =
        serde_json::from_str(arg).context("--config is not valid JSON (use @file for a file)")?;
    Ok(v.to_string())
}

/// The bet as JSON: `{"stake": …, "params": …}` from `--stake` and `--params`, or the dice
/// shorthands `--target`/`--condition`.
pub(crate) fn bet_json(game: &str, a: &BetArgs) -> Result<String> {
    let params: Value = match (&a.params, &a.target, &a.condition) {
        (Some(_), Some(_), _) | (Some(_), _, Some(_)) => {
            bail!("give either --params or --target/--condition, not both")
        }
        (Some(p), None, None) => serde_json::from_str(p).context("--params is not valid JSON")?,
        (None, t, c) if t.is_some() || c.is_some() => {
            if game != "dice" {
                bail!("--target/--condition are dice shorthands; use --params for {game}");
            }
            json!({
                "target": t.as_deref().unwrap_or("50"),
                "condition": c.as_deref().unwrap_or("over"),
            })
        }
        _ if game == "dice" => json!({ "target": "50", "condition": "over" }),
        _ => json!({}),
    };
    Ok(json!({ "stake": a.stake, "params": params }).to_string())
}

/// A count like `1000000`, `1_000_000`, `1e6` or `2.5e6` (must be a whole number ≥ 1).
pub(crate) fn parse_count(text: &str) -> Result<u64> {
    let n = parse_limit(text)?;
    if n == 0 {
        bail!("{text:?} must be at least 1");
    }
    Ok(n)
}

/// A limit written like a count ([`parse_count`]) that may also be `0`.
pub(crate) fn parse_limit(text: &str) -> Result<u64> {
    let t = text.trim().replace('_', "");
    if let Ok(n) = t.parse::<u64>() {
        return Ok(n);
    }
    let Some((m, e)) = t.split_once(['e', 'E']) else {
        bail!("{text:?} is not a count like 1000000 or 1e6");
    };
    let exp: u32 = e
        .parse()
        .with_context(|| format!("{text:?}: bad exponent"))?;
    let (int, frac) = m.split_once('.').unwrap_or((m, ""));
    if int.is_empty() || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
        bail!("{text:?} is not a count like 1000000 or 1e6");
    }
    let frac_len = u32::try_from(frac.len())?;
    if frac_len > exp {
        bail!("{text:?} is not a whole number");
    }
    let digits: u64 = format!("{int}{frac}")
        .parse()
        .with_context(|| format!("{text:?} is too large"))?;
    let n = 10u64
        .checked_pow(exp - frac_len)
        .and_then(|p| digits.checked_mul(p))
        .with_context(|| format!("{text:?} is too large"))?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts() {
        assert_eq!(parse_count("1e6").unwrap(), 1_000_000);
        assert_eq!(parse_count("2.5e3").unwrap(), 2500);
        assert_eq!(parse_count("1_000").unwrap(), 1000);
        assert!(parse_count("0").is_err() && parse_count("0e3").is_err());
        assert_eq!(parse_limit("0").unwrap(), 0);
        assert_eq!(parse_limit("2e8").unwrap(), 200_000_000);
        assert!(parse_count("1.5").is_err());
        assert!(parse_count("1.55e1").is_err());
        assert!(parse_count("1e30").is_err());
        assert!(parse_count("-3").is_err());
        assert!(parse_count("abc").is_err());
    }
}
