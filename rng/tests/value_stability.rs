//! Value-stability ("golden") tests: literal outputs of every sampler function, for both
//! profiles and both sources (the fair `ByteStream` and the simulation `ChaCha8Source`), and of
//! the crash hash chain and both crash formulas.
//!
//! **Changing any expected value below is a breaking change** of the provably-fair contract
//! (players' past rounds would no longer verify, or simulations would no longer replay): it
//! must be called out in the changelog, never "fixed" by updating the literals.
//!
//! All values (both sources, both profiles, crash) were cross-checked with the independent
//! verifier `tools/verify.py` before they were pinned (see `docs/fairness.md`, §11.5).
#![allow(clippy::unwrap_used)] // Test helpers may unwrap: a failure is a test failure.

use kingpin_rng::crash::{self, CrashFormula, GameHash};
use kingpin_rng::{
    ByteStream, ChaCha8Source, ClientSeed, Profile, RandomSource, Sampler, ServerSeed, sha256,
};
use kingpin_units::Multiplier;

/// The values pinned for one source and profile, drawn in this order from one sampler.
#[derive(Debug, PartialEq)]
struct Drawn {
    /// `index_below(n)` three times for each `n` of [`NS`].
    indices: Vec<[u32; 3]>,
    /// Four floats.
    floats: [f64; 4],
    /// A shuffle of `0..52`.
    shuffle: Vec<u8>,
    /// Five `pick_and_remove` from `0..10`.
    picked: [u8; 5],
    /// Eight `weighted_index(&[1, 2, 3, 4, 90])`.
    weighted: [usize; 8],
    /// Eight `chance(1, 3)`.
    chances: [bool; 8],
}

const NS: [u32; 8] = [1, 2, 6, 37, 52, 10_001, (1 << 31) + 1, u32::MAX];

fn draw<R: RandomSource>(source: R, profile: Profile) -> (Drawn, Sampler<R>) {
    let mut s = Sampler::new(source, profile);
    let indices = NS
        .iter()
        .map(|&n| [0; 3].map(|_| s.index_below(n).unwrap()))
        .collect();
    let floats = [0; 4].map(|_| s.float());
    let mut shuffle: Vec<u8> = (0..52).collect();
    s.shuffle(&mut shuffle).unwrap();
    let mut list: Vec<u8> = (0..10).collect();
    let picked = [0; 5].map(|_| s.pick_and_remove(&mut list).unwrap());
    let weighted = [0; 8].map(|_| s.weighted_index(&[1, 2, 3, 4, 90]).unwrap());
    let chances = [0; 8].map(|_| s.chance(1, 3).unwrap());
    (
        Drawn {
            indices,
            floats,
            shuffle,
            picked,
            weighted,
            chances,
        },
        s,
    )
}

fn fair_stream() -> ByteStream {
    ByteStream::new(
        &ServerSeed::new("kingpin value stability").unwrap(),
        &ClientSeed::new("player: ✓ 🎲").unwrap(),
        42,
    )
}

fn sim_source() -> ChaCha8Source {
    ChaCha8Source::new(42, 7)
}

#[test]
fn fair_stream_rounds() {
    let s = fair_stream();
    let firsts: Vec<[u8; 8]> = [0u64, 1, 2, 1000]
        .iter()
        .map(|&r| s.round_bytes(r)[..8].try_into().unwrap())
        .collect();
    assert_eq!(
        firsts,
        [
            [38, 18, 97, 2, 191, 89, 8, 95],
            [13, 196, 222, 241, 124, 253, 113, 72],
            [97, 247, 123, 129, 154, 212, 156, 132],
            [26, 69, 127, 128, 227, 75, 88, 126]
        ]
    );
    // The cursor reads across rounds: bytes 30..34 are the last 2 of round 0 and the first 2
    // of round 1.
    let mut s = fair_stream();
    s.seek(30);
    let r0 = s.round_bytes(0);
    assert_eq!(s.next_u32(), u32::from_be_bytes([r0[30], r0[31], 13, 196]));
}

#[test]
fn simulation_source_words() {
    let mut c = sim_source();
    assert_eq!(
        [0; 4].map(|_| c.next_u64()),
        [
            2370525664269707216,
            6019739031913071421,
            11352947354031309824,
            9109578469052101476
        ]
    );
    let mut c = sim_source();
    assert_eq!(
        [0; 4].map(|_| c.next_u32()),
        [901654480, 551931016, 1841005373, 1401579713]
    );
}

