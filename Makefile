# The project's commands. `make test` is what CI runs.
GO              ?= go
STATICCHECK     := honnef.co/go/tools/cmd/staticcheck@v0.8.2
BENCH           ?= .
BENCHCOUNT      ?= 5
POCKETS         ?= 10000

# dist: the version stamped into the binaries; the commit (with a tag when
# there is one) by default.
VERSION         ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
DIST_PLATFORMS  := linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64

.PHONY: test lint bench bench-paging cover quickstart dist

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

## dist: the jiko command for Linux, macOS and Windows (amd64, arm64), with
## VERSION stamped (jiko version prints it), as dist/jiko-VERSION-OS-ARCH[.exe]
dist:
	@mkdir -p dist
	@set -e; for p in $(DIST_PLATFORMS); do \
		os=$${p%/*}; arch=$${p#*/}; ext=; [ $$os = windows ] && ext=.exe; \
		out=dist/jiko-$(VERSION)-$$os-$$arch$$ext; \
		echo "$$out"; \
		CGO_ENABLED=0 GOOS=$$os GOARCH=$$arch $(GO) build -trimpath \
			-ldflags "-s -w -X main.version=$(VERSION)" -o $$out ./cmd/jiko; \
	done
