#!/usr/bin/env python3
"""Turn a root file system folder into a one-layer OCI image layout.

Written directly (tar + JSON) so provisioning does not need a running
BuildKit daemon. The config mirrors what the official python images set
(PATH, LANG, CMD). Prints {"digest": <manifest digest>, "layer_bytes": N}.
"""
import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile


def write_blob(blobs, data):
    d = hashlib.sha256(data).hexdigest()
    with open(os.path.join(blobs, d), "wb") as f:
        f.write(data)
    return "sha256:" + d, len(data)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rootfs", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--name", required=True)
    # Defaults are the python stand-in's; the uv image is FROM scratch with
    # /uv as its entrypoint and no environment.
    ap.add_argument("--entrypoint", default="")
    ap.add_argument("--no-env", action="store_true")
    ap.add_argument("--note", default="debootstrap")
    # The node stand-in: its own CMD and variables after PATH and LANG.
    ap.add_argument("--cmd", default="python3")
    ap.add_argument("--env", action="append", default=[])
    a = ap.parse_args()

    blobs = os.path.join(a.out, "blobs", "sha256")
    os.makedirs(blobs, exist_ok=True)
    # GNU tar keeps devices, hard links, xattrs and numeric owners; sorted for
    # a stable digest across identical root file systems.
    fd, tmp = tempfile.mkstemp(dir=blobs)
    os.close(fd)
    subprocess.run(
        ["tar", "--numeric-owner", "--xattrs", "--xattrs-include=*", "--sort=name",
         "-C", a.rootfs, "-cf", tmp, "."],
        check=True,
    )
    h = hashlib.sha256()
    size = 0
    with open(tmp, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
            size += len(chunk)
    layer = "sha256:" + h.hexdigest()
    os.rename(tmp, os.path.join(blobs, h.hexdigest()))

    cfg = {"Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C.UTF-8"],
           "Cmd": [a.cmd]}
    cfg["Env"] += a.env
    if a.no_env:
        cfg = {}
    if a.entrypoint:
        cfg["Entrypoint"] = [a.entrypoint]
        cfg.pop("Cmd", None)
    config = {
        "architecture": "amd64",
        "os": "linux",
        "config": cfg,
        "rootfs": {"type": "layers", "diff_ids": [layer]},
        "history": [{"created_by": "pydock e2e stand-in: " + a.note + " " + a.name}],
    }
    cdig, csize = write_blob(blobs, json.dumps(config, sort_keys=True).encode())
    manifest = {
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": cdig, "size": csize},
        "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar", "digest": layer, "size": size}],
    }
    mdig, msize = write_blob(blobs, json.dumps(manifest, sort_keys=True).encode())
    index = {
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.index.v1+json",
        "manifests": [{
            "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "digest": mdig,
            "size": msize,
            "annotations": {"org.opencontainers.image.ref.name": a.name},
            "platform": {"architecture": "amd64", "os": "linux"},
        }],
    }
    with open(os.path.join(a.out, "index.json"), "w") as f:
        json.dump(index, f)
    with open(os.path.join(a.out, "oci-layout"), "w") as f:
        json.dump({"imageLayoutVersion": "1.0.0"}, f)
    json.dump({"digest": mdig, "layer_bytes": size, "name": a.name}, sys.stdout)
    print()


if __name__ == "__main__":
    main()
