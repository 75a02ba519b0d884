//! The `kingpin` Python module: a thin layer over [`kingpin_bindings`] (and through it the
//! engine's JSON catalog). It converts Python values to JSON text and back, and engine errors to
//! exceptions; it holds no game logic, so every game in the catalog is reachable as soon as the
//! engine registers it.
//!
//! Tested from Python: `bindings/python/tests` (pytest).

mod slot_sim;

use kingpin_bindings::{self as core, ErrorKind};
use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};

create_exception!(
    kingpin,
    KingpinError,
    PyException,
    "Base class of every error raised by kingpin."
);
create_exception!(
    kingpin,
    InvalidConfig,
    KingpinError,
    "A game configuration is invalid, or the game is unknown."
);
create_exception!(
    kingpin,
    InvalidBet,
    KingpinError,
    "A bet (stake or parameters) is invalid for the game."
);
create_exception!(
    kingpin,
    IllegalAction,
    KingpinError,
    "An action is not legal in the round's state."
);
create_exception!(
    kingpin,
    SeedError,
    KingpinError,
    "A seed, commitment or hash is empty, too long or malformed."
);
create_exception!(
    kingpin,
    AmountError,
    KingpinError,
    "An amount or multiplier is malformed, or a payout overflowed."
);
create_exception!(
    kingpin,
    DecodeError,
    KingpinError,
    "JSON input could not be read as the game expects."
);
create_exception!(
    kingpin,
    EntropyError,
    KingpinError,
    "The operating system gave no randomness for a fresh seed."
);
create_exception!(
    kingpin,
    SessionRevealed,
    KingpinError,
    "A practice session was used after its server seed was revealed."
);

fn raise(e: core::Error) -> PyErr {
    let message = e.message;
    match e.kind {
        ErrorKind::InvalidConfig => InvalidConfig::new_err(message),
        ErrorKind::InvalidBet => InvalidBet::new_err(message),
        ErrorKind::IllegalAction => IllegalAction::new_err(message),
        ErrorKind::Seed => SeedError::new_err(message),
        ErrorKind::Amount => AmountError::new_err(message),
        ErrorKind::Decode => DecodeError::new_err(message),
        ErrorKind::Entropy => EntropyError::new_err(message),
        ErrorKind::Revealed => SessionRevealed::new_err(message),
        _ => KingpinError::new_err(message),
    }
}

/// JSON text of a Python value: a `str` is taken as JSON text already, `None` as `default`,
/// anything else goes through `json.dumps`.
fn json_text(value: Option<&Bound<'_, PyAny>>, default: &str) -> PyResult<String> {
    match value {
        None => Ok(default.to_owned()),
        Some(v) if v.is_none() => Ok(default.to_owned()),
        Some(v) if v.is_instance_of::<PyString>() => v.extract(),
        Some(v) => {
            let dumps = v.py().import("json")?.getattr("dumps")?;
            dumps.call1((v,))?.extract()
        }
    }
}

/// A Python object (dict, list, …) from engine JSON.
fn to_py<'py>(py: Python<'py>, value: &core::Value) -> PyResult<Bound<'py, PyAny>> {
    py.import("json")?
        .getattr("loads")?
        .call1((value.to_string(),))
}

/// Python's `repr` of a string (quotes and escapes as Python writes them).
fn py_repr(py: Python<'_>, s: &str) -> PyResult<String> {
    PyString::new(py, s).repr()?.extract()
}

/// Names of every game in the engine's catalog.
#[pyfunction]
fn games() -> Vec<&'static str> {
    core::games().to_vec()
}

/// Replay (or play) one round of `game` from its seeds: start with `bet`, then each action of
/// `actions` in order. Returns the round as a dict: every step, the final step (`status`
/// `"settled"` with `outcome`, `total_stake`, `payout`, or `"in_progress"` with its `state`),
/// the commitment of the server seed and the bytes of the fair stream used.
///
/// `config`, `bet` and `actions` are Python values (dicts, lists) or JSON text.
#[pyfunction]
#[pyo3(signature = (game, bet, server_seed, client_seed, nonce, *, config=None, actions=None))]
#[allow(clippy::too_many_arguments)] // reason: mirrors the Python signature, keywords included
fn verify<'py>(
    py: Python<'py>,
    game: &str,
    bet: &Bound<'py, PyAny>,
    server_seed: &str,
    client_seed: &str,
    nonce: u64,
    config: Option<&Bound<'py, PyAny>>,
    actions: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let round = core::verify(
        game,
        &json_text(config, "{}")?,
        &json_text(Some(bet), "{}")?,
        &json_text(actions, "[]")?,
        server_seed,
        client_seed,
        nonce,
    )
    .map_err(raise)?;
    to_py(py, &round)
}

