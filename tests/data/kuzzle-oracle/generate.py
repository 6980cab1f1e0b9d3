#!/usr/bin/env python3
"""Bodies per family of mistake, for roles (security:createOrReplaceRole) and securities
files (admin:loadSecurities), in the request form `bodyguard request --json-request` reads.

    python3 generate.py > cases.json

`record.py` runs them through Kuzzle 2.56.0's own code and writes `verdicts.json`, which
tests/kuzzle_oracle.rs compares with bodyguard's verdicts. Deterministic: no randomness."""
import json

LONG = "x" * 513
cases = []


def role(family, label, body, _id="r", **args):
    req = {"controller": "security", "action": "createOrReplaceRole", "_id": _id, "body": body}
    req.update(args)
    cases.append({"label": f"role/{family}/{label}", "family": family, "request": req})


def load(family, label, body, **args):
    req = {"controller": "admin", "action": "loadSecurities", "body": body}
    req.update(args)
    cases.append({"label": f"securities/{family}/{label}", "family": family, "request": req})


def ctl(actions, name="document"):
    return {"controllers": {name: {"actions": actions}}}


NONE = object()


def user(content=None, credentials=NONE, kuid="u1"):
    u = {"content": {"profileIds": ["default"]} if content is None else content}
    if credentials is not NONE:
        u["credentials"] = credentials
    return {"users": {kuid: u}}


# Roles ---------------------------------------------------------------------------------
role("valid", "get", ctl({"get": True, "search": False}))
role("valid", "star", ctl({"*": True}, "*"))
role("valid", "several", {"controllers": {"document": {"actions": {"get": True}},
                                          "auth": {"actions": {"login": True}},
                                          "ms": {"actions": {"get": True}}}})
role("valid", "memory-storage", ctl({"get": True}, "memoryStorage"))
role("valid", "core-plugin", ctl({"reset": True, "getResetPasswordToken": False},
                                 "kuzzle-plugin-auth-passport-local/password"))
role("valid", "core-plugin-star", ctl({"*": True}, "kuzzle-plugin-auth-passport-local/password"))
role("structure", "no-controllers", {})
role("structure", "misspelled-controllers", {"controler": {"document": {"actions": {"get": True}}}})
for name, v in [("null", None), ("array", []), ("string", "x"), ("number", 1)]:
    role("structure", f"controllers-{name}", {"controllers": v})
    role("structure", f"controller-{name}", {"controllers": {"document": v}})
    role("structure", f"actions-{name}", {"controllers": {"document": {"actions": v}}})
role("structure", "controller-true", {"controllers": {"document": True}})
role("structure", "no-actions", {"controllers": {"document": {}}})
role("structure", "empty-controllers", {"controllers": {}})
role("structure", "empty-actions", ctl({}))
for name, v in [("string", "true"), ("number", 1), ("null", None), ("object", {}), ("array", [])]:
    role("action-value", name, ctl({"get": v}))
role("action-value", "false", ctl({"get": False}))
role("unknown-action", "typo", ctl({"serach": True}))
role("unknown-action", "typo-false", ctl({"serach": False}))
role("unknown-action", "case", ctl({"Get": True}))
role("unknown-action", "typo-forced", ctl({"serach": True}), force=True)
role("unknown-action", "star-controller", ctl({"get": True}, "*"))
role("unknown-action", "ms-typo", ctl({"gett": True}, "ms"))
role("unknown-controller", "first", {"controllers": {"nosuch": {"actions": {"get": True}},
                                                     "document": {"actions": {"get": True}}}})
