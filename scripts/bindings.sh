#!/usr/bin/env bash
# Build every language binding and run its tests from its own language, on the shared vectors
# (tests/vectors/rounds.json). Installs what a fresh machine lacks: a Python venv with maturin
# and pytest, the wasm32 target (or Debian's build-std fallback), wasm-bindgen-cli, Node, the
# Kotlin compiler (npm), JNA and Java (apt).
#
#   scripts/bindings.sh            everything; last line: `bindings: N passed, M failed`
#   scripts/bindings.sh --build-wasm   only build the npm package (bindings/wasm/pkg-*)
#
# Builds reuse the workspace's target/ (Python: release; WASM: the wasm-release profile;
# mobile: the dev profile). Scratch files go to target/bindings/.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

root=$PWD
out=$root/target/bindings
mkdir -p "$out"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target}
start=$(date +%s)
passed=0
failed=0
step="setup"
trap 'echo "bindings: $passed passed, $((failed + 1)) failed (stopped at: $step)"' ERR

# count NAME PASSED FAILED
count() {
    echo "  $1: $2 passed, $3 failed" >&2
    passed=$((passed + $2))
    failed=$((failed + $3))
}

# Run a test command; its output is kept in target/bindings/NAME.log and parsed by PARSER.
run_tests() {
    local name=$1 parser=$2
    shift 2
    local log=$out/$name.log rc=0
    "$@" >"$log" 2>&1 || rc=$?
    local p f
    read -r p f < <($parser "$log")
    if [ "$rc" != 0 ] && [ "$f" = 0 ]; then f=1; fi
    [ "$rc" = 0 ] || { echo "--- $name failed (rc $rc); log: $log" >&2; tail -n 40 "$log" >&2; }
    count "$name" "$p" "$f"
}
parse_pytest() {
    grep -E '[0-9]+ (passed|failed|errors?)' "$1" | tail -n 1 |
        awk '{for (i = 1; i < NF; i++) { if ($(i+1) ~ /^passed/) p = $i; if ($(i+1) ~ /^(failed|error)/) f += $i }}
             END {print p + 0, f + 0}'
}
parse_node() {
    echo "$(grep -oE '^# pass [0-9]+' "$1" | grep -oE '[0-9]+' || echo 0) $(grep -oE '^# fail [0-9]+' "$1" | grep -oE '[0-9]+' || echo 0)"
}
parse_cargo() {
    grep -E '^test result:' "$1" | awk '{p += $4; f += $6} END {print p + 0, f + 0}'
}
parse_kotlin() {
    local l
    l=$(grep -E '^kotlin: [0-9]+ passed, [0-9]+ failed' "$1" | tail -n 1)
    [ -n "$l" ] && awk '{print $2, $4}' <<<"$l" || echo "0 1"
}

ensure_node() {
    have node && have npm && return 0
    say "installing Node.js and npm"
    apt_install nodejs npm
}

# --- WASM -------------------------------------------------------------------------------------
wasm_bindgen_version=0.2.130
build_wasm() {
    step="wasm: target"
    local wasm
    if have rustup && { rustup target list --installed | grep -q '^wasm32-unknown-unknown$' ||
        timeout 120 rustup target add wasm32-unknown-unknown >/dev/null 2>&1; }; then
        step="wasm: cargo build"
        cargo build --quiet -p kingpin-wasm --profile wasm-release --target wasm32-unknown-unknown
        wasm=$CARGO_TARGET_DIR/wasm32-unknown-unknown/wasm-release/kingpin_wasm.wasm
    else
        say "rustup cannot add wasm32: Debian's rustc-web with build-std (TOOLCHAIN.md)"
        [ -x /usr/bin/rustc ] && have wasm-ld || apt_install rustc-web rust-web-src cargo-web lld
        step="wasm: cargo build (Debian build-std)"
        RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR=$root/target-deb \
            CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=wasm-ld \
            /usr/bin/cargo build --quiet -p kingpin-wasm --profile wasm-release \
            -Zbuild-std=std,panic_abort --target wasm32-unknown-unknown
        wasm=$root/target-deb/wasm32-unknown-unknown/wasm-release/kingpin_wasm.wasm
    fi
    step="wasm: wasm-bindgen-cli"
    if ! have wasm-bindgen || [ "$(wasm-bindgen --version | awk '{print $2}')" != "$wasm_bindgen_version" ]; then
        say "installing wasm-bindgen-cli $wasm_bindgen_version (about 2 min)"
        # Not --locked: the registry mirror lacks one pinned dependency (TOOLCHAIN.md).
        cargo install --quiet wasm-bindgen-cli --version "=$wasm_bindgen_version"
    fi
    step="wasm: wasm-bindgen"
    local pkg=$root/bindings/wasm
    local flags=(--remove-name-section --remove-producers-section)
    wasm-bindgen --target nodejs "${flags[@]}" --out-dir "$pkg/pkg-node" "$wasm"
    wasm-bindgen --target web "${flags[@]}" --out-dir "$pkg/pkg-web" "$wasm"
    step="wasm: wasm-opt"
    # Binaryen from npm (Debian's is too old); shrinks the module by about a tenth.
    local wasm_opt=$out/npm/node_modules/.bin/wasm-opt
    [ -x "$wasm_opt" ] || npm install --silent --prefix "$out/npm" binaryen@132 >/dev/null
    local d
    for d in pkg-node pkg-web; do
        "$wasm_opt" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
            --enable-mutable-globals --enable-reference-types --enable-multivalue \
            "$pkg/$d/kingpin_wasm_bg.wasm" -o "$pkg/$d/kingpin_wasm_bg.wasm"
    done
    # The package mixes module kinds: mark each generated folder.
    echo '{ "type": "commonjs" }' >"$pkg/pkg-node/package.json"
    echo '{ "type": "module" }' >"$pkg/pkg-web/package.json"
    wasm_size=$(stat -c %s "$pkg/pkg-node/kingpin_wasm_bg.wasm")
    echo "  wasm module: $wasm_size bytes before compression ($(gzip -9 -c "$pkg/pkg-node/kingpin_wasm_bg.wasm" | wc -c) gzipped)" >&2
}