/// The exact RTP of a bet as a float, or `None` for a game without a closed form. The exact
/// fraction is in `exact_rtp_fraction`.
#[pyfunction]
#[pyo3(signature = (game, bet, *, config=None))]
fn exact_rtp(
    game: &str,
    bet: &Bound<'_, PyAny>,
    config: Option<&Bound<'_, PyAny>>,
) -> PyResult<Option<f64>> {
    let v = core::exact_rtp(
        game,
        &json_text(config, "{}")?,
        &json_text(Some(bet), "{}")?,
    )
    .map_err(raise)?;
    Ok(v["exact_rtp"].as_f64())
}

/// The exact RTP of a bet as a `fractions.Fraction`, or `None` for a game without a closed form.
#[pyfunction]
#[pyo3(signature = (game, bet, *, config=None))]
fn exact_rtp_fraction<'py>(
    py: Python<'py>,
    game: &str,
    bet: &Bound<'py, PyAny>,
    config: Option<&Bound<'py, PyAny>>,
) -> PyResult<Option<Bound<'py, PyAny>>> {
    let v = core::exact_rtp(
        game,
        &json_text(config, "{}")?,
        &json_text(Some(bet), "{}")?,
    )
    .map_err(raise)?;
    match v["fraction"].as_str() {
        Some(f) => Ok(Some(
            py.import("fractions")?.getattr("Fraction")?.call1((f,))?,
        )),
        None => Ok(None),
    }
}

/// The default configuration of a game, as a dict.
#[pyfunction]
fn default_config<'py>(py: Python<'py>, game: &str) -> PyResult<Bound<'py, PyAny>> {
    to_py(py, &core::default_config(game).map_err(raise)?)
}

/// Statistics of a simulation (exact integer sums, plus derived floats).
#[pyclass(frozen, module = "kingpin")]
struct SimStats {
    report: core::Value,
}

impl SimStats {
    fn f64_of(&self, key: &str) -> f64 {
        self.report[key].as_f64().unwrap_or(f64::NAN)
    }
    fn stat_u64(&self, key: &str) -> u64 {
        self.report["stats"][key].as_u64().unwrap_or(0)
    }
}