role("unknown-controller", "typo", ctl({"get": True}, "documents"))
role("unknown-controller", "plugin", ctl({"get": True}, "foo/bar"))
role("unknown-controller", "plugin-forced", ctl({"get": True}, "foo/bar"), force=True)
role("core-plugin", "unknown-action", ctl({"nope": True}, "kuzzle-plugin-auth-passport-local/password"))
role("core-plugin", "typo", ctl({"rest": True}, "kuzzle-plugin-auth-passport-local/password"))
role("core-plugin", "unknown-action-forced", ctl({"nope": True}, "kuzzle-plugin-auth-passport-local/password"), force=True)
role("core-plugin", "wrong-plugin-name", ctl({"reset": True}, "kuzzle-plugin-auth-passport-local/passwords"))
role("extra-key", "description", {"description": "readers", **ctl({"get": True})})
role("extra-key", "restricted-to", {"restrictedTo": [{"index": "idx"}], **ctl({"get": True})})
role("extra-key", "beside-actions", {"controllers": {"document": {"actions": {"get": True}, "note": "x"}}})
role("extra-key", "method", {"validateDefinition": True, **ctl({"get": True})})
role("anonymous", "no-login", ctl({"get": True}), _id="anonymous")
role("anonymous", "login", {"controllers": {"auth": {"actions": {"login": True}}}}, _id="anonymous")
role("anonymous", "star", ctl({"*": True}, "*"), _id="anonymous")
role("anonymous", "star-login", {"controllers": {"*": {"actions": {"login": True}}}}, _id="anonymous")
role("anonymous", "other-case", ctl({"get": True}), _id="Anonymous")
role("id", "search", ctl({"get": True}), _id="_search")
role("id", "empty", ctl({"get": True}), _id="")
role("id", "leading-underscore", ctl({"get": True}), _id="_readers")
role("id", "too-long", ctl({"get": True}), _id=LONG)

# Securities files ----------------------------------------------------------------------
READER = ctl({"get": True})
load("valid", "all", {"roles": {"reader": READER},
                      "profiles": {"readers": {"policies": [{"roleId": "reader"}]}},
                      "users": {"jdoe": {"content": {"profileIds": ["readers"]},
                                         "credentials": {"local": {"username": "jdoe", "password": "s3cret-pw"}}}}})
load("valid", "empty", {})
load("valid", "empty-sections", {"roles": {}, "profiles": {}, "users": {}})
for name, v in [("null", None), ("false", False), ("zero", 0), ("empty-string", ""),
                ("true", True), ("array", []), ("string", "x"), ("number", 1)]:
    for section in ["roles", "profiles", "users"]:
        load("section", f"{section}-{name}", {section: v})
for name, v in [("true", True), ("array", []), ("string", "x"), ("null", None)]:
    load("entry", f"role-{name}", {"roles": {"r": v}})
    load("entry", f"profile-{name}", {"profiles": {"p": v}})
    load("entry", f"user-{name}", {"users": {"u": v}})
for name, key in [("search", "_search"), ("empty", ""), ("underscore", "_x"), ("too-long", LONG)]:
    load("id", f"role-{name}", {"roles": {key: READER}})
    load("id", f"profile-{name}", {"profiles": {key: {"policies": [{"roleId": "default"}]}}})
    load("id", f"user-{name}", {"users": {key: {"content": {"profileIds": ["default"]}}}})
