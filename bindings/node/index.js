"use strict";
/**
 * bodyguard for Node.js: the same checker, rules and findings as the `bodyguard` command,
 * called synchronously, plus adapters for the Kuzzle SDK, Kuzzle applications and the Azure
 * Customer Insights SDK. Types: index.d.ts.
 */

const path = require("node:path");

let native;
try {
  native = require(path.join(__dirname, "bodyguard.node"));
} catch (e) {
  throw new Error(
    `bodyguard: the native addon is missing or cannot be loaded (${e.message}); build it with \`npm run build\` in ${__dirname}`,
    { cause: e },
  );
}

/** The kinds of body bodyguard checks. */
const KINDS = Object.freeze([
  "kuzzle-profile",
  "kuzzle-role",
  "kuzzle-securities",
  "ci-profile-type",
  "ci-connector",
]);

/** Severities, least serious first. */
const SEVERITIES = Object.freeze(["info", "warning", "error"]);

/** Bodies longer than this many UTF-8 bytes are refused (the native side checks it too). */
const MAX_BODY_BYTES = 64 * 1024 * 1024;

/**
 * Thrown when a finding reaches the fail level. `findings` holds every finding of the check;
 * `message` is the readable report (code frames, no colour, secret values masked).
 */
class BodyguardError extends Error {
  constructor(message, findings, failLevel) {
    super(message);
    this.name = "BodyguardError";
    this.findings = findings;
    this.failLevel = failLevel;
  }
}

// ---------------------------------------------------------------------------------------
// Options and checkers

const checkers = new WeakMap(); // options object -> NativeChecker
const checkersByKey = new Map(); // canonical options text -> NativeChecker
let defaultChecker;

function typeError(message, cause) {
  return new TypeError(`bodyguard: ${message}`, cause ? { cause } : undefined);
}

function nativeCall(fn) {
  try {
    return fn();
  } catch (e) {
    // Bad input found by the native side (unknown kind, invalid UTF-8, too big, bad options).
    if (e && e.code === "InvalidArg") throw new TypeError(e.message);
    throw e;
  }
}

function failLevelOf(options) {
  const level = options && options.failLevel !== undefined ? options.failLevel : "error";
  if (!SEVERITIES.includes(level)) {
    throw typeError(`failLevel must be one of ${SEVERITIES.join(", ")}, got ${describe(level)}`);
  }
  return level;
}

function describe(value) {
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? value.slice(0, 40) + "…" : value);
  if (typeof value === "bigint") return `${value}n (a BigInt)`;
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : String(value);
}

/** The native checker for `options` (cached: the schemas are compiled once per checker). */
function checkerFor(options) {
  if (options === undefined || options === null) {
    return (defaultChecker ??= new native.NativeChecker({}));
  }
  if (typeof options !== "object") throw typeError(`options must be an object, got ${describe(options)}`);
  const cached = checkers.get(options);
  if (cached) return cached;
  const { rules, config, inventory } = options;
  const nativeOptions = {};
  if (rules !== undefined) {
    if (rules === null || typeof rules !== "object" || Array.isArray(rules)) {
      throw typeError("rules must be an object mapping rule codes to off, info, warning or error");
    }
    for (const [code, level] of Object.entries(rules)) {
      if (typeof level !== "string") throw typeError(`rules[${JSON.stringify(code)}] must be a string, got ${describe(level)}`);
    }
    nativeOptions.rules = { ...rules };
  }
  if (config !== undefined) {
    if (typeof config !== "string") throw typeError(`config must be the path of a bodyguard.toml, got ${describe(config)}`);
    nativeOptions.config = path.resolve(config);
  }
  if (inventory !== undefined) {
    const list = Array.isArray(inventory) ? inventory : [inventory];
    nativeOptions.inventoryPaths = [];
    nativeOptions.inventoryTexts = [];
    for (const item of list) {
      if (typeof item === "string") nativeOptions.inventoryPaths.push(path.resolve(item));
      else if (item && typeof item === "object") nativeOptions.inventoryTexts.push(toJsonText(item, "an inventory"));
      else throw typeError(`inventory entries are paths or objects, got ${describe(item)}`);
    }
  }
  const key = JSON.stringify(nativeOptions);
  let checker = checkersByKey.get(key);
  if (!checker) {
    checker = nativeCall(() => new native.NativeChecker(nativeOptions));
    if (checkersByKey.size >= 64) checkersByKey.delete(checkersByKey.keys().next().value);
    checkersByKey.set(key, checker);
  }
  checkers.set(options, checker);
  return checker;
}

