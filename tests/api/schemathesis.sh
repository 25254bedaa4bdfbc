#!/usr/bin/env bash
# The admin API against its own OpenAPI document: openapi-spec-validator checks the document
# (docs/admin-api.json, kept equal to what the server serves by a unit test), then
# schemathesis sends generated requests to a running `gatehouse serve` (SQLite) with an
# administrator's token and fails on any server error, undocumented status code or content
# type, or response that does not match its schema.
#
# Usage: tests/api/schemathesis.sh [BINARY]  (needs openapi-spec-validator and schemathesis
# on PATH, or GATEHOUSE_PY_TOOLS pointing at the directory holding them; .ci/run installs
# them).
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${1:-target/debug/gatehouse}
tools=${GATEHOUSE_PY_TOOLS:-}
tool() { if [ -n "$tools" ]; then echo "$tools/$1"; else command -v "$1"; fi; }
validator=$(tool openapi-spec-validator) || { echo "openapi-spec-validator is missing (.ci/run installs it)" >&2; exit 1; }
st=$(tool schemathesis) || { echo "schemathesis is missing (.ci/run installs it)" >&2; exit 1; }
[ -x "$validator" ] && [ -x "$st" ] || { echo "openapi-spec-validator or schemathesis is missing (.ci/run installs them)" >&2; exit 1; }

echo "== openapi-spec-validator docs/admin-api.json"
"$validator" docs/admin-api.json

dir=$(mktemp -d)
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
printf 'KioqKioqKioqKioqKioqKioqKioqKioqKioqKioqKio=' > "$dir/master.key"
cat > "$dir/gatehouse.toml" <<TOML
issuer = "$base"
[server]
listen = "127.0.0.1:$port"
[database]
url = "sqlite://$dir/gatehouse.db"
[keys]
master_key_file = "$dir/master.key"
[password_hash]
memory_kib = 1024
iterations = 1
TOML
export GATEHOUSE_CONFIG="$dir/gatehouse.toml"
"$bin" migrate >/dev/null
client=$("$bin" client create --name schemathesis --grant-type client_credentials --scope gatehouse:admin --json)
id=$(printf '%s' "$client" | python3 -c 'import json,sys; print(json.load(sys.stdin)["client_id"])')
secret=$(printf '%s' "$client" | python3 -c 'import json,sys; print(json.load(sys.stdin)["client_secret"])')
for i in 1 2 3; do
  "$bin" user create --email "user$i@example.com" --password "correct horse battery $i" --json >/dev/null
done
"$bin" serve 2>"$dir/serve.log" &
server=$!
for _ in $(seq 1 50); do curl -fsS "$base/readyz" >/dev/null 2>&1 && break; sleep 0.2; done
curl -fsS "$base/readyz" >/dev/null || { cat "$dir/serve.log" >&2; exit 1; }
token=$(curl -fsS -u "$id:$secret" -d grant_type=client_credentials -d scope=gatehouse:admin "$base/token" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')

echo "== schemathesis (no server errors, no schema violations)"
"$st" run "$base/admin/api/v1/openapi.json" \
  --url "$base/admin/api/v1" \
  -H "Authorization: Bearer $token" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
  --phases examples,coverage,fuzzing \
  --max-examples 25 \
  --workers 2 \
  --seed 1 \
  --suppress-health-check all \
  --warnings off
