// Type-checked with `npm run typecheck` (tsc --noEmit): every adapter as a user writes it.
import { Kuzzle, WebSocket } from "kuzzle-sdk";
import { CustomerInsightsManagementClient } from "@azure/arm-customerinsights";
import type { TokenCredential } from "@azure/core-auth";
import {
  assertValid,
  BodyguardError,
  check,
  checkImport,
  checkRequest,
  guardAzure,
  guardKuzzle,
  registerPipes,
  type Finding,
  type Options,
} from "@bodyguard-dev/bodyguard";

const options: Options = { failLevel: "warning", rules: { "kuzzle/duplicate-role": "off" } };

// A body on its own, or a whole request.
const findings: Finding[] = check("kuzzle-profile", { policies: [{ roleId: "editor" }] }, options);
for (const f of findings) console.log(`${f.code} ${f.severity} ${f.pointer} ${f.line ?? "-"}:${f.column ?? "-"} ${f.help ?? ""}`);
checkRequest({ controller: "security", action: "createOrReplaceRole", _id: "reader", body: {}, force: true });
checkRequest({ method: "PUT", url: "/profiles/editor?refresh=wait_for", body: '{"policies": []}' });

// Kuzzle SDK: bad security bodies reject before anything is sent.
export async function sdk(): Promise<void> {
  const kuzzle = guardKuzzle(new Kuzzle(new WebSocket("localhost")), options);
  await kuzzle.connect();
  try {
    await kuzzle.security.createOrReplaceProfile("editor", { policies: [{ roleId: "editor" }] });
  } catch (e) {
    if (e instanceof BodyguardError) console.error(e.message, e.findings.length);
  }
}

// Kuzzle application: pipes on the server, and the app.import payload before start.
interface BackendLike {
  pipe: { register(event: string, handler: (request: any) => any): unknown };
}
export function app(backend: BackendLike): void {
  const events: string[] = registerPipes(backend, { failLevel: "error" });
  console.log(events.join(", "));
  checkImport({ profiles: { editor: { policies: [{ roleId: "editor" }] } } });
}

// Azure Customer Insights: a pipeline policy checks profile-type and connector PUT bodies.
export async function azure(credential: TokenCredential): Promise<void> {
  const client = guardAzure(new CustomerInsightsManagementClient(credential, "subscription-id"));
  await client.profiles.beginCreateOrUpdateAndWait("rg", "hub", "Contact", { fields: [] });
  assertValid("ci-connector", { connectorType: "AzureBlob", connectorProperties: {} });
}
