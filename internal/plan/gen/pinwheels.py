#!/usr/bin/env python3
"""Writes pinwheels.txt: for the binary packages real projects pin most, the
range of releases that ship a wheel each CPython line can install, on amd64
and on arm64 (manylinux, glibc of the line's official image: bookworm 2.36 up
to 3.9, trixie 2.41 from 3.10).

usage: python3 gen/pinwheels.py pinwheels.txt   (run by `go generate ./internal/plan`)

It reads the package index's JSON simple API (PEP 691) at the index pip is
configured with (PIP_INDEX_URL or `pip config get global.index-url`, else
PyPI), one request per package. Pre-releases and yanked files are ignored.
"""
import json, os, re, ssl, subprocess, sys, datetime, urllib.request

from pip._vendor.packaging.version import Version, InvalidVersion

PACKAGES = """
aiohttp argon2-cffi-bindings asyncpg bcrypt bitarray blake3 brotli cffi
charset-normalizer ciso8601 confluent-kafka contourpy coverage cryptography
duckdb faiss-cpu frozenlist gevent google-crc32c greenlet grpcio grpcio-tools
h5py hiredis httptools jiter kiwisolver levenshtein llvmlite lxml lz4
markupsafe matplotlib mmh3 msgpack multidict netifaces numba numpy onnxruntime
opencv-python opencv-python-headless orjson pandas pendulum pillow polars
protobuf psutil psycopg-binary psycopg2-binary pyarrow pycares pycryptodome
pydantic-core pymongo pymssql pymupdf pynacl pyodbc pyproj pyyaml pyzmq
rapidfuzz regex rpds-py ruamel-yaml-clib safetensors scikit-learn scipy
sentencepiece setproctitle shapely simplejson sqlalchemy tiktoken tokenizers
tornado ujson uvloop watchfiles websockets wrapt xxhash yarl zope-interface
zstandard
""".split()

MINORS = range(6, 15)
ARCHES = {"amd64": "x86_64", "arm64": "aarch64"}


def index_url():
    url = os.environ.get("PIP_INDEX_URL")
    if not url:
        try:
            url = subprocess.run([sys.executable, "-m", "pip", "config", "get", "global.index-url"],
                                 capture_output=True, text=True).stdout.strip()
        except OSError:
            url = ""
    return (url or "https://pypi.org/simple").rstrip("/")


def files(name):
    req = urllib.request.Request(f"{index_url()}/{name}/", headers={"Accept": "application/vnd.pypi.simple.v1+json"})
    ctx = ssl.create_default_context(cafile=os.environ.get("PIP_CERT") or None)
    with urllib.request.urlopen(req, timeout=120, context=ctx) as r:
        return json.load(r)["files"]


def glibc(minor):
    return 36 if minor <= 9 else 41


def manylinux_ok(plat, mach, g):
    m = re.fullmatch(r"manylinux(1|2010|2014|_2_(\d+))_" + mach, plat)
    return bool(m) and (m.group(2) is None or int(m.group(2)) <= g)


def usable(tag, minor, mach):
    """The same rules as detect.WheelFits, for binary wheels."""
    pys, abis, plats = (p.split(".") for p in tag.split("-"))
    if not any(manylinux_ok(p, mach, glibc(minor)) for p in plats):
        return False
    for abi in abis:
        for py in pys:
            if abi == "none":
                return True
            if abi == "abi3" and re.fullmatch(r"cp3\d+", py) and int(py[3:]) <= minor:
                return True
            if abi == f"cp3{minor}" and py == f"cp3{minor}":
                return True
    return False


def ranges(name):
    by_version = {}
    for f in files(name):
        fn = f["filename"]
        if f.get("yanked") or not fn.endswith(".whl"):
            continue
        parts = fn[:-4].split("-")
        if len(parts) < 5:
            continue
        try:
            v = Version(parts[1])
        except InvalidVersion:
            continue
        if v.is_prerelease or v.is_devrelease:
            continue
        by_version.setdefault(v, []).append("-".join(parts[-3:]))
    # A release with a pure wheel installs anywhere. Packages that added one
    # (aiohttp, protobuf, SQLAlchemy) get a "pure" row from the release on
    # which every newer one has it; the line ranges are of binary releases.
    rows = []
    pure = sorted(v for v, tags in by_version.items() if any(t.endswith("-any") for t in tags))
    if pure and pure[-1] == max(by_version):
        tail = pure[-1]
        for v in sorted(by_version, reverse=True):
            if v not in pure:
                break
            tail = v
        rows.append(f"{name}\tpure\t{tail}..\t{tail}..")
    by_version = {v: tags for v, tags in by_version.items() if v not in pure}
    if not by_version:
        return rows
    newest = max(by_version) if not rows else None
    for minor in MINORS:
        cols = []
        for arch, mach in ARCHES.items():
            ok = sorted(v for v, tags in by_version.items() if any(usable(t, minor, mach) for t in tags))
            if not ok:
                cols.append("-")
            elif ok[-1] == newest:
                cols.append(f"{ok[0]}..")
            else:
                cols.append(f"{ok[0]}..{ok[-1]}")
        if cols != ["-", "-"]:
            rows.append(f"{name}\t3.{minor}\t{cols[0]}\t{cols[1]}")
    return rows


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "pinwheels.txt"
    lines = [
        "# Generated by gen/pinwheels.py from the package index on %s; do not edit." % datetime.date.today(),
        "# package<TAB>CPython line<TAB>amd64 releases<TAB>arm64 releases with a wheel that line installs:",
        "# FIRST..LAST (LAST empty: still shipping), - for none. Pre-releases and yanked files ignored.",
        "# A \"pure\" row: from FIRST on every release also ships a pure wheel, which installs anywhere.",
    ]
    for name in sorted(PACKAGES):
        lines += ranges(name)
        print(name, file=sys.stderr)
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
