// SPDX-License-Identifier: Apache-2.0

package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/akashi-badges/akashi/internal/bake"
	"github.com/akashi-badges/akashi/internal/verify"
)

func runBake(e *env, args []string) int {
	fs := newFlags(e, "bake", "")
	image := fs.String("image", "", "the badge image, PNG or SVG")
	cred := fs.String("credential", "", "the credential: OB 3.0 JSON or VC-JWT, OB 2.0 assertion JSON or signed JWS")
	out := fs.String("out", "", "where to write the baked image")
	if code := parseFlags(e, fs, args); code >= 0 {
		return code
	}
	if *image == "" || *cred == "" || *out == "" {
		return e.fail(exitUsage, errors.New("bake: need --image, --credential and --out"), "akashi bake --image badge.png --credential signed.json --out baked.png")
	}
	img, err := readInput(e, *image)
	if err != nil {
		return e.fail(exitUsage, err, "")
	}
	data, err := readInput(e, *cred)
	if err != nil {
		return e.fail(exitUsage, err, "")
	}
	p, err := payloadFor(bytes.TrimSpace(data))
	if err != nil {
		return e.fail(exitUsage, err, "")
	}
	baked, err := bake.Bake(img, p, nil)
	if err != nil {
		return e.fail(exitFailed, err, "")
	}
	if err := writeOutput(e, *out, baked); err != nil {
		return e.fail(exitUsage, err, "")
	}
	return exitOK
}

// payloadFor decides which Open Badges version a credential is, and for an
// OB 2.0 hosted assertion, its URL.
func payloadFor(data []byte) (bake.Payload, error) {
	p := bake.Payload{Version: bake.OB3, Data: data}
	switch verify.Sniff(data) {
	case "jwt":
		if verify.IsOB2JWS(string(data)) {
			p.Version = bake.OB2
		}
		return p, nil
	case "json":
		var m map[string]any
		if err := json.Unmarshal(data, &m); err != nil {
			return p, fmt.Errorf("bake: the credential is not valid JSON: %w", err)
		}
		if verify.IsOB2(m) {
			p.Version = bake.OB2
			p.HostedURL, _ = m["id"].(string)
		}
		return p, nil
	}
	return p, errors.New("bake: the credential must be JSON or a compact JWS")
}

func runUnbake(e *env, args []string) int {
	fs := newFlags(e, "unbake", "IMAGE")
	if code := parseFlags(e, fs, args); code >= 0 {
		return code
	}
	if fs.NArg() != 1 {
		return e.fail(exitUsage, errors.New("unbake: need one IMAGE"), "akashi unbake baked.png")
	}
	img, err := readInput(e, fs.Arg(0))
	if err != nil {
		return e.fail(exitUsage, err, "")
	}
	p, err := bake.Unbake(img, nil)
	if err != nil {
		return e.fail(exitFailed, err, "")
	}
	if len(p.Data) == 0 {
		fmt.Fprintln(e.stdout, p.HostedURL)
		return exitOK
	}
	e.stdout.Write(bytes.TrimRight(p.Data, "\n"))
	fmt.Fprintln(e.stdout)
	return exitOK
}
