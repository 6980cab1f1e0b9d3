"use strict";
// The Kuzzle application adapter: `registerPipes` and `checkImport`.
//
// What runs for real: the pipes receive real `KuzzleRequest` objects from the `kuzzle` package
// (2.56.0, `kuzzle/dist/lib/api/request`), built the way Kuzzle's HTTP and WebSocket entry
// points build them (arguments, body, `context.connection.protocol`), and refuse with kuzzle's
// own `BadRequestError`. The `Backend` class itself is used when `require("kuzzle")` loads; it
// needs native add-ons (re2, through koncorde) that a registry-only install does not build,
// so where it does not load the tests say so on stderr and register on an object with the
// same `pipe.register` / `_pipes` / `_import` shape as `Backend` instead. Kuzzle's funnel (which
// runs the pipes on a live server) needs Elasticsearch and Redis and does not run here.

const test = require("node:test");
const assert = require("node:assert/strict");
const { KuzzleRequest } = require("kuzzle/dist/lib/api/request");
const { BadRequestError } = require("kuzzle/dist/lib/kerror/errors/badRequestError");
const bodyguard = require("..");

let noted = false;
function makeApp() {
  try {
    const { Backend } = require("kuzzle");
    return { app: new Backend("bodyguard-test"), real: true };
  } catch (e) {
    if (!noted) {
      noted = true;
      process.stderr.write(
        `note: kuzzle's Backend cannot load here (${e.message.split("\n")[0]}); pipes are registered on a Backend-shaped object\n`,
      );
    }
    const app = {
      _pipes: {},
      _import: {},
      pipe: {
        register(event, handler) {
          (app._pipes[event] ??= []).push(handler);
        },
      },
    };
    return { app, real: false };
  }
}

/** Run the pipes registered for `event` as Kuzzle's pipe chain does: each gets the request. */
async function runPipes(app, event, request) {
  let current = request;
  for (const handler of app._pipes[event] || []) current = await handler(current);
  return current;
}

function kuzzleRequest(data, protocol) {
  return new KuzzleRequest(data, { connection: { protocol, id: "c1" } });
}

const GOOD_PROFILE = { policies: [{ roleId: "editor", restrictedTo: [{ index: "shop", collections: ["orders"] }] }] };
const BAD_PROFILE = { policies: [{ roleId: "editor", restrictedTo: [{ index: "shop", collections: "orders" }] }] };

test("registerPipes: security:before* pipes pass good requests and refuse bad ones with BadRequestError", async () => {
  const { app } = makeApp();
  const events = bodyguard.registerPipes(app);
  assert.deepEqual(events, [
    "security:beforeCreateOrReplaceProfile",
    "security:beforeCreateProfile",
    "security:beforeUpdateProfile",
    "security:beforeCreateOrReplaceRole",
    "security:beforeCreateRole",
    "security:beforeUpdateRole",
    "admin:beforeLoadSecurities",
    "security:beforeCreateUser",
  ]);

  const good = kuzzleRequest({ controller: "security", action: "createOrReplaceProfile", _id: "editor", body: GOOD_PROFILE }, "websocket");
  assert.equal(await runPipes(app, "security:beforeCreateOrReplaceProfile", good), good);

  const bad = kuzzleRequest({ controller: "security", action: "createOrReplaceProfile", _id: "editor", body: BAD_PROFILE }, "websocket");
  await assert.rejects(runPipes(app, "security:beforeCreateOrReplaceProfile", bad), (e) => {
    assert.ok(e instanceof BadRequestError, String(e));
    assert.equal(e.status, 400);
    assert.equal(e.id, "bodyguard.check.failed");
    assert.deepEqual(e.findings.map((f) => [f.code, f.pointer]), [["schema/type", "/body/policies/0/restrictedTo/0/collections"]]);
    assert.match(e.message, /security:createOrReplaceProfile editor: 1 finding at or above error/);
    return true;
  });

  // Roles: a non-boolean `force` from WebSocket is what Kuzzle rejects; a bad action value too.
  const role = kuzzleRequest(
    { controller: "security", action: "createOrReplaceRole", _id: "reader", body: { controllers: { document: { actions: { get: true } } } }, force: "yes" },
    "websocket",
  );
  await assert.rejects(runPipes(app, "security:beforeCreateOrReplaceRole", role), (e) => {
    assert.deepEqual(e.findings.map((f) => f.code), ["kuzzle/flag-not-boolean"]);
    return true;
  });
});

