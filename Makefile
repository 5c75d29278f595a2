# The one way Mahall is built, tested, benchmarked and packaged; CI (.ci/run) calls it too.
#
#   make run        install what is missing, build, open the app
#   make test       every test: vet, gofmt, go test -race, frontend tests and tsc, fuzzing, e2e, bench smoke
#   make build      app + CLI for linux/amd64 and windows/amd64 into build/bin/
#   make installer  the Windows NSIS installer (build/bin/mahall-amd64-installer.exe)
#   make check-pe   the Windows executables are PE32+ x86-64 with the right subsystem
#   make e2e        the desktop app in a real window under Xvfb, driven with xdotool
#   make test-windows  the backend and CLI tests, the CLI and the installer, on Windows under wine
#   make sample     a synthetic data folder in build/sample/
#   make clean

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

GO ?= $(shell command -v go 2>/dev/null || echo /usr/local/go/bin/go)
# wails and bench/ call plain `go`: make sure it is on PATH (a fresh root shell may lack it).
export PATH := $(patsubst %/,%,$(dir $(GO))):$(PATH)
# The wails CLI is installed by scripts/deps.sh with go install; its path is taken from go env
# rather than PATH, which on a fresh machine does not contain GOPATH/bin.
GOBIN_DIR := $(or $(shell $(GO) env GOBIN 2>/dev/null),$(shell $(GO) env GOPATH 2>/dev/null)/bin)
WAILS ?= $(GOBIN_DIR)/wails

# git describe on a clone; a VERSION file in a source tarball; "dev" otherwise. Computed once
# (:=), so every program of one make run carries the same version. `make VERSION=1.2.3` overrides.
ifeq ($(origin VERSION),undefined)
VERSION := $(or $(shell git describe --tags --always --dirty 2>/dev/null),$(shell cat VERSION 2>/dev/null),dev)
endif
LDFLAGS := -X mahall/backend/version.Version=$(VERSION)

# -m: wails would otherwise run go mod tidy, which drops modules the tree is about to import.
WAILS_BUILD := $(WAILS) build -nocolour -m -trimpath

BIN := build/bin
APP_LINUX := $(BIN)/mahall
APP_WINDOWS := $(BIN)/mahall.exe
CLI_LINUX := $(BIN)/mahall_backup_restore
CLI_WINDOWS := $(BIN)/mahall_backup_restore.exe
SAMPLE_BIN := $(BIN)/mahall_sample
INSTALLER := $(BIN)/mahall-amd64-installer.exe

# Fuzzing time per fuzz target during make test; every Fuzz* function under backend/ is run.
# Minimizing is capped: each FuzzOpen run writes files, and minimizing an interesting input for
# the default 60 s would use up the whole run with no new inputs tried.
FUZZTIME ?= 15s
# go test -race on two shared cores: the fault-injection and live-writer tests take minutes.
GOTEST_TIMEOUT ?= 30m

# bench/bench.mk (the benchmarks' own helper) provides bench and bench-smoke; CI runs the smoke.
BENCH_SMOKE := $(if $(wildcard bench/bench.mk),yes,)

SAMPLE_DIR ?= build/sample
SAMPLE_MEMBERS ?= 300
SAMPLE_SIZE ?= 20MB
SAMPLE_SEED ?= 1

.PHONY: help deps build app app-linux app-windows cli tools installer check-pe \
	test lint go-test frontend-test bindings fuzz e2e test-windows run sample icon clean dist-placeholder

help:
	@sed -n '1,/^$$/p' Makefile | sed 's/^# \{0,1\}//'

deps:
	bash scripts/deps.sh

build: app cli

app: app-linux app-windows

