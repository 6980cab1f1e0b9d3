#!/usr/bin/env bash
# The Node.js package (bindings/node): install the npm packages its tests drive, build the
# addon, run its tests with `node --test`, and type-check the TypeScript example.
set -euo pipefail
cd "$(dirname "$0")/../bindings/node"
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  # The addon is N-API; the tests' packages (@azure/core-*, kuzzle) ask for Node.js 20 or later.
  if command -v apt-get >/dev/null 2>&1; then
    ${SUDO:-$( [ "$(id -u)" -eq 0 ] || echo sudo )} apt-get update -qq
    ${SUDO:-$( [ "$(id -u)" -eq 0 ] || echo sudo )} apt-get install -y -qq nodejs npm >/dev/null
  else
    echo "error: Node.js and npm are needed for bindings/node" >&2
    exit 1
  fi
fi
node --version
if [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  echo "warning: Node.js $(node --version) is older than the 20 the test packages ask for" >&2
fi
npm ci --no-audit --no-fund
# A debug build is enough for the tests (the benchmark wants `npm run build`).
npm run --silent build:debug
node --test test/
npm run --silent typecheck
