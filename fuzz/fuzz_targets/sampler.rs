//! Sampler inputs: any seeds, nonce, bound and profile give values in range, never a panic.
#![no_main]

use kingpin_rng::{ByteStream, ClientSeed, Profile, Sampler, ServerSeed};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.len() < 14 {
        return;
    }
    let n = u32::from_le_bytes([data[0], data[1], data[2], data[3]]);
    let nonce = u64::from_le_bytes([
        data[4], data[5], data[6], data[7], data[8], data[9], data[10], data[11],
    ]);
    let profile = if data[12] & 1 == 0 {
        Profile::Unbiased
    } else {
        Profile::StakeCompatible
    };
    let split = usize::from(data[13]).min(data.len() - 14);
    let rest = &data[14..];
    let (server, client) = rest.split_at(split.min(rest.len()));
    let (Ok(server), Ok(client)) = (
        ServerSeed::new(String::from_utf8_lossy(server).into_owned()),
        ClientSeed::new(String::from_utf8_lossy(client).into_owned()),
    ) else {
        return;
    };
    let mut s = Sampler::new(ByteStream::new(&server, &client, nonce), profile);
    match s.index_below(n) {
        Ok(i) => assert!(i < n),
        Err(_) => assert_eq!(n, 0),
    }
    let f = s.float();
    assert!((0.0..1.0).contains(&f));
    let mut v: Vec<u16> = (0..(n % 300) as u16).collect();
    s.shuffle(&mut v).expect("shuffle");
    let mut sorted = v.clone();
    sorted.sort_unstable();
    assert!(sorted.iter().enumerate().all(|(i, &x)| usize::from(x) == i));
});
