#!/usr/bin/env python3
"""Convert the transcribed reference games (shared/reference-games/*.json) into Kingpin slot
definitions (games/reference/*.json). Standard library only; run from the repository root:

    python3 games/convert_reference.py /path/to/reference-games
"""
import json
import sys
from pathlib import Path

src = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/reference-games")
out = Path(__file__).parent / "reference"
out.mkdir(exist_ok=True)


def source_text(d):
    s = d["source"]
    return f'{s["repo"]} @ {s["commit"]}: {s["path"]}'


def num(x):
    # Keep integers as integers, decimals as their shortest text.
    return int(x) if float(x).is_integer() else x


def sizzling():
    d = json.loads((src / "slotopol-novomatic-sizzlinghot.json").read_text())
    names = {k: v.split(" ")[0] for k, v in d["symbols"].items()}
    symbols = []
    for k, name in names.items():
        if k == str(d["scatter"]["symbol"]):
            symbols.append({"name": name, "kind": "scatter",
                            "pays": d["scatter"]["pay_x_total_bet_by_count_1_to_5"]})
        else:
            symbols.append({"name": name, "pays": d["line_pay_per_line_bet_by_count_1_to_5"][k]})
    sets = {k[len("set_"):]: [[names[str(x)] for x in strip] for strip in v]
            for k, v in d["reel_sets"].items()}
    return {
        "name": "Sizzling Hot (Novomatic), reel set A",
        "source": source_text(d),
        "reels": 5, "rows": 3,
        "symbols": symbols,
        "reel_sets": sets,
        "base": {"reel_sets": {"A": 1, "B": 0, "C": 0}},
        "wins": {"type": "lines", "paylines": [[r - 1 for r in l] for l in d["paylines_row_index_top1"]],
                 "pay_unit": "line_bet"},
    }


def dolphins():
    d = json.loads((src / "slotopol-novomatic-dolphinspearl.json").read_text())
    names = {k: v.split(" ")[0] for k, v in d["symbols"].items()}
    symbols = []
    for k, name in names.items():
        if k == "1":
            symbols.append({"name": name, "kind": "wild", "doubles": True,
                            "pays": d["line_pay_per_line_bet_by_count_1_to_5"][k]})
        elif k == str(d["scatter"]["symbol"]):
            symbols.append({"name": name, "kind": "scatter",
                            "pays": d["scatter"]["pay_x_total_bet_by_count_1_to_5"]})
        else:
            symbols.append({"name": name, "pays": d["line_pay_per_line_bet_by_count_1_to_5"][k]})
    sets = {k[len("set_"):]: [[names[str(x)] for x in strip] for strip in v]
            for k, v in d["reel_sets_base"].items()}
    sets["free"] = [[names[str(x)] for x in strip] for strip in d["reel_set_free_spins"]]
    base = {k: 0 for k in sets if k != "free"}
    base["A"] = 1
    return {
        "name": "Dolphin's Pearl (Novomatic), base reel set A",
        "source": source_text(d),
        "reels": 5, "rows": 3,
        "symbols": symbols,
        "reel_sets": sets,
        "base": {"reel_sets": base},
        "wins": {"type": "lines", "paylines": [[r - 1 for r in l] for l in d["paylines_row_index_top1"]],
                 "pay_unit": "line_bet", "wild_rule": "best"},
        "free_spins": {"trigger": "pearl", "awards": d["scatter"]["free_spins_by_count_1_to_5"],
                       "multiplier": d["free_spins"]["multiplier"], "reel_sets": {"free": 1}},
    }


def stake_lines():
    d = json.loads((src / "stakeengine-0_0_lines.json").read_text())
    pt = d["paytable"]
    symbols = [{"name": "W", "kind": "wild", "pays": [num(pt["W"].get(str(n), 0)) for n in range(1, 6)],
                "multipliers": {"free": [{"value": int(v), "weight": w}
                                         for v, w in d["freegame_wild_multiplier_weights"].items()]}},
               {"name": "S", "kind": "scatter"}]
    for s in d["symbols"]["high"] + d["symbols"]["low"]:
        symbols.append({"name": s, "pays": [num(pt[s].get(str(n), 0)) for n in range(1, 6)]})

    def table(m):
        return [m.get(str(n), 0) for n in range(1, max(int(k) for k in m) + 1)]

    trig = d["freespin_triggers"]
    return {
        "name": "Stake Engine sample lines game (0_0_lines), natural reels",
        "source": source_text(d),
        "reels": 5, "rows": d["grid"]["rows"],
        "symbols": symbols,
        "reel_sets": d["reel_strips"],
        "base": {"reel_sets": {"BR0": 1}},
        "wins": {"type": "lines", "paylines": [d["paylines_row_index_top0"][str(i)] for i in range(1, 21)],
                 "pay_unit": "total_bet", "wild_rule": "best", "wild_multipliers": "sum"},
        "free_spins": {"trigger": "S", "awards": table(trig["basegame"]),
                       "retrigger_awards": table(trig["freegame"]),
                       "reel_sets": {"FR0": 1, "WCAP": 0}},
        "max_win": num(d["wincap_x_bet"]),
        "bet_modes": [{"name": "bonus", "cost": 100,
                       "free_spins": [{"value": 8, "weight": 50}, {"value": 12, "weight": 20},
                                      {"value": 15, "weight": 5}]}],
    }


for name, game in [("sizzling_hot", sizzling()), ("dolphins_pearl", dolphins()),
                   ("stake_0_0_lines", stake_lines())]:
    (out / f"{name}.json").write_text(json.dumps(game, indent=1) + "\n")
    print("wrote", out / f"{name}.json")
