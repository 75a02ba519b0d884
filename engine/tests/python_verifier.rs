//! Cross-check: the independent Python verifier (`tools/verify.py`, written from
//! `docs/fairness.md` with only the standard library) must agree exactly with the Rust engine on
//! several hundred random cases — seeds of varied lengths (unicode, colons), nonces from 0 to
//! `u64::MAX`, both sampler profiles, shuffles, shoe dealing, pick-and-remove, weighted indices,
//! dice rounds, crash points with both formulas, hash chains and commitments — and every game
//! through the JSON catalog (`kingpin_engine::catalog::verify`): roulette (all wheels, every bet
//! type, call bets, la partage and en prison), baccarat, plinko, keno and wheel (shipped and
//! random payout tables), limbo, mines (with replayed actions), blackjack (random rules, random
//! legal actions with splits, rounds left in progress), crash rounds (auto target and
//! timed cash-outs), whole slot rounds spin by spin (the reference and example definitions, bonus
//! buys, weighted reel sets, expanding wilds) and the hold'em deck of `verify_hand_deck`.
//!
//! `python3` is a required tool: the test fails (with a clear message) when it is missing.
//! The cases come from a fixed seed; set `KINGPIN_XCHECK_SEED=<u64>` to explore others, and
//! `KINGPIN_XCHECK_DUMP=1` (with `--nocapture`) to print every case's expected result.
#![allow(clippy::unwrap_used)] // Test helpers may unwrap: a failure is a test failure.

use std::io::Write;
use std::process::{Command, Stdio};

use kingpin_engine::Game;
use kingpin_engine::cards::{DeckMode, Shoe};
use kingpin_engine::catalog;
use kingpin_engine::games::dice::{Condition, Dice, DiceConfig, DiceParams, Hundredths};
use kingpin_engine::poker::deck;
use kingpin_engine::{Bet, Step};
use kingpin_rng::crash::{self, CrashFormula, GameHash};
use kingpin_rng::{
    ByteStream, ChaCha8Source, ClientSeed, Commitment, Profile, RandomSource, Sampler, ServerSeed,
};
use kingpin_units::{Amount, Multiplier};
use serde_json::{Value, json};

const DEFAULT_SEED: u64 = 0x6b69_6e67_7069_6e21;

/// The generator of test cases (not under test itself).
struct Gen(ChaCha8Source);

impl Gen {
    fn below(&mut self, n: u64) -> u64 {
        self.0.next_u64() % n
    }
    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len() as u64) as usize]
    }
    fn coin(&mut self) -> bool {
        self.below(2) == 0
    }
    fn text(&mut self, max_bytes: usize) -> String {
        const PIECES: &[&str] = &[
            "a", "b", "z", "Q", "0", "7", ":", "::", " ", "-", "_", "\"", "\\", "é", "ß", "✓",
            "中", "🎲", "Ω", "{", "}", "/", "%",
        ];
        let want = match self.below(10) {
            0 => 1,
            1 => max_bytes, // as long as allowed
            _ => 1 + self.below(40) as usize,
        };
        let mut s = String::new();
        while s.len() < want {
            let p = self.pick(PIECES);
            if s.len() + p.len() > max_bytes {
                break;
            }
            s.push_str(p);
        }
        if s.is_empty() {
            s.push('x');
        }
        s
    }
    fn nonce(&mut self) -> u64 {
        match self.below(6) {
            0 => 0,
            1 => u64::MAX,
            2 => self.below(10),
            3 => u64::from(self.0.next_u32()),
            _ => self.0.next_u64(),
        }
    }
    fn profile(&mut self) -> Profile {
        if self.coin() {
            Profile::StakeCompatible
        } else {
            Profile::Unbiased
        }
    }
    fn n(&mut self) -> u32 {
        const NS: &[u32] = &[1, 2, 3, 10, 37, 52, 10_001, (1 << 31) + 1, u32::MAX];
        if self.below(4) == 0 {
            1 + self.0.next_u32() % u32::MAX
        } else {
            self.pick(NS)
        }
    }
    fn hash(&mut self) -> GameHash {
        let mut b = [0u8; 32];
        for chunk in b.chunks_mut(8) {
            chunk.copy_from_slice(&self.0.next_u64().to_be_bytes());
        }
        GameHash::from_bytes(b)
    }
    fn edge(&mut self) -> Multiplier {
        match self.below(6) {
            0 => Multiplier::ZERO,
            1 => Multiplier::parse("0.01").unwrap(),
            2 => Multiplier::parse("1/3").unwrap(),
            3 => Multiplier::parse("0.99").unwrap(),
            _ => Multiplier::from_ratio(self.below(1000), 1000).unwrap(),
        }
    }
}

fn profile_name(p: Profile) -> &'static str {
    match p {
        Profile::StakeCompatible => "stake-compatible",
        Profile::Unbiased => "unbiased",
    }
}

fn ratio(m: Multiplier) -> String {
    format!("{}/{}", m.numerator(), m.denominator())
}

/// A case for Python and the result the Rust code expects (`Err` = Python must refuse it too).
struct Case {
    input: Value,
    expected: Result<Value, String>,
}

struct Seeds {
    server: String,
    client: String,
    nonce: u64,
    profile: Profile,
}

impl Seeds {
    fn random(g: &mut Gen) -> Seeds {
        Seeds {
            server: g.text(kingpin_rng::SERVER_SEED_MAX_BYTES.min(200)),
            client: g.text(kingpin_rng::CLIENT_SEED_MAX_BYTES),
            nonce: g.nonce(),
            profile: g.profile(),
        }
    }
    fn stream(&self) -> ByteStream {
        ByteStream::new(
            &ServerSeed::new(self.server.as_str()).unwrap(),
            &ClientSeed::new(self.client.as_str()).unwrap(),
            self.nonce,
        )
    }
    fn sampler(&self) -> Sampler<ByteStream> {
        Sampler::new(self.stream(), self.profile)
    }
    fn input(&self, op: &str, extra: Value) -> Value {
        let mut v = json!({
            "op": op,
            "server_seed": self.server,
            "client_seed": self.client,
            "nonce": self.nonce,
            "profile": profile_name(self.profile),
        });
        for (k, x) in extra.as_object().unwrap() {
            v[k] = x.clone();
        }
        v
    }
}

/// Explicit bytes as a source, to reach branches a real stream almost never takes (the unbiased
/// profile's rejections and cap, the double rounding of the stake-compatible index).
struct FixedBytes {
    data: Vec<u8>,
    pos: usize,
}

impl FixedBytes {
    fn take<const N: usize>(&mut self) -> [u8; N] {
        let out = self.data[self.pos..self.pos + N].try_into().unwrap();
        self.pos += N;
        out
    }
}