#[test]
fn fair_stake_compatible() {
    let (drawn, sampler) = draw(fair_stream(), Profile::StakeCompatible);
    assert_eq!(
        drawn,
        Drawn {
            indices: vec![
                [0, 0, 0],
                [0, 1, 0],
                [1, 2, 0],
                [18, 14, 26],
                [48, 28, 8],
                [6518, 3827, 6048],
                [1274921259, 318067831, 307464625],
                [3023364645, 1689143664, 1816320405]
            ],
            floats: [
                0.308366036741063,
                0.05242836708202958,
                0.00038009975105524063,
                0.45734002138487995
            ],
            shuffle: vec![
                42, 5, 22, 14, 43, 12, 26, 50, 41, 38, 11, 7, 28, 13, 47, 15, 35, 10, 46, 4, 2, 32,
                27, 25, 3, 36, 8, 6, 45, 29, 17, 19, 39, 16, 18, 30, 24, 48, 37, 40, 21, 44, 9, 1,
                51, 0, 49, 34, 20, 31, 33, 23
            ],
            picked: [5, 3, 2, 1, 9],
            weighted: [4, 4, 4, 3, 4, 4, 4, 4],
            chances: [false, false, false, false, true, true, false, false]
        }
    );
    assert_eq!(RandomSource::position(sampler.source()), Some(400));
}

#[test]
fn fair_unbiased() {
    let (drawn, sampler) = draw(fair_stream(), Profile::Unbiased);
    assert_eq!(
        drawn,
        Drawn {
            indices: vec![
                [0, 0, 0],
                [1, 0, 1],
                [5, 2, 2],
                [10, 8, 4],
                [42, 51, 14],
                [4506, 6935, 5988],
                [672577305, 1667983537, 910609957],
                [3839988593, 2173228111, 2520020141]
            ],
            floats: [
                0.08903718142653794,
                0.19625985182286032,
                0.8362158011721841,
                0.5969902071081679
            ],
            shuffle: vec![
                3, 19, 46, 2, 42, 43, 17, 8, 15, 4, 18, 44, 9, 49, 38, 16, 25, 37, 51, 11, 5, 12,
                50, 29, 39, 21, 26, 47, 48, 33, 23, 35, 7, 31, 6, 45, 1, 24, 14, 40, 20, 34, 27,
                36, 0, 32, 30, 41, 22, 28, 13, 10
            ],
            picked: [2, 0, 1, 9, 6],
            weighted: [4, 4, 4, 4, 4, 4, 4, 4],
            chances: [false, false, false, true, true, false, false, false]
        }
    );
    assert_eq!(RandomSource::position(sampler.source()), Some(800));
}

#[test]
fn sim_stake_compatible() {
    let (drawn, sampler) = draw(sim_source(), Profile::StakeCompatible);
    assert_eq!(
        drawn,
        Drawn {
            indices: vec![
                [0, 0, 0],
                [0, 1, 1],
                [2, 2, 4],
                [14, 36, 8],
                [17, 11, 27],
                [2515, 2617, 2973],
                [1261018595, 934645913, 1573858127],
                [2458439044, 1941000102, 1149629853]
            ],
            floats: [
                0.20869008544832468,
                0.16892990958876908,
                0.7923745156731457,
                0.7633432890288532
            ],
            shuffle: vec![
                13, 27, 20, 30, 9, 21, 15, 25, 50, 5, 22, 6, 39, 42, 1, 47, 19, 10, 43, 51, 49, 2,
                17, 41, 11, 38, 34, 31, 28, 7, 3, 37, 4, 8, 29, 0, 35, 36, 16, 46, 40, 33, 44, 14,
                32, 26, 45, 18, 48, 24, 23, 12
            ],
            picked: [8, 5, 7, 9, 0],
            weighted: [4, 4, 4, 4, 3, 4, 3, 4],
            chances: [false, false, false, false, true, false, false, true]
        }
    );
    assert_eq!(RandomSource::position(sampler.source()), None);
}

#[test]
fn sim_unbiased() {
    let (drawn, sampler) = draw(sim_source(), Profile::Unbiased);
    assert_eq!(
        drawn,
        Drawn {
            indices: vec![
                [0, 0, 0],
                [0, 1, 1],
                [2, 1, 5],
                [8, 32, 7],
                [48, 23, 32],
                [5029, 8598, 7897],
                [1771825480, 291617655, 784671293],
                [1011213635, 1082098442, 3182884400]
            ],
            floats: [
                0.927684622565312,
                0.6539892570609586,
                0.4947289595896992,
                0.18485795993448306
            ],
            shuffle: vec![
                43, 9, 23, 35, 51, 49, 3, 39, 48, 10, 1, 18, 11, 32, 17, 25, 30, 2, 44, 45, 47, 33,
                6, 46, 12, 16, 15, 0, 24, 34, 13, 29, 19, 22, 31, 50, 38, 27, 40, 20, 4, 21, 8, 36,
                28, 37, 41, 14, 26, 42, 7, 5
            ],
            picked: [3, 1, 5, 8, 6],
            weighted: [4, 4, 4, 4, 4, 4, 4, 4],
            chances: [false, true, true, false, false, true, true, true]
        }
    );
    assert_eq!(RandomSource::position(sampler.source()), None);
}

