// SPDX-License-Identifier: Apache-2.0

package cli

import (
	"errors"
	"fmt"

	"github.com/akashi-badges/akashi/internal/keyfile"
)

func runKeys(e *env, args []string) int {
	if len(args) == 0 || args[0] != "generate" {
		return e.fail(exitUsage, errors.New("usage: akashi keys generate --out FILE"), "")
	}
	fs := newFlags(e, "keys generate", "")
	out := fs.String("out", "", "file to write the new key to (created with mode 0600; never overwritten)")
	if code := parseFlags(e, fs, args[1:]); code >= 0 {
		return code
	}
	if *out == "" {
		return e.fail(exitUsage, errors.New("keys generate: --out is required"), "akashi keys generate --out issuer-key.json")
	}
	k, err := keyfile.Generate()
	if err != nil {
		return e.fail(exitUsage, err, "")
	}
	if err := k.Write(*out); err != nil {
		return e.fail(exitUsage, err, "choose a file name that does not exist yet")
	}
	fmt.Fprintln(e.stdout, k.DID)
	return exitOK
}
