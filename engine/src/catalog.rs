//! Every game by name, driven by JSON: one door for the CLI, the server and the bindings.
//!
//! Hosts and bindings hold no game logic; they call these functions with a game name, the game's
//! configuration and the bet as JSON, and get JSON back. Adding a game to the engine means
//! implementing [`Catalogued`] and adding one line to the `catalog!` list below.
//!
//! ```
//! use kingpin_engine::catalog;
//!
//! let seeds = catalog::Seeds::new("server seed", "client seed", 1)?;
//! let round = catalog::verify("dice", "{}", r#"{"stake": 100, "params": {"target": "50", "condition": "over"}}"#, "[]", &seeds)?;
//! assert_eq!(round["final"]["outcome"]["roll"], "74.67");
//! # Ok::<(), kingpin_engine::GameError>(())
//! ```

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use kingpin_rng::{ByteStream, ClientSeed, Sampler, ServerSeed};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::sim::Strategy;
use crate::{Bet, Game, GameError, Step};

/// A game that the catalog can build from JSON and simulate.
pub trait Catalogued: Game + Sized {
    /// The configuration as written in JSON/TOML (`{}` gives the defaults).
    type Config: DeserializeOwned + Serialize + Default;
    /// The strategy used by `simulate` for multi-step games (`NoActions` for one-step games).
    type Bot: Strategy<Self> + Send;

    /// Validate a configuration.
    ///
    /// # Errors
    /// [`GameError::InvalidConfig`].
    fn from_config(config: Self::Config) -> Result<Self, GameError>;

    /// A fresh bot for one simulation thread.
    fn bot(&self) -> Self::Bot;
}

/// The seeds of one bet.
#[derive(Debug, Clone)]
pub struct Seeds {
    /// Server seed (revealed).
    pub server: ServerSeed,
    /// Client seed.
    pub client: ClientSeed,
    /// Nonce.
    pub nonce: u64,
}

impl Seeds {
    /// Validate seeds given as text.
    ///
    /// # Errors
    /// [`GameError::Rng`] for an empty or malformed seed.
    pub fn new(server: &str, client: &str, nonce: u64) -> Result<Seeds, GameError> {
        Ok(Seeds {
            server: ServerSeed::new(server)?,
            client: ClientSeed::new(client)?,
            nonce,
        })
    }
}

// `decode` and `encode` are instantiated for every type of every game: what does not depend on
// the type lives in the non-generic helpers below, once in the binary (the WASM module's size).

fn decode<T: DeserializeOwned>(what: &'static str, text: &str) -> Result<T, GameError> {
    serde_json::from_str(or_empty_object(text)).map_err(|e| json_error(what, &e))
}

fn encode<T: Serialize>(v: &T) -> Result<Value, GameError> {
    serde_json::to_value(v).map_err(|e| json_error("output", &e))
}

/// An empty (or blank) text means `{}`.
#[inline(never)]
fn or_empty_object(text: &str) -> &str {
    if text.trim().is_empty() { "{}" } else { text }
}

#[inline(never)]
fn json_error(what: &'static str, e: &serde_json::Error) -> GameError {
    GameError::Decode {
        what,
        reason: e.to_string(),
    }
}

/// Build a game from its JSON configuration.
///
/// # Errors
/// [`GameError::Decode`] or [`GameError::InvalidConfig`].
pub fn build<G: Catalogued>(config_json: &str) -> Result<G, GameError> {
    G::from_config(decode("config", config_json)?)
}

