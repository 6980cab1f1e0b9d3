#!/usr/bin/env python3
"""Generate the benchmark workloads into benches/data/ (git-ignored).

    python3 benches/generate.py            # everything (about 75 MB)
    python3 benches/generate.py --small    # only the 10,000 small bodies
    python3 benches/generate.py --dense    # only the finding-dense 10,000 bodies

Output (deterministic: a fixed seed, no clock, no environment):

    benches/data/many/<kind>/<kind>-NNNN.json   2,000 bodies of ~1 KB per kind, 10,000 in all;
                                                about 10 % of them break the schema
    benches/data/dense/<kind>/<kind>-NNNN.json  10,000 bodies of the same shapes, 30 % of them
                                                broken (--dense): 6,297 files with findings and
                                                12,353 findings with every rule on, to time the
                                                output formats
    benches/data/big/securities-10mb.json       one Kuzzle securities file of ~10 MB
    benches/data/big/securities-50mb.json       one Kuzzle securities file of ~50 MB

The shapes follow fixtures/valid/: real Kuzzle controller and action names, Customer Insights
hub and ARM forms, every connector type bodyguard models.
"""

import json
import os
import random
import sys

SEED = 20261124
PER_KIND = 2000
FAIL_RATE = 0.10

ACTIONS = {
    "auth": ["checkToken", "getCurrentUser", "getMyRights", "login", "logout", "refreshToken"],
    "document": ["count", "create", "createOrReplace", "delete", "exists", "get", "mGet",
                 "replace", "search", "update"],
    "collection": ["exists", "getMapping", "list", "refresh"],
    "index": ["exists", "list"],
    "realtime": ["count", "list", "publish", "subscribe", "unsubscribe"],
    "server": ["info", "now"],
}
WORDS = ["shop", "blog", "crm", "billing", "audit", "orders", "products", "clients", "invoices",
         "events", "metrics", "logs", "stock", "reviews", "carts", "payments", "users", "teams"]
EDM = ["Edm.String", "Edm.Int32", "Edm.Int64", "Edm.Boolean", "Edm.DateTimeOffset", "Edm.Double",
       "Edm.Guid", "Edm.Decimal"]


def name(rng, n=2):
    return "-".join(rng.choice(WORDS) for _ in range(n)) + "-" + str(rng.randrange(1000))


def restriction(rng):
    r = {"index": rng.choice(WORDS)}
    if rng.random() < 0.7:
        r["collections"] = sorted(set(rng.choice(WORDS) for _ in range(rng.randint(1, 4))))
    return r


def policy(rng):
    p = {"roleId": name(rng, 1)}
    if rng.random() < 0.6:
        p["restrictedTo"] = [restriction(rng) for _ in range(rng.randint(1, 3))]
    return p


def profile(rng, target=900):
    body = {"rateLimit": rng.choice([0, 10, 50, 100]), "tags": [rng.choice(WORDS)], "policies": []}
    while len(json.dumps(body, indent=2)) < target:
        body["policies"].append(policy(rng))
    return body


def role(rng, target=900):
    controllers = {}
    names = list(ACTIONS)
    rng.shuffle(names)
    for c in names:
        if len(json.dumps(controllers, indent=2)) > target:
            break
        acts = rng.sample(ACTIONS[c], rng.randint(1, len(ACTIONS[c])))
        controllers[c] = {"actions": {a: rng.random() < 0.8 for a in sorted(acts)}}
    return {"tags": [rng.choice(WORDS)], "controllers": controllers}


def user(rng, profiles):
    return {
        "content": {"profileIds": rng.sample(profiles, min(len(profiles), rng.randint(1, 2))),
                    "name": name(rng, 1)},
    }


def securities(rng, target=900):
    body = {"roles": {}, "profiles": {}, "users": {}}
    i = 0
    while len(json.dumps(body, indent=2)) < target:
        body["roles"][f"role-{i}"] = role(rng, 120)
        body["profiles"][f"profile-{i}"] = profile(rng, 150)
        body["users"][f"user-{i}"] = user(rng, list(body["profiles"]))
        i += 1
    return body


def profile_type(rng, target=900):
    fields = []
    d = {
        "apiEntitySetName": rng.choice(["Contacts", "Customers", "Accounts", "Leads"]),
        "displayName": {"en-us": "Contact", "fr-fr": "Contact"},
        "description": {"en-us": "A person we talk to"},
        "strongIds": [{"strongIdName": "PrimaryKey", "keyPropertyNames": ["Id"]}],
        "fields": fields,
    }
    fields.append({"fieldName": "Id", "fieldType": "Edm.String", "maxLength": 64})
    n = 0
    while len(json.dumps(d, indent=2)) < target:
        f = {"fieldName": f"Field{n}", "fieldType": rng.choice(EDM)}
        if f["fieldType"] == "Edm.String" and rng.random() < 0.5:
            f["maxLength"] = rng.choice([32, 64, 256])
        if rng.random() < 0.2:
            f["isArray"] = True
            f["arrayValueSeparator"] = ";"
        fields.append(f)
        n += 1
    return {"properties": d} if rng.random() < 0.3 else d


