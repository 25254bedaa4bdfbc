#!/usr/bin/env bash
# The whole test suite: formatting, lints, the core boundary, unit, storage and end-to-end
# tests. PostgreSQL + Redis variants run when GATEHOUSE_TEST_POSTGRES_URL and
# GATEHOUSE_TEST_REDIS_URL are set (.ci/run sets them).
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== cargo fmt --check"
cargo fmt --all -- --check

echo "== cargo clippy --all-targets -- -D warnings"
cargo clippy --workspace --all-targets --quiet -- -D warnings

for tool in cargo-machete cargo-deny; do
  command -v "$tool" >/dev/null 2>&1 || {
    echo "$tool is missing: .ci/run installs it (cargo install --locked $tool)" >&2
    exit 1
  }
done
echo "== cargo machete (no unused dependencies)"
cargo machete
echo "== cargo deny check bans licenses (no new duplicate versions; permissive licences only)"
cargo deny --log-level error check bans licenses

echo "== gatehouse-core stays pure (no actix-web, diesel, redis, reqwest, ldap3)"
core_tree=$(cargo tree -p gatehouse-core -e normal --prefix none)
forbidden=$(printf '%s\n' "$core_tree" | grep -E '^(actix-web|diesel|redis|reqwest|ldap3) ' || true)
if [ -n "$forbidden" ]; then
  echo "gatehouse-core must not depend on: $forbidden" >&2
  exit 1
fi

echo "== sign-in steps never import each other (crates/gatehouse-server/src/signin/steps/)"
steps_dir=crates/gatehouse-server/src/signin/steps
for f in $(find "$steps_dir" -name '*.rs'); do
  if grep -En '(steps::|super::[a-z_]+::)' "$f"; then
    echo "$f reaches into another step: steps hand back to the resume point instead" >&2
    exit 1
  fi
done

[ -d tests/browser/node_modules/playwright-core ] || {
  echo "tests/browser needs its npm packages: npm ci --prefix tests/browser (.ci/run does it)" >&2
  exit 1
}

echo "== build the binary the end-to-end tests start"
cargo build -p gatehouse --quiet
echo "== the binary needs no system libpq or OpenSSL (both compiled in)"
if ldd target/debug/gatehouse | grep -E 'libpq|libssl|libcrypto'; then
  echo "target/debug/gatehouse links a system library it should compile in" >&2
  exit 1
fi

echo "== cargo test"
if [ -n "${GATEHOUSE_TEST_POSTGRES_URL:-}" ]; then
  echo "   (PostgreSQL: $GATEHOUSE_TEST_POSTGRES_URL, Redis: ${GATEHOUSE_TEST_REDIS_URL:-unset})"
else
  echo "   (SQLite + in-process only; set GATEHOUSE_TEST_POSTGRES_URL and GATEHOUSE_TEST_REDIS_URL for the production backends)"
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
cargo test --workspace --no-fail-fast 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
read -r passed failed < <(awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i } }
     END { printf "%d %d\n", p, f }' "$log")

echo "== admin API: openapi-spec-validator and schemathesis against a running server"
if tests/api/schemathesis.sh target/debug/gatehouse; then
  passed=$((passed + 1))
else
  failed=$((failed + 1))
  status=1
fi

echo "== deployment examples (tests/deploy/validate.sh: kubernetes-validate --strict and cross-checks)"
if tests/deploy/validate.sh; then
  passed=$((passed + 1))
else
  failed=$((failed + 1))
  status=1
fi

browser_log=$(mktemp)
trap 'rm -f "$log" "$browser_log"' EXIT
for script in console passkeys i18n; do
  case "$script" in
    console) echo "== admin console in a browser (tests/browser/console.mjs: chromium + playwright-core)" ;;
    passkeys) echo "== passkeys in a browser (tests/browser/passkeys.mjs: chromium's virtual authenticator)" ;;
    i18n) echo "== languages and brand in a browser (tests/browser/i18n.mjs: de, en-XA, ar-XB, en; axe-core)" ;;
  esac
  set +e
  node "tests/browser/$script.mjs" target/debug/gatehouse 2>&1 | tee "$browser_log"
  browser_status=${PIPESTATUS[0]}
  set -e
  bp=0 bf=0
  read -r bp bf < <(sed -n 's/^browser: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' "$browser_log" | tail -n 1) || true
  passed=$((passed + ${bp:-0}))
  failed=$((failed + ${bf:-0}))
  if [ "$browser_status" != 0 ]; then
    status=1
    [ "${bf:-0}" -gt 0 ] || failed=$((failed + 1))
  fi
done

echo "$passed passed, $failed failed"
exit "$status"
