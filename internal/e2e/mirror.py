#!/usr/bin/env python3
"""Fill a local PEP 503 mirror from the package index the host's pip reaches.

The build containers may not see the host's index settings (its pip.conf, CA
bundle, proxy), so the real packages a build needs are fetched here, by the
host's own `pip download`, into FOLDER/files, and FOLDER/simple/<name>/ pages
are written over every file there. The index host never appears in what is
written: links are relative, hashes are of the downloaded files.

What to fetch:
  --lock FILE       every package of a uv.lock, poetry.lock, pdm.lock,
                    pylock.toml or Pipfile.lock at its locked version (no dependencies: the
                    lock is the whole set), wheels for the target when there
                    are any, else the sdist;
  --require SPEC    a requirement with its dependencies, wheels for the
                    target only (a tool such as poetry==2.1.2);
  --requirements F  a pip requirements file, with dependencies.
Target: --python 3.13 (CPython, manylinux x86_64). Already present files are
not fetched again. Prints what it fetched. --print-locked LOCK prints the
lock's {name: version} (the harness checks a relock kept every version).
"""
import argparse
import hashlib
import html
import json
import os
import re
import subprocess
import sys
import tomllib

PLATFORMS = ["manylinux_2_17_x86_64", "manylinux2014_x86_64", "manylinux_2_28_x86_64",
             "manylinux_2_34_x86_64", "manylinux_2_5_x86_64", "manylinux1_x86_64", "linux_x86_64"]