/**
 * JSON text for a value, indented by two spaces, keys in the object's own order (the order
 * `JSON.stringify` and the SDKs use): findings' lines and columns refer to this text.
 */
function toJsonText(value, what) {
  if (value === undefined) throw typeError(`${what} is undefined; pass an object or JSON text`);
  if (typeof value === "function" || typeof value === "symbol") {
    throw typeError(`${what} is a ${typeof value}; pass an object or JSON text`);
  }
  let text;
  try {
    text = JSON.stringify(value, null, 2);
  } catch (e) {
    // Cycles and BigInt values (TypeError), or a text longer than V8 allows (RangeError).
    throw typeError(`${what} cannot be turned into JSON: ${e.message}`, e);
  }
  if (text === undefined) throw typeError(`${what} cannot be turned into JSON`);
  return text;
}

function bodyInput(body, what = "the body") {
  if (typeof body === "string") {
    // A UTF-8 byte is at least a third of a UTF-16 unit: refuse what is surely too big
    // before it is copied.
    if (body.length > MAX_BODY_BYTES) {
      throw typeError(`${what} is ${body.length} characters long; bodies up to ${MAX_BODY_BYTES} bytes are checked`);
    }
    return body;
  }
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  const text = toJsonText(body, what);
  if (text.length > MAX_BODY_BYTES) {
    throw typeError(`${what} is ${text.length} characters long as JSON; bodies up to ${MAX_BODY_BYTES} bytes are checked`);
  }
  return text;
}

function fail(result, failLevel, what) {
  const rank = SEVERITIES.indexOf(failLevel);
  const failing = result.findings.filter((f) => SEVERITIES.indexOf(f.severity) >= rank);
  if (failing.length === 0) return result.findings;
  const n = failing.length;
  const head = `bodyguard: ${what}: ${n} finding${n === 1 ? "" : "s"} at or above ${failLevel}`;
  throw new BodyguardError(`${head}\n\n${result.rendered || ""}`, result.findings, failLevel);
}

function kindOf(kind) {
  if (typeof kind !== "string") throw typeError(`kind must be a string (${KINDS.join(", ")}), got ${describe(kind)}`);
  return kind;
}

// ---------------------------------------------------------------------------------------
// Checks

/**
 * Check a body of `kind` (an object, JSON text, or UTF-8 bytes). Returns every finding;
 * never throws for findings (see `assertValid`).
 */
function check(kind, body, options) {
  const checker = checkerFor(options);
  const input = bodyInput(body);
  const name = options && options.name !== undefined ? String(options.name) : null;
  return nativeCall(() => checker.check(kindOf(kind), input, name, null)).findings;
}

/** Like `check`, but throws a `BodyguardError` when a finding reaches `options.failLevel`. */
function assertValid(kind, body, options) {
  const checker = checkerFor(options);
  const level = failLevelOf(options);
  const input = bodyInput(body);
  const name = options && options.name !== undefined ? String(options.name) : null;
  const result = nativeCall(() => checker.check(kindOf(kind), input, name, level));
  return fail(result, level, `${kind} body`);
}

/** Request fields that say nothing about the body or its flags (and the JWT is a secret). */
const TRANSPORT_FIELDS = new Set(["jwt", "volatile", "requestId"]);