impl RandomSource for FixedBytes {
    fn next_u32(&mut self) -> u32 {
        u32::from_be_bytes(self.take())
    }
    fn next_u64(&mut self) -> u64 {
        u64::from_be_bytes(self.take())
    }
    fn position(&self) -> Option<u64> {
        Some(self.pos as u64)
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Index cases on chosen words: rejected words first, sometimes enough to hit the cap.
fn fixed_word_cases(g: &mut Gen, out: &mut Vec<Case>) {
    let words = |g: &mut Gen, n: u32, profile: Profile| -> Vec<u8> {
        let reject_below = u64::from(n).wrapping_neg() % u64::from(n);
        let mut data = Vec::new();
        for _ in 0..4 {
            let w = if reject_below > 0 && g.coin() {
                g.below(reject_below)
            } else {
                g.0.next_u64()
            };
            data.extend_from_slice(&w.to_be_bytes());
        }
        if profile == Profile::StakeCompatible {
            data.truncate(4 * (1 + g.below(8) as usize));
        }
        data
    };
    let push = |data: Vec<u8>, n: u32, profile: Profile, out: &mut Vec<Case>| {
        let mut s = Sampler::new(
            FixedBytes {
                data: data.clone(),
                pos: 0,
            },
            profile,
        );
        let v = s.index_below(n).unwrap();
        out.push(Case {
            input: json!({"op": "index", "source_hex": hex(&data), "profile": profile_name(profile), "n": n}),
            expected: Ok(json!({"values": [v], "position": s.source().position()})),
        });
    };
    // The double rounding of stake-compatible: floor(u/2^32 × n) in binary64 is 2^30 here, one
    // more than the exact floor(u·n / 2^32).
    push(
        0x7fff_ffffu32.to_be_bytes().to_vec(),
        (1 << 31) + 1,
        Profile::StakeCompatible,
        out,
    );
    // Unbiased: n = 3 rejects v = 0; four rejected words hit the cap and use the last one.
    push(
        [0u64, 5].iter().flat_map(|w| w.to_be_bytes()).collect(),
        3,
        Profile::Unbiased,
        out,
    );
    push(vec![0; 32], 3, Profile::Unbiased, out);
    push(vec![0; 32], u32::MAX, Profile::Unbiased, out);
    for _ in 0..60 {
        let n = g.n();
        let profile = g.profile();
        let data = words(g, n, profile);
        push(data, n, profile, out);
    }
}

/// Simulation-source cases: the verifier's own ChaCha8 (docs/fairness.md section 9) must replay
/// `ChaCha8Source` exactly, across its 64-word buffer refills.
fn chacha_cases(g: &mut Gen, out: &mut Vec<Case>) {
    for _ in 0..30 {
        let seed = if g.coin() {
            g.below(100)
        } else {
            g.0.next_u64()
        };
        let stream = if g.coin() { g.below(3) } else { g.0.next_u64() };
        let profile = g.profile();
        let n = g.n();
        let count = 1 + g.below(80); // up to 80 words: crosses the 64-word refill
        let len = g.below(120) as usize;
        let fresh = || Sampler::new(ChaCha8Source::new(seed, stream), profile);
        let input = |op: &str, extra: Value| {
            let mut v = json!({
                "op": op,
                "chacha8_seed": seed,
                "chacha8_stream": stream,
                "profile": profile_name(profile),
            });
            for (k, x) in extra.as_object().unwrap() {
                v[k] = x.clone();
            }
            v
        };
        let mut smp = fresh();
        let values: Vec<u32> = (0..count).map(|_| smp.index_below(n).unwrap()).collect();
        out.push(Case {
            input: input("index", json!({"n": n, "count": count})),
            expected: Ok(json!({"values": values, "position": null})),
        });
        let mut smp = fresh();
        let bits: Vec<u64> = (0..count).map(|_| smp.float().to_bits()).collect();
        out.push(Case {
            input: input("float", json!({"count": count})),
            expected: Ok(json!({"bits": bits})),
        });
        let mut items: Vec<usize> = (0..len).collect();
        fresh().shuffle(&mut items).unwrap();
        out.push(Case {
            input: input("shuffle", json!({"len": len})),
            expected: Ok(json!({"permutation": items})),
        });
    }
}

fn position(s: &Sampler<ByteStream>) -> u64 {
    s.source().position()
}

fn cases(g: &mut Gen) -> Vec<Case> {
    let mut out = Vec::new();
    let ok = |input, expected| Case {
        input,
        expected: Ok(expected),
    };

    for _ in 0..30 {
        let server = g.text(kingpin_rng::SERVER_SEED_MAX_BYTES);
        let seed = ServerSeed::new(server.as_str()).unwrap();
        let shown = seed.commitment().to_string();
        let claimed = if g.coin() {
            shown.to_uppercase()
        } else {
            ServerSeed::new(format!("{server}!"))
                .unwrap_or_else(|_| ServerSeed::new("another seed").unwrap())
                .commitment()
                .to_string()
        };
        out.push(ok(
            json!({"op": "commitment", "server_seed": server, "commitment": claimed}),
            json!({"commitment": shown, "valid": Commitment::from_hex(&claimed).unwrap().verifies(&seed)}),
        ));
    }

    for _ in 0..40 {
        let s = Seeds::random(g);
        let start = g.below(100);
        let count = g.below(120) as usize;
        let mut stream = s.stream();
        stream.seek(start);
        let mut buf = vec![0u8; count];
        stream.fill(&mut buf);
        out.push(ok(
            s.input("bytes", json!({"position": start, "count": count})),
            json!({"bytes": buf, "position": stream.position()}),
        ));
    }

    for _ in 0..200 {
        let s = Seeds::random(g);
        let n = g.n();
        let count = 1 + g.below(12);
        let mut smp = s.sampler();
        let values: Vec<u32> = (0..count).map(|_| smp.index_below(n).unwrap()).collect();
        out.push(ok(
            s.input("index", json!({"n": n, "count": count})),
            json!({"values": values, "position": position(&smp)}),
        ));
    }

    for _ in 0..40 {
        let s = Seeds::random(g);
        let count = 1 + g.below(12);
        let mut smp = s.sampler();
        let bits: Vec<u64> = (0..count).map(|_| smp.float().to_bits()).collect();
        out.push(ok(
            s.input("float", json!({"count": count})),
            json!({"bits": bits, "position": position(&smp)}),
        ));
    }

    for _ in 0..50 {
        let s = Seeds::random(g);
        let len = g.pick(&[0usize, 1, 2, 3, 10, 52, 104, 312, 416]) + g.below(2) as usize;
        let mut items: Vec<usize> = (0..len).collect();
        let mut smp = s.sampler();
        smp.shuffle(&mut items).unwrap();
        out.push(ok(
            s.input("shuffle", json!({"len": len})),
            json!({"permutation": items, "position": position(&smp)}),
        ));
    }

    for _ in 0..30 {
        let s = Seeds::random(g);
        let decks = g.below(9) as u8;
        let mode = if decks == 0 {
            DeckMode::Infinite
        } else {
            DeckMode::Decks(decks)
        };
        let max = if decks == 0 {
            60
        } else {
            52 * u64::from(decks)
        };
        let cards = g.below(max + 1) as usize;
        let mut shoe = Shoe::new(mode).unwrap();
        let mut smp = s.sampler();
        let dealt: Vec<String> = (0..cards)
            .map(|_| shoe.deal(&mut smp).unwrap().to_string())
            .collect();
        out.push(ok(
            s.input("deal", json!({"decks": decks, "cards": cards})),
            json!({"cards": dealt, "position": position(&smp)}),
        ));
    }

    for _ in 0..30 {
        let s = Seeds::random(g);
        let len = 1 + g.below(80) as usize;
        let picks = g.below(len as u64 + 1) as usize;
        let mut items: Vec<usize> = (0..len).collect();
        let mut smp = s.sampler();
        let picked: Vec<usize> = (0..picks)
            .map(|_| smp.pick_and_remove(&mut items).unwrap())
            .collect();
        out.push(ok(
            s.input("pick", json!({"len": len, "picks": picks})),
            json!({"picked": picked, "remaining": items, "position": position(&smp)}),
        ));
    }

    for _ in 0..30 {
        let s = Seeds::random(g);
        let k = 1 + g.below(12) as usize;
        let weights: Vec<u32> = (0..k)
            .map(|_| match g.below(4) {
                0 => 0,
                1 => 1,
                2 => g.0.next_u32() / 16,
                _ => g.below(1000) as u32,
            })
            .collect();
        let count = 1 + g.below(6);
        let mut smp = s.sampler();
        let input = s.input("weighted", json!({"weights": weights, "count": count}));
        let drawn: Result<Vec<usize>, _> =
            (0..count).map(|_| smp.weighted_index(&weights)).collect();
        out.push(Case {
            input,
            expected: drawn
                .map(|values| json!({"values": values, "position": position(&smp)}))
                .map_err(|e| e.to_string()),
        });
    }

    for _ in 0..20 {
        let s = Seeds::random(g);
        let den = g.n();
        let num = g.below(u64::from(den) + 2) as u32;
        let count = 1 + g.below(6);
        let mut smp = s.sampler();
        let values: Vec<bool> = (0..count).map(|_| smp.chance(num, den).unwrap()).collect();
        out.push(ok(
            s.input(
                "chance",
                json!({"numerator": num, "denominator": den, "count": count}),
            ),
            json!({"values": values, "position": position(&smp)}),
        ));
    }

    for _ in 0..120 {
        let s = Seeds::random(g);
        let edge = if g.coin() {
            Multiplier::parse("0.01").unwrap()
        } else {
            g.edge()
        };
        let config = DiceConfig {
            house_edge: edge,
            profile: s.profile,
            ..DiceConfig::default()
        };
        let dice = Dice::new(config).unwrap();
        // Mostly valid targets, some outside the allowed chances (both sides must refuse them).
        let target = match g.below(10) {
            0 => g.below(10_200) as u32,
            _ => 200 + g.below(9_601) as u32,
        };
        let condition = if g.coin() {
            Condition::Over
        } else {
            Condition::Under
        };
        let stake = match g.below(3) {
            0 => g.below(10),
            1 => g.below(1_000_000),
            _ => g.below(1 << 40),
        };
        let params = DiceParams::new(Hundredths(target), condition);
        let mut smp = Sampler::new(s.stream(), dice.profile());
        let input = s.input(
            "dice",
            json!({
                "target": Hundredths(target).to_string(),
                "condition": if condition == Condition::Over { "over" } else { "under" },
                "stake": stake,
                "house_edge": ratio(edge),
            }),
        );
        let expected = match dice.start(&Bet::new(Amount::from_minor(stake), params), &mut smp) {
            Ok(Step::Settled(st)) => Ok(json!({
                "roll": st.outcome.roll.to_string(),
                "win": st.outcome.win,
                "multiplier_ratio": [st.outcome.multiplier.numerator(), st.outcome.multiplier.denominator()],
                "payout": st.payout.minor(),
                "position": position(&smp),
            })),
            Ok(Step::InProgress(_)) => panic!("dice settles in one step"),
            Err(e) => Err(e.to_string()),
        };
        out.push(Case { input, expected });
    }

    for _ in 0..80 {
        let h = g.hash();
        let salt = if g.below(8) == 0 {
            String::new()
        } else {
            g.text(80)
        };
        let edge = g.edge();
        let formula = if g.coin() {
            CrashFormula::Int32
        } else {
            CrashFormula::Float52
        };
        let name = match formula {
            CrashFormula::Int32 => "int32",
            CrashFormula::Float52 => "float52",
        };
        let hundredths = crash::crash_hundredths(&h, &salt, edge, formula).unwrap();
        out.push(ok(
            json!({"op": "crash", "game_hash": h.to_string(), "salt": salt, "house_edge": ratio(edge), "formula": name}),
            json!({"hundredths": hundredths}),
        ));
    }

    fixed_word_cases(g, &mut out);
    chacha_cases(g, &mut out);
    game_cases(g, &mut out);

    // Inputs both sides must refuse.
    let s = Seeds::random(g);
    let refusals = [
        s.input("index", json!({"n": 0})),
        s.input("weighted", json!({"weights": [0, 0]})),
        s.input(
            "dice",
            json!({"target": "0", "condition": "under", "stake": 1}),
        ),
        s.input(
            "dice",
            json!({"target": "98.01", "condition": "under", "stake": 1}),
        ),
        s.input(
            "dice",
            json!({"target": "100.01", "condition": "over", "stake": 1}),
        ),
        s.input(
            "dice",
            json!({"target": "50", "condition": "over", "stake": 1, "house_edge": "1"}),
        ),
        json!({"op": "crash", "game_hash": "00".repeat(32), "salt": "s", "house_edge": "1", "formula": "int32"}),
        json!({"op": "crash", "game_hash": "0".repeat(63), "salt": "s", "house_edge": "0", "formula": "int32"}),
        json!({"op": "chain", "seed_hash": "00".repeat(32), "length": 0}),
        json!({"op": "bytes", "server_seed": "", "client_seed": "c", "nonce": 0, "count": 1}),
        json!({"op": "bytes", "server_seed": "s", "client_seed": "a\nb", "nonce": 0, "count": 1}),
        json!({"op": "bytes", "server_seed": "s", "client_seed": "x".repeat(257), "nonce": 0, "count": 1}),
    ];
    for input in refusals {
        out.push(Case {
            input,
            expected: Err("refused by the Rust API".into()),
        });
    }
    // (Each refusal above is checked on the Rust side in `rust_refuses_the_refusal_cases`.)

    for _ in 0..15 {
        let seed = g.hash();
        let len = 1 + g.below(30);
        let chain = crash::build_chain(seed, len).unwrap();
        let hexes: Vec<String> = chain.iter().map(ToString::to_string).collect();
        out.push(ok(
            json!({"op": "chain", "seed_hash": seed.to_string(), "length": len}),
            json!({"terminating": hexes[0], "chain": hexes}),
        ));
        let game = 1 + g.below(len);
        let max_steps = 1 + g.below(len + 3);
        let found = crash::verify_game_hash(&chain[game as usize], &chain[0], max_steps).unwrap();
        out.push(ok(
            json!({"op": "chain_verify", "game_hash": hexes[game as usize], "terminating": hexes[0], "max_steps": max_steps}),
            json!({"valid": found.is_some(), "game_number": found}),
        ));
    }
    out
}

// --- Games through the JSON catalog -------------------------------------------------------------

/// The catalog's seeds of a test case.
fn catalog_seeds(s: &Seeds) -> catalog::Seeds {
    catalog::Seeds::new(&s.server, &s.client, s.nonce).unwrap()
}

/// A game case: Python gets the same config, bet and actions JSON as the catalog, and must
/// produce the catalog's settled step (outcome, payout, stake) and stream cursor exactly.
fn catalog_case(
    s: &Seeds,
    op: &str,
    game: &str,
    config: &Value,
    bet: &Value,
    actions: &Value,
) -> Case {
    let input = s.input(
        op,
        json!({"config": config, "bet": bet, "actions": actions}),
    );
    let actions_text = if actions.is_null() {
        String::new()
    } else {
        actions.to_string()
    };
    let expected = catalog::verify(
        game,
        &config.to_string(),
        &bet.to_string(),
        &actions_text,
        &catalog_seeds(s),
    )
    .map(|r| {
        let fin = &r["final"];
        let mut want = json!({"status": fin["status"]});
        if fin["status"] == "settled" {
            want["outcome"] = fin["outcome"].clone();
            want["payout"] = fin["payout"].clone();
            want["total_stake"] = fin["total_stake"].clone();
        }
        if game != "mines" && game != "crash" {
            want["bytes_used"] = r["bytes_used"].clone();
        }
        want
    })
    .map_err(|e| e.to_string());
    Case { input, expected }
}

fn profile_json(g: &mut Gen) -> Value {
    json!(profile_name(g.profile()))
}

fn roulette_spot(g: &mut Gen, american: bool) -> (Value, u64) {
    let zero_or = |g: &mut Gen, n: u64| -> Value {
        if american && n == 37 {
            json!("00")
        } else if n == 37 {
            json!(g.below(37))
        } else {
            json!(n)
        }
    };
    let ordered = |g: &mut Gen, mut ns: Vec<Value>| -> Value {
        if g.coin() {
            ns.reverse();
        }
        json!(ns)
    };
    match g.below(16) {
        0 => {
            let n = g.below(38);
            (json!({"type": "straight", "number": zero_or(g, n)}), 1)
        }
        1 => {
            let ns = if g.below(8) == 0 {
                if american {
                    let (a, b) = g.pick(&[(0, 1), (0, 2), (0, 37), (37, 2), (37, 3)]);
                    vec![zero_or(g, a), zero_or(g, b)]
                } else {
                    let b = 1 + g.below(3);
                    vec![json!(0), json!(b)]
                }
            } else if g.coin() {
                let n = 1 + g.below(33);
                vec![json!(n), json!(n + 3)]
            } else if g.below(10) == 0 {
                vec![json!(1 + g.below(36)), json!(1 + g.below(36))] // mostly illegal
            } else {
                let n = 3 * g.below(12) + 1 + g.below(2);
                vec![json!(n), json!(n + 1)]
            };
            (json!({"type": "split", "numbers": ordered(g, ns)}), 1)
        }
        2 => {
            let r = 1 + g.below(12);
            let ns = vec![json!(3 * r - 2), json!(3 * r - 1), json!(3 * r)];
            (json!({"type": "street", "numbers": ordered(g, ns)}), 1)
        }
        3 => {
            let ns: Vec<Value> = if american {
                let t = g.pick(&[[0, 1, 2], [0, 37, 2], [37, 2, 3]]);
                t.iter().map(|&n| zero_or(g, n)).collect()
            } else {
                let t = g.pick(&[[0u64, 1, 2], [0, 2, 3]]);
                t.iter().map(|&n| json!(n)).collect()
            };
            (json!({"type": "trio", "numbers": ordered(g, ns)}), 1)
        }
        4 => {
            let a = 3 * g.below(11) + 1 + g.below(2);
            let ns = vec![json!(a), json!(a + 1), json!(a + 3), json!(a + 4)];
            (json!({"type": "corner", "numbers": ordered(g, ns)}), 1)
        }
        5 => {
            let r = 1 + g.below(11);
            let ns = (3 * r - 2..3 * r + 4).map(|n| json!(n)).collect();
            (json!({"type": "six_line", "numbers": ordered(g, ns)}), 1)
        }
        6 => (json!({"type": "column", "column": 1 + g.below(3)}), 1),
        7 => (json!({"type": "dozen", "dozen": 1 + g.below(3)}), 1),
        8 if american => (json!({"type": "top_line"}), 1),
        8 => (json!({"type": "first_four"}), 1),
        9..=11 => {
            let t = g.pick(&["red", "black", "odd", "even", "low", "high"]);
            (json!({"type": t}), 1)
        }
        12 if !american => {
            let (t, p) = g.pick(&[
                ("voisins", 9),
                ("tiers", 6),
                ("orphelins", 5),
                ("jeu_zero", 4),
            ]);
            (json!({"type": t}), p)
        }
        13 if !american => {
            let n = 1 + g.below(18);
            (
                json!({"type": "neighbours", "number": g.below(37), "n": n}),
                2 * n + 1,
            )
        }
        _ => (json!({"type": "red"}), 1),
    }
}

fn roulette_cases(g: &mut Gen, out: &mut Vec<Case>) {
    for _ in 0..60 {
        let s = Seeds::random(g);
        let wheel = g.pick(&["european", "american", "french", "french"]);
        let mut config = json!({"wheel": wheel, "profile": profile_json(g)});
        if wheel == "french" && g.coin() {
            config["en_prison"] = json!(true);
        }
        let n = 1 + g.below(6);
        let mut bets = Vec::new();
        let mut total = 0;
        for _ in 0..n {
            let (spot, pieces) = roulette_spot(g, wheel == "american");
            let stake = if g.below(30) == 0 {
                1 + g.below(100) // sometimes not a multiple of the pieces
            } else {
                {
                    let most = if g.coin() { 10 } else { 1_000_000 };
                    pieces * (1 + g.below(most))
                }
            };
            total += stake;
            bets.push(json!({"bet": spot, "stake": stake}));
        }
        let bet = json!({"stake": total, "params": {"bets": bets}});
        out.push(catalog_case(
            &s,
            "roulette",
            "roulette",
            &config,
            &bet,
            &Value::Null,
        ));
    }
    // Zero (and en prison) are rare on random seeds: force them through chosen seeds.
    for nonce in 0..400u64 {
        let server = "roulette zero seed";
        let stream = ByteStream::new(
            &ServerSeed::new(server).unwrap(),
            &ClientSeed::new("c").unwrap(),
            nonce,
        );
        let mut smp = Sampler::new(stream, Profile::StakeCompatible);
        if smp.index_below(37).unwrap() != 0 {
            continue;
        }
        let s = Seeds {
            server: server.into(),
            client: "c".into(),
            nonce,
            profile: Profile::StakeCompatible,
        };
        for config in [
            json!({"wheel": "french"}),
            json!({"wheel": "french", "en_prison": true}),
            json!({"wheel": "european"}),
        ] {
            let bet = json!({"stake": 101, "params": {"bets": [
                {"bet": {"type": "red"}, "stake": 11},
                {"bet": {"type": "even"}, "stake": 30},
                {"bet": {"type": "high"}, "stake": 51},
                {"bet": {"type": "jeu_zero"}, "stake": 4},
                {"bet": {"type": "first_four"}, "stake": 5}]}});
            out.push(catalog_case(
                &s,
                "roulette",
                "roulette",
                &config,
                &bet,
                &Value::Null,
            ));
        }
    }
}

fn baccarat_cases(g: &mut Gen, out: &mut Vec<Case>) {
    for _ in 0..50 {
        let s = Seeds::random(g);
        let decks = g.below(9);
        let config = json!({
            "decks": if decks == 0 { json!("infinite") } else { json!({"decks": decks}) },
            "banker": g.pick(&["commission", "no_commission"]),
            "tie_pays": g.pick(&[8, 9]),
            "pair_pays": 1 + g.below(50),
            "profile": profile_json(g),
        });
        let mut params = json!({});
        let mut total = 0;
        for k in ["player", "banker", "tie", "player_pair", "banker_pair"] {
            if g.below(3) == 0 {
                let cap = if g.coin() { 100 } else { 1 << 40 };
                let st = g.below(cap);
                params[k] = json!(st);
                total += st;
            }
        }
        if total == 0 {
            params["banker"] = json!(100);
            total = 100;
        }
        let bet = json!({"stake": total, "params": params});
        out.push(catalog_case(
            &s,
            "baccarat",
            "baccarat",
            &config,
            &bet,
            &Value::Null,
        ));
    }
}

/// A random multiplier as the config files write them.
fn multiplier_text(g: &mut Gen) -> Value {
    match g.below(4) {
        0 => json!(g.below(50)),
        1 => json!(format!("{}.{:02}", g.below(100), g.below(100))),
        2 => json!(format!("{}/{}", g.below(1000), 1 + g.below(999))),
        _ => json!("0"),
    }
}

/// The shipped tables of a table game, sometimes with one table replaced by random multipliers.
fn table_config(g: &mut Gen, game: &str) -> Value {
    let mut config = catalog::default_config_of(game).unwrap();
    config["profile"] = profile_json(g);
    if g.below(3) == 0 {
        let tables = config["tables"].as_array_mut().unwrap();
        let i = g.below(tables.len() as u64) as usize;
        let n = tables[i]["multipliers"].as_array().unwrap().len();
        tables[i]["multipliers"] = (0..n).map(|_| multiplier_text(g)).collect();
    }
    config
}

fn table_game_cases(g: &mut Gen, out: &mut Vec<Case>) {
    let stake = |g: &mut Gen| match g.below(3) {
        0 => g.below(10),
        1 => g.below(1_000_000),
        _ => g.below(1 << 40),
    };
    for _ in 0..40 {
        let s = Seeds::random(g);
        let config = table_config(g, "plinko");
        let bet = json!({"stake": stake(g), "params": {"rows": 8 + g.below(9), "risk": g.pick(&["low", "medium", "high"])}});
        out.push(catalog_case(
            &s,
            "plinko",
            "plinko",
            &config,
            &bet,
            &Value::Null,
        ));
    }
    for _ in 0..40 {
        let s = Seeds::random(g);
        let config = table_config(g, "keno");
        let k = 1 + g.below(10) as usize;
        let mut squares: Vec<u64> = (1..=40).collect();
        let mut picks = Vec::new();
        for _ in 0..k {
            let i = g.below(squares.len() as u64) as usize;
            picks.push(squares.remove(i));
        }
        if g.below(20) == 0 {
            picks.push(picks[0]); // a square picked twice: both sides refuse it
        }
        let bet = json!({"stake": stake(g), "params": {"picks": picks, "risk": g.pick(&["classic", "low", "medium", "high"])}});
        out.push(catalog_case(
            &s,
            "keno",
            "keno",
            &config,
            &bet,
            &Value::Null,
        ));
    }
    for _ in 0..40 {
        let s = Seeds::random(g);
        let config = table_config(g, "wheel");
        let tables = config["tables"].as_array().unwrap();
        let t = &tables[g.below(tables.len() as u64) as usize];
        let bet =
            json!({"stake": stake(g), "params": {"segments": t["segments"], "risk": t["risk"]}});
        out.push(catalog_case(
            &s,
            "wheel",
            "wheel",
            &config,
            &bet,
            &Value::Null,
        ));
    }
    for _ in 0..50 {
        let s = Seeds::random(g);
        let mut config = json!({"house_edge": ratio(g.edge()), "profile": profile_json(g)});
        if g.below(4) == 0 {
            config["max_win"] = json!(g.below(100_000));
        }
        let target = match g.below(8) {
            0 => 101 + g.below(100_000_000 - 100),
            1 => g.pick(&[101, 100_000_000]),
            _ => 101 + g.below(2_000),
        };
        let bet = json!({"stake": stake(g), "params": {"target": target}});
        out.push(catalog_case(
            &s,
            "limbo",
            "limbo",
            &config,
            &bet,
            &Value::Null,
        ));
    }
}

fn mines_cases(g: &mut Gen, out: &mut Vec<Case>) {
    for _ in 0..40 {
        let s = Seeds::random(g);
        let mut config = json!({"house_edge": ratio(g.edge()), "profile": profile_json(g)});
        if g.below(4) == 0 {
            config["max_win"] = json!(g.below(100_000));
        }
        let mines = 1 + g.below(24);
        let bet = json!({"stake": g.below(1_000_000), "params": {"mines": mines}});
        // Reveal random tiles until the round settles or we stop; then maybe cash out or abandon.
        let reveals = g.below(26);
        let mut tiles: Vec<u64> = (0..25).collect();
        let mut actions = Vec::new();
        let settled = |actions: &Vec<Value>| {
            catalog::verify(
                "mines",
                &config.to_string(),
                &bet.to_string(),
                &json!(actions).to_string(),
                &catalog_seeds(&s),
            )
            .map(|r| r["final"]["status"] == "settled")
            .unwrap_or(true)
        };
        for _ in 0..reveals {
            let i = g.below(tiles.len() as u64) as usize;
            actions.push(json!({"action": "reveal", "tile": tiles.remove(i)}));
            if settled(&actions) {
                break;
            }
        }
        if !settled(&actions) {
            match g.below(3) {
                0 => actions.push(json!({"action": "cash_out"})),
                1 => actions.push(json!({"action": "abandon"})),
                _ => {}
            }
        }
        let mut case = catalog_case(&s, "mines", "mines", &config, &bet, &json!(actions));
        if let Ok(want) = &mut case.expected {
            // The mines are in the state (in progress) or the outcome (settled).
            let r = catalog::verify(
                "mines",
                &config.to_string(),
                &bet.to_string(),
                &json!(actions).to_string(),
                &catalog_seeds(&s),
            )
            .unwrap();
            want["mines"] = if r["final"]["status"] == "settled" {
                r["final"]["outcome"]["mines"].clone()
            } else {
                r["final"]["state"]["mines"].clone()
            };
        }
        out.push(case);
    }
}

/// Random blackjack rules (every option), as the JSON a host sends.
fn blackjack_rules(g: &mut Gen) -> Value {
    let mut r = json!({});
    if g.coin() {
        r["decks"] = match g.below(4) {
            0 => json!("infinite"),
            1 => json!(1 + g.below(2)),
            _ => json!(1 + g.below(8)),
        };
    }
    for key in [
        "dealer_hits_soft_17",
        "double_after_split",
        "resplit_aces",
        "hit_split_aces",
    ] {
        if g.coin() {
            r[key] = json!(g.coin());
        }
    }
    if g.coin() {
        r["double_on"] = json!(g.pick(&["any_two", "nine_to_eleven", "ten_to_eleven"]));
    }
    if g.coin() {
        r["max_hands"] = json!(1 + g.below(8));
    }
    if g.coin() {
        r["blackjack_pays"] = json!(g.pick(&["3:2", "6:5"]));
    }
    if g.below(3) == 0 {
        r["hole_card"] = json!("no_hole_card");
        r["insurance"] = json!(false);
        r["enhc_loss"] = json!(g.pick(&["all", "original_only"]));
    } else {
        r["late_surrender"] = json!(g.coin());
        r["insurance"] = json!(g.below(4) != 0);
    }
    r["profile"] = profile_json(g);
    r
}

/// Blackjack rounds with random rules and random legal actions (chosen from the engine's
/// `legal_actions`, often splitting so that multi-hand rounds are common), some left in
/// progress.
fn blackjack_cases(g: &mut Gen, out: &mut Vec<Case>) {
    use kingpin_engine::games::blackjack::{Action, Blackjack, BlackjackRules, BlackjackState};
    for _ in 0..150 {
        let s = Seeds::random(g);
        let config = blackjack_rules(g);
        let rules: BlackjackRules = serde_json::from_value(config.clone()).unwrap();
        let game = Blackjack::new(rules).unwrap();
        let stake = match g.below(4) {
            0 => 1 + g.below(3),
            _ => 1 + g.below(1_000_000),
        };
        let bet = json!({"stake": stake, "params": {}});
        let stop_early = g.below(8) == 0;
        let mut actions: Vec<Action> = Vec::new();
        loop {
            let r = catalog::verify(
                "blackjack",
                &config.to_string(),
                &bet.to_string(),
                &json!(actions).to_string(),
                &catalog_seeds(&s),
            )
            .unwrap();
            if r["final"]["status"] == "settled" || (stop_early && g.below(3) == 0) {
                break;
            }
            let state: BlackjackState =
                serde_json::from_value(r["final"]["state"].clone()).unwrap();
            let legal = game.legal_actions(&state);
            let action = if legal.contains(&Action::Split) && g.coin() {
                Action::Split
            } else {
                g.pick(&legal)
            };
            actions.push(action);
        }
        out.push(catalog_case(
            &s,
            "blackjack",
            "blackjack",
            &config,
            &bet,
            &json!(actions),
        ));
    }
    // Refusals: an illegal action, an action after the settlement, bad rules.
    let s = Seeds::random(g);
    for (config, actions) in [
        (json!({"max_hands": 1}), json!(["split"])),
        (json!({"late_surrender": false}), json!(["surrender"])),
        (json!({"decks": 9}), json!([])),
        (json!({"hole_card": "no_hole_card"}), json!([])),
    ] {
        let case = catalog_case(
            &s,
            "blackjack",
            "blackjack",
            &config,
            &json!({"stake": 100, "params": {}}),
            &actions,
        );
        if case.expected.is_err() {
            out.push(case);
        }
    }
}

fn crash_game_cases(g: &mut Gen, out: &mut Vec<Case>) {
    for _ in 0..50 {
        let s = Seeds::random(g);
        let mut config = json!({
            "house_edge": ratio(g.edge()),
            "formula": g.pick(&["int32", "float52"]),
        });
        if g.below(4) == 0 {
            config["max_win"] = json!(g.below(100_000));
        }
        let target = match g.below(4) {
            0 => Value::Null,
            1 => json!(101 + g.below(1_000_000 - 100)),
            _ => json!(101 + g.below(500)),
        };
        let action = if g.coin() {
            json!({"action": "finish"})
        } else {
            let most = if g.coin() { 30_000 } else { 200_000 };
            json!({"action": "cash_out", "elapsed_ms": 200 + g.below(most)})
        };
        let bet = json!({"stake": g.below(1 << 40), "params": {"target": target}});
        let mut case = catalog_case(&s, "crash_game", "crash", &config, &bet, &json!([action]));
        if let Ok(want) = &mut case.expected {
            want["crash"] = want["outcome"]["crash"].clone();
        }
        out.push(case);
    }
}

fn slot_definitions() -> Vec<Value> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../games");
    let mut defs = Vec::new();
    for dir in ["reference", "examples"] {
        let mut paths: Vec<_> = std::fs::read_dir(format!("{root}/{dir}"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        paths.sort();
        for p in paths {
            let text = std::fs::read_to_string(&p).unwrap();
            match p.extension().and_then(|e| e.to_str()) {
                Some("json") => defs.push(serde_json::from_str(&text).unwrap()),
                Some("toml") => defs.push(toml::from_str::<Value>(&text).unwrap()),
                _ => {}
            }
        }
    }
    // A game with two weighted base reel sets (a reel-set draw first), an expanding wild with
    // random multipliers and a wild with a fixed one.
    defs.push(json!({
        "name": "Two sets", "reels": 3, "rows": [3, 2, 4],
        "symbols": [
            {"name": "A", "pays": [0, 1, 5]},
            {"name": "B", "pays": [0, 0, 3]},
            {"name": "W", "kind": "wild", "expanding": true, "pays": [0, 0, 10],
             "multipliers": {"base": [{"value": 2, "weight": 3}, {"value": 5, "weight": 1}]}},
            {"name": "V", "kind": "wild", "pays": [0, 0, 10],
             "multipliers": {"base": [{"value": 3, "weight": 1}]}}
        ],
        "reel_sets": {
            "zeta": [["A", "B", "W", "A", "B"], ["B", "A", "W"], ["A", "B", "V", "B", "W", "A"]],
            "alpha": [["A", "A", "B", "B"], ["W", "B", "A"], ["B", "A", "B", "A", "B"]]
        },
        "base": {"reel_sets": {"zeta": 3, "alpha": 5}},
        "wins": {"type": "lines", "paylines": [[0, 0, 0], [1, 1, 1]]}
    }));
    // Lines both ways, the `symbol` wild rule, multiplied multipliers, a doubling wild, a sticky
    // wild with random free-spin multipliers, frequent retriggering free spins and a low cap.
    let strips = |a: &[&str], b: &[&str]| {
        json!([
            a,
            b,
            a.iter().rev().collect::<Vec<_>>(),
            b.iter().rev().collect::<Vec<_>>()
        ])
    };
    let mut sticky = json!({
        "name": "Sticky", "reels": 4, "rows": 3, "max_win": 40,
        "symbols": [
            {"name": "A", "pays": [0, 1, 4, 10]},
            {"name": "B", "pays": [0, "1/3", 2, 5]},
            {"name": "D", "kind": "wild", "doubles": true, "pays": [0, 2, 5, 20]},
            {"name": "T", "kind": "wild", "sticky": true, "pays": [0, 0, 3, 8],
             "substitutes": ["A"],
             "multipliers": {"base": [{"value": 2, "weight": 1}],
                             "free": [{"value": 2, "weight": 2}, {"value": 3, "weight": 1}]}},
            {"name": "S", "kind": "scatter", "pays": [0, 0.5, 2]}
        ],
        "reel_sets": {
            "main": strips(&["A", "B", "S", "D", "A", "B", "B"], &["B", "A", "T", "S", "B", "A", "A"]),
            "free": strips(&["A", "T", "S", "B", "A", "D", "B", "B"], &["B", "S", "A", "A", "T", "B", "B", "A"])
        },
        "base": {"reel_sets": {"main": 1}},
        "wins": {"type": "lines", "paylines": [[0, 0, 0, 0], [1, 1, 1, 1], [2, 2, 2, 2], [0, 1, 2, 1]],
                 "both_ways": true, "wild_rule": "symbol", "wild_multipliers": "product"},
        "free_spins": {"trigger": "S", "awards": [0, 0, 3], "retrigger_awards": [0, 0, 1],
                       "multiplier": 2, "reel_sets": {"free": 1}},
        "bet_modes": [{"name": "buy", "cost": 50,
                       "free_spins": [{"value": 3, "weight": 1}, {"value": 5, "weight": 1}]}]
    });
    defs.push(sticky.clone());
    sticky["wins"]["both_ways"] = json!(false);
    sticky["wins"]["wild_rule"] = json!("best");
    sticky["wins"]["wild_multipliers"] = json!("sum");
    sticky["max_win"] = json!("250/3");
    defs.push(sticky);
    defs
}

/// The catalog's whole slot round: the base spin (or bonus buy), then `continue` until settled.
fn slot_round(def: &Value, bet: &Value, s: &Seeds) -> Value {
    let mut actions: Vec<Value> = Vec::new();
    loop {
        let r = catalog::verify(
            "slot",
            &def.to_string(),
            &bet.to_string(),
            &json!(actions).to_string(),
            &catalog_seeds(s),
        )
        .unwrap();
        let fin = &r["final"];
        if fin["status"] == "settled" {
            return fin.clone();
        }
        // One at a time: the win cap can end the round before the free spins run out.
        actions.push(json!("continue"));
    }
}

fn slot_cases(g: &mut Gen, out: &mut Vec<Case>) {
    let defs = slot_definitions();
    for _ in 0..60 {
        let s = Seeds::random(g);
        let def = &defs[g.below(defs.len() as u64) as usize];
        let mut modes = vec!["base".to_string()];
        if let Some(ms) = def["bet_modes"].as_array() {
            modes.extend(ms.iter().map(|m| m["name"].as_str().unwrap().to_string()));
        }
        // Bonus buys (the award is the first draw, then a free spin) half of the time.
        let mode = if g.coin() {
            modes[g.below(modes.len() as u64) as usize].clone()
        } else {
            modes[modes.len() - 1].clone()
        };
        let bet = json!({"stake": 1 + g.below(1000), "params": {"mode": mode}});
        let input = s.input("slot", json!({"config": def, "bet": bet}));
        let fin = slot_round(def, &bet, &s);
        let outcome = &fin["outcome"];
        let first = &outcome["spins"][0];
        let mut want = json!({
            "first_spin": {
                "free": first["free"],
                "reel_set": first["reel_set"],
                "stops": first["stops"],
                "window": first["windows"][0],
                "multipliers": first.get("multipliers").cloned().unwrap_or_else(|| json!([])),
            },
        });
        if first["free"] == true {
            // A bonus buy's award: the round's count less what its spins retriggered.
            let retriggered: u64 = outcome["spins"]
                .as_array()
                .unwrap()
                .iter()
                .map(|sp| sp["free_spins_awarded"].as_u64().unwrap())
                .sum();
            want["free_spins_awarded"] =
                json!(outcome["free_spins_awarded"].as_u64().unwrap() - retriggered);
        } else {
            want["free_spins_awarded"] = Value::Null;
        }
        {
            let spins: Vec<Value> = outcome["spins"]
                .as_array()
                .unwrap()
                .iter()
                .map(|sp| {
                    json!({
                        "free": sp["free"],
                        "reel_set": sp["reel_set"],
                        "stops": sp["stops"],
                        "windows": sp["windows"],
                        "win": sp["win"],
                        "free_spins_awarded": sp["free_spins_awarded"],
                    })
                })
                .collect();
            want["round"] = json!({
                "mode": outcome["mode"],
                "spins": spins,
                "free_spins_awarded": outcome["free_spins_awarded"],
                "free_spins_played": outcome["free_spins_played"],
                "base_win": outcome["base_win"],
                "total_win": outcome["total_win"],
                "capped": outcome["capped"],
            });
            want["payout"] = fin["payout"].clone();
            want["total_stake"] = fin["total_stake"].clone();
        }
        out.push(Case {
            input,
            expected: Ok(want),
        });
    }
}

fn holdem_cases(g: &mut Gen, out: &mut Vec<Case>) {
    for _ in 0..30 {
        let server = g.text(200);
        let mut seats: Vec<u8> = (0..10).collect();
        let k = 1 + g.below(10) as usize;
        let mut seeds = Vec::new();
        for _ in 0..k {
            let i = g.below(seats.len() as u64) as usize;
            seeds.push((seats.remove(i), g.text(kingpin_rng::CLIENT_SEED_MAX_BYTES)));
        }
        let hand_no = g.nonce();
        let typed: Vec<(u8, ClientSeed)> = seeds
            .iter()
            .map(|(seat, c)| (*seat, ClientSeed::new(c.as_str()).unwrap()))
            .collect();
        let deck =
            deck::verify_hand_deck(&ServerSeed::new(server.as_str()).unwrap(), &typed, hand_no)
                .unwrap();
        let names: Vec<String> = deck.iter().map(ToString::to_string).collect();
        out.push(Case {
            input: json!({"op": "holdem_deck", "server_seed": server, "client_seeds": seeds, "hand_no": hand_no}),
            expected: Ok(json!({
                "combined_client_seed": deck::combined_client_seed(&typed).unwrap().as_str(),
                "deck": names,
            })),
        });
    }
}

/// Bets the engine refuses; the verifier must refuse them too.
fn game_refusals(g: &mut Gen, out: &mut Vec<Case>) {
    let s = Seeds::random(g);
    let roulette = |wheel: &str, spot: Value, stake: u64| {
        (
            "roulette",
            json!({"wheel": wheel}),
            json!({"stake": stake, "params": {"bets": [{"bet": spot, "stake": stake}]}}),
        )
    };
    let cases = [
        roulette("european", json!({"type": "top_line"}), 1),
        roulette("american", json!({"type": "first_four"}), 1),
        roulette("american", json!({"type": "voisins"}), 9),
        roulette("french", json!({"type": "voisins"}), 10),
        roulette(
            "french",
            json!({"type": "neighbours", "number": 5, "n": 19}),
            39,
        ),
        roulette(
            "european",
            json!({"type": "corner", "numbers": [3, 4, 6, 7]}),
            1,
        ),
        roulette("european", json!({"type": "straight", "number": "00"}), 1),
        roulette("european", json!({"type": "red"}), u64::MAX / 2),
        (
            "baccarat",
            json!({"tie_pays": 7}),
            json!({"stake": 1, "params": {"tie": 1}}),
        ),
        ("baccarat", json!({}), json!({"stake": 0, "params": {}})),
        (
            "limbo",
            json!({}),
            json!({"stake": 1, "params": {"target": 100}}),
        ),
        (
            "mines",
            json!({}),
            json!({"stake": 1, "params": {"mines": 25}}),
        ),
        (
            "crash",
            json!({}),
            json!({"stake": 1, "params": {"target": 100}}),
        ),
    ];
    for (game, config, bet) in cases {
        let op = if game == "crash" { "crash_game" } else { game };
        let actions = if game == "crash" {
            json!([{"action": "finish"}])
        } else {
            Value::Null
        };
        let case = catalog_case(&s, op, game, &config, &bet, &actions);
        assert!(case.expected.is_err(), "the engine accepted {game} {bet}");
        out.push(case);
    }
    for (game, bet) in [
        (
            "plinko",
            json!({"stake": 1, "params": {"rows": 17, "risk": "low"}}),
        ),
        (
            "keno",
            json!({"stake": 1, "params": {"picks": [41], "risk": "low"}}),
        ),
        (
            "wheel",
            json!({"stake": 1, "params": {"segments": 11, "risk": "low"}}),
        ),
        (
            "plinko",
            json!({"stake": u64::MAX / 2, "params": {"rows": 16, "risk": "high"}}),
        ),
    ] {
        let config = catalog::default_config_of(game).unwrap();
        let case = catalog_case(&s, game, game, &config, &bet, &Value::Null);
        assert!(case.expected.is_err(), "the engine accepted {game} {bet}");
        out.push(case);
    }
    // A bad table anywhere in the configuration, even one the bet does not use.
    for (game, field, value, bet) in [
        (
            "plinko",
            "rows",
            json!(17),
            json!({"stake": 1, "params": {"rows": 8, "risk": "low"}}),
        ),
        (
            "keno",
            "picks",
            json!(0),
            json!({"stake": 1, "params": {"picks": [1], "risk": "low"}}),
        ),
        (
            "wheel",
            "segments",
            json!(51),
            json!({"stake": 1, "params": {"segments": 10, "risk": "low"}}),
        ),
    ] {
        let mut config = catalog::default_config_of(game).unwrap();
        let last = config["tables"].as_array().unwrap().len() - 1;
        config["tables"][last][field] = value;
        let case = catalog_case(&s, game, game, &config, &bet, &Value::Null);
        assert!(
            case.expected.is_err(),
            "the engine accepted {game} {config}"
        );
        out.push(case);
    }
    let typed = [
        (1u8, ClientSeed::new("a").unwrap()),
        (1, ClientSeed::new("b").unwrap()),
    ];
    assert!(deck::combined_client_seed(&typed).is_err());
    out.push(Case {
        input: json!({"op": "holdem_deck", "server_seed": "s", "client_seeds": [[1, "a"], [1, "b"]], "hand_no": 1}),
        expected: Err("seat 1 appears twice".into()),
    });
}

fn game_cases(g: &mut Gen, out: &mut Vec<Case>) {
    game_refusals(g, out);
    roulette_cases(g, out);
    baccarat_cases(g, out);
    table_game_cases(g, out);
    mines_cases(g, out);
    blackjack_cases(g, out);
    crash_game_cases(g, out);
    slot_cases(g, out);
    holdem_cases(g, out);
}

fn run_python(input: &str) -> String {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../tools/verify.py");
    let mut child = match Command::new("python3")
        .arg(script)
        .arg("--batch")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(c) => c,
        Err(e) => panic!(
            "python3 is required to cross-check tools/verify.py against the engine, \
             but it could not be started ({e}); install Python 3 (e.g. `apt-get install python3`)"
        ),
    };
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_owned();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert!(
        output.status.success(),
        "tools/verify.py --batch failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn python_verifier_agrees_with_the_engine() {
    let seed = std::env::var("KINGPIN_XCHECK_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(DEFAULT_SEED);
    let mut g = Gen(ChaCha8Source::new(seed, 0));
    let cases = cases(&mut g);
    assert!(cases.len() >= 600, "only {} cases", cases.len());

    let mut input = String::new();
    for (i, c) in cases.iter().enumerate() {
        let mut line = c.input.clone();
        line["id"] = json!(i);
        input.push_str(&serde_json::to_string(&line).unwrap());
        input.push('\n');
    }
    if std::env::var("KINGPIN_XCHECK_DUMP").is_ok() {
        for c in &cases {
            eprintln!(
                "CASE {} {}",
                c.input["op"],
                match &c.expected {
                    Ok(v) => v.to_string(),
                    Err(e) => format!("ERR {e}"),
                }
            );
        }
    }
    let output = run_python(&input);
    let lines: Vec<&str> = output.lines().collect();
    assert_eq!(lines.len(), cases.len(), "one result line per case");

    let mut refused = 0;
    for (i, (case, line)) in cases.iter().zip(&lines).enumerate() {
        let got: Value = serde_json::from_str(line).unwrap();
        assert_eq!(got["id"], json!(i), "results in input order");
        let ctx = || format!("case {i} (seed {seed}): {}\npython: {line}", case.input);
        match &case.expected {
            Ok(expected) => {
                let result = got
                    .get("result")
                    .unwrap_or_else(|| panic!("python refused a valid case: {}", ctx()));
                for (key, want) in expected.as_object().unwrap() {
                    assert_eq!(&result[key], want, "field {key:?} of {}", ctx());
                }
            }
            Err(rust_error) => {
                refused += 1;
                assert!(
                    got.get("error").is_some(),
                    "rust refused ({rust_error}) but python accepted: {}",
                    ctx()
                );
            }
        }
    }
    // The random targets must exercise the refusals too, and most cases must be valid.
    assert!(
        refused >= 12 && refused < cases.len() / 10,
        "{refused} refused"
    );
}

#[test]
fn rust_refuses_the_refusal_cases() {
    let mut s = Sampler::new(ChaCha8Source::new(1, 0), Profile::Unbiased);
    assert!(s.index_below(0).is_err());
    assert!(s.weighted_index(&[0, 0]).is_err());
    let dice = Dice::new(DiceConfig::default()).unwrap();
    for (t, c) in [
        (0, Condition::Under),
        (9801, Condition::Under),
        (10_001, Condition::Over),
    ] {
        assert!(dice.validate(&DiceParams::new(Hundredths(t), c)).is_err());
    }
    let bad_edge = DiceConfig {
        house_edge: Multiplier::ONE,
        ..DiceConfig::default()
    };
    assert!(Dice::new(bad_edge).is_err());
    let h = GameHash::from_bytes([0; 32]);
    assert!(crash::crash_hundredths(&h, "s", Multiplier::ONE, CrashFormula::Int32).is_err());
    assert!(GameHash::from_hex(&"0".repeat(63)).is_err());
    assert!(crash::build_chain(h, 0).is_err());
    assert!(ServerSeed::new("").is_err());
    assert!(ClientSeed::new("a\nb").is_err());
    assert!(ClientSeed::new("x".repeat(257)).is_err());
}
