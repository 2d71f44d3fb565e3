#!/usr/bin/env bash
# Full source trees for the realworld run. The corpus keeps a minimal copy of
# each project (manifests, locks, entry modules), so most apps cannot start
# from it (their other modules are missing). Given git clones, this writes
# each project's whole tree at the corpus's recorded commit to
# OUT/<owner>__<name>/ (git archive: no .git); realworld.sh uses them with
# PYDOCK_REALWORLD_SRC=OUT (the corpus's AUTHORS.* files are laid over them).
# Usage: realworld-src.sh OUT GITROOT
#   a clone of owner/name is GITROOT/owner__name, GITROOT/owner+name/repo or
#   GITROOT/owner+name (bare or not). Projects without a clone are left out.
set -euo pipefail
OUT="${1:?usage: realworld-src.sh OUT GITROOT}"
GITROOT="${2:?usage: realworld-src.sh OUT GITROOT}"
CORPUS="${PYDOCK_REALWORLD:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/../shared/realworld}/corpus.json"
mkdir -p "$OUT"
python3 -c 'import json,sys
for c in json.load(open(sys.argv[1])): print(c["repo"], c["commit"])' "$CORPUS" | while read -r repo commit; do
	name="${repo/\//__}"
	plus="${repo/\//+}"
	git=""
	for g in "$GITROOT/$name" "$GITROOT/$plus/repo" "$GITROOT/$plus"; do
		if git -C "$g" rev-parse --git-dir >/dev/null 2>&1; then git="$g"; break; fi
	done
	if [ -z "$git" ]; then echo "[src] $repo: no clone under $GITROOT" >&2; continue; fi
	if [ -f "$OUT/.$name.commit" ] && [ "$(cat "$OUT/.$name.commit")" = "$commit" ]; then continue; fi
	if ! git -C "$git" cat-file -e "$commit^{commit}" 2>/dev/null; then echo "[src] $repo: $commit not in $git" >&2; continue; fi
	rm -rf "$OUT/$name.tmp" && mkdir -p "$OUT/$name.tmp"
	if ! git -C "$git" archive "$commit" 2>/dev/null | tar -x -C "$OUT/$name.tmp" 2>/dev/null; then
		# A partial clone may lack some large blobs: write the tree file by
		# file and name what is missing.
		rm -rf "$OUT/$name.tmp" && mkdir -p "$OUT/$name.tmp"
		git -C "$git" ls-tree -r -z "$commit" | while IFS= read -r -d '' entry; do
			meta="${entry%%$'\t'*}" path="${entry#*$'\t'}"
			read -r mode type sha <<<"$meta"
			[ "$type" = blob ] || continue
			mkdir -p "$OUT/$name.tmp/$(dirname "$path")"
			if [ "$mode" = 120000 ]; then
				ln -s "$(git -C "$git" cat-file blob "$sha")" "$OUT/$name.tmp/$path" || true
			elif ! git -C "$git" cat-file blob "$sha" >"$OUT/$name.tmp/$path" 2>/dev/null; then
				rm -f "$OUT/$name.tmp/$path"
				echo "[src] $repo: $path is not in the clone (left out)" >&2
			elif [ "$mode" = 100755 ]; then chmod +x "$OUT/$name.tmp/$path"; fi
		done
	fi
	echo "$commit" >"$OUT/.$name.commit.tmp"
	rm -rf "$OUT/$name" && mv "$OUT/$name.tmp" "$OUT/$name" && mv "$OUT/.$name.commit.tmp" "$OUT/.$name.commit"
	echo "[src] $repo at ${commit:0:12}: $(find "$OUT/$name" -type f | wc -l) files" >&2
done
