#!/usr/bin/env bash
# The deployment examples in deploy/: the Kubernetes manifests against the Kubernetes API
# schemas (kubernetes-validate --strict: unknown fields are errors), then what no schema
# knows: every file parses without duplicate keys, kustomization.yaml lists every manifest,
# config keys and GATEHOUSE_* variables exist (crates/gatehouse-server/src/config/docs.rs),
# selectors, ports, probes and hosts agree, the Compose file has its services and the
# Caddyfile proxies to exactly its nodes. One line per file; exits 1 if anything is wrong.
#
# Usage: tests/deploy/validate.sh [DEPLOY_DIR]  (default deploy/). Needs the CI virtualenv's
# kubernetes-validate and python3 (with PyYAML, a dependency of kubernetes-validate):
# GATEHOUSE_PY_TOOLS is its bin directory, as for tests/api/schemathesis.sh (.ci/run
# installs and exports it).
set -euo pipefail
cd "$(dirname "$0")/../.."
deploy=${1:-deploy}
tools=${GATEHOUSE_PY_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/gatehouse-ci/venv/bin}
kv="$tools/kubernetes-validate"
py="$tools/python3"

# The oldest Kubernetes the manifests promise to fit, and the newest the pinned
# kubernetes-validate knows: a field too new for the first or removed by the second fails.
kube_versions=(1.31.0 1.37.0)

[ -x "$kv" ] || { echo "kubernetes-validate is missing ($kv): .ci/run installs it into the CI virtualenv, or set GATEHOUSE_PY_TOOLS" >&2; exit 1; }
"$py" -c 'import yaml' 2>/dev/null || { echo "python3 with PyYAML is missing ($py): .ci/run installs it with kubernetes-validate" >&2; exit 1; }
[ -d "$deploy/kubernetes" ] && [ -d "$deploy/compose" ] || { echo "$deploy/kubernetes or $deploy/compose is missing" >&2; exit 1; }

status=0
kv_version=$("$kv" --version)
kv_args=(--strict)
for v in "${kube_versions[@]}"; do kv_args+=(-k "$v"); done

