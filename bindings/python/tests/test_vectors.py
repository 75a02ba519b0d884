"""The cross-language vectors (tests/vectors/rounds.json): Python agrees with Rust on every game."""

import kingpin


def test_rounds(vectors):
    for case in vectors["rounds"]:
        args = (case["game"], case["bet"], case["server_seed"], case["client_seed"], case["nonce"])
        kwargs = {"config": case["config"], "actions": case["actions"]}
        if "expected" in case:
            assert kingpin.verify(*args, **kwargs) == case["expected"], case["name"]
        else:
            err = case["expected_error"]
            try:
                kingpin.verify(*args, **kwargs)
            except kingpin.KingpinError as e:
                assert type(e).__name__ == err["kind"], case["name"]
                assert str(e) == err["message"], case["name"]
            else:
                raise AssertionError(f"{case['name']}: no error")


def test_every_catalog_game_is_covered(vectors):
    covered = {c["game"] for c in vectors["rounds"] if "expected" in c}
    assert set(kingpin.games()) <= covered


def test_commitments(vectors):
    for case in vectors["commitments"]:
        assert kingpin.commitment(case["server_seed"]) == case["expected"]


def test_crash_chains(vectors):
    for case in vectors["crash_chains"]:
        chain = kingpin.crash_chain(case["seed_hash"], case["length"])
        assert chain == case["expected"]["chain"]
        for g, h in enumerate(chain[1:], start=1):
            point = kingpin.crash_point(h, case["salt"], case["edge"], case["formula"])
            assert point == case["expected"]["crash_points"][g - 1]
            check = kingpin.crash_verify(h, chain[0], case["salt"], case["edge"], case["formula"], case["length"])
            assert check == {"game_number": g, "crash_point": point}


def test_hands(vectors):
    for case in vectors["hands"]:
        assert kingpin.evaluate_hand(case["cards"]) == case["expected"]


def test_hand_decks(vectors):
    for case in vectors["hand_decks"]:
        seeds = [tuple(pair) for pair in case["client_seeds"]]
        if "expected" in case:
            assert kingpin.verify_hand_deck(case["server_seed"], seeds, case["nonce"]) == case["expected"], case["name"]
        else:
            err = case["expected_error"]
            try:
                kingpin.verify_hand_deck(case["server_seed"], seeds, case["nonce"])
            except kingpin.KingpinError as e:
                assert type(e).__name__ == err["kind"], case["name"]
                assert str(e) == err["message"], case["name"]
            else:
                raise AssertionError(f"{case['name']}: no error")
