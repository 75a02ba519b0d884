//! Generates the poker hand evaluator's lookup tables into `OUT_DIR`.
//!
//! The tables are pure functions of poker's rules (the best 5-card hand of every rank set),
//! computed in `src/poker/tablegen.rs`, which this script `include!`s, so the
//! evaluator in `src/poker/eval.rs` needs no construction step, no `static mut` and no `std`.
//! With the feature `poker-tables-runtime` the crate builds the same tables at first use from
//! the same file instead of embedding them; the hash multipliers found here are used by both.
//! The layout is described in `tablegen.rs` and `docs/games/holdem.md`:
//!
//! - `poker_hand_keys.bin`: the 7,462 hand-class keys, little-endian `u32`s;
//! - `poker_flush.bin`: 8,192 little-endian `u16` flush values by 13-bit rank mask;
//! - `poker_rank_disp.bin` and `poker_rank_values.bin`: the perfect hash of rank multisets
//!   (displacements and values, little-endian `u16`s);
//! - `poker_hash.rs`: the hash multipliers and index widths.
#![allow(missing_docs)]

extern crate alloc;

use std::env;
use std::fs;
use std::path::Path;

#[allow(dead_code, unreachable_pub)]
mod tablegen {
    include!("src/poker/tablegen.rs");
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/poker/tablegen.rs");
    let out = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let out = Path::new(&out);

    let t = tablegen::generate(None).expect("one multiplier pair builds a perfect hash");
    assert_eq!(t.keys.len(), 7462, "distinct 5-card hand classes");

    fs::write(out.join("poker_hand_keys.bin"), le32(&t.keys)).expect("write keys");
    fs::write(out.join("poker_flush.bin"), le16(&t.flush)).expect("write flush");
    fs::write(out.join("poker_rank_disp.bin"), le16(&t.disp)).expect("write disp");
    fs::write(out.join("poker_rank_values.bin"), le16(&t.values)).expect("write values");
    let (m1, m2) = (t.m1, t.m2);
    let (bucket_bits, slot_bits) = (tablegen::GEN_BUCKET_BITS, tablegen::GEN_SLOT_BITS);
    fs::write(
        out.join("poker_hash.rs"),
        format!(
            "/// Multiplier of the bucket hash.\nconst HASH_M1: u64 = {m1:#x};\n\
             /// Multiplier of the slot hash.\nconst HASH_M2: u64 = {m2:#x};\n\
             /// Bits of the bucket index.\nconst BUCKET_BITS: u32 = {bucket_bits};\n\
             /// Bits of the slot index.\nconst SLOT_BITS: u32 = {slot_bits};\n"
        ),
    )
    .expect("write hash constants");
}

fn le16(v: &[u16]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_le_bytes()).collect()
}

fn le32(v: &[u32]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_le_bytes()).collect()
}
