// SPDX-License-Identifier: Apache-2.0

//go:build unix

package pgtest

import (
	"fmt"
	"os"
	"os/user"
	"strconv"
	"syscall"
)

// procAttr says which OS user runs initdb and postgres: nil for the
// current user.
type procAttr struct{ uid, gid uint32 }

// serverUser returns the "postgres" OS user when running as root, since
// PostgreSQL refuses to run as root, and nil otherwise.
func serverUser() (*procAttr, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, fmt.Errorf("running as root and there is no postgres OS user to run PostgreSQL as")
	}
	uid, err1 := strconv.ParseUint(u.Uid, 10, 32)
	gid, err2 := strconv.ParseUint(u.Gid, 10, 32)
	if err1 != nil || err2 != nil {
		return nil, fmt.Errorf("postgres OS user has ids %s:%s", u.Uid, u.Gid)
	}
	return &procAttr{uid: uint32(uid), gid: uint32(gid)}, nil
}

// makeDir creates the cluster's directory, owned by the server's user.
func makeDir(a *procAttr) (string, error) {
	dir, err := os.MkdirTemp(clusterParent(), "akashi-pgtest-")
	if err != nil {
		return "", err
	}
	if a != nil {
		if err := os.Chown(dir, int(a.uid), int(a.gid)); err != nil {
			os.RemoveAll(dir)
			return "", err
		}
	}
	return dir, nil
}

// sys returns the SysProcAttr that runs a child as the server's user; with
// server set, the child also gets SIGINT (a fast shutdown) if the test
// binary dies without stopping it.
func (a *procAttr) sys(server bool) *syscall.SysProcAttr {
	attr := &syscall.SysProcAttr{}
	if a != nil {
		attr.Credential = &syscall.Credential{Uid: a.uid, Gid: a.gid, NoSetGroups: true}
	}
	if server {
		setParentDeathSignal(attr)
	}
	return attr
}