def canon(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def log(*a):
    print("[mirror]", *a, file=sys.stderr, flush=True)


def locked(path):
    """(name, version) pairs of a lock file."""
    base = os.path.basename(path)
    if base == "Pipfile.lock":
        data = json.load(open(path))
        out = []
        for section, pkgs in data.items():
            if section == "_meta":
                continue
            for name, spec in pkgs.items():
                v = spec.get("version", "")
                if v.startswith("=="):
                    out.append((name, v[2:]))
        return out
    with open(path, "rb") as f:
        data = tomllib.load(f)
    out = []
    # pylock.toml (PEP 751) says [[packages]], the other locks [[package]].
    for p in data.get("package", []) + data.get("packages", []):
        src = p.get("source", {})
        # The project itself and path/git/url packages are not on an index:
        # uv writes source = { editable|virtual|directory|path|git|url = … },
        # Poetry [package.source] type = "directory"|"file"|"git"|"url".
        if isinstance(src, dict):
            if "type" in src:  # Poetry; "legacy" is an index (it has a url key too)
                if src["type"] in ("directory", "file", "git", "url"):
                    continue
            elif set(src) & {"editable", "virtual", "directory", "path", "git", "url"}:
                continue
        if "name" in p and "version" in p:
            out.append((p["name"], p["version"]))
    return out


def present(files_dir, linux_wheels_only=False):
    """(canonical name, version) of every file in the mirror, or of its
    wheels a Linux x86_64 target can install."""
    out = set()
    for f in os.listdir(files_dir):
        if f.endswith(".whl"):
            if linux_wheels_only and (not f.endswith(("-any.whl", "x86_64.whl")) or "macosx" in f):
                continue
            name, version = f.split("-")[:2]
        elif f.endswith((".tar.gz", ".zip")) and not linux_wheels_only:
            stem = f[:-7] if f.endswith(".tar.gz") else f[:-4]
            name, _, version = stem.rpartition("-")
        else:
            continue
        out.add((canon(name), version))
    return out


def pip(args):
    cmd = [sys.executable, "-m", "pip", "download", "--disable-pip-version-check", "-q"] + args
    r = subprocess.run(cmd, capture_output=True, text=True)
    return r.returncode, r.stdout + r.stderr


def target_args(py):
    args = ["--only-binary=:all:", "--python-version", py, "--implementation", "cp",
            "--abi", "cp" + py.replace(".", ""), "--abi", "abi3", "--abi", "none"]
    for p in PLATFORMS:
        args += ["--platform", p]
    return args + ["--platform", "any"]


def fetch_pinned(dest, name, version, py):
    spec = f"{name}=={version}"
    rc, out = pip(["--no-deps", "-d", dest, spec] + target_args(py))
    if rc == 0:
        return "wheel"
    # A pure wheel for another platform's marker (colorama, tzdata) is still
    # found above; what is left has no wheel for the target at all: the sdist,
    # which the build compiles as it would from PyPI.
    rc2, out2 = pip(["--no-deps", "--no-binary=:all:", "-d", dest, spec])
    if rc2 == 0:
        return "sdist"
    # Last resort: any wheel (a Windows-only package a universal lock names).
    rc3, out3 = pip(["--no-deps", "--only-binary=:all:", "-d", dest, spec, "--platform", "win_amd64",
                     "--python-version", py, "--implementation", "cp"])
    if rc3 == 0:
        return "wheel (other platform)"
    raise SystemExit(f"mirror: cannot fetch {spec}:\n{out.strip()[-800:]}\n{out2.strip()[-800:]}")


def write_index(root):
    files_dir = os.path.join(root, "files")
    by = {}
    for f in sorted(os.listdir(files_dir)):
        if f.endswith((".whl", ".tar.gz", ".zip")):
            name = f.split("-")[0]
            if f.endswith((".tar.gz", ".zip")):
                # sdist: name-version.tar.gz, the name may hold dashes.
                name = f.rsplit("-", 1)[0]
            by.setdefault(canon(name), []).append(f)
    simple = os.path.join(root, "simple")
    os.makedirs(simple, exist_ok=True)
    hashes_path = os.path.join(root, "hashes.json")
    hashes = json.load(open(hashes_path)) if os.path.exists(hashes_path) else {}
    for n, fs in by.items():
        d = os.path.join(simple, n)
        os.makedirs(d, exist_ok=True)
        links = []
        for f in fs:
            if f not in hashes:
                h = hashlib.sha256()
                with open(os.path.join(files_dir, f), "rb") as fh:
                    for chunk in iter(lambda: fh.read(1 << 20), b""):
                        h.update(chunk)
                hashes[f] = h.hexdigest()
            links.append(f'<a href="../../files/{html.escape(f)}#sha256={hashes[f]}">{html.escape(f)}</a><br>')
        with open(os.path.join(d, "index.html"), "w") as fh:
            fh.write("<!DOCTYPE html><html><body>\n" + "\n".join(links) + "\n</body></html>\n")
    with open(os.path.join(simple, "index.html"), "w") as fh:
        fh.write("<!DOCTYPE html><html><body>\n" +
                 "\n".join(f'<a href="{n}/">{n}</a><br>' for n in sorted(by)) + "\n</body></html>\n")
    json.dump(hashes, open(hashes_path, "w"), indent=0, sort_keys=True)
    return sum(len(v) for v in by.values())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--python", default="3.13")
    ap.add_argument("--lock", action="append", default=[])
    ap.add_argument("--require", action="append", default=[])
    ap.add_argument("--requirements", action="append", default=[])
    ap.add_argument("--print-locked", metavar="LOCK", help="print the lock's {name: version} as JSON and exit")
    a = ap.parse_args()
    if a.print_locked:
        json.dump({canon(n): v for n, v in locked(a.print_locked)}, sys.stdout, sort_keys=True)
        print()
        return
    files = os.path.join(a.out, "files")
    os.makedirs(files, exist_ok=True)
    fetched = []
    for lock in a.lock:
        wheels = []
        for name, version in locked(lock):
            if (canon(name), version) not in present(files):
                kind = fetch_pinned(files, name, version, a.python)
                fetched.append(f"{name}=={version} ({kind})")
            if (canon(name), version) in present(files, linux_wheels_only=True):
                wheels.append(f"{name}=={version}")
        # The pins' dependency closure for the target too: a lock may leave a
        # dependency out (a hand-written one), and a relock against the mirror
        # must find it. Pins without a wheel for the target are left out.
        if wheels:
            rc, out = pip(["-d", files, "--find-links", files] + wheels + target_args(a.python))
            if rc != 0:
                log(f"warning: the dependencies of {lock}'s pins did not resolve for the target:\n{out.strip()[-800:]}")
    for spec in a.require:
        # With dependencies; pip skips what is already in the folder.
        rc, out = pip(["-d", files, "--find-links", files, spec] + target_args(a.python))
        if rc != 0:
            raise SystemExit(f"mirror: cannot fetch {spec} with its dependencies:\n{out.strip()[-1500:]}")
        fetched.append(spec + " (with dependencies)")
    for req in a.requirements:
        rc, out = pip(["-d", files, "--find-links", files, "-r", req] + target_args(a.python))
        if rc != 0:
            raise SystemExit(f"mirror: cannot fetch -r {req}:\n{out.strip()[-1500:]}")
        fetched.append("-r " + req)
    n = write_index(a.out)
    for f in fetched:
        log("fetched", f)
    log(f"{n} files in {a.out}/simple")


if __name__ == "__main__":
    main()