function runRequest(request, options, level) {
  const checker = checkerFor(options);
  if (request === null || typeof request !== "object" || Array.isArray(request)) {
    throw typeError(`a request is an object ({controller, action, _id, body} or {method, url, body}), got ${describe(request)}`);
  }
  if (typeof request.method === "string" || typeof request.url === "string") {
    if (typeof request.method !== "string" || typeof request.url !== "string") {
      throw typeError("an HTTP request needs both `method` and `url` as strings");
    }
    let body = request.body === undefined ? "" : bodyInput(request.body);
    if (body instanceof Uint8Array) body = utf8(body);
    return nativeCall(() => checker.checkHttpRequest(request.method, request.url, body, level));
  }
  const fields = {};
  for (const [key, value] of Object.entries(request)) {
    if (!TRANSPORT_FIELDS.has(key) && value !== undefined) fields[key] = value;
  }
  const text = toJsonText(fields, "the request");
  if (text.length > MAX_BODY_BYTES) {
    throw typeError(`the request is ${text.length} characters long as JSON; bodies up to ${MAX_BODY_BYTES} bytes are checked`);
  }
  return nativeCall(() => checker.checkKuzzleRequest(text, level));
}

function utf8(bytes) {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (e) {
    throw typeError("the body is not valid UTF-8", e);
  }
}

/**
 * Check a request as `bodyguard request` does: a Kuzzle request object
 * (`{controller, action, _id, body, strict?, force?, refresh?}`) or an HTTP form
 * (`{method, url, body}`). Returns every finding.
 */
function checkRequest(request, options) {
  return runRequest(request, options, null).findings;
}

/** Like `checkRequest`, but throws a `BodyguardError` at or above `options.failLevel`. */
function assertRequest(request, options) {
  const level = failLevelOf(options);
  const result = runRequest(request, options, level);
  return fail(result, level, requestLabel(request));
}

function requestLabel(request) {
  if (typeof request.method === "string") return `${request.method} ${String(request.url).split("?")[0]}`;
  const id = typeof request._id === "string" ? ` ${request._id}` : "";
  return `${request.controller}:${request.action}${id}`;
}

// ---------------------------------------------------------------------------------------
// Kuzzle SDK

/** The Kuzzle actions whose body bodyguard checks (controller:action). */
const KUZZLE_ACTIONS = new Set([
  "security:createOrReplaceProfile",
  "security:createProfile",
  "security:updateProfile",
  "security:createOrReplaceRole",
  "security:createRole",
  "security:updateRole",
  "admin:loadSecurities",
]);

/**
 * A Kuzzle request: `security:createUser` bodies are checked as the `users` entry of a
 * securities file (their content and credentials shape: pointers start `/users/<_id>`),
 * the other actions as `bodyguard request` does.
 */
function assertKuzzle(request, options) {
  if (request.controller === "security" && request.action === "createUser") {
    const id = typeof request._id === "string" && request._id !== "" ? request._id : "<new user>";
    const body = request.body === undefined ? null : request.body;
    // The user's profiles exist on the server, not in this one-user body: unless the options
    // say otherwise, profile references are not checked here.
    const rules = { "kuzzle/securities-unknown-profile": "off", ...(options && options.rules) };
    return assertValid("kuzzle-securities", { users: { [id]: body } }, {
      ...options,
      rules,
      name: `<security:createUser ${id}>`,
    });
  }
  return assertRequest(request, options);
}

/**
 * Guard a `Kuzzle` instance (kuzzle-sdk) or its protocol: every request with a body bodyguard
 * knows is checked before the protocol sends it. At or above the fail level the request
 * rejects with a `BodyguardError` and nothing is sent. Returns `target`; `unguardKuzzle`
 * restores the protocol.
 */
