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
// returns the positional ones. It returns errHelp after -h, which printed
// the usage, and a usage error for a bad flag.
func (f *cmdFlags) parse(args []string) (pos []string, err error) {
	for {
		if err := f.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				f.printUsage()
				return nil, errHelp
			}
			return nil, f.usagef("%v", err)
		}
		args = f.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
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

// usagef returns a usage error of the command: its line names the
// command and says how to get its help.
func (f *cmdFlags) usagef(format string, args ...any) error {
	return &usageError{fmt.Sprintf("%s: %s (run \"%s -h\")", f.name, fmt.Sprintf(format, args...), f.name)}
}

// failure returns err as the command's failure, its line led by the
// command's name. Its exit status is err's (see exitStatus): 2 for input
// the SDK refused before sending anything, 1 otherwise.
func (f *cmdFlags) failure(err error) error {
	return fmt.Errorf("%s: %w", f.name, err)
}

// connect builds a client from the JIKO_* variables. When they are missing
// or bad it returns a usage error that says why.
func (f *cmdFlags) connect(opts ...jiko.ClientOption) (c *jiko.Client, t envconfig.Target, err error) {
	t, err = envconfig.Address(f.e.getenv)
	if err == nil {
		c, err = t.Connect(f.e.getenv, nil, opts...)
	}
	if err != nil {
		return nil, t, f.envError(err)
	}
	return c, t, nil
}

// envError is the usage error of JIKO_* variables that are missing or
// bad.
func (f *cmdFlags) envError(err error) error {
	return &usageError{fmt.Sprintf("%s: %v (see \"jiko help\")", f.name, err)}
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
	run  func(ctx context.Context, e env, args []string) error
}

// dispatch runs the subcommand args[0] names among subs; otherwise it
// parses args as "jiko name" (for -h, which prints usage) and refuses a
// missing or unknown subcommand.
func dispatch(ctx context.Context, e env, name, usage string, subs []subcommand, args []string) error {
	names := make([]string, len(subs))
	for i, sc := range subs {
		if len(args) > 0 && args[0] == sc.name {
			return sc.run(ctx, e, args[1:])
		}
		names[i] = sc.name
	}
	want := strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
	f := newFlags(e, name, usage)
	pos, err := f.parse(args)
	switch {
	case err != nil:
		return err
	case len(pos) == 0:
		return f.usagef("want a subcommand: %s", want)
	}
	return f.usagef("unknown subcommand %q: want %s", pos[0], want)
}
