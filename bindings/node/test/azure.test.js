"use strict";
// The Azure policy with @azure/arm-customerinsights' real client and pipeline, sending to a
// loopback HTTPS server started here (the SDK's bearer-token policy refuses plain HTTP), which
// records every request that arrives.

const test = require("node:test");
const assert = require("node:assert/strict");
const https = require("node:https");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { execFileSync } = require("node:child_process");
const { CustomerInsightsManagementClient } = require("@azure/arm-customerinsights");
const bodyguard = require("..");

/** A self-signed certificate for 127.0.0.1, made with openssl; null when openssl is missing. */
function certificate() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bodyguard-azure-"));
  try {
    execFileSync(
      "openssl",
      ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
        "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
        "-keyout", path.join(dir, "key.pem"), "-out", path.join(dir, "cert.pem")],
      { stdio: "ignore" },
    );
    return { key: fs.readFileSync(path.join(dir, "key.pem")), cert: fs.readFileSync(path.join(dir, "cert.pem")) };
  } catch {
    return null;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function startServer(tls) {
  const arrived = [];
  const server = https.createServer(tls, (req, res) => {
    let data = "";
    req.on("data", (chunk) => (data += chunk));
    req.on("end", () => {
      const body = data ? JSON.parse(data) : undefined;
      arrived.push({ method: req.method, url: req.url, body, authorization: req.headers.authorization });
      const name = req.url.split("?")[0].split("/").pop();
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({
        id: req.url.split("?")[0],
        name,
        type: "Microsoft.CustomerInsights/hubs/x",
        properties: { ...(body && body.properties), provisioningState: "Succeeded" },
      }));
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: server.address().port, arrived, close: () => new Promise((r) => server.close(r)) };
}

const credential = {
  getToken: async () => ({ token: "test-token", expiresOnTimestamp: Date.now() + 3600_000 }),
};

const GOOD_PROFILE_TYPE = {
  apiEntitySetName: "Contacts",
  fields: [{ fieldName: "ContactId", fieldType: "Edm.String" }],
  strongIds: [{ keyPropertyNames: ["ContactId"], strongIdName: "ContactId" }],
};
/** Accepted by the API, with a warning: `isRequired` is not enforced on profiles. */
const WARNED_PROFILE_TYPE = {
  ...GOOD_PROFILE_TYPE,
  fields: [{ fieldName: "ContactId", fieldType: "Edm.String", isRequired: true }],
};
const BAD_PROFILE_TYPE = {
  apiEntitySetName: "Contacts",
  fields: [{ fieldName: "ContactId", fieldType: "string" }],
  strongIds: [{ keyPropertyNames: ["ContactID"], strongIdName: "ContactId" }],
};
const ACCOUNT_KEY = "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0";

test("@azure/arm-customerinsights: bad PUT bodies are refused before they are sent, good ones arrive", async (t) => {
  const tls = certificate();
  if (!tls) {
    process.stderr.write("SKIPPED: azure.test.js needs openssl to make a loopback TLS certificate\n");
    t.skip("openssl is missing");
    return;
  }
  const server = await startServer(tls);
  t.after(() => server.close());
  const client = new CustomerInsightsManagementClient(credential, "sub-1", {
    endpoint: `https://127.0.0.1:${server.port}`,
    tlsOptions: { ca: tls.cert },
    retryOptions: { maxRetries: 0 },
  });
  client.pipeline.addPolicy(bodyguard.bodyguardPolicy());

  // A good profile type goes out in wire form ({properties: …}) and arrives.
  const ok = await client.profiles.beginCreateOrUpdateAndWait("rg", "hub1", "Contact", GOOD_PROFILE_TYPE);
  assert.equal(ok.name, "Contact");
  assert.equal(server.arrived.length, 1);
  const first = server.arrived[0];
  assert.equal(first.method, "PUT");
  assert.match(first.url, /^\/subscriptions\/sub-1\/resourceGroups\/rg\/providers\/Microsoft\.CustomerInsights\/hubs\/hub1\/profiles\/Contact\?api-version=2017-04-26$/);
  assert.deepEqual(first.body.properties.fields, GOOD_PROFILE_TYPE.fields);
  assert.equal(first.authorization, "Bearer test-token");

  // A bad one rejects with the findings (positions in the wire body), and nothing arrives.
  await assert.rejects(client.profiles.beginCreateOrUpdateAndWait("rg", "hub1", "Contact", BAD_PROFILE_TYPE), (e) => {
    assert.ok(e instanceof bodyguard.BodyguardError, String(e));
    const codes = e.findings.map((f) => f.code);
    assert.ok(codes.length > 0);
    assert.ok(e.findings.every((f) => f.source === "<body>" ? f.pointer.startsWith("/properties") : true), JSON.stringify(e.findings));
    assert.match(e.message, /PUT https:\/\/127\.0\.0\.1:\d+\/subscriptions\/sub-1\/.*\/profiles\/Contact: \d+ findings? at or above error/);
    return true;
  });
  assert.equal(server.arrived.length, 1);

  // A connector holding a storage account key: refused, and the key is not in the message.
  // (The SDK's mapper types `connectorProperties` as a dictionary of objects: its serializer
  // refuses string values before any policy runs, so the key sits one level down.)
  const leaky = {
    connectorType: "AzureBlob",
    connectorProperties: {
      connectionKeyVaultUrl: {
        url: `DefaultEndpointsProtocol=https;AccountName=a;AccountKey=${ACCOUNT_KEY};EndpointSuffix=core.windows.net`,
      },
    },
  };
  await assert.rejects(client.connectors.beginCreateOrUpdateAndWait("rg", "hub1", "blob1", leaky), (e) => {
    assert.ok(e instanceof bodyguard.BodyguardError, String(e));
    assert.ok(e.findings.some((f) => f.code === "ci/secret"));
    assert.doesNotMatch(e.message, new RegExp(ACCOUNT_KEY.slice(0, 12)));
    return true;
  });
  assert.equal(server.arrived.length, 1);

  // Other requests (a GET) pass untouched.
  await client.profiles.get("rg", "hub1", "Contact");
  assert.equal(server.arrived.length, 2);
  assert.equal(server.arrived[1].method, "GET");
});

test("guardAzure adds the policy after serialisation; the fail level applies", async (t) => {
  const tls = certificate();
  if (!tls) {
    process.stderr.write("SKIPPED: azure.test.js needs openssl to make a loopback TLS certificate\n");
    t.skip("openssl is missing");
    return;
  }
  const server = await startServer(tls);
  t.after(() => server.close());
  const client = new CustomerInsightsManagementClient(credential, "sub-1", {
    endpoint: `https://127.0.0.1:${server.port}`,
    tlsOptions: { ca: tls.cert },
    retryOptions: { maxRetries: 0 },
  });
  bodyguard.guardAzure(client, { failLevel: "warning" });
  await assert.rejects(client.profiles.beginCreateOrUpdateAndWait("rg", "hub1", "Contact", WARNED_PROFILE_TYPE), (e) => {
    assert.deepEqual(e.findings.map((f) => [f.code, f.severity]), [["ci/is-required-on-profile", "warning"]]);
    // Positions are in the body as the SDK serialised it.
    assert.match(e.message, /╭─\[<body>:1:\d+\]/);
    return true;
  });
  assert.equal(server.arrived.length, 0);
  await client.profiles.beginCreateOrUpdateAndWait("rg", "hub1", "Contact", GOOD_PROFILE_TYPE);
  assert.equal(server.arrived.length, 1);
  assert.throws(() => bodyguard.guardAzure({}), TypeError);
});
