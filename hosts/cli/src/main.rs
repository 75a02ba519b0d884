//! `kingpin`: the command line of the Kingpin casino engine.
//!
//! A thin host over `kingpin-engine`'s catalog: it parses arguments and files, calls the engine,
//! and prints. It holds no game logic.

mod bonus_price;
mod holdem;
mod input;
mod rng_dump;
mod slot_file;
mod slot_sim;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use clap::{Args, Parser, Subcommand};
use kingpin_engine::catalog::{self, Seeds, SimOptions};
use kingpin_rng::crash::{self, CrashFormula, GameHash};
use kingpin_rng::{ClientSeed, Commitment, ServerSeed};
use kingpin_units::Multiplier;
use serde_json::{Value, json};

use crate::input::{bet_json, parse_count, parse_limit, read_config};

/// Kingpin: a provably-fair casino engine. Verify any round from its seeds, simulate any game.
#[derive(Parser, Debug)]
#[command(name = "kingpin", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Recompute a round from its seeds, or check a commitment or a crash game hash.
    Verify(VerifyArgs),
    /// Simulate a game with the fast seeded RNG and report its RTP.
    Simulate(SimulateArgs),
    /// Exact RTP of a bet, where the game has a closed form.
    Rtp(RtpArgs),
    /// Merge the shards of a slot simulation (`simulate <file> --shard i/n --json`) exactly.
    Merge(MergeArgs),
    /// Randomness tools: dump the fair stream for statistical test batteries.
    Rng {
        #[command(subcommand)]
        command: rng_dump::RngCommand,
    },
    /// Seed tools: make a fresh seed pair from the operating system's entropy.
    Seeds {
        #[command(subcommand)]
        command: SeedsCommand,
    },
    /// List the games and their default configurations.
    Games,
    /// Blackjack tools: the basic strategy of any rule set.
    Blackjack {
        #[command(subcommand)]
        command: BlackjackCommand,
    },
    /// Bonus tools: price a promotion through the engine's real games.
    Bonus {
        #[command(subcommand)]
        command: bonus_price::BonusCommand,
    },
}

#[derive(Args, Debug)]
struct VerifyArgs {
    /// What to verify: a game name (see `kingpin games`), `holdem` (a hand's deck),
    /// `commitment`, or `crash-chain`.
    #[arg(value_name = "GAME|holdem|commitment|crash-chain")]
    what: String,
    /// The revealed server seed.
    #[arg(long)]
    server_seed: Option<String>,
    /// The client seed.
    #[arg(long)]
    client_seed: Option<String>,
    /// The nonce of the bet.
    #[arg(long)]
    nonce: Option<u64>,
    #[command(flatten)]
    bet: BetArgs,
    /// Player actions of a multi-step round, as a JSON list, replayed in order.
    #[arg(long, default_value = "[]")]
    actions: String,
    /// Commitment (SHA-256 hex) to check the server seed against.
    #[arg(long)]
    commitment: Option<String>,
    /// crash-chain: the game hash to check.
    #[arg(long)]
    game_hash: Option<String>,
    /// crash-chain: the published terminating hash.
    #[arg(long)]
    terminating_hash: Option<String>,
    /// crash-chain: the salt fixed after the commitment.
    #[arg(long)]
    salt: Option<String>,
    /// crash-chain: house edge.
    #[arg(long, default_value = "0.01")]
    edge: String,
    /// crash-chain: formula, `int32` or `float52`.
    #[arg(long, default_value = "int32")]
    formula: String,
    /// crash-chain: most links to walk down to the terminating hash.
    #[arg(long, default_value = "10000000")]
    max_steps: u64,
    /// holdem: a seated player's client seed as SEAT=SEED (repeat for every occupied seat).
    #[arg(long = "seat-seed", value_name = "SEAT=SEED")]
    seat_seeds: Vec<String>,
    /// holdem: the hand number (the nonce of the hand).
    #[arg(long)]
    hand: Option<u64>,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

/// How a bet is given: a whole JSON bet, or a stake and parameters, or dice shorthands.
#[derive(Args, Debug, Clone)]
struct BetArgs {
    /// Game configuration: inline JSON, or @file (.json or .toml). Default: the game's defaults.
    #[arg(long)]
    config: Option<String>,
    /// The stake in minor units.
    #[arg(long, default_value = "100")]
    stake: u64,
    /// The bet's parameters as JSON (e.g. '{"target":"50","condition":"over"}').
    #[arg(long)]
    params: Option<String>,
    /// Dice shorthand: the target (0.00–100.00).
    #[arg(long)]
    target: Option<String>,
    /// Dice shorthand: `over` or `under`.
    #[arg(long)]
    condition: Option<String>,
}

#[derive(Args, Debug)]
struct SimulateArgs {
    /// The game (see `kingpin games`), or a slot definition file (`.toml` / `.json`).
    game: String,
    /// Slots: the bet mode to play.
    #[arg(long, default_value = "base")]
    mode: String,
    #[command(flatten)]
    bet: BetArgs,
    /// Rounds (hands for holdem) to play (`1000000`, `1e6`).
    #[arg(long, default_value = "1e6")]
    rounds: String,
    /// Worker threads (default: all cores).
    #[arg(long)]
    threads: Option<usize>,
    /// The simulation seed (default: random; always printed so the run replays).
    #[arg(long)]
    seed: Option<u64>,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
    /// No progress bar.
    #[arg(long)]
    quiet: bool,
    /// Slot files: play only shard `i` of `n` of the run (`0/4`): the `n` shards of one seed
    /// play disjoint rounds and `kingpin merge` combines their `--json` outputs exactly.
    #[arg(long)]
    shard: Option<String>,
    /// Slot files: also write the win distribution as an SVG chart to this file.
    #[arg(long)]
    chart: Option<std::path::PathBuf>,
    /// Slot files: skip the per-symbol breakdown (faster; every other figure is identical).
    #[arg(long)]
    no_symbols: bool,
    /// Slot files: enumerate every stop combination first when there are at most this many
    /// (`0`: never), for the top base award's exact odds; the default is 1e8.
    #[arg(long)]
    max_combinations: Option<String>,
    /// holdem: the bots at the table, comma-separated (calling_station, random, aggressive, tight).
    #[arg(
        long,
        default_value = "tight,aggressive,random,calling_station,tight,aggressive"
    )]
    bots: String,
}

