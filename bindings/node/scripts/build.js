#!/usr/bin/env node
// Builds the native addon with cargo and copies the library to ./bodyguard.node, the file
// index.js loads. `--release` builds optimised code (what `npm run build` does).
"use strict";
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const release = process.argv.includes("--release");
// Not `--locked`: when bodyguard itself gains a dependency, cargo adds it to this package's
// Cargo.lock and keeps every version already pinned there.
const args = ["build", "--manifest-path", path.join(root, "Cargo.toml")];
if (release) args.push("--release");
execFileSync(process.env.CARGO || "cargo", args, { stdio: "inherit" });

const targetDir = process.env.CARGO_TARGET_DIR
  ? path.resolve(process.env.CARGO_TARGET_DIR)
  : path.join(root, "target");
const file = {
  darwin: "libbodyguard_node.dylib",
  win32: "bodyguard_node.dll",
}[process.platform] || "libbodyguard_node.so";
const built = path.join(targetDir, release ? "release" : "debug", file);
const out = path.join(root, "bodyguard.node");
// Copy to a temporary name, then rename: a running process never sees a half-written addon.
fs.copyFileSync(built, out + ".tmp");
fs.renameSync(out + ".tmp", out);
console.log(`bodyguard: ${path.relative(process.cwd(), built)} -> ${path.relative(process.cwd(), out)}`);
