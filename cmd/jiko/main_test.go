package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/jiko-go/jiko"
)

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// jikoBinary builds the command once per test run and returns its path, so
// that tests run it as a user would.
func jikoBinary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "jiko-bin-")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "jiko")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			buildErr = &buildError{err: err, out: string(out)}
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

type buildError struct {
	err error
	out string
}

func (e *buildError) Error() string { return "go build: " + e.err.Error() + "\n" + e.out }

// runJiko runs the built command with args and extra environment variables
// and returns its standard output, standard error and exit status.
func runJiko(t testing.TB, stdin string, envs []string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(jikoBinary(t), args...)
	cmd.Env = append(os.Environ(), envs...)
	cmd.Stdin = strings.NewReader(stdin)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return o.String(), e.String(), ee.ExitCode()
	}
	if err != nil {
		t.Fatal(err)
	}
	return o.String(), e.String(), 0
}

func TestVersionAndHelp(t *testing.T) {
	t.Parallel()
	out, _, code := runJiko(t, "", nil, "version")
	if code != 0 || out != "jiko "+jiko.Version+"\n" {
		t.Fatalf("version: %d %q", code, out)
	}
	out, _, code = runJiko(t, "", nil, "help")
	if code != 0 || !strings.Contains(out, "version") {
		t.Fatalf("help: %d %q", code, out)
	}
	_, errOut, code := runJiko(t, "", nil, "frobnicate")
	if code != 2 || errOut != "jiko: unknown command \"frobnicate\" (run \"jiko help\")\n" {
		t.Fatalf("unknown command: %d %q", code, errOut)
	}
	_, _, code = runJiko(t, "", nil)
	if code != 2 {
		t.Fatalf("no command: %d", code)
	}
}

// The version "make dist" stamps with -ldflags -X main.version is the one
// "jiko version" prints, with the SDK's.
func TestVersionStamped(t *testing.T) {
	t.Parallel()
	bin := filepath.Join(t.TempDir(), "jiko")
	if out, err := exec.Command("go", "build", "-ldflags", "-X main.version=v9.8.7-test", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "version").Output()
	if err != nil || string(out) != "jiko v9.8.7-test (SDK "+jiko.Version+")\n" {
		t.Fatalf("version: %v %q", err, out)
	}
}
