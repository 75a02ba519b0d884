//! `kingpin bonus price`: what a promotion costs, played through the engine's real games.

use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};
use kingpin_bonus::Promotion;
use kingpin_bonus::pricing::{self, PlayerModel, PriceReport};
use kingpin_engine::catalog;
use kingpin_rng::ChaCha8Source;
use kingpin_units::Amount;
use serde_json::{Value, json};

use crate::BetArgs;
use crate::input::{bet_json, parse_count, read_config};

#[derive(Subcommand, Debug)]
pub(crate) enum BonusCommand {
    /// Price a promotion: simulate players who claim it and play a real game until the
    /// requirement is met, they bust or it expires; compare with the closed form.
    Price(PriceArgs),
}

#[derive(Args, Debug)]
pub(crate) struct PriceArgs {
    /// The promotion, a TOML (or JSON) file.
    promo: String,
    /// The game played while wagering (see `kingpin games`), or a slot definition file
    /// (`.toml` / `.json`), which is the same as `--game slot --config @FILE`.
    #[arg(long)]
    game: String,
    /// The game's configuration (--config), the stake of each bet (--stake, minor units) and
    /// its parameters (--params).
    #[command(flatten)]
    bet: BetArgs,
    /// The deposit claimed on, minor units (deposit match and reload).
    #[arg(long, default_value = "10000")]
    deposit: u64,
    /// The net loss a cashback is computed on, minor units.
    #[arg(long, default_value = "0")]
    net_loss: u64,
    /// Players to simulate.
    #[arg(long, default_value = "10000")]
    trials: String,
    /// Host seconds per bet (how the expiry is reached).
    #[arg(long, default_value = "5")]
    seconds_per_round: u64,
    /// Safety cap on bets per player.
    #[arg(long, default_value = "10000000")]
    max_rounds: u64,
    /// Rounds played to measure the game's RTP and standard deviation for the closed form.
    #[arg(long, default_value = "200000")]
    calibration_rounds: String,
    /// The simulation seed (default: random; always printed so the run replays).
    #[arg(long)]
    seed: Option<u64>,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

pub(crate) fn run(command: BonusCommand) -> Result<ExitCode> {
    match command {
        BonusCommand::Price(a) => price(a),
    }
}

fn read_promo(path: &str) -> Result<Promotion> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read promotion {path}"))?;
    let promo: Promotion = if path.ends_with(".json") {
        serde_json::from_str(&text).with_context(|| format!("{path} is not a valid promotion"))?
    } else {
        toml::from_str(&text).with_context(|| format!("{path} is not a valid promotion"))?
    };
    promo
        .validate()
        .with_context(|| format!("{path} is not a valid promotion"))?;
    Ok(promo)
}

