#!/usr/bin/env bash
# Runs the cargo-fuzz targets for a while each, from the seed corpus.
#
#   fuzz/run.sh SECONDS [TARGET...]     (no TARGET: every target in fuzz/fuzz_targets/)
#
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`); without either it
# says so and exits 0, so CI on a stable-only machine is not broken by it. Prints one line per
# target and exits 1 if any target found a crash (inputs in fuzz/artifacts/TARGET/).
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"

usage() {
    echo "usage: fuzz/run.sh SECONDS [TARGET...]" >&2
    echo "targets: $(cd "$here/fuzz_targets" && ls -- *.rs | sed 's/\.rs$//' | tr '\n' ' ')" >&2
    exit 2
}

[ $# -ge 1 ] || usage
seconds="$1"
shift
case "$seconds" in
'' | *[!0-9]*) usage ;;
esac
[ "$seconds" -ge 1 ] || usage

if [ $# -gt 0 ]; then
    targets=("$@")
else
    targets=()
    for f in "$here"/fuzz_targets/*.rs; do
        targets+=("$(basename "$f" .rs)")
    done
fi
for t in "${targets[@]}"; do
    [ -f "$here/fuzz_targets/$t.rs" ] || {
        echo "fuzz: no target named $t" >&2
        usage
    }
done

if ! cargo +nightly --version >/dev/null 2>&1; then
    echo "fuzz: skipped: the nightly toolchain is not installed (rustup toolchain install nightly)"
    exit 0
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    echo "fuzz: skipped: cargo-fuzz is not installed (cargo install cargo-fuzz)"
    exit 0
fi

# Resolve the same dependency versions as the main workspace on the first run.
[ -f "$here/Cargo.lock" ] || cp "$root/Cargo.lock" "$here/Cargo.lock"

# Release build with debug assertions (and overflow checks), AddressSanitizer.
flags=(--release --debug-assertions)
logs="$here/target/logs"
mkdir -p "$logs"

cd "$root" || exit 1
echo "fuzz: building ${#targets[@]} target(s) (the first build takes a while)"
for t in "${targets[@]}"; do
    if ! cargo +nightly fuzz build "${flags[@]}" "$t" >"$logs/build-$t.log" 2>&1; then
        echo "fuzz: build of $t failed, see $logs/build-$t.log"
        tail -n 20 "$logs/build-$t.log"
        exit 1
    fi
done

failed=0
for t in "${targets[@]}"; do
    # New inputs go to a scratch corpus under target/; the committed seeds stay as they are.
    work="$here/target/corpus/$t"
    mkdir -p "$work" "$here/corpus/$t"
    log="$logs/run-$t.log"
    cargo +nightly fuzz run "${flags[@]}" "$t" "$work" "$here/corpus/$t" -- \
        -max_total_time="$seconds" -max_len=16384 -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 >"$log" 2>&1
    status=$?
    runs="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | tail -n 1 | grep -o '[0-9]*$')"
    cov="$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | grep -o '[0-9]*$')"
    if [ "$status" -eq 0 ]; then
        printf 'ok    %-22s %ss, %s runs, %s coverage points\n' "$t" "$seconds" "${runs:-?}" "${cov:-?}"
    else
        failed=1
        crash="$(grep -o 'Test unit written to [^ ]*' "$log" | tail -n 1 | sed 's/Test unit written to //')"
        printf 'FAIL  %-22s crash in %s (log: %s)\n' "$t" "${crash:-fuzz/artifacts/$t/}" "$log"
    fi
done
exit "$failed"