def connector(rng, target=700):
    t = rng.choice(["AzureBlob", "CRM", "Outbound", "SocialEngagement"])
    c = {"connectorName": name(rng, 1).replace("-", ""), "connectorType": t,
         "displayName": "Connector " + name(rng, 1), "description": "Nightly import"}
    if t == "AzureBlob":
        c["connectorProperties"] = {
            "connectionKeyVaultUrl": f"https://contoso-vault.vault.azure.net/secrets/{name(rng, 1)}"}
    elif t == "CRM":
        ents = []
        c["connectorProperties"] = {"organizationId": "6b2d1c9e-1f0a-4f55-9a53-3c3e6f1a2b7d",
                                    "organizationUrl": "https://contoso.crm.dynamics.com/",
                                    "entities": ents}
        while len(json.dumps(c, indent=2)) < target:
            ln = rng.choice(["contact", "account", "lead", "opportunity"])
            ents.append({"logicalName": ln, "displayName": ln.title(), "isProfile": rng.random() < 0.5})
    elif t == "Outbound":
        lst = []
        c["connectorProperties"] = {"entityList": lst}
        while len(json.dumps(c, indent=2)) < target:
            lst.append({"entityName": name(rng, 1), "entityType": rng.choice(["Profile", "Kpi"]),
                        "fieldNames": ",".join(rng.sample(["Id", "Email", "Name", "Score", "City"], 3))})
    else:
        topics = []
        c["connectorProperties"] = {"mseEndPointUrl": "https://mse.example.com/api",
                                    "searchTopics": topics, "typeSuffix": "Social"}
        while len(json.dumps(c, indent=2)) < target:
            topics.append({"id": str(rng.randrange(10 ** 6)), "name": name(rng, 2)})
    return {"properties": c} if rng.random() < 0.3 else c


def break_body(kind, body, rng):
    """Introduce one realistic mistake (a typo, a wrong type, a missing key)."""
    choice = rng.randrange(3)
    if kind == "kuzzle-profile":
        p = rng.choice(body["policies"])
        if choice == 0:
            p["restrictedto"] = p.pop("restrictedTo", [{"index": "shop"}])
        elif choice == 1:
            body["rateLimit"] = "10"
        else:
            p.pop("roleId")
    elif kind == "kuzzle-role":
        c = rng.choice(list(body["controllers"].values()))
        a = rng.choice(list(c["actions"]))
        if choice == 0:
            c["actions"][a] = "yes"
        elif choice == 1:
            c["action"] = c.pop("actions")
        else:
            body["tags"] = "editors"
    elif kind == "kuzzle-securities":
        u = rng.choice(list(body["users"].values()))
        if choice == 0:
            u["content"]["profileIds"] = u["content"]["profileIds"][0]
        elif choice == 1:
            u["contents"] = u.pop("content")
        else:
            p = rng.choice(list(body["profiles"].values()))
            p["policies"][0]["roleID"] = p["policies"][0].pop("roleId")
    elif kind == "ci-profile-type":
        d = body.get("properties", body)
        f = rng.choice(d["fields"])
        if choice == 0:
            f["isArray"] = "yes"
        elif choice == 1:
            f["maxLenght"] = 64
        else:
            f["maxLength"] = "64"
    else:
        c = body.get("properties", body)
        if choice == 0:
            c["isInternal"] = "no"
        elif choice == 1:
            c["displayNmae"] = c.pop("displayName")
        else:
            c["connectorType"] = "Blob"
    return body


GENERATORS = {
    "kuzzle-profile": profile,
    "kuzzle-role": role,
    "kuzzle-securities": securities,
    "ci-profile-type": profile_type,
    "ci-connector": connector,
}


def write(path, body):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(json.dumps(body, indent=2) + "\n")


def many(root, name="many", fail_rate=FAIL_RATE):
    broken = 0
    for kind, gen in GENERATORS.items():
        rng = random.Random(f"{SEED}-{kind}")
        for i in range(PER_KIND):
            body = gen(rng)
            if rng.random() < fail_rate:
                body = break_body(kind, body, rng)
                broken += 1
            write(os.path.join(root, name, kind, f"{kind}-{i:04}.json"), body)
    return broken


def big_securities(path, megabytes, seed):
    """A securities file of about `megabytes` MB, streamed to keep the generator's memory small."""
    rng = random.Random(seed)
    target = megabytes * 1_000_000
    os.makedirs(os.path.dirname(path), exist_ok=True)
    per_section = target // 3
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("{\n")
        for s, section in enumerate(["roles", "profiles", "users"]):
            f.write(f'  "{section}": {{\n')
            written, i = 0, 0
            profiles = [f"profile-{j}" for j in range(100)]
            while written < per_section:
                if section == "roles":
                    v = role(rng, 300)
                elif section == "profiles":
                    v = profile(rng, 300)
                else:
                    v = user(rng, profiles)
                # one mistake every 20,000 entries, as in a real export with a few bad hands
                if i % 20000 == 19999:
                    v = break_body({"roles": "kuzzle-role", "profiles": "kuzzle-profile",
                                    "users": "kuzzle-securities"}[section],
                                   v if section != "users" else {"users": {"u": v}, "profiles": {"p": {"policies": [{"roleId": "x"}]}}},
                                   rng)
                    if section == "users":
                        v = v["users"]["u"]
                text = json.dumps(v, indent=2).replace("\n", "\n    ")
                chunk = f'{"," if i else ""}\n    "{section[:-1]}-{i}": {text}'
                f.write(chunk)
                written += len(chunk)
                i += 1
            f.write("\n  }" + (",\n" if s < 2 else "\n"))
        f.write("}\n")


def main():
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
    if "--dense" in sys.argv:
        broken = many(root, "dense", 0.30)
        print(f"{root}/dense: {PER_KIND * len(GENERATORS)} bodies, {broken} with a mistake")
        return
    broken = many(root)
    print(f"{root}/many: {PER_KIND * len(GENERATORS)} bodies, {broken} with a mistake")
    if "--small" not in sys.argv:
        for mb in (10, 50):
            path = os.path.join(root, "big", f"securities-{mb}mb.json")
            big_securities(path, mb, f"{SEED}-big-{mb}")
            print(f"{path}: {os.path.getsize(path)} bytes")


if __name__ == "__main__":
    main()
