#!/usr/bin/env python3
"""Repack Debian python3-* .debs into wheels and write a PEP 503 index.

The offline backend has no PyPI. Debian ships the real packages, installed
into /usr/lib/python3/dist-packages; a wheel is a zip of those folders plus a
dist-info with METADATA, WHEEL and RECORD. Traps handled here:
  - .egg-info (PKG-INFO + requires.txt) is converted to METADATA;
  - Debian sometimes drops Requires-Dist (apt carries the dependencies): the
    missing ones are added back from the .deb's Depends: python3-* list;
  - requirements on distributions Debian does not package (it patches them
    out) are dropped, or pip could never resolve the package;
  - compiled packages get a cpXY-cpXY-linux_<arch> tag, pure ones py3-none-any.
Only the files of each .deb are used (dpkg-deb -x of that .deb alone, which
is exactly what `dpkg -L` would list), so the host's Python is not touched.
"""
import argparse
import base64
import email.parser
import glob
import hashlib
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

SITE = ("usr/lib/python3/dist-packages",)
# .debs without metadata whose files belong to another distribution's wheel.
EXTRA_PAYLOAD = {"cffi": "python3-cffi-backend", "setuptools": "python3-pkg-resources"}
SKIP_META = {"RECORD", "INSTALLER", "REQUESTED", "direct_url.json", "PKG-INFO", "requires.txt",
             "SOURCES.txt", "dependency_links.txt", "not-zip-safe", "zip-safe", "METADATA", "WHEEL",
             "installed-files.txt"}


