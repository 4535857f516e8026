# SPDX-License-Identifier: Apache-2.0
# The README's two commands: `make run` and `make test`.

GO ?= go
FUZZTIME ?= 10s

.PHONY: run test test-go interop fuzz bench build load

build:
	$(GO) build -o akashi ./cmd/akashi

# The independent implementation (Digital Bazaar's npm packages) used by the interop tests.
interop/node_modules/.package-lock.json: interop/package.json interop/package-lock.json
	cd interop && npm ci --no-audit --no-fund

interop: interop/node_modules/.package-lock.json

# The whole test suite: unit, spec vectors, conformance suites and the npm interop checks.
test: interop
	$(GO) vet ./...
	$(GO) test ./...

# Each fuzz target for FUZZTIME (CI runs them briefly; run longer by hand).
fuzz:
	./.ci/fuzz $(FUZZTIME)

bench:
	$(GO) test -run '^$$' -bench . -benchmem -cpu 1 -count 5 ./internal/verify/ ./internal/proof/ ./internal/rdfc/ ./internal/jsonld/ ./internal/issuing/ ./internal/awardcsv/ ./internal/store/sqlite/

# A CSV award of 10,000 recipients end to end on SQLite, next to the bare signing rate (see docs/issuing.md).
load:
	$(GO) run ./cmd/akashi-load -rows 10000
