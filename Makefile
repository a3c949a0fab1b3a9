# Impactkaarten. Two entry points for a fresh Debian machine:
#   make run   build the web client and start the relay serving it (prints the URL)
#   make test  install what the tests need, then vet, lint and run every test
#   make cluster  Redis, three relays and HAProxy on loopback (docs/cluster.md; prints the URL)
SHELL := /bin/bash
GO ?= go
GOBIN := $(shell $(GO) env GOPATH)/bin
ADDR ?= :8080
DATA ?= ./data
# The platforms the relay is built and vetted for, all with CGO_ENABLED=0.
RELAY_TARGETS := linux/amd64 linux/arm64 darwin/arm64 windows/amd64
# The ones vet goes through on top of `go vet ./...`, with go vet's analyzers on the
# sources type-checked for each platform (internal/crossvet: nothing is compiled for them).
# While no file of the module depends on cgo (no `import "C"`, no cgo build tag), this
# machine's platform without cgo is the very files `go vet ./...` has just checked, and is
# left out.
CGO_FILES := $(shell git grep -l -E '^import "C"|^//go:build.*cgo' -- '*.go' 2>/dev/null)
VET_TARGETS := $(if $(CGO_FILES),$(RELAY_TARGETS),$(filter-out $(shell $(GO) env GOOS)/$(shell $(GO) env GOARCH),$(RELAY_TARGETS)))
# Everything that builds without cgo on every platform: all but the Ebiten client and the
# cluster's deploy tests (Linux services).
NOCGO_PKGS := . ./assets ./cards/... ./cmd/relay ./cmd/deckcheck ./cmd/loadgen ./cmd/precompress \
	./game ./game/report/... ./game/theme/... ./game/ui/app/... ./game/ui/i18n/... ./game/ui/input/... \
	./game/ui/layout/... ./game/ui/model/... ./game/ui/textedit/... ./internal/... ./net/... ./web

.PHONY: run test setup check vet lint unit e2e packages packages-race packages-pure benchmarks-once bench web relay deckcheck clean load load-peers load-cluster dist cluster

setup:
	@bash scripts/setup.sh

deckcheck:
	$(GO) run ./cmd/deckcheck

vet:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$unformatted" ]; then echo "gofmt: not formatted:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	@tool=$$(mktemp -d)/crossvet && trap 'rm -rf "$${tool%/*}"' EXIT && $(GO) build -o "$$tool" ./internal/crossvet && \
	  for t in $(VET_TARGETS); do echo "vet for $$t (CGO_ENABLED=0, from source: internal/crossvet)"; \
	  CGO_ENABLED=0 GOOS=$${t%/*} GOARCH=$${t#*/} "$$tool" $(NOCGO_PKGS) || exit 1; done

lint:
	$(GOBIN)/staticcheck ./...

# Every package's tests, the browser and desktop ones last (e2e: see test).
unit:
	@$(MAKE) --no-print-directory -j2 --output-sync=target packages-race web packages-pure benchmarks-once e2e

# Without -race: the Go side of these tests is the driver and a relay whose concurrency the
# packages' tests check under -race already; the time goes to the browsers.
e2e: web
	IMPACTKAARTEN_WEB=$(CURDIR)/web/build $(GO) test -count=1 -timeout 60m ./game/ui/e2e

# go test's default limit of 10 minutes a package is a guess about the machine: a loaded
# one runs the race detector's tests of game/report past it without anything being wrong.
# The rules engine, the report and the client's scenes are code of one goroutine: the race
# detector has nothing to find there (the relay's tests run the engine concurrently under
# it; the scenes' tests drive a practice room that starts no goroutine, client.SoloConfig's
# Manual) and makes their tests five to ten times slower, so they run without it. So do the
# other packages whose code and tests start no goroutine: the decks' PDF, the icon
# generator, deckcheck, the documents' checks, the theme, the client's dates, hyphenation,
# input, layout and text editing, the web page, the protocol's codecs and the notices
# (under -race each was a test binary linked against the race runtime, 4-7 s of CPU, for
# nothing to find). packages-pure fails when one of them starts a goroutine: it then
# belongs under the race detector.
PURE_PKGS := impactkaarten impactkaarten/game 'impactkaarten/game/report.*' impactkaarten/game/ui/app \
	impactkaarten/cards/cardpdf impactkaarten/cards/internal/genicons impactkaarten/cmd/deckcheck \
	impactkaarten/docs impactkaarten/game/theme impactkaarten/game/ui/dates impactkaarten/game/ui/hyphen \
	impactkaarten/game/ui/input impactkaarten/game/ui/layout impactkaarten/game/ui/textedit \
	impactkaarten/web impactkaarten/net/protocol impactkaarten/net/rawcall