#[pymethods]
impl SimStats {
    /// The game simulated.
    #[getter]
    fn game(&self) -> String {
        self.report["game"].as_str().unwrap_or_default().to_owned()
    }
    /// The simulation seed: the same seed replays the same run, whatever the thread count.
    #[getter]
    fn seed(&self) -> u64 {
        self.report["seed"].as_u64().unwrap_or(0)
    }
    /// Rounds played.
    #[getter]
    fn rounds(&self) -> u64 {
        self.report["rounds"].as_u64().unwrap_or(0)
    }
    /// Measured return to player: total payout / total stake.
    #[getter]
    fn rtp(&self) -> f64 {
        self.f64_of("rtp")
    }
    /// 95 % confidence interval of the RTP, `(low, high)`.
    #[getter]
    fn rtp_ci95(&self) -> (f64, f64) {
        let ci = &self.report["rtp_ci95"];
        (
            ci[0].as_f64().unwrap_or(f64::NAN),
            ci[1].as_f64().unwrap_or(f64::NAN),
        )
    }
    /// The exact RTP where the game has a closed form, else `None`.
    #[getter]
    fn exact_rtp(&self) -> Option<f64> {
        self.report["exact_rtp"].as_f64()
    }
    /// Fraction of rounds with a payout.
    #[getter]
    fn hit_frequency(&self) -> f64 {
        self.f64_of("hit_frequency")
    }
    /// Standard deviation of one round's return, in units of its stake.
    #[getter]
    fn std_dev(&self) -> f64 {
        self.f64_of("std_dev")
    }
    /// Largest payout / stake seen.
    #[getter]
    fn max_win_multiple(&self) -> f64 {
        self.f64_of("max_win_multiple")
    }
    /// Rounds with a payout.
    #[getter]
    fn hits(&self) -> u64 {
        self.stat_u64("hits")
    }
    /// Rounds with payout 0.
    #[getter]
    fn losses(&self) -> u64 {
        self.stat_u64("losses")
    }
    /// Sum of stakes, minor units.
    #[getter]
    fn total_stake(&self) -> u64 {
        self.stat_u64("total_stake")
    }
    /// Sum of payouts, minor units.
    #[getter]
    fn total_payout(&self) -> u64 {
        self.stat_u64("total_payout")
    }
    /// Edges of the win buckets in multiples of the stake: bucket `i` counts wins with
    /// `payout / stake < edges[i]` (at least the previous edge); the last bucket the rest.
    #[getter]
    fn win_bucket_edges(&self) -> Vec<u64> {
        kingpin_bindings::WIN_BUCKET_EDGES.to_vec()
    }
    /// Win counts per bucket (one more bucket than edges): a `numpy.ndarray` of `uint64` if
    /// NumPy is installed, else a list of ints.
    #[getter]
    fn win_distribution<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let counts: Vec<u64> = self.report["stats"]["win_buckets"]
            .as_array()
            .map(|a| a.iter().map(|v| v.as_u64().unwrap_or(0)).collect())
            .unwrap_or_default();
        if py.import("numpy").is_ok() {
            Ok(numpy::PyArray1::from_slice(py, &counts).into_any())
        } else {
            Ok(PyList::new(py, counts)?.into_any())
        }
    }
    /// The whole report as a dict (as `kingpin simulate --json` prints it).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.report)
    }
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let (lo, hi) = self.rtp_ci95();
        let exact = self
            .exact_rtp()
            .map_or_else(|| "None".to_owned(), |r| format!("{r:.6}"));
        Ok(format!(
            "SimStats(game={}, rounds={}, rtp={:.6}, rtp_ci95=({lo:.6}, {hi:.6}), exact_rtp={exact}, hit_frequency={:.6}, std_dev={:.4}, max_win_multiple={:.2}, seed={})",
            py_repr(py, &self.game())?,
            self.rounds(),
            self.rtp(),
            self.hit_frequency(),
            self.std_dev(),
            self.max_win_multiple(),
            self.seed()
        ))
    }
}

/// Simulate `rounds` rounds of `game` with its default bot, reproducibly from `seed`, on
/// `threads` threads (0 = one per core). Releases the GIL while it runs. The result does not
/// depend on the thread count.
#[pyfunction]
#[pyo3(signature = (game, bet, rounds, *, config=None, seed=0, threads=0))]
fn simulate(
    py: Python<'_>,
    game: &str,
    bet: &Bound<'_, PyAny>,
    rounds: u64,
    config: Option<&Bound<'_, PyAny>>,
    seed: u64,
    threads: usize,
) -> PyResult<SimStats> {
    let config = json_text(config, "{}")?;
    let bet = json_text(Some(bet), "{}")?;
    let report = py
        .detach(|| core::simulate(game, &config, &bet, rounds, seed, threads))
        .map_err(raise)?;
    Ok(SimStats { report })
}

/// The public commitment of a server seed: SHA-256 of its UTF-8 bytes, 64 hex digits.
#[pyfunction]
fn commitment(server_seed: &str) -> PyResult<String> {
    core::commitment(server_seed).map_err(raise)
}

/// Whether a revealed server seed matches a published commitment.
#[pyfunction]
fn verify_commitment(server_seed: &str, commitment: &str) -> PyResult<bool> {
    core::verify_commitment(server_seed, commitment).map_err(raise)
}

/// A fresh server seed (64 hex digits from 32 bytes of OS entropy).
#[pyfunction]
fn new_server_seed() -> PyResult<String> {
    core::new_server_seed().map_err(raise)
}

/// A fresh client seed (32 hex digits from 16 bytes of OS entropy).
#[pyfunction]
fn new_client_seed() -> PyResult<String> {
    core::new_client_seed().map_err(raise)
}