function guardKuzzle(target, options) {
  const protocol = target && target.protocol && typeof target.protocol.query === "function" ? target.protocol : target;
  if (!protocol || typeof protocol.query !== "function") {
    throw typeError("guardKuzzle expects a Kuzzle instance or a protocol with a `query` method");
  }
  failLevelOf(options);
  checkerFor(options); // bad options fail here, not on the first request
  if (protocol.query.bodyguard) return target;
  const original = protocol.query;
  const guarded = function query(request, queryOptions) {
    const route = request ? `${request.controller}:${request.action}` : "";
    if (KUZZLE_ACTIONS.has(route) || route === "security:createUser") {
      try {
        assertKuzzle(request, options);
      } catch (e) {
        return Promise.reject(e);
      }
    }
    return original.call(this, request, queryOptions);
  };
  guarded.bodyguard = { original };
  protocol.query = guarded;
  return target;
}

/** Remove what `guardKuzzle` added. */
function unguardKuzzle(target) {
  const protocol = target && target.protocol && typeof target.protocol.query === "function" ? target.protocol : target;
  if (protocol && protocol.query && protocol.query.bodyguard) protocol.query = protocol.query.bodyguard.original;
  return target;
}

// ---------------------------------------------------------------------------------------
// Kuzzle application (server side)

/** `security:before<Action>` events and the controller:action they guard. */
const PIPE_EVENTS = [
  ["security:beforeCreateOrReplaceProfile", "security", "createOrReplaceProfile"],
  ["security:beforeCreateProfile", "security", "createProfile"],
  ["security:beforeUpdateProfile", "security", "updateProfile"],
  ["security:beforeCreateOrReplaceRole", "security", "createOrReplaceRole"],
  ["security:beforeCreateRole", "security", "createRole"],
  ["security:beforeUpdateRole", "security", "updateRole"],
  ["admin:beforeLoadSecurities", "admin", "loadSecurities"],
  ["security:beforeCreateUser", "security", "createUser"],
];

/** Request arguments that are boolean flags: over HTTP, a flag is on whenever it is present. */
const FLAGS = new Set(["strict", "force"]);

/** The request fields a pipe checks, from a `KuzzleRequest` (kuzzle) or a plain object. */
function requestFromKuzzle(request, controller, action) {
  const input = request && request.input ? request.input : request;
  const args = (input && input.args) || {};
  const out = { controller, action };
  if (args._id !== undefined || (input && input.resource && input.resource._id !== undefined)) {
    out._id = args._id !== undefined ? args._id : input.resource._id;
  }
  const http = Boolean(request && request.context && request.context.connection && request.context.connection.protocol === "http");
  for (const [key, value] of Object.entries(args)) {
    if (key === "_id" || key === "controller" || key === "action" || TRANSPORT_FIELDS.has(key)) continue;
    // Kuzzle reads `?strict` / `?force` over HTTP as "present": the value does not matter.
    out[key] = http && FLAGS.has(key) ? value !== undefined : value;
  }
  out.body = input ? input.body : undefined;
  return out;
}

/**
 * Register `security:before*` (and `admin:beforeLoadSecurities`) pipes on a Kuzzle `Backend`
 * (call before `app.start()`). A request with findings at or above the fail level is refused
 * with a `BadRequestError` (kuzzle's, when available) whose message is the report.
 */
function registerPipes(app, options) {
  if (!app || !app.pipe || typeof app.pipe.register !== "function") {
    throw typeError("registerPipes expects a Kuzzle Backend (with app.pipe.register)");
  }
  failLevelOf(options);
  checkerFor(options);
  const registered = [];
  for (const [event, controller, action] of PIPE_EVENTS) {
    const pipe = async (request) => {
      try {
        assertKuzzle(requestFromKuzzle(request, controller, action), options);
      } catch (e) {
        if (e instanceof BodyguardError) throw toKuzzleError(e, options);
        throw e;
      }
      return request;
    };
    app.pipe.register(event, pipe);
    registered.push(event);
  }
  return registered;
}

function toKuzzleError(error, options) {
  const ErrorClass = (options && options.errorClass) || kuzzleBadRequestError();
  if (!ErrorClass) return error;
  const e = new ErrorClass(error.message, "bodyguard.check.failed");
  e.findings = error.findings;
  return e;
}