# Packages with tests. go test builds one without tests too, under -race a second build
# of it and of its imports (for the Ebiten client's packages: Ebiten and its C code), while
# vet and the desktop tests build them already.
WITH_TESTS := {{if or .TestGoFiles .XTestGoFiles}}{{.ImportPath}}{{end}}
packages: packages-race packages-pure
packages-race:
	$(GO) test -race -count=1 -timeout 60m $$($(GO) list -f '$(WITH_TESTS)' ./... | grep -v -x -e impactkaarten/game/ui/e2e $(addprefix -e ,$(PURE_PKGS)))
packages-pure:
	@pkgs=$$($(GO) list ./... | grep -x $(addprefix -e ,$(PURE_PKGS))); \
	  files=$$($(GO) list -f '{{$$d := .Dir}}{{range .GoFiles}}{{$$d}}/{{.}} {{end}}{{range .TestGoFiles}}{{$$d}}/{{.}} {{end}}{{range .XTestGoFiles}}{{$$d}}/{{.}} {{end}}' $$pkgs); \
	  if grep -nE '^[[:space:]]*go [[:alnum:]_(]' $$files; then \
	    echo "packages-pure: the lines above start goroutines: move their package out of PURE_PKGS, under the race detector"; exit 1; fi; \
	  echo "go test -count=1 -timeout 60m" $$pkgs; $(GO) test -count=1 -timeout 60m $$pkgs

# gofmt and vet, staticcheck, the packages' tests and the web client's build run side by
# side (make -j2: each leaves the other core something to do), then the browser and desktop
# tests. docs/testing.md describes the suite. make starts the jobs in the order given, so
# the longest comes first: the packages' tests under -race (most of their time is waiting
# on fsyncs, child processes and sockets), while the other job goes through the web build,
# vet, staticcheck, the tests without -race and then the browser and desktop tests (e2e),
# which so begin while the race detector's last tests wait on their sockets and disks
# rather than after them.
test: setup
	@$(MAKE) --no-print-directory -j2 --output-sync=target packages-race web vet lint packages-pure benchmarks-once e2e

# Every benchmark once, untimed, but the client's frame benchmark, which needs a display:
# a benchmark whose session a new rule broke fails here, not at the next measurement.
benchmarks-once:
	$(GO) test -count=1 -run '^$$' -bench . -benchtime 1x $$(grep -rl --include='*_test.go' '^func Benchmark' . | xargs -n1 dirname | sort -u | grep -v -x ./game/ui/e2e)

bench:
	$(GO) test -run XXX -bench . -benchmem ./game/...

# The relay's load measurements of docs/performance.md ("Relay"): builds the relay and
# cmd/loadgen, runs each measurement RUNS times (default 3) with the relay pinned to CPU 0
# and the load generator to CPU 1. About 40 minutes; not part of `make test`.
load:
	@bash scripts/load.sh

# The relay beside its three peers under one load generator, in one run (docs/performance.md,
# "Beside boardgame.io, Colyseus and the bare relay"): the relay, cmd/barerelay, Colyseus and
# boardgame.io (yardsticks/, whose pinned npm packages the first run installs) at each load,
# once each. About 15 minutes; not part of `make test`.
load-peers:
	@RUNS=$${RUNS:-1} bash scripts/load.sh peers

# The cluster's load measurements of docs/performance.md ("Cluster"): a fresh Redis with
# deploy/redis.conf and 1-3 relays per run on loopback. About 12 minutes; not part of `make test`.
load-cluster:
	@bash scripts/load-cluster.sh

clean:
	find web/build -mindepth 1 ! -name unbuilt.html -delete
	rm -rf dist

# The web client is built into web/build (never committed), where the relay's build embeds it.
# scripts/build-web.sh says what it does, and does nothing when web/build is up to date.
web:
	@bash scripts/build-web.sh

run: web
	@echo "run: starting the relay on $(ADDR) with its rooms in $(DATA)"
	$(GO) run ./cmd/relay -addr $(ADDR) -data $(DATA)

# Release files in dist/ (never committed), with SHA256SUMS: the relay, web client built in,
# for every RELAY_TARGETS platform; the desktop client where it cross-builds (see README).
dist: web
	@bash scripts/dist.sh $(RELAY_TARGETS)

# A cluster on loopback to try by hand: Redis (deploy/redis.conf), three relays sharing it
# and HAProxy (deploy/haproxy.cfg) in front on 127.0.0.1:8000. Ctrl-C stops it.
cluster:
	@bash scripts/cluster.sh
