"""The `kingpin` module from Python: every operation, every exception class."""

import json
import pathlib
import threading
from fractions import Fraction

import pytest

import kingpin

BET = {"stake": 100, "params": {"target": "50", "condition": "over"}}


def test_catalog_lists_dice():
    assert "dice" in kingpin.games()
    assert kingpin.GAMES == kingpin.games()
    assert kingpin.default_config("dice")["house_edge"] == "0.01"


def test_verify_accepts_dicts_and_json_text():
    a = kingpin.verify("dice", BET, "server seed", "client seed", 1)
    b = kingpin.verify(
        "dice",
        '{"stake": 100, "params": {"target": "50", "condition": "over"}}',
        "server seed",
        "client seed",
        1,
        config="{}",
        actions="[]",
    )
    assert a == b
    assert a["final"]["status"] == "settled"
    assert a["final"]["outcome"]["roll"] == "74.67"
    assert a["final"]["payout"] == 198
    assert a["commitment"] == kingpin.commitment("server seed")
    assert kingpin.play is kingpin.verify


@pytest.mark.parametrize(
    "call, exc, text",
    [
        (lambda: kingpin.verify("dice", {"stake": 100, "params": {"target": "150", "condition": "over"}}, "s", "c", 0), kingpin.InvalidBet, "params.target"),
        (lambda: kingpin.verify("dice", BET, "s", "c", 0, config={"house_edge": "1"}), kingpin.InvalidConfig, "house_edge"),
        (lambda: kingpin.verify("nope", BET, "s", "c", 0), kingpin.InvalidConfig, "unknown game"),
        (lambda: kingpin.verify("dice", BET, "s", "c", 0, actions=[None]), kingpin.IllegalAction, "settled"),
        (lambda: kingpin.verify("dice", BET, "", "c", 0), kingpin.SeedError, "server seed is empty"),
        (lambda: kingpin.verify("dice", {"stake": "x"}, "s", "c", 0), kingpin.DecodeError, "cannot read bet"),
        (lambda: kingpin.verify_commitment("s", "zz"), kingpin.SeedError, "hex"),
        (lambda: kingpin.crash_point("ab" * 32, "salt", edge="lots"), kingpin.AmountError, ""),
    ],
)
def test_errors_map_to_exception_classes_with_the_engine_message(call, exc, text):
    with pytest.raises(exc) as info:
        call()
    assert isinstance(info.value, kingpin.KingpinError)
    assert text in str(info.value)


def test_exact_rtp():
    from fractions import Fraction

    # 0.00-100.00 has 10 001 outcomes; "over 50" wins on 4 999 of them at 1.98x.
    assert kingpin.exact_rtp_fraction("dice", BET) == Fraction(9900, 10001)
    assert kingpin.exact_rtp("dice", BET) == pytest.approx(9900 / 10001)


def test_simulate_is_reproducible_whatever_the_thread_count():
    one = kingpin.simulate("dice", BET, 200_000, seed=7, threads=1)
    two = kingpin.simulate("dice", BET, 200_000, seed=7, threads=2)
    assert one.to_dict() == two.to_dict()
    assert one.rounds == 200_000
    lo, hi = one.rtp_ci95
    assert lo < 9900 / 10001 < hi
    assert one.exact_rtp == pytest.approx(9900 / 10001)
    assert one.hits + one.losses == one.rounds
    dist = one.win_distribution
    assert len(dist) == len(one.win_bucket_edges) + 1
    assert int(sum(dist)) == one.hits
    r = repr(one)
    assert r.startswith("SimStats(game='dice', rounds=200000, rtp=")


def test_win_distribution_is_a_numpy_array_when_numpy_is_installed():
    np = pytest.importorskip("numpy")
    dist = kingpin.simulate("dice", BET, 1000, seed=1).win_distribution
    assert isinstance(dist, np.ndarray)
    assert dist.dtype == np.uint64


def test_simulate_releases_the_gil():
    # A Python thread keeps counting while the simulation runs in Rust.
    ticks = []
    stop = threading.Event()

    def count():
        while not stop.is_set():
            ticks.append(1)

    t = threading.Thread(target=count)
    t.start()
    try:
        kingpin.simulate("dice", BET, 2_000_000, seed=3, threads=1)
    finally:
        stop.set()
        t.join()
    assert len(ticks) > 1000


def test_seeds_and_commitments():
    seed = kingpin.new_server_seed()
    assert len(seed) == 64 and seed != kingpin.new_server_seed()
    c = kingpin.commitment(seed)
    assert kingpin.verify_commitment(seed, c)
    assert not kingpin.verify_commitment(seed + "x", c)
    assert len(kingpin.new_client_seed()) == 32


