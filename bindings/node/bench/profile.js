#!/usr/bin/env node
// Benchmark (not a test): a typical Kuzzle profile checked from JavaScript, µs per call, next to
// an ajv validator compiled once on bodyguard's own schema (schemas/kuzzle-profile.schema.json,
// draft-07). Build the addon in release mode first: `npm run build && npm run bench`.
"use strict";
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const Ajv = require("ajv"); // ajv's default export validates draft-07
const bodyguard = require("..");

const ROUNDS = Number(process.env.ROUNDS || 7);
const CALLS = Number(process.env.CALLS || 20000);

// Three policies, restrictions with collections, tags and a rate limit: what a profile in a
// Kuzzle application usually looks like (fixtures/valid/kuzzle-profile/support-agents.json).
const profile = {
  tags: ["support", "eu"],
  rateLimit: 20,
  policies: [
    { roleId: "default" },
    {
      roleId: "ticket-writer",
      restrictedTo: [
        { index: "helpdesk", collections: ["tickets", "ticket-comments"] },
        { index: "helpdesk-archive" },
      ],
    },
    { roleId: "catalog-reader", restrictedTo: [{ index: "shop", collections: ["products"] }] },
  ],
};
const text = JSON.stringify(profile, null, 2);
const broken = { ...profile, policies: [...profile.policies, { roleId: "x", restrictedTo: "shop" }] };

const schema = JSON.parse(fs.readFileSync(path.join(__dirname, "../../../schemas/kuzzle-profile.schema.json"), "utf8"));
// strict: false because the schema carries editor keywords (markdownDescription, …).
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

/** Median over rounds of wall-clock and CPU (user + system) µs per call. On a shared, busy
 * machine the CPU time is the steadier of the two: it leaves out the time other processes ran. */
function measure(fn) {
  for (let i = 0; i < 2000; i++) fn(); // warm up (and compile the schema once)
  const wall = [];
  const cpu = [];
  for (let r = 0; r < ROUNDS; r++) {
    const start = process.hrtime.bigint();
    const startCpu = process.cpuUsage();
    for (let i = 0; i < CALLS; i++) fn();
    const used = process.cpuUsage(startCpu);
    wall.push(Number(process.hrtime.bigint() - start) / 1000 / CALLS);
    cpu.push((used.user + used.system) / CALLS);
  }
  const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { wall: median(wall), cpu: median(cpu) };
}

const cases = [
  ["bodyguard `check(kind, object)` (every rule)", () => bodyguard.check("kuzzle-profile", profile)],
  ["bodyguard `check(kind, text)` (every rule)", () => bodyguard.check("kuzzle-profile", text)],
  ["bodyguard `check(kind, object)`, one finding", () => bodyguard.check("kuzzle-profile", broken)],
  ["ajv `validate(object)` (schema only, allErrors)", () => validate(profile)],
  ["ajv `validate(object)`, one error", () => validate(broken)],
];

if (bodyguard.check("kuzzle-profile", profile).length !== 0 || !validate(profile)) throw new Error("the profile should be valid");
if (bodyguard.check("kuzzle-profile", broken).length !== 1 || validate(broken)) throw new Error("the broken profile should have one finding");

console.log(`node ${process.version}, ${os.cpus().length} × ${os.cpus()[0].model}, load average ${os.loadavg()[0].toFixed(2)}`);
console.log(`${ROUNDS} rounds of ${CALLS} calls; µs per call, median of the rounds\n`);
console.log("| call | wall µs per call | CPU µs per call |");
console.log("|---|---|---|");
for (const [name, fn] of cases) {
  const m = measure(fn);
  console.log(`| ${name} | ${m.wall.toFixed(2)} | ${m.cpu.toFixed(2)} |`);
}