#[derive(Args, Debug)]
struct MergeArgs {
    /// Simulation documents (`kingpin simulate <game file> --shard i/n --seed S --json`).
    #[arg(required = true)]
    files: Vec<String>,
    /// Merge even if some shards are missing (the report says so).
    #[arg(long)]
    partial: bool,
    /// Print the merged document as JSON instead of the text report.
    #[arg(long)]
    json: bool,
    /// Also write the merged win distribution as an SVG chart to this file.
    #[arg(long)]
    chart: Option<std::path::PathBuf>,
}

#[derive(Args, Debug)]
struct RtpArgs {
    /// The game (see `kingpin games`), or a slot definition file (`.toml` / `.json`).
    game: String,
    /// Slots: one bet mode (default: every mode).
    #[arg(long)]
    mode: Option<String>,
    /// Slots: most stop combinations the brute-force check may enumerate (`0`: closed form only).
    #[arg(long, default_value = "2e8")]
    max_combinations: String,
    /// Slots: threads for the brute-force check (default: all cores).
    #[arg(long)]
    threads: Option<usize>,
    /// Slots: enumerate every stop combination even when the closed form is complete or the
    /// count exceeds --max-combinations (gives the top base award's exact odds).
    #[arg(long)]
    brute_force: bool,
    #[command(flatten)]
    bet: BetArgs,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand, Debug)]
enum BlackjackCommand {
    /// Print the basic-strategy chart computed for a rule set, with its exact infinite-deck
    /// house edge.
    Strategy {
        /// The rules: inline JSON or @file (.json/.toml); `{}` is 6 decks, S17, DAS, 3:2.
        #[arg(long, default_value = "{}")]
        rules: String,
        /// Print JSON (rules, edge, chart) instead of text.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
enum SeedsCommand {
    /// A fresh seed pair: the server seed (keep it secret) and its commitment (show it).
    New {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Verify(a) => verify(a),
        Command::Simulate(a) => simulate(a),
        Command::Rtp(a) => rtp(a),
        Command::Merge(a) => merge(a),
        Command::Rng { command } => rng_dump::run(command),
        Command::Seeds {
            command: SeedsCommand::New { json },
        } => seeds_new(json),
        Command::Games => games(),
        Command::Blackjack {
            command: BlackjackCommand::Strategy { rules, json },
        } => blackjack_strategy(&rules, json),
        Command::Bonus { command } => bonus_price::run(command),
    }
}

fn print(value: &Value, as_json: bool, text: impl FnOnce() -> String) -> Result<()> {
    let mut out = std::io::stdout().lock();
    if as_json {
        writeln!(out, "{}", serde_json::to_string_pretty(value)?)?;
    } else {
        writeln!(out, "{}", text())?;
    }
    Ok(())
}

fn need<'a>(v: &'a Option<String>, flag: &str, what: &str) -> Result<&'a str> {
    v.as_deref()
        .with_context(|| format!("{what} needs --{flag}"))
}

