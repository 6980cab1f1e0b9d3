#!/usr/bin/env python3
"""Does bodyguard's time grow linearly with its input, whatever the input's shape?

For each shape below, writes a body of about SIZE, 2×SIZE and 4×SIZE bytes, runs
`bodyguard check` on it once per size, and prints the seconds, the peak memory (max RSS,
read with os.wait4) and the ratio of each time to the time of the half-size input: about 2
is linear, about 4 quadratic. Installs nothing; needs python3 and a bodyguard binary.

Usage: benches/scaling.py [--size KB] [--steps N] [--bin PATH] [--only SHAPE ...] [--format F]
                          [--all-findings]
  --size KB   size of the smallest input (default 1024 = 1 MB)
  --steps N   how many doublings (default 2: 1, 2 and 4 MB)
  --bin PATH  the binary (default target/release/bodyguard, else target/debug/bodyguard)
  --only S    run only these shapes (repeatable)
  --format F  render every shape in this output format (`human`, `json`, ...) instead of
              the shape's own
  --all-findings  keep every finding (`--max-findings-per-rule 0`): the shapes with a
              finding every few bytes then time the passes over hundreds of thousands of
              findings, which the default limit of 1000 per rule leaves out

Every shape is one pathological input users or attackers can write; each once took
quadratic time somewhere in bodyguard.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def repeat(unit, size, sep=","):
    """`unit(i)` for i = 0, 1, ... joined by `sep` until the text is about `size` bytes."""
    parts, total, i = [], 0, 0
    while total < size:
        p = unit(i)
        parts.append(p)
        total += len(p) + len(sep)
        i += 1
    return sep.join(parts)


def securities_bad_right(size):
    """A securities file, one role a line, each with one right that is not a boolean."""
    roles = repeat(
        lambda i: f'"r{i}": {{"controllers": {{"document": {{"actions": {{"get": "yes"}}}}}}}}',
        size,
        ",\n  ",
    )
    return "kuzzle-securities", [], "{\n \"roles\": {\n  " + roles + "\n }\n}\n"


def securities_valid(size):
    """A valid securities file of many small roles, one a line: no finding, but the access
    model of every role (what it grants) is built."""
    roles = repeat(
        lambda i: f'"r{i}": {{"controllers": {{"document": {{"actions": {{"get": true}}}}}}}}',
        size,
        ",\n  ",
    )
    return "kuzzle-securities", [], "{\n \"roles\": {\n  " + roles + "\n }\n}\n"


def minified_findings(size):
    """The same on one line: every finding's column is counted on one huge line."""
    roles = repeat(
        lambda i: f'"r{i}":{{"controllers":{{"document":{{"actions":{{"get":"yes"}}}}}}}}', size
    )
    return "kuzzle-securities", ["--format", "json"], '{"roles":{' + roles + "}}"


def restricted_to(size):
    """One policy with many restrictions, every other one a duplicate, some narrowed."""

    def unit(i):
        k = i // 2
        if i % 10 == 9:
            return f'{{"index": "i{k}", "collections": ["c{k}", "c{k}"]}}'
        return f'{{"index": "i{k}"}}'

    body = '{"policies": [{"roleId": "r", "restrictedTo": [\n' + repeat(unit, size, ",\n") + "\n]}]}\n"
    return "kuzzle-profile", [], body


def ci_keys(size):
    """A CI profile type whose root has many keys, some spelled twice in two cases."""

    def unit(i):
        return f'"Key{i}": {i}' if i % 100 else f'"Key{i}": {i}, "key{i}": {i}'

    body = '{"typeName": "Contact", ' + repeat(unit, size) + "}"
    return "ci-profile-type", [], body


def role_controllers(size):
    """A role of many controllers, each with no action: a schema error in every entry of a
    wide map that is not a securities section."""
    controllers = repeat(lambda i: f'"c{i}": {{"actions": {{}}}}', size, ",\n  ")
    return "kuzzle-role", [], '{"controllers": {\n  ' + controllers + "\n}}\n"


def policy_errors(size):
    """A profile of many policies whose role id is a number: a schema error in every
    element of a wide array."""
    policies = repeat(lambda i: f'{{"roleId": {i}}}', size, ",\n  ")
    return "kuzzle-profile", [], '{"policies": [\n  ' + policies + "\n]}\n"


def many_profiles(size):
    """A securities file of many small restricted profiles, one a line: the access model
    of every profile is built."""
    profiles = repeat(
        lambda i: f'"p{i}": {{"policies": [{{"roleId": "r{i % 50}", "restrictedTo": '
        f'[{{"index": "i{i % 7}", "collections": ["c{i % 3}"]}}]}}]}}',
        size,
        ",\n  ",
    )
    return "kuzzle-securities", [], '{\n "profiles": {\n  ' + profiles + "\n }\n}\n"


def fix_duplicates(size):
    """Many duplicate collections, each with a safe fix: `--diff` applies them all."""
    cols = repeat(lambda i: '"c"', size)
    body = '{"policies": [{"roleId": "r", "restrictedTo": [{"index": "i", "collections": [' + cols + "]}]}]}\n"
    return "kuzzle-profile", ["--diff"], body


def duplicate_collections(size):
    """The same, checked: one restriction listing millions of collections."""
    kind, _, body = fix_duplicates(size)
    return kind, [], body


