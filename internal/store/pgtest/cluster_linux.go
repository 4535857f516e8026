// SPDX-License-Identifier: Apache-2.0

package pgtest

import (
	"os"
	"syscall"
)

func setParentDeathSignal(a *syscall.SysProcAttr) { a.Pdeathsig = syscall.SIGINT }

// shm is Linux's memory-backed file system. A throw-away cluster there
// runs the tests several times faster than on disk: creating a database
// copies a thousand files.
const shm = "/dev/shm"

// minShm is the free space below which shm is not used (containers often
// give it only 64 MiB, which PostgreSQL itself needs).
const minShm = 1 << 30

// clusterParent returns the directory to create the cluster in.
func clusterParent() string {
	var st syscall.Statfs_t
	if err := syscall.Statfs(shm, &st); err != nil || st.Bavail*uint64(st.Bsize) < minShm {
		return os.TempDir()
	}
	if f, err := os.CreateTemp(shm, "akashi-pgtest-probe-"); err == nil {
		f.Close()
		os.Remove(f.Name())
		return shm
	}
	return os.TempDir()
}
