#!/usr/bin/env python3
"""Independent verifier of Kingpin's provably-fair rounds.

Written from the specification in ``docs/fairness.md`` (section numbers below refer to it),
not from the Rust code, and using only the Python 3 standard library, so that anyone can read
it, run it, and check that the house did not cheat.

Command line (every command prints one JSON object):

    python3 tools/verify.py commitment --server-seed "server seed"
    python3 tools/verify.py commitment --server-seed "server seed" --commitment a4e5...
    python3 tools/verify.py bytes --server-seed S --client-seed C --nonce 1 --count 32
    python3 tools/verify.py index --server-seed S --client-seed C --nonce 1 --n 37 \\
        --profile stake-compatible --count 1
    python3 tools/verify.py float --server-seed S --client-seed C --nonce 0 --count 8
    python3 tools/verify.py shuffle --server-seed S --client-seed C --nonce 1 --len 52
    python3 tools/verify.py deal --server-seed S --client-seed C --nonce 1 --decks 6 --cards 6
    python3 tools/verify.py pick --server-seed S --client-seed C --nonce 1 --len 40 --picks 10
    python3 tools/verify.py weighted --server-seed S --client-seed C --nonce 1 --weights 1,2,3
    python3 tools/verify.py chance --server-seed S --client-seed C --nonce 1 --numerator 1 \\
        --denominator 3
    python3 tools/verify.py dice --server-seed S --client-seed C --nonce 1 --target 50 \\
        --condition over --stake 100
    python3 tools/verify.py crash --game-hash HEX --salt SALT --house-edge 0.01 \\
        --formula int32
    python3 tools/verify.py chain --seed-hash HEX --length 10
    python3 tools/verify.py chain-verify --game-hash HEX --terminating HEX --max-steps 1000

Games, from the catalog's JSON (``--config`` is the game's configuration, ``{}`` for the
defaults, or @FILE; plinko, keno and wheel need their ``tables``, printed by ``kingpin games``):

    python3 tools/verify.py roulette --server-seed S --client-seed C --nonce 1 \
        --config '{"wheel": "french"}' \
        --bet '{"stake": 100, "params": {"bets": [{"bet": {"type": "red"}, "stake": 100}]}}'
    python3 tools/verify.py baccarat --server-seed S --client-seed C --nonce 1 \
        --bet '{"stake": 100, "params": {"banker": 100}}'
    python3 tools/verify.py plinko --server-seed S --client-seed C --nonce 1 --config @plinko.json \
        --bet '{"stake": 100, "params": {"rows": 16, "risk": "high"}}'
    python3 tools/verify.py keno ... --bet '{"stake": 100, "params": {"picks": [3, 17], "risk": "low"}}'
    python3 tools/verify.py wheel ... --bet '{"stake": 100, "params": {"segments": 30, "risk": "medium"}}'
    python3 tools/verify.py limbo ... --bet '{"stake": 100, "params": {"target": 200}}'
    python3 tools/verify.py mines ... --bet '{"stake": 100, "params": {"mines": 3}}' \
        --actions '[{"action": "reveal", "tile": 7}, {"action": "cash_out"}]'
    python3 tools/verify.py blackjack ... --config '{"decks": 6, "dealer_hits_soft_17": true}' \
        --bet '{"stake": 100, "params": {}}' --actions '["split", "stand", "double"]'
    python3 tools/verify.py crash-game ... --bet '{"stake": 100, "params": {"target": 200}}' \
        --actions '[{"action": "finish"}]'
    python3 tools/verify.py slot ... --config @games/reference/sizzling_hot.json \
        --bet '{"stake": 100, "params": {"mode": "base"}}'
    python3 tools/verify.py holdem-deck --server-seed S --seat 0=alice --seat 3=bob --hand-no 1

Batch mode (used by the Rust test suite to cross-check this verifier against the engine):

    python3 tools/verify.py --batch < cases.jsonl > results.jsonl

Each input line is a JSON object ``{"id": ..., "op": ..., ...arguments}`` where ``op`` is one
of the command names above (with ``_`` for ``-``) and the arguments use the long option names
with ``_``; ``source_hex`` (explicit bytes) or ``chacha8_seed``/``chacha8_stream`` (the
simulation generator, section 9) replace the seeds for the sampler commands; each output line is ``{"id": ..., "result": {...}}`` or ``{"id": ..., "error":
"..."}``, in input order.

Exit status: 0 on success (also when a commitment does not match: read ``"valid"``), 2 for bad
input.
"""

import argparse
import hashlib
import hmac
import json
import math
import struct
import sys
import unicodedata
from fractions import Fraction

# --- 1. Seeds (docs/fairness.md, "Seeds") --------------------------------------------------

SERVER_SEED_MAX_BYTES = 1024
CLIENT_SEED_MAX_BYTES = 256


class VerifyError(ValueError):
    """Bad input: the message says what and why."""


def check_seed(text, what, max_bytes):
    """A seed is 1..max_bytes bytes of UTF-8 text without control characters (category Cc)."""
    if not isinstance(text, str):
        raise VerifyError(f"{what} must be a string")
    size = len(text.encode("utf-8"))
    if size == 0:
        raise VerifyError(f"{what} is empty")
    if size > max_bytes:
        raise VerifyError(f"{what} is {size} bytes long, at most {max_bytes} are allowed")
    if any(unicodedata.category(ch) == "Cc" for ch in text):
        raise VerifyError(f"{what} contains a control character")
    return text


def check_nonce(nonce):
    if isinstance(nonce, bool) or not isinstance(nonce, int) or not 0 <= nonce < 2**64:
        raise VerifyError(f"nonce {nonce!r} is not an integer in 0..2^64-1")
    return nonce


# --- 2. Commitment ---------------------------------------------------------------------------


def commitment(server_seed):
    """Lowercase hex SHA-256 of the server seed's UTF-8 bytes."""
    check_seed(server_seed, "server seed", SERVER_SEED_MAX_BYTES)
    return hashlib.sha256(server_seed.encode("utf-8")).hexdigest()


def parse_hex32(text, what):
    """64 hex digits (either case, surrounding whitespace ignored) -> 32 bytes."""
    t = text.strip()
    if len(t) != 64:
        raise VerifyError(f"invalid hex {what}: expected 64 hex digits")
    try:
        return bytes.fromhex(t)
    except ValueError:
        raise VerifyError(f"invalid hex {what}: not a hex digit") from None


def verify_commitment(server_seed, shown):
    return commitment(server_seed) == parse_hex32(shown, "commitment").hex()


# --- 3. The byte stream ----------------------------------------------------------------------


class Stream:
    """Round r = HMAC_SHA256(key = server seed, msg = "{client_seed}:{nonce}:{r}"), read
    through a cursor that runs on from one 32-byte round into the next."""

    def __init__(self, server_seed, client_seed, nonce, position=0):
        check_seed(server_seed, "server seed", SERVER_SEED_MAX_BYTES)
        check_seed(client_seed, "client seed", CLIENT_SEED_MAX_BYTES)
        check_nonce(nonce)
        self.key = server_seed.encode("utf-8")
        self.prefix = f"{client_seed}:{nonce}:".encode("utf-8")
        self.position = position
        self._round = None
        self._buf = b""

    def round_bytes(self, r):
        return hmac.new(self.key, self.prefix + str(r).encode("ascii"), hashlib.sha256).digest()

    def read(self, k):
        out = bytearray()
        while len(out) < k:
            r, offset = divmod(self.position, 32)
            if r != self._round:
                self._round, self._buf = r, self.round_bytes(r)
            take = min(32 - offset, k - len(out))
            out += self._buf[offset : offset + take]
            self.position += take
        return bytes(out)

    def next_u32(self):
        return int.from_bytes(self.read(4), "big")

    def next_u64(self):
        return int.from_bytes(self.read(8), "big")


class FixedBytes:
    """A byte source given explicitly (hex), to test the samplers on chosen words (e.g. the
    rejection branch of the unbiased profile, which a real stream almost never takes)."""

    def __init__(self, data):
        self.data = data
        self.position = 0

    def read(self, k):
        if self.position + k > len(self.data):
            raise VerifyError("the given source bytes ran out")
        out = self.data[self.position : self.position + k]
        self.position += k
        return out

    next_u32 = Stream.next_u32
    next_u64 = Stream.next_u64


class ChaCha8:
    """The simulation generator of docs/fairness.md section 9 (NOT provably fair; for replaying
    simulations): ChaCha with 8 rounds, keyed by rand_core's PCG32 expansion of a u64 seed, with
    a 64-bit block counter (words 12-13) from 0 and the stream number in words 14-15. 32-bit
    words are the keystream's little-endian words in order; a 64-bit word is two of them, the
    first as the low half."""

    MASK = 0xFFFFFFFF

    def __init__(self, seed, stream):
        if not (isinstance(seed, int) and isinstance(stream, int) and 0 <= seed < 2**64
                and 0 <= stream < 2**64):
            raise VerifyError("chacha8 seed and stream must be integers in 0..2^64-1")
        state, key = seed, []
        for _ in range(8):
            state = (state * 6364136223846793005 + 11634580027462260723) % 2**64
            xorshifted = (((state >> 18) ^ state) >> 27) & self.MASK
            rot = state >> 59
            key.append(((xorshifted >> rot) | (xorshifted << (32 - rot))) & self.MASK)
        self.key, self.stream, self.block, self.words = key, stream, 0, []
        self.position = None  # a simulation source has no replayable byte cursor

    def _refill(self):
        m = self.MASK
        init = [0x61707865, 0x3320646E, 0x79622D32, 0x6B206574, *self.key,
                self.block & m, self.block >> 32, self.stream & m, self.stream >> 32]
        x = list(init)

        def qr(a, b, c, d):
            for (p, q, r, k) in ((a, b, d, 16), (c, d, b, 12), (a, b, d, 8), (c, d, b, 7)):
                x[p] = (x[p] + x[q]) & m
                x[r] ^= x[p]
                x[r] = ((x[r] << k) | (x[r] >> (32 - k))) & m

        for _ in range(4):  # 4 double rounds = 8 rounds
            qr(0, 4, 8, 12), qr(1, 5, 9, 13), qr(2, 6, 10, 14), qr(3, 7, 11, 15)
            qr(0, 5, 10, 15), qr(1, 6, 11, 12), qr(2, 7, 8, 13), qr(3, 4, 9, 14)
        self.words += [(a + b) & m for a, b in zip(x, init)]
        self.block = (self.block + 1) % 2**64

    def next_u32(self):
        if not self.words:
            self._refill()
        return self.words.pop(0)

    def next_u64(self):
        low = self.next_u32()
        return (self.next_u32() << 32) | low


# --- 4. Samplers -----------------------------------------------------------------------------

STAKE = "stake-compatible"
UNBIASED = "unbiased"
PROFILES = (STAKE, UNBIASED)
UNBIASED_MAX_DRAWS = 4
U32_MAX = 2**32 - 1


