/**
 * bodyguard for Node.js: checks Kuzzle security and Azure Customer Insights request bodies
 * before they are sent, with the same rules and findings as the `bodyguard` command.
 */

/** The kinds of body bodyguard checks. */
export type Kind =
  | "kuzzle-profile"
  | "kuzzle-role"
  | "kuzzle-securities"
  | "ci-profile-type"
  | "ci-connector";

/** How serious a finding is. */
export type Severity = "info" | "warning" | "error";

/** A rule's level in options: a severity, or `off`. */
export type RuleLevel = Severity | "off";

export declare const KINDS: readonly Kind[];
export declare const SEVERITIES: readonly Severity[];
/** Bodies longer than this many UTF-8 bytes are refused with a `TypeError`. */
export declare const MAX_BODY_BYTES: number;

/** One finding. */
export interface Finding {
  /** Rule code, e.g. `schema/unknown-key`. */
  code: string;
  severity: Severity;
  /** What is wrong. */
  message: string;
  /** JSON Pointer of the value (`""` for the whole body or the request line); for a Kuzzle
   * request it resolves in the request, the body's values under `/body`. */
  pointer: string;
  /** 1-based line in the checked text (see `source`); `null` when the finding has no place. */
  line: number | null;
  /** 1-based column, in characters; `null` when the finding has no place. */
  column: number | null;
  /** How to fix it. */
  help: string | null;
  /** Documentation of the rule. */
  url: string;
  /**
   * What `line` and `column` refer to: `<body>` (the JSON text of the body: the string you
   * passed, or `JSON.stringify(body, null, 2)` for an object), `<request>` (a Kuzzle request
   * as `JSON.stringify(request, null, 2)`, or the `METHOD URL` line of an HTTP request), or
   * the `name` you gave.
   */
  source: string;
}

/** Options of every check and adapter. */
export interface Options {
  /** Throw (or reject) when a finding reaches this severity. Default `error`. */
  failLevel?: Severity;
  /** Severity per rule code, e.g. `{"kuzzle/rate-limit-unlimited": "off"}`. */
  rules?: Record<string, RuleLevel>;
  /**
   * Path of a `bodyguard.toml`: its `[rules]`, `inventory`, `[[ignore]]` and
   * `max-findings-per-rule` entries apply.
   */
  config?: string;
  /**
   * What exists on the target: paths of inventory files or kourou dump directories, or the
   * parsed content of such files (mappings, securities files, kourou dumps).
   */
  inventory?: string | object | Array<string | object>;
  /** Name of the body in findings and code frames; `[[ignore]]` globs are matched on it. */
  name?: string;
}

/** A body: an object, JSON text, or UTF-8 bytes. */
export type Body = object | string | Uint8Array | ArrayBuffer | number | boolean | null;

/** A Kuzzle request as the SDK builds it. */
export interface KuzzleRequest {
  controller: string;
  action: string;
  _id?: string;
  body?: unknown;
  strict?: boolean | null;
  force?: boolean | null;
  refresh?: string | boolean | null;
  [arg: string]: unknown;
}

/** An HTTP request: `PUT /profiles/editor?refresh=wait_for`, or a Customer Insights URL. */
export interface HttpRequest {
  method: string;
  url: string;
  body?: Body;
}

/** Thrown when a finding reaches the fail level. */
export declare class BodyguardError extends Error {
  name: "BodyguardError";
  /** Every finding of the check (also those below the fail level). */
  findings: Finding[];
  failLevel: Severity;
}

/** Check a body of `kind`. Returns every finding; never throws for findings. */
export declare function check(kind: Kind, body: Body, options?: Options): Finding[];
/** Check a body; throws `BodyguardError` at or above `options.failLevel`. */
export declare function assertValid(kind: Kind, body: Body, options?: Options): Finding[];
/** Check a request as `bodyguard request` does. Returns every finding. */
export declare function checkRequest(request: KuzzleRequest | HttpRequest, options?: Options): Finding[];
/** Check a request; throws `BodyguardError` at or above `options.failLevel`. */
export declare function assertRequest(request: KuzzleRequest | HttpRequest, options?: Options): Finding[];

/** Every rule with its default severity. */
export declare function rules(): Array<{ code: string; severity: Severity; summary: string }>;
/** The JSON Schema (draft-07) of a kind. */
export declare function schema(kind: Kind): Record<string, unknown>;

/** What `guardKuzzle` needs: a kuzzle-sdk protocol, or a `Kuzzle` instance holding one. */
export interface KuzzleProtocolLike {
  query(request: any, options?: any): Promise<any>;
}
export interface KuzzleLike {
  protocol: KuzzleProtocolLike;
}

/**
 * Guard a kuzzle-sdk `Kuzzle` instance (or its protocol): security and admin requests with a
 * body bodyguard knows are checked before they are sent; at or above the fail level they
 * reject with `BodyguardError` and nothing is sent.
 */
export declare function guardKuzzle<T extends KuzzleLike | KuzzleProtocolLike>(kuzzle: T, options?: Options): T;
/** Undo `guardKuzzle`. */
export declare function unguardKuzzle<T extends KuzzleLike | KuzzleProtocolLike>(kuzzle: T): T;

/** What `registerPipes` needs from a Kuzzle `Backend`. */
export interface BackendLike {
  pipe: { register(event: string, handler: (request: any, ...rest: any[]) => any): unknown };
}
export interface PipeOptions extends Options {
  /** Error class thrown by the pipes, `new errorClass(message, id)`; default kuzzle's `BadRequestError`. */
  errorClass?: new (message: string, id?: string) => Error;
}
/**
 * Register `security:before*` and `admin:beforeLoadSecurities` pipes on a Kuzzle `Backend`.
 * Returns the events registered.
 */
export declare function registerPipes(app: BackendLike, options?: PipeOptions): string[];

/** What an application declares with `app.import`. */
export interface ImportPayload {
  roles?: Record<string, unknown>;
  profiles?: Record<string, unknown>;
  users?: Record<string, unknown>;
}
/**
 * Check an application's `app.import` roles, profiles and users (a `Backend`, or the same
 * objects) before `app.start()`; throws `BodyguardError` at or above the fail level.
 */
export declare function checkImport(app: object | ImportPayload, options?: Options): Finding[];

/** An `@azure/core-rest-pipeline` policy. */
export interface PipelinePolicy {
  name: string;
  sendRequest(request: any, next: (request: any) => Promise<any>): Promise<any>;
}
/**
 * A pipeline policy checking Customer Insights profile-type and connector PUT bodies in wire
 * form (`{properties: …}`) before they are sent.
 */
export declare function bodyguardPolicy(options?: Options): PipelinePolicy;
/** Add `bodyguardPolicy(options)` to a client's pipeline, after serialisation. */
export declare function guardAzure<T extends { pipeline: { addPolicy(policy: PipelinePolicy, options?: object): void } }>(
  client: T,
  options?: Options,
): T;
