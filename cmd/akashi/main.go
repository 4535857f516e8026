// SPDX-License-Identifier: Apache-2.0

// Command akashi is the Open Badges platform: the server, and the credential
// engine from the shell (keys, sign, verify, bake, unbake).
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/akashi-badges/akashi/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
