# chujing — make run serves the checker; make test runs every test.
GO       ?= go
WASM     := web/site/chujing.wasm
# Fixed flags: the same source gives the same module, byte for byte.
WASMFLAGS := -trimpath -buildmode=c-shared -ldflags="-s -w -buildid="
CASES    ?= testdata
SHARED   ?= ../shared/cases
FUZZTIME ?= 15s

.PHONY: run test wasm check cases vet bench web-test fuzz tidy-check

## run: build the module and serve the checker on http://127.0.0.1:8080
run: wasm
	$(GO) run ./host/cmd/chujing serve --addr 127.0.0.1:8080

## wasm: rebuild web/site/chujing.wasm from the sources (reproducible)
wasm:
	GOOS=wasip1 GOARCH=wasm $(GO) build $(WASMFLAGS) -o $(WASM) ./wasm
	$(GO) run ./web/tools/modulehash web/site

## test: vet, unit tests, the corpora natively and through the module, fuzz, browser tests
test: check vet
	$(GO) test -skip TestHammer ./...
	$(GO) test -race -run TestHammer ./host
	$(MAKE) cases CASES=testdata
	@if [ -d "$(SHARED)" ]; then $(MAKE) cases CASES=$(SHARED); else echo "no $(SHARED): shared corpus skipped"; fi
	@if [ -n "$$CHUJING_CASES" ]; then $(MAKE) cases CASES="$$CHUJING_CASES"; fi
	$(GO) test -run '^$$' -fuzz FuzzEvaluateJSON -fuzztime $(FUZZTIME) ./policy
	$(GO) test -run '^$$' -fuzz FuzzABI -fuzztime $(FUZZTIME) ./host
	@if [ -f web/package.json ]; then $(MAKE) web-test; fi

## cases: run the case corpus in CASES natively and through the module
cases:
	$(GO) run ./host/cmd/chujing cases $(CASES)

vet:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); echo "gofmt needed"; exit 1)
	$(GO) vet ./...
	GOOS=wasip1 GOARCH=wasm $(GO) vet ./wasm ./policy/...

## check: fail when the committed module is stale or go.mod is untidy
check:
	@cp $(WASM) /tmp/chujing.committed.wasm; cp web/site/module-hash.js /tmp/chujing.committed.hash.js
	@$(MAKE) --no-print-directory wasm
	@if ! cmp -s $(WASM) /tmp/chujing.committed.wasm || ! cmp -s web/site/module-hash.js /tmp/chujing.committed.hash.js; then \
		echo "$(WASM) or its hash is stale: run make wasm and commit them"; cp /tmp/chujing.committed.wasm $(WASM); cp /tmp/chujing.committed.hash.js web/site/module-hash.js; exit 1; fi
	@echo "$(WASM) is up to date"
	@cp go.mod /tmp/chujing.go.mod; cp go.sum /tmp/chujing.go.sum; $(GO) mod tidy; \
	if ! cmp -s go.mod /tmp/chujing.go.mod || ! cmp -s go.sum /tmp/chujing.go.sum; then \
		echo "go.mod/go.sum not tidy: run go mod tidy"; cp /tmp/chujing.go.mod go.mod; cp /tmp/chujing.go.sum go.sum; exit 1; fi

web-test:
	cd web && (test -d node_modules || npm ci --no-audit --no-fund) && npm test

## bench: the benchmarks recorded in BENCHMARKS.md
bench:
	$(GO) test -run '^$$' -bench . -benchmem -count 6 ./policy ./host