def test_practice_session_plays_and_reveals():
    p = kingpin.PracticeSession("my seed")
    commitment = p.commitment
    rounds = [p.play("dice", BET) for _ in range(3)]
    assert p.nonce == 3
    with pytest.raises(kingpin.InvalidBet):
        p.play("dice", {"stake": 100, "params": {"target": "150", "condition": "over"}})
    assert p.nonce == 3
    revealed = p.reveal()
    assert p.revealed
    assert kingpin.verify_commitment(revealed["server_seed"], commitment)
    for nonce, r in enumerate(rounds):
        assert kingpin.verify("dice", BET, revealed["server_seed"], "my seed", nonce) == r
    with pytest.raises(kingpin.SessionRevealed):
        p.play("dice", BET)
    assert "revealed=True" in repr(p)


def test_crash_chain():
    chain = kingpin.crash_chain("ab" * 32, 4)
    assert len(chain) == 5
    check = kingpin.crash_verify(chain[2], chain[0], "salt", max_steps=10)
    assert check == {"game_number": 2, "crash_point": kingpin.crash_point(chain[2], "salt")}
    assert kingpin.crash_verify(chain[2], chain[0], "salt", max_steps=1)["game_number"] is None


def test_evaluate_hand():
    royal = kingpin.evaluate_hand("Ah Kh Qh Jh Th 2c 3d")
    assert royal == {"rank": 7462, "category": "straight_flush", "description": "royal flush"}
    assert kingpin.evaluate_hand("Kc,Kd,Ks,7h,7c")["rank"] > kingpin.evaluate_hand("2h 5h 9h Jh Kh")["rank"]
    with pytest.raises(kingpin.InvalidBet):
        kingpin.evaluate_hand("Ah Ah Kh Qh Jh")


def test_poker_equity_exact_and_monte_carlo():
    # A complete board: one "completion", decided by the evaluator.
    done = kingpin.poker_equity(["Ah Ad", "Kh Kd"], "Kc 7s 2d 9h 3c")
    assert done["exact"] is True and done["boards"] == 1
    assert [p["wins"] for p in done["players"]] == [0, 1]
    # A flop: every turn and river pair (45 cards left choose 2).
    e = kingpin.poker_equity(["Ah Ad", "Kh Kd"], "2c 3c 4s")
    assert e["boards"] == 990 and e["exact"] is True
    assert sum(p["equity"] for p in e["players"]) == pytest.approx(1.0, abs=1e-12)
    for p in e["players"]:
        assert p["equity"] == pytest.approx(p["share_2520"] / (2520 * e["boards"]))
    # Monte Carlo: reproducible from its seed, close to the exact figure.
    mc = kingpin.poker_equity(["Ah Ad", "Kh Kd"], "2c 3c 4s", trials=20_000, seed=9)
    assert mc == kingpin.poker_equity(["Ah Ad", "Kh Kd"], "2c 3c 4s", trials=20_000, seed=9)
    assert mc["exact"] is False and mc["boards"] == 20_000
    assert mc["players"][0]["equity"] == pytest.approx(e["players"][0]["equity"], abs=0.02)
    # Dead cards leave the deck: 41 cards left, 820 turn and river pairs.
    dead = kingpin.poker_equity(["Ah Ad", "Kh Kd"], "2c 3c 4s", "Ac As Kc Ks")
    assert dead["boards"] == 820


@pytest.mark.parametrize(
    "args, kwargs",
    [
        ((["Ah Ad"],), {}),
        ((["Ah Ad", "Kh"],), {}),
        ((["Ah Ad", "Ah Kd"],), {}),
        ((["Ah Ad", "Kh Kd"], "2c 3c 4s 5s 6s 7s"), {}),
        ((["Ah Ad", "Kh Kd"],), {"trials": 0}),
        ((["Ah Ad", "Kh Kd"],), {"trials": 10_000_001}),
    ],
)
def test_poker_equity_refuses_bad_input(args, kwargs):
    with pytest.raises(kingpin.InvalidBet):
        kingpin.poker_equity(*args, **kwargs)


def test_verify_hand_deck():
    deck = kingpin.verify_hand_deck("house seed", {3: "bob", 0: "alice"}, 1)
    # The engine's golden first nine cards (engine/src/poker/deck.rs).
    assert " ".join(deck["deck"][:9]) == "Td 4h 4d 8h 6d 9d 6s 3h Qd"
    assert len(set(deck["deck"])) == 52
    assert deck["commitment"] == kingpin.commitment("house seed")
    assert len(deck["combined_client_seed"]) == 64
    # Pairs in any order give the same deck; another hand number another one.
    assert kingpin.verify_hand_deck("house seed", [(0, "alice"), (3, "bob")], 1) == deck
    assert kingpin.verify_hand_deck("house seed", [(0, "alice"), (3, "bob")], 2)["deck"] != deck["deck"]