# 1. The API schemas. kustomization.yaml is no API object (kubernetes-validate would only
#    warn that it knows no schema for it). A WARN is a failure too: it is what an apiVersion
#    or kind with a typo gets.
for f in "$deploy"/kubernetes/*.yaml; do
  [ "$(basename "$f")" = kustomization.yaml ] && continue
  set +e
  out=$("$kv" "${kv_args[@]}" "$f" 2>&1)
  rc=$?
  set -e
  if [ "$rc" -ne 0 ] || grep -qvE '^INFO ' <<<"$out"; then
    echo "FAIL $f (kubernetes-validate $kv_version --strict, Kubernetes ${kube_versions[*]}):"
    grep -vE '^INFO ' <<<"$out" | sed 's/^/       /' || true
    status=1
  else
    echo "ok   $f (kubernetes-validate $kv_version --strict, Kubernetes ${kube_versions[*]})"
  fi
done

# 2. What the schemas cannot know.
"$py" - "$deploy" crates/gatehouse-server/src/config/docs.rs <<'PY' || status=1
import ipaddress
import os
import re
import sys
import tomllib
from urllib.parse import urlsplit

import yaml

deploy, docs_rs = sys.argv[1], sys.argv[2]
failed = False


def report(path, problems, what):
    global failed
    if problems:
        failed = True
        print(f"FAIL {path}:")
        for p in problems:
            print(f"       {p}")
    else:
        print(f"ok   {path} ({what})")


class UniqueKeyLoader(yaml.SafeLoader):
    """PyYAML keeps the last of two equal keys silently; kubectl and Compose refuse them."""


def construct_mapping(loader, node, deep=False):
    seen = set()
    for key_node, _ in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            continue  # `<<: *anchor`: its keys may be overridden, that is the point
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark)
        seen.add(key)
    return yaml.SafeLoader.construct_mapping(loader, node, deep)


UniqueKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)


def load_yaml(path, problems):
    try:
        with open(path) as f:
            docs = [d for d in yaml.load_all(f, Loader=UniqueKeyLoader) if d is not None]
    except (OSError, yaml.YAMLError) as e:
        problems.append(" ".join(str(e).split()))
        return []
    if not docs:
        problems.append("no YAML document")
    return docs


# Configuration keys as docs/configuration.md documents them (generated from this list).
with open(docs_rs) as f:
    known_keys = set(re.findall(r'key:\s*"([^"]+)"', f.read()))
if not known_keys:
    sys.exit(f"FAIL {docs_rs}: no configuration keys found")
# Variables that are not keys (config.rs NON_KEY_ENV): the file, the master key, ...
NON_KEY_ENV = {"GATEHOUSE_CONFIG", "GATEHOUSE_MASTER_KEY", "GATEHOUSE_BIN", "GATEHOUSE_LOG"}


def toml_keys(table, prefix=""):
    for k, v in table.items():
        path = f"{prefix}{k}"
        if isinstance(v, dict):
            yield from toml_keys(v, path + ".")
        elif isinstance(v, list) and v and all(isinstance(i, dict) for i in v):
            for item in v:
                yield from toml_keys(item, path + "[].")
        else:
            yield path


def check_toml(text, problems, where):
    try:
        config = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        problems.append(f"{where}: {e}")
        return {}
    for key in toml_keys(config):
        if key not in known_keys:
            problems.append(f"{where}: unknown configuration key {key}")
    return config


def check_env(name, value, problems):
    """A GATEHOUSE_* variable names a key; trusted_proxies must be a list of blocks."""
    if name in NON_KEY_ENV or not name.startswith("GATEHOUSE_"):
        return
    key = name[len("GATEHOUSE_"):].lower().replace("__", ".")
    if key not in known_keys:
        problems.append(f"{name}: no configuration key {key}")
    if key == "server.trusted_proxies":
        blocks = proxy_blocks(value, problems, name)
        if blocks is not None and not blocks:
            problems.append(f"{name}: empty")


def proxy_blocks(value, problems, name):
    # The environment value is parsed like a TOML value: a list, e.g. ["10.0.0.0/8"].
    try:
        blocks = tomllib.loads(f"v = {value}")["v"]
        assert isinstance(blocks, list)
        return [ipaddress.ip_network(b, strict=False) for b in blocks]
    except Exception:
        problems.append(f'{name}: {value!r} is not a list of addresses or blocks like ["10.0.0.0/8"]')
        return None


def port_of(addr):
    return int(addr.rsplit(":", 1)[1]) if addr and ":" in addr else None


# ---- the production example
path = os.path.join(deploy, "gatehouse.toml")
if os.path.exists(path):
    problems = []
    with open(path) as f:
        check_toml(f.read(), problems, "gatehouse.toml")
    report(path, problems, "configuration keys")

# ---- Kubernetes
kdir = os.path.join(deploy, "kubernetes")
objects = {}  # kind -> list of (file, object)
for name in sorted(os.listdir(kdir)):
    if not name.endswith((".yaml", ".yml")):
        continue
    path = os.path.join(kdir, name)
    problems = []
    docs = load_yaml(path, problems)
    for d in docs:
        if not isinstance(d, dict) or "kind" not in d:
            problems.append("a document without kind")
            continue
        objects.setdefault(d["kind"], []).append((name, d))
    if problems:
        report(path, problems, "")
        objects.setdefault("_broken", []).append(name)


def one(kind):
    found = objects.get(kind, [])
    return found[0][1] if len(found) == 1 else None


problems = []
kust = one("Kustomization")
manifests = sorted(n for n in os.listdir(kdir)
                   if n.endswith((".yaml", ".yml")) and n != "kustomization.yaml")
if kust is None:
    problems.append("kustomization.yaml: missing, or more than one Kustomization")
else:
    listed = sorted(kust.get("resources") or [])
    if listed != manifests:
        problems.append(f"kustomization.yaml lists {listed}, the directory holds {manifests}")
    images = {i.get("name") for i in kust.get("images") or []}
for kind in ("ConfigMap", "Secret", "Deployment", "Service", "Ingress",
             "PodDisruptionBudget", "HorizontalPodAutoscaler"):
    if one(kind) is None:
        problems.append(f"exactly one {kind} expected, found {len(objects.get(kind, []))}")

dep, svc, ing = one("Deployment"), one("Service"), one("Ingress")
cm, secret, pdb, hpa = one("ConfigMap"), one("Secret"), one("PodDisruptionBudget"), one("HorizontalPodAutoscaler")
if None not in (kust, dep, svc, ing, cm, secret, pdb, hpa):
    try:
        config = check_toml(cm["data"]["gatehouse.toml"], problems, "configmap.yaml gatehouse.toml")
        pod = dep["spec"]["template"]
        labels = pod["metadata"]["labels"]
        spec = pod["spec"]
        containers = spec["containers"] + spec.get("initContainers", [])
        main = spec["containers"][0]

        def selects(selector, what):
            wanted = selector.get("matchLabels", selector)
            if not wanted or any(labels.get(k) != v for k, v in wanted.items()):
                problems.append(f"{what} selector {wanted} does not match the pod labels {labels}")

        selects(dep["spec"]["selector"], "deployment.yaml")
        selects(svc["spec"]["selector"], "service.yaml")
        selects(pdb["spec"]["selector"], "pdb.yaml")

        # Two pods at least: the HPA owns the count; spec.replicas, if written, agrees.
        if hpa["spec"].get("minReplicas", 1) < 2:
            problems.append("hpa.yaml: minReplicas below 2")
        if dep["spec"].get("replicas", 2) < 2:
            problems.append("deployment.yaml: replicas below 2")
        target = hpa["spec"]["scaleTargetRef"]
        if (target["kind"], target["name"]) != ("Deployment", dep["metadata"]["name"]):
            problems.append(f"hpa.yaml scales {target['kind']}/{target['name']}, not the Deployment")

        probes = {p: main.get(p, {}).get("httpGet", {}).get("path")
                  for p in ("readinessProbe", "livenessProbe", "startupProbe")}
        if probes["readinessProbe"] != "/readyz" or probes["livenessProbe"] != "/healthz" \
                or probes["startupProbe"] is None:
            problems.append(f"deployment.yaml probes: readiness /readyz, liveness /healthz and a startup probe expected, found {probes}")
        if not any(c.get("args") == ["migrate"] for c in spec.get("initContainers", [])):
            problems.append("deployment.yaml: no init container running `gatehouse migrate`")

        # Ports: the container's named ports are the configured listeners, the Service
        # and the scrape annotation use them.
        ports = {p["name"]: p["containerPort"] for p in main["ports"]}
        server = config.get("server", {})
        if ports.get("http") != port_of(server.get("listen")):
            problems.append(f"container port http {ports.get('http')} is not server.listen {server.get('listen')}")
        if ports.get("metrics") != port_of(server.get("metrics_listen")):
            problems.append(f"container port metrics {ports.get('metrics')} is not server.metrics_listen {server.get('metrics_listen')}")
        annotations = pod["metadata"].get("annotations", {})
        if annotations.get("prometheus.io/port") != str(ports.get("metrics")):
            problems.append("prometheus.io/port is not the metrics port")
        for p in svc["spec"]["ports"]:
            if p["targetPort"] not in ports and p["targetPort"] not in ports.values():
                problems.append(f"service.yaml port {p['name']} targets {p['targetPort']}, which the pod does not have")
        svc_ports = {p["name"] for p in svc["spec"]["ports"]} | {p["port"] for p in svc["spec"]["ports"]}

        # Ingress: to the Service's http port, for the issuer's host.
        issuer_host = urlsplit(config.get("issuer", "")).hostname
        for rule in ing["spec"]["rules"]:
            if rule.get("host") != issuer_host:
                problems.append(f"ingress.yaml host {rule.get('host')} is not the issuer's host {issuer_host}")
            for p in rule["http"]["paths"]:
                backend = p["backend"]["service"]
                port = backend["port"].get("name", backend["port"].get("number"))
                if backend["name"] != svc["metadata"]["name"] or port not in svc_ports or port in ("metrics", 9090):
                    problems.append(f"ingress.yaml routes to {backend['name']}:{port}, not the Service's http port")
        for t in ing["spec"].get("tls", []):
            if issuer_host not in t.get("hosts", []):
                problems.append("ingress.yaml tls does not cover the issuer's host")

        # Environment and files: the same variables everywhere, names that are keys, the
        # Secret's keys exist, the master key file is where a volume puts it.
        secret_keys = set(secret.get("stringData", {})) | set(secret.get("data", {}))
        mounts = {}
        for v in spec.get("volumes", []):
            mounts[v["name"]] = v
        for c in containers:
            for e in c.get("env", []):
                check_env(e["name"], e.get("value", ""), problems)
                ref = e.get("valueFrom", {}).get("secretKeyRef")
                if ref and (ref["name"] != secret["metadata"]["name"] or ref["key"] not in secret_keys):
                    problems.append(f"{c['name']}: {e['name']} reads {ref['name']}/{ref['key']}, which secret.yaml does not have")
            if c["image"] not in images:
                problems.append(f"{c['name']}: image {c['image']} is not set in kustomization.yaml images")
        key_file = config.get("keys", {}).get("master_key_file", "")
        placed = False
        for m in main.get("volumeMounts", []):
            v = mounts.get(m["name"], {})
            if "secret" in v and key_file.startswith(m["mountPath"].rstrip("/") + "/"):
                rel = key_file[len(m["mountPath"].rstrip("/")) + 1:]
                items = {i["path"]: i["key"] for i in v["secret"].get("items", [])} or {k: k for k in secret_keys}
                placed = rel in items and items[rel] in secret_keys and v["secret"]["secretName"] == secret["metadata"]["name"]
        if not placed:
            problems.append(f"keys.master_key_file {key_file} is not a file of the Secret's volume")
        config_file = next((e["value"] for e in main.get("env", []) if e["name"] == "GATEHOUSE_CONFIG"), "")
        if not any("configMap" in mounts.get(m["name"], {}) and config_file == m["mountPath"].rstrip("/") + "/gatehouse.toml"
                   for m in main.get("volumeMounts", [])):
            problems.append(f"GATEHOUSE_CONFIG {config_file} is not the ConfigMap's gatehouse.toml")
    except (KeyError, IndexError, TypeError, AttributeError) as e:
        problems.append(f"unexpected shape: {type(e).__name__} {e}")
what = ", ".join(manifests)
report(kdir + "/", problems, f"kustomization, selectors, ports, probes, hosts, keys: {what}")

# ---- Compose
cdir = os.path.join(deploy, "compose")
path = os.path.join(cdir, "compose.yaml")
problems = []
docs = load_yaml(path, problems)
compose = docs[0] if docs else {}
services = compose.get("services", {}) if isinstance(compose, dict) else {}
nodes = sorted(n for n in services if re.fullmatch(r"gatehouse-\d+", n))
config = {}
try:
    if problems:
        raise ValueError("compose.yaml does not parse")
    for required in ("migrate", "postgres", "redis", "mailpit", "proxy"):
        if required not in services:
            problems.append(f"no service {required}")
    if len(nodes) < 2:
        problems.append(f"two Gatehouse nodes (gatehouse-1, gatehouse-2) expected, found {nodes}")
    for name in ["migrate"] + nodes:
        s = services.get(name, {})
        if s.get("build", {}).get("context") is None:
            problems.append(f"{name}: not built from the repository's Dockerfile")
        for k, v in (s.get("environment") or {}).items():
            check_env(k, str(v), problems)
    if (services.get("migrate") or {}).get("command") != ["migrate"]:
        problems.append("migrate: command is not [migrate]")
    for n in nodes:
        dep_on = services[n].get("depends_on") or {}
        if not isinstance(dep_on, dict) or (dep_on.get("migrate") or {}).get("condition") != "service_completed_successfully":
            problems.append(f"{n}: does not wait for migrate (condition service_completed_successfully)")
    for name, s in services.items():
        for p in s.get("ports") or []:
            spec = p if isinstance(p, str) else f"{p.get('host_ip', '')}:{p.get('published', '')}:{p.get('target', '')}"
            if not spec.startswith("127.0.0.1:"):
                problems.append(f"{name}: port {spec} is published beyond 127.0.0.1")
    for name, image in (("postgres", "postgres:16"), ("redis", "redis:7")):
        if (services.get(name) or {}).get("image") != image or "healthcheck" not in (services.get(name) or {}):
            problems.append(f"{name}: {image} with a healthcheck expected")

    # Trusted proxies: exactly the compose network's subnet.
    subnets = {ipaddress.ip_network(c["subnet"])
               for net in (compose.get("networks") or {}).values() if net
               for c in (net.get("ipam") or {}).get("config", []) if "subnet" in c}
    if not subnets:
        problems.append("the network has no fixed subnet for server.trusted_proxies")
    for n in nodes:
        value = (services[n].get("environment") or {}).get("GATEHOUSE_SERVER__TRUSTED_PROXIES")
        blocks = proxy_blocks(value, problems, f"{n}: GATEHOUSE_SERVER__TRUSTED_PROXIES") if value else None
        if value is None:
            problems.append(f"{n}: GATEHOUSE_SERVER__TRUSTED_PROXIES unset")
        elif blocks is not None and set(blocks) != subnets:
            problems.append(f"{n}: trusted proxies {value} are not the network's subnet {sorted(map(str, subnets))}")

    # Master key: the secret file, where gatehouse.toml reads it.
    toml_path = os.path.join(cdir, "gatehouse.toml")
    with open(toml_path) as f:
        config = check_toml(f.read(), problems, "gatehouse.toml")
    secrets = compose.get("secrets") or {}
    key_file = config.get("keys", {}).get("master_key_file")
    if "master_key" not in secrets or key_file != "/run/secrets/master_key":
        problems.append("keys.master_key_file must be /run/secrets/master_key, the master_key secret")
    for n in ["migrate"] + nodes:
        if "master_key" not in (services.get(n) or {}).get("secrets", []):
            problems.append(f"{n}: does not get the master_key secret")
except (KeyError, TypeError, AttributeError, ValueError) as e:
    problems.append(f"unexpected shape: {type(e).__name__} {e}")
report(path, problems, f"services {', '.join(sorted(services))}; network, ports, secret")

# Caddyfile: proxies to exactly the nodes, round robin, for the issuer's host and port.
path = os.path.join(cdir, "Caddyfile")
problems = []
try:
    if not nodes or not config:
        raise ValueError("compose.yaml or gatehouse.toml is broken: the Caddyfile is not compared with them")
    with open(path) as f:
        caddy = re.sub(r"(?m)^\s*#.*$", "", f.read())
    proxied = re.findall(r"reverse_proxy\s+([^{\n]+)", caddy)
    upstreams = sorted(u for line in proxied for u in line.split())
    wanted = sorted(f"{n}:{port_of(config.get('server', {}).get('listen'))}" for n in nodes)
    if upstreams != wanted:
        problems.append(f"reverse_proxy upstreams {upstreams}, compose.yaml's nodes are {wanted}")
    if not re.search(r"lb_policy\s+round_robin", caddy):
        problems.append("no lb_policy round_robin")
    if not re.search(r"\btls\s+internal\b", caddy):
        problems.append("no tls internal")
    issuer = urlsplit(config.get("issuer", ""))
    if not re.search(rf"(?m)^{re.escape(issuer.hostname or '?')}(:\d+)?\s*\{{", caddy):
        problems.append(f"no site for the issuer's host {issuer.hostname}")
    proxy_ports = [p for p in (services.get("proxy") or {}).get("ports") or [] if isinstance(p, str)]
    if issuer.scheme != "https" or not any(p.startswith(f"127.0.0.1:{issuer.port or 443}:443") for p in proxy_ports):
        problems.append(f"the issuer {config.get('issuer')} is not what the proxy publishes ({proxy_ports})")
except (OSError, KeyError, TypeError, AttributeError, ValueError) as e:
    problems.append(f"unexpected shape: {type(e).__name__} {e}")
report(path, problems, f"proxies to {', '.join(nodes)} round robin")

sys.exit(1 if failed else 0)
PY

# 3. Tools that know more, where installed (CI has neither): Compose's own model, and a
#    kustomize build.
compose_file="$deploy/compose/compose.yaml"
if docker compose version >/dev/null 2>&1; then
  # `config` wants the secret file to exist; an empty stand-in is enough to read the model.
  if [ -e "$deploy/compose/master.key" ]; then created_key=""; else : >"$deploy/compose/master.key"; created_key=1; fi
  if docker compose -f "$compose_file" config -q; then echo "ok   $compose_file (docker compose config)"; else echo "FAIL $compose_file (docker compose config)"; status=1; fi
  if [ -n "$created_key" ]; then rm -f "$deploy/compose/master.key"; fi
else
  echo "skip $compose_file (docker compose config: docker compose is not installed)"
fi
if command -v kubectl >/dev/null 2>&1; then
  if kubectl kustomize "$deploy/kubernetes" >/dev/null; then echo "ok   $deploy/kubernetes/kustomization.yaml (kubectl kustomize)"; else echo "FAIL $deploy/kubernetes/kustomization.yaml (kubectl kustomize)"; status=1; fi
else
  echo "skip $deploy/kubernetes/kustomization.yaml (kubectl kustomize: kubectl is not installed)"
fi

exit "$status"
