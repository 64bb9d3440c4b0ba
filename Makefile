# The project's commands. `make test` is what CI runs.
GO              ?= go
STATICCHECK     := honnef.co/go/tools/cmd/staticcheck@v0.8.2
BENCH           ?= .
BENCHCOUNT      ?= 5
POCKETS         ?= 10000

.PHONY: test lint bench bench-paging cover quickstart

## test: vet, then every test with the race detector; the webhook inbox's
## and the transfer outbox's suites print which database engines ran and
## their chaos figures
test:
	$(GO) vet ./...
	$(GO) test -race -count=1 $$($(GO) list ./... | grep -v -E '/jiko(inbox|outbox)$$')
	@for p in jikoinbox jikooutbox; do \
		$(GO) test -race -count=1 -v ./$$p > $$p.test.out 2>&1; status=$$?; \
		if [ $$status -ne 0 ]; then cat $$p.test.out; else \
		grep -E "^$$p tests:|chaos_test.go:[0-9]+:|^(ok|FAIL)" $$p.test.out; fi; \
		rm -f $$p.test.out; [ $$status -eq 0 ] || exit $$status; \
	done

## lint: gofmt and staticcheck (pinned)
lint:
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) run $(STATICCHECK) ./...

## bench: the benchmarks, with allocations
bench:
	$(GO) test -run '^$$' -bench '$(BENCH)' -benchmem -count=$(BENCHCOUNT) ./...

## bench-paging: the SDK against hand-written code, run alternately: one
## page's decode (sdk/plain), the walk of 1,000 and $(POCKETS) Pockets in
## pages of 30 (sdk/raw, heap growth) and one Pocket read (sdk/raw)
bench-paging:
	$(GO) test -run '^$$' -bench 'PocketPageDecodePaired|PocketsPaging|PocketGetPaired' -benchmem \
		-count=$(BENCHCOUNT) -pockets=$(POCKETS) .

## cover: a coverage profile and its per-function summary
cover:
	$(GO) test -count=1 -coverprofile=cover.out ./...
	$(GO) tool cover -func=cover.out | tail -n 1

## quickstart: the offline quickstart
quickstart:
	$(GO) run ./examples/quickstart