@pytest.mark.parametrize(
    "seeds, error, text",
    [
        ({0: "a", 256: "b"}, kingpin.InvalidBet, "seat 256"),
        ([(-1, "a")], kingpin.InvalidBet, "seat -1"),
        ([(1, "a"), (1, "b")], kingpin.InvalidBet, "seat 1 appears twice"),
        ({}, kingpin.InvalidBet, "0 seeds"),
        ({i: "x" for i in range(11)}, kingpin.InvalidBet, "11 seeds"),
        ({7: ""}, kingpin.SeedError, "client seed of seat 7"),
        ([("0", "a")], kingpin.DecodeError, "element 0"),
        ([(0, "a", "extra")], kingpin.DecodeError, "element 0"),
    ],
)
def test_verify_hand_deck_refuses_bad_input(seeds, error, text):
    with pytest.raises(error, match=text):
        kingpin.verify_hand_deck("house seed", seeds, 1)


REFERENCE = pathlib.Path(__file__).resolve().parents[3] / "games" / "reference"


def test_load_slot_from_a_path_text_or_dict():
    path = REFERENCE / "sizzling_hot.json"
    info = kingpin.load_slot(path)
    assert info["bet_modes"][0] == "base"
    assert info["combinations"]["base"] > 0
    assert kingpin.load_slot(str(path)) == info
    assert kingpin.load_slot(path.read_text()) == info
    assert kingpin.load_slot(json.loads(path.read_text())) == info
    # The definition read back is a valid `slot` config.
    assert kingpin.load_slot(info["definition"]) == info
    broken = json.loads(path.read_text())
    broken["reels"] = 0
    with pytest.raises(kingpin.InvalidConfig):
        kingpin.load_slot(broken)
    with pytest.raises(FileNotFoundError):
        kingpin.load_slot(REFERENCE / "no_such_slot.json")


def test_slot_rtp_report_matches_the_catalog():
    path = REFERENCE / "sizzling_hot.json"
    reports = kingpin.slot_rtp(path)
    base = reports["base"]
    assert isinstance(base, kingpin.SlotRtpReport)
    assert base.mode == "base" and base.exact is True
    bet = {"stake": 100, "params": {"mode": "base"}}
    config = json.loads(path.read_text())
    assert base.rtp == pytest.approx(kingpin.exact_rtp("slot", bet, config=config), rel=1e-12)
    assert Fraction(base.rtp_fraction) == kingpin.exact_rtp_fraction("slot", bet, config=config)
    closed = kingpin.slot_rtp(path, "base", max_combinations=0)["base"]
    assert closed.method == "closed form" and closed.combinations == 0
    assert closed.rtp == base.rtp
    # Five sevens on a line: 40 of 25^5 stop combinations, found by the enumeration only.
    assert base.top_base_win == 1000.0
    assert Fraction(base.top_base_probability_fraction) == Fraction(40, 25**5)
    assert base.top_base_probability == pytest.approx(40 / 25**5, rel=1e-12)
    assert closed.top_base_win is None and closed.top_base_probability_fraction is None
    # Over the limit the enumeration runs only when asked for.
    assert kingpin.slot_rtp(path, "base", max_combinations=1000)["base"].top_base_win is None
    forced = kingpin.slot_rtp(path, "base", max_combinations=1000, brute_force=True)["base"]
    assert forced.top_base_win == 1000.0 and forced.rtp_fraction == base.rtp_fraction
    assert base.to_dict()["mode"] == "base"
    assert repr(base).startswith("SlotRtpReport(mode='base'")
    with pytest.raises(kingpin.InvalidBet):
        kingpin.slot_rtp(path, "no such mode")


def test_slot_rtp_reports_every_bet_mode():
    path = REFERENCE / "dolphins_pearl.json"
    modes = kingpin.load_slot(path)["bet_modes"]
    reports = kingpin.slot_rtp(path, max_combinations=0)
    assert list(reports) == modes
    for name, r in reports.items():
        assert r.mode == name
        assert r.rtp is None or 0 < r.rtp < 2
        if r.rtp is not None and r.feature_rtp is not None and r.base_rtp is not None:
            assert r.base_rtp + r.feature_rtp == pytest.approx(r.rtp, rel=1e-9)
