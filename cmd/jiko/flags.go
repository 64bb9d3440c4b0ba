package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/internal/envconfig"
)

// This file holds what every subcommand shares: its flags, its usage
// text, its errors and its client.

// cmdFlags is a subcommand's flag set with its usage text.
type cmdFlags struct {
	*flag.FlagSet
	e     env
	name  string // "jiko api"
	usage string // the synopsis and a few lines on what the command does
	// flagsText, when set, is printed for the flags instead of their
	// defaults: a command with many flags writes them one to a line.
	flagsText string
}

// newFlags returns the flag set of "jiko name". usage is the synopsis line
// followed by what the command does; -h prints it with the flags.
func newFlags(e env, name, usage string) *cmdFlags {
	fs := flag.NewFlagSet("jiko "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // parse reports errors itself, on one line
	return &cmdFlags{FlagSet: fs, e: e, name: "jiko " + name, usage: usage}
}

// parse parses args, flags and positional arguments in any order, and
// returns the positional ones. It returns ok false and the exit status
// when the command should stop: after -h (0) or a bad flag (2).
func (f *cmdFlags) parse(args []string) (pos []string, code int, ok bool) {
	for {
		if err := f.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				f.printUsage()
				return nil, exitOK, false
			}
			return nil, f.fail("%v", err), false
		}
		args = f.Args()
		if len(args) == 0 {
			return pos, exitOK, true
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), exitOK, true
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// printUsage writes the usage text and the flags to standard output.
func (f *cmdFlags) printUsage() {
	w := f.e.stdout
	fmt.Fprintln(w, "usage: "+strings.TrimSpace(f.usage))
	if f.flagsText != "" {
		fmt.Fprint(w, "\nflags:\n"+f.flagsText)
		return
	}
	n := 0
	f.VisitAll(func(*flag.Flag) { n++ })
	if n > 0 {
		fmt.Fprintln(w, "\nflags:")
		f.SetOutput(w)
		f.PrintDefaults()
		f.SetOutput(io.Discard)
	}
}

// fail prints a usage error on one line and returns the usage status.
func (f *cmdFlags) fail(format string, args ...any) int {
	fmt.Fprintf(f.e.stderr, "%s: %s (run \"%s -h\")\n", f.name, fmt.Sprintf(format, args...), f.name)
	return exitUsage
}

// failed prints err on one line and returns the status it calls for: 2
// for input the SDK refused before sending anything, 1 otherwise.
func (f *cmdFlags) failed(err error) int {
	fmt.Fprintf(f.e.stderr, "%s: %v\n", f.name, err)
	var verr *jiko.ValidationError
	if errors.As(err, &verr) {
		return exitUsage
	}
	return exitFail
}

// connect builds a client from the JIKO_* variables. When they are missing
// or bad it prints why and returns ok false with the usage status.
func (f *cmdFlags) connect(opts ...jiko.ClientOption) (c *jiko.Client, t envconfig.Target, code int, ok bool) {
	t, err := envconfig.Address(f.e.getenv)
	if err == nil {
		c, err = t.Connect(f.e.getenv, nil, opts...)
	}
	if err != nil {
		fmt.Fprintf(f.e.stderr, "%s: %v (see \"jiko help\")\n", f.name, err)
		return nil, t, exitUsage, false
	}
	return c, t, exitOK, true
}

// isTerminal reports whether w is a terminal, where JSON is indented.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// subcommand is one subcommand of a command with several ("jiko webhooks
// listen"): its name and the function that runs it with the arguments
// after it.
type subcommand struct {
	name string
	run  func(ctx context.Context, e env, args []string) int
}

// dispatch runs the subcommand args[0] names among subs; otherwise it
// parses args as "jiko name" (for -h, which prints usage) and refuses a
// missing or unknown subcommand.
func dispatch(ctx context.Context, e env, name, usage string, subs []subcommand, args []string) int {
	names := make([]string, len(subs))
	for i, sc := range subs {
		if len(args) > 0 && args[0] == sc.name {
			return sc.run(ctx, e, args[1:])
		}
		names[i] = sc.name
	}
	want := strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
	f := newFlags(e, name, usage)
	pos, code, ok := f.parse(args)
	switch {
	case !ok:
		return code
	case len(pos) == 0:
		return f.fail("want a subcommand: %s", want)
	}
	return f.fail("unknown subcommand %q: want %s", pos[0], want)
}