load("unknown-key", "role", {"role": {"reader": READER}})
load("unknown-key", "extra", {"roles": {"reader": READER}, "comment": "x"})
load("role", "unknown-action", {"roles": {"reader": ctl({"serach": True})}})
load("role", "plugin", {"roles": {"reader": ctl({"get": True}, "foo/bar")}})
load("role", "plugin-forced", {"roles": {"reader": ctl({"get": True}, "foo/bar")}}, force=True)
load("role", "core-plugin-unknown-action", {"roles": {"reader": ctl({"nope": True}, "kuzzle-plugin-auth-passport-local/password")}})
load("role", "core-plugin-unknown-action-forced", {"roles": {"reader": ctl({"nope": True}, "kuzzle-plugin-auth-passport-local/password")}}, force=True)
load("role", "no-controllers", {"roles": {"reader": {}}})
load("role", "anonymous-no-login", {"roles": {"anonymous": READER}})
P = lambda *policies: {"policies": list(policies)}
load("profile", "no-policies", {"profiles": {"p": {}}})
load("profile", "empty-policies", {"profiles": {"p": P()}})
load("profile", "policies-object", {"profiles": {"p": {"policies": {"roleId": "default"}}}})
load("profile", "policy-string", {"profiles": {"p": {"policies": ["default"]}}})
load("profile", "no-role-id", {"profiles": {"p": P({"restrictedTo": [{"index": "idx"}]})}})
load("profile", "role-id-number", {"profiles": {"p": P({"roleId": 1})}})
load("profile", "unknown-role", {"profiles": {"p": P({"roleId": "nosuch"})}})
load("profile", "role-case", {"profiles": {"p": P({"roleId": "Default"})}})
load("profile", "role-of-file", {"roles": {"reader": READER}, "profiles": {"p": P({"roleId": "reader"})}})
load("profile", "policy-unknown-key", {"profiles": {"p": P({"roleId": "default", "restrictTo": []})}})
load("profile", "restricted-to-empty", {"profiles": {"p": P({"roleId": "default", "restrictedTo": []})}})
load("profile", "restricted-to-object", {"profiles": {"p": P({"roleId": "default", "restrictedTo": {"index": "idx"}})}})
load("profile", "restriction-no-index", {"profiles": {"p": P({"roleId": "default", "restrictedTo": [{"collections": ["c1"]}]})}})
load("profile", "restriction-null-index", {"profiles": {"p": P({"roleId": "default", "restrictedTo": [{"index": None}]})}})
load("profile", "restriction-number-index", {"profiles": {"p": P({"roleId": "default", "restrictedTo": [{"index": 5}]})}})
load("profile", "restriction-collections-string", {"profiles": {"p": P({"roleId": "default", "restrictedTo": [{"index": "idx", "collections": "c1"}]})}})
load("profile", "restriction-unknown-key", {"profiles": {"p": P({"roleId": "default", "restrictedTo": [{"index": "idx", "collection": ["c1"]}]})}})
load("profile", "rate-limit-string", {"profiles": {"p": {**P({"roleId": "default"}), "rateLimit": "10"}}})
load("profile", "rate-limit-negative", {"profiles": {"p": {**P({"roleId": "default"}), "rateLimit": -1}}})
load("profile", "anonymous-without-anonymous-role", {"profiles": {"anonymous": P({"roleId": "default"})}})
load("user", "no-content", {"users": {"u1": {"profileIds": ["default"]}}})
load("user", "no-profile-ids", user(content={}))
load("user", "profile-ids-string", user(content={"profileIds": "default"}))
load("user", "profile-ids-empty", user(content={"profileIds": []}))
load("user", "unknown-profile", user(content={"profileIds": ["nosuch"]}))
load("user", "profile-of-file", {"profiles": {"p": P({"roleId": "default"})}, **user(content={"profileIds": ["p"]})})
load("user", "anonymous-without-anonymous-profile", user(kuid="-1"))
load("user", "anonymous-with-anonymous-profile", user(content={"profileIds": ["anonymous"]}, kuid="-1"))
for name, v in [("empty", {}), ("null", None), ("array", []), ("string", "x")]:
    load("credentials", f"credentials-{name}", user(credentials=v))
LOCAL = lambda **kw: {"local": {"username": "u1", "password": "s3cret-pw", **kw}}
load("credentials", "local-valid", user(credentials=LOCAL()))
for name, v in [("number", 12), ("true", True), ("object", {"a": 1}), ("null", None), ("empty", ""),
                ("false", False), ("zero", 0)]:
    load("credentials", f"username-{name}", user(credentials=LOCAL(username=v)))
for name, v in [("number", 12), ("true", True), ("null", None), ("empty", "")]:
    load("credentials", f"password-{name}", user(credentials=LOCAL(password=v)))
load("credentials", "no-username", user(credentials={"local": {"password": "s3cret-pw"}}))
load("credentials", "no-password", user(credentials={"local": {"username": "u1"}}))
load("credentials", "kuid", user(credentials=LOCAL(kuid="u1")))
for name, key in [("capitalised", "Local"), ("trailing-space", "local "), ("typo", "lcoal"),
                  ("upper", "LOCAL"), ("other-plugin", "ldap")]:
    load("strategy", name, user(credentials={key: {"username": "u1", "password": "s3cret-pw"}}))
load("force", "not-asked", {"roles": {"reader": ctl({"get": True}, "foo/bar")}})
load("force", "asked", {"roles": {"reader": ctl({"get": True}, "foo/bar")}}, force=True)

json.dump(cases, __import__("sys").stdout, indent=1)
print()