/// The crash point (text, hundredths, e.g. `"1.98"`) of a game hash with `salt`, house `edge`
/// and `formula` (`"int32"` or `"float52"`).
#[pyfunction]
#[pyo3(signature = (game_hash, salt, edge="0.01", formula="int32"))]
fn crash_point(game_hash: &str, salt: &str, edge: &str, formula: &str) -> PyResult<String> {
    core::crash_point(game_hash, salt, edge, formula).map_err(raise)
}

/// Check a revealed crash game hash against the published terminating hash (walking at most
/// `max_steps` links) and compute its crash point: `{"game_number": int | None, "crash_point": str}`.
#[pyfunction]
#[pyo3(signature = (game_hash, terminating_hash, salt, edge="0.01", formula="int32", max_steps=10_000_000))]
fn crash_verify<'py>(
    py: Python<'py>,
    game_hash: &str,
    terminating_hash: &str,
    salt: &str,
    edge: &str,
    formula: &str,
    max_steps: u64,
) -> PyResult<Bound<'py, PyAny>> {
    let v = py
        .detach(|| core::crash_verify(game_hash, terminating_hash, salt, edge, formula, max_steps))
        .map_err(raise)?;
    to_py(py, &v)
}

/// A hash chain of `length` links below `seed_hash`: element 0 is the terminating hash to
/// publish, element `g` the hash of game `g`.
#[pyfunction]
fn crash_chain(py: Python<'_>, seed_hash: &str, length: u64) -> PyResult<Vec<String>> {
    py.detach(|| core::crash_chain(seed_hash, length))
        .map_err(raise)
}

/// Rank a poker hand of 5, 6 or 7 cards written like `"Ah Kh Qh Jh Th"`: `{"rank": 1..7462,
/// "category": "straight_flush", "description": "royal flush"}`; a greater rank is stronger.
#[pyfunction]
fn evaluate_hand<'py>(py: Python<'py>, cards: &str) -> PyResult<Bound<'py, PyAny>> {
    to_py(py, &core::evaluate_hand(cards).map_err(raise)?)
}

/// Hold'em equity of 2–10 known hands (`holes`, each like `"Ah Ad"`) with a known `board`
/// and `dead` cards. `trials=None` enumerates every completion of the board (exact); an int
/// runs that many Monte Carlo trials (1 to 10,000,000) reproducibly from `seed`. Releases the
/// GIL. Returns `{"boards", "exact", "players": [{"wins", "ties", "equity", "share_2520"}]}`.
#[pyfunction]
#[pyo3(signature = (holes, board="", dead="", *, trials=None, seed=0))]
fn poker_equity<'py>(
    py: Python<'py>,
    holes: Vec<String>,
    board: &str,
    dead: &str,
    trials: Option<u64>,
    seed: u64,
) -> PyResult<Bound<'py, PyAny>> {
    let value = py
        .detach(|| core::poker_equity(&holes, board, dead, trials, seed))
        .map_err(raise)?;
    to_py(py, &value)
}

/// Recompute a hold'em hand's 52-card deck from the revealed `server_seed`, the client seed of
/// every occupied seat (`client_seeds`: a dict `{seat: seed}` or `(seat, seed)` pairs, seats
/// 0–255, 1–10 of them) and the hand number `nonce` (docs/fairness.md §10.5). Returns
/// `{"deck": ["Td", …52 cards, front first], "combined_client_seed", "commitment"}`.
#[pyfunction]
fn verify_hand_deck<'py>(
    py: Python<'py>,
    server_seed: &str,
    client_seeds: &Bound<'py, PyAny>,
    nonce: u64,
) -> PyResult<Bound<'py, PyAny>> {
    let items = match client_seeds.cast::<PyDict>() {
        Ok(dict) => dict.items().into_any(),
        Err(_) => client_seeds.clone(),
    };
    let mut seeds = Vec::new();
    for (i, item) in items.try_iter()?.enumerate() {
        let pair = item?.extract::<(i64, String)>().map_err(|_| {
            raise(core::Error::new(
                ErrorKind::Decode,
                format!("client_seeds: element {i}: expected (seat: int, client seed: str)"),
            ))
        })?;
        seeds.push(pair);
    }
    to_py(
        py,
        &core::verify_hand_deck(server_seed, &seeds, nonce).map_err(raise)?,
    )
}

