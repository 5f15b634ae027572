# Sourced by scripts/start and scripts/test: dependencies installed, and Node 24 (the LTS the Docker
# images use) first on PATH. The machine's own Node may be older; the npm `node` package supplies 24.
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo_root"
if [ ! -x node_modules/.bin/node ] || [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "==> installing dependencies (npm ci: exactly the tree package-lock.json locks)" >&2
  # The lockfile lists every platform's optional binaries (@swc/core-darwin-*, …), so `npm ci` accepts
  # it on any machine and never rewrites it: the work tree stays clean.
  npm ci --no-audit --no-fund --loglevel=error >&2
fi
export PATH="$repo_root/node_modules/.bin:$PATH"
export KAFKAJS_NO_PARTITIONER_WARNING=1
# Nx only computes the project graph here (for lint's module boundaries): no daemon, no cloud.
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" != "24" ]; then
  echo "error: expected Node 24 from node_modules/.bin, found $(node -v)" >&2
  exit 1
fi
