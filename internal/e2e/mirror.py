#!/usr/bin/env python3
"""Fill a local PEP 503 mirror from the package index the host's pip reaches.

The build containers may not see the host's index settings (its pip.conf, CA
bundle, proxy), so the real packages a build needs are fetched here, on the
host, into FOLDER/files, and FOLDER/simple/<name>/ pages are written over
every file there. The index host never appears in what is written: links are
relative, hashes are of the downloaded files.

What to fetch:
  --lock FILE       every package of a uv.lock, poetry.lock, pdm.lock,
                    pylock.toml or Pipfile.lock at its locked version (no
                    dependencies: the lock is the whole set);
  --require SPEC    a requirement with its dependencies (a tool such as
                    poetry==2.1.2);
  --requirements F  a pip requirements file, with dependencies.
Target: --python 3.13 (CPython, manylinux x86_64, the glibc of the stand-in
that runs that Python). For each package version the file is the one a pip
on the target would pick: the best wheel for the target's tags, else the
sdist (the build compiles it, as it would from PyPI). A package whose lock
marker is false on the target (pywin32, a backport for an older Python) is
fetched best-effort, any file, because a universal relock (uv, Poetry) still
reads its metadata; it never fails the fill. Files come from the URLs a lock
names (uv.lock, pylock.toml) or from the index's PEP 691 JSON pages, which
are cached under FOLDER/pages; index queries and downloads run in parallel
(--jobs). Dependencies of --require/--requirements are resolved for the
target by `uv pip compile` when --uv names a uv binary, else by pip.
Files already present are not fetched again. Prints a summary of what it
fetched; exits 1 naming every package it could not fetch for the target.
--print-locked LOCK prints the lock's {name: version} (the harness checks a
relock kept every version).
"""
import argparse
import concurrent.futures
import hashlib
import html
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.parse
import urllib.request

from pip._vendor.packaging import markers as pmarkers
from pip._vendor.packaging import tags as ptags
from pip._vendor.packaging import utils as putils

# glibc of the stand-in for each Python (Debian/Ubuntu release that ships it),
# the newest manylinux_2_X a wheel may need there.
GLIBC = {"3.8": 31, "3.9": 31, "3.10": 35, "3.11": 36, "3.12": 39, "3.13": 41, "3.14": 41}


