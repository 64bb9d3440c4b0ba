# The project's commands. `make test` is what CI runs.
GO              ?= go
STATICCHECK     := honnef.co/go/tools/cmd/staticcheck@v0.8.2
BENCH           ?= .
BENCHCOUNT      ?= 5

# dist: the version stamped into the binaries; the commit (with a tag when
# there is one) by default.
VERSION         ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
DIST_PLATFORMS  := linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64

.PHONY: test lint bench cover quickstart dist

## test: vet, then every test with the race detector; the webhook inbox's
## suite prints which database engines ran and its chaos figures
test:
	$(GO) vet ./...
	$(GO) test -race -count=1 $$($(GO) list ./... | grep -v '/jikoinbox$$')
	@$(GO) test -race -count=1 -v ./jikoinbox > jikoinbox.test.out 2>&1; status=$$?; \
	if [ $$status -ne 0 ]; then cat jikoinbox.test.out; else \
	grep -E '^jikoinbox tests:|chaos_test.go:[0-9]+:|^(ok|FAIL)' jikoinbox.test.out; fi; \
	rm -f jikoinbox.test.out; exit $$status

## lint: gofmt and staticcheck (pinned)
lint:
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) run $(STATICCHECK) ./...

## bench: the benchmarks, with allocations
bench:
	$(GO) test -run '^$$' -bench '$(BENCH)' -benchmem -count=$(BENCHCOUNT) ./...

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
