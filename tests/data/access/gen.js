#!/usr/bin/env node
"use strict";
/**
 * Generates Kuzzle rights cases (the `"mode": "rights"` input of the Kuzzle oracle): random
 * securities files (roles, profiles, users) and requests asked for a user or a profile.
 * Deterministic: the same seed gives the same cases.
 *
 *   node gen.js [cases] [requests-per-case] [seed] > cases.json
 *
 * The cases cover what decides a verdict in Kuzzle: `*` controllers and actions, explicit
 * controllers hiding `*`, `false`, `ms`/`memoryStorage`, plugin controllers, several
 * policies and profiles, restrictions (whole index, collections, narrowing within a policy,
 * `collections: []`/`null`, `restrictedTo: []`, falsy and numeric indexes), the anonymous
 * user and the built-in roles and profiles, requests with and without index, collection or
 * targets.
 */

const cases = Number(process.argv[2] || 60);
const perCase = Number(process.argv[3] || 50);
let seed = Number(process.argv[4] || 20261201);

function rand() {
  // mulberry32
  seed |= 0;
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (a) => a[Math.floor(rand() * a.length)];
const chance = (p) => rand() < p;
function some(a, max) {
  const n = 1 + Math.floor(rand() * max);
  const out = [];
  for (let i = 0; i < n; i++) out.push(pick(a));
  return [...new Set(out)];
}

const ACTIONS = {
  document: ["get", "search", "create", "delete", "update", "mGet", "count"],
  collection: ["list", "create", "delete", "truncate"],
  index: ["list", "create", "delete", "mDelete"],
  security: ["createUser", "createRestrictedUser", "updateProfile", "createOrReplaceRole",
    "getProfile", "getUserRights", "createApiKey", "deleteUser", "updateRole"],
  server: ["info", "now", "publicApi"],
  auth: ["login", "logout", "checkToken", "getCurrentUser", "updateSelf", "createApiKey"],
  realtime: ["subscribe", "publish", "join"],
  admin: ["loadSecurities", "resetSecurity", "dump"],
  ms: ["get", "set", "del"],
  memoryStorage: ["get", "set", "del"],
  bulk: ["import", "write"],
  "kuzzle-plugin-auth-passport-local/password": ["reset", "getResetPasswordToken"],
};
const CONTROLLERS = Object.keys(ACTIONS);
const INDEXES = ["idx", "other", "shop"];
const COLLECTIONS = ["c1", "c2", "c3", "orders"];

function role(anonymous) {
  const controllers = {};
  if (chance(0.3)) controllers["*"] = { actions: { "*": chance(0.85) } };
  const n = Math.floor(rand() * 4);
  for (let i = 0; i < n; i++) {
    const c = pick(CONTROLLERS);
    const actions = {};
    if (chance(0.35)) actions["*"] = chance(0.8);
    for (const a of some(ACTIONS[c], 3)) actions[a] = chance(0.75);
    controllers[c] = { actions };
  }
  if (Object.keys(controllers).length === 0) {
    controllers.document = { actions: { get: true } };
  }
  if (anonymous) {
    // Kuzzle refuses an anonymous role that cannot log in.
    controllers.auth = { actions: { ...(controllers.auth || { actions: {} }).actions, login: true } };
  }
  return { controllers };
}

function restriction() {
  const r = { index: pick([...INDEXES, ...INDEXES, ...INDEXES, "", 0, 42, false]) };
  const shape = rand();
  if (shape < 0.4) r.collections = some(COLLECTIONS, 3);
  else if (shape < 0.5) r.collections = [];
  else if (shape < 0.55) r.collections = null;
  return r;
}

function policy(roleIds) {
  // Built-in roles (every one allows everything on a fresh Kuzzle) now and then.
  const p = { roleId: chance(0.1) ? pick(["admin", "default", "r1"]) : pick(roleIds) };
  const shape = rand();
  if (shape < 0.35) return p;
  if (shape < 0.42) {
    p.restrictedTo = pick([[], null, false]);
    return p;
  }
  const n = 1 + Math.floor(rand() * 3);
  p.restrictedTo = [];
  for (let i = 0; i < n; i++) p.restrictedTo.push(restriction());
  return p;
}

function securities(k) {
  const roles = {};
  const nRoles = 1 + Math.floor(rand() * 4);
  for (let i = 0; i < nRoles; i++) roles[`role${k}-${i}`] = role(false);
  if (chance(0.25)) roles.anonymous = role(true);
  if (chance(0.1)) roles.default = role(false);
  const roleIds = Object.keys(roles);
  const profiles = {};
  const nProfiles = 1 + Math.floor(rand() * 4);
  for (let i = 0; i < nProfiles; i++) {
    const policies = [];
    const n = 1 + Math.floor(rand() * 3);
    for (let j = 0; j < n; j++) policies.push(policy(roleIds));
    profiles[`prof${k}-${i}`] = { policies };
  }
  if (chance(0.3)) {
    const policies = [{ ...policy(["anonymous"]), roleId: "anonymous" }];
    if (chance(0.5)) policies.push(policy(roleIds));
    profiles.anonymous = { policies };
  }
  const profileIds = Object.keys(profiles);
  const users = {};
  const nUsers = Math.floor(rand() * 4);
  for (let i = 0; i < nUsers; i++) {
    const ids = some(profileIds, 3);
    if (chance(0.1)) ids.push(pick(["admin", "default", "anonymous"]));
    users[`user${k}-${i}`] = { content: { profileIds: ids } };
  }
  return { body: { roles, profiles, users }, profileIds, userIds: Object.keys(users) };
}

function request(s) {
  const controller = chance(0.05) ? pick(["nosuch", "device-manager/assets"]) : pick(CONTROLLERS);
  const action = ACTIONS[controller] ? pick([...ACTIONS[controller], "other"]) : "get";
  const r = { controller, action };
  if (chance(0.08)) {
    r.args = { targets: [] };
    const n = 1 + Math.floor(rand() * 2);
    for (let i = 0; i < n; i++) {
      r.args.targets.push({ index: pick(INDEXES), collections: some([...COLLECTIONS, "c*"], 2) });
    }
  } else {
    const ix = rand();
    if (ix < 0.65) r.index = pick(INDEXES);
    else if (ix < 0.7) r.index = pick(["42", ""]);
    if (r.index !== undefined && chance(0.7)) r.collection = pick([...COLLECTIONS, ""]);
  }
  const who = rand();
  if (who < 0.06) r.user = pick(["-1", "anonymous", "admin"]);
  else if (who < 0.09) r.profile = pick(["admin", "default", "anonymous"]);
  else if (who < 0.6 && s.userIds.length > 0) r.user = pick(s.userIds);
  else r.profile = pick(s.profileIds);
  return r;
}

const out = [];
for (let k = 0; k < cases; k++) {
  const s = securities(k);
  const requests = [];
  for (let i = 0; i < perCase; i++) requests.push(request(s));
  out.push({ label: `generated ${k}`, mode: "rights", securities: s.body, requests });
}
process.stdout.write(JSON.stringify(out, null, 1) + "\n");