def canon(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def log(*a):
    print("[mirror]", *a, file=sys.stderr, flush=True)


# --- the target -------------------------------------------------------------


class Target:
    """The tags and marker environment of CPython X.Y on x86_64 Linux."""

    def __init__(self, py):
        major, minor = (int(x) for x in py.split(".")[:2])
        self.py = py
        glibc = GLIBC.get(py, 36)
        plats = [f"manylinux_2_{m}_x86_64" for m in range(glibc, 4, -1)]
        plats += ["manylinux2014_x86_64", "manylinux2010_x86_64", "manylinux1_x86_64", "linux_x86_64"]
        order = list(ptags.cpython_tags((major, minor), platforms=plats))
        order += list(ptags.compatible_tags((major, minor), f"cp{major}{minor}", plats))
        self.rank = {}
        for i, t in enumerate(order):
            self.rank.setdefault(t, i)
        self.env = {
            "python_version": f"{major}.{minor}", "python_full_version": f"{major}.{minor}.0",
            "implementation_name": "cpython", "implementation_version": f"{major}.{minor}.0",
            "platform_python_implementation": "CPython", "os_name": "posix", "sys_platform": "linux",
            "platform_system": "Linux", "platform_machine": "x86_64", "platform_release": "",
            "platform_version": "", "extra": "",
        }

    def wheel_rank(self, filename):
        """Lower is better; None when the wheel does not install on the target."""
        try:
            _, _, _, tagset = putils.parse_wheel_filename(filename)
        except Exception:
            return None
        ranks = [self.rank[t] for t in tagset if t in self.rank]
        return min(ranks) if ranks else None

    def marker(self, text):
        """Whether a lock's marker holds on the target (True when absent or unreadable)."""
        if not text:
            return True
        try:
            return pmarkers.Marker(text).evaluate(dict(self.env))
        except Exception:
            return True


# --- reading locks -------------------------------------------------------------


class Pin:
    """One locked package: its version, whether the target needs it, and the
    files the lock names (filename -> url or None, hashes)."""

    def __init__(self, name, version, marker=None):
        self.name, self.version, self.marker = name, version, marker
        self.files = {}  # filename -> (url or None: ask the index, sha256 or "")
        self.needed = None  # set from the lock's graph (uv.lock); else from marker
        self.hashes = set()  # sha256 hex the lock accepts (empty: any)


def _hash(h):
    if isinstance(h, dict):
        h = h.get("sha256", "")
    h = h or ""
    return h.split(":", 1)[1] if ":" in h else h


def read_lock(path):
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
                    p = Pin(name, v[2:], spec.get("markers"))
                    p.hashes = {_hash(h) for h in spec.get("hashes", [])}
                    out.append(p)
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
        if "name" not in p or "version" not in p:
            continue
        if p.get("vcs") or p.get("directory") or p.get("archive"):  # pylock non-index sources
            continue
        m = p.get("marker") or p.get("markers")
        if isinstance(m, dict):  # Poetry 2: a marker per dependency group
            m = " or ".join(f"({v})" for v in m.values()) if m else None
        pin = Pin(p["name"], p["version"], m)
        # uv.lock: sdist/wheels with url and hash; pylock: sdist/wheels with
        # url and hashes; Poetry/pdm: files = [{file|url, hash}].
        dists = list(p.get("wheels", []))
        if isinstance(p.get("sdist"), dict):
            dists.append(p["sdist"])
        for d in dists:
            url = d.get("url")
            fn = d.get("name") or (os.path.basename(urllib.parse.urlparse(url).path) if url else d.get("filename"))
            h = _hash(d.get("hash") or d.get("hashes"))
            if fn:
                pin.files[urllib.parse.unquote(fn)] = (url, h)
            if h:
                pin.hashes.add(h)
        for d in p.get("files", []):
            fn = d.get("file") or (os.path.basename(urllib.parse.urlparse(d["url"]).path) if d.get("url") else None)
            h = _hash(d.get("hash"))
            if fn:
                pin.files[urllib.parse.unquote(fn)] = (None, h)
            if h:
                pin.hashes.add(h)
        out.append(pin)
    if "package" in data and any(isinstance(p.get("source"), dict) and "registry" in p["source"] for p in data["package"]):
        uv_reachable(data["package"], out)
    return out


def unlocked_deps(path):
    """Pins (version "": the newest release) for the names a poetry.lock's
    dependency tables give that no [[package]] of it locks: a lock trimmed by
    hand, or by an old Poetry, of a package under a marker (colorama for
    win32). Poetry's universal relock still reads their metadata, so the
    mirror needs a file of each; best-effort, like any pin not needed."""
    if os.path.basename(path) != "poetry.lock":
        return []
    with open(path, "rb") as f:
        data = tomllib.load(f)
    have = {canon(p.get("name", "")) for p in data.get("package", [])}
    out = {}
    for p in data.get("package", []):
        for name, spec in (p.get("dependencies") or {}).items():
            n = canon(name)
            if n in have or n in out or n == "python":
                continue
            marker = spec.get("markers") if isinstance(spec, dict) else None
            out[n] = Pin(name, "", marker)
    return list(out.values())


def newest_version(files, name):
    """The newest final release among an index page's files, or None."""
    vs = {file_version(fn, name) for fn in files}
    vs = [v for v in vs if v and re.fullmatch(r"\d+(\.\d+)*", v)]
    return max(vs, key=lambda v: [int(x) for x in v.split(".")]) if vs else None


def uv_reachable(packages, pins, target=None):
    """uv.lock has no per-package markers: its markers sit on dependency
    edges. Mark each pin needed when an edge chain from a workspace member
    (editable/virtual/directory source) reaches it with every marker true on
    the target; the target is bound later (Pin.reach holds the edges)."""
    by_name = {}
    for p in packages:
        by_name.setdefault(canon(p["name"]), []).append(p)
    roots = [p for p in packages if isinstance(p.get("source"), dict) and set(p["source"]) & {"editable", "virtual", "directory"}]
    if not roots:
        return

    def edges(p):
        deps = list(p.get("dependencies", []))
        for table in ("optional-dependencies", "dev-dependencies"):
            for lst in p.get(table, {}).values():
                deps += lst
        return deps

    graph = {}
    for p in packages:
        k = (canon(p["name"]), p.get("version"))
        out = []
        for d in edges(p):
            cands = by_name.get(canon(d["name"]), [])
            if d.get("version"):
                cands = [c for c in cands if c.get("version") == d["version"]]
            for c in cands:
                out.append(((canon(c["name"]), c.get("version")), d.get("marker")))
        graph[k] = out
    roots = [(canon(p["name"]), p.get("version")) for p in roots]
    for pin in pins:
        pin.reach = (graph, roots)


def reachable(pin, target):
    """Whether the lock's graph reaches pin on the target (None: no graph)."""
    graph, roots = getattr(pin, "reach", (None, None))
    if graph is None:
        return None
    cache = _reach_cache.get(id(graph))
    if cache is None:
        seen, todo = set(roots), list(roots)
        while todo:
            k = todo.pop()
            for dst, marker in graph.get(k, []):
                if dst not in seen and target.marker(marker):
                    seen.add(dst)
                    todo.append(dst)
        cache = _reach_cache[id(graph)] = seen
    return (canon(pin.name), pin.version) in cache


_reach_cache = {}


# --- the index -------------------------------------------------------------------


def index_url():
    """The index the host's pip uses (its config and environment), never written anywhere."""
    if os.environ.get("PIP_INDEX_URL"):
        return os.environ["PIP_INDEX_URL"].rstrip("/")
    r = subprocess.run([sys.executable, "-m", "pip", "config", "list"], capture_output=True, text=True)
    for line in r.stdout.splitlines():
        k, _, v = line.partition("=")
        if k.endswith(".index-url"):
            return v.strip().strip("'\"").rstrip("/")
    return "https://pypi.org/simple"


class Index:
    def __init__(self, out, url):
        self.url = url
        self.pages = os.path.join(out, "pages")
        os.makedirs(self.pages, exist_ok=True)

    def files(self, name, version):
        """{filename: (url, sha256, yanked)} the index has for name==version;
        the page is cached and fetched again only when it lacks the version."""
        cache = os.path.join(self.pages, canon(name) + ".json")
        for attempt in range(2):
            page = None
            if attempt == 0 and os.path.exists(cache):
                page = json.load(open(cache))
            if page is not None and any(len(v) < 4 for v in page.values()):
                page = None  # cached before pages kept Requires-Python
            if page is None:
                page = self._fetch(name)
                fd, tmp = tempfile.mkstemp(dir=self.pages, prefix=".page-")
                with os.fdopen(fd, "w") as f:
                    json.dump(page, f)
                os.replace(tmp, cache)
            if version is None:
                return page
            got = {fn: v for fn, v in page.items() if file_version(fn, name) == version}
            if got or attempt == 1:
                return got
        return {}

    def _fetch(self, name):
        url = f"{self.url}/{canon(name)}/"
        req = urllib.request.Request(url, headers={"Accept": "application/vnd.pypi.simple.v1+json, text/html;q=0.1"})
        for attempt in range(4):
            try:
                with urllib.request.urlopen(req, timeout=60) as r:
                    body, ctype, base = r.read(), r.headers.get("Content-Type", ""), r.geturl()
                break
            except urllib.error.HTTPError as e:
                if e.code == 404:
                    return {}
                err = e
            except Exception as e:  # a transient network error: retry
                err = e
            time.sleep(1 + attempt)
        else:
            raise RuntimeError(f"index page for {name}: {err}")
        out = {}
        if "json" in ctype:
            for f in json.loads(body)["files"]:
                out[f["filename"]] = (urllib.parse.urljoin(base, f["url"]), f.get("hashes", {}).get("sha256", ""), bool(f.get("yanked")),
                                      f.get("requires-python") or "")
        else:
            for href, text in re.findall(r'<a[^>]*href="([^"]+)"[^>]*>([^<]+)</a>', body.decode()):
                u = urllib.parse.urljoin(base, html.unescape(href))
                h = re.search(r"sha256=([0-9a-f]{64})", u)
                out[html.unescape(text).strip()] = (u.split("#")[0], h.group(1) if h else "", False, "")
        return out


def file_version(filename, name=None):
    """The version in a wheel or sdist file name (None when it is neither)."""
    if filename.endswith(".whl"):
        try:
            return str(putils.parse_wheel_filename(filename)[1])
        except Exception:
            return filename.split("-")[1]
    for ext in (".tar.gz", ".zip", ".tar.bz2", ".tgz"):
        if filename.endswith(ext):
            stem = filename[: -len(ext)]
            if name:
                # name-version, the name spelled any way (dashes, dots, case).
                pat = re.compile(r"^" + re.sub(r"[-_.]+", "[-_.]+", re.escape(canon(name)).replace("\\-", "-")) + r"-(.+)$", re.I)
                m = pat.match(stem)
                if m:
                    return m.group(1)
            return stem.rpartition("-")[2]
    return None


def same_version(a, b):
    try:
        from pip._vendor.packaging.version import Version

        return Version(a) == Version(b)
    except Exception:
        return a == b


# --- choosing and fetching --------------------------------------------------------


def pin_needed(pin, target):
    r = reachable(pin, target)
    return target.marker(pin.marker) if r is None else r


def choose(pin, files, target, needed):
    """(filename, url, sha256, kind) of the file to mirror for pin, or None.
    files: {filename: (url, sha256, yanked)}."""
    cands = {fn: v for fn, v in files.items() if not pin.hashes or v[1] in pin.hashes or not v[1]}
    if pin.hashes and not cands:
        cands = files  # the lock's hashes name none of them: the index's files are still the version
    wheels = sorted((target.wheel_rank(fn), fn) for fn in cands if fn.endswith(".whl") and target.wheel_rank(fn) is not None)
    if wheels:
        fn = wheels[0][1]
        return fn, cands[fn][0], cands[fn][1], "wheel"
    sdists = [fn for fn in cands if not fn.endswith((".whl", ".exe", ".egg", ".msi"))]
    if sdists:
        fn = sorted(sdists, key=lambda f: (not f.endswith(".tar.gz"), f))[0]
        return fn, cands[fn][0], cands[fn][1], "sdist" if needed else "sdist (not needed on the target)"
    anyw = sorted(fn for fn in cands if fn.endswith(".whl"))
    if anyw and not needed:
        # Only for resolvers' metadata: prefer a pure wheel, else any.
        fn = sorted(anyw, key=lambda f: (not f.endswith("-none-any.whl"), f))[0]
        return fn, cands[fn][0], cands[fn][1], "wheel for another platform (not needed on the target)"
    if anyw:
        return None, None, None, "no wheel for cp%s and no sdist (wheels: %s)" % (target.py.replace(".", ""), ", ".join(anyw[:3]))
    return None, None, None, "no file on the index"


def download(url, sha, dest):
    if os.path.exists(dest):
        return
    err = None
    for attempt in range(4):
        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(dest), prefix=".part-")
        try:
            h = hashlib.sha256()
            with urllib.request.urlopen(url, timeout=300) as r, os.fdopen(fd, "wb") as f:
                fd = None
                while True:
                    chunk = r.read(1 << 20)
                    if not chunk:
                        break
                    h.update(chunk)
                    f.write(chunk)
            if sha and h.hexdigest() != sha:
                raise RuntimeError(f"sha256 {h.hexdigest()} is not {sha}")
            os.replace(tmp, dest)
            return
        except Exception as e:
            err = e
            time.sleep(1 + attempt)
        finally:
            if fd is not None:
                os.close(fd)
            if os.path.exists(tmp):
                os.unlink(tmp)
    raise RuntimeError(f"cannot download {os.path.basename(dest)} from {urllib.parse.urlparse(url).netloc}: {err}")