fn verify_game<G: Catalogued>(
    config: &str,
    bet: &str,
    actions: &str,
    seeds: &Seeds,
) -> Result<Value, GameError> {
    // The configuration as the engine read it (defaults filled in): the round record names the
    // exact rule set or paytable it was played with.
    let config: G::Config = decode("config", config)?;
    let config_used = encode(&config)?;
    let game = G::from_config(config)?;
    let bet: Bet<G::Params> = decode("bet", bet)?;
    let actions: Vec<G::Action> = decode(
        "actions",
        if actions.trim().is_empty() {
            "[]"
        } else {
            actions
        },
    )?;
    let mut rng = Sampler::new(
        ByteStream::new(&seeds.server, &seeds.client, seeds.nonce),
        game.profile(),
    );
    let mut step = game.start(&bet, &mut rng)?;
    let mut steps = Vec::new();
    for (i, action) in actions.iter().enumerate() {
        let state = match &step {
            Step::InProgress(p) => p.state.clone(),
            Step::Settled(_) => {
                return Err(GameError::IllegalAction(format!(
                    "action {i} given after the round settled"
                )));
            }
        };
        steps.push(encode(&step)?);
        step = game.act(&state, action, &mut rng)?;
    }
    Ok(round_record(
        G::NAME,
        [config_used, encode(&bet)?, encode(&actions)?],
        seeds,
        game.profile(),
        steps,
        encode(&step)?,
        rng.source().position(),
    ))
}

/// The round record of [`verify`] from its parts (one copy for every game, not one per game).
fn round_record(
    name: &str,
    [config, bet, actions]: [Value; 3],
    seeds: &Seeds,
    profile: kingpin_rng::Profile,
    steps: Vec<Value>,
    last: Value,
    bytes_used: u64,
) -> Value {
    json!({
        "game": name,
        "engine_version": env!("CARGO_PKG_VERSION"),
        "config": config,
        "bet": bet,
        "actions": actions,
        "commitment": seeds.server.commitment().to_string(),
        "client_seed": seeds.client.as_str(),
        "nonce": seeds.nonce,
        "profile": profile,
        "steps": steps,
        "final": last,
        "bytes_used": bytes_used,
    })
}

/// Options of a catalog simulation.
#[derive(Debug, Clone, Copy)]
pub struct SimOptions {
    /// Rounds to play.
    pub rounds: u64,
    /// The simulation seed (printed in every report).
    pub seed: u64,
    /// Worker threads (feature `std`; ignored without it).
    pub threads: usize,
}

