"""Kingpin, a provably-fair casino engine.

Verify and play any game of the engine's catalog from its seeds, simulate, compute exact RTP
(with a per-mode report for slot definitions), make and check seed commitments, check crash hash
chains, rank poker hands and compute their equity, and recompute a hold'em hand's deck. The bindings hold no game logic:
every game the engine registers is reachable by name (see ``GAMES``).

JSON-shaped arguments (``config``, ``bet``, ``actions``) take dicts and lists, or JSON text.
"""

from fractions import Fraction
import os
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

__version__: str
GAMES: List[str]

JsonLike = Union[str, Dict[str, Any], List[Any]]
Round = Dict[str, Any]

class KingpinError(Exception):
    """Base class of every error raised by kingpin."""

class InvalidConfig(KingpinError):
    """A game configuration is invalid, or the game is unknown."""

class InvalidBet(KingpinError):
    """A bet (stake or parameters) is invalid for the game."""

class IllegalAction(KingpinError):
    """An action is not legal in the round's state."""

class SeedError(KingpinError):
    """A seed, commitment or hash is empty, too long or malformed."""

class AmountError(KingpinError):
    """An amount or multiplier is malformed, or a payout overflowed."""

class DecodeError(KingpinError):
    """JSON input could not be read as the game expects."""

class EntropyError(KingpinError):
    """The operating system gave no randomness for a fresh seed."""

class SessionRevealed(KingpinError):
    """A practice session was used after its server seed was revealed."""

def games() -> List[str]:
    """Names of every game in the engine's catalog."""

def verify(
    game: str,
    bet: JsonLike,
    server_seed: str,
    client_seed: str,
    nonce: int,
    *,
    config: Optional[JsonLike] = None,
    actions: Optional[JsonLike] = None,
) -> Round:
    """Replay one round from its seeds: start with ``bet``, then each action in order.

    Returns ``{"game", "commitment", "client_seed", "nonce", "profile", "steps", "final",
    "bytes_used"}``; ``final["status"]`` is ``"settled"`` (with ``outcome``, ``total_stake``,
    ``payout``) or ``"in_progress"`` (with ``state``).
    """

def play(
    game: str,
    bet: JsonLike,
    server_seed: str,
    client_seed: str,
    nonce: int,
    *,
    config: Optional[JsonLike] = None,
    actions: Optional[JsonLike] = None,
) -> Round:
    """Play one round from given seeds (the same computation as :func:`verify`)."""

def exact_rtp(game: str, bet: JsonLike, *, config: Optional[JsonLike] = None) -> Optional[float]:
    """The exact RTP of a bet, or ``None`` for a game without a closed form."""

def exact_rtp_fraction(
    game: str, bet: JsonLike, *, config: Optional[JsonLike] = None
) -> Optional[Fraction]:
    """The exact RTP of a bet as a fraction, or ``None`` for a game without a closed form."""

def default_config(game: str) -> Dict[str, Any]:
    """The default configuration of a game."""

class SimStats:
    """Statistics of a simulation (exact integer sums plus derived floats)."""

    @property
    def game(self) -> str: ...
    @property
    def seed(self) -> int: ...
    @property
    def rounds(self) -> int: ...
    @property
    def rtp(self) -> float:
        """Measured return to player: total payout / total stake."""
    @property
    def rtp_ci95(self) -> Tuple[float, float]:
        """95 % confidence interval of the RTP."""
    @property
    def exact_rtp(self) -> Optional[float]: ...
    @property
    def hit_frequency(self) -> float: ...
    @property
    def std_dev(self) -> float:
        """Standard deviation of one round's return, in units of its stake."""
    @property
    def max_win_multiple(self) -> float: ...
    @property
    def hits(self) -> int: ...
    @property
    def losses(self) -> int: ...
    @property
    def total_stake(self) -> int: ...
    @property
    def total_payout(self) -> int: ...
    @property
    def win_bucket_edges(self) -> List[int]:
        """Bucket ``i`` counts wins with ``payout / stake < edges[i]``; the last bucket the rest."""
    @property
    def win_distribution(self) -> Any:
        """Win counts per bucket: ``numpy.ndarray`` (uint64) if NumPy is installed, else a list."""
    def to_dict(self) -> Dict[str, Any]:
        """The whole report, as ``kingpin simulate --json`` prints it."""

def simulate(
    game: str,
    bet: JsonLike,
    rounds: int,
    *,
    config: Optional[JsonLike] = None,
    seed: int = 0,
    threads: int = 0,
) -> SimStats:
    """Simulate ``rounds`` rounds with the game's default bot; releases the GIL.

    Reproducible from ``seed`` whatever ``threads`` is (0 = one per core).
    """

def commitment(server_seed: str) -> str:
    """SHA-256 of the server seed's UTF-8 bytes, 64 lowercase hex digits."""

