#!/usr/bin/env bash
# Run every fuzz target for a while (default 60 s each) with cargo-fuzz on the nightly toolchain.
#   scripts/fuzz.sh [seconds] [target...]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_rust
secs=${1:-60}
shift || true
rustup toolchain list | grep -q nightly || timeout 300 rustup toolchain install nightly --profile minimal
have cargo-fuzz || cargo install cargo-fuzz --version 0.13.2 --locked
targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(cd fuzz && cargo +nightly fuzz list)
for t in "${targets[@]}"; do
    say "fuzz $t for ${secs}s"
    (cd fuzz && cargo +nightly fuzz run "$t" -- -max_total_time="$secs")
done
