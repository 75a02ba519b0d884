# Shared helpers for Kingpin's scripts: install what a fresh machine lacks, say what is done.
# Sourced, not executed.

say() { printf '\n\033[1m== %s\033[0m\n' "$*" >&2; }

have() { command -v "$1" >/dev/null 2>&1; }

apt_updated=0
apt_install() {
    have apt-get || { echo "need: $* (no apt-get on this machine; install them yourself)" >&2; return 1; }
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    if [ "$apt_updated" = 0 ]; then
        $sudo apt-get update -q >/dev/null && apt_updated=1
    fi
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "$@" >/dev/null
}

# Rust stable with rustfmt and clippy, via rustup (installed if missing).
ensure_rust() {
    if ! have cargo; then
        if [ -x "$HOME/.cargo/bin/cargo" ]; then
            export PATH="$HOME/.cargo/bin:$PATH"
        else
            say "installing Rust (rustup)"
            have curl || apt_install curl ca-certificates
            curl -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal -c rustfmt,clippy
            export PATH="$HOME/.cargo/bin:$PATH"
        fi
    fi
    if have rustup; then
        rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || timeout 120 rustup component add rustfmt
        rustup component list --installed 2>/dev/null | grep -q '^clippy' || timeout 120 rustup component add clippy
    fi
}

# The bare-metal target that proves the core is no_std. Returns 1 if it cannot be had, in which
# case callers use the Debian build-std fallback (TOOLCHAIN.md).
ensure_nostd_target() {
    have rustup || return 1
    rustup target list --installed 2>/dev/null | grep -q '^thumbv7em-none-eabihf$' && return 0
    timeout 120 rustup target add thumbv7em-none-eabihf >/dev/null 2>&1
}

ensure_python() {
    have python3 || { say "installing python3"; apt_install python3; }
}

# PostgreSQL on 127.0.0.1:${PGPORT:-5432} with trust auth and a `test` database; started or
# installed if needed. Exports DATABASE_URL unless it is already set.
ensure_postgres() {
    local port=${PGPORT:-5432} cl=${PG_CLUSTER_NAME:-main}
    if ! (have pg_isready && pg_isready -q -h 127.0.0.1 -p "$port"); then
        say "starting PostgreSQL"
        have pg_ctlcluster || apt_install postgresql
        local ver
        ver=$(ls /etc/postgresql | sort -V | tail -n 1)
        sed -i -E 's/(peer|scram-sha-256|md5)[[:space:]]*$/trust/' "/etc/postgresql/$ver/$cl/pg_hba.conf"
        pg_ctlcluster --skip-systemctl-redirect "$ver" "$cl" start || pg_ctlcluster "$ver" "$cl" start
        for _ in $(seq 30); do pg_isready -q -h 127.0.0.1 -p "$port" && break; sleep 1; done
    fi
    psql -h 127.0.0.1 -p "$port" -U postgres -tAc "select 1 from pg_database where datname='test'" | grep -q 1 \
        || createdb -h 127.0.0.1 -p "$port" -U postgres test
    export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:$port/test}
}
