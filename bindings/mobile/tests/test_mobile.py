"""The uniffi library through uniffi's generated Python bindings: the same compiled library the
Kotlin and Swift apps load, checked on the shared vectors and the API's behaviour."""

import json

import pytest

import kingpin_mobile as k

BET = json.dumps({"stake": 100, "params": {"target": "50", "condition": "over"}})


def test_vectors_rounds(vectors):
    for case in vectors["rounds"]:
        args = (
            case["game"], json.dumps(case["config"]), json.dumps(case["bet"]), json.dumps(case["actions"]),
            case["server_seed"], case["client_seed"], case["nonce"],
        )
        if "expected" in case:
            assert json.loads(k.verify(*args)) == case["expected"], case["name"]
        else:
            err = case["expected_error"]
            with pytest.raises(k.KingpinError) as info:
                k.verify(*args)
            assert type(info.value).__name__ == err["kind"], case["name"]
            assert str(info.value) == err["message"], case["name"]
    covered = {c["game"] for c in vectors["rounds"] if "expected" in c}
    assert set(k.games()) <= covered


def test_vectors_commitments_and_crash(vectors):
    for case in vectors["commitments"]:
        assert k.commitment(case["server_seed"]) == case["expected"]
    for case in vectors["crash_chains"]:
        chain = k.crash_chain(case["seed_hash"], case["length"])
        assert chain == case["expected"]["chain"]
        for g, h in enumerate(chain[1:], start=1):
            r = k.crash_verify(h, chain[0], case["salt"], case["edge"], case["formula"], case["length"])
            assert r == k.CrashCheck(game_number=g, crash_point=case["expected"]["crash_points"][g - 1])


def test_vectors_hands(vectors):
    for case in vectors["hands"]:
        assert json.loads(k.evaluate_hand(case["cards"])) == case["expected"]


def test_vectors_hand_decks(vectors):
    for case in vectors["hand_decks"]:
        seeds = [k.SeatSeed(seat=seat, seed=seed) for seat, seed in case["client_seeds"]]
        if "expected" in case:
            assert json.loads(k.verify_hand_deck(case["server_seed"], seeds, case["nonce"])) == case["expected"], case["name"]
        else:
            err = case["expected_error"]
            with pytest.raises(k.KingpinError) as info:
                k.verify_hand_deck(case["server_seed"], seeds, case["nonce"])
            assert type(info.value).__name__ == err["kind"], case["name"]
            assert str(info.value) == err["message"], case["name"]


def test_verify_hand_deck():
    seeds = [k.SeatSeed(seat=3, seed="bob"), k.SeatSeed(seat=0, seed="alice")]
    deck = json.loads(k.verify_hand_deck("house seed", seeds, 1))
    assert " ".join(deck["deck"][:9]) == "Td 4h 4d 8h 6d 9d 6s 3h Qd"
    assert deck["commitment"] == k.commitment("house seed")
    with pytest.raises(k.KingpinError.InvalidBet, match="seat 300"):
        k.verify_hand_deck("house seed", [k.SeatSeed(seat=300, seed="x")], 1)
    with pytest.raises(k.KingpinError.SeedError, match="client seed of seat 2"):
        k.verify_hand_deck("house seed", [k.SeatSeed(seat=2, seed="")], 1)


def test_practice_session():
    p = k.PracticeSession("py seed")
    c = p.commitment()
    rounds = [p.play("dice", "{}", BET, "[]") for _ in range(2)]
    assert p.nonce() == 2
    with pytest.raises(k.KingpinError.InvalidBet):
        p.play("dice", "{}", json.dumps({"stake": 1, "params": {"target": "150", "condition": "over"}}), "[]")
    assert p.nonce() == 2
    revealed = json.loads(p.reveal())
    assert k.verify_commitment(revealed["server_seed"], c)
    for n, r in enumerate(rounds):
        assert k.verify("dice", "{}", BET, "[]", revealed["server_seed"], "py seed", n) == r
    with pytest.raises(k.KingpinError.SessionRevealed):
        p.play("dice", "{}", BET, "[]")
    replay = k.PracticeSession.from_seeds(revealed["server_seed"], "py seed", 0)
    assert replay.play("dice", "{}", BET, "[]") == rounds[0]


def test_seeds_and_catalog():
    s = k.new_server_seed()
    assert len(s) == 64 and s != k.new_server_seed()
    assert k.verify_commitment(s, k.commitment(s))
    assert "dice" in k.games()
    assert json.loads(k.default_config("dice"))["house_edge"] == "0.01"
    assert json.loads(k.exact_rtp("dice", "{}", BET))["fraction"] == "9900/10001"
    with pytest.raises(k.KingpinError.InvalidConfig):
        k.default_config("nope")


def test_evaluate_hand():
    assert json.loads(k.evaluate_hand("Ah Kh Qh Jh Th 2c 3d"))["description"] == "royal flush"
    with pytest.raises(k.KingpinError.InvalidBet):
        k.evaluate_hand("Ah Ah Kh Qh Jh")


def test_poker_equity():
    done = json.loads(k.poker_equity(["Ah Ad", "Kh Kd"], "Kc 7s 2d 9h 3c", "", None, 0))
    assert done["boards"] == 1 and [p["wins"] for p in done["players"]] == [0, 1]
    e = json.loads(k.poker_equity(["Ah Ad", "Kh Kd"], "2c 3c 4s", "", None, 0))
    assert e["boards"] == 990 and e["exact"] is True
    assert sum(p["equity"] for p in e["players"]) == pytest.approx(1.0, abs=1e-12)
    mc = k.poker_equity(["Ah Ad", "Kh Kd"], "2c 3c 4s", "", 20_000, 9)
    assert mc == k.poker_equity(["Ah Ad", "Kh Kd"], "2c 3c 4s", "", 20_000, 9)
    mc = json.loads(mc)
    assert mc["exact"] is False and mc["boards"] == 20_000
    assert mc["players"][0]["equity"] == pytest.approx(e["players"][0]["equity"], abs=0.02)
    with pytest.raises(k.KingpinError.InvalidBet):
        k.poker_equity(["Ah Ad", "Ah Kd"], "", "", None, 0)
    with pytest.raises(k.KingpinError.InvalidBet):
        k.poker_equity(["Ah Ad", "Kh Kd"], "", "", 0, 0)
