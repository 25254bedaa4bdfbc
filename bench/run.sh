#!/usr/bin/env bash
# Gatehouse benchmarks (figures, not pass/fail). Builds the release binary, then:
#  1. the shared side-by-side harness against the Node oidc-provider peer
#     (discovery, JWKS, client_credentials, introspection, RSS, start-up);
#  2. Gatehouse-only scenarios the harness lacks (bench/scenarios.py): userinfo,
#     refresh_token rotation, the full authorization-code round trip, and client_credentials
#     latency while 100 clients flood the login form with wrong passwords.
#
#   bench/run.sh                 # everything
#   PEER=0 bench/run.sh          # skip the peer harness
#   DURATION=5 bench/run.sh      # shorter runs
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "needs wrk: apt-get install -y wrk" >&2; exit 2; }
cargo build --release -p gatehouse --quiet
BIN=$PWD/target/release/gatehouse
if [ "${PEER:-1}" = 1 ]; then
  echo "== side-by-side with the peer OP (../shared/bench/peer)"
  # Debian's `wrk -v` exits non-zero, which the harness (set -o pipefail) treats as fatal:
  # put a wrapper first on PATH. Results go to a temporary directory, not into ../shared.
  shim=$(mktemp -d)
  printf '#!/bin/sh\nif [ "$1" = -v ]; then %s -v 2>&1; exit 0; fi\nexec %s "$@"\n' \
    "$(command -v wrk)" "$(command -v wrk)" > "$shim/wrk"
  chmod +x "$shim/wrk"
  PATH="$shim:$PATH" OUT_DIR=${OUT_DIR:-$(mktemp -d)} TARGETS="peer gatehouse" GATEHOUSE_BIN=$BIN \
    DURATION=${DURATION:-10} ../shared/bench/peer/run.sh
fi
echo "== Gatehouse scenarios"
python3 bench/scenarios.py --bin "$BIN" --duration "${DURATION:-10}"
