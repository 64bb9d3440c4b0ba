// Command jiko is the Partner API from a terminal: a fake of Jiko for any
// language (serve), signed API calls (api), webhook tools (webhooks,
// trigger, events) and a check of every operation against a sandbox
// (probe).
//
// Install it from a clone of the repository with
//
//	go install ./cmd/jiko
//
// (or "go build -o jiko ./cmd/jiko"; "make dist" builds versioned binaries
// for Linux, macOS and Windows into dist/), and run "jiko help" for the
// list of commands.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/jiko-go/jiko"
)

// version is the build's version, stamped by "make dist" with
// -ldflags "-X main.version=..."; empty in other builds, which print the
// SDK's version.
var version string

// env is what a command reads from its surroundings, so that tests run
// commands in-process with their own streams and variables.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
}

// command is one subcommand: its one-line summary for "jiko help" and the
// function that runs it with the arguments after its name.
type command struct {
	summary string
	run     func(ctx context.Context, e env, args []string) error
}

// commands lists the subcommands in the order "jiko help" prints them.
var commands = []struct {
	name string
	command
}{
	{"serve", command{"run a fake Jiko Partner API on a local port, for any language", runServe}},
	{"api", command{"send a signed call and print the JSON answer", runAPI}},
	{"probe", command{"check every operation the SDK covers against a sandbox", runProbe}},
	{"trigger", command{"have the sandbox deliver a webhook event", runTrigger}},
	{"webhooks", command{"receive, forward, sign and verify webhook deliveries", runWebhooks}},
	{"openapi", command{"print the OpenAPI document of the API as the SDK knows it", runOpenAPI}},
	{"events", command{"list events, their delivery attempts, and resend one", runEvents}},
	{"version", command{"print the version of jiko and the SDK", runVersion}},
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv}, os.Args[1:])
	stop()
	os.Exit(code)
}

// run runs the command args names, prints the line of its error, if any,
// on stderr, and returns the exit status.
func run(ctx context.Context, e env, args []string) int {
	err := runCommand(ctx, e, args)
	if err != nil && !errors.Is(err, errHelp) && !errors.Is(err, errReported) {
		fmt.Fprintln(e.stderr, err)
	}
	return exitStatus(err)
}

// runCommand dispatches to the subcommand named by args[0].
func runCommand(ctx context.Context, e env, args []string) error {
	if len(args) == 0 {
		var b strings.Builder
		usage(&b)
		return &usageError{strings.TrimSuffix(b.String(), "\n")}
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		if len(args) > 1 {
			return runCommand(ctx, e, []string{args[1], "-h"})
		}
		usage(e.stdout)
		return nil
	}
	for _, c := range commands {
		if c.name == args[0] {
			return c.run(ctx, e, args[1:])
		}
	}
	return &usageError{fmt.Sprintf("jiko: unknown command %q (run \"jiko help\")", args[0])}
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "jiko: the Jiko Partner API from a terminal")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "usage: jiko <command> [flags] [arguments]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "commands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "api, trigger, events, probe and webhooks listen --subscribe reach the")
	fmt.Fprintln(w, "deployment JIKO_PARTNER (with JIKO_ENVIRONMENT=sandbox|production) or")
	fmt.Fprintln(w, "JIKO_BASE_URL names, as JIKO_USERNAME with JIKO_PASSWORD, signing with")
	fmt.Fprintln(w, "JIKO_SIGNING_SECRET. trigger EVENT and events resend need jiko serve's")
	fmt.Fprintln(w, "test controls: JIKO_BASE_URL set to its base URL.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, `"jiko <command> -h" describes a command and its flags.`)
}

func runVersion(_ context.Context, e env, args []string) error {
	f := newFlags(e, "version", "jiko version\n\nPrints the version of jiko: the SDK's it is built on, or the one \"make dist\"\nstamped, with the SDK's.")
	pos, err := f.parse(args)
	switch {
	case err != nil:
		return err
	case len(pos) > 0:
		return f.usagef("takes no arguments")
	}
	if version == "" || version == jiko.Version {
		fmt.Fprintf(e.stdout, "jiko %s\n", jiko.Version)
		return nil
	}
	fmt.Fprintf(e.stdout, "jiko %s (SDK %s)\n", version, jiko.Version)
	return nil
}
