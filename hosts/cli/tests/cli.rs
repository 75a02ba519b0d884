//! The `kingpin` binary through its command line: outputs, errors and exit codes.
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

fn json(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn stdout(out: &Output) -> String {
    assert!(out.status.success(), "stderr: {}", stderr(out));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

const SEEDS: [&str; 4] = [
    "--server-seed",
    "server seed",
    "--client-seed",
    "client seed",
];

#[test]
fn verify_dice_published_vectors() {
    for (nonce, roll) in [("1", "74.67"), ("2", "53.86")] {
        let mut args = vec!["verify", "dice", "--nonce", nonce, "--json"];
        args.extend(SEEDS);
        let v = json(&kingpin(&args));
        assert_eq!(v["final"]["outcome"]["roll"], roll);
        assert_eq!(
            v["commitment"],
            "a4e53dc2f480b8fce6fe688b1317658b446299df23ad533394406427c8c19557"
        );
    }
}

#[test]
fn verify_dice_with_params_and_commitment() {
    let mut args = vec![
        "verify",
        "dice",
        "--nonce",
        "1",
        "--stake",
        "1000",
        "--params",
        r#"{"target":"74.68","condition":"under"}"#,
        "--commitment",
        "a4e53dc2f480b8fce6fe688b1317658b446299df23ad533394406427c8c19557",
        "--json",
    ];
    args.extend(SEEDS);
    let v = json(&kingpin(&args));
    assert_eq!(v["final"]["outcome"]["win"], true);
    assert_eq!(v["final"]["outcome"]["multiplier"], "1.3256"); // 0.99 × 10000 / 7468 = 1.32565…
    assert_eq!(v["final"]["payout"], 1325);
    assert_eq!(v["commitment_matches"], true);
}

#[test]
fn commitment_check_and_mismatch_exit_code() {
    let ok = kingpin(&[
        "verify",
        "commitment",
        "--server-seed",
        "server seed",
        "--commitment",
        "a4e53dc2f480b8fce6fe688b1317658b446299df23ad533394406427c8c19557",
    ]);
    assert!(ok.status.success());
    let bad = kingpin(&[
        "verify",
        "commitment",
        "--server-seed",
        "server seed!",
        "--commitment",
        "a4e53dc2f480b8fce6fe688b1317658b446299df23ad533394406427c8c19557",
    ]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stdout).contains("MISMATCH"));
}

#[test]
fn bad_input_is_a_clear_error() {
    let cases: &[(&[&str], &str)] = &[
        (
            &[
                "verify",
                "dice",
                "--server-seed",
                "",
                "--client-seed",
                "c",
                "--nonce",
                "1",
            ],
            "server seed is empty",
        ),
        (
            &["verify", "dice", "--server-seed", "s", "--client-seed", "c"],
            "--nonce",
        ),
        (
            &[
                "verify",
                "nope",
                "--server-seed",
                "s",
                "--client-seed",
                "c",
                "--nonce",
                "1",
            ],
            "unknown game \"nope\"",
        ),
        (
            &[
                "verify",
                "dice",
                "--server-seed",
                "s",
                "--client-seed",
                "c",
                "--nonce",
                "1",
                "--target",
                "0",
                "--condition",
                "under",
            ],
            "win chance",
        ),
        (
            &[
                "verify",
                "dice",
                "--server-seed",
                "s",
                "--client-seed",
                "c",
                "--nonce",
                "1",
                "--config",
                "{\"house_edge\":\"1.5\"}",
            ],
            "house_edge",
        ),
        (
            &[
                "verify",
                "dice",
                "--server-seed",
                "s",
                "--client-seed",
                "c",
                "--nonce",
                "1",
                "--config",
                "{bad",
            ],
            "not valid JSON",
        ),
        (
            &[
                "verify",
                "dice",
                "--server-seed",
                "s",
                "--client-seed",
                "c",
                "--nonce",
                "1",
                "--config",
                "@/nonexistent.toml",
            ],
            "cannot read",
        ),
        (
            &[
                "verify",
                "commitment",
                "--server-seed",
                "s",
                "--commitment",
                "xyz",
            ],
            "invalid hex",
        ),
        (&["simulate", "dice", "--rounds", "0"], "at least 1"),
        (&["simulate", "dice", "--rounds", "1e99"], "too large"),
        (&["simulate", "dice", "--threads", "0"], "--threads"),
        (&["rng", "dump", "--scaled", "0", "--count", "3"], "N >= 1"),
    ];
    for (args, needle) in cases {
        let out = kingpin(args);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{args:?} should fail; stdout {}",
            String::from_utf8_lossy(&out.stdout)
        );
        assert!(
            stderr(&out).contains(needle),
            "{args:?}: {:?} lacks {needle:?}",
            stderr(&out)
        );
        assert!(!stderr(&out).contains("panicked"), "{args:?} panicked");
    }
    // Usage errors are clap's: exit code 2.
    assert_eq!(kingpin(&["verify"]).status.code(), Some(2));
    assert_eq!(kingpin(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn simulate_is_reproducible_from_its_seed() {
    let run = |threads: &str| {
        json(&kingpin(&[
            "simulate",
            "dice",
            "--rounds",
            "3e5",
            "--seed",
            "99",
            "--threads",
            threads,
            "--json",
            "--quiet",
        ]))
    };
    let (a, b) = (run("1"), run("2"));
    assert_eq!(a["stats"], b["stats"]);
    assert_eq!(a["seed"], 99);
    assert_eq!(a["rounds"], 300_000);
    assert_eq!(a["exact_rtp_fraction"], "9900/10001");
    let rtp = a["rtp"].as_f64().unwrap();
    assert!((rtp - 0.9899).abs() < 0.01, "{rtp}");
}

#[test]
fn toml_config_file() {
    let dir = std::env::temp_dir().join(format!("kingpin-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("dice.toml");
    std::fs::write(&path, "house_edge = 0.02\nprofile = \"unbiased\"\n").unwrap();
    let cfg = format!("@{}", path.display());
    let v = json(&kingpin(&[
        "rtp",
        "dice",
        "--config",
        &cfg,
        "--target",
        "50",
        "--condition",
        "under",
        "--json",
    ]));
    assert_eq!(v["fraction"], "9800/10001");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn rng_dump_raw_and_scaled() {
    let raw = kingpin(&[
        "rng",
        "dump",
        "--raw",
        "--count",
        "40",
        "--server-seed",
        "some server seed",
        "--client-seed",
        "some client seed",
        "--nonce",
        "1",
    ]);
    assert!(raw.status.success());
    assert_eq!(raw.stdout.len(), 40);
    assert_eq!(&raw.stdout[..8], &[151, 136, 121, 135, 209, 159, 189, 233]);
    let scaled = kingpin(&[
        "rng",
        "dump",
        "--scaled",
        "37",
        "--count",
        "2",
        "--server-seed",
        "server seed",
        "--client-seed",
        "client seed",
        "--nonce",
        "1",
        "--profile",
        "stake-compatible",
    ]);
    assert_eq!(String::from_utf8_lossy(&scaled.stdout), "27\n19\n");
}

#[test]
fn crash_chain_verification() {
    // chain of 3 below a seed hash: compute with the library, check through the CLI.
    let chain =
        kingpin_rng::crash::build_chain(kingpin_rng::crash::GameHash::from_bytes([5; 32]), 3)
            .unwrap();
    let (game, term) = (chain[2].to_string(), chain[0].to_string());
    let v = json(&kingpin(&[
        "verify",
        "crash-chain",
        "--game-hash",
        &game,
        "--terminating-hash",
        &term,
        "--salt",
        "salt",
        "--json",
    ]));
    assert_eq!(v["game_number"], 2);
    let bad = kingpin(&[
        "verify",
        "crash-chain",
        "--game-hash",
        &term,
        "--terminating-hash",
        &game,
        "--salt",
        "s",
        "--max-steps",
        "5",
    ]);
    assert_eq!(bad.status.code(), Some(1));
}

#[test]
fn holdem_deck_and_table_simulation() {
    let v = json(&kingpin(&[
        "verify",
        "holdem",
        "--server-seed",
        "server seed",
        "--seat-seed",
        "0=alice",
        "--seat-seed",
        "3=bob",
        "--hand",
        "1",
        "--json",
    ]));
    let deck: Vec<String> = v["deck"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    let seeds = [
        (0u8, kingpin_rng::ClientSeed::new("alice").unwrap()),
        (3u8, kingpin_rng::ClientSeed::new("bob").unwrap()),
    ];
    let expected = kingpin_engine::poker::verify_hand_deck(
        &kingpin_rng::ServerSeed::new("server seed").unwrap(),
        &seeds,
        1,
    )
    .unwrap();
    assert_eq!(
        deck,
        expected.iter().map(ToString::to_string).collect::<Vec<_>>()
    );
    // The same seat given twice is refused.
    let dup = kingpin(&[
        "verify",
        "holdem",
        "--server-seed",
        "s",
        "--seat-seed",
        "1=a",
        "--seat-seed",
        "1=b",
        "--hand",
        "1",
    ]);
    assert_eq!(dup.status.code(), Some(1));

    let run = || {
        json(&kingpin(&[
            "simulate",
            "holdem",
            "--rounds",
            "300",
            "--seed",
            "5",
            "--bots",
            "tight,random,aggressive",
            "--json",
        ]))
    };
    let (a, b) = (run(), run());
    assert_eq!(a["hands"], 300);
    assert_eq!(a["rake_total"], b["rake_total"]);
    assert_eq!(a["showdowns"], b["showdowns"]);
    let bad = kingpin(&[
        "simulate",
        "holdem",
        "--rounds",
        "10",
        "--bots",
        "tight,wizard",
    ]);
    assert!(stderr(&bad).contains("wizard"));
}

fn repo_file(rel: &str) -> String {
    format!("{}/../../{rel}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn slot_files_rtp_simulate_and_validation() {
    let sizzling = repo_file("games/reference/sizzling_hot.json");
    let v = json(&kingpin(&["rtp", &sizzling, "--json"]));
    let base = &v["modes"][0];
    assert_eq!(base["rtp_fraction"], "1831874/1953125");
    assert_eq!(base["exact"], true);
    assert_eq!(base["method"], "closed form, confirmed by brute force");
    // The top base award: 5 sevens on a line, 40 of 25^5 stop combinations.
    assert_eq!(base["top_base_win"], 1000.0);
    assert_eq!(base["top_base_probability_fraction"], "8/1953125");
    // Over --max-combinations the enumeration is skipped, unless --brute-force asks for it.
    let skipped = json(&kingpin(&[
        "rtp",
        &sizzling,
        "--json",
        "--max-combinations",
        "10",
    ]));
    assert_eq!(skipped["modes"][0]["top_base_win"], Value::Null);
    let text = stdout(&kingpin(&[
        "rtp",
        &sizzling,
        "--max-combinations",
        "10",
        "--brute-force",
    ]));
    assert!(
        text.contains("top base award 1000.00× cost, 1 in 244140.6 spins (exact)\n"),
        "{text}"
    );
    // Dolphin's Pearl's top award is rarer than 1 in 10^8: flagged as in `kingpin simulate`.
    let dolphins = repo_file("games/reference/dolphins_pearl.json");
    let text = stdout(&kingpin(&["rtp", &dolphins]));
    assert!(
        text.contains(
            "top base award 915.00× cost, 1 in 1.026e8 spins (exact)  ⚑ rarer than 1 in 10^8\n"
        ),
        "{text}"
    );

    let ways = repo_file("games/examples/ways_243.toml");
    let run = |threads: &str| {
        json(&kingpin(&[
            "simulate",
            &ways,
            "--rounds",
            "70000",
            "--seed",
            "4",
            "--threads",
            threads,
            "--json",
            "--quiet",
        ]))
    };
    let (a, b) = (run("1"), run("2"));
    assert_eq!(a["stats"], b["stats"]);
    assert!((a["exact"]["rtp"].as_f64().unwrap() - 0.966772).abs() < 1e-6);
    assert_eq!(a["report"]["rounds"], 70000);
    // 8.4 M stop combinations, under the default limit: the top base award's exact odds.
    let top = &a["report"]["top_base_award"];
    assert_eq!(top["one_in"], 17150.0);
    assert!((top["multiple"].as_f64().unwrap() - 50.24).abs() < 0.005);
    let sim_text = |extra: &[&str]| {
        let mut args = vec!["simulate", &sizzling, "--rounds", "20000", "--seed", "1"];
        args.extend_from_slice(extra);
        args.push("--quiet");
        stdout(&kingpin(&args))
    };
    let text = sim_text(&[]);
    assert!(
        text.contains(
            "top base award  1000.00× cost, 1 in 244141 spins (exact, every stop combination)\n"
        ),
        "{text}"
    );
    assert!(!sim_text(&["--max-combinations", "0"]).contains("top base award"));
    let out = kingpin(&["simulate", "dice", "--max-combinations", "10"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("apply to slot definition files"));

    let dir = std::env::temp_dir().join(format!("kingpin-cli-slot-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut def: Value =
        serde_json::from_str(&std::fs::read_to_string(&sizzling).unwrap()).unwrap();
    def["symbols"].as_array_mut().unwrap().truncate(3);
    let bad = dir.join("bad.json");
    std::fs::write(&bad, def.to_string()).unwrap();
    let out = kingpin(&["rtp", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("unknown symbol"), "{}", stderr(&out));
    assert!(stderr(&out).contains("reel_sets."), "{}", stderr(&out));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn slot_simulation_shards_merge_to_the_whole_run() {
    let dolphins = repo_file("games/reference/dolphins_pearl.json");
    let dir = std::env::temp_dir().join(format!("kingpin-cli-shards-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let sim = |extra: &[&str]| {
        let mut args = vec![
            "simulate", &dolphins, "--rounds", "150000", "--seed", "21", "--json", "--quiet",
        ];
        args.extend(extra);
        kingpin(&args)
    };
    let whole = json(&sim(&[]));
    let mut files = Vec::new();
    for i in 0..3 {
        let shard = format!("{i}/3");
        let out = sim(&["--shard", &shard, "--threads", "1"]);
        let doc = json(&out);
        assert_eq!(doc["shards"], serde_json::json!([i]));
        let f = dir.join(format!("s{i}.json"));
        std::fs::write(&f, &out.stdout).unwrap();
        files.push(f.to_str().unwrap().to_string());
    }
    let chart = dir.join("merged.svg");
    let mut args = vec!["merge", "--json", "--chart", chart.to_str().unwrap()];
    args.extend(files.iter().map(String::as_str));
    let merged = json(&kingpin(&args));
    assert_eq!(
        merged["stats"], whole["stats"],
        "merged shards = the whole run, exactly"
    );
    assert_eq!(merged["report"]["rtp"], whole["report"]["rtp"]);
    let svg = std::fs::read_to_string(&chart).unwrap();
    assert!(
        svg.starts_with("<svg") && svg.contains("<rect"),
        "{svg:.200}"
    );
    let report = whole["report"].clone();
    assert!(report["symbols"].as_array().unwrap().len() > 5);
    assert_eq!(report["spread"].as_array().unwrap().len(), 5);
    assert!(report["exact"]["rounds_for_0_1_percent"].as_f64().unwrap() > 1e6);

    // A missing shard, a duplicate, or a shard of another run is a clear error.
    let out = kingpin(&["merge", &files[0], &files[1]]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("shards missing: 2/3"),
        "{}",
        stderr(&out)
    );
    let partial = json(&kingpin(&[
        "merge",
        "--partial",
        "--json",
        &files[0],
        &files[1],
    ]));
    assert_eq!(partial["shards"], serde_json::json!([0, 1]));
    let out = kingpin(&["merge", &files[0], &files[0], &files[2]]);
    assert!(stderr(&out).contains("appears twice"), "{}", stderr(&out));
    let other = dir.join("other.json");
    let other_out = kingpin(&[
        "simulate", &dolphins, "--rounds", "150000", "--seed", "22", "--json", "--quiet",
        "--shard", "1/3",
    ]);
    std::fs::write(&other, &other_out.stdout).unwrap();
    let out = kingpin(&["merge", &files[0], other.to_str().unwrap(), &files[2]]);
    assert!(stderr(&out).contains("different run"), "{}", stderr(&out));
    let out = kingpin(&["simulate", &dolphins, "--shard", "0/3"]);
    assert!(
        stderr(&out).contains("--shard needs --seed"),
        "{}",
        stderr(&out)
    );
    let out = kingpin(&["simulate", &dolphins, "--shard", "3/3", "--seed", "1"]);
    assert!(stderr(&out).contains("shard"), "{}", stderr(&out));
    let out = kingpin(&["merge", dolphins.as_str()]);
    assert!(
        stderr(&out).contains("not a slot simulation document"),
        "{}",
        stderr(&out)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn blackjack_strategy_chart() {
    let v = json(&kingpin(&[
        "blackjack",
        "strategy",
        "--rules",
        r#"{"dealer_hits_soft_17": true}"#,
        "--json",
    ]));
    let chart = v["chart"].as_str().unwrap();
    assert!(chart.contains("Pairs") && chart.contains("Soft"));
    let edge = v["infinite_deck_house_edge"].as_f64().unwrap();
    assert!((edge - 0.007311).abs() < 0.00001, "{edge}");
    let bad = kingpin(&["blackjack", "strategy", "--rules", r#"{"decks": 9}"#]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(stderr(&bad).contains("decks"));
}

#[test]
fn bonus_price_takes_a_slot_file_as_the_game() {
    let promo = repo_file("bonus/promos/welcome.toml");
    let ways = repo_file("games/examples/ways_243.toml");
    let by_file = json(&kingpin(&[
        "bonus", "price", &promo, "--game", &ways, "--trials", "50", "--seed", "3", "--json",
    ]));
    let cfg = format!("@{ways}");
    let by_name = json(&kingpin(&[
        "bonus", "price", &promo, "--game", "slot", "--config", &cfg, "--trials", "50", "--seed",
        "3", "--json",
    ]));
    assert_eq!(by_file["expected_cost"], by_name["expected_cost"]);
    assert_eq!(by_file["game"], "slot");
    let both = kingpin(&["bonus", "price", &promo, "--game", &ways, "--config", "{}"]);
    assert_eq!(both.status.code(), Some(1));
}
