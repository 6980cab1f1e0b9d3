"use strict";
// The JavaScript API: check / assertValid / checkRequest / assertRequest, options and bad input.

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const bodyguard = require("..");

const BAD_PROFILE = { policies: [{ roleId: "editor", restrictedTo: "shop" }] };
const GOOD_PROFILE = {
  policies: [{ roleId: "editor", restrictedTo: [{ index: "shop", collections: ["orders"] }] }],
};
const ACCOUNT_KEY = "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0";
const LEAKY_CONNECTOR = {
  properties: {
    connectorType: "AzureBlob",
    connectorProperties: {
      connectionKeyVaultUrl: `DefaultEndpointsProtocol=https;AccountName=a;AccountKey=${ACCOUNT_KEY};EndpointSuffix=core.windows.net`,
    },
  },
};

function codes(findings) {
  return findings.map((f) => `${f.code} ${f.severity} ${f.pointer} ${f.line}:${f.column}`);
}

test("an object is checked as its JSON.stringify(body, null, 2) text", () => {
  const findings = bodyguard.check("kuzzle-profile", BAD_PROFILE);
  assert.deepEqual(codes(findings), ["schema/type error /policies/0/restrictedTo 5:23"]);
  const f = findings[0];
  const line = JSON.stringify(BAD_PROFILE, null, 2).split("\n")[f.line - 1];
  assert.equal(line.slice(f.column - 1), '"shop"');
  assert.equal(f.source, "<body>");
  assert.match(f.help, /api\.assert\.invalid_type/);
  assert.equal(f.url, "https://github.com/bodyguard-dev/bodyguard/blob/main/docs/rules/schema/type.md");
  assert.deepEqual(Object.keys(f).sort(), ["code", "column", "help", "line", "message", "pointer", "severity", "source", "url"]);
});

test("JSON text is checked as written: positions are in that text", () => {
  const text = '{"policies": [{"roleId": "editor", "restrictedTo": "shop"}]}';
  assert.deepEqual(codes(bodyguard.check("kuzzle-profile", text)), ["schema/type error /policies/0/restrictedTo 1:52"]);
  assert.deepEqual(codes(bodyguard.check("kuzzle-profile", Buffer.from(text))), ["schema/type error /policies/0/restrictedTo 1:52"]);
  // Text-only rules run on text: a duplicate key cannot come from an object.
  const dup = '{"policies": [], "policies": [{"roleId": "editor"}]}';
  assert.ok(bodyguard.check("kuzzle-profile", dup).some((f) => f.code === "json/duplicate-key"));
});

test("a good body has no finding; assertValid returns the findings below the fail level", () => {
  assert.deepEqual(bodyguard.check("kuzzle-profile", GOOD_PROFILE), []);
  assert.deepEqual(bodyguard.assertValid("kuzzle-profile", GOOD_PROFILE), []);
});

