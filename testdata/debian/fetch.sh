#!/bin/sh
# Writes <suite>.txt.gz: the binary package names of Debian <suite> main that
# exist for both amd64 and arm64, for the test that checks every Debian
# package named in internal/plan/native.toml. Uses apt with a private
# state directory (nothing on the host changes).
# usage: sh testdata/debian/fetch.sh bullseye bookworm trixie
set -eu
out=$(cd "$(dirname "$0")" && pwd)
for suite in "$@"; do
	tmp=$(mktemp -d)
	mkdir -p "$tmp/lists/partial"
	echo "deb [arch=amd64,arm64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian $suite main" >"$tmp/sources.list"
	apt-get update -qq -o Debug::NoDropPrivs=true \
		-o Dir::Etc::SourceList="$tmp/sources.list" -o Dir::Etc::SourceParts=/dev/null \
		-o Dir::State::Lists="$tmp/lists" -o APT::Architectures::=amd64 -o APT::Architectures::=arm64 \
		-o Acquire::Languages=none
	for arch in amd64 arm64; do
		/usr/lib/apt/apt-helper cat-file "$tmp"/lists/*_"$suite"_main_binary-"$arch"_Packages* |
			sed -n 's/^Package: //p' | sort -u >"$tmp/$arch"
	done
	{
		echo "# Debian $suite main, packages on amd64 and arm64; fetched $(date -u +%F) with apt by fetch.sh"
		comm -12 "$tmp/amd64" "$tmp/arm64"
	} | gzip -9n >"$out/$suite.txt.gz"
	rm -rf "$tmp"
done