def by_name(files_dir):
    """canonical name -> [wheel (filename, version)] already in the mirror."""
    out = {}
    for fn in os.listdir(files_dir):
        if fn.endswith(".whl"):
            try:
                n, v, _, _ = putils.parse_wheel_filename(fn)
            except Exception:
                continue
            out.setdefault(canon(str(n)), []).append((fn, str(v)))
    return out


def fill_pins(out, pins, target, index, jobs):
    """Fetch every pin (in parallel); returns (report, failures)."""
    files_dir = os.path.join(out, "files")
    have = set(os.listdir(files_dir))
    wheels = by_name(files_dir)
    report, failures = {}, []

    def one(pin):
        if pin.version == "":  # an unlocked name: its newest release
            try:
                pin.version = newest_version(index.files(pin.name, None), pin.name)
            except Exception as e:
                return pin, "skipped", str(e)
            if pin.version is None:
                return pin, "skipped", "no release on the index"
        needed = pin_needed(pin, target)
        # A wheel already here that installs on the target: nothing to ask.
        for fn, v in wheels.get(canon(pin.name), []):
            if same_version(v, pin.version) and target.wheel_rank(fn) is not None and (not pin.files or fn in pin.files):
                return pin, "present", None
        if pin.files and all(u for u, _ in pin.files.values()):
            # uv.lock and pylock.toml name each file's URL and hash.
            files = {fn: (u, h, False) for fn, (u, h) in pin.files.items()}
        else:
            try:
                files = index.files(pin.name, pin.version)
            except Exception as e:
                return pin, ("failed" if needed else "skipped"), str(e)
            if pin.files:
                files = {fn: v for fn, v in files.items() if fn in pin.files} or files
        fn, url, sha, kind = choose(pin, files, target, needed)
        if fn is None:
            return pin, ("failed" if needed else "skipped"), kind
        if fn in have:
            return pin, "present", None
        try:
            download(url, sha, os.path.join(files_dir, fn))
        except Exception as e:
            return pin, ("failed" if needed else "skipped"), str(e)
        return pin, kind, fn

    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as ex:
        for pin, kind, detail in ex.map(one, pins):
            key = f"{pin.name}=={pin.version}"
            if kind == "failed":
                failures.append(f"cannot fetch {key}: {detail}")
            elif kind == "skipped":
                report[key] = f"skipped (not needed on the target): {detail}"
            elif kind != "present":
                report[key] = f"{kind}: {detail}"
    return report, failures