#[cfg(feature = "std")]
fn simulate_game<G>(
    config: &str,
    bet: &str,
    opts: SimOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Value, GameError>
where
    G: Catalogued + Sync,
    G::Params: Sync,
{
    let game: G = build(config)?;
    let bet: Bet<G::Params> = decode("bet", bet)?;
    // Validate the bet once, before any thread starts, so a bad bet is one clear error.
    let mut probe = Sampler::new(
        kingpin_rng::ChaCha8Source::new(opts.seed, u64::MAX),
        game.profile(),
    );
    game.start(&bet, &mut probe)?;
    let stats = crate::sim::run_parallel(
        &game,
        &bet,
        || game.bot(),
        opts.rounds,
        opts.seed,
        opts.threads,
        progress,
    )?;
    let exact = game.exact_rtp(&bet.params);
    Ok(json!({
        "game": G::NAME,
        "seed": opts.seed,
        "rounds": stats.rounds,
        "rtp": stats.rtp(),
        "rtp_ci95": [stats.rtp_ci95().0, stats.rtp_ci95().1],
        "exact_rtp": exact.map(|r| r.to_f64()),
        "exact_rtp_fraction": exact.map(|r| r.to_string()),
        "hit_frequency": stats.hit_frequency(),
        "std_dev": stats.std_dev(),
        "max_win_multiple": stats.max_win_multiple(),
        "stats": encode(&stats)?,
    }))
}

#[cfg(not(feature = "std"))]
fn simulate_game<G>(
    config: &str,
    bet: &str,
    opts: SimOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Value, GameError>
where
    G: Catalogued,
{
    let game: G = build(config)?;
    let bet: Bet<G::Params> = decode("bet", bet)?;
    let mut bot = game.bot();
    let mut stats = crate::sim::SimStats::default();
    let chunks = opts.rounds.div_ceil(crate::sim::CHUNK_ROUNDS);
    for k in 0..chunks {
        let n = crate::sim::CHUNK_ROUNDS.min(opts.rounds - k * crate::sim::CHUNK_ROUNDS);
        stats.merge(&crate::sim::run_chunk(
            &game, &bet, &mut bot, opts.seed, k, n,
        )?);
        progress(n);
    }
    Ok(
        json!({ "game": G::NAME, "seed": opts.seed, "rounds": stats.rounds, "rtp": stats.rtp(), "stats": encode(&stats)? }),
    )
}

fn exact_game<G: Catalogued>(config: &str, bet: &str) -> Result<Value, GameError> {
    let game: G = build(config)?;
    let bet: Bet<G::Params> = decode("bet", bet)?;
    Ok(match game.exact_rtp(&bet.params) {
        Some(r) => json!({ "game": G::NAME, "exact_rtp": r.to_f64(), "fraction": r.to_string() }),
        None => json!({ "game": G::NAME, "exact_rtp": null }),
    })
}

fn default_config<G: Catalogued>() -> Result<Value, GameError> {
    encode(&G::Config::default())
}

/// A game built once with fixed parameters, ready to play rounds of any stake — how tools
/// outside the engine (bonus pricing) play the real game code round after round.
pub trait RoundPlayer {
    /// The game's catalog name.
    fn name(&self) -> &'static str;
    /// Play one round of `stake` to its settlement (multi-step games use the catalog's bot)
    /// with randomness from `rng`; returns `(total stake, payout)`.
    ///
    /// # Errors
    /// The game's refusal of the bet, or a round error.
    fn play(
        &mut self,
        stake: kingpin_units::Amount,
        rng: &mut kingpin_rng::ChaCha8Source,
    ) -> Result<(kingpin_units::Amount, kingpin_units::Amount), GameError>;
}

struct Player<G: Catalogued> {
    game: G,
    params: G::Params,
    bot: G::Bot,
}

impl<G: Catalogued> RoundPlayer for Player<G> {
    fn name(&self) -> &'static str {
        G::NAME
    }

    fn play(
        &mut self,
        stake: kingpin_units::Amount,
        rng: &mut kingpin_rng::ChaCha8Source,
    ) -> Result<(kingpin_units::Amount, kingpin_units::Amount), GameError> {
        let bet = Bet::new(stake, self.params.clone());
        let mut sampler = Sampler::new(rng, self.game.profile());
        let (s, p) = crate::sim::play_round(&self.game, &bet, &mut self.bot, &mut sampler)?;
        Ok((
            kingpin_units::Amount::from_minor(s),
            kingpin_units::Amount::from_minor(p),
        ))
    }
}

fn player_of<G: Catalogued + 'static>(
    config: &str,
    params: &str,
) -> Result<alloc::boxed::Box<dyn RoundPlayer>, GameError> {
    let game: G = build(config)?;
    let params: G::Params = decode("params", params)?;
    let bot = game.bot();
    Ok(alloc::boxed::Box::new(Player { game, params, bot }))
}

