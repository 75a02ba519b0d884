//! `kingpin bonus price` through the command line, on the engine's real dice.
#![allow(clippy::unwrap_used)]

use std::process::{Command, Output};

use serde_json::Value;

fn kingpin(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kingpin"))
        .args(args)
        .env("RUST_BACKTRACE", "0")
        .output()
        .expect("run kingpin")
}

fn promo(name: &str) -> String {
    format!("{}/../../bonus/promos/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn price(file: &str, extra: &[&str]) -> Output {
    let path = promo(file);
    let mut args = vec![
        "bonus",
        "price",
        path.as_str(),
        "--game",
        "dice",
        "--trials",
        "200",
        "--calibration-rounds",
        "20000",
        "--seed",
        "11",
        "--json",
    ];
    args.extend(extra);
    kingpin(&args)
}

fn json(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn prices_a_deposit_match_reproducibly_through_the_real_game() {
    let a = json(&price("welcome.toml", &["--stake", "100"]));
    let b = json(&price("welcome.toml", &["--stake", "100"]));
    assert_eq!(a["report"], b["report"], "the seed replays the run");
    assert_eq!(a["trials"], 200);
    let p = a["completion_probability"].as_f64().unwrap();
    assert!((0.9..=1.0).contains(&p), "{p}");
    assert_eq!(a["game_rtp_exact"], true);
    // 100.00 bonus, 30× = 3 000.00 wagered at a 1.0099 % edge: about 69.70 per claim.
    let cf = a["closed_form"]["expected_cost"].as_f64().unwrap();
    assert!((cf - 6_970.3).abs() < 1.0, "{cf}");
    let (lo, hi) = (
        a["expected_cost_ci95"][0].as_f64().unwrap(),
        a["expected_cost_ci95"][1].as_f64().unwrap(),
    );
    assert!(lo < hi);
    let text = kingpin(&[
        "bonus",
        "price",
        &promo("free-spins.toml"),
        "--game",
        "dice",
        "--stake",
        "20",
        "--trials",
        "50",
        "--calibration-rounds",
        "1000",
        "--seed",
        "2",
    ]);
    assert!(text.status.success());
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("P(complete)"), "{text}");
}

#[test]
fn refuses_with_clear_errors() {
    let out = price(
        "welcome.toml",
        &["--stake", "100", "--params", "{\"target\": \"x\"}"],
    );
    assert!(!out.status.success());
    let out = kingpin(&["bonus", "price", &promo("welcome.toml"), "--game", "nope"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown game \"nope\""));
    let out = kingpin(&["bonus", "price", "/nonexistent.toml", "--game", "dice"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read promotion"));
    // Above the promotion's max stake, the pricing player is capped, not refused; a stake of
    // zero is refused.
    let out = price("welcome.toml", &["--stake", "0"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("--stake must be above zero"));
}