class Sampler:
    def __init__(self, stream, profile):
        if profile not in PROFILES:
            raise VerifyError(f"unknown profile {profile!r}: expected one of {PROFILES}")
        self.stream = stream
        self.profile = profile

    def index_below(self, n):
        if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= U32_MAX:
            raise VerifyError(f"cannot draw an index below {n!r}: need 1 <= n <= 2^32-1")
        if self.profile == STAKE:
            f = self.stream.next_u32() / 2**32  # exact in a double
            return int(f * n)  # one IEEE-754 double multiplication, then floor
        reject_below = 2**64 % n
        v = self.stream.next_u64()
        draws = 1
        while v < reject_below and draws < UNBIASED_MAX_DRAWS:
            v = self.stream.next_u64()
            draws += 1
        return v % n

    def float(self):
        if self.profile == STAKE:
            return self.stream.next_u32() / 2**32
        return (self.stream.next_u64() >> 11) / 2**53

    def chance(self, numerator, denominator):
        return self.index_below(denominator) < numerator

    def shuffle_step(self, items, i):
        j = i + self.index_below(len(items) - i)
        items[i], items[j] = items[j], items[i]
        return items[i]

    def shuffle(self, items):
        for i in range(len(items) - 1):
            self.shuffle_step(items, i)
        return items

    def pick_and_remove(self, items):
        if not items:
            raise VerifyError("cannot pick from an empty list")
        return items.pop(self.index_below(len(items)))

    def weighted_index(self, weights):
        if any(isinstance(w, bool) or not isinstance(w, int) or not 0 <= w <= U32_MAX for w in weights):
            raise VerifyError("weights must be integers in 0..2^32-1")
        total = sum(weights)
        if not 0 < total <= U32_MAX:
            raise VerifyError(f"weights sum to {total}: need 1..2^32-1")
        x = self.index_below(total)
        for i, w in enumerate(weights):
            if x < w:
                return i
            x -= w
        raise AssertionError("unreachable: x < total")


def sampler_from(args):
    """A sampler over the bet's stream, or over explicit bytes if `source_hex` is given."""
    if args.get("chacha8_seed") is not None:
        source = ChaCha8(args["chacha8_seed"], args.get("chacha8_stream", 0))
        return Sampler(source, args.get("profile", UNBIASED))
    if args.get("source_hex") is not None:
        try:
            data = bytes.fromhex(args["source_hex"])
        except ValueError:
            raise VerifyError("source_hex is not hex") from None
        return Sampler(FixedBytes(data), args.get("profile", UNBIASED))
    stream = Stream(args["server_seed"], args["client_seed"], args["nonce"], args.get("position", 0))
    return Sampler(stream, args.get("profile", UNBIASED))


# --- 5. Cards (lazily dealt shoe) ------------------------------------------------------------

RANKS = "23456789TJQKA"
SUITS = "cdhs"