let badRequestError;
function kuzzleBadRequestError() {
  if (badRequestError === undefined) {
    try {
      badRequestError = require("kuzzle/dist/lib/kerror/errors/badRequestError").BadRequestError;
    } catch {
      badRequestError = null;
    }
  }
  return badRequestError;
}

/**
 * Check what an application declares with `app.import` (or a plain
 * `{profiles?, roles?, users?}` object) before `app.start()`: roles and profiles as Kuzzle
 * loads them (without `force`), and the whole set as a securities body. Throws a
 * `BodyguardError` at or above the fail level; returns the findings otherwise.
 */
function checkImport(payload, options) {
  const securities = importedSecurities(payload);
  const body = {};
  for (const section of ["roles", "profiles", "users"]) {
    if (securities[section] && Object.keys(securities[section]).length > 0) body[section] = securities[section];
  }
  if (Object.keys(body).length === 0) return [];
  return assertValid("kuzzle-securities", body, { ...options, name: (options && options.name) || "<app.import>" });
}

/** `{roles, profiles, users}` from a `Backend` (its `import` stores them) or a plain object. */
function importedSecurities(payload) {
  if (!payload || typeof payload !== "object") {
    throw typeError(`checkImport expects a Kuzzle Backend or {profiles?, roles?, users?}, got ${describe(payload)}`);
  }
  const imported = payload._import || (payload.import && payload.import._import) || payload;
  return {
    roles: imported.roles,
    profiles: imported.profiles,
    users: imported.users,
  };
}

// ---------------------------------------------------------------------------------------
// Azure SDK (@azure/arm-customerinsights)

/** The Customer Insights routes whose PUT body bodyguard checks (ARM and hub forms). */
const CI_ROUTE =
  /\/providers\/Microsoft\.CustomerInsights\/hubs\/[^/?]+\/(profiles|connectors)\/[^/?]+(\?|$)|\/manage\/(model\/profiles|connectors)\/[^/?]+(\?|$)/i;

/**
 * A pipeline policy for `@azure/arm-customerinsights` (or any `@azure/core-rest-pipeline`
 * client): profile-type and connector PUT bodies are checked in their wire form
 * (`{properties: …}`) before they are sent. Add it with `client.pipeline.addPolicy(policy)`;
 * at or above the fail level the call rejects with a `BodyguardError` and nothing is sent.
 */
function bodyguardPolicy(options) {
  failLevelOf(options);
  checkerFor(options);
  return {
    name: "bodyguardPolicy",
    async sendRequest(request, next) {
      if (String(request.method).toUpperCase() === "PUT" && CI_ROUTE.test(request.url)) {
        let body = request.body;
        if (typeof body !== "string") {
          // Bodies are serialised by the client's serialization policy, which runs first; a
          // policy placed before it sees the model object.
          body = toJsonText(body === undefined ? null : body, "the request body");
        }
        assertRequest({ method: request.method, url: request.url, body }, options);
      }
      return next(request);
    },
  };
}

/** Add `bodyguardPolicy(options)` to a client's pipeline (after serialisation). */
function guardAzure(client, options) {
  if (!client || !client.pipeline || typeof client.pipeline.addPolicy !== "function") {
    throw typeError("guardAzure expects an Azure SDK client (with client.pipeline.addPolicy)");
  }
  client.pipeline.addPolicy(bodyguardPolicy(options), { afterPhase: "Serialize" });
  return client;
}

module.exports = {
  KINDS,
  SEVERITIES,
  MAX_BODY_BYTES,
  BodyguardError,
  check,
  assertValid,
  checkRequest,
  assertRequest,
  rules: () => native.rules(),
  schema: (kind) => JSON.parse(nativeCall(() => native.schema(kindOf(kind)))),
  guardKuzzle,
  unguardKuzzle,
  registerPipes,
  checkImport,
  bodyguardPolicy,
  guardAzure,
};