/// JSON text of a slot definition given as a dict, JSON text, or the path of a JSON file (a
/// `str` not starting with `{`, or any `os.PathLike`).
fn definition_text(definition: &Bound<'_, PyAny>) -> PyResult<String> {
    let is_path = definition.hasattr("__fspath__")?
        || definition
            .extract::<String>()
            .is_ok_and(|t| !t.trim_start().starts_with('{'));
    if is_path {
        // pathlib reads it, so a missing file raises FileNotFoundError naming the path.
        return definition
            .py()
            .import("pathlib")?
            .getattr("Path")?
            .call1((definition,))?
            .call_method1("read_text", ("utf-8",))?
            .extract();
    }
    json_text(Some(definition), "{}")
}

/// Load and validate a slot definition (a dict, JSON text or the path of a JSON file, as in
/// `games/reference/`): `{"name", "bet_modes", "combinations", "definition"}`, the definition
/// with defaults filled in (usable as the `slot` game's `config`). Every problem of an invalid
/// definition is listed, with its field path, in the `InvalidConfig` raised.
#[pyfunction]
fn load_slot<'py>(py: Python<'py>, definition: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let text = definition_text(definition)?;
    to_py(py, &core::load_slot(&text).map_err(raise)?)
}

/// The exact RTP report of one bet mode of a slot (see `slot_rtp`).
#[pyclass(frozen, module = "kingpin")]
struct SlotRtpReport {
    report: core::Value,
}

impl SlotRtpReport {
    fn opt_f64(&self, key: &str) -> Option<f64> {
        self.report[key].as_f64()
    }
}

#[pymethods]
impl SlotRtpReport {
    /// The bet mode (`"base"` or a bonus buy's name).
    #[getter]
    fn mode(&self) -> String {
        self.report["mode"].as_str().unwrap_or_default().to_owned()
    }
    /// How the figure was found: `"closed form"`, `"brute force"`, or `"closed form, confirmed
    /// by brute force"`.
    #[getter]
    fn method(&self) -> String {
        self.report["method"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }
    /// Whether `rtp` is exactly the game's RTP (false: an upper bound, or none; see `notes`).
    #[getter]
    fn exact(&self) -> bool {
        self.report["exact"].as_bool().unwrap_or(false)
    }
    /// RTP (total win / cost), or `None` where no exact method applies (simulate instead).
    #[getter]
    fn rtp(&self) -> Option<f64> {
        self.opt_f64("rtp")
    }
    /// The RTP as an exact fraction `"n/d"`.
    #[getter]
    fn rtp_fraction(&self) -> Option<String> {
        self.report["rtp_fraction"].as_str().map(str::to_owned)
    }
    /// Part of the RTP won by the base spin.
    #[getter]
    fn base_rtp(&self) -> Option<f64> {
        self.opt_f64("base_rtp")
    }
    /// Part of the RTP won in free spins.
    #[getter]
    fn feature_rtp(&self) -> Option<f64> {
        self.opt_f64("feature_rtp")
    }
    /// Probability that a round plays free spins.
    #[getter]
    fn feature_probability(&self) -> Option<f64> {
        self.opt_f64("feature_probability")
    }
    /// Expected free spins per round, retriggers included.
    #[getter]
    fn free_spins_per_round(&self) -> Option<f64> {
        self.opt_f64("free_spins_per_round")
    }
    /// Standard deviation of a round's return per unit of cost, where computable.
    #[getter]
    fn std_dev(&self) -> Option<f64> {
        self.opt_f64("std_dev")
    }
    /// The largest base-spin win over every stop combination, × the mode's cost (brute force
    /// only; `None` with random wild multipliers, for a bonus buy, or above the win cap).
    #[getter]
    fn top_base_win(&self) -> Option<f64> {
        self.opt_f64("top_base_win")
    }
    /// The exact probability that a base spin pays `top_base_win` (1 in `1 / p` spins).
    #[getter]
    fn top_base_probability(&self) -> Option<f64> {
        self.opt_f64("top_base_probability")
    }
    /// The same probability as an exact fraction `"n/d"`.
    #[getter]
    fn top_base_probability_fraction(&self) -> Option<String> {
        self.report["top_base_probability_fraction"]
            .as_str()
            .map(str::to_owned)
    }
    /// Stop combinations evaluated by brute force (0 for the closed form alone).
    #[getter]
    fn combinations(&self) -> u64 {
        self.report["combinations"].as_u64().unwrap_or(0)
    }
    /// Why a figure is not exact or missing, and other remarks.
    #[getter]
    fn notes(&self) -> Vec<String> {
        self.report["notes"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|n| n.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }
    /// The report as a dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.report)
    }
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let f = |x: Option<f64>| x.map_or_else(|| "None".to_owned(), |x| format!("{x:.6}"));
        Ok(format!(
            "SlotRtpReport(mode={}, method={}, exact={}, rtp={}, base_rtp={}, feature_rtp={}, std_dev={})",
            py_repr(py, &self.mode())?,
            py_repr(py, &self.method())?,
            if self.exact() { "True" } else { "False" },
            f(self.rtp()),
            f(self.base_rtp()),
            f(self.feature_rtp()),
            f(self.std_dev()),
        ))
    }
}

