//! Cross-check: the independent Python verifier (`tools/verify.py`, written from
//! `docs/fairness.md` with only the standard library) must agree exactly with the Rust engine on
//! several hundred random cases — seeds of varied lengths (unicode, colons), nonces from 0 to
//! `u64::MAX`, both sampler profiles, shuffles, shoe dealing, pick-and-remove, weighted indices,
//! dice rounds, crash points with both formulas, hash chains and commitments.
//!
//! `python3` is a required tool: the test fails (with a clear message) when it is missing.
//! The cases come from a fixed seed; set `KINGPIN_XCHECK_SEED=<u64>` to explore others.
#![allow(clippy::unwrap_used)] // Test helpers may unwrap: a failure is a test failure.

use std::io::Write;
use std::process::{Command, Stdio};

use kingpin_engine::Game;
use kingpin_engine::cards::{DeckMode, Shoe};
use kingpin_engine::games::dice::{Condition, Dice, DiceConfig, DiceParams, Hundredths};
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