def verify_commitment(server_seed: str, commitment: str) -> bool:
    """Whether a revealed server seed matches a published commitment."""

def new_server_seed() -> str:
    """A fresh server seed: 64 hex digits from 32 bytes of OS entropy."""

def new_client_seed() -> str:
    """A fresh client seed: 32 hex digits from 16 bytes of OS entropy."""

def crash_point(game_hash: str, salt: str, edge: str = "0.01", formula: str = "int32") -> str:
    """The crash point of a game hash, in hundredths (``"1.98"``); formula ``int32`` or ``float52``."""

def crash_verify(
    game_hash: str,
    terminating_hash: str,
    salt: str,
    edge: str = "0.01",
    formula: str = "int32",
    max_steps: int = 10_000_000,
) -> Dict[str, Any]:
    """``{"game_number": int | None, "crash_point": str}`` for a revealed game hash."""

def crash_chain(seed_hash: str, length: int) -> List[str]:
    """A chain of ``length`` links below ``seed_hash``; element 0 is the terminating hash."""

def evaluate_hand(cards: str) -> Dict[str, Any]:
    """Rank 5-7 poker cards (``"Ah Kh Qh Jh Th"``): ``{"rank", "category", "description"}``; greater rank is stronger."""

def poker_equity(
    holes: Sequence[str],
    board: str = "",
    dead: str = "",
    *,
    trials: Optional[int] = None,
    seed: int = 0,
) -> Dict[str, Any]:
    """Hold'em equity of 2-10 hands (``["Ah Ad", "Kh Kd"]``) given ``board`` and ``dead`` cards.

    ``trials=None`` enumerates every completion of the board (exact); an int runs that many
    Monte Carlo trials (1 to 10,000,000), reproducibly from ``seed``. Releases the GIL.
    Returns ``{"boards", "exact", "players": [{"wins", "ties", "equity", "share_2520"}]}``,
    players in the order given; a tie among k players is worth 1/k of the pot. Raises
    ``InvalidBet`` for bad or repeated cards, a wrong player count or trial count.
    """

def verify_hand_deck(
    server_seed: str,
    client_seeds: Union[Mapping[int, str], Iterable[Tuple[int, str]]],
    nonce: int,
) -> Dict[str, Any]:
    """Recompute a hold'em hand's 52-card deck (docs/fairness.md, section 10.5).

    ``client_seeds`` gives the client seed of every occupied seat, ``{0: "alice", 3: "bob"}``
    or ``[(0, "alice"), (3, "bob")]`` (seats 0-255, 1-10 of them, in any order); ``nonce`` is
    the table's hand number. Returns ``{"deck": ["Td", ...52 cards, front first],
    "combined_client_seed": <64 hex>, "commitment": <SHA-256 of the server seed>}``. Raises
    ``InvalidBet`` for a seat out of range, given twice, or a wrong number of seeds,
    ``SeedError`` for an empty or malformed seed (the message names the seat) and
    ``DecodeError`` for an element that is not a (seat, seed) pair.
    """

SlotDefinitionLike = Union[str, Dict[str, Any], "os.PathLike[str]"]

def load_slot(definition: SlotDefinitionLike) -> Dict[str, Any]:
    """Load and validate a slot definition: a dict, JSON text, or a JSON file's path.

    Returns ``{"name", "bet_modes", "combinations", "definition"}`` (``combinations``: stop
    combinations a brute force of each mode enumerates; ``definition``: defaults filled in,
    usable as the ``slot`` game's ``config``). Raises ``InvalidConfig`` listing every problem.
    """

class SlotRtpReport:
    """The exact RTP report of one bet mode of a slot definition."""

    @property
    def mode(self) -> str: ...
    @property
    def method(self) -> str:
        """``"closed form"``, ``"brute force"`` or ``"closed form, confirmed by brute force"``."""
    @property
    def exact(self) -> bool:
        """Whether ``rtp`` is exactly the RTP (False: an upper bound or none; see ``notes``)."""
    @property
    def rtp(self) -> Optional[float]:
        """Total win / cost; None where no exact method applies (simulate instead)."""
    @property
    def rtp_fraction(self) -> Optional[str]:
        """The RTP as an exact fraction ``"n/d"``."""
    @property
    def base_rtp(self) -> Optional[float]: ...
    @property
    def feature_rtp(self) -> Optional[float]: ...
    @property
    def feature_probability(self) -> Optional[float]: ...
    @property
    def free_spins_per_round(self) -> Optional[float]: ...
    @property
    def std_dev(self) -> Optional[float]:
        """Standard deviation of a round's return per unit of cost, where computable."""
    @property
    def top_base_win(self) -> Optional[float]:
        """The largest base-spin win over every stop combination, × cost (brute force only;
        None with random wild multipliers, for a bonus buy, or above the win cap)."""
    @property
    def top_base_probability(self) -> Optional[float]:
        """The exact probability that a base spin pays ``top_base_win``."""
    @property
    def top_base_probability_fraction(self) -> Optional[str]:
        """The same probability as an exact fraction ``"n/d"``."""
    @property
    def combinations(self) -> int:
        """Stop combinations evaluated by brute force (0 for the closed form alone)."""
    @property
    def notes(self) -> List[str]: ...
    def to_dict(self) -> Dict[str, Any]: ...