/// The exact RTP report of a slot definition (a dict, JSON text or a JSON file's path) per bet
/// mode, as `{mode: SlotRtpReport}` (every mode, or only `mode`): the closed form, confirmed or
/// completed by brute force (every stop combination, on `threads` threads, 0 = all cores) when
/// that takes at most `max_combinations` evaluations (0: closed form only), or always with
/// `brute_force=True` (the top base award's exact odds whatever the count). Releases the GIL.
#[pyfunction]
#[pyo3(signature = (definition, mode=None, *, max_combinations=core::DEFAULT_MAX_COMBINATIONS, brute_force=false, threads=0))]
fn slot_rtp<'py>(
    py: Python<'py>,
    definition: &Bound<'py, PyAny>,
    mode: Option<&str>,
    max_combinations: u64,
    brute_force: bool,
    threads: usize,
) -> PyResult<Bound<'py, PyDict>> {
    let text = definition_text(definition)?;
    let value = py
        .detach(|| core::slot_rtp(&text, mode, max_combinations, brute_force, threads))
        .map_err(raise)?;
    let out = PyDict::new(py);
    for report in value["modes"].as_array().into_iter().flatten() {
        let name = report["mode"].as_str().unwrap_or_default().to_owned();
        out.set_item(
            name,
            SlotRtpReport {
                report: report.clone(),
            },
        )?;
    }
    Ok(out)
}

/// Practice play: a fresh server seed (its commitment public from the start), a client seed and
/// a nonce. `play` plays the round at the current nonce with the actions so far and moves the
/// nonce on when the round settles; `reveal` discloses the server seed and ends the session.
#[pyclass(module = "kingpin")]
struct PracticeSession {
    inner: core::Practice,
}

