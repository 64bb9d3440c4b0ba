package main

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"maps"
	"net"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/jikotest"
)

// defaultServeAddr is where jiko serve listens unless told otherwise: a
// fixed loopback port, so that a partner's configuration can name it.
const defaultServeAddr = "127.0.0.1:8765"

// serveReadTimeouts bound how long a request's header and its body may
// take to arrive: a client that declares a body and never sends it gets
// 408 rather than holding a connection forever. The body's bound is ample
// for a 50 MB upload on loopback. Tests shorten them.
var serveReadTimeouts = struct{ header, body time.Duration }{10 * time.Second, time.Minute}

// seedBalance is what the seeded Pocket holds at start, in cents: enough
// for a newcomer to move money.
const seedBalance = 1_000_00

// saveDelay gathers the changes of a burst of requests into one save of
// the --data file.
const saveDelay = 200 * time.Millisecond

// serveSettings are the credentials the fake takes and the ids it was
// seeded with: printed at start and kept in the --data file.
type serveSettings struct {
	Username       string `json:"username"`
	Password       string `json:"password"`
	SigningSecret  string `json:"signing_secret"`
	CustomerID     string `json:"customer_id,omitempty"`
	PocketID       string `json:"pocket_id,omitempty"`
	CounterpartyID string `json:"counterparty_id,omitempty"`
	// Fixtures are the ids of the --fixtures file's objects, by ref.
	Fixtures map[string]string `json:"fixtures,omitempty"`
}

// serveInfo is what jiko serve prints at start (as one JSON object with
// --json): where the fake is and what to call it with.
type serveInfo struct {
	BaseURL string `json:"base_url"`
	serveSettings
	Controls string `json:"controls"`
	// OpenAPI is where the API's OpenAPI document is served.
	OpenAPI string `json:"openapi"`
	Data    string `json:"data,omitempty"`
}

// serveFile is the --data file: the seeded start (for reset), the data
// now, and what a restarted server needs to answer as before (the
// credentials, the seeded ids, how far the clock was moved on).
type serveFile struct {
	Format string `json:"format"`
	serveSettings
	ClockOffset time.Duration   `json:"clock_offset_ns"`
	Seed        json.RawMessage `json:"seed"`
	State       json.RawMessage `json:"state"`
}

const serveFileFormat = "jiko-serve/1"

// serveUsage is the synopsis of "jiko serve" and what it does.
const serveUsage = `jiko serve [--addr A] [--data F] [--fixtures F] [--json] [flags]

Runs a fake Jiko Partner API (jikotest) until interrupted, seeded or loaded
with --fixtures; prints its URL and credentials, logs webhook attempts on
stderr. Controls: /_jikotest/openapi.yaml. A request's header must come in
10s (or its connection closes), its body in 1m (or 408 Request Timeout).`