def slot_rtp(
    definition: SlotDefinitionLike,
    mode: Optional[str] = None,
    *,
    max_combinations: int = 10_000_000,
    brute_force: bool = False,
    threads: int = 0,
) -> Dict[str, SlotRtpReport]:
    """Exact RTP report per bet mode (every mode, or only ``mode``) of a slot definition.

    The closed form, confirmed or completed by brute force (every stop combination on
    ``threads`` threads, 0 = all cores) when that takes at most ``max_combinations``
    evaluations (0: closed form only), or always with ``brute_force=True`` (the top base
    award's exact odds, ``top_base_win`` / ``top_base_probability``, whatever the count).
    Releases the GIL.
    """

class PracticeSession:
    """Practice play: local seeds, rounds through the catalog, the seed revealed at the end."""

    def __init__(
        self,
        client_seed: Optional[str] = None,
        *,
        server_seed: Optional[str] = None,
        nonce: int = 0,
    ) -> None: ...
    @property
    def commitment(self) -> str: ...
    @property
    def client_seed(self) -> str: ...
    @property
    def nonce(self) -> int: ...
    @property
    def revealed(self) -> bool: ...
    def play(
        self,
        game: str,
        bet: JsonLike,
        *,
        config: Optional[JsonLike] = None,
        actions: Optional[JsonLike] = None,
    ) -> Round:
        """Play the round at the current nonce; the nonce moves on when it settles."""
    def reveal(self) -> Dict[str, Any]:
        """End the session: ``{"server_seed", "commitment", "client_seed", "next_nonce"}``."""

class SlotSimulation:
    """A slot simulation, or shards of one merged: identity, exact statistics, every figure.

    Picklable (send it back from Ray / multiprocessing workers) and mergeable with
    :func:`merge_slot_simulations`.
    """

    @staticmethod
    def from_json(text: str) -> "SlotSimulation":
        """Rebuild from :meth:`to_json` text (validated; the report is recomputed)."""
    @property
    def game(self) -> str: ...
    @property
    def mode(self) -> str: ...
    @property
    def seed(self) -> int: ...
    @property
    def rounds(self) -> int:
        """Rounds in this document's shards."""
    @property
    def shards(self) -> List[int]: ...
    @property
    def shard_count(self) -> int: ...
    @property
    def complete(self) -> bool:
        """Whether every shard of the run is here."""
    @property
    def rtp(self) -> float: ...
    @property
    def rtp_ci95(self) -> Tuple[float, float]: ...
    @property
    def exact_rtp(self) -> Optional[float]: ...
    @property
    def report(self) -> Dict[str, Any]:
        """Base/feature split, frequencies, volatility index, per-symbol RTP, a player's RTP
        spread after 10^3..10^7 rounds, the exact-RTP check at 99 %, top awards with odds,
        the histogram (docs/slots.md, "Simulating a slot")."""
    @property
    def stats(self) -> Dict[str, Any]:
        """The exact integer statistics."""
    @property
    def histogram(self) -> Any:
        """Rounds by win ÷ cost, 1/5-decade bins: ``numpy.ndarray[uint64]`` (a list without NumPy)."""
    @property
    def histogram_edges(self) -> Any:
        """Bin edges in multiples of the cost (``numpy.ndarray[float64]`` or a list)."""
    def to_dict(self) -> Dict[str, Any]: ...
    def to_json(self) -> str:
        """The document as JSON text (what ``kingpin merge`` reads)."""

def simulate_slot(
    definition: SlotDefinitionLike,
    rounds: int,
    *,
    mode: str = "base",
    stake: int = 100,
    seed: int = 0,
    threads: int = 0,
    shard: Optional[Tuple[int, int]] = None,
    symbols: bool = True,
) -> SlotSimulation:
    """Simulate a slot definition; releases the GIL. ``shard=(i, n)`` plays shard ``i`` of
    ``n`` of the seeded run; the ``n`` shards merge to exactly the whole run."""

def merge_slot_simulations(
    simulations: Sequence[Union[SlotSimulation, JsonLike]], *, partial: bool = False
) -> SlotSimulation:
    """Merge shards of one run exactly; every shard must be present unless ``partial``."""