# The Linux build also builds the frontend and generates the JS bindings; the Windows build
# reuses both (-s -skipbindings).
# wails build writes frontend/wailsjs/runtime/* executable and wails generate does not: both
# end with the committed mode, so a build or a test leaves the clone clean.
WAILSJS_MODES := chmod 0644 frontend/wailsjs/runtime/*

app-linux:
	$(WAILS_BUILD) -platform linux/amd64 -o mahall -ldflags "$(LDFLAGS)"
	$(WAILSJS_MODES)

app-windows: app-linux
	$(WAILS_BUILD) -s -skipbindings -platform windows/amd64 -o mahall.exe -ldflags "$(LDFLAGS)"
	$(WAILSJS_MODES)

# The CLI is pure Go: no cgo, so the same command cross-compiles for Windows.
cli:
	CGO_ENABLED=0 GOOS=linux GOARCH=amd64 $(GO) build -trimpath -ldflags "-s -w $(LDFLAGS)" \
		-o $(CLI_LINUX) ./cmd/mahall_backup_restore
	bash scripts/cli-winres.sh build
	trap 'bash scripts/cli-winres.sh clean' EXIT; \
	CGO_ENABLED=0 GOOS=windows GOARCH=amd64 $(GO) build -trimpath -ldflags "-s -w $(LDFLAGS)" \
		-o $(CLI_WINDOWS) ./cmd/mahall_backup_restore

# Helpers for the e2e test, the sample target and the benchmarks (Linux only).
tools:
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags "-s -w $(LDFLAGS)" -o $(SAMPLE_BIN) ./cmd/mahall_sample
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags "-s -w $(LDFLAGS)" -o $(CLI_LINUX) ./cmd/mahall_backup_restore

# wails writes build/windows/installer/wails_tools.nsh from wails.json and runs makensis on our
# build/windows/installer/project.nsi, which also packs the CLI (it must exist first).
installer: cli
	$(WAILS_BUILD) -s -skipbindings -platform windows/amd64 -o mahall.exe -nsis -ldflags "$(LDFLAGS)"
	$(WAILSJS_MODES)
	@test -s $(INSTALLER) || { echo "installer: $(INSTALLER) was not written" >&2; exit 1; }
	@ls -l $(INSTALLER)

check-pe:
	$(GO) run ./scripts/checkpe -version "$(VERSION)" \
		gui:$(APP_WINDOWS) console:$(CLI_WINDOWS) $(if $(wildcard $(INSTALLER)),gui32:$(INSTALLER))
	@# Issue 9: the crash tests' kill points exist only in a -tags killpoints build.
	@found=; for f in build/bin/*; do n=$$(strings "$$f" | grep -ic killpoint || true); \
		[ "$$n" = 0 ] || found="$$found $$f"; done; \
	if [ -n "$$found" ]; then echo "kill-point names in release binaries:$$found"; exit 1; fi; \
	echo "check-pe: no kill-point name in build/bin/*"

# THE test command (README, .ci/run). go test -race runs last so its closing lines end the log.
test: deps dist-placeholder lint frontend-test fuzz e2e $(if $(BENCH_SMOKE),bench-smoke) go-test

lint: dist-placeholder
	$(GO) vet ./...
	@unformatted=$$(find . -name '*.go' -not -path './frontend/*' -not -path './bench/benchdata/*' \
		-not -path './build/*' -not -path './.git/*' -print0 | xargs -0 gofmt -l); \
	if [ -n "$$unformatted" ]; then echo "gofmt needed on:"; echo "$$unformatted"; exit 1; fi
	@echo "lint: go vet and gofmt clean"

go-test: dist-placeholder
	$(GO) test -race -timeout $(GOTEST_TIMEOUT) ./...

# The frontend's tests and its type check against the models wails generates from the Go types
# (bindings first, so a renamed Go field fails tsc here, not on a user's screen).
frontend-test: bindings
	cd frontend && npm test
	cd frontend && npm run typecheck

# frontend/wailsjs from the bound Go methods and their types (committed; wails build also does this).
bindings:
	$(WAILS) generate module
	$(WAILSJS_MODES)

fuzz: dist-placeholder
	@found=0; \
	for f in $$(grep -rl --include='*_test.go' -E '^func Fuzz[A-Za-z0-9_]*\(' backend cmd 2>/dev/null); do \
		dir=./$$(dirname $$f); \
		for name in $$(grep -oE '^func Fuzz[A-Za-z0-9_]*' $$f | sed 's/^func //'); do \
			found=1; echo "fuzz: $$name in $$dir for $(FUZZTIME)"; \
			$(GO) test -run '^$$' -fuzz "^$$name$$" -fuzztime=$(FUZZTIME) -fuzzminimizetime=2s $$dir; \
		done; \
	done; \
	if [ $$found = 0 ]; then echo "fuzz: no Fuzz targets found under backend/ or cmd/" >&2; exit 1; fi

e2e: app-linux tools
	bash e2e/run.sh

# The Windows lane: scripts/wine-env.sh prepares wine (Debian packages, the ProcessPrng shim, a
# Windows 10 prefix, the test-only deleteat overlay), then every backend and CLI package's tests
# run as Windows programs under wine, and the installer is installed, used and uninstalled.
# It builds the installer only when build/bin has none (CI has just built it).
test-windows: dist-placeholder
	$(if $(wildcard $(INSTALLER)),,$(MAKE) installer)
	GO=$(GO) bash scripts/test-windows.sh

# Opens the app on this machine's display. MAHALL_DATA_DIR picks another data folder.
run: deps app-linux
	@if [ -z "$${DISPLAY:-}$${WAYLAND_DISPLAY:-}" ]; then \
		echo "run: no display (DISPLAY is not set). Start it from a desktop session, or e.g.:"; \
		echo "     Xvfb :99 & DISPLAY=:99 $(APP_LINUX)"; exit 1; fi
	./$(APP_LINUX)

sample: tools
	rm -rf $(SAMPLE_DIR)
	$(SAMPLE_BIN) --out $(SAMPLE_DIR) --members $(SAMPLE_MEMBERS) --size $(SAMPLE_SIZE) --seed $(SAMPLE_SEED)
	@echo "sample: $(SAMPLE_DIR) (try: $(CLI_LINUX) --data-dir $(SAMPLE_DIR) backup)"

# Redraws build/appicon.png and build/windows/icon.ico from scripts/make-icon.sh (ImageMagick).
icon:
	bash scripts/make-icon.sh

# main.go embeds frontend/dist; on a clone where the frontend was never built, an empty
# placeholder keeps go vet/go test compiling (the committed one normally does this).
dist-placeholder:
	@mkdir -p frontend/dist
	@if [ -z "$$(ls -A frontend/dist)" ]; then touch frontend/dist/.gitkeep; fi

clean:
	rm -rf $(BIN) $(SAMPLE_DIR) e2e/out build/windows/installer/tmp
	bash scripts/cli-winres.sh clean

# The benchmarks live in bench/ (their own helper); bench/bench.mk adds bench and bench-smoke.
-include bench/bench.mk
ifeq ($(wildcard bench/bench.mk),)
.PHONY: bench
bench:
	@if [ -x bench/run.sh ]; then bench/run.sh; else echo "bench: bench/ has no bench.mk or run.sh yet" >&2; exit 1; fi
endif