test("assertValid throws a BodyguardError with the findings and code frames, no colour", () => {
  assert.throws(
    () => bodyguard.assertValid("kuzzle-profile", BAD_PROFILE),
    (e) => {
      assert.ok(e instanceof bodyguard.BodyguardError);
      assert.ok(e instanceof Error);
      assert.equal(e.name, "BodyguardError");
      assert.equal(e.failLevel, "error");
      assert.deepEqual(codes(e.findings), ["schema/type error /policies/0/restrictedTo 5:23"]);
      assert.match(e.message, /^bodyguard: kuzzle-profile body: 1 finding at or above error\n/);
      assert.match(e.message, /╭─\[<body>:5:23\]/);
      assert.match(e.message, / 5 │ +"restrictedTo": "shop"/);
      assert.doesNotMatch(e.message, /\x1b\[/);
      return true;
    },
  );
});

test("secret values never appear in the error message", () => {
  assert.throws(
    () => bodyguard.assertValid("ci-connector", LEAKY_CONNECTOR),
    (e) => {
      assert.ok(e.findings.some((f) => f.code === "ci/secret"));
      assert.match(e.message, /ci\/secret/);
      assert.doesNotMatch(e.message, new RegExp(ACCOUNT_KEY.slice(0, 12)));
      assert.doesNotMatch(JSON.stringify(e.findings), new RegExp(ACCOUNT_KEY.slice(0, 12)));
      return true;
    },
  );
});

test("failLevel and rule severities", () => {
  // Two policies granting the same role: a warning by default.
  const body = { policies: [{ roleId: "editor" }, { roleId: "editor" }] };
  const code = "kuzzle/duplicate-role";
  assert.deepEqual(
    bodyguard.check("kuzzle-profile", body).map((f) => [f.code, f.severity]),
    [[code, "warning"]],
  );
  assert.doesNotThrow(() => bodyguard.assertValid("kuzzle-profile", body));
  assert.throws(() => bodyguard.assertValid("kuzzle-profile", body, { failLevel: "warning" }), bodyguard.BodyguardError);
  const off = { rules: { [code]: "off" } };
  assert.ok(!bodyguard.check("kuzzle-profile", body, off).some((f) => f.code === code));
  const err = { rules: { [code]: "error" } };
  assert.throws(() => bodyguard.assertValid("kuzzle-profile", body, err), bodyguard.BodyguardError);
  assert.throws(() => bodyguard.check("kuzzle-profile", body, { rules: { "no/such-rule": "off" } }), {
    name: "TypeError",
    message: /unknown rule `no\/such-rule`/,
  });
  assert.throws(() => bodyguard.check("kuzzle-profile", body, { rules: { [code]: "loud" } }), {
    name: "TypeError",
    message: /unknown severity `loud`/,
  });
  assert.throws(() => bodyguard.assertValid("kuzzle-profile", body, { failLevel: "fatal" }), TypeError);
});

test("a bodyguard.toml: rules, inventory and ignores apply; a bad one is a TypeError with a frame", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bodyguard-node-"));
  fs.writeFileSync(path.join(dir, "mappings.json"), JSON.stringify({ shop: { orders: { properties: {} } } }));
  fs.writeFileSync(
    path.join(dir, "bodyguard.toml"),
    'inventory = ["mappings.json"]\n\n[[ignore]]\ncode = "schema/type"\nfiles = "legacy.json"\nreason = "sent by the old client"\n',
  );
  const config = path.join(dir, "bodyguard.toml");
  const unknownIndex = { policies: [{ roleId: "editor", restrictedTo: [{ index: "shopp" }] }] };
  const withInventory = bodyguard.check("kuzzle-profile", unknownIndex, { config });
  assert.ok(withInventory.some((f) => f.pointer.startsWith("/policies/0/restrictedTo/0")), JSON.stringify(withInventory));
  assert.deepEqual(bodyguard.check("kuzzle-profile", unknownIndex), []);
  // The same inventory given inline.
  const inline = bodyguard.check("kuzzle-profile", unknownIndex, { inventory: { shop: { orders: { properties: {} } } } });
  assert.deepEqual(codes(inline), codes(withInventory));
  // [[ignore]] matches the body's name.
  assert.deepEqual(bodyguard.check("kuzzle-profile", BAD_PROFILE, { config, name: "legacy.json" }), []);
  assert.equal(bodyguard.check("kuzzle-profile", BAD_PROFILE, { config, name: "new.json" }).length, 1);

  fs.writeFileSync(path.join(dir, "bad.toml"), '[rules]\n"schema/type" = "loud"\n');
  assert.throws(() => bodyguard.check("kuzzle-profile", GOOD_PROFILE, { config: path.join(dir, "bad.toml") }), {
    name: "TypeError",
    message: /bad\.toml cannot be used:[\s\S]*config\/invalid[\s\S]*2 │ "schema\/type" = "loud"/,
  });
  assert.throws(() => bodyguard.check("kuzzle-profile", GOOD_PROFILE, { config: path.join(dir, "missing.toml") }), TypeError);
  fs.rmSync(dir, { recursive: true });
});