def canon(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def log(*a):
    print(*a, flush=True)


def deb_field(deb, field):
    return subprocess.run(["dpkg-deb", "-f", deb, field], check=True, capture_output=True,
                          text=True).stdout.strip()


def parse_headers(text):
    msg = email.parser.HeaderParser().parsestr(text)
    return msg


def egg_requires_to_lines(path):
    """requires.txt sections -> Requires-Dist values with markers."""
    out, section = [], None
    if not os.path.exists(path):
        return out
    for raw in open(path, encoding="utf-8"):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
            continue
        marker = ""
        if section:
            extra, _, m = section.partition(":")
            parts = []
            if m:
                parts.append("(" + m + ")")
            if extra:
                parts.append('extra == "%s"' % extra)
            marker = " and ".join(parts)
        if ";" in line:
            line, own = [s.strip() for s in line.split(";", 1)]
            marker = "(" + own + ")" + (" and " + marker if marker else "")
        out.append(line + ("; " + marker if marker else ""))
    return out


def req_name(value):
    m = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", value)
    return canon(m.group(1)) if m else None


MARKER_ENV = {}
Marker = None


def unconditional_on_linux(value):
    """True when a Requires-Dist applies to a plain install (no extras) on
    Linux with the target Python. Uses Debian's own `packaging` (extracted
    from python3-packaging) so the host needs nothing beyond python3."""
    if ";" not in value:
        return True
    if Marker is not None:
        try:
            return Marker(value.split(";", 1)[1]).evaluate(dict(MARKER_ENV, extra=""))
        except Exception:
            pass
    marker = value.split(";", 1)[1]
    if "extra" in marker:
        return False
    if re.search(r"win32|Windows|darwin|Darwin|cygwin|emscripten|PyPy|pypy", marker):
        return False
    m = re.search(r'python_version\s*<\s*"?(\d+)\.(\d+)', marker)
    if m and (int(m.group(1)), int(m.group(2))) <= (3, 9):
        return False
    return True


class Dist:
    pass


def load_deb(deb, work):
    pkg = deb_field(deb, "Package")
    root = os.path.join(work, pkg)
    subprocess.run(["dpkg-deb", "-x", deb, root], check=True)
    site = os.path.join(root, SITE[0])
    dists = []
    if not os.path.isdir(site):
        return pkg, root, dists
    metas = sorted(glob.glob(os.path.join(site, "*.dist-info")) + glob.glob(os.path.join(site, "*.egg-info")))
    for meta in metas:
        d = Dist()
        d.pkg, d.root, d.site, d.meta = pkg, root, site, meta
        d.depends = deb_field(deb, "Depends")
        d.egg = meta.endswith(".egg-info")
        if d.egg:
            pkginfo = os.path.join(meta, "PKG-INFO") if os.path.isdir(meta) else meta
            text = open(pkginfo, encoding="utf-8", errors="replace").read()
        else:
            text = open(os.path.join(meta, "METADATA"), encoding="utf-8", errors="replace").read()
        d.headers = parse_headers(text)
        d.name = d.headers["Name"]
        d.version = d.headers["Version"]
        d.text = text
        d.requires = list(d.headers.get_all("Requires-Dist") or [])
        if d.egg and os.path.isdir(meta):
            d.requires += egg_requires_to_lines(os.path.join(meta, "requires.txt"))
        dists.append(d)
    return pkg, root, dists


def payload_files(d, all_dists_in_deb):
    """Files of the wheel: the deb's dist-packages content for this dist."""
    metas = {os.path.basename(x.meta) for x in all_dists_in_deb}
    tops = None
    if len(all_dists_in_deb) > 1:
        tl = os.path.join(d.meta, "top_level.txt")
        if os.path.isdir(d.meta) and os.path.exists(tl):
            tops = {l.strip() for l in open(tl) if l.strip()}
    files = []
    for entry in sorted(os.listdir(d.site)):
        if entry in metas:
            continue
        if tops is not None:
            stem = entry.split(".")[0]
            if entry not in tops and stem not in tops:
                continue
        p = os.path.join(d.site, entry)
        if os.path.isdir(p) and not os.path.islink(p):
            for dp, dns, fns in os.walk(p):
                dns[:] = [x for x in dns if x != "__pycache__"]
                for fn in fns:
                    if fn.endswith((".pyc", ".pyo")):
                        continue
                    files.append(os.path.join(dp, fn))
        else:
            files.append(p)
    return files


def read_file(d, path):
    """Content of a payload file; Debian symlinks into /usr/share are followed
    within the same .deb."""
    seen = 0
    while os.path.islink(path) and seen < 10:
        target = os.readlink(path)
        if os.path.isabs(target):
            path = os.path.join(d.root, target.lstrip("/"))
        else:
            path = os.path.normpath(os.path.join(os.path.dirname(path), target))
        seen += 1
    if not os.path.isfile(path):
        return None
    with open(path, "rb") as f:
        return f.read()


def build_metadata(d, extra_reqs, drop):
    msg = d.headers
    out = []
    mv = msg.get("Metadata-Version", "2.1")
    if mv in ("1.0", "1.1", "1.2"):
        mv = "2.1"
    out.append("Metadata-Version: " + mv)
    skip = {"metadata-version", "requires-dist"}
    for k, v in msg.items():
        if k.lower() in skip:
            continue
        out.append("%s: %s" % (k, v.replace("\n", "\n       ")))
    for r in d.requires + extra_reqs:
        if r in drop:
            continue
        out.append("Requires-Dist: " + r)
    body = msg.get_payload() or ""
    text = "\n".join(out) + "\n"
    if body.strip():
        text += "\n" + body
    return text.encode("utf-8")


def rec_hash(data):
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def synth_tzdata(deb, work, simple):
    """PyPI's tzdata is the IANA zone files as a package (tzdata/zoneinfo/...,
    an __init__.py per folder). Debian has no python3-tzdata, but Django and
    others require it under a Windows marker and Poetry locks for every
    platform, so it must be in the index; its content is Debian's tzdata."""
    root = os.path.join(work, "tzdata-deb")
    subprocess.run(["dpkg-deb", "-x", deb, root], check=True)
    deb_ver = deb_field(deb, "Version")  # e.g. 2025b-4
    m = re.match(r"(\d{4})([a-z])", deb_ver)
    version = "%s.%d" % (m.group(1), ord(m.group(2)) - ord("a") + 1)
    zi = os.path.join(root, "usr/share/zoneinfo")
    entries = [("tzdata/__init__.py", ('IANA_VERSION = "%s%s"\n' % (m.group(1), m.group(2))).encode(), False)]
    dirs = {"tzdata/zoneinfo"}
    zones = []
    for dp, dns, fns in os.walk(zi):
        dns[:] = [d for d in dns if d not in ("posix", "right")]
        for fn in fns:
            p = os.path.join(dp, fn)
            rel = os.path.relpath(p, zi)
            data = read_file(type("D", (), {"root": root})(), p)
            if data is None or not data.startswith(b"TZif"):
                continue
            entries.append(("tzdata/zoneinfo/" + rel, data, False))
            zones.append(rel)
            d = os.path.dirname("tzdata/zoneinfo/" + rel)
            while d.startswith("tzdata/zoneinfo") and d not in dirs:
                dirs.add(d)
                d = os.path.dirname(d)
    for d in sorted(dirs):
        entries.append((d + "/__init__.py", b"", False))
    entries.append(("tzdata/zones", ("\n".join(sorted(zones)) + "\n").encode(), False))
    di = "tzdata-%s.dist-info" % version
    meta = ("Metadata-Version: 2.1\nName: tzdata\nVersion: %s\nSummary: Provider of IANA time zone data "
            "(repacked from Debian's tzdata %s)\nRequires-Python: >=2\nLicense: Apache-2.0\n" % (version, deb_ver))
    entries.append((di + "/METADATA", meta.encode(), False))
    entries.append((di + "/WHEEL", b"Wheel-Version: 1.0\nGenerator: pydock-e2e-repack\nRoot-Is-Purelib: true\nTag: py2.py3-none-any\n", False))
    record = ["%s,%s,%d" % (r, rec_hash(d), len(d)) for r, d, _ in entries] + [di + "/RECORD,,"]
    entries.append((di + "/RECORD", ("\n".join(record) + "\n").encode(), False))
    pdir = os.path.join(simple, "tzdata")
    os.makedirs(pdir, exist_ok=True)
    whl = "tzdata-%s-py2.py3-none-any.whl" % version
    write_wheel(os.path.join(pdir, whl), entries)
    log("wheel %s (%d zones, from Debian tzdata %s)" % (whl, len(zones), deb_ver))


def write_wheel(wpath, entries):
    with zipfile.ZipFile(wpath, "w", zipfile.ZIP_DEFLATED) as z:
        for rel, data, exe in entries:
            zi = zipfile.ZipInfo(rel, date_time=(2020, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = ((0o755 if exe else 0o644) | 0o100000) << 16
            z.writestr(zi, data)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--debs", required=True)
    ap.add_argument("--packages", required=True)
    ap.add_argument("--python", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--tzdata-deb", help="Debian's tzdata .deb, repacked as the PyPI tzdata layout")
    a = ap.parse_args()
    pytag = "cp" + a.python.replace(".", "")
    arch = {"x86_64": "x86_64", "aarch64": "aarch64"}.get(platform.machine(), platform.machine())
    work = tempfile.mkdtemp(prefix="repack-")
    wanted = [l.strip() for l in open(a.packages) if l.strip()]
    by_pkg, dists = {}, []
    for pkg in wanted:
        debs = sorted(glob.glob(os.path.join(a.debs, pkg + "_*.deb")), key=os.path.getmtime)
        if not debs:
            log("missing .deb for", pkg)
            continue
        _, _, ds = load_deb(debs[-1], work)
        if not ds:
            log("no dist-info/egg-info in", pkg, "(skipped)")
            continue
        by_pkg[pkg] = ds[0]
        dists.extend(ds)
    known = {canon(d.name) for d in dists}
    # Payload-only .debs belong inside another distribution's wheel.
    for host_name, extra_pkg in EXTRA_PAYLOAD.items():
        owner = [d for d in dists if canon(d.name) == host_name]
        debs = sorted(glob.glob(os.path.join(a.debs, extra_pkg + "_*.deb")), key=os.path.getmtime)
        if owner and debs:
            _, root, _ = load_deb(debs[-1], work)
            owner[0].extra_roots = getattr(owner[0], "extra_roots", []) + [os.path.join(root, SITE[0])]
            log("%s: includes the files of %s" % (owner[0].name, extra_pkg))
    global Marker
    if "python3-packaging" in by_pkg:
        sys.path.insert(0, by_pkg["python3-packaging"].site)
        from packaging.markers import Marker as M
        Marker = M
    MARKER_ENV.update({
        "python_version": a.python, "python_full_version": a.python + ".0", "sys_platform": "linux",
        "platform_system": "Linux", "os_name": "posix", "platform_python_implementation": "CPython",
        "implementation_name": "cpython", "platform_machine": arch, "platform_release": "",
        "platform_version": "", "implementation_version": a.python + ".0",
    })

    simple = os.path.join(a.out, "simple")
    os.makedirs(simple)
    for d in dists:
        # Trap 1: Debian dropped Requires-Dist; put back its Depends.
        have = {req_name(r) for r in d.requires}
        extra = []
        for alt in d.depends.split(","):
            for choice in alt.split("|"):
                dep = choice.strip().split(" ")[0].split(":")[0]
                if dep in by_pkg:
                    n = by_pkg[dep].name
                    if canon(n) not in have and canon(n) != canon(d.name):
                        extra.append(n)
                        have.add(canon(n))
                    break
        if extra:
            log("%s: added Requires-Dist from Depends: %s" % (d.name, ", ".join(extra)))
        # Trap 2: requirements Debian patched out and does not package.
        # Under an extra or a marker too: pip and Poetry must resolve every
        # extra a dependant asks for (poetry needs pbs-installer[install]).
        drop = set()
        for r in d.requires:
            n = req_name(r)
            if n and n not in known:
                drop.add(r)
        if drop:
            log("%s: dropped Requires-Dist not packaged by Debian: %s" % (d.name, "; ".join(sorted(drop))))
        ds_in_deb = [x for x in dists if x.pkg == d.pkg]
        files = payload_files(d, ds_in_deb)
        for extra_site in getattr(d, "extra_roots", []):
            for dp, dns, fns in os.walk(extra_site):
                dns[:] = [x for x in dns if x != "__pycache__"]
                files += [os.path.join(dp, fn) for fn in fns if not fn.endswith((".pyc", ".pyo"))]
        if len(ds_in_deb) > 1 and d is not ds_in_deb[0] and not files:
            log("%s: shares %s with another dist; metadata only" % (d.name, d.pkg))
        entries = []
        compiled = False
        for p in files:
            data = read_file(d, p)
            if data is None:
                log("%s: skipped dangling link %s" % (d.name, os.path.relpath(p, d.site)))
                continue
            rel = os.path.relpath(p, d.site)
            if rel.startswith(".."):  # a file from an EXTRA_PAYLOAD .deb
                rel = os.path.relpath(p, p[:p.index(SITE[0]) + len(SITE[0])])
            if rel.endswith(".so") or ".so." in rel:
                compiled = True
            entries.append((rel, data, os.access(p, os.X_OK)))
        tag = "%s-%s-linux_%s" % (pytag, pytag, arch) if compiled else "py3-none-any"
        esc = re.sub(r"[-_.]+", "_", d.name)
        ver = d.version.replace("-", "_")
        di = "%s-%s.dist-info" % (esc, ver)
        entries.append((di + "/METADATA", build_metadata(d, extra, drop), False))
        entries.append((di + "/WHEEL", ("Wheel-Version: 1.0\nGenerator: pydock-e2e-repack\nRoot-Is-Purelib: %s\nTag: %s\n"
                                        % ("false" if compiled else "true", tag)).encode(), False))
        if os.path.isdir(d.meta):
            for fn in sorted(os.listdir(d.meta)):
                fp = os.path.join(d.meta, fn)
                if fn in SKIP_META or not os.path.isfile(fp):
                    continue
                entries.append((di + "/" + fn, open(fp, "rb").read(), False))
        has_ep = any(e[0] == di + "/entry_points.txt" for e in entries)
        bins = glob.glob(os.path.join(d.root, "usr/bin/*"))
        if bins and not has_ep:
            log("%s: has %s but no entry_points.txt" % (d.name, ", ".join(os.path.basename(b) for b in bins)))
        record = []
        for rel, data, _ in entries:
            record.append("%s,%s,%d" % (rel, rec_hash(data), len(data)))
        record.append(di + "/RECORD,,")
        entries.append((di + "/RECORD", ("\n".join(record) + "\n").encode(), False))
        whl = "%s-%s-%s.whl" % (esc, ver, tag)
        pdir = os.path.join(simple, canon(d.name))
        os.makedirs(pdir, exist_ok=True)
        wpath = os.path.join(pdir, whl)
        write_wheel(wpath, entries)
        log("wheel %s (%d files, from %s)" % (whl, len(entries), d.pkg))

    if a.tzdata_deb:
        synth_tzdata(a.tzdata_deb, work, simple)

    names = sorted(os.listdir(simple))
    with open(os.path.join(simple, "index.html"), "w") as f:
        f.write("<!DOCTYPE html><html><body>\n")
        for n in names:
            f.write('<a href="%s/">%s</a><br>\n' % (n, n))
        f.write("</body></html>\n")
    for n in names:
        pdir = os.path.join(simple, n)
        with open(os.path.join(pdir, "index.html"), "w") as f:
            f.write("<!DOCTYPE html><html><body>\n")
            for whl in sorted(os.listdir(pdir)):
                if not whl.endswith(".whl"):
                    continue
                h = hashlib.sha256(open(os.path.join(pdir, whl), "rb").read()).hexdigest()
                f.write('<a href="%s#sha256=%s">%s</a><br>\n' % (whl, h, whl))
            f.write("</body></html>\n")
    shutil.rmtree(work)
    log("index: %d projects in %s" % (len(names), simple))


if __name__ == "__main__":
    sys.exit(main())
