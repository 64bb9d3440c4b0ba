package main

import (
	"errors"

	"github.com/jiko-go/jiko"
)

// This file holds how a command's error becomes its exit status: in one
// place, for every command.

// Exit statuses: 0 for success, 1 when the API or the work failed, 2 for a
// usage error (an unknown command, a bad flag, missing input).
const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
)

// usageError is input a command refuses: an unknown command, a bad flag or
// argument, missing JIKO_* variables. Its text is the whole of what is
// printed; it exits with status 2.
type usageError struct{ text string }

func (e *usageError) Error() string { return e.text }

var (
	// errHelp stops a command after -h printed its usage: status 0.
	errHelp = errors.New("help printed")
	// errReported is a failure the command has already reported (the
	// probe's report shows which classes failed): status 1, nothing more
	// printed.
	errReported = errors.New("failure reported")
)

// exitStatus is the exit status of a command that returned err: 0 for
// none or errHelp; 2 for a usage error, or input the SDK refused before
// sending anything (a [jiko.ValidationError]); 1 for anything else.
func exitStatus(err error) int {
	var uerr *usageError
	var verr *jiko.ValidationError
	switch {
	case err == nil, errors.Is(err, errHelp):
		return exitOK
	case errors.As(err, &uerr), errors.As(err, &verr):
		return exitUsage
	}
	return exitFail
}
