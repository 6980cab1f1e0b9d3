#!/usr/bin/env node
"use strict";
/**
 * Joins generated rights cases with the Kuzzle oracle's answers into the test data file:
 *
 *   node gen.js 50 50 > /tmp/cases.json
 *   node oracle.js /tmp/cases.json | node record.js /tmp/cases.json > rights-generated.json
 *
 * (`oracle.js` is the Kuzzle 2.56.0 oracle, run without an environment file.) Only cases
 * whose securities file loaded are kept: the access model answers for what Kuzzle stores.
 */
const fs = require("fs");
const cases = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const answers = JSON.parse(fs.readFileSync(0, "utf8"));
const out = {
  source: "Kuzzle 2.56.0 (Funnel.checkRights / User.isActionAllowed), through the oracle's rights mode",
  environment: {
    roles: Object.fromEntries(["admin", "default", "anonymous", "r1", "r2"].map((r) => [r, { controllers: { "*": { actions: { "*": true } } } }])),
    profiles: Object.fromEntries(["admin", "default", "anonymous"].map((p) => [p, { policies: [{ roleId: p }] }])),
    users: { admin: { content: { profileIds: ["admin"] } } },
  },
  cases: [],
};
let dropped = 0;
cases.forEach((c, i) => {
  const a = answers[i];
  if (a.label !== c.label) throw new Error(`answer ${i} is for ${a.label}`);
  if (!a.load || !a.load.loaded) {
    dropped++;
    return;
  }
  out.cases.push({
    label: c.label,
    securities: c.securities,
    requests: c.requests.map((r, j) => ({ ...r, allowed: a.results[j].allowed })),
  });
});
const n = out.cases.reduce((s, c) => s + c.requests.length, 0);
process.stderr.write(`${out.cases.length} cases, ${n} requests (${dropped} cases dropped: load failed)\n`);
process.stdout.write(JSON.stringify(out) + "\n");