fn verify(a: VerifyArgs) -> Result<ExitCode> {
    match a.what.as_str() {
        "commitment" => {
            let server =
                ServerSeed::new(need(&a.server_seed, "server-seed", "verify commitment")?)?;
            let expected: Commitment =
                need(&a.commitment, "commitment", "verify commitment")?.parse()?;
            let actual = server.commitment();
            let ok = actual == expected;
            let v = json!({ "valid": ok, "commitment": actual.to_string(), "expected": expected.to_string() });
            print(&v, a.json, || {
                if ok {
                    format!("ok: SHA-256(server seed) = {actual}")
                } else {
                    format!("MISMATCH: SHA-256(server seed) = {actual}, expected {expected}")
                }
            })?;
            Ok(if ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        "crash-chain" => {
            let game = GameHash::from_hex(need(&a.game_hash, "game-hash", "verify crash-chain")?)?;
            let term = GameHash::from_hex(need(
                &a.terminating_hash,
                "terminating-hash",
                "verify crash-chain",
            )?)?;
            let salt = need(&a.salt, "salt", "verify crash-chain")?;
            let edge = Multiplier::parse(&a.edge).context("--edge")?;
            let formula = parse_formula(&a.formula)?;
            let position = crash::verify_game_hash(&game, &term, a.max_steps)?;
            let point = crash::crash_point(&game, salt, edge, formula)?;
            let v = json!({
                "in_chain": position.is_some(),
                "game_number": position,
                "crash_point": point.to_string(),
                "formula": formula,
                "edge": edge.to_string(),
            });
            print(&v, a.json, || match position {
                Some(k) => format!("ok: game #{k} of the chain; crash point {point}x"),
                None => format!(
                    "NOT IN CHAIN within {} links; crash point would be {point}x",
                    a.max_steps
                ),
            })?;
            Ok(if position.is_some() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        "holdem" => {
            let v = holdem::verify(
                need(&a.server_seed, "server-seed", "verify holdem")?,
                &a.seat_seeds,
                a.hand.context("verify holdem needs --hand")?,
            )?;
            print(&v, a.json, || holdem::verify_text(&v))?;
            Ok(ExitCode::SUCCESS)
        }
        game => {
            let seeds = Seeds::new(
                need(&a.server_seed, "server-seed", "verify")?,
                need(&a.client_seed, "client-seed", "verify")?,
                a.nonce.context("verify needs --nonce")?,
            )?;
            let config = read_config(a.bet.config.as_deref())?;
            let bet = bet_json(game, &a.bet)?;
            let mut v = catalog::verify(game, &config, &bet, &a.actions, &seeds)?;
            let mut mismatch = false;
            if let Some(c) = &a.commitment {
                let expected: Commitment = c.parse()?;
                mismatch = expected != seeds.server.commitment();
                v["commitment_matches"] = json!(!mismatch);
            }
            print(&v, a.json, || verify_text(&v))?;
            if mismatch {
                eprintln!("error: the server seed does not match the given commitment");
                return Ok(ExitCode::FAILURE);
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn verify_text(v: &Value) -> String {
    let fin = &v["final"];
    let mut s = format!(
        "game {} · nonce {} · commitment {}\n",
        v["game"].as_str().unwrap_or("?"),
        v["nonce"],
        v["commitment"].as_str().unwrap_or("?")
    );
    match fin["status"].as_str() {
        Some("settled") => {
            s += &format!("outcome: {}\n", fin["outcome"]);
            s += &format!("stake {} · payout {}", fin["total_stake"], fin["payout"]);
        }
        _ => s += &format!("in progress: {}", fin),
    }
    s
}

fn threads_or_all(threads: Option<usize>) -> Result<usize> {
    match threads {
        Some(0) => bail!("--threads must be at least 1"),
        Some(t) => Ok(t),
        None => Ok(std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)),
    }
}

fn parse_formula(text: &str) -> Result<CrashFormula> {
    match text {
        "int32" => Ok(CrashFormula::Int32),
        "float52" => Ok(CrashFormula::Float52),
        other => bail!("--formula {other:?}: expected int32 or float52"),
    }
}

fn simulate(a: SimulateArgs) -> Result<ExitCode> {
    let rounds = parse_count(&a.rounds).context("--rounds")?;
    let threads = threads_or_all(a.threads)?;
    let seed = match a.seed {
        Some(s) => s,
        None => {
            let mut b = [0u8; 8];
            getrandom::fill(&mut b).map_err(|e| anyhow::anyhow!("no OS entropy: {e}"))?;
            u64::from_le_bytes(b)
        }
    };
    let shard = match &a.shard {
        Some(text) => {
            if a.seed.is_none() {
                bail!("--shard needs --seed: every shard of a run must use the same seed");
            }
            if !slot_file::is_slot_file(&a.game) {
                bail!("--shard applies to slot definition files");
            }
            kingpin_engine::slots::stats::Shard::parse(text)?
        }
        None => kingpin_engine::slots::stats::Shard::WHOLE,
    };
    if (a.chart.is_some() || a.no_symbols || a.max_combinations.is_some())
        && !slot_file::is_slot_file(&a.game)
    {
        bail!("--chart, --no-symbols and --max-combinations apply to slot definition files");
    }
    let brute_force_limit = match &a.max_combinations {
        Some(text) => u128::from(parse_limit(text).context("--max-combinations")?),
        None => kingpin_engine::slots::DEFAULT_BRUTE_FORCE_LIMIT,
    };
    let config = read_config(a.bet.config.as_deref())?;
    if a.game == "holdem" {
        eprintln!("simulating {rounds} hands of holdem, seed {seed}");
        let v = holdem::simulate(&config, &a.bots, rounds, seed)?;
        print(&v, a.json, || holdem::simulate_text(&v))?;
        return Ok(ExitCode::SUCCESS);
    }
    let slot_file = slot_file::is_slot_file(&a.game);
    let bet = if slot_file {
        String::new()
    } else {
        bet_json(&a.game, &a.bet)?
    };
    let to_play = shard.rounds(rounds);
    if shard == kingpin_engine::slots::stats::Shard::WHOLE {
        eprintln!(
            "simulating {rounds} rounds of {} on {threads} threads, seed {seed}",
            a.game
        );
    } else {
        eprintln!(
            "simulating shard {shard} ({to_play} of {rounds} rounds) of {} on {threads} threads, seed {seed}",
            a.game
        );
    }
    let bar = if a.quiet || !std::io::stderr().is_terminal() {
        indicatif::ProgressBar::hidden()
    } else {
        let b = indicatif::ProgressBar::new(to_play);
        b.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:40} {percent:>3}% {human_pos}/{human_len} rounds, eta {eta}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b
    };
    let done = AtomicU64::new(0);
    let progress = |n: u64| {
        done.fetch_add(n, Ordering::Relaxed);
        bar.inc(n);
    };
    let start = Instant::now();
    if slot_file {
        let doc = slot_sim::simulate(
            &slot_sim::SimRequest {
                path: &a.game,
                mode: &a.mode,
                stake: a.bet.stake,
                rounds,
                seed,
                threads,
                shard,
                track_symbols: !a.no_symbols,
                brute_force_limit,
            },
            &progress,
        )?;
        bar.finish_and_clear();
        show_slot_simulation(&doc, a.chart.as_deref(), a.json)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut report = catalog::simulate(
        &a.game,
        &config,
        &bet,
        SimOptions {
            rounds,
            seed,
            threads,
        },
        &progress,
    )?;
    let secs = start.elapsed().as_secs_f64();
    bar.finish_and_clear();
    let per_sec = if secs > 0.0 {
        rounds as f64 / secs
    } else {
        0.0
    };
    report["seconds"] = json!(secs);
    report["rounds_per_second"] = json!(per_sec);
    report["threads"] = json!(threads);
    print(&report, a.json, || simulate_text(&report))?;
    Ok(ExitCode::SUCCESS)
}

fn merge(a: MergeArgs) -> Result<ExitCode> {
    let doc = slot_sim::merge(&a.files, a.partial)?;
    show_slot_simulation(&doc, a.chart.as_deref(), a.json)?;
    Ok(ExitCode::SUCCESS)
}

/// Write the chart if asked, then print a slot simulation as JSON or as the text report.
fn show_slot_simulation(
    doc: &kingpin_engine::slots::document::SimulationDocument,
    chart: Option<&std::path::Path>,
    as_json: bool,
) -> Result<()> {
    if let Some(path) = chart {
        slot_sim::chart(doc, path)?;
        eprintln!("chart written to {}", path.display());
    }
    print(&serde_json::to_value(doc)?, as_json, || slot_sim::text(doc))
}

fn pct(v: &Value) -> String {
    v.as_f64()
        .map_or_else(|| "n/a".into(), |x| format!("{:.4}%", x * 100.0))
}

fn simulate_text(r: &Value) -> String {
    let ci = &r["rtp_ci95"];
    let mut s = String::new();
    s += &format!("game            {}\n", r["game"].as_str().unwrap_or("?"));
    s += &format!(
        "seed            {}   (replay with --seed {})\n",
        r["seed"], r["seed"]
    );
    s += &format!("rounds          {}\n", r["rounds"]);
    s += &format!(
        "RTP             {}   95% CI [{}, {}]\n",
        pct(&r["rtp"]),
        pct(&ci[0]),
        pct(&ci[1])
    );
    if !r["exact_rtp"].is_null() {
        s += &format!(
            "exact RTP       {}   ({})\n",
            pct(&r["exact_rtp"]),
            r["exact_rtp_fraction"].as_str().unwrap_or("")
        );
    }
    s += &format!("hit frequency   {}\n", pct(&r["hit_frequency"]));
    s += &format!(
        "std deviation   {:.4} × stake\n",
        r["std_dev"].as_f64().unwrap_or(0.0)
    );
    s += &format!(
        "largest win     {:.2} × stake\n",
        r["max_win_multiple"].as_f64().unwrap_or(0.0)
    );
    s += &format!(
        "speed           {:.0} rounds/s ({:.2} s on {} threads)",
        r["rounds_per_second"].as_f64().unwrap_or(0.0),
        r["seconds"].as_f64().unwrap_or(0.0),
        r["threads"]
    );
    s
}

fn rtp(a: RtpArgs) -> Result<ExitCode> {
    if slot_file::is_slot_file(&a.game) {
        let max = u128::from(parse_limit(&a.max_combinations).context("--max-combinations")?);
        let threads = threads_or_all(a.threads)?;
        let v = slot_file::rtp(&a.game, a.mode.as_deref(), threads, max, a.brute_force)?;
        print(&v, a.json, || slot_file::rtp_text(&v))?;
        return Ok(ExitCode::SUCCESS);
    }
    let config = read_config(a.bet.config.as_deref())?;
    let bet = bet_json(&a.game, &a.bet)?;
    let v = catalog::exact_rtp(&a.game, &config, &bet)?;
    print(&v, a.json, || match v["exact_rtp"].as_f64() {
        Some(_) => format!(
            "exact RTP {} ({})",
            pct(&v["exact_rtp"]),
            v["fraction"].as_str().unwrap_or("")
        ),
        None => "no closed form for this game: use `kingpin simulate`".into(),
    })?;
    Ok(ExitCode::SUCCESS)
}

fn seeds_new(as_json: bool) -> Result<ExitCode> {
    let mut entropy = [0u8; 32];
    getrandom::fill(&mut entropy).map_err(|e| anyhow::anyhow!("no OS entropy: {e}"))?;
    let server = ServerSeed::from_entropy(entropy);
    let mut c = [0u8; 8];
    getrandom::fill(&mut c).map_err(|e| anyhow::anyhow!("no OS entropy: {e}"))?;
    let client = ClientSeed::new(c.iter().map(|b| format!("{b:02x}")).collect::<String>())?;
    let v = json!({
        "server_seed": server.expose_secret(),
        "commitment": server.commitment().to_string(),
        "client_seed": client.as_str(),
    });
    print(&v, as_json, || {
        format!(
            "server seed (secret until rotated): {}\ncommitment (show the player):      {}\nclient seed (player may change):   {}",
            server.expose_secret(),
            server.commitment(),
            client
        )
    })?;
    Ok(ExitCode::SUCCESS)
}

fn blackjack_strategy(rules: &str, as_json: bool) -> Result<ExitCode> {
    use kingpin_engine::games::blackjack::{BlackjackRules, chart, edge};
    let text = read_config(Some(rules))?;
    let rules: BlackjackRules = serde_json::from_str(&text).context("--rules")?;
    let chart = chart(&rules)?;
    let house_edge = edge::infinite_deck_edge(&rules)?;
    let v = json!({ "rules": rules, "infinite_deck_house_edge": house_edge, "chart": chart });
    print(&v, as_json, || {
        format!(
            "{chart}\nhouse edge of this strategy, infinite deck (exact): {:.4}%",
            house_edge * 100.0
        )
    })?;
    Ok(ExitCode::SUCCESS)
}

fn games() -> Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    for g in catalog::GAMES {
        writeln!(
            out,
            "{g}\n  default config: {}",
            catalog::default_config_of(g)?
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
