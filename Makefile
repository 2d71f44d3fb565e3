# pydock — see README.md. Every target works from a fresh clone.
GO ?= go
BIN := bin/pydock

.PHONY: build test golden lint bench fuzz e2e e2e-realworld e2e-realworld-sample bench-images wizard-tty clean

build:
	$(GO) build -trimpath -o $(BIN) ./cmd/pydock

# The README's test command: unit tables, txtar CLI scripts, golden examples,
# BuildKit/compose-go/py_compile validation.
test:
	$(GO) test -timeout 45m ./...

# The wizard in a real terminal (tmux): Enter-through equals --yes; Ctrl-C and SIGINT exit 130, SIGTERM 143, nothing written.
wizard-tty: build
	bash testdata/tmux-wizard.sh $(BIN)

# Rewrite the examples' generated files after a template change; review the diff.
golden:
	UPDATE_GOLDEN=1 $(GO) test ./internal/cli -run TestExamples
	git --no-pager diff --stat -- examples

lint:
	$(GO) vet ./...
	@out=$$(gofmt -l cmd internal templates); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	@if command -v golangci-lint >/dev/null 2>&1; then golangci-lint run; else echo "golangci-lint not installed; skipped"; fi

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./internal/...

FUZZTIME ?= 30s
# Every Fuzz* target of every package, one after the other, FUZZTIME each.
fuzz:
	@set -e; for pkg in $$($(GO) list ./internal/...); do \
		for fz in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
			echo "== $$pkg $$fz"; \
			$(GO) test -run '^$$' -fuzz "^$$fz$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 5s $$pkg; \
		done; \
	done

# Real builds with BuildKit, run with podman (see internal/e2e).
e2e:
	bash internal/e2e/run.sh test

# Real projects of ../shared/realworld with their own locks, beside their
# authors' Dockerfiles (issue #14); skipped with a message where that folder is absent.
e2e-realworld:
	bash internal/e2e/realworld.sh

# A fixed sample of those, one per package manager, within a time budget (CI).
e2e-realworld-sample:
	bash internal/e2e/realworld.sh sample

# The naive-Dockerfile comparison is part of make e2e (same run, same machine load).
bench-images: e2e

clean:
	rm -rf bin