test("a file shows at most 1000 findings of a rule, or max-findings-per-rule of its bodyguard.toml", () => {
  // A profile restricted 1,005 times to one collection: 1,004 repeats.
  const collections = Array(1005).fill("c");
  const body = { policies: [{ roleId: "editor", restrictedTo: [{ index: "shop", collections }] }] };
  const repeats = (findings) => findings.filter((f) => f.code === "kuzzle/duplicate-collection");
  const shown = repeats(bodyguard.check("kuzzle-profile", body));
  assert.equal(shown.length, 1001);
  const summary = shown[1000];
  assert.match(summary.message, /^4 more findings of this rule from here on are not shown \(a file shows the first 1000/);
  assert.equal(summary.pointer, "/policies/0/restrictedTo/0/collections/1001");

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bodyguard-node-"));
  fs.writeFileSync(path.join(dir, "bodyguard.toml"), "max-findings-per-rule = 2\n");
  const limited = repeats(bodyguard.check("kuzzle-profile", body, { config: path.join(dir, "bodyguard.toml") }));
  assert.equal(limited.length, 3);
  assert.match(limited[2].message, /^1002 more findings of this rule/);
  fs.writeFileSync(path.join(dir, "every.toml"), "max-findings-per-rule = 0\n");
  assert.equal(repeats(bodyguard.check("kuzzle-profile", body, { config: path.join(dir, "every.toml") })).length, 1004);
  fs.rmSync(dir, { recursive: true });
});

test("checkRequest: a Kuzzle request object, as bodyguard request --json-request", () => {
  const request = {
    controller: "security",
    action: "createOrReplaceProfile",
    _id: "editor",
    body: GOOD_PROFILE,
    force: true,
    refresh: "wait_for",
    jwt: "eyJhbGciOiJIUzI1NiJ9.secret.token",
  };
  const findings = bodyguard.checkRequest(request);
  assert.deepEqual(
    findings.map((f) => [f.code, f.source, f.line]),
    [["kuzzle/force-on-profile", "<request>", 20]],
  );
  // The JWT (and volatile, requestId) are not part of what is checked or shown.
  assert.throws(
    () => bodyguard.assertRequest({ ...request, body: BAD_PROFILE }),
    (e) => {
      assert.match(e.message, /^bodyguard: security:createOrReplaceProfile editor: 1 finding at or above error/);
      assert.doesNotMatch(e.message, /eyJhbGci/);
      return true;
    },
  );
  const unknown = bodyguard.checkRequest({ controller: "document", action: "create", body: {} });
  assert.deepEqual(unknown.map((f) => f.code), ["request/unknown-route"]);
  const noBody = bodyguard.checkRequest({ controller: "security", action: "createOrReplaceRole", _id: "r" });
  assert.deepEqual(noBody.map((f) => f.code), ["kuzzle/missing-body"]);
});

test("checkRequest: the HTTP form, request line and body", () => {
  const findings = bodyguard.checkRequest({ method: "PUT", url: "/profiles/editor?refresh=true&force", body: BAD_PROFILE });
  assert.deepEqual(
    findings.map((f) => [f.code, f.source, f.line, f.column]),
    [
      ["kuzzle/refresh-value", "<request>", 1, 22],
      ["kuzzle/force-on-profile", "<request>", 1, 35],
      ["schema/type", "<body>", 5, 23],
    ],
  );
  const ci = bodyguard.checkRequest({
    method: "PUT",
    url: "https://management.azure.com/subscriptions/s/resourceGroups/r/providers/Microsoft.CustomerInsights/hubs/h/connectors/c1?api-version=2017-04-26",
    body: LEAKY_CONNECTOR,
  });
  assert.deepEqual(ci.map((f) => f.code), ["ci/key-vault-url", "ci/secret"]);
});

test("bad input from JavaScript is a TypeError, never a crash", () => {
  const cyclic = { policies: [] };
  cyclic.self = cyclic;
  const cases = [
    [() => bodyguard.check("kuzzle-profile", cyclic), /cannot be turned into JSON: Converting circular structure/],
    [() => bodyguard.check("kuzzle-profile", undefined), /body is undefined/],
    [() => bodyguard.check("kuzzle-profile", { rateLimit: 10n }), /cannot be turned into JSON: Do not know how to serialize a BigInt/],
    [() => bodyguard.check("kuzzle-profile", 10n), /BigInt/],
    [() => bodyguard.check("kuzzle-profile", () => 1), /body is a function/],
    [() => bodyguard.check("kuzzle-profile", Buffer.from([0x7b, 0x22, 0xff, 0x22])), /not valid UTF-8 \(first bad byte at offset 2\)/],
    [() => bodyguard.check("kuzzle-profile", " ".repeat(bodyguard.MAX_BODY_BYTES + 1)), /bodies up to 67108864 bytes/],
    [() => bodyguard.check("kuzzle-profil", {}), /unknown kind `kuzzle-profil`/],
    [() => bodyguard.check(42, {}), /kind must be a string/],
    [() => bodyguard.check("kuzzle-profile", {}, "strict"), /options must be an object/],
    [() => bodyguard.checkRequest(null), /a request is an object/],
    [() => bodyguard.checkRequest({ method: "PUT" }), /needs both `method` and `url`/],
    [() => bodyguard.checkRequest({ method: "PUT", url: "/profiles/p", body: new Uint8Array([0xc3]) }), /not valid UTF-8/],
    [() => bodyguard.checkRequest({ controller: "security", action: "createOrReplaceProfile", _id: "p", body: cyclic }), /request cannot be turned into JSON/],
  ];
  for (const [fn, message] of cases) assert.throws(fn, { name: "TypeError", message });
  // Text that is not JSON, null and a lone surrogate are findings, not errors.
  assert.equal(bodyguard.check("kuzzle-profile", "{")[0].code, "json/syntax");
  assert.equal(bodyguard.check("kuzzle-profile", null)[0].code, "schema/type");
  const surrogate = bodyguard.check("kuzzle-profile", { policies: [{ roleId: "ed\uD800" }] });
  assert.ok(Array.isArray(surrogate));
});

test("rules() and schema()", () => {
  const all = bodyguard.rules();
  assert.ok(all.some((r) => r.code === "schema/type" && r.severity === "error"));
  const schema = bodyguard.schema("kuzzle-profile");
  assert.equal(schema.$schema, "http://json-schema.org/draft-07/schema#");
  assert.deepEqual(
    JSON.parse(fs.readFileSync(path.join(__dirname, "../../../schemas/kuzzle-profile.schema.json"), "utf8")),
    schema,
  );
});
