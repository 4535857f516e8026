// SPDX-License-Identifier: Apache-2.0

//go:build unix && !linux

package pgtest

import (
	"os"
	"syscall"
)

// setParentDeathSignal does nothing: only Linux has a parent-death signal.
func setParentDeathSignal(*syscall.SysProcAttr) {}

// clusterParent returns the directory to create the cluster in.
func clusterParent() string { return os.TempDir() }