func runServe(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "serve", serveUsage)
	addr := fs.String("addr", defaultServeAddr, "host:port to listen on; port 0 picks a free one")
	dataPath := fs.String("data", "", "a file that keeps the data across restarts")
	asJSON := fs.Bool("json", false, "print the settings as one JSON object; logs on stderr")
	username := fs.String("username", "", "the login's username (default: random, or --data's)")
	password := fs.String("password", "", "the login's password (default: random, or --data's)")
	secret := fs.String("signing-secret", "", "the signing secret (default: random, or --data's)")
	fixtures := fs.String("fixtures", "", "start with this JSON `file` of customers, Pockets, cards, counterparties")
	exitWithParent := fs.Bool("exit-with-parent", false, "stop when the process that started this one exits (go run)")
	pos, err := fs.parse(args)
	switch {
	case err != nil:
		return err
	case len(pos) > 0:
		return fs.usagef("unexpected argument %q", pos[0])
	}

	var fixtureData []byte
	if *fixtures != "" {
		var err error
		if fixtureData, err = os.ReadFile(*fixtures); err == nil {
			_, err = jikotest.ParseFixtures(fixtureData)
		}
		if err != nil {
			return fs.failure(fmt.Errorf("--fixtures: %w", err))
		}
	}
	var saved *serveFile
	if *dataPath != "" {
		var err error
		if saved, err = readServeFile(*dataPath); err != nil {
			return fs.failure(err)
		}
	}
	l, err := net.Listen("tcp", *addr)
	if err != nil {
		return fs.failure(err)
	}
	if ip := l.Addr().(*net.TCPAddr).IP; !ip.IsLoopback() {
		fmt.Fprintf(e.stderr, "jiko serve: warning: listening on %s, not a loopback address: anyone who reaches it can use the test controls, which take no credentials\n", l.Addr())
	}

	if saved != nil && fixtureData != nil {
		fmt.Fprintf(e.stderr, "jiko serve: --fixtures not applied: %s already holds the data\n", *dataPath)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if *exitWithParent {
		gone, err := watchParent(ctx)
		if err != nil {
			return fs.failure(fmt.Errorf("--exit-with-parent: %w", err))
		}
		go func() {
			select {
			case <-gone:
				fmt.Fprintln(e.stderr, "jiko serve: the parent process exited; stopping")
				cancel()
			case <-ctx.Done():
			}
		}()
	}

	logger := slog.New(slog.NewTextHandler(e.stderr, nil))
	srv, f, clock, err := openServer(l, saved, serveFile{serveSettings: serveSettings{Username: *username, Password: *password, SigningSecret: *secret}},
		fixtureData, jikotest.WithWebhookLogger(logger), jikotest.WithReadTimeouts(serveReadTimeouts.header, serveReadTimeouts.body))
	if err != nil {
		return fs.failure(err)
	}
	defer srv.Close()

	var sv *saver
	controls := jikotest.Controls{Clock: clock, Seed: f.Seed, OpenAPI: jikotest.ControlOpenAPI}
	if *dataPath != "" {
		sv = newSaver(*dataPath, srv, clock, f, e.stderr)
		controls.OnChange = sv.kick
		if err := sv.save(); err != nil {
			return fs.failure(err)
		}
		go sv.run(ctx)
	}
	if err := srv.EnableControls(controls); err != nil {
		return fs.failure(err)
	}

	info := serveInfo{BaseURL: srv.URL, serveSettings: f.serveSettings,
		Controls: srv.URL + jikotest.ControlPrefix, OpenAPI: srv.URL + "/openapi.json", Data: *dataPath}
	if *asJSON {
		_ = json.NewEncoder(e.stdout).Encode(info)
	} else {
		printServeInfo(e.stdout, info)
	}
	fmt.Fprintf(e.stderr, "jiko serve: listening on %s; interrupt to stop\n", srv.URL)

	<-ctx.Done()
	srv.Close()
	if sv != nil {
		sv.wait()
		if err := sv.save(); err != nil {
			return fs.failure(err)
		}
	}
	fmt.Fprintln(e.stderr, "jiko serve: stopped")
	return nil
}

// openServer starts the fake on l with the data of saved, or, when there
// is none, with the fixtures (a checked fixtures file) or else the default
// seed, and the credentials of flags where set (else saved's, else
// random). It returns the server, what the data file holds of it, and its
// clock.
func openServer(l net.Listener, saved *serveFile, flags serveFile, fixtures []byte, opts ...jikotest.Option) (*jikotest.Server, serveFile, *jikotest.Clock, error) {
	f := serveFile{Format: serveFileFormat}
	if saved != nil {
		f = *saved
	}
	f.Username = cmp.Or(flags.Username, f.Username, "partner-"+randomText(6))
	f.Password = cmp.Or(flags.Password, f.Password, randomText(18))
	f.SigningSecret = cmp.Or(flags.SigningSecret, f.SigningSecret, randomText(24))
	clock := jikotest.NewWallClock(f.ClockOffset)
	srv := jikotest.NewServer(append([]jikotest.Option{jikotest.WithListener(l), jikotest.WithClock(clock),
		jikotest.WithCredentials(f.Username, f.Password), jikotest.WithSigningSecret(f.SigningSecret)}, opts...)...)
	var err error
	switch {
	case saved == nil && fixtures != nil:
		if f.Fixtures, err = srv.LoadFixtures(fixtures); err == nil {
			f.Seed, err = srv.Snapshot()
		}
	case saved == nil:
		f.Seed, err = seed(srv, &f)
	default:
		if err = srv.Restore(saved.State); err != nil {
			err = fmt.Errorf("the data file: %w", err)
		}
	}
	if err != nil {
		srv.Close()
		return nil, f, nil, err
	}
	return srv, f, clock, nil
}

