//! `kingpin rng dump`: raw stream bytes or scaled outcomes for external statistical batteries.

use std::io::{BufWriter, Write};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};
use kingpin_rng::{ByteStream, ClientSeed, Profile, Sampler, ServerSeed};

use crate::input::parse_count;

/// Randomness tools.
#[derive(Subcommand, Debug)]
pub(crate) enum RngCommand {
    /// Write the fair stream to stdout: raw bytes (`--raw`) or one scaled outcome per line
    /// (`--scaled N`: indices below N). Bets follow each other: nonce, nonce+1, … each
    /// contributing `--per-nonce` bytes or outcomes, as a casino's stream of bets would.
    Dump(DumpArgs),
}

#[derive(Args, Debug)]
pub(crate) struct DumpArgs {
    /// Write raw bytes (binary) — for `dieharder -g 200`, PractRand, TestU01.
    #[arg(long, conflicts_with = "scaled")]
    raw: bool,
    /// Write indices below N, one per line, under `--profile`.
    #[arg(long, value_name = "N")]
    scaled: Option<u32>,
    /// How many bytes (with --raw) or outcomes (with --scaled); `1e9` allowed. Omit to write
    /// until stdout is closed (raw mode only).
    #[arg(long)]
    count: Option<String>,
    /// Server seed (default: a fixed, public test seed).
    #[arg(long, default_value = "kingpin test battery server seed")]
    server_seed: String,
    /// Client seed.
    #[arg(long, default_value = "kingpin test battery client seed")]
    client_seed: String,
    /// First nonce.
    #[arg(long, default_value = "0")]
    nonce: u64,
    /// Bytes (raw) or outcomes (scaled) taken from each nonce's stream before moving to the
    /// next nonce. Default: 32 bytes (one HMAC round) or 1 outcome.
    #[arg(long)]
    per_nonce: Option<u64>,
    /// Sampler profile for --scaled: `unbiased` or `stake-compatible`.
    #[arg(long, default_value = "unbiased")]
    profile: String,
}

pub(crate) fn run(cmd: RngCommand) -> Result<ExitCode> {
    let RngCommand::Dump(a) = cmd;
    let server = ServerSeed::new(a.server_seed.clone())?;
    let client = ClientSeed::new(a.client_seed.clone())?;
    let profile = match a.profile.as_str() {
        "unbiased" => Profile::Unbiased,
        "stake-compatible" => Profile::StakeCompatible,
        p => bail!("--profile {p:?}: expected unbiased or stake-compatible"),
    };
    let count = a
        .count
        .as_deref()
        .map(parse_count)
        .transpose()
        .context("--count")?;
    if !a.raw && a.scaled.is_none() {
        bail!("choose --raw or --scaled N");
    }
    if a.scaled.is_some() && count.is_none() {
        bail!("--scaled needs --count");
    }
    if a.scaled == Some(0) {
        bail!("--scaled N needs N >= 1");
    }
    let per_nonce = a.per_nonce.unwrap_or(if a.raw { 32 } else { 1 });
    if per_nonce == 0 {
        bail!("--per-nonce must be at least 1");
    }
    let stdout = std::io::stdout().lock();
    let mut out = BufWriter::with_capacity(1 << 16, stdout);
    let mut nonce = a.nonce;
    let mut written = 0u64;
    let result: std::io::Result<()> = (|| {
        loop {
            let mut s = Sampler::new(ByteStream::new(&server, &client, nonce), profile);
            for _ in 0..per_nonce {
                if count.is_some_and(|c| written >= c) {
                    return Ok(());
                }
                match a.scaled {
                    Some(n) => writeln!(out, "{}", s.index_below(n).unwrap_or(0))?,
                    None => out.write_all(&[s.source_mut().next_byte()])?,
                }
                written += 1;
            }
            nonce = nonce.wrapping_add(1);
        }
    })();
    match result.and_then(|()| out.flush()) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        // A battery that has read enough closes the pipe: that is the normal end.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(e) => Err(e.into()),
    }
}
