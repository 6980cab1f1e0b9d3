// Starts `bodyguard server` for JSON and JSONC files: diagnostics, quick fixes, fix-all
// (source.fixAll.bodyguard) and hover come from the server.
import * as vscode from "vscode";
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
} from "vscode-languageclient/node";

let client: LanguageClient | undefined;

/** The `bodyguard.*` settings the server reads (`path` is the extension's own). */
function serverSettings(): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration("bodyguard");
  const settings: Record<string, unknown> = {
    run: config.get<string>("run", "onType"),
    rules: config.get<Record<string, string>>("rules", {}),
    kinds: config.get<unknown[]>("kinds", []),
  };
  const inventory = config.get<string[] | null>("inventory", null);
  if (Array.isArray(inventory)) {
    settings.inventory = inventory;
  }
  return settings;
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const command = vscode.workspace.getConfiguration("bodyguard").get<string>("path", "bodyguard");
  const serverOptions: ServerOptions = { command, args: ["server"] };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "json" },
      { scheme: "file", language: "jsonc" },
      { scheme: "untitled", language: "json" },
      { scheme: "untitled", language: "jsonc" },
    ],
    initializationOptions: serverSettings(),
  };
  client = new LanguageClient("bodyguard", "bodyguard", serverOptions, clientOptions);
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (client && event.affectsConfiguration("bodyguard")) {
        void client.sendNotification(DidChangeConfigurationNotification.type, {
          settings: { bodyguard: serverSettings() },
        });
      }
    }),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
