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
        print(json.dumps(run(case), ensure_ascii=False))
    except VerifyError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