def sdist_build_requires(out, pins, target):
    """Requirement texts (one per sdist) of the [build-system] requires of
    every sdist in the mirror that is the target's file for a needed pin."""
    files_dir = os.path.join(out, "files")
    wheels = by_name(files_dir)
    texts = []
    for pin in pins:
        if not pin_needed(pin, target):
            continue
        if any(same_version(v, pin.version) and target.wheel_rank(fn) is not None for fn, v in wheels.get(canon(pin.name), [])):
            continue
        for fn in os.listdir(files_dir):
            if fn.endswith((".tar.gz", ".zip")) and canon(fn).startswith(canon(pin.name) + "-") and file_version(fn, pin.name) == pin.version:
                reqs = read_build_requires(os.path.join(files_dir, fn))
                if reqs:
                    texts.append("".join(r + "\n" for r in reqs))
                break
    return texts


def read_build_requires(path):
    """[build-system] requires of an sdist's top-level pyproject.toml ([] without one)."""
    import tarfile
    import zipfile
    try:
        if path.endswith(".zip"):
            with zipfile.ZipFile(path) as z:
                names = [n for n in z.namelist() if n.count("/") == 1 and n.endswith("/pyproject.toml")]
                data = z.read(names[0]) if names else None
        else:
            with tarfile.open(path) as t:
                m = next((m for m in t.getmembers() if m.name.count("/") == 1 and m.name.endswith("/pyproject.toml")), None)
                data = t.extractfile(m).read() if m else None
        if not data:
            return []
        return list(tomllib.loads(data.decode()).get("build-system", {}).get("requires", []))
    except Exception:
        return []


