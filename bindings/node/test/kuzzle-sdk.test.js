"use strict";
// The Kuzzle SDK adapter with kuzzle-sdk's real Http and WebSocket protocols, pointed at a
// loopback server started here that records every request that arrives.

const test = require("node:test");
const assert = require("node:assert/strict");
const http = require("node:http");
const { WebSocketServer } = require("ws");
const { Kuzzle, Http, WebSocket } = require("kuzzle-sdk");
const path = require("node:path");
// The SDK's own static route table (not exported: read from its directory).
const staticRoutes = require(path.join(path.dirname(require.resolve("kuzzle-sdk")), "src/protocols/routes.json"));
const bodyguard = require("..");

/** A loopback Kuzzle stand-in: answers the SDK's requests and records what arrives. */
async function startServer() {
  const arrived = [];
  const answer = (request) => ({
    status: 200,
    error: null,
    requestId: request.requestId,
    controller: request.controller,
    action: request.action,
    result: { _id: request._id, _source: request.body || {} },
  });
  const server = http.createServer((req, res) => {
    let data = "";
    req.on("data", (chunk) => (data += chunk));
    req.on("end", () => {
      res.setHeader("content-type", "application/json");
      if (req.url === "/_publicApi") {
        // What Kuzzle's server:publicApi answers: {controller: {action: {http: [{verb, url}]}}}.
        const result = {};
        for (const [controller, actions] of Object.entries(staticRoutes)) {
          result[controller] = {};
          for (const [action, route] of Object.entries(actions)) result[controller][action] = { http: [route] };
        }
        res.end(JSON.stringify({ status: 200, error: null, result }));
        return;
      }
      const body = data ? JSON.parse(data) : undefined;
      arrived.push({ via: "http", method: req.method, url: req.url, body });
      const id = decodeURIComponent(req.url.split("?")[0].split("/")[2] || "");
      res.end(JSON.stringify(answer({ requestId: req.headers["x-kuzzle-request-id"], _id: id, body })));
    });
  });
  const wss = new WebSocketServer({ server });
  wss.on("connection", (socket) => {
    socket.on("message", (data) => {
      const request = JSON.parse(data.toString());
      arrived.push({ via: "websocket", request });
      socket.send(JSON.stringify({ ...answer(request), room: request.requestId }));
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: server.address().port,
    arrived,
    close: () =>
      new Promise((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(resolve);
      }),
  };
}

const GOOD_PROFILE = { policies: [{ roleId: "editor", restrictedTo: [{ index: "shop", collections: ["orders"] }] }] };
const BAD_PROFILE = { policies: [{ roleId: "editor", restrictedTo: [{ index: "shop", collections: "orders" }] }] };
const GOOD_ROLE = { controllers: { document: { actions: { get: true, search: true } } } };
const BAD_ROLE = { controllers: { document: { actions: { get: "yes" } } } };

for (const [name, makeProtocol] of [
  ["Http", (port) => new Http("127.0.0.1", { port })],
  ["WebSocket", (port) => new WebSocket("127.0.0.1", { port })],
]) {
  test(`kuzzle-sdk ${name}: a bad body is refused before it is sent, a good one arrives`, async (t) => {
    const server = await startServer();
    const kuzzle = new Kuzzle(makeProtocol(server.port));
    t.after(async () => {
      kuzzle.disconnect();
      await server.close();
    });
    bodyguard.guardKuzzle(kuzzle);
    await kuzzle.connect();
    // What the application sends (the SDK also checks its token on connection, `auth:checkToken`).
    const sent = () =>
      server.arrived.filter((a) => (a.via === "http" ? !["/_publicApi", "/_checkToken"].includes(a.url) : a.request.controller !== "auth"));
    const before = sent().length;

    // A good profile arrives, with the SDK's options (`strict` is copied onto the request).
    const profile = await kuzzle.security.createOrReplaceProfile("editor", GOOD_PROFILE, { strict: true });
    assert.equal(profile._id, "editor");
    const arrived = sent().slice(before);
    assert.equal(arrived.length, 1, JSON.stringify(server.arrived));
    if (name === "Http") {
      assert.equal(arrived[0].method, "PUT");
      assert.match(arrived[0].url, /^\/profiles\/editor\?(.*&)?strict(=true)?(&|$)/);
      assert.deepEqual(arrived[0].body, GOOD_PROFILE);
    } else {
      const r = arrived[0].request;
      assert.deepEqual([r.controller, r.action, r._id, r.strict], ["security", "createOrReplaceProfile", "editor", true]);
      assert.deepEqual(r.body, GOOD_PROFILE);
    }

    // A bad profile rejects with the findings, and nothing more arrives.
    await assert.rejects(kuzzle.security.createOrReplaceProfile("editor", BAD_PROFILE), (e) => {
      assert.ok(e instanceof bodyguard.BodyguardError);
      assert.deepEqual(
        e.findings.map((f) => [f.code, f.pointer]),
        [["schema/type", "/body/policies/0/restrictedTo/0/collections"]],
      );
      assert.match(e.message, /security:createOrReplaceProfile editor: 1 finding at or above error/);
      assert.match(e.message, /"collections": "orders"/);
      return true;
    });
    await assert.rejects(kuzzle.security.createOrReplaceRole("reader", BAD_ROLE, { force: true }), bodyguard.BodyguardError);
    assert.equal(sent().length, before + 1);

    // Roles: `force: null` (what the SDK sends without the option) and a good body arrive.
    await kuzzle.security.createOrReplaceRole("reader", GOOD_ROLE);
    assert.equal(sent().length, before + 2);

    // Requests bodyguard does not check pass untouched.
    await kuzzle.query({ controller: "server", action: "now" });
    assert.equal(sent().length, before + 3);

    // The JWT the SDK adds is never part of a report.
    kuzzle.jwt = "eyJhbGciOiJIUzI1NiJ9.eyJfaWQiOiJhZG1pbiJ9.c2lnbmF0dXJl";
    await assert.rejects(kuzzle.security.createOrReplaceProfile("editor", BAD_PROFILE), (e) => {
      assert.doesNotMatch(e.message, /eyJhbGci/);
      return true;
    });
    assert.equal(sent().length, before + 3);
  });
}

test("kuzzle-sdk: guarding the protocol, with a fail level and rule options", async (t) => {
  const server = await startServer();
  const protocol = new Http("127.0.0.1", { port: server.port });
  const kuzzle = new Kuzzle(protocol);
  t.after(async () => {
    kuzzle.disconnect();
    await server.close();
  });
  bodyguard.guardKuzzle(protocol, { failLevel: "warning" });
  await kuzzle.connect();
  const puts = () => server.arrived.filter((a) => a.method === "PUT").length;
  const twice = { policies: [{ roleId: "editor" }, { roleId: "editor" }] };
  await assert.rejects(kuzzle.security.createOrReplaceProfile("p", twice), (e) => {
    assert.deepEqual(e.findings.map((f) => [f.code, f.severity]), [["kuzzle/duplicate-role", "warning"]]);
    return true;
  });
  assert.equal(puts(), 0);
  // Users: content and credentials shape, as a user entry of a securities file.
  await assert.rejects(
    kuzzle.security.createUser("jdoe", { content: { profileIds: "editor" }, credentials: { local: { username: "jdoe" } } }),
    (e) => {
      assert.deepEqual(e.findings.map((f) => [f.code, f.pointer]), [
        ["kuzzle/securities-invalid-structure", "/users/jdoe/content/profileIds"],
        ["kuzzle/securities-invalid-credentials", "/users/jdoe/credentials/local/password"],
      ]);
      return true;
    },
  );
  assert.equal(puts(), 0);
  assert.equal(server.arrived.filter((a) => a.url && a.url.includes("jdoe")).length, 0);
  // Guarding twice does not check twice; unguarding restores the protocol.
  bodyguard.guardKuzzle(protocol, { failLevel: "warning" });
  bodyguard.unguardKuzzle(protocol);
  await kuzzle.security.createOrReplaceProfile("p", twice);
  assert.equal(puts(), 1);
  assert.throws(() => bodyguard.guardKuzzle({}), TypeError);
  assert.throws(() => bodyguard.guardKuzzle(protocol, { failLevel: "loud" }), TypeError);
});