fn price(mut a: PriceArgs) -> Result<ExitCode> {
    let promo = read_promo(&a.promo)?;
    let trials = parse_count(&a.trials).context("--trials")?;
    let calibration = parse_count(&a.calibration_rounds).context("--calibration-rounds")?;
    let seed = match a.seed {
        Some(s) => s,
        None => {
            let mut b = [0u8; 8];
            getrandom::fill(&mut b).map_err(|e| anyhow::anyhow!("no OS entropy: {e}"))?;
            u64::from_le_bytes(b)
        }
    };
    if crate::slot_file::is_slot_file(&a.game) {
        if a.bet.config.is_some() {
            bail!(
                "--game {} is a slot file: it is the configuration, so drop --config",
                a.game
            );
        }
        // Validate the file with every problem listed, then play it through the catalog.
        crate::slot_file::load(&a.game)?;
        a.bet.config = Some(format!("@{}", a.game));
        a.game = "slot".into();
    }
    let config = read_config(a.bet.config.as_deref())?;
    let bet: Value = serde_json::from_str(&bet_json(&a.game, &a.bet)?)?;
    let params = bet["params"].to_string();
    let mut player = catalog::round_player(&a.game, &config, &params)?;
    if a.bet.stake == 0 {
        bail!("--stake must be above zero");
    }
    let model = PlayerModel {
        game: a.game.clone(),
        deposit: Amount::from_minor(a.deposit),
        net_loss: Amount::from_minor(a.net_loss),
        stake: Amount::from_minor(a.bet.stake),
        seconds_per_round: a.seconds_per_round,
        max_rounds: a.max_rounds,
    };

    // The game's RTP (exact where the engine has a closed form) and standard deviation,
    // measured on its own stream (seed, 1).
    let mut cal_rng = ChaCha8Source::new(seed, 1);
    let (mut sum, mut sum2) = (0f64, 0f64);
    for _ in 0..calibration {
        let (stake, payout) = player.play(model.stake, &mut cal_rng)?;
        let x = payout.minor() as f64 / stake.minor().max(1) as f64;
        sum += x;
        sum2 += x * x;
    }
    let n = calibration as f64;
    let measured_rtp = sum / n;
    let sd = ((sum2 / n - measured_rtp * measured_rtp) * n / (n - 1.0).max(1.0))
        .max(0.0)
        .sqrt();
    let exact = catalog::exact_rtp(&a.game, &config, &bet.to_string())?;
    let rtp = exact["exact_rtp"].as_f64().unwrap_or(measured_rtp);
    let closed = pricing::closed_form(&promo, &model, rtp, sd);

    eprintln!(
        "pricing {} on {} with {trials} players, seed {seed}",
        promo.id, a.game
    );
    let start = Instant::now();
    let mut rng = ChaCha8Source::new(seed, 0);
    let mut source = |stake: Amount| player.play(stake, &mut rng).map(|(_, payout)| payout);
    let report = pricing::simulate(&promo, &model, trials, &mut source)?;
    let secs = start.elapsed().as_secs_f64();

    let (lo, hi) = report.cost_ci95();
    let v = json!({
        "promotion": promo.id,
        "sticky": promo.terms.sticky,
        "game": a.game,
        "seed": seed,
        "model": model,
        "trials": report.trials,
        "completion_probability": report.completion_probability(),
        "completed": report.completed,
        "busted": report.busted,
        "expired": report.expired,
        "expected_cost": report.mean_cost(),
        "expected_cost_ci95": [lo, hi],
        "mean_granted": report.mean_granted(),
        "mean_converted": report.mean_converted(),
        "mean_rounds": report.mean_rounds(),
        "game_rtp": rtp,
        "game_rtp_exact": exact["exact_rtp"].as_f64().is_some(),
        "game_rtp_measured": measured_rtp,
        "game_std_dev": sd,
        "closed_form": match &closed {
            Ok(c) => json!(c),
            Err(e) => json!({ "unavailable": e.to_string() }),
        },
        "seconds": secs,
        "report": report,
    });
    let mut out = std::io::stdout().lock();
    if a.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
    } else {
        writeln!(out, "{}", text(&v, &report))?;
    }
    Ok(ExitCode::SUCCESS)
}

fn text(v: &Value, r: &PriceReport) -> String {
    let f = |k: &str| v[k].as_f64().unwrap_or(f64::NAN);
    let mut s = String::new();
    s += &format!(
        "promotion       {} on {}\n",
        v["promotion"].as_str().unwrap_or("?"),
        v["game"].as_str().unwrap_or("?")
    );
    s += &format!(
        "seed            {}   (replay with --seed {})\n",
        v["seed"], v["seed"]
    );
    s += &format!(
        "players         {}: completed {}, busted {}, expired {}\n",
        r.trials, r.completed, r.busted, r.expired
    );
    s += &format!(
        "P(complete)     {:.4}%\n",
        r.completion_probability() * 100.0
    );
    let ci = &v["expected_cost_ci95"];
    s += &format!(
        "expected cost   {:.2} minor units per claim   95% CI [{:.2}, {:.2}]\n",
        r.mean_cost(),
        ci[0].as_f64().unwrap_or(f64::NAN),
        ci[1].as_f64().unwrap_or(f64::NAN)
    );
    s += &format!(
        "mean bonus      {:.2} granted, {:.2} converted; {:.1} rounds per player\n",
        r.mean_granted(),
        r.mean_converted(),
        r.mean_rounds()
    );
    s += &format!(
        "game            RTP {:.4}% ({}), std dev {:.4} × stake\n",
        f("game_rtp") * 100.0,
        if v["game_rtp_exact"].as_bool() == Some(true) {
            "exact"
        } else {
            "measured"
        },
        f("game_std_dev")
    );
    let c = &v["closed_form"];
    match c["expected_cost"].as_f64() {
        Some(cost) => {
            s += &format!(
                "closed form     {} = {:.2} (B {:.2}, W {:.2}, e {:.4}%); Brownian P(bust) {:.4}%",
                if v["sticky"].as_bool() == Some(true) {
                    "−W·e (sticky)"
                } else {
                    "B − W·e"
                },
                cost,
                c["bonus"].as_f64().unwrap_or(f64::NAN),
                c["wagered"].as_f64().unwrap_or(f64::NAN),
                c["house_edge"].as_f64().unwrap_or(f64::NAN) * 100.0,
                c["bust_probability"].as_f64().unwrap_or(f64::NAN) * 100.0
            );
        }
        None => {
            s += &format!(
                "closed form     unavailable: {}",
                c["unavailable"].as_str().unwrap_or("?")
            );
        }
    }
    s
}
