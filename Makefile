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
# Everything that builds without cgo on every platform: all but the Ebiten client and the
# cluster's deploy tests (Linux services).
NOCGO_PKGS := . ./assets ./cards/... ./cmd/relay ./cmd/deckcheck ./cmd/loadgen ./cmd/precompress \
	./game ./game/report/... ./game/theme/... ./game/ui/app/... ./game/ui/i18n/... ./game/ui/input/... \
	./game/ui/layout/... ./game/ui/model/... ./game/ui/textedit/... ./internal/... ./net/... ./web

.PHONY: run test setup check vet lint unit bench web relay deckcheck clean load dist cluster

setup:
	@bash scripts/setup.sh

deckcheck:
	$(GO) run ./cmd/deckcheck

vet:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$unformatted" ]; then echo "gofmt: not formatted:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	@for t in $(RELAY_TARGETS); do echo "go vet for $$t (CGO_ENABLED=0)"; \
	  CGO_ENABLED=0 GOOS=$${t%/*} GOARCH=$${t#*/} $(GO) vet $(NOCGO_PKGS) || exit 1; done

lint:
	$(GOBIN)/staticcheck ./...

# The browser and desktop tests run on their own, after the rest: they time the client's
# first frame, which the other packages' tests running alongside would slow down.
unit:
	$(GO) test -race -count=1 $$($(GO) list ./... | grep -v /game/ui/e2e)
	$(GO) test -race -count=1 -timeout 20m ./game/ui/e2e

test: setup vet lint unit

bench:
	$(GO) test -run XXX -bench . -benchmem ./game/...

# The relay's load measurements of docs/performance.md ("Relay"): builds the relay and
# cmd/loadgen, runs each measurement RUNS times (default 3) with the relay pinned to CPU 0
# and the load generator to CPU 1. About 40 minutes; not part of `make test`.
load:
	@bash scripts/load.sh

clean:
	find web/build -mindepth 1 ! -name unbuilt.html -delete
	rm -rf dist

# The web client is built into web/build (never committed), where the relay's build embeds it.
web:
	@bash scripts/build-web.sh

run: web
	$(GO) run ./cmd/relay -addr $(ADDR) -data $(DATA)

# Release files in dist/ (never committed), with SHA256SUMS: the relay, web client built in,
# for every RELAY_TARGETS platform; the desktop client where it cross-builds (see README).
dist: web
	@bash scripts/dist.sh $(RELAY_TARGETS)

# A cluster on loopback to try by hand: Redis (deploy/redis.conf), three relays sharing it
# and HAProxy (deploy/haproxy.cfg) in front on 127.0.0.1:8000. Ctrl-C stops it.
cluster:
	@bash scripts/cluster.sh