#[test]
fn crash_chain_and_points() {
    let seed = GameHash::from_bytes(sha256(b"kingpin crash value stability"));
    let chain: Vec<String> = crash::build_chain(seed, 5)
        .unwrap()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        chain,
        [
            "e3576dc02505a0aa71deed7c67c41635e8b4582cc4322e6ba93d9776c0e6577b",
            "76f1281ef8fc46b85152a65dbeb793ea01a182bb58a7e28ba666d240ec18744c",
            "ca83d227a0fc5846e7e56a537ffced6321966c017b0f812ced2c16b41c720512",
            "a49ac37b6d7fdb32b0328274f345fdb4fbc8a9d222297d13d288550a39df22fc",
            "0740909a0cf06ca2a31d74d64443996ff5b4f99db6c1e37a6ac51a066d47cea9",
            "34a0914ab2e39d24fea064cdf17cf97d7f48d4acdbf133093c81e89e4d564320"
        ]
    );
    let games: Vec<GameHash> = chain[1..]
        .iter()
        .map(|h| GameHash::from_hex(h).unwrap())
        .collect();
    let cases: [(&str, &str, CrashFormula, [u64; 5]); 8] = [
        (
            "0000000000000000000fa3b65e43e4240d71762a5bf397d5304b2596d116859c",
            "0.01",
            CrashFormula::Int32,
            [124, 167, 142, 116, 169],
        ),
        (
            "0000000000000000000fa3b65e43e4240d71762a5bf397d5304b2596d116859c",
            "0.01",
            CrashFormula::Float52,
            [484, 242, 326, 659, 238],
        ),
        ("", "0", CrashFormula::Int32, [175, 142, 210, 104, 169]),
        ("", "0", CrashFormula::Float52, [231, 335, 190, 2512, 243]),
        (
            "salt ✓",
            "1/3",
            CrashFormula::Int32,
            [140, 100, 100, 164, 100],
        ),
        (
            "salt ✓",
            "1/3",
            CrashFormula::Float52,
            [126, 2135, 231, 112, 288],
        ),
        ("x", "0.99", CrashFormula::Int32, [100, 100, 100, 100, 100]),
        (
            "x",
            "0.99",
            CrashFormula::Float52,
            [100, 100, 100, 100, 100],
        ),
    ];
    for (salt, edge, formula, expected) in cases {
        let edge = Multiplier::parse(edge).unwrap();
        let got = games
            .iter()
            .map(|g| crash::crash_hundredths(g, salt, edge, formula).unwrap());
        assert!(got.eq(expected), "{salt:?} {edge} {formula:?}");
    }
}

/// Chosen words, for the branches a real stream almost never takes.
struct Words(Vec<u64>, usize);

impl RandomSource for Words {
    fn next_u32(&mut self) -> u32 {
        (self.next_u64() >> 32) as u32
    }
    fn next_u64(&mut self) -> u64 {
        self.1 += 1;
        self.0[self.1 - 1]
    }
}

#[test]
fn chosen_words() {
    // Stake-compatible: one binary64 multiplication, then floor. For u = 2^31 − 1 and
    // n = 2^31 + 1 the exact u·n / 2^32 is 2^30 − 2^−32, which rounds to 2^30 in binary64.
    let mut s = Sampler::new(Words(vec![0x7fff_ffff << 32], 0), Profile::StakeCompatible);
    assert_eq!(s.index_below((1 << 31) + 1).unwrap(), 1 << 30);
    // Unbiased: 2^64 mod 3 = 1, so 0 is rejected; after 4 rejected words the 4th is used.
    let mut s = Sampler::new(Words(vec![0, 0, 7, 9], 0), Profile::Unbiased);
    assert_eq!(s.index_below(3).unwrap(), 1);
    assert_eq!(s.source().1, 3);
    let mut s = Sampler::new(Words(vec![0, 0, 0, 0, 9], 0), Profile::Unbiased);
    assert_eq!(s.index_below(3).unwrap(), 0);
    assert_eq!(s.source().1, 4);
    // 2^64 mod (2^32 − 1) = 1.
    let mut s = Sampler::new(Words(vec![0, 1], 0), Profile::Unbiased);
    assert_eq!(s.index_below(u32::MAX).unwrap(), 1);
}