# --- resolving requirements ---------------------------------------------------------


def resolve(reqs_text, target, uv):
    """Pins (name, version) of a requirements text's closure on the target."""
    with tempfile.NamedTemporaryFile("w", suffix=".in", delete=False) as f:
        f.write(reqs_text)
        src = f.name
    try:
        if uv:
            cmd = [uv, "pip", "compile", "--quiet", "--no-progress", "--no-header", "--no-annotate",
                   "--python-version", target.py, "--python-platform", f"x86_64-manylinux_2_{min(GLIBC.get(target.py, 36), 40)}",
                   "--index-url", index_url(), src]
            env = dict(os.environ, UV_PYTHON_DOWNLOADS="never", UV_NO_CONFIG="1")
            # A requirements file's relative entries (`.`, `-e ./pkg`) are
            # relative to its folder (pip's reading), uv takes the cwd's.
            m = re.match(r"-r (\S+)\n$", reqs_text)
            cwd = os.path.dirname(m.group(1)) if m else None
            r = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=cwd)
            if r.returncode != 0:
                raise RuntimeError(f"uv pip compile: {r.stderr.strip()[-1500:]}")
            pins = []
            for line in r.stdout.splitlines():
                line = line.split("#")[0].strip().rstrip("\\").strip()
                m = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;]+)", line)
                if m:
                    pins.append(Pin(m.group(1), m.group(2)))
            return pins
        # pip: a resolution for the target, wheels only (pip's limit with --platform).
        with tempfile.TemporaryDirectory() as d:
            r = subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--disable-pip-version-check",
                                "-d", d, "-r", src] + pip_target_args(target.py), capture_output=True, text=True)
            if r.returncode != 0:
                raise RuntimeError(f"pip download: {(r.stdout + r.stderr).strip()[-1500:]}")
            pins = []
            for fn in os.listdir(d):
                pins.append(Pin(fn.split("-")[0], file_version(fn)))
            return pins
    finally:
        os.unlink(src)