test("registerPipes: over HTTP a flag is on whenever present, as Kuzzle reads it", async () => {
  const { app } = makeApp();
  bodyguard.registerPipes(app);
  // `PUT /profiles/editor?strict` arrives as args.strict = "" from Kuzzle's HTTP router.
  const http = kuzzleRequest({ controller: "security", action: "createOrReplaceProfile", _id: "editor", body: GOOD_PROFILE, strict: "" }, "http");
  assert.equal(await runPipes(app, "security:beforeCreateOrReplaceProfile", http), http);
  assert.equal(http.getBoolean("strict"), true); // Kuzzle's own reading agrees
  const ws = kuzzleRequest({ controller: "security", action: "createOrReplaceProfile", _id: "editor", body: GOOD_PROFILE, strict: "" }, "websocket");
  await assert.rejects(runPipes(app, "security:beforeCreateOrReplaceProfile", ws), (e) => {
    assert.deepEqual(e.findings.map((f) => f.code), ["kuzzle/flag-not-boolean"]);
    assert.throws(() => ws.getBoolean("strict"), /boolean/); // and Kuzzle rejects it too
    return true;
  });
});

test("registerPipes: users' content and credentials shape, loadSecurities", async () => {
  const { app } = makeApp();
  bodyguard.registerPipes(app);
  const user = kuzzleRequest(
    { controller: "security", action: "createUser", _id: "jdoe", body: { content: { profileIds: "editor" }, credentials: { local: { username: "jdoe", password: "Correct-Horse-9" } } } },
    "websocket",
  );
  await assert.rejects(runPipes(app, "security:beforeCreateUser", user), (e) => {
    assert.deepEqual(e.findings.map((f) => [f.code, f.pointer]), [["kuzzle/securities-invalid-structure", "/users/jdoe/content/profileIds"]]);
    assert.doesNotMatch(e.message, /Correct-Horse-9/);
    return true;
  });
  const okUser = kuzzleRequest(
    { controller: "security", action: "createUser", _id: "jdoe", body: { content: { profileIds: ["editor"] }, credentials: { local: { username: "jdoe", password: "Correct-Horse-9" } } } },
    "websocket",
  );
  assert.equal(await runPipes(app, "security:beforeCreateUser", okUser), okUser);

  const load = kuzzleRequest(
    {
      controller: "admin",
      action: "loadSecurities",
      body: { roles: { editor: { controllers: { document: { actions: { get: true } } } } }, profiles: { editor: BAD_PROFILE } },
      onExistingUsers: "skip",
    },
    "websocket",
  );
  await assert.rejects(runPipes(app, "admin:beforeLoadSecurities", load), (e) => {
    assert.deepEqual(e.findings.map((f) => [f.code, f.pointer]), [["schema/type", "/body/profiles/editor/policies/0/restrictedTo/0/collections"]]);
    return true;
  });
});

test("registerPipes: options and a custom error class", async () => {
  const { app } = makeApp();
  class Refused extends Error {}
  bodyguard.registerPipes(app, { failLevel: "warning", errorClass: Refused });
  const twice = kuzzleRequest(
    { controller: "security", action: "createOrReplaceProfile", _id: "p", body: { policies: [{ roleId: "r" }, { roleId: "r" }] } },
    "websocket",
  );
  await assert.rejects(runPipes(app, "security:beforeCreateOrReplaceProfile", twice), Refused);
  assert.throws(() => bodyguard.registerPipes({}), TypeError);
});

test("checkImport: what app.import declares, checked before app.start()", () => {
  const { app, real } = makeApp();
  const badProfile = { policies: [{ roleId: "reader", restrictedTo: [{ index: "shop", collections: "orders" }] }] };
  const goodProfile = { policies: [{ roleId: "reader", restrictedTo: [{ index: "shop", collections: ["orders"] }] }] };
  const profiles = { editor: badProfile };
  const roles = { reader: { controllers: { document: { actions: { get: true } } } } };
  if (real) {
    app.import.roles(roles);
    app.import.profiles(profiles);
  } else {
    app._import.roles = roles;
    app._import.profiles = profiles;
  }
  assert.throws(
    () => bodyguard.checkImport(app),
    (e) => {
      assert.ok(e instanceof bodyguard.BodyguardError);
      assert.deepEqual(e.findings.map((f) => [f.code, f.pointer]), [["schema/type", "/profiles/editor/policies/0/restrictedTo/0/collections"]]);
      assert.match(e.message, /<app\.import>/);
      return true;
    },
  );
  // The same objects, without a Backend.
  assert.throws(() => bodyguard.checkImport({ profiles, roles }), bodyguard.BodyguardError);
  assert.deepEqual(bodyguard.checkImport({ profiles: { editor: goodProfile }, roles }), []);
  // References are checked within the import: a profile naming a role it does not declare.
  assert.throws(
    () => bodyguard.checkImport({ profiles: { editor: GOOD_PROFILE }, roles }),
    (e) => e.findings.some((f) => f.code === "kuzzle/securities-unknown-role" && f.pointer === "/profiles/editor/policies/0/roleId"),
  );
  assert.deepEqual(bodyguard.checkImport({}), []);
  assert.throws(() => bodyguard.checkImport(null), TypeError);
});