func printServeInfo(w io.Writer, info serveInfo) {
	fmt.Fprintf(w, "Fake Jiko Partner API (jikotest) at %s\n\n", info.BaseURL)
	fmt.Fprintf(w, "  base URL        %s\n", info.BaseURL)
	fmt.Fprintf(w, "  username        %s\n", info.Username)
	fmt.Fprintf(w, "  password        %s\n", info.Password)
	fmt.Fprintf(w, "  signing secret  %s\n", info.SigningSecret)
	if info.PocketID != "" {
		fmt.Fprintf(w, "  customer        %s\n", info.CustomerID)
		fmt.Fprintf(w, "  pocket          %s ($%d.%02d)\n", info.PocketID, seedBalance/100, seedBalance%100)
		fmt.Fprintf(w, "  counterparty    %s (ACH, verified)\n", info.CounterpartyID)
	}
	for _, ref := range slices.Sorted(maps.Keys(info.Fixtures)) {
		fmt.Fprintf(w, "  %-15s %s\n", ref, info.Fixtures[ref])
	}
	fmt.Fprintf(w, "  controls        %s (see %sopenapi.yaml)\n", info.Controls, info.Controls)
	fmt.Fprintf(w, "  openapi         %s (the API, no credentials)\n", info.OpenAPI)
	if info.Data != "" {
		fmt.Fprintf(w, "  data            %s\n", info.Data)
	}
}

// seed adds the starting data, a customer with a funded Pocket and a
// verified ACH counterparty, records their ids in f and returns the
// snapshot that reset comes back to.
func seed(srv *jikotest.Server, f *serveFile) (json.RawMessage, error) {
	f.CustomerID = srv.AddCustomer("")
	f.PocketID = srv.AddPocket(f.CustomerID, jikotest.PocketSeed{Name: "Starter Pocket", Balance: seedBalance}).ID
	var err error
	if f.CounterpartyID, err = srv.AddCounterparty(f.CustomerID, jikotest.CounterpartySeed{Type: jiko.CounterpartyTypeACH, Verified: true}); err != nil {
		return nil, err
	}
	return srv.Snapshot()
}

// randomText returns n random URL-safe characters, for credentials.
func randomText(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)[:n]
}

func readServeFile(path string) (*serveFile, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var f serveFile
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("%s: not a jiko serve data file: %v", path, err)
	}
	if f.Format != serveFileFormat {
		return nil, fmt.Errorf("%s: format %q, want %q", path, f.Format, serveFileFormat)
	}
	return &f, nil
}

// saver writes the --data file a moment after the data changed, and once
// more at shutdown.
type saver struct {
	path  string
	srv   *jikotest.Server
	clock *jikotest.Clock
	file  serveFile
	log   io.Writer
	kicks chan struct{}
	done  chan struct{}
	mu    sync.Mutex // one save at a time
}

func newSaver(path string, srv *jikotest.Server, clock *jikotest.Clock, f serveFile, log io.Writer) *saver {
	return &saver{path: path, srv: srv, clock: clock, file: f, log: log, kicks: make(chan struct{}, 1), done: make(chan struct{})}
}

// kick says the data changed; it never blocks.
func (s *saver) kick() {
	select {
	case s.kicks <- struct{}{}:
	default:
	}
}

// run saves saveDelay after each kick until ctx ends.
func (s *saver) run(ctx context.Context) {
	defer close(s.done)
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.kicks:
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(saveDelay):
		}
		if err := s.save(); err != nil {
			fmt.Fprintf(s.log, "jiko serve: %v\n", err)
		}
	}
}

// wait waits for run to return, once its ctx has ended.
func (s *saver) wait() { <-s.done }

// save writes the file atomically: a temporary file in the same
// directory, renamed over the old one.
func (s *saver) save() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	state, err := s.srv.Snapshot()
	if err != nil {
		return err
	}
	f := s.file
	f.State, f.ClockOffset = state, s.clock.Offset()
	b, err := json.Marshal(f)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(s.path), "."+filepath.Base(s.path)+".tmp*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after the rename, there is nothing to remove
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), s.path)
}