def fix_key_case(size):
    """A CI profile type of many fields whose keys are spelled in PascalCase: `--diff`
    renames two keys in each."""
    fields = repeat(lambda i: f'{{"FieldName": "f{i}", "FieldType": "String"}}', size)
    return "ci-profile-type", ["--diff"], '{"typeName": "Contact", "fields": [' + fields + "]}\n"


def json_duplicate_keys(size):
    """Many duplicate keys on one line, rendered as JSON."""
    keys = repeat(lambda i: '"a": 1', size)
    return "kuzzle-role", ["--format", "json"], '{"controllers": {}, "x": {' + keys + "}}"


def many_users(size):
    """A securities file of many users with profiles that do not exist (cross-reference)."""
    users = repeat(
        lambda i: f'"u{i}": {{"content": {{"profileIds": ["p{i}"]}}, "credentials": {{}}}}',
        size,
        ",\n  ",
    )
    return "kuzzle-securities", [], '{\n "users": {\n  ' + users + "\n }\n}\n"


def deep_nesting(size):
    """Deep arrays inside a role (the tree and its findings, not the stack)."""
    depth = 1000
    one = "[" * depth + "1" + "]" * depth
    items = repeat(lambda i: one, size)
    return "kuzzle-role", [], '{"controllers": {}, "x": [' + items + "]}"


def long_strings(size):
    """A profile with a few very long strings."""
    s = "x" * (size // 4)
    body = json.dumps({"policies": [{"roleId": s}, {"roleId": s + "y"}], "tags": [s, s]})
    return "kuzzle-profile", [], body


SHAPES = {
    "securities-bad-right": securities_bad_right,
    "securities-valid": securities_valid,
    "minified-findings": minified_findings,
    "restricted-to": restricted_to,
    "ci-keys": ci_keys,
    "role-controllers": role_controllers,
    "policy-errors": policy_errors,
    "many-profiles": many_profiles,
    "fix-duplicates": fix_duplicates,
    "duplicate-collections": duplicate_collections,
    "fix-key-case": fix_key_case,
    "json-duplicate-keys": json_duplicate_keys,
    "many-users": many_users,
    "deep-nesting": deep_nesting,
    "long-strings": long_strings,
}


def run(binary, kind, extra, path):
    """Seconds and peak RSS (bytes) of one `bodyguard check`."""
    start = time.perf_counter()
    # posix_spawn (vfork): the child's peak RSS does not count this Python process's pages.
    devnull = [(os.POSIX_SPAWN_OPEN, fd, os.devnull, os.O_WRONLY, 0) for fd in (1, 2)]
    pid = os.posix_spawn(
        binary,
        [binary, "check", "--no-config", "--kind", kind, *extra, path],
        os.environ,
        file_actions=devnull,
    )
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"{path}: bodyguard exited {code}")
    return seconds, usage.ru_maxrss * 1024


def generate(name, size, path):
    """Write one input; print its kind, extra arguments and length."""
    kind, extra, text = SHAPES[name](size)
    with open(path, "w") as f:
        f.write(text)
    print(kind, *extra, len(text))


def main():
    if len(sys.argv) == 5 and sys.argv[1] == "--generate":
        generate(sys.argv[2], int(sys.argv[3]), sys.argv[4])
        return
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=int, default=1024, help="smallest input, KB")
    ap.add_argument("--steps", type=int, default=2)
    ap.add_argument("--bin")
    ap.add_argument("--only", action="append", choices=sorted(SHAPES))
    ap.add_argument("--format")
    ap.add_argument("--all-findings", action="store_true")
    args = ap.parse_args()
    binary = args.bin
    if binary is None:
        for profile in ("release", "debug"):
            candidate = os.path.join(ROOT, "target", profile, "bodyguard")
            if os.path.exists(candidate):
                binary = candidate
                break
    if binary is None or not os.path.exists(binary):
        sys.exit("no bodyguard binary: cargo build --release, or pass --bin")
    print(f"binary: {binary}")
    print(f"{'shape':<22} {'size':>8} {'seconds':>9} {'ratio':>6} {'RSS MB':>8} {'÷ size':>7}")
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.only or SHAPES:
            previous = None
            for step in range(args.steps + 1):
                size = args.size * 1024 << step
                path = os.path.join(tmp, f"{name}.json")
                # Generated in a child process: this one stays small, since a child's peak RSS
                # includes the pages of the process it was spawned from.
                out = subprocess.run(
                    [sys.executable, __file__, "--generate", name, str(size), path],
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout.split()
                kind, extra, length = out[0], out[1:-1], int(out[-1])
                if args.format:
                    if "--format" in extra:
                        del extra[extra.index("--format") : extra.index("--format") + 2]
                    extra += ["--format", args.format]
                if args.all_findings:
                    extra += ["--max-findings-per-rule", "0"]
                seconds, rss = run(binary, kind, extra, path)
                ratio = seconds / previous if previous else None
                if ratio is not None:
                    worst = max(worst, ratio)
                previous = seconds
                print(
                    f"{name:<22} {length / 1e6:>6.2f}MB {seconds:>9.3f} "
                    f"{(f'{ratio:.2f}' if ratio else ''):>6} {rss / 1e6:>8.1f} {rss / length:>6.1f}x",
                    flush=True,
                )
    print(f"worst ratio: {worst:.2f} (2 = linear, 4 = quadratic)")


if __name__ == "__main__":
    main()