def pip_target_args(py):
    args = ["--only-binary=:all:", "--python-version", py, "--implementation", "cp",
            "--abi", "cp" + py.replace(".", ""), "--abi", "abi3", "--abi", "none"]
    for m in range(GLIBC.get(py, 36), 4, -1):
        args += ["--platform", f"manylinux_2_{m}_x86_64"]
    return args + ["--platform", "manylinux2014_x86_64", "--platform", "linux_x86_64", "--platform", "any"]


# --- the index pages ----------------------------------------------------------------


def write_page(path, text):
    """Replace a page atomically: a build reading it mid-write sees the old
    or the new page, and a mirror copied with hard links (cp -al) never has
    its pages rewritten through the other copy's inode."""
    try:
        if open(path).read() == text:
            return
    except OSError:
        pass
    tmp = f"{path}.{os.getpid()}.tmp"
    with open(tmp, "w") as fh:
        fh.write(text)
    os.replace(tmp, path)


_pages = {}


def requires_python(root, name, filename):
    """The index's Requires-Python for a file (PEP 503 data-requires-python:
    pip then skips, rather than fails on, a release the stand-in's Python
    cannot run, as with krddevdays-backend's 3.8 and rich 15)."""
    if name not in _pages:
        try:
            _pages[name] = json.load(open(os.path.join(root, "pages", name + ".json")))
        except Exception:
            _pages[name] = {}
    v = _pages[name].get(filename)
    return v[3] if v and len(v) > 3 else ""


