//go:build windows

package main

import (
	"context"
	"os"
	"syscall"
)

// watchParent returns a channel closed once the process that started this
// one has exited, waiting on a handle to it. ctx is not needed: the wait
// ends with the process.
func watchParent(context.Context) (<-chan struct{}, error) {
	h, err := syscall.OpenProcess(syscall.SYNCHRONIZE, false, uint32(os.Getppid()))
	if err != nil {
		return nil, err
	}
	gone := make(chan struct{})
	go func() {
		defer syscall.CloseHandle(h)
		_, _ = syscall.WaitForSingleObject(h, syscall.INFINITE)
		close(gone)
	}()
	return gone, nil
}
