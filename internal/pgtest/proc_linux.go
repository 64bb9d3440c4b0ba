package pgtest

import (
	"fmt"
	"os"
	"os/user"
	"strconv"
	"syscall"
)

// runAs returns the process attributes of the server's commands: as the
// postgres user, or nobody, when the test runs as root (which initdb and
// postgres refuse), dir being handed to that user; as the test's own user
// otherwise. A server (long) is sent SIGQUIT, an immediate shutdown, if
// the test binary dies without stopping it.
func runAs(dir string) (func(long bool) *syscall.SysProcAttr, error) {
	var cred *syscall.Credential
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			if u, err = user.Lookup("nobody"); err != nil {
				return nil, fmt.Errorf("pgtest: running as root, and no postgres or nobody user to run the server as: %w", err)
			}
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			return nil, fmt.Errorf("pgtest: %w", err)
		}
		cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
	}
	return func(long bool) *syscall.SysProcAttr {
		a := &syscall.SysProcAttr{Credential: cred}
		if long {
			a.Pdeathsig = syscall.SIGQUIT
		}
		return a
	}, nil
}