def write_index(root):
    files_dir = os.path.join(root, "files")
    by = {}
    for f in sorted(os.listdir(files_dir)):
        if f.endswith((".whl", ".tar.gz", ".zip", ".tar.bz2")):
            if f.endswith(".whl"):
                name = f.split("-")[0]
            else:
                # sdist: name-version.tar.gz, the name may hold dashes.
                name = (f[:-7] if f.endswith(".tar.gz") else f[:-8] if f.endswith(".tar.bz2") else f[:-4]).rsplit("-", 1)[0]
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
            rp = requires_python(root, n, f)
            attr = f' data-requires-python="{html.escape(rp)}"' if rp else ""
            links.append(f'<a href="../../files/{html.escape(f)}#sha256={hashes[f]}"{attr}>{html.escape(f)}</a><br>')
        write_page(os.path.join(d, "index.html"), "<!DOCTYPE html><html><body>\n" + "\n".join(links) + "\n</body></html>\n")
    write_page(os.path.join(simple, "index.html"), "<!DOCTYPE html><html><body>\n" +
               "\n".join(f'<a href="{n}/">{n}</a><br>' for n in sorted(by)) + "\n</body></html>\n")
    tmp = hashes_path + f".{os.getpid()}.tmp"
    json.dump(hashes, open(tmp, "w"), indent=0, sort_keys=True)
    os.replace(tmp, hashes_path)
    return sum(len(v) for v in by.values())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--python", default="3.13")
    ap.add_argument("--lock", action="append", default=[])
    ap.add_argument("--require", action="append", default=[])
    ap.add_argument("--requirements", action="append", default=[])
    ap.add_argument("--uv", default=os.environ.get("PYDOCK_MIRROR_UV", ""), help="a uv binary to resolve --require/--requirements")
    ap.add_argument("--jobs", type=int, default=8)
    ap.add_argument("--print-locked", metavar="LOCK", help="print the lock's {name: version} as JSON and exit")
    ap.add_argument("--refresh-pages", action="store_true", help="fetch the index page of every name in the mirror again (Requires-Python), rewrite the pages and exit")
    ap.add_argument("--plan", metavar="PAGES", help="with --lock: print what would be fetched from cached index pages (a folder of <name>.json) and exit; no network")
    a = ap.parse_args()
    if a.print_locked:
        json.dump({canon(p.name): p.version for p in read_lock(a.print_locked)}, sys.stdout, sort_keys=True)
        print()
        return
    target = Target(a.python)
    if a.plan:
        plan(a, target)
        return
    t0 = time.time()
    files = os.path.join(a.out, "files")
    if a.refresh_pages:
        index = Index(a.out, index_url())
        names = sorted({canon(f.split("-")[0] if f.endswith(".whl") else f.rsplit("-", 1)[0]) for f in os.listdir(files) if not f.startswith(".")})

        def refresh(n):
            cache = os.path.join(index.pages, n + ".json")
            if os.path.exists(cache):
                page = json.load(open(cache))
                if all(len(v) > 3 for v in page.values()):
                    return
            try:
                page = index._fetch(n)
            except Exception as e:
                log(f"warning: {n}: {e}")
                return
            fd, tmp = tempfile.mkstemp(dir=index.pages, prefix=".page-")
            with os.fdopen(fd, "w") as f:
                json.dump(page, f)
            os.replace(tmp, cache)

        with concurrent.futures.ThreadPoolExecutor(max_workers=a.jobs) as ex:
            list(ex.map(refresh, names))
        log(f"{len(names)} pages refreshed, {write_index(a.out)} files in {a.out}/simple; {time.time() - t0:.1f}s")
        return
    os.makedirs(files, exist_ok=True)
    index = Index(a.out, index_url())
    pins = []
    loose = []
    for lock in a.lock:
        pins += read_lock(lock)
        loose += unlocked_deps(lock)
    failures, sources = [], []
    # Requirements are resolved for the target first (in parallel), then
    # fetched with the lock's pins in one parallel pass.
    texts = [spec + "\n" for spec in a.require] + [f"-r {os.path.abspath(r)}\n" for r in a.requirements]
    with concurrent.futures.ThreadPoolExecutor(max_workers=min(4, a.jobs)) as ex:
        futs = {ex.submit(resolve, t, target, a.uv): t.strip() for t in texts}
        for fu in concurrent.futures.as_completed(futs):
            try:
                got = fu.result()
                pins += got
                sources.append(f"{futs[fu]} ({len(got)} pins)")
            except Exception as e:
                failures.append(f"cannot resolve {futs[fu]}: {e}")
    seen, unique = set(), []
    for p in pins:
        k = (canon(p.name), p.version)
        if k not in seen:
            seen.add(k)
            unique.append(p)
    report, fetch_failures = fill_pins(a.out, unique, target, index, a.jobs)
    failures += fetch_failures
    if loose:
        more, more_failures = fill_pins(a.out, [p for p in loose if canon(p.name) not in {k[0] for k in seen}], target, index, a.jobs)
        report.update({k + " (named by the lock, not locked)": v for k, v in more.items()})
        for f in more_failures:
            log("warning:", f)
    # An sdist the target needs is built in the image with its own build
    # requirements from the mirror (thinc's cython<3): fetch them too.
    if a.uv:
        build = sdist_build_requires(a.out, unique, target)
        if build:
            texts = sorted(set(build))
            with concurrent.futures.ThreadPoolExecutor(max_workers=min(4, a.jobs)) as ex:
                futs = {ex.submit(resolve, t, target, a.uv): t for t in texts}
                bpins = []
                for fu in concurrent.futures.as_completed(futs):
                    try:
                        bpins += fu.result()
                    except Exception as e:
                        log(f"warning: cannot resolve the build requirements {futs[fu].strip()!r}: {str(e)[-300:]}")
            more, more_failures = fill_pins(a.out, [p for p in bpins if (canon(p.name), p.version) not in seen], target, index, a.jobs)
            report.update({k + " (to build an sdist)": v for k, v in more.items()})
            for f in more_failures:
                log("warning:", f)
    if a.lock and a.uv and not fetch_failures:
        # The pins' dependency closure on the target too: a hand-written lock
        # may leave a dependency out, and a relock against the mirror must
        # find it. A lock with forks (two versions of one package) has no
        # single closure: then this is skipped with a note.
        needed = "".join(f"{p.name}=={p.version}\n" for p in unique if pin_needed(p, target))
        try:
            extra = [p for p in resolve(needed, target, a.uv) if (canon(p.name), p.version) not in seen]
        except Exception as e:
            extra = []
            log(f"note: the lock's pins have no single closure on the target ({str(e).splitlines()[-1][:200]})")
        if extra:
            more, more_failures = fill_pins(a.out, extra, target, index, a.jobs)
            report.update({k + " (closure)": v for k, v in more.items()})
            for f in more_failures:
                log("warning:", f)
    n = write_index(a.out)
    for k in sorted(report):
        log("fetched", k, report[k])
    sdists = sorted(k for k, v in report.items() if v.startswith("sdist:"))
    log(f"{len(unique)} pins for cp{target.py.replace('.', '')}: {len(report)} fetched"
        f" ({len(sdists)} sdists the build compiles{': ' + ', '.join(sdists) if sdists else ''}),"
        f" {len(failures)} failed; {n} files in {a.out}/simple; {time.time() - t0:.1f}s")
    for s in sources:
        log("resolved", s)
    if failures:
        raise SystemExit("mirror: " + "\nmirror: ".join(sorted(failures)))


def plan(a, target):
    """Offline: what fill would choose, from index pages in a folder."""
    for lock in a.lock:
        for pin in read_lock(lock) + unlocked_deps(lock):
            page = os.path.join(a.plan, canon(pin.name) + ".json")
            files = {}
            if os.path.exists(page):
                whole = json.load(open(page))
                if pin.version == "":
                    pin.version = newest_version(whole, pin.name)
                files = {fn: tuple(v) for fn, v in whole.items() if file_version(fn, pin.name) == pin.version}
            if pin.files:
                named = {fn: v for fn, v in files.items() if fn in pin.files}
                files = named or files or {fn: (u or "", h, False) for fn, (u, h) in pin.files.items()}
            needed = pin_needed(pin, target)
            fn, _, _, kind = choose(pin, files, target, needed)
            print(f"{canon(pin.name)}=={pin.version} {'needed' if needed else 'not-needed'} {fn or '-'} {kind}")


if __name__ == "__main__":
    main()
