//go:build unix

package main

import (
	"context"
	"errors"
	"os"
	"time"
)

// parentPoll is how often --exit-with-parent looks at the parent process.
const parentPoll = 250 * time.Millisecond

// watchParent returns a channel closed once the process that started this
// one has exited: its id changes when the orphan is adopted (by init or a
// subreaper). It stops watching when ctx ends.
func watchParent(ctx context.Context) (<-chan struct{}, error) {
	ppid := os.Getppid()
	if ppid == 1 {
		return nil, errors.New("the parent process has already exited")
	}
	gone := make(chan struct{})
	go func() {
		t := time.NewTicker(parentPoll)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if os.Getppid() != ppid {
					close(gone)
					return
				}
			}
		}
	}()
	return gone, nil
}
