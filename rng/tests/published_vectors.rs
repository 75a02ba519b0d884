//! Published vectors of the scheme: if any of these fail, we are no longer compatible with the
#![allow(clippy::unwrap_used)] // Test helpers may unwrap: a failure is a test failure.
//! verifiers players already use.

use kingpin_rng::{ByteStream, ClientSeed, Profile, Sampler, ServerSeed};

fn stream(server: &str, client: &str, nonce: u64) -> ByteStream {
    ByteStream::new(
        &ServerSeed::new(server).unwrap(),
        &ClientSeed::new(client).unwrap(),
        nonce,
    )
}

fn stake(server: &str, client: &str, nonce: u64) -> Sampler<ByteStream> {
    Sampler::new(stream(server, client, nonce), Profile::StakeCompatible)
}

#[test]
fn commitment_of_server_seed() {
    assert_eq!(
        ServerSeed::new("server seed")
            .unwrap()
            .commitment()
            .to_string(),
        "a4e53dc2f480b8fce6fe688b1317658b446299df23ad533394406427c8c19557"
    );
}

#[test]
fn first_bytes() {
    let mut s = stream("some server seed", "some client seed", 1);
    let mut b = [0u8; 8];
    s.fill(&mut b);
    assert_eq!(b, [151, 136, 121, 135, 209, 159, 189, 233]);
}

#[test]
fn roulette_index_below_37() {
    assert_eq!(
        stake("server seed", "client seed", 1)
            .index_below(37)
            .unwrap(),
        27
    );
    assert_eq!(
        stake("server seed", "client seed", 2)
            .index_below(37)
            .unwrap(),
        19
    );
}

#[test]
fn plinko_eight_rows() {
    let path_sum = |nonce| {
        let mut s = stake("server seed", "client seed", nonce);
        (0..8).map(|_| s.index_below(2).unwrap()).sum::<u32>()
    };
    assert_eq!([path_sum(1), path_sum(2), path_sum(3)], [7, 2, 5]);
}

#[test]
fn floats_def_abc_nonce_0() {
    let mut s = stake("def", "abc", 0);
    let got: Vec<f64> = (0..8).map(|_| s.float()).collect();
    assert_eq!(
        got,
        [
            0.8320531346835196,
            0.8531235849950463,
            0.18227359023876488,
            0.774284637067467,
            0.18627392360940576,
            0.6012540922965854,
            0.608081541955471,
            0.46018488449044526
        ]
    );
}
