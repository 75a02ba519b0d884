"""Slot simulation from Python: the full report, shards that merge exactly, pickling."""

import json
import pathlib
import pickle

import pytest

import kingpin

ROOT = pathlib.Path(__file__).resolve().parents[3]
DOLPHINS = json.loads((ROOT / "games/reference/dolphins_pearl.json").read_text())


def test_simulate_slot_reports_every_figure():
    sim = kingpin.simulate_slot(DOLPHINS, 100_000, seed=5, threads=2)
    assert sim.rounds == 100_000 and sim.seed == 5 and sim.complete
    assert sim.exact_rtp == pytest.approx(0.863007, abs=1e-6)
    lo, hi = sim.rtp_ci95
    assert lo < sim.rtp < hi
    r = sim.report
    assert r["base_rtp"] + r["feature_rtp"] == pytest.approx(sim.rtp, rel=1e-3)
    assert 0 < r["feature_frequency"] < 0.05
    assert r["volatility_index"] == pytest.approx(1.645 * r["std_dev"])
    assert {s["symbol"] for s in r["symbols"]} >= {"pearl", "dolphin"}
    assert [s["rounds"] for s in r["spread"]] == [10**3, 10**4, 10**5, 10**6, 10**7]
    assert r["exact"]["rounds_for_0_1_percent"] > 1e6
    assert r["top_awards"][0]["multiple"] == r["max_win_multiple"]
    hist, edges = sim.histogram, sim.histogram_edges
    assert len(hist) == len(edges) + 1
    assert int(hist.sum()) == sim.stats["stats"]["hits"]
    assert str(hist.dtype) == "uint64"
    assert "SlotSimulation(game=" in repr(sim)


def test_shards_merge_to_the_whole_run_and_pickle():
    whole = kingpin.simulate_slot(DOLPHINS, 150_000, seed=9)
    shards = [
        kingpin.simulate_slot(DOLPHINS, 150_000, seed=9, shard=(i, 3), threads=1)
        for i in range(3)
    ]
    # Workers (Ray, multiprocessing) send results back pickled.
    shards = [pickle.loads(pickle.dumps(s)) for s in shards]
    merged = kingpin.merge_slot_simulations(shards)
    assert merged.stats == whole.stats
    assert merged.rtp == whole.rtp
    # Dicts and JSON text merge too.
    again = kingpin.merge_slot_simulations([shards[0].to_dict(), shards[1].to_json(), shards[2]])
    assert again.stats == whole.stats
    part = kingpin.merge_slot_simulations(shards[:2], partial=True)
    assert part.shards == [0, 1] and not part.complete


def test_bad_requests_raise_clear_errors():
    with pytest.raises(kingpin.InvalidConfig, match="shards missing: 2/3"):
        kingpin.merge_slot_simulations(
            [kingpin.simulate_slot(DOLPHINS, 1000, seed=1, shard=(i, 3)) for i in range(2)]
        )
    with pytest.raises(kingpin.InvalidBet, match="unknown bet mode"):
        kingpin.simulate_slot(DOLPHINS, 10, mode="nope")
    with pytest.raises(kingpin.InvalidConfig, match="shard"):
        kingpin.simulate_slot(DOLPHINS, 10, shard=(3, 3))
    bad = dict(DOLPHINS, reels=0)
    with pytest.raises(kingpin.InvalidConfig):
        kingpin.simulate_slot(bad, 10)
    with pytest.raises(kingpin.DecodeError):
        kingpin.merge_slot_simulations(["{}"])


def test_a_definition_path_works_like_the_dict():
    path = ROOT / "games/reference/sizzling_hot.json"
    a = kingpin.simulate_slot(path, 20_000, seed=1, symbols=False)
    b = kingpin.simulate_slot(str(path), 20_000, seed=1, symbols=False)
    c = kingpin.simulate_slot(json.loads(path.read_text()), 20_000, seed=1, symbols=False)
    assert a.stats == b.stats == c.stats
    assert a.report["symbols"] == []