if [ "${1:-}" = "--build-wasm" ]; then
    ensure_rust
    ensure_node
    build_wasm
    trap - ERR
    exit 0
fi

ensure_rust
ensure_python
ensure_node

# --- Rust: the vectors ------------------------------------------------------------------------
say "Rust: cross-language vectors"
step="rust vectors"
run_tests rust-vectors parse_cargo cargo test -p kingpin-bindings --test vectors

# --- Python -----------------------------------------------------------------------------------
say "Python: kingpin (pyo3 + maturin)"
step="python: venv"
venv=$out/venv
if [ ! -x "$venv/bin/pytest" ] || [ ! -x "$venv/bin/maturin" ]; then
    python3 -m venv "$venv" 2>/dev/null || { apt_install python3-venv && rm -rf "$venv" && python3 -m venv "$venv"; }
    "$venv/bin/pip" install --quiet --upgrade "maturin>=1.16,<2" pytest numpy
fi
step="python: maturin develop"
(cd bindings/python && VIRTUAL_ENV=$venv PATH=$venv/bin:$PATH maturin develop --quiet --release >"$out/maturin.log" 2>&1) ||
    { tail -n 40 "$out/maturin.log" >&2; false; }
run_tests python parse_pytest "$venv/bin/python" -m pytest -q bindings/python/tests
step="python: example"
if "$venv/bin/python" bindings/python/examples/rtp_convergence.py --max-rounds 100000 \
    --out "$out/rtp_convergence.png" >"$out/example.log" 2>&1 && grep -q '^ *100,000 ' "$out/example.log"; then
    count python-example 1 0
else
    cat "$out/example.log" >&2
    count python-example 0 1
fi

# --- WASM -------------------------------------------------------------------------------------
say "WASM: kingpin-wasm (wasm-bindgen, Node)"
build_wasm
step="wasm: node --test"
run_tests wasm parse_node node --test bindings/wasm/test/
# A figure to report, not a test: the target is 400 KB before compression (docs/bindings.md).
[ "$wasm_size" -le 409600 ] || echo "  note: the wasm module is above the 400 KB target" >&2

# --- Mobile -----------------------------------------------------------------------------------
say "Mobile: kingpin-mobile (uniffi; Python and Kotlin against the same library)"
step="mobile: cargo build"
cargo build --quiet -p kingpin-mobile --lib
lib=$CARGO_TARGET_DIR/debug/libkingpin_mobile.so
step="mobile: uniffi-bindgen"
cargo build --quiet --manifest-path bindings/mobile/bindgen/Cargo.toml
bindgen=$CARGO_TARGET_DIR/debug/uniffi-bindgen
gen=$out/mobile
rm -rf "$gen"
for lang in python kotlin swift; do
    "$bindgen" generate --library "$lib" --language "$lang" --out-dir "$gen/$lang" >/dev/null
done
cp "$lib" "$gen/python/"
step="mobile: generated sources"
if [ -f "$gen/kotlin/uniffi/kingpin_mobile/kingpin_mobile.kt" ] && [ -f "$gen/swift/kingpin_mobile.swift" ] &&
    [ -f "$gen/swift/kingpin_mobileFFI.h" ] && [ -f "$gen/swift/kingpin_mobileFFI.modulemap" ]; then
    count "mobile-generated-kotlin-swift" 1 0
else
    count "mobile-generated-kotlin-swift" 0 1
fi
run_tests mobile-python parse_pytest env KINGPIN_MOBILE_PY="$gen/python" "$venv/bin/python" -m pytest -q bindings/mobile/tests

step="mobile: Kotlin toolchain"
have java || apt_install openjdk-17-jre-headless
[ -f /usr/share/java/jna.jar ] || apt_install libjna-java
kotlinc=$out/npm/node_modules/kotlin-compiler/bin/kotlinc
[ -x "$kotlinc" ] || npm install --silent --prefix "$out/npm" kotlin-compiler@2.4.20 >/dev/null
step="mobile: kotlinc"
"$kotlinc" "$gen/kotlin/uniffi/kingpin_mobile/kingpin_mobile.kt" bindings/mobile/kotlin/Main.kt \
    -cp /usr/share/java/jna.jar -include-runtime -d "$out/kotlin-app.jar" 2>"$out/kotlinc.log" ||
    { cat "$out/kotlinc.log" >&2; false; }
run_tests kotlin parse_kotlin java -Djna.library.path="$(dirname "$lib")" \
    -cp "$out/kotlin-app.jar:/usr/share/java/jna.jar" MainKt tests/vectors/rounds.json

trap - ERR
echo "  (bindings took $(($(date +%s) - start)) s)" >&2
echo "bindings: $passed passed, $failed failed"
[ "$failed" = 0 ]