macro_rules! catalog {
    ($($name:literal => $game:ty),* $(,)?) => {
        /// Names of every game in the catalog.
        pub const GAMES: &[&str] = &[$($name),*];

        fn unknown(name: &str) -> GameError {
            GameError::config("game", format!("unknown game {name:?}; known: {}", GAMES.join(", ")))
        }

        /// Re-play a round from its seeds: start with `bet`, then each action of the JSON list
        /// `actions` in order, all from one continuing stream. Returns the round record as
        /// JSON: game, engine version, the configuration as read (defaults filled in), the bet,
        /// the actions, commitment, client seed, nonce, profile, every intermediate step, the
        /// final step and the bytes of the stream used.
        ///
        /// # Errors
        /// An unknown game, undecodable JSON, an invalid config or bet, or an illegal action.
        pub fn verify(game: &str, config: &str, bet: &str, actions: &str, seeds: &Seeds) -> Result<Value, GameError> {
            match game {
                $($name => verify_game::<$game>(config, bet, actions, seeds),)*
                _ => Err(unknown(game)),
            }
        }

        /// Simulate a game with its default bot; the report (JSON) carries the seed, the RTP with
        /// its 95 % interval, the exact RTP where known, and the raw statistics.
        ///
        /// # Errors
        /// An unknown game, undecodable JSON, an invalid config or bet, or a round error.
        pub fn simulate(game: &str, config: &str, bet: &str, opts: SimOptions, progress: &(dyn Fn(u64) + Sync)) -> Result<Value, GameError> {
            match game {
                $($name => simulate_game::<$game>(config, bet, opts, progress),)*
                _ => Err(unknown(game)),
            }
        }

        /// The exact RTP of a bet, or `null` where the game has no closed form.
        ///
        /// # Errors
        /// An unknown game, undecodable JSON, or an invalid config or bet.
        pub fn exact_rtp(game: &str, config: &str, bet: &str) -> Result<Value, GameError> {
            match game {
                $($name => exact_game::<$game>(config, bet),)*
                _ => Err(unknown(game)),
            }
        }

        /// A [`RoundPlayer`] for `game` with its JSON configuration and bet parameters.
        ///
        /// # Errors
        /// An unknown game, undecodable JSON, or an invalid config or parameters.
        pub fn round_player(game: &str, config: &str, params: &str) -> Result<alloc::boxed::Box<dyn RoundPlayer>, GameError> {
            match game {
                $($name => player_of::<$game>(config, params),)*
                _ => Err(unknown(game)),
            }
        }

        /// The default configuration of a game, as JSON.
        ///
        /// # Errors
        /// An unknown game.
        pub fn default_config_of(game: &str) -> Result<Value, GameError> {
            match game {
                $($name => default_config::<$game>(),)*
                _ => Err(unknown(game)),
            }
        }
    };
}

catalog! {
    "blackjack" => crate::games::blackjack::Blackjack,
    "dice" => crate::games::dice::Dice,
    "baccarat" => crate::games::baccarat::Baccarat,
    "plinko" => crate::games::plinko::Plinko,
    "crash" => crate::games::crash::Crash,
    "limbo" => crate::games::limbo::Limbo,
    "keno" => crate::games::keno::Keno,
    "mines" => crate::games::mines::Mines,
    "wheel" => crate::games::wheel::Wheel,
    "roulette" => crate::games::roulette::Roulette,
    "slot" => crate::slots::Slot,
}

/// The name list as one string, for help texts.
pub fn names() -> String {
    GAMES.join(", ")
}

#[cfg(test)]
mod round_player_tests {
    use super::*;
    use kingpin_rng::ChaCha8Source;
    use kingpin_units::Amount;

    #[test]
    fn plays_the_real_game_reproducibly() {
        let params = r#"{"target": "50", "condition": "over"}"#;
        let mut a = round_player("dice", "{}", params).unwrap();
        let mut b = round_player("dice", "{}", params).unwrap();
        assert_eq!(a.name(), "dice");
        let (mut ra, mut rb) = (ChaCha8Source::new(3, 0), ChaCha8Source::new(3, 0));
        let mut wins = 0;
        for _ in 0..1000 {
            let (stake, payout) = a.play(Amount::from_minor(100), &mut ra).unwrap();
            assert_eq!(stake, Amount::from_minor(100));
            assert!(payout == Amount::ZERO || payout == Amount::from_minor(198));
            assert_eq!(b.play(Amount::from_minor(100), &mut rb).unwrap().1, payout);
            wins += usize::from(!payout.is_zero());
        }
        assert!((400..600).contains(&wins), "{wins}");
        assert!(round_player("nope", "{}", params).is_err());
        assert!(round_player("dice", "{}", r#"{"target": "x"}"#).is_err());
    }
}
