#!/usr/bin/env bash
# The language server's outside tools: Neovim for tests/server.rs (its built-in LSP client
# drives `bodyguard server`), and the VS Code extension's type-check.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v nvim >/dev/null 2>&1; then
  apt-get update
  apt-get install -y neovim
fi
nvim --version | head -1
# editors/vscode: installed from its lock file, then type-checked (it cannot run here).
(cd editors/vscode && npm ci --no-audit --no-fund && npx --no-install tsc --noEmit -p .)
echo "editors/vscode: tsc --noEmit passed"