#[pymethods]
impl PracticeSession {
    /// A session with a fresh server seed; a fresh client seed unless one is given. Give
    /// `server_seed` (and optionally `nonce`) to replay a known session.
    #[new]
    #[pyo3(signature = (client_seed=None, *, server_seed=None, nonce=0))]
    fn new(client_seed: Option<&str>, server_seed: Option<&str>, nonce: u64) -> PyResult<Self> {
        let server = match server_seed {
            Some(s) => s.to_owned(),
            None => core::new_server_seed().map_err(raise)?,
        };
        let client = match client_seed {
            Some(c) => c.to_owned(),
            None => core::new_client_seed().map_err(raise)?,
        };
        let inner = core::Practice::from_seeds(&server, &client, nonce).map_err(raise)?;
        Ok(PracticeSession { inner })
    }
    /// The commitment to the session's server seed.
    #[getter]
    fn commitment(&self) -> String {
        self.inner.commitment()
    }
    /// The client seed.
    #[getter]
    fn client_seed(&self) -> String {
        self.inner.client_seed()
    }
    /// The nonce of the next (or current, unsettled) round.
    #[getter]
    fn nonce(&self) -> u64 {
        self.inner.nonce()
    }
    /// Whether the server seed has been revealed.
    #[getter]
    fn revealed(&self) -> bool {
        self.inner.is_revealed()
    }
    /// Play the round at the current nonce (see `verify` for the result).
    #[pyo3(signature = (game, bet, *, config=None, actions=None))]
    fn play<'py>(
        &mut self,
        py: Python<'py>,
        game: &str,
        bet: &Bound<'py, PyAny>,
        config: Option<&Bound<'py, PyAny>>,
        actions: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let round = self
            .inner
            .play(
                game,
                &json_text(config, "{}")?,
                &json_text(Some(bet), "{}")?,
                &json_text(actions, "[]")?,
            )
            .map_err(raise)?;
        to_py(py, &round)
    }
    /// End the session: `{"server_seed", "commitment", "client_seed", "next_nonce"}`.
    fn reveal<'py>(&mut self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let v = self.inner.reveal().map_err(raise)?;
        to_py(py, &v)
    }
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "PracticeSession(commitment={}, client_seed={}, nonce={}, revealed={})",
            py_repr(py, &self.inner.commitment())?,
            py_repr(py, &self.inner.client_seed())?,
            self.inner.nonce(),
            if self.inner.is_revealed() {
                "True"
            } else {
                "False"
            }
        ))
    }
}

/// Kingpin, a provably-fair casino engine: verify and play any game from its seeds, simulate,
/// exact RTP (slot reports per bet mode), seeds and commitments, crash chains, poker hands and
/// equity.
#[pymodule]
#[pyo3(name = "kingpin")]
fn kingpin_module(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("GAMES", core::games().to_vec())?;
    m.add("KingpinError", py.get_type::<KingpinError>())?;
    m.add("InvalidConfig", py.get_type::<InvalidConfig>())?;
    m.add("InvalidBet", py.get_type::<InvalidBet>())?;
    m.add("IllegalAction", py.get_type::<IllegalAction>())?;
    m.add("SeedError", py.get_type::<SeedError>())?;
    m.add("AmountError", py.get_type::<AmountError>())?;
    m.add("DecodeError", py.get_type::<DecodeError>())?;
    m.add("EntropyError", py.get_type::<EntropyError>())?;
    m.add("SessionRevealed", py.get_type::<SessionRevealed>())?;
    m.add_class::<SimStats>()?;
    m.add_class::<PracticeSession>()?;
    m.add_class::<slot_sim::SlotSimulation>()?;
    m.add_function(wrap_pyfunction!(slot_sim::simulate_slot, m)?)?;
    m.add_function(wrap_pyfunction!(slot_sim::merge_slot_simulations, m)?)?;
    m.add_class::<SlotRtpReport>()?;
    m.add_function(wrap_pyfunction!(games, m)?)?;
    m.add_function(wrap_pyfunction!(verify, m)?)?;
    // `play` is `verify`: a round from given seeds is the same computation either way.
    m.add("play", m.getattr("verify")?)?;
    m.add_function(wrap_pyfunction!(simulate, m)?)?;
    m.add_function(wrap_pyfunction!(exact_rtp, m)?)?;
    m.add_function(wrap_pyfunction!(exact_rtp_fraction, m)?)?;
    m.add_function(wrap_pyfunction!(default_config, m)?)?;
    m.add_function(wrap_pyfunction!(commitment, m)?)?;
    m.add_function(wrap_pyfunction!(verify_commitment, m)?)?;
    m.add_function(wrap_pyfunction!(new_server_seed, m)?)?;
    m.add_function(wrap_pyfunction!(new_client_seed, m)?)?;
    m.add_function(wrap_pyfunction!(crash_point, m)?)?;
    m.add_function(wrap_pyfunction!(crash_verify, m)?)?;
    m.add_function(wrap_pyfunction!(crash_chain, m)?)?;
    m.add_function(wrap_pyfunction!(evaluate_hand, m)?)?;
    m.add_function(wrap_pyfunction!(poker_equity, m)?)?;
    m.add_function(wrap_pyfunction!(verify_hand_deck, m)?)?;
    m.add_function(wrap_pyfunction!(load_slot, m)?)?;
    m.add_function(wrap_pyfunction!(slot_rtp, m)?)?;
    Ok(())
}
