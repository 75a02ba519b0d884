#!/usr/bin/env bash
# The main job on the embedded default, no external services: build the `kingpin` CLI, verify a
# published round from its seeds, check a commitment, and simulate a game.
# (When the server lands, this becomes `kingpin serve` on the embedded SQLite store.)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_rust

say "building kingpin (release)"
cargo build --release --locked -p kingpin-cli --quiet
k=target/release/kingpin

say "verify a published dice round: server seed 'server seed', client seed 'client seed', nonce 1"
"$k" verify dice --server-seed "server seed" --client-seed "client seed" --nonce 1 --target 50 --condition over

say "check the server seed against the commitment shown before play"
"$k" verify commitment --server-seed "server seed" \
    --commitment a4e53dc2f480b8fce6fe688b1317658b446299df23ad533394406427c8c19557

say "simulate 10 million dice rounds (seeded: replays exactly)"
"$k" simulate dice --rounds 1e7 --seed 2026 --target 50 --condition over "$@"

say "more: $k --help"
