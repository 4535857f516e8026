// SPDX-License-Identifier: Apache-2.0

//go:build !unix

package pgtest

import (
	"errors"
	"syscall"
)

type procAttr struct{}

// serverUser reports that pgtest does not run PostgreSQL on this system.
func serverUser() (*procAttr, error) {
	return nil, errors.New("pgtest runs PostgreSQL on unix systems only")
}

func makeDir(*procAttr) (string, error) { return "", errors.ErrUnsupported }

func (*procAttr) sys(bool) *syscall.SysProcAttr { return nil }
