#!/usr/bin/env bash
# The whole test suite — the README's test command, and exactly what CI runs (.ci/run).
# Installs what a fresh machine lacks (Rust components, the no_std target, python3, PostgreSQL).
#
#   scripts/test.sh          format, lints, every test and doc test, the language bindings, the
#                            no_std build, fuzz targets
#   scripts/test.sh --full   also the long opt-in tests (statistics, exhaustive enumerations)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

full=0
[ "${1:-}" = "--full" ] && full=1

start=$(date +%s)
ensure_rust
ensure_python
ensure_postgres
export RUST_BACKTRACE=${RUST_BACKTRACE:-0}

say "format"
cargo fmt --all --check
(cd fuzz && cargo fmt --check)

say "lints (clippy -D warnings)"
cargo clippy --workspace --all-targets --all-features --locked -- -D warnings

say "tests and doc tests"
cargo test --workspace --all-features --locked

say "bindings: Python, WASM (Node), mobile (uniffi: Python and Kotlin), on the shared vectors"
scripts/bindings.sh

say "no_std: the core crates for a bare-metal target (thumbv7em-none-eabihf)"
core_crates=(-p kingpin-units -p kingpin-rng -p kingpin-engine)
[ -d bonus ] && core_crates+=(-p kingpin-bonus)
if ensure_nostd_target; then
    cargo build --locked --no-default-features --target thumbv7em-none-eabihf "${core_crates[@]}"
else
    say "rustup cannot add the target: falling back to Debian's rustc-web with build-std"
    have /usr/bin/rustc || apt_install rustc-web rust-web-src cargo-web
    RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR=target-deb \
        /usr/bin/cargo build -Zbuild-std=core,alloc --no-default-features \
        --target thumbv7em-none-eabihf "${core_crates[@]}"
fi

say "fuzz targets compile (run them with scripts/fuzz.sh)"
cargo check --manifest-path fuzz/Cargo.toml --quiet

if [ "$full" = 1 ]; then
    say "long opt-in tests (release)"
    cargo test --workspace --all-features --release --locked -- --ignored
fi

say "all green in $(( $(date +%s) - start )) s"
