// Package pgtest runs a throwaway PostgreSQL server for tests: a cluster
// made by initdb in a temporary directory, listening only on a Unix socket
// in that directory, with durability off (fsync, synchronous commit) for
// speed. It needs the server's binaries (Debian's postgresql package puts
// them in /usr/lib/postgresql/<version>/bin), and runs them as the
// postgres user (or nobody) when the test runs as root, which the server
// refuses.
package pgtest

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// ErrNotInstalled is returned by [Start] when no PostgreSQL binaries are
// found.
var ErrNotInstalled = errors.New("pgtest: PostgreSQL is not installed (no initdb and postgres in /usr/lib/postgresql/*/bin or on PATH; apt-get install postgresql)")

// startTimeout bounds the wait for the server to accept connections.
const startTimeout = time.Minute

// port names the socket file (.s.PGSQL.<port>); no TCP port is opened.
const port = 5432

// Server is a running throwaway PostgreSQL server.
type Server struct {
	dir     string
	version string
	cmd     *exec.Cmd
	exited  chan struct{}
	stopped sync.Once
	err     error
}

// Start makes a cluster in a new temporary directory and starts its
// server, returning once it accepts connections. Stop it with
// [Server.Stop]; should the test binary die first, the server is sent
// SIGQUIT and stops too.
func Start() (*Server, error) {
	bin, err := binDir()
	if err != nil {
		return nil, err
	}
	// Under /tmp, not a test's long TempDir: a socket path is at most 107
	// bytes.
	dir, err := os.MkdirTemp("", "pgtest")
	if err != nil {
		return nil, err
	}
	s := &Server{dir: dir, exited: make(chan struct{})}
	if err := s.start(bin); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return s, nil
}

func (s *Server) start(bin string) error {
	as, err := runAs(s.dir)
	if err != nil {
		return err
	}
	data := filepath.Join(s.dir, "data")
	initdb := exec.Command(filepath.Join(bin, "initdb"), "-D", data, "-U", "postgres",
		"--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync")
	initdb.Dir, initdb.Env, initdb.SysProcAttr = s.dir, []string{"LC_ALL=C", "TZ=UTC"}, as(false)
	if out, err := initdb.CombinedOutput(); err != nil {
		return fmt.Errorf("pgtest: initdb: %w\n%s", err, out)
	}
	ver, err := os.ReadFile(filepath.Join(data, "PG_VERSION"))
	if err != nil {
		return fmt.Errorf("pgtest: %w", err)
	}
	s.version = strings.TrimSpace(string(ver))
	s.cmd = exec.Command(filepath.Join(bin, "postgres"), "-D", data, "-k", s.dir, "-p", strconv.Itoa(port),
		"-c", "listen_addresses=", "-c", "fsync=off", "-c", "synchronous_commit=off",
		"-c", "full_page_writes=off", "-c", "max_connections=200", "-c", "log_min_error_statement=panic")
	s.cmd.Dir, s.cmd.Env, s.cmd.SysProcAttr = s.dir, []string{"LC_ALL=C", "TZ=UTC"}, as(true)
	stderr, err := s.cmd.StderrPipe()
	if err != nil {
		return err
	}
	if err := s.cmd.Start(); err != nil {
		return fmt.Errorf("pgtest: postgres: %w", err)
	}
	go func() { s.err = s.cmd.Wait(); close(s.exited) }()
	// The server says when it is ready; until then keep what it says for
	// the error. It goes on logging, so the pipe is drained until it exits.
	ready := make(chan []string, 1)
	go func() {
		lines := bufio.NewScanner(stderr)
		var said []string
		for lines.Scan() {
			said = append(said, lines.Text())
			if strings.Contains(lines.Text(), "database system is ready to accept connections") {
				ready <- nil
				_, _ = io.Copy(io.Discard, stderr)
				return
			}
		}
		ready <- said
	}()
	timeout := time.NewTimer(startTimeout)
	defer timeout.Stop()
	select {
	case said := <-ready:
		if said == nil {
			return nil
		}
		<-s.exited
		return fmt.Errorf("pgtest: postgres did not start: %v\n%s", s.err, strings.Join(said, "\n"))
	case <-timeout.C:
		_ = s.cmd.Process.Kill()
		<-s.exited
		return fmt.Errorf("pgtest: postgres did not start within %v", startTimeout)
	}
}

// Version returns the server's major version, such as "15".
func (s *Server) Version() string { return s.version }

// DSN returns a connection string for database dbname as the superuser
// postgres, in the key=value form that pgx and lib/pq read.
func (s *Server) DSN(dbname string) string {
	return fmt.Sprintf("host=%s port=%d user=postgres dbname=%s sslmode=disable", s.dir, port, dbname)
}

// Stop shuts the server down (fast shutdown: open transactions are rolled
// back) and removes its directory.
func (s *Server) Stop() error {
	s.stopped.Do(func() {
		_ = s.cmd.Process.Signal(os.Interrupt)
		<-s.exited
		s.err = os.RemoveAll(s.dir)
	})
	return s.err
}

// binDir finds the newest /usr/lib/postgresql/<version>/bin holding
// initdb and postgres, or the directory of initdb on PATH.
func binDir() (string, error) {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	slices.SortFunc(dirs, func(a, b string) int { return majorOf(b) - majorOf(a) })
	for _, d := range dirs {
		if executable(filepath.Join(d, "initdb")) && executable(filepath.Join(d, "postgres")) {
			return d, nil
		}
	}
	if p, err := exec.LookPath("initdb"); err == nil && executable(filepath.Join(filepath.Dir(p), "postgres")) {
		return filepath.Dir(p), nil
	}
	return "", ErrNotInstalled
}

func majorOf(bin string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(bin)))
	return n
}

func executable(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0
}