def card_name(index):
    return RANKS[index % 13] + SUITS[index // 13]


def deal(sampler, decks, cards):
    """Deal `cards` cards from a shoe of `decks` decks (0 = infinite deck)."""
    if decks == 0:
        return [card_name(sampler.index_below(52)) for _ in range(cards)]
    if not 1 <= decks <= 8:
        raise VerifyError(f"{decks} decks; allowed 1-8 or 0 for an infinite deck")
    shoe = [c for _ in range(decks) for c in range(52)]
    if cards > len(shoe):
        raise VerifyError("the shoe is empty")
    return [card_name(sampler.shuffle_step(shoe, i)) for i in range(cards)]


# --- 6. Money and multipliers ----------------------------------------------------------------


def parse_fraction(text, what):
    """A non-negative exact number: "0.01", "1/100", "2" (an int is accepted too)."""
    if isinstance(text, bool):
        raise VerifyError(f"{what}: not a number")
    if isinstance(text, int):
        value = Fraction(text)
    elif isinstance(text, float):
        # A JSON number with a fraction means what its author wrote: its shortest round-trip
        # decimal text (0.1 is 1/10), as the engine reads it.
        if not math.isfinite(text):
            raise VerifyError(f"{what}: {text!r} is not a number")
        value = Fraction(repr(text))
    elif isinstance(text, str):
        try:
            value = Fraction(text.strip().rstrip("x"))
        except (ValueError, ZeroDivisionError):
            raise VerifyError(f"{what}: {text!r} is not a number such as 0.01 or 1/100") from None
    else:
        raise VerifyError(f"{what}: give exact numbers as strings, such as \"0.01\"")
    if value < 0:
        raise VerifyError(f"{what}: {text!r} is negative")
    return value


def fmt_exact(q):
    """A Fraction as a minimal decimal if it has a finite one, else "num/den"."""
    den = q.denominator
    twos = fives = 0
    while den % 2 == 0:
        den //= 2
        twos += 1
    while den % 5 == 0:
        den //= 5
        fives += 1
    if den != 1:
        return f"{q.numerator}/{q.denominator}"
    places = max(twos, fives)
    scaled = q.numerator * 10**places // q.denominator
    if places == 0:
        return str(scaled)
    whole, frac = divmod(scaled, 10**places)
    return f"{whole}.{frac:0{places}d}".rstrip("0").rstrip(".")


def fmt_hundredths(h):
    return f"{h // 100}.{h % 100:02d}"


def parse_hundredths(text, what):
    t = str(text).strip()
    whole, _, frac = t.partition(".")
    if (not whole and not frac) or len(frac) > 2 or len(whole) > 6 or not (whole + frac).isdigit() \
            or not (whole + frac).isascii():
        raise VerifyError(f"{what}: {text!r} is not a number with at most 2 decimals")
    return int(whole or "0") * 100 + int((frac + "00")[:2])


# --- 7. Games --------------------------------------------------------------------------------

DICE_OUTCOMES = 10_001


def dice(args):
    """Dice (docs/fairness.md, "Games / dice")."""
    edge = parse_fraction(args.get("house_edge", "0.01"), "house_edge")
    if edge >= 1:
        raise VerifyError("house_edge must be below 1")
    min_chance = parse_hundredths(args.get("min_chance", "0.01"), "min_chance")
    max_chance = parse_hundredths(args.get("max_chance", "98"), "max_chance")
    if not 1 <= min_chance <= max_chance <= 9999:
        raise VerifyError("need 0.01 <= min_chance <= max_chance <= 99.99")
    target = parse_hundredths(args["target"], "target")
    condition = args["condition"]
    if condition not in ("over", "under"):
        raise VerifyError(f"condition {condition!r} is not over or under")
    if target > 10_000:
        raise VerifyError("target is above 100.00")
    winning = target if condition == "under" else max(0, 10_000 - target)
    if not min_chance <= winning <= max_chance:
        raise VerifyError(f"win chance {fmt_hundredths(winning)}% is outside the allowed range")
    stake = args["stake"]
    if isinstance(stake, bool) or not isinstance(stake, int) or not 0 <= stake < 2**64:
        raise VerifyError("stake must be an integer number of minor units")
    # (1 - edge) * 10000 / winning, rounded down to 4 decimals.
    multiplier = Fraction(((1 - edge) * 10_000 * 10_000 / winning).__floor__(), 10_000)
    sampler = sampler_from({**args, "profile": args.get("profile", STAKE)})
    roll = sampler.index_below(DICE_OUTCOMES)
    win = roll < target if condition == "under" else roll > target
    payout = (stake * multiplier).__floor__() if win else 0
    if payout >= 2**64:
        raise VerifyError("payout overflows")
    return {
        "roll": fmt_hundredths(roll),
        "win": win,
        "multiplier": fmt_exact(multiplier),
        "multiplier_ratio": [multiplier.numerator, multiplier.denominator],
        "payout": payout,
        "rtp": fmt_exact(Fraction(winning, DICE_OUTCOMES) * multiplier),
        "position": sampler.stream.position,
    }


# --- 8. Crash --------------------------------------------------------------------------------

CHAIN_MAX = 100_000_000


def previous_link(h):
    """The link below `h` (32 bytes): SHA-256 of its 64 lowercase hex digits."""
    return hashlib.sha256(h.hex().encode("ascii")).digest()


def build_chain(seed_hash, length):
    if not 1 <= length <= CHAIN_MAX:
        raise VerifyError(f"chain length {length} is out of range (1..={CHAIN_MAX})")
    chain = [seed_hash]
    for _ in range(length):
        chain.append(previous_link(chain[-1]))
    chain.reverse()
    return chain


def verify_chain(game_hash, terminating, max_steps):
    if not 1 <= max_steps <= CHAIN_MAX:
        raise VerifyError(f"chain length {max_steps} is out of range (1..={CHAIN_MAX})")
    h = game_hash
    for k in range(1, max_steps + 1):
        h = previous_link(h)
        if h == terminating:
            return k
    return None


def crash_hundredths(game_hash, salt, edge, formula):
    if edge >= 1:
        raise VerifyError("house edge must be at least 0 and below 1")
    mac = hmac.new(game_hash.hex().encode("ascii"), salt.encode("utf-8"), hashlib.sha256).digest()
    if formula == "int32":
        value = int.from_bytes(mac[:4], "big")
        exact = Fraction(100 * 2**32) * (1 - edge) / (value + 1)
    elif formula == "float52":
        x = Fraction(int.from_bytes(mac[:8], "big") >> 12, 2**52)
        exact = 100 * (1 - edge) / (1 - x)
    else:
        raise VerifyError(f"unknown formula {formula!r}: expected int32 or float52")
    return max(100, exact.__floor__())


# --- 9. Table and instant games (docs/fairness.md §10.2, docs/games/*.md) ---------------------
#
# Every game takes the catalog's JSON: ``config`` (the game's configuration object; the table
# games need their ``tables``, as printed by the catalog's default config, since operators change
# them) and ``bet`` (``{"stake": ..., "params": {...}}``), plus the seeds. The result has the
# fields of the catalog's settled step: ``outcome`` (the same fields as the Rust outcome),
# ``payout``, ``total_stake``, and ``bytes_used`` (the stream cursor at the end).

U64_MAX = 2**64 - 1


def as_object(value, what):
    """A JSON object given as a dict or as JSON text ("" and None mean {})."""
    if value is None or value == "":
        return {}
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError as e:
            raise VerifyError(f"{what}: not JSON ({e})") from None
    if not isinstance(value, dict):
        raise VerifyError(f"{what}: expected a JSON object")
    return value


def check_fields(obj, allowed, what):
    extra = sorted(set(obj) - set(allowed))
    if extra:
        raise VerifyError(f"{what}: unknown field {extra[0]!r}")


def amount(value, what):
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= U64_MAX:
        raise VerifyError(f"{what}: {value!r} is not an amount in minor units (0..2^64-1)")
    return value


def small_int(value, what, lo, hi):
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise VerifyError(f"{what}: {value!r} is not an integer in {lo}..{hi}")
    return value


def pay(stake, multiplier, what="payout"):
    """floor(stake × multiplier), which must fit in 64 bits."""
    p = (stake * multiplier).__floor__()
    if p > U64_MAX:
        raise VerifyError(f"{what} overflows")
    return p


def profile_of(config, default):
    p = config.get("profile", default)
    if p not in PROFILES:
        raise VerifyError(f"config.profile: unknown profile {p!r}")
    return p


def game_sampler(args, profile):
    return sampler_from({**args, "profile": profile, "source_hex": None, "chacha8_seed": None})


def edge_of(config, default="0.01"):
    e = parse_fraction(config.get("house_edge", default), "config.house_edge")
    if e >= 1:
        raise VerifyError("config.house_edge must be below 1")
    return e


def bet_of(args, params_fields):
    bet = as_object(args.get("bet"), "bet")
    check_fields(bet, ("stake", "params"), "bet")
    stake = amount(bet.get("stake", None), "bet.stake")
    params = as_object(bet.get("params"), "bet.params")
    if params_fields is not None:
        check_fields(params, params_fields, "bet.params")
    return stake, params


def settled(outcome, stake, payout, sampler):
    return {"status": "settled", "outcome": outcome, "total_stake": stake, "payout": payout,
            "bytes_used": sampler.stream.position}


def table_of(config, key_fields, key, what, size_of, check_key):
    """The configured table for `key` (e.g. rows and risk), with its multipliers as Fractions.
    Every table is checked (`check_key` checks a table's key fields), as the engine checks the
    whole configuration before any bet."""
    tables = config.get("tables")
    if not isinstance(tables, list):
        raise VerifyError(f"config.tables: give the {what} tables (the catalog's default config "
                          "lists the shipped ones)")
    found = None
    for i, t in enumerate(tables):
        t = as_object(t, f"config.tables[{i}]")
        check_fields(t, (*key_fields, "multipliers"), f"config.tables[{i}]")
        check_key(t, f"config.tables[{i}]")
        ms = t.get("multipliers")
        if not isinstance(ms, list) or len(ms) != size_of(t):
            raise VerifyError(f"config.tables[{i}].multipliers: need {size_of(t)} multipliers")
        ms = [parse_fraction(m, f"config.tables[{i}].multipliers[{j}]") for j, m in enumerate(ms)]
        if any(m > 1_000_000 for m in ms):
            raise VerifyError(f"config.tables[{i}]: a multiplier is above 1,000,000")
        if tuple(t.get(k) for k in key_fields) == key:
            if found is not None:
                raise VerifyError(f"config.tables[{i}]: a second table for {key}")
            found = ms
    if found is None:
        raise VerifyError(f"no {what} table for {key}")
    return found


# Roulette ---------------------------------------------------------------------------------------

ROULETTE_RED = {1, 3, 5, 7, 9, 12, 14, 16, 18, 19, 21, 23, 25, 27, 30, 32, 34, 36}
DOUBLE_ZERO = 37
WHEEL_ORDER = [0, 32, 15, 19, 4, 21, 2, 25, 17, 34, 6, 27, 13, 36, 11, 30, 8, 23, 10, 5, 24, 16,
               33, 1, 20, 14, 31, 9, 22, 18, 29, 7, 28, 12, 35, 3, 26]
CALL_BETS = {  # components: (covered numbers, odds to one, pieces); total pieces
    "voisins": ([({0, 2, 3}, 11, 2), ({4, 7}, 17, 1), ({12, 15}, 17, 1), ({18, 21}, 17, 1),
                 ({19, 22}, 17, 1), ({32, 35}, 17, 1), ({25, 26, 28, 29}, 8, 2)], 9),
    "tiers": ([({5, 8}, 17, 1), ({10, 11}, 17, 1), ({13, 16}, 17, 1), ({23, 24}, 17, 1),
               ({27, 30}, 17, 1), ({33, 36}, 17, 1)], 6),
    "orphelins": ([({1}, 35, 1), ({6, 9}, 17, 1), ({14, 17}, 17, 1), ({17, 20}, 17, 1),
                   ({31, 34}, 17, 1)], 5),
    "jeu_zero": ([({0, 3}, 17, 1), ({12, 15}, 17, 1), ({32, 35}, 17, 1), ({26}, 35, 1)], 4),
}
EVEN_MONEY = {
    "red": ROULETTE_RED,
    "black": set(range(1, 37)) - ROULETTE_RED,
    "odd": {n for n in range(1, 37) if n % 2},
    "even": {n for n in range(1, 37) if n % 2 == 0},
    "low": set(range(1, 19)),
    "high": set(range(19, 37)),
}


def pocket_name(p):
    return "00" if p == DOUBLE_ZERO else p


def pocket_color(p):
    return "green" if p in (0, DOUBLE_ZERO) else ("red" if p in ROULETTE_RED else "black")


def roulette_legal_sets(american):
    """Every legal split, street, trio, corner and six line, as frozensets."""
    sets = {"split": set(), "street": set(), "trio": set(), "corner": set(), "six_line": set()}
    for n in range(1, 37):
        if n % 3:
            sets["split"].add(frozenset((n, n + 1)))
        if n <= 33:
            sets["split"].add(frozenset((n, n + 3)))
        if n % 3 and n <= 32:
            sets["corner"].add(frozenset((n, n + 1, n + 3, n + 4)))
    for r in range(1, 13):
        sets["street"].add(frozenset((3 * r - 2, 3 * r - 1, 3 * r)))
    for r in range(1, 12):
        sets["six_line"].add(frozenset(range(3 * r - 2, 3 * r + 4)))
    if american:
        zero_splits = [(0, 1), (0, 2), (0, DOUBLE_ZERO), (DOUBLE_ZERO, 2), (DOUBLE_ZERO, 3)]
        trios = [(0, 1, 2), (0, DOUBLE_ZERO, 2), (DOUBLE_ZERO, 2, 3)]
    else:
        zero_splits = [(0, 1), (0, 2), (0, 3)]
        trios = [(0, 1, 2), (0, 2, 3)]
    sets["split"] |= {frozenset(s) for s in zero_splits}
    sets["trio"] = {frozenset(t) for t in trios}
    return sets


def roulette_pocket(value, american, what):
    if value == "00" and american:
        return DOUBLE_ZERO
    if value == "00":
        raise VerifyError(f"{what}: 00 is not on a single-zero wheel")
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 36:
        raise VerifyError(f"{what}: {value!r} is not a pocket (0-36, or \"00\")")
    return value


def roulette_resolve(spot, american, legal, what):
    """A placed spot -> (components [(covered, odds, pieces)], total pieces, even money)."""
    spot = as_object(spot, what)
    kind = spot.get("type")
    fields = {"straight": ("number",), "split": ("numbers",), "street": ("numbers",),
              "trio": ("numbers",), "corner": ("numbers",), "six_line": ("numbers",),
              "column": ("column",), "dozen": ("dozen",), "neighbours": ("number", "n")}
    sizes = {"split": 2, "street": 3, "trio": 3, "corner": 4, "six_line": 6}
    odds = {"split": 17, "street": 11, "trio": 11, "corner": 8, "six_line": 5}
    known = set(fields) | {"first_four", "top_line"} | set(EVEN_MONEY) | set(CALL_BETS)
    if kind not in known:
        raise VerifyError(f"{what}: unknown bet type {kind!r}")
    check_fields(spot, ("type", *fields.get(kind, ())), what)
    if kind == "straight":
        return [({roulette_pocket(spot.get("number"), american, what)}, 35, 1)], 1, False
    if kind in sizes:
        ns = spot.get("numbers")
        if not isinstance(ns, list) or len(ns) != sizes[kind]:
            raise VerifyError(f"{what}: {kind} needs {sizes[kind]} numbers")
        ps = frozenset(roulette_pocket(n, american, what) for n in ns)
        if ps not in legal[kind]:
            raise VerifyError(f"{what}: {ns} is not a legal {kind} on this wheel")
        return [(set(ps), odds[kind], 1)], 1, False
    if kind == "first_four":
        if american:
            raise VerifyError(f"{what}: first four is a single-zero bet")
        return [({0, 1, 2, 3}, 8, 1)], 1, False
    if kind == "top_line":
        if not american:
            raise VerifyError(f"{what}: the top line is an American bet")
        return [({0, DOUBLE_ZERO, 1, 2, 3}, 6, 1)], 1, False
    if kind == "column":
        c = small_int(spot.get("column"), what + ".column", 1, 3)
        return [({n for n in range(1, 37) if (n - c) % 3 == 0}, 2, 1)], 1, False
    if kind == "dozen":
        d = small_int(spot.get("dozen"), what + ".dozen", 1, 3)
        return [(set(range(12 * d - 11, 12 * d + 1)), 2, 1)], 1, False
    if kind in EVEN_MONEY:
        return [(EVEN_MONEY[kind], 1, 1)], 1, True
    if american:
        raise VerifyError(f"{what}: call bets are played on single-zero wheels only")
    if kind in CALL_BETS:
        comps, pieces = CALL_BETS[kind]
        return comps, pieces, False
    # neighbours: 2n + 1 straights around the number on the wheel
    centre = roulette_pocket(spot.get("number"), False, what)
    n = small_int(spot.get("n"), what + ".n", 1, 18)
    at = WHEEL_ORDER.index(centre)
    covered = [WHEEL_ORDER[(at + d) % 37] for d in range(-n, n + 1)]
    return [({p}, 35, 1) for p in covered], 2 * n + 1, False


def roulette(args):
    """Roulette (docs/fairness.md §10.2, docs/games/roulette.md)."""
    config = as_object(args.get("config"), "config")
    check_fields(config, ("wheel", "en_prison", "max_bets", "min_stake", "max_stake", "profile"),
                 "config")
    wheel = config.get("wheel", "european")
    if wheel not in ("european", "american", "french"):
        raise VerifyError(f"config.wheel: unknown wheel {wheel!r}")
    en_prison = config.get("en_prison", False)
    if en_prison and wheel != "french":
        raise VerifyError("config.en_prison: en prison is a French-wheel rule")
    max_bets = small_int(config.get("max_bets", 100), "config.max_bets", 1, 1000)
    min_stake = amount(config.get("min_stake", 1), "config.min_stake")
    if min_stake == 0:
        raise VerifyError("config.min_stake must be at least 1")
    max_stake = config.get("max_stake")
    if max_stake is not None and amount(max_stake, "config.max_stake") < min_stake:
        raise VerifyError("config.max_stake is below min_stake")
    profile = profile_of(config, STAKE)
    american = wheel == "american"
    stake, params = bet_of(args, ("bets",))
    placed = params.get("bets")
    if not isinstance(placed, list) or not placed:
        raise VerifyError("bet.params.bets: no bets placed")
    if len(placed) > max_bets:
        raise VerifyError(f"bet.params.bets: {len(placed)} bets; this table allows {max_bets}")
    legal = roulette_legal_sets(american)
    resolved = []
    for i, p in enumerate(placed):
        p = as_object(p, f"bet.params.bets[{i}]")
        check_fields(p, ("bet", "stake"), f"bet.params.bets[{i}]")
        s = amount(p.get("stake"), f"bet.params.bets[{i}].stake")
        comps, pieces, even = roulette_resolve(p.get("bet"), american, legal,
                                               f"bet.params.bets[{i}].bet")
        resolved.append((s, comps, pieces, even))
    if sum(r[0] for r in resolved) != stake:
        raise VerifyError(f"stake: the bets add up to {sum(r[0] for r in resolved)} but the "
                          f"stake is {stake}")
    for i, (s, _, pieces, _) in enumerate(resolved):
        if s < min_stake or (max_stake is not None and s > max_stake):
            raise VerifyError(f"bet.params.bets[{i}].stake: {s} is outside the table limits")
        if s % pieces:
            raise VerifyError(f"bet.params.bets[{i}].stake: {s} is not a multiple of the bet's "
                              f"{pieces} pieces")
        if s * 36 > U64_MAX:
            raise VerifyError(f"bet.params.bets[{i}].stake: {s} × 36 overflows")
    sampler = game_sampler(args, profile)
    pocket = sampler.index_below(38 if american else 37)
    prison = None
    if en_prison and pocket == 0 and any(r[3] for r in resolved):
        prison = sampler.index_below(37)
    returns, total = [], 0
    for i, (s, comps, pieces, even) in enumerate(resolved):
        if even and pocket == 0 and wheel == "french":
            covered = comps[0][0]
            got = s // 2 if prison is None else (s if prison in covered else 0)
        else:
            piece = s // pieces
            got = sum(piece * k * (odds + 1) for covered, odds, k in comps if pocket in covered)
        if got:
            returns.append({"bet": i, "payout": got})
            total += got
    if total > U64_MAX:
        raise VerifyError("roulette payout overflows")
    outcome = {"wheel": wheel, "pocket": pocket_name(pocket), "color": pocket_color(pocket),
               "prison_pocket": None if prison is None else pocket_name(prison),
               "returns": returns}
    return settled(outcome, stake, total, sampler)


# Baccarat ---------------------------------------------------------------------------------------


def card_value(name):
    r = RANKS.index(name[0]) + 2  # 2..14 (ace 14)
    return 1 if r == 14 else (r if r <= 9 else 0)


def banker_draws(banker, third):
    if third is None:
        return banker <= 5
    return {0: True, 1: True, 2: True, 3: third != 8, 4: 2 <= third <= 7,
            5: 4 <= third <= 7, 6: 6 <= third <= 7}.get(banker, False)


def baccarat(args):
    """Baccarat, punto banco (docs/fairness.md §10.2, docs/games/baccarat.md)."""
    config = as_object(args.get("config"), "config")
    check_fields(config, ("decks", "banker", "tie_pays", "pair_pays", "max_stake", "profile"),
                 "config")
    decks = config.get("decks", {"decks": 8})
    if decks == "infinite":
        decks = 0
    else:
        decks = as_object(decks, "config.decks")
        check_fields(decks, ("decks",), "config.decks")
        decks = small_int(decks.get("decks"), "config.decks.decks", 1, 8)
    banker_rule = config.get("banker", "commission")
    if banker_rule not in ("commission", "no_commission"):
        raise VerifyError(f"config.banker: unknown rule {banker_rule!r}")
    tie_pays = config.get("tie_pays", 8)
    if tie_pays not in (8, 9) or isinstance(tie_pays, bool):
        raise VerifyError("config.tie_pays: 8 or 9")
    pair_pays = small_int(config.get("pair_pays", 11), "config.pair_pays", 1, 50)
    max_stake = config.get("max_stake")
    profile = profile_of(config, UNBIASED)
    names = ("player", "banker", "tie", "player_pair", "banker_pair")
    stake, params = bet_of(args, names)
    stakes = {k: amount(params.get(k, 0), f"bet.params.{k}") for k in names}
    if not any(stakes.values()):
        raise VerifyError("bet.params: no bet placed")
    if sum(stakes.values()) != stake:
        raise VerifyError(f"stake: the bets add up to {sum(stakes.values())} but the stake is "
                          f"{stake}")
    if max_stake is not None:
        for k, s in stakes.items():
            if s > amount(max_stake, "config.max_stake"):
                raise VerifyError(f"bet.params.{k}: {s} is above the table maximum")
    if stake * 51 > U64_MAX:  # the largest multiplier is pair_pays + 1 ≤ 51
        raise VerifyError("stake: 51 × the stake overflows")
    sampler = game_sampler(args, profile)
    shoe = None if decks == 0 else [c for _ in range(decks) for c in range(52)]
    dealt = 0

    def draw():
        nonlocal dealt
        if shoe is None:
            c = sampler.index_below(52)
        else:
            c = sampler.shuffle_step(shoe, dealt)
        dealt += 1
        return card_name(c)

    p1, b1, p2, b2 = draw(), draw(), draw(), draw()
    player, banker = [p1, p2], [b1, b2]

    def total(hand):
        return sum(card_value(c) for c in hand) % 10

    pt, bt = total(player), total(banker)
    if pt < 8 and bt < 8:
        third = None
        if pt <= 5:
            player.append(draw())
            third = card_value(player[2])
        if banker_draws(bt, third):
            banker.append(draw())
    pt, bt = total(player), total(banker)
    winner = "player" if pt > bt else ("banker" if bt > pt else "tie")
    player_pair = player[0][0] == player[1][0]
    banker_pair = banker[0][0] == banker[1][0]
    if winner == "tie":
        m = {"player": Fraction(1), "banker": Fraction(1), "tie": Fraction(tie_pays + 1)}
    elif winner == "player":
        m = {"player": Fraction(2), "banker": Fraction(0), "tie": Fraction(0)}
    else:
        if banker_rule == "commission":
            bm = Fraction(195, 100)
        else:
            bm = Fraction(3, 2) if bt == 6 else Fraction(2)
        m = {"player": Fraction(0), "banker": bm, "tie": Fraction(0)}
    m["player_pair"] = Fraction(pair_pays + 1) if player_pair else Fraction(0)
    m["banker_pair"] = Fraction(pair_pays + 1) if banker_pair else Fraction(0)
    returns = {k: pay(stakes[k], m[k]) for k in names}
    outcome = {"player": player, "banker": banker, "player_total": pt, "banker_total": bt,
               "winner": winner, "player_pair": player_pair, "banker_pair": banker_pair,
               "returns": returns}
    return settled(outcome, stake, sum(returns.values()), sampler)


# Plinko, keno, wheel (table games) --------------------------------------------------------------

PLINKO_RISKS = ("low", "medium", "high")


def plinko(args):
    """Plinko (docs/fairness.md §10.2, docs/games/plinko.md)."""
    config = as_object(args.get("config"), "config")
    check_fields(config, ("tables", "profile"), "config")
    profile = profile_of(config, STAKE)
    stake, params = bet_of(args, ("rows", "risk"))
    rows = small_int(params.get("rows"), "bet.params.rows", 8, 16)
    risk = params.get("risk")
    if risk not in PLINKO_RISKS:
        raise VerifyError(f"bet.params.risk: unknown risk {risk!r}")
    def check_key(t, what):
        small_int(t.get("rows"), what + ".rows", 8, 16)
        if t.get("risk") not in PLINKO_RISKS:
            raise VerifyError(f"{what}.risk: unknown risk {t.get('risk')!r}")

    table = table_of(config, ("rows", "risk"), (rows, risk), "plinko", lambda t: t["rows"] + 1,
                     check_key)
    for m in table:
        pay(stake, m)
    sampler = game_sampler(args, profile)
    path = "".join("R" if sampler.index_below(2) == 1 else "L" for _ in range(rows))
    bucket = path.count("R")
    m = table[bucket]
    outcome = {"params": {"rows": rows, "risk": risk}, "path": path, "bucket": bucket,
               "multiplier": fmt_exact(m)}
    return settled(outcome, stake, pay(stake, m), sampler)


KENO_RISKS = ("classic", "low", "medium", "high")


def keno(args):
    """Keno (docs/fairness.md §10.2, docs/games/keno.md)."""
    config = as_object(args.get("config"), "config")
    check_fields(config, ("tables", "profile"), "config")
    profile = profile_of(config, STAKE)
    stake, params = bet_of(args, ("picks", "risk"))
    picks = params.get("picks")
    if not isinstance(picks, list) or not 1 <= len(picks) <= 10:
        raise VerifyError("bet.params.picks: pick 1-10 squares")
    for i, p in enumerate(picks):
        small_int(p, f"bet.params.picks[{i}]", 1, 40)
        if p in picks[:i]:
            raise VerifyError(f"bet.params.picks[{i}]: square {p} is picked twice")
    risk = params.get("risk")
    if risk not in KENO_RISKS:
        raise VerifyError(f"bet.params.risk: unknown risk {risk!r}")
    def check_key(t, what):
        small_int(t.get("picks"), what + ".picks", 1, 10)
        if t.get("risk") not in KENO_RISKS:
            raise VerifyError(f"{what}.risk: unknown risk {t.get('risk')!r}")

    table = table_of(config, ("risk", "picks"), (risk, len(picks)), "keno",
                     lambda t: t["picks"] + 1, check_key)
    for m in table:
        pay(stake, m)
    sampler = game_sampler(args, profile)
    board = list(range(1, 41))
    drawn = [sampler.pick_and_remove(board) for _ in range(10)]
    hits = [p for p in picks if p in drawn]
    m = table[len(hits)]
    outcome = {"drawn": drawn, "hits": hits, "multiplier": fmt_exact(m)}
    return settled(outcome, stake, pay(stake, m), sampler)


def wheel(args):
    """Wheel (docs/fairness.md §10.2, docs/games/wheel.md)."""
    config = as_object(args.get("config"), "config")
    check_fields(config, ("tables", "profile"), "config")
    profile = profile_of(config, STAKE)
    stake, params = bet_of(args, ("segments", "risk"))
    segments = small_int(params.get("segments"), "bet.params.segments", 10, 50)
    risk = params.get("risk")
    if risk not in PLINKO_RISKS:
        raise VerifyError(f"bet.params.risk: unknown risk {risk!r}")
    def check_key(t, what):
        small_int(t.get("segments"), what + ".segments", 10, 50)
        if t.get("risk") not in PLINKO_RISKS:
            raise VerifyError(f"{what}.risk: unknown risk {t.get('risk')!r}")

    table = table_of(config, ("segments", "risk"), (segments, risk), "wheel",
                     lambda t: t["segments"], check_key)
    for m in table:
        pay(stake, m)
    sampler = game_sampler(args, profile)
    segment = sampler.index_below(segments)
    m = table[segment]
    outcome = {"params": {"segments": segments, "risk": risk}, "segment": segment,
               "multiplier": fmt_exact(m)}
    return settled(outcome, stake, pay(stake, m), sampler)


# Limbo ------------------------------------------------------------------------------------------


def limbo(args):
    """Limbo (docs/fairness.md §10.2, docs/games/limbo.md)."""
    config = as_object(args.get("config"), "config")
    check_fields(config, ("house_edge", "max_target", "max_result", "max_win", "profile"),
                 "config")
    edge = edge_of(config)
    max_target = amount(config.get("max_target", 100_000_000), "config.max_target")
    max_result = amount(config.get("max_result", 100_000_000_000), "config.max_result")
    if not 101 <= max_target <= max_result:
        raise VerifyError("config: need 101 <= max_target <= max_result")
    max_win = config.get("max_win")
    profile = profile_of(config, STAKE)
    stake, params = bet_of(args, ("target",))
    target = amount(params.get("target"), "bet.params.target")
    if not 101 <= target <= max_target:
        raise VerifyError(f"bet.params.target: {target} hundredths is outside 101-{max_target}")
    full = pay(stake, Fraction(target, 100))
    sampler = game_sampler(args, profile)
    f = sampler.float()
    # In IEEE-754 doubles, as the spec says; keep = 1 − (edge as a double).
    keep = 1.0 - edge.numerator / edge.denominator
    x = math.inf if f == 0 else 1e8 / (f * 1e8) * keep
    h = math.floor(x * 100.0) if math.isfinite(x * 100.0) else x * 100.0
    if math.isnan(h) or h >= max_result:
        result = max_result
    else:
        result = max(int(h), 100)
    win = result >= target
    capped = False
    payout = 0
    if win:
        payout = full
        if max_win is not None and full > amount(max_win, "config.max_win"):
            payout, capped = max_win, True
    outcome = {"result": result, "target": target, "win": win, "capped": capped}
    return settled(outcome, stake, payout, sampler)


# Mines ------------------------------------------------------------------------------------------

MINES_TILES = 25


def mines_multiplier(edge, mines, safe):
    return (1 - edge) * Fraction(math.comb(25, safe), math.comb(25 - mines, safe))


def mines(args):
    """Mines: the mine positions from the seeds, then the actions replayed (docs/games/mines.md)."""
    config = as_object(args.get("config"), "config")
    check_fields(config, ("house_edge", "max_win", "profile"), "config")
    edge = edge_of(config)
    max_win = config.get("max_win")
    profile = profile_of(config, STAKE)
    stake, params = bet_of(args, ("mines",))
    m = small_int(params.get("mines"), "bet.params.mines", 1, 24)
    pay(stake, mines_multiplier(edge, m, 25 - m))
    sampler = game_sampler(args, profile)
    tiles = list(range(MINES_TILES))
    placed = [sampler.pick_and_remove(tiles) for _ in range(m)]
    actions = args.get("actions") or []
    if isinstance(actions, str):
        actions = json.loads(actions)
    revealed, result = [], None

    def finish(hit, mult):
        full = pay(stake, mult)
        capped = max_win is not None and full > max_win
        return {"mines": placed, "revealed": list(revealed), "hit": hit,
                "multiplier": fmt_exact(mult), "capped": capped}, (max_win if capped else full)

    for i, a in enumerate(actions):
        if result is not None:
            raise VerifyError(f"action {i} given after the round settled")
        a = as_object(a, f"actions[{i}]")
        kind = a.get("action")
        if kind == "reveal":
            check_fields(a, ("action", "tile"), f"actions[{i}]")
            t = a.get("tile")
            if isinstance(t, bool) or not isinstance(t, int) or not 0 <= t < MINES_TILES:
                raise VerifyError(f"actions[{i}]: tile {t!r} is not on the board (0-24)")
            if t in revealed:
                raise VerifyError(f"actions[{i}]: tile {t} is already revealed")
            if t in placed:
                result = finish(t, Fraction(0))
            else:
                revealed.append(t)
                if len(revealed) == MINES_TILES - m:
                    result = finish(None, mines_multiplier(edge, m, len(revealed)))
        elif kind == "cash_out":
            check_fields(a, ("action",), f"actions[{i}]")
            if not revealed:
                raise VerifyError(f"actions[{i}]: cash out needs at least one revealed tile")
            result = finish(None, mines_multiplier(edge, m, len(revealed)))
        elif kind == "abandon":
            check_fields(a, ("action",), f"actions[{i}]")
            mult = mines_multiplier(edge, m, len(revealed)) if revealed else Fraction(1)
            result = finish(None, mult)
        else:
            raise VerifyError(f"actions[{i}]: unknown action {kind!r}")
    out = {"mines": placed, "bytes_used": sampler.stream.position}
    if result is None:
        out.update({"status": "in_progress", "revealed": revealed})
    else:
        out.update({"status": "settled", "outcome": result[0], "total_stake": stake,
                    "payout": result[1]})
    return out


# Blackjack -------------------------------------------------------------------------------------

BJ_DEFAULTS = {
    "decks": 6, "dealer_hits_soft_17": False, "double_on": "any_two", "double_after_split": True,
    "max_hands": 4, "resplit_aces": False, "hit_split_aces": False, "late_surrender": False,
    "insurance": True, "hole_card": "peek", "enhc_loss": "all", "blackjack_pays": "3:2",
    "profile": UNBIASED,
}
BJ_ACTIONS = ("hit", "stand", "double", "split", "surrender", "insurance", "even_money",
              "no_insurance")


def bj_rules(config):
    """The blackjack rules with defaults filled in, validated (docs/games/blackjack.md)."""
    check_fields(config, tuple(BJ_DEFAULTS), "config")
    r = {**BJ_DEFAULTS, **config}
    d = r["decks"]
    if isinstance(d, str) and d.strip().lower() == "infinite":
        r["decks"] = "infinite"
    else:
        if isinstance(d, str):
            try:
                d = int(d.strip())
            except ValueError:
                raise VerifyError(f"config.decks: {d!r} is not a number of decks") from None
        r["decks"] = small_int(d, "config.decks", 1, 8)
    for key in ("dealer_hits_soft_17", "double_after_split", "resplit_aces", "hit_split_aces",
                "late_surrender", "insurance"):
        if not isinstance(r[key], bool):
            raise VerifyError(f"config.{key}: expected true or false")
    choices = {"double_on": ("any_two", "nine_to_eleven", "ten_to_eleven"),
               "hole_card": ("peek", "no_hole_card"), "enhc_loss": ("all", "original_only"),
               "blackjack_pays": ("3:2", "6:5")}
    for key, allowed in choices.items():
        if r[key] not in allowed:
            raise VerifyError(f"config.{key}: {r[key]!r} is not one of {allowed}")
    r["max_hands"] = small_int(r["max_hands"], "config.max_hands", 1, 8)
    r["profile"] = profile_of(r, UNBIASED)
    if r["hole_card"] == "no_hole_card" and (r["late_surrender"] or r["insurance"]):
        raise VerifyError("config: late surrender and insurance need the peek rule")
    return r


def bj_value(card):
    """Blackjack value of a card name: 2-9, 10 for T-K, 1 for an ace."""
    return {"A": 1, "T": 10, "J": 10, "Q": 10, "K": 10}.get(card[0]) or int(card[0])


def bj_total(cards):
    """(best total, soft, hard) of a hand: an ace counts 11 when that does not bust."""
    hard = sum(bj_value(c) for c in cards)
    soft = any(c[0] == "A" for c in cards) and hard <= 11
    return (hard + 10 if soft else hard), soft, hard


def bj_natural(cards):
    return len(cards) == 2 and bj_total(cards)[0] == 21


def blackjack(args):
    """A blackjack round: the deal from the bet's stream, then the player's actions replayed
    (docs/games/blackjack.md, "How cards are drawn")."""
    r = bj_rules(as_object(args.get("config"), "config"))
    stake, _ = bet_of(args, ())
    if stake == 0:
        raise VerifyError("bet.stake: must be above zero")
    if stake * (2 * r["max_hands"] + 1) * 2 > U64_MAX:
        raise VerifyError("bet.stake: too large: a round's payout could overflow")
    actions = args.get("actions") or []
    if isinstance(actions, str):
        actions = json.loads(actions)
    if not isinstance(actions, list):
        raise VerifyError("actions: expected a list")
    sampler = game_sampler(args, r["profile"])
    infinite = r["decks"] == "infinite"
    shoe = [] if infinite else [c for _ in range(r["decks"]) for c in range(52)]
    dealt = [0]

    def draw():
        if infinite:
            card = sampler.index_below(52)
        else:
            if dealt[0] >= len(shoe):
                raise VerifyError("the shoe is empty")
            card = sampler.shuffle_step(shoe, dealt[0])
        dealt[0] += 1
        return card_name(card)

    peek = r["hole_card"] == "peek"
    p1, up, p2 = draw(), draw(), draw()
    dealer = [up] + ([draw()] if peek else [])
    hands = [{"cards": [p1, p2], "stake": stake, "doubled": False, "split": False,
              "split_aces": False, "surrendered": False, "done": False}]
    st = {"active": 0, "phase": "player", "insurance": 0, "taken": []}

    def is_bj(h):
        return not h["split"] and bj_natural(h["cards"])

    def options():
        o = set()
        if st["phase"] == "insurance":
            o.update(("even_money", "no_insurance") if is_bj(hands[0])
                     else ("insurance", "no_insurance"))
            return o
        if st["active"] >= len(hands):
            return o
        h = hands[st["active"]]
        if h["done"] or len(h["cards"]) < 2:
            return o
        best = bj_total(h["cards"])[0]
        two = len(h["cards"]) == 2
        locked = h["split_aces"] and not r["hit_split_aces"]
        o.add("stand")
        if not locked:
            o.add("hit")
        allowed = {"any_two": True, "nine_to_eleven": 9 <= best <= 11,
                   "ten_to_eleven": 10 <= best <= 11}[r["double_on"]]
        if two and not locked and allowed and (not h["split"] or r["double_after_split"]):
            o.add("double")
        if (two and bj_value(h["cards"][0]) == bj_value(h["cards"][1])
                and len(hands) < r["max_hands"]
                and (bj_value(h["cards"][0]) != 1 or not h["split"] or r["resplit_aces"])):
            o.add("split")
        if r["late_surrender"] and two and not h["split"] and len(hands) == 1:
            o.add("surrender")
        return o

    def dealer_plays():
        live = any(not h["surrendered"] and bj_total(h["cards"])[2] <= 21 for h in hands)
        if not peek:
            dealer.append(draw())
            if bj_natural(dealer):
                return
        if not live:
            return
        while True:
            best, soft, _ = bj_total(dealer)
            if best > 17 or (best == 17 and not (soft and r["dealer_hits_soft_17"])):
                return
            dealer.append(draw())

    def play_on():
        """Next decision (None) or "settle"."""
        while st["active"] < len(hands):
            h = hands[st["active"]]
            if len(h["cards"]) < 2:
                h["cards"].append(draw())
            if not h["done"]:
                best, _, hard = bj_total(h["cards"])
                if hard > 21 or best == 21:
                    h["done"] = True
            if not h["done"] and options() & {"hit", "double", "split", "surrender"}:
                return None
            h["done"] = True
            st["active"] += 1
        dealer_plays()
        return "settle"

    def after_insurance():
        player_bj = is_bj(hands[0])
        if peek:
            if bj_natural(dealer) or player_bj:
                return "settle"
        elif player_bj:
            dealer.append(draw())
            return "settle"
        return play_on()

    forced = None
    if r["insurance"] and bj_value(up) == 1 and stake // 2 > 0:
        st["phase"] = "insurance"
        state = None
    else:
        state = after_insurance()
    for i, a in enumerate(actions):
        if state is not None:
            raise VerifyError(f"action {i} given after the round settled")
        if a not in BJ_ACTIONS:
            raise VerifyError(f"actions[{i}]: unknown action {a!r}")
        if a not in options():
            raise VerifyError(f"actions[{i}]: {a} is not legal here")
        st["taken"].append(a)
        if a in ("insurance", "no_insurance"):
            if a == "insurance":
                st["insurance"] = stake // 2
            st["phase"] = "player"
            state = after_insurance()
            continue
        if a == "even_money":
            forced, state = "even_money", "settle"
            continue
        h = hands[st["active"]]
        if a == "hit":
            h["cards"].append(draw())
        elif a == "stand":
            h["done"] = True
        elif a == "double":
            h["stake"] *= 2
            h["doubled"] = True
            h["cards"].append(draw())
            h["done"] = True
        elif a == "surrender":
            h["surrendered"] = h["done"] = True
        else:
            moved = h["cards"].pop()
            aces = bj_value(moved) == 1
            h["split"], h["split_aces"] = True, aces
            hands.insert(st["active"] + 1, {"cards": [moved], "stake": stake, "doubled": False,
                                            "split": True, "split_aces": aces,
                                            "surrendered": False, "done": False})
        state = play_on()
    if state is None:
        return {"status": "in_progress", "bytes_used": sampler.stream.position}

    d_best, _, d_hard = bj_total(dealer)
    dealer_bj = bj_natural(dealer)
    num, den = (3, 2) if r["blackjack_pays"] == "3:2" else (6, 5)
    obo = r["enhc_loss"] == "original_only"

    def refund(i, h):
        return max(h["stake"] - stake, 0) if i == 0 else h["stake"]

    records = []
    for i, h in enumerate(hands):
        best, _, hard = bj_total(h["cards"])
        if forced is not None:
            result, paid = forced, h["stake"] * 2
        elif h["surrendered"]:
            result, paid = "surrender", h["stake"] // 2
        elif hard > 21:
            result, paid = "bust", (refund(i, h) if dealer_bj and obo else 0)
        elif is_bj(h):
            result, paid = (("push", h["stake"]) if dealer_bj else
                            ("blackjack", h["stake"] + h["stake"] * num // den))
        elif dealer_bj:
            result, paid = "lose", (refund(i, h) if obo and not peek else 0)
        elif d_hard > 21 or best > d_best:
            result, paid = "win", h["stake"] * 2
        elif best == d_best:
            result, paid = "push", h["stake"]
        else:
            result, paid = "lose", 0
        records.append({"cards": h["cards"], "total": best, "stake": h["stake"],
                        "doubled": h["doubled"], "result": result, "payout": paid})
    insurance_payout = st["insurance"] * 3 if dealer_bj else 0
    outcome = {
        "version": 1, "rules": r, "dealer": dealer, "dealer_total": d_best,
        "dealer_blackjack": dealer_bj, "hands": records, "insurance_stake": st["insurance"],
        "insurance_payout": insurance_payout, "actions": st["taken"], "cards_dealt": dealt[0],
    }
    total_stake = sum(h["stake"] for h in hands) + st["insurance"]
    payout = sum(rec["payout"] for rec in records) + insurance_payout
    return settled(outcome, total_stake, payout, sampler)


# Crash (the game round) -------------------------------------------------------------------------


def crash_game(args):
    """A crash round from the bet's stream, with its action (docs/games/crash.md)."""
    config = as_object(args.get("config"), "config")
    check_fields(config, ("house_edge", "formula", "max_target", "max_win", "growth_per_second"),
                 "config")
    edge = edge_of(config)
    formula = config.get("formula", "int32")
    if formula not in ("int32", "float52"):
        raise VerifyError(f"config.formula: unknown formula {formula!r}")
    max_target = amount(config.get("max_target", 1_000_000), "config.max_target")
    if not 101 <= max_target <= 10**9:
        raise VerifyError("config.max_target: outside 101-10^9")
    growth = config.get("growth_per_second", 0.06)
    if isinstance(growth, bool) or not isinstance(growth, (int, float)) or not 0 < growth <= 10:
        raise VerifyError("config.growth_per_second: must be in (0, 10]")
    growth = float(growth)
    max_win = config.get("max_win")
    stake, params = bet_of(args, ("target",))
    target = params.get("target")
    if target is not None:
        amount(target, "bet.params.target")
        if not 101 <= target <= max_target:
            raise VerifyError(f"bet.params.target: {target} hundredths is outside 101-{max_target}")
    pay(stake, Fraction(max_target, 100))
    sampler = game_sampler(args, STAKE)
    if formula == "int32":
        word = sampler.stream.next_u32()
        exact = Fraction(100 * 2**32) * (1 - edge) / (word + 1)
    else:
        r = sampler.stream.next_u64() >> 12
        exact = Fraction(100 * 2**52) * (1 - edge) / (2**52 - r)
    crash = max(100, exact.__floor__())
    actions = args.get("actions") or []
    if isinstance(actions, str):
        actions = json.loads(actions)
    out = {"crash": crash, "bytes_used": sampler.stream.position}
    if not actions:
        out["status"] = "in_progress"
        return out
    if len(actions) > 1:
        raise VerifyError("action 1 given after the round settled")
    a = as_object(actions[0], "actions[0]")
    auto = target if target is not None and target <= crash else None
    if a.get("action") == "finish":
        check_fields(a, ("action",), "actions[0]")
        won = None if auto is None else (auto, True)
    elif a.get("action") == "cash_out":
        check_fields(a, ("action", "elapsed_ms"), "actions[0]")
        ms = amount(a.get("elapsed_ms"), "actions[0].elapsed_ms")
        x = math.floor(100.0 * math.exp(growth * float(ms) / 1000.0)) \
            if growth * float(ms) / 1000.0 < 710 else math.inf
        m = max_target if x >= max_target else max(int(x), 100)
        if m < 101:
            raise VerifyError(f"actions[0]: cash-out at {m} hundredths; the smallest is 101")
        if auto is not None and auto <= m:
            won = (auto, True)
        elif m <= crash:
            won = (m, False)
        else:
            won = None
    else:
        raise VerifyError(f"actions[0]: unknown action {a.get('action')!r}")
    payout, capped = 0, False
    if won is not None:
        payout = pay(stake, Fraction(won[0], 100))
        if max_win is not None and payout > max_win:
            payout, capped = max_win, True
    out.update({"status": "settled", "total_stake": stake, "payout": payout,
                "outcome": {"crash": crash, "cashed_out_at": None if won is None else won[0],
                            "auto": won is not None and won[1], "capped": capped}})
    return out


# --- 10. Slots: whole rounds (docs/fairness.md §10.4, docs/slots.md) ------------------------


def slot_weights(table, what):
    """A `[{value, weight}, ...]` table -> (values, weights) in the listed order."""
    if not isinstance(table, list) or not table:
        raise VerifyError(f"{what}: expected a list of {{value, weight}}")
    values, weights = [], []
    for i, e in enumerate(table):
        e = as_object(e, f"{what}[{i}]")
        values.append(e.get("value"))
        weights.append(e.get("weight"))
    return values, weights


def slot(args):
    """A slot round: the bonus-buy award (a bet mode with free spins), the first spin's reel set,
    stops, landing window and wild multipliers (``first_spin``), and the whole round
    (``round``): every spin's windows (cascades included) and win, the free spins, the cap and
    the payout."""
    d = as_object(args.get("config"), "config")
    reels = small_int(d.get("reels"), "config.reels", 1, 8)
    rows = d.get("rows")
    rows = [rows] * reels if isinstance(rows, int) and not isinstance(rows, bool) else rows
    if not isinstance(rows, list) or len(rows) != reels:
        raise VerifyError("config.rows: one count, or one per reel")
    for i, r in enumerate(rows):
        small_int(r, f"config.rows[{i}]", 1, 8)
    symbols = d.get("symbols")
    if not isinstance(symbols, list) or not symbols:
        raise VerifyError("config.symbols: at least one symbol")
    expanding = {s.get("name") for s in symbols
                 if isinstance(s, dict) and s.get("kind") == "wild" and s.get("expanding")}
    sticky_wilds = {s.get("name") for s in symbols
                    if isinstance(s, dict) and s.get("kind") == "wild" and s.get("sticky")}
    wilds = {s.get("name") for s in symbols if isinstance(s, dict) and s.get("kind") == "wild"}
    sets = as_object(d.get("reel_sets"), "config.reel_sets")
    for name, strips in sets.items():
        if not isinstance(strips, list) or len(strips) != reels:
            raise VerifyError(f"config.reel_sets.{name}: one strip per reel")
        for r, strip in enumerate(strips):
            if not isinstance(strip, list) or not rows[r] <= len(strip) <= 100_000:
                raise VerifyError(f"config.reel_sets.{name}[{r}]: bad strip length")
    stake, params = bet_of(args, ("mode",))
    if stake == 0:
        raise VerifyError("stake: must be above 0")
    mode = params.get("mode", "") or "base"
    sampler = game_sampler(args, UNBIASED)
    mode_def = None
    if mode != "base":
        modes = [m for m in d.get("bet_modes", []) if isinstance(m, dict) and m.get("name") == mode]
        if not modes:
            raise VerifyError(f"bet.params.mode: unknown bet mode {mode!r}")
        mode_def = modes[0]
    tables = [{}, {}]  # wild multiplier tables, base and free
    for sym in symbols:
        if isinstance(sym, dict) and sym.get("kind") == "wild":
            for i, key in enumerate(("base", "free")):
                table = (sym.get("multipliers") or {}).get(key)
                if table:
                    tables[i][sym.get("name")] = slot_weights(
                        table, f"symbols.{sym.get('name')}.multipliers.{key}")

    def draw_spin(free, sticky):
        section = as_object(d.get("free_spins" if free else "base"), "config.free_spins")
        chosen = as_object(section.get("reel_sets"), "reel_sets")
        live = [(name, w) for name, w in sorted(chosen.items(), key=lambda kv: kv[0].encode("utf-8"))
                if w > 0]
        for name, _ in live:
            if name not in sets:
                raise VerifyError(f"unknown reel set {name!r}")
        if not live:
            raise VerifyError("no reel set with a weight above zero")
        if len(live) == 1:
            set_name = live[0][0]
        else:
            set_name = live[sampler.weighted_index([w for _, w in live])][0]
        strips = sets[set_name]
        stops = [sampler.index_below(len(strip)) for strip in strips]
        window = []
        for r, (strip, p) in enumerate(zip(strips, stops)):
            cells = [strip[(p + k) % len(strip)] for k in range(rows[r])]
            wild = next((c for c in cells if c in expanding), None)
            window.append([wild] * rows[r] if wild is not None else cells)
        mults = [[0] * rows[r] for r in range(reels)]
        fixed = set()
        if free:
            for (r, row), (symbol, m) in sticky.items():
                window[r][row], mults[r][row] = symbol, m
                fixed.add((r, row))
        # Wild multipliers: reel by reel, top to bottom, each wild cell (not a sticky wild put
        # back) with a table in this mode draws one weighted_index (a one-value table: no draw).
        def refill(window, mults, cells):
            for r, row in sorted(cells):
                cell = window[r][row]
                if cell in wilds and cell in tables[int(free)]:
                    values, weights = tables[int(free)][cell]
                    mults[r][row] = values[0] if len(values) == 1 \
                        else values[sampler.weighted_index(weights)]

        refill(window, mults, [(r, row) for r in range(reels) for row in range(rows[r])
                               if (r, row) not in fixed])
        if free:
            for r in range(reels):
                for row in range(rows[r]):
                    if (r, row) not in fixed and window[r][row] in sticky_wilds:
                        sticky[(r, row)] = (window[r][row], mults[r][row])
        shown = [list(column) for column in mults] if any(m for column in mults for m in column) \
            else []
        return {"free": free, "reel_set": set_name, "stops": stops,
                "window": [list(column) for column in window], "multipliers": shown,
                "multipliers_grid": mults, "strips": strips, "refill": refill}

    game = SlotGame(d)
    first = {}

    def recorded(free, sticky):
        spin = draw_spin(free, sticky)
        if not first:
            first.update({k: v for k, v in spin.items()
                          if k not in ("multipliers_grid", "strips", "refill")})
        return spin

    outcome, total = slot_round(game, sampler, mode_def, recorded)
    cost = mode_def.get("cost", 1) if mode_def is not None else 1
    awarded = outcome["free_spins_awarded"] if first.get("free") else None
    if first.get("free") and len(outcome["spins"]) > 0:
        awarded = outcome["free_spins_awarded"] - sum(s["free_spins_awarded"] for s in outcome["spins"])
    outcome["mode"] = mode
    return {"mode": mode, "free_spins_awarded": awarded, "first_spin": first, "round": outcome,
            "payout": pay(stake, total), "total_stake": stake * cost,
            "position": sampler.stream.position}


class SlotGame:
    """A slot definition read for replaying whole rounds (docs/slots.md, "Rules"): paylines, ways
    and clusters, cascades, scatters, free spins with retriggers, wild multipliers, doubling,
    expanding and sticky wilds, the win cap. Every pay is an exact fraction of the bet."""

    def __init__(self, d):
        self.d = d
        self.reels = d["reels"]
        rows = d["rows"]
        self.rows = [rows] * self.reels if isinstance(rows, int) else list(rows)
        self.sym = {s["name"]: s for s in d["symbols"]}
        self.kind = {n: s.get("kind", "regular") for n, s in self.sym.items()}
        regular = {n for n, k in self.kind.items() if k == "regular"}
        self.subst = {n: set(s.get("substitutes", regular)) if self.kind[n] == "wild" else set()
                      for n, s in self.sym.items()}
        wins = d["wins"]
        self.wins_type = wins["type"]
        cascade = d.get("cascade")
        self.cascade = None if cascade is None else (cascade.get("multipliers") or [1])
        self.min_size = wins.get("min_size", 0)
        self.lines = wins.get("paylines", [])
        self.both_ways = wins.get("both_ways", False)
        self.best = wins.get("wild_rule", "best") == "best"
        self.product = wins.get("wild_multipliers", "sum") == "product"
        line_div = len(self.lines) if self.wins_type == "lines" and \
            wins.get("pay_unit", "line_bet") == "line_bet" else 1
        self.pays = {}
        for n, s in self.sym.items():
            ps = [parse_fraction(p, f"symbols.{n}.pays") for p in s.get("pays", [])]
            div = 1 if self.kind[n] == "scatter" else line_div
            self.pays[n] = ([p / div for p in ps],
                            self.kind[n] == "scatter" or self.wins_type == "clusters")
        self.free = d.get("free_spins")
        self.max_spins = self.free.get("max_spins", 10_000) if self.free else 0
        self.cap = parse_fraction(d["max_win"], "max_win") if d.get("max_win") is not None else None
        self.payers = [n for n in self.sym if self.kind[n] == "regular" and any(self.pays[n][0])]
        self.scatters = [n for n in self.sym if self.kind[n] == "scatter"]

    def pay(self, s, n):
        ps, extend = self.pays[s]  # scatters and clusters: larger counts pay the last entry
        if n <= 0:
            return Fraction(0)
        if n <= len(ps):
            return ps[n - 1]
        return ps[-1] if extend and ps else Fraction(0)

    def wild(self, s):
        return self.kind.get(s) == "wild"

    def award(self, n, free):
        table = self.free.get("awards", [])
        if free and self.free.get("retrigger_awards") is not None:
            table = self.free["retrigger_awards"]
        if n <= 0 or not table:
            return 0
        return table[n - 1] if n <= len(table) else table[-1]

    def run_mult(self, mults, length):
        if self.product:
            p = 1
            for m in mults[:length]:
                p *= m if m > 0 else 1
            return p
        got = [m for m in mults[:length] if m > 0]
        return sum(got) if got else 1

    def doubles(self, run):
        return any(self.wild(x) and self.sym[x].get("doubles") for x in run)

    def line_win(self, syms, mults):
        """The pay (× the bet) and length of one line read left to right."""
        r, first = len(syms), syms[0]
        if not self.wild(first):
            if self.kind[first] != "regular":
                return Fraction(0), 0
            n, wild_in = 1, False
            while n < r and (syms[n] == first or (self.wild(syms[n]) and first in self.subst[syms[n]])):
                wild_in |= syms[n] != first
                n += 1
            pay = self.pay(first, n)
            if pay == 0 or not wild_in:
                return pay, n
            if self.doubles(syms[:n]):
                pay *= 2
            return pay * self.run_mult(mults, n), n
        numw = 0
        while numw < r and syms[numw] == first:
            numw += 1
        lead = numw
        while lead < r and self.wild(syms[lead]):
            lead += 1
        sym_pay, n = Fraction(0), 0
        if lead < r:
            c = syms[lead]
            if self.kind[c] == "regular" and all(c in self.subst[w] for w in syms[:lead]):
                n = lead + 1
                while n < r and (syms[n] == c or (self.wild(syms[n]) and c in self.subst[syms[n]])):
                    n += 1
                sym_pay = self.pay(c, n)
                if sym_pay > 0 and self.doubles(syms[:n]):
                    sym_pay *= 2
        wild_pay = self.pay(first, numw)
        use_sym = sym_pay > wild_pay if self.best else sym_pay > 0
        if use_sym:
            return sym_pay * self.run_mult(mults, n), n
        if wild_pay > 0:
            return wild_pay * self.run_mult(mults, numw), numw
        return Fraction(0), 0

    def window_wins(self, window, mults):
        """The line, ways or cluster wins of a window (× the bet) and the cells they cover."""
        total, cells = Fraction(0), set()
        if self.wins_type == "lines":
            for line in self.lines:
                syms = [window[r][row] for r, row in enumerate(line)]
                ms = [mults[r][row] for r, row in enumerate(line)]
                v, n = self.line_win(syms, ms)
                if v > 0:
                    total += v
                    cells |= {(r, line[r]) for r in range(n)}
                if self.both_ways:
                    v, n = self.line_win(syms[::-1], ms[::-1])
                    if v > 0 and n < self.reels:
                        total += v
                        cells |= {(r, line[r]) for r in range(self.reels - n, self.reels)}
        elif self.wins_type == "ways":
            for s in self.payers:
                ways, k, mine = 1, 0, set()
                for r, column in enumerate(window):
                    hit = [row for row, x in enumerate(column)
                           if x == s or (self.wild(x) and s in self.subst[x])]
                    if not hit:
                        break
                    ways *= len(hit)
                    k += 1
                    mine |= {(r, row) for row in hit}
                if k and self.pay(s, k) > 0:
                    total += self.pay(s, k) * ways
                    cells |= mine
        else:  # clusters: connected up/down/left/right; wilds join every cluster they touch
            order = sorted(((r, row) for r in range(self.reels) for row in range(self.rows[r])))
            for s in self.payers:
                member = {(r, row) for r, row in order
                          if window[r][row] == s or (self.wild(window[r][row])
                                                     and s in self.subst[window[r][row]])}
                own = [c for c in order if window[c[0]][c[1]] == s]
                seen = set()
                for start in own:
                    if start in seen:
                        continue
                    comp, stack = {start}, [start]
                    while stack:
                        r, row = stack.pop()
                        for nb in ((r, row - 1), (r, row + 1), (r - 1, row), (r + 1, row)):
                            if nb in member and nb not in comp:
                                comp.add(nb)
                                stack.append(nb)
                    seen |= comp
                    if len(comp) >= self.min_size and self.pay(s, min(len(comp), 64)) > 0:
                        total += self.pay(s, min(len(comp), 64))
                        cells |= comp
        return total, cells


def slot_round(game, sampler, mode_def, draw_spin):
    """Replay a whole round; `draw_spin(free, sticky)` draws one spin's set, stops, window and
    multipliers (the same code as the first-spin verification)."""
    g = game
    total, base, awarded, left, played, capped = Fraction(0), Fraction(0), 0, 0, 0, False
    sticky = {}
    spins = []
    in_free = False
    if mode_def is not None and mode_def.get("free_spins"):
        values, weights = slot_weights(mode_def["free_spins"], "bet_modes.free_spins")
        left = awarded = min(values[sampler.weighted_index(weights)], g.max_spins)
        in_free = True

    def one(free):
        nonlocal total, base, awarded, left, played, capped
        spin = draw_spin(free, sticky)
        window = [list(column) for column in spin["window"]]
        mults = [list(column) for column in spin["multipliers_grid"]]
        windows = [[list(column) for column in window]]
        win, step, top = Fraction(0), 0, list(spin["stops"])
        while True:
            cm = 1 if g.cascade is None else g.cascade[min(step, len(g.cascade) - 1)]
            w, remove = g.window_wins(window, mults)
            win += w * cm
            if g.cascade is None or not remove or step + 1 >= 64:
                break
            # Winning cells vanish, the rest fall; new symbols come from the strip just above
            # the reel's top, in strip order; new wilds draw their multipliers.
            fresh = []
            for r, strip in enumerate(spin["strips"]):
                kept = [(window[r][row], mults[r][row]) for row in range(len(window[r]))
                        if (r, row) not in remove]
                gone = len(window[r]) - len(kept)
                if gone == 0:
                    continue
                top[r] = (top[r] - gone) % len(strip)
                new = [(strip[(top[r] + j) % len(strip)], 0) for j in range(gone)]
                window[r] = [c for c, _ in new + kept]
                mults[r] = [m for _, m in new + kept]
                fresh += [(r, j) for j in range(gone)]
            spin["refill"](window, mults, fresh)
            step += 1
            windows.append([list(column) for column in window])
        awards = 0
        for s in g.scatters:
            n = sum(column.count(s) for column in window)
            if n == 0:
                continue
            win += g.pay(s, n)
            if g.free and g.free.get("trigger") == s:
                awards = g.award(n, free)
        if free and g.free:
            win *= g.free.get("multiplier", 1)
        before = total
        total += win
        if free:
            left -= 1
            played += 1
        else:
            base = win
        awards = min(awards, g.max_spins - awarded)
        left += awards
        awarded += awards
        if g.cap is not None and total >= g.cap:
            total, capped, left = g.cap, True, 0
        if left == 0:
            sticky.clear()
        spins.append({"free": free, "reel_set": spin["reel_set"], "stops": spin["stops"],
                      "windows": windows, "win": fmt_exact(total - before),
                      "free_spins_awarded": awards})

    if not in_free:
        one(False)
    while left > 0:
        one(True)
    return {"spins": spins, "free_spins_awarded": awarded, "free_spins_played": played,
            "base_win": fmt_exact(base), "total_win": fmt_exact(total), "capped": capped}, total


# --- 11. The hold'em deck: many players, one deck (docs/fairness.md §10.5) -------------------


def combined_client_seed(seeds):
    """seeds: [[seat, client seed], ...] -> lowercase hex SHA-256 of the length-prefixed list."""
    if not isinstance(seeds, list) or not 1 <= len(seeds) <= 10:
        raise VerifyError("client_seeds: a hand combines 1-10 seeds")
    pairs = []
    for i, e in enumerate(seeds):
        if not isinstance(e, list) or len(e) != 2:
            raise VerifyError(f"client_seeds[{i}]: expected [seat, client seed]")
        seat = small_int(e[0], f"client_seeds[{i}] seat", 0, 255)
        pairs.append((seat, check_seed(e[1], "client seed", CLIENT_SEED_MAX_BYTES)))
    pairs.sort(key=lambda p: p[0])
    for a, b in zip(pairs, pairs[1:]):
        if a[0] == b[0]:
            raise VerifyError(f"client_seeds: seat {a[0]} appears twice")
    m = b""
    for seat, s in pairs:
        raw = s.encode("utf-8")
        m += bytes([seat]) + struct.pack(">I", len(raw)) + raw
    return hashlib.sha256(m).hexdigest()


def holdem_deck(args):
    client = combined_client_seed(args["client_seeds"])
    sampler = Sampler(Stream(args["server_seed"], client, check_nonce(args["hand_no"])), UNBIASED)
    deck = [card_name(c) for c in sampler.shuffle(list(range(52)))]
    return {"combined_client_seed": client, "deck": deck, "position": sampler.stream.position}


# --- Operations (shared by the CLI and batch mode) -------------------------------------------


def op_commitment(a):
    out = {"commitment": commitment(a["server_seed"])}
    if a.get("commitment") is not None:
        out["valid"] = verify_commitment(a["server_seed"], a["commitment"])
    return out


def op_bytes(a):
    s = Stream(a["server_seed"], a["client_seed"], a["nonce"], a.get("position", 0))
    data = s.read(a["count"])
    return {"bytes": list(data), "hex": data.hex(), "position": s.position}


def op_index(a):
    s = sampler_from(a)
    values = [s.index_below(a["n"]) for _ in range(a.get("count", 1))]
    return {"values": values, "position": s.stream.position}


def float_bits(f):
    """The IEEE-754 binary64 bit pattern of f, as an integer (for exact comparisons)."""
    return struct.unpack(">Q", struct.pack(">d", f))[0]


def op_float(a):
    s = sampler_from(a)
    values = [s.float() for _ in range(a.get("count", 1))]
    return {"values": values, "bits": [float_bits(f) for f in values], "position": s.stream.position}


def op_shuffle(a):
    s = sampler_from(a)
    return {"permutation": s.shuffle(list(range(a["len"]))), "position": s.stream.position}


def op_deal(a):
    s = sampler_from(a)
    return {"cards": deal(s, a["decks"], a["cards"]), "position": s.stream.position}


def op_pick(a):
    s = sampler_from(a)
    items = list(range(a["len"]))
    picked = [s.pick_and_remove(items) for _ in range(a["picks"])]
    return {"picked": picked, "remaining": items, "position": s.stream.position}


def op_weighted(a):
    s = sampler_from(a)
    values = [s.weighted_index(a["weights"]) for _ in range(a.get("count", 1))]
    return {"values": values, "position": s.stream.position}


def op_chance(a):
    s = sampler_from(a)
    values = [s.chance(a["numerator"], a["denominator"]) for _ in range(a.get("count", 1))]
    return {"values": values, "position": s.stream.position}


def op_crash(a):
    edge = parse_fraction(a.get("house_edge", "0.01"), "house_edge")
    h = crash_hundredths(parse_hex32(a["game_hash"], "game hash"), a["salt"], edge,
                         a.get("formula", "int32"))
    return {"hundredths": h, "crash_point": fmt_hundredths(h)}


def op_chain(a):
    chain = build_chain(parse_hex32(a["seed_hash"], "seed hash"), a["length"])
    return {"terminating": chain[0].hex(), "chain": [h.hex() for h in chain]}


def op_chain_verify(a):
    game = verify_chain(parse_hex32(a["game_hash"], "game hash"),
                        parse_hex32(a["terminating"], "terminating hash"), a["max_steps"])
    return {"valid": game is not None, "game_number": game}


OPS = {
    "commitment": op_commitment,
    "bytes": op_bytes,
    "index": op_index,
    "float": op_float,
    "shuffle": op_shuffle,
    "deal": op_deal,
    "pick": op_pick,
    "weighted": op_weighted,
    "chance": op_chance,
    "dice": lambda a: dice(a),
    "crash": op_crash,
    "chain": op_chain,
    "chain_verify": op_chain_verify,
    "roulette": roulette,
    "baccarat": baccarat,
    "plinko": plinko,
    "keno": keno,
    "wheel": wheel,
    "limbo": limbo,
    "mines": mines,
    "blackjack": blackjack,
    "crash_game": crash_game,
    "slot": slot,
    "holdem_deck": holdem_deck,
}


def run(case):
    op = case.get("op", "").replace("-", "_")
    if op not in OPS:
        raise VerifyError(f"unknown op {op!r}: expected one of {sorted(OPS)}")
    try:
        return OPS[op](case)
    except KeyError as e:
        raise VerifyError(f"missing argument {e.args[0]!r} for {op}") from None


def batch(inp, out):
    for line in inp:
        if not line.strip():
            continue
        case_id = None
        try:
            case = json.loads(line)
            case_id = case.get("id")
            result = {"id": case_id, "result": run(case)}
        except (VerifyError, ValueError, TypeError, AttributeError) as e:
            result = {"id": case_id, "error": str(e)}
        out.write(json.dumps(result) + "\n")
    out.flush()


def json_argument(text, what):
    """A command-line JSON argument: the text itself, or @FILE (a .toml file is read with tomllib,
    Python 3.11+)."""
    if not text.startswith("@"):
        try:
            return json.loads(text)
        except ValueError as e:
            raise VerifyError(f"--{what}: not JSON ({e})") from None
    path = text[1:]
    try:
        if path.endswith(".toml"):
            import tomllib  # Python 3.11+

            with open(path, "rb") as f:
                return tomllib.load(f)
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError, ImportError) as e:
        raise VerifyError(f"--{what}: cannot read {path}: {e}") from None


def main(argv=None):
    p = argparse.ArgumentParser(description="Verify Kingpin provably-fair rounds (docs/fairness.md).")
    p.add_argument("--batch", action="store_true", help="read JSON-lines cases on stdin")
    sub = p.add_subparsers(dest="op")

    def seeded(name, help_text):
        q = sub.add_parser(name, help=help_text)
        q.add_argument("--server-seed", required=True)
        q.add_argument("--client-seed", required=True)
        q.add_argument("--nonce", type=int, required=True)
        q.add_argument("--position", type=int, default=0, help="start at this stream byte")
        q.add_argument("--profile", choices=PROFILES, default=UNBIASED)
        return q

    q = sub.add_parser("commitment", help="SHA-256 of a server seed, optionally checked")
    q.add_argument("--server-seed", required=True)
    q.add_argument("--commitment")
    seeded("bytes", "raw stream bytes").add_argument("--count", type=int, default=32)
    q = seeded("index", "indices below n")
    q.add_argument("--n", type=int, required=True)
    q.add_argument("--count", type=int, default=1)
    seeded("float", "floats in [0, 1)").add_argument("--count", type=int, default=1)
    seeded("shuffle", "Fisher-Yates shuffle of 0..len-1").add_argument("--len", type=int, required=True)
    q = seeded("deal", "cards dealt from a lazily shuffled shoe")
    q.add_argument("--decks", type=int, required=True, help="1-8, or 0 for an infinite deck")
    q.add_argument("--cards", type=int, required=True)
    q = seeded("pick", "pick-and-remove from 0..len-1")
    q.add_argument("--len", type=int, required=True)
    q.add_argument("--picks", type=int, required=True)
    q = seeded("weighted", "weighted indices")
    q.add_argument("--weights", required=True, help="comma-separated integers")
    q.add_argument("--count", type=int, default=1)
    q = seeded("chance", "index_below(denominator) < numerator")
    q.add_argument("--numerator", type=int, required=True)
    q.add_argument("--denominator", type=int, required=True)
    q.add_argument("--count", type=int, default=1)
    q = seeded("dice", "a dice round")
    q.set_defaults(profile=STAKE)
    q.add_argument("--target", required=True)
    q.add_argument("--condition", choices=("over", "under"), required=True)
    q.add_argument("--stake", type=int, required=True, help="in minor units")
    q.add_argument("--house-edge", default="0.01")
    q.add_argument("--min-chance", default="0.01")
    q.add_argument("--max-chance", default="98")
    q = sub.add_parser("crash", help="crash point of a game hash")
    q.add_argument("--game-hash", required=True)
    q.add_argument("--salt", required=True)
    q.add_argument("--house-edge", default="0.01")
    q.add_argument("--formula", choices=("int32", "float52"), default="int32")
    q = sub.add_parser("chain", help="build a crash hash chain below a seed hash")
    q.add_argument("--seed-hash", required=True)
    q.add_argument("--length", type=int, required=True)
    q = sub.add_parser("chain-verify", help="walk a game hash down to the terminating hash")
    q.add_argument("--game-hash", required=True)
    q.add_argument("--terminating", required=True)
    q.add_argument("--max-steps", type=int, default=1_000_000)

    def game(name, help_text, actions=False):
        q = sub.add_parser(name, help=help_text)
        q.add_argument("--server-seed", required=True)
        q.add_argument("--client-seed", required=True)
        q.add_argument("--nonce", type=int, required=True)
        q.add_argument("--config", default="{}",
                       help="the game's configuration: JSON text, or @FILE (JSON; .toml too for "
                            "slots, with Python 3.11+)")
        q.add_argument("--bet", required=True, help='JSON, e.g. \'{"stake": 100, "params": {...}}\'')
        if actions:
            q.add_argument("--actions", default="[]", help="JSON list of the round's actions")
        return q

    game("roulette", "a roulette spin: pocket and the return of each placed bet")
    game("baccarat", "a baccarat coup: cards, totals, winner and returns")
    game("plinko", "a plinko drop (config: the payout tables)")
    game("keno", "a keno draw (config: the payout tables)")
    game("wheel", "a wheel spin (config: the payout tables)")
    game("limbo", "a limbo round")
    game("mines", "a mines round: mine positions, then the actions replayed", actions=True)
    game("blackjack", "a blackjack round: the deal, then the player's actions replayed",
         actions=True)
    game("crash-game", "a single-player crash round and its action", actions=True)
    game("slot", "a slot round: every spin's stops, windows and win, free spins, cap, payout")
    q = sub.add_parser("holdem-deck", help="the deck of a hold'em hand (many players, one deck)")
    q.add_argument("--server-seed", required=True)
    q.add_argument("--seat", action="append", required=True, metavar="SEAT=CLIENT_SEED",
                   help="one per occupied seat")
    q.add_argument("--hand-no", type=int, required=True)

    args = p.parse_args(argv)
    if args.batch:
        batch(sys.stdin, sys.stdout)
        return 0
    if args.op is None:
        p.error("give a command or --batch")
    case = {k: v for k, v in vars(args).items() if v is not None and k != "batch"}
    if "weights" in case:
        try:
            case["weights"] = [int(w) for w in case["weights"].split(",")]
        except ValueError:
            p.error("--weights: comma-separated integers, such as 1,2,3")
    try:
        for key in ("config", "bet", "actions"):
            if key in case:
                case[key] = json_argument(case[key], key)
        if "seat" in case:
            seats = []
            for text in case.pop("seat"):
                seat, sep, seed = text.partition("=")
                if not sep or not seat.isdigit():
                    p.error("--seat: SEAT=CLIENT_SEED, such as 0=alice")
                seats.append([int(seat), seed])
            case["client_seeds"] = seats
        print(json.dumps(run(case), ensure_ascii=False))
    except (VerifyError, ValueError, TypeError, AttributeError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
