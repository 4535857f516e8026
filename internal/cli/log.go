// SPDX-License-Identifier: Apache-2.0

package cli

import (
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode"

	"golang.org/x/mod/sumdb/note"

	"github.com/akashi-badges/akashi/internal/anchor"
	"github.com/akashi-badges/akashi/internal/logaudit"
	"github.com/akashi-badges/akashi/internal/witness"
)

// runLog dispatches the transparency-log subcommands.
func runLog(e *env, args []string) int {
	if len(args) > 0 && args[0] == "audit" {
		return runLogAudit(e, args[1:])
	}
	return e.fail(exitUsage, errors.New("usage: akashi log audit [flags] URL"), "akashi log audit --state log.state https://badges.example")
}

func runLogAudit(e *env, args []string) int {
	fs := newFlags(e, "log audit", "URL")
	logKey := fs.String("log-key", "", "the log's checkpoint key (from /log/key), or a file holding it; empty trusts the key the log serves")
	state := fs.String("state", "", "file remembering the last checkpoint audited clean: the log must extend it (written after a clean audit)")
	var witnessKeys keyList
	fs.Var(&witnessKeys, "witness-key", "a witness's verifier key that must have cosigned the checkpoint; repeat for several")
	threshold := fs.Int("witness-threshold", 0, "how many of the --witness-key witnesses must have cosigned (default: all)")
	timeout := fs.Duration("timeout", time.Minute, "time limit for each request")
	anchorRPC := fs.String("anchor-rpc", "", "JSON-RPC URL of a node of the chain the log anchors in: check every anchor the log lists")
	if code := parseFlags(e, fs, args); code >= 0 {
		return code
	}
	if fs.NArg() != 1 {
		return e.fail(exitUsage, errors.New("log audit: need one URL"), "akashi log audit https://badges.example (the instance, or its /log)")
	}
	opts := logaudit.Options{WitnessKeys: witnessKeys, Threshold: *threshold, FetchTimeout: *timeout}
	if len(witnessKeys) > 0 && opts.Threshold == 0 {
		opts.Threshold = len(witnessKeys)
	}
	if opts.Threshold > len(witnessKeys) {
		return e.fail(exitUsage, fmt.Errorf("log audit: --witness-threshold %d with %d --witness-key", opts.Threshold, len(witnessKeys)), "")
	}
	if len(witnessKeys) > 0 {
		c, err := cosignatureCounter(witnessKeys)
		if err != nil {
			return e.fail(exitUsage, err, "witness keys look like witness.example+1234abcd+BASE64 (akashi witness keygen prints one)")
		}
		opts.Cosigned = c
	}
	if *logKey != "" {
		k, err := readKey(e, *logKey)
		if err != nil {
			return e.fail(exitUsage, err, "")
		}
		opts.LogKey = k
	}
	if *state != "" {
		prev, err := os.ReadFile(*state)
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return e.fail(exitUsage, err, "")
		}
		opts.Previous = prev
	}
	if *anchorRPC != "" {
		c, err := anchor.Dial(e.ctx, *anchorRPC)
		if err != nil {
			return e.fail(exitUsage, err, "")
		}
		defer c.Close()
		opts.Anchors = c
	}
	res, err := logaudit.Audit(e.ctx, &http.Client{}, fs.Arg(0), opts)
	if err != nil {
		return e.fail(exitUsage, err, "")
	}
	printAudit(e.stdout, res)
	if !res.Clean() {
		return exitFailed
	}
	if *state != "" {
		if err := writeFileAtomic(*state, res.Checkpoint); err != nil {
			return e.fail(exitUsage, fmt.Errorf("log audit: remembering the checkpoint: %w", err), "")
		}
	}
	return exitOK
}

// readKey returns a verifier key given as is or in a file (a key always
// holds a "+", a path seldom does).
func readKey(e *env, s string) (string, error) {
	if strings.Contains(s, "+") {
		return s, nil
	}
	b, err := readInput(e, s)
	return strings.TrimSpace(string(b)), err
}

// keyList is a repeatable flag; one value (or AKASHI_WITNESS_KEY) may hold
// several keys separated by ";" or spaces, which keys never contain.
type keyList []string

func (l *keyList) String() string { return strings.Join(*l, ";") }

func (l *keyList) Set(s string) error {
	*l = append(*l, strings.FieldsFunc(s, func(r rune) bool { return r == ';' || unicode.IsSpace(r) })...)
	return nil
}

func printAudit(w io.Writer, r *logaudit.Result) {
	if r.Origin != "" {
		fmt.Fprintf(w, "log     %s\n", r.Origin)
		fmt.Fprintf(w, "size    %d\n", r.Size)
		fmt.Fprintf(w, "root    %s\n", base64.StdEncoding.EncodeToString(r.Root[:]))
	}
	fmt.Fprintf(w, "key     %s\n", r.LogKey)
	if len(r.Kinds) > 0 {
		kinds := make([]string, 0, len(r.Kinds))
		for k := range r.Kinds {
			kinds = append(kinds, k)
		}
		sort.Strings(kinds)
		for i, k := range kinds {
			kinds[i] = fmt.Sprintf("%s %d", k, r.Kinds[k])
		}
		fmt.Fprintf(w, "leaves  %s\n", strings.Join(kinds, ", "))
	}
	if r.PreviousSize >= 0 {
		fmt.Fprintf(w, "since   the remembered checkpoint of size %d\n", r.PreviousSize)
	}
	for _, n := range r.Notes {
		fmt.Fprintf(w, "note    %s\n", n)
	}
	for _, an := range r.Anchors {
		fmt.Fprintf(w, "anchor  size %d in tx %s, no later than %s\n", an.TreeSize, an.TxHash, an.BlockTime.Format(time.RFC3339))
	}
	if r.Clean() {
		fmt.Fprintln(w, "OK: every leaf and tile served makes the signed tree")
		return
	}
	for _, f := range r.Findings {
		fmt.Fprintf(w, "  FAIL %-16s %s\n", f.Code, f.Message)
	}
	fmt.Fprintf(w, "NOT OK: %d findings\n", len(r.Findings))
}

// writeFileAtomic replaces path with b, so that an interrupted write
// never leaves half a checkpoint behind.
func writeFileAtomic(path string, b []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name()) // fails harmlessly once renamed
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Chmod(f.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}

// cosignatureCounter counts the C2SP tlog-cosignature/v1 cosignatures of
// the witnesses keys on a checkpoint; the log's own signature was checked
// by the audit and is ignored here.
func cosignatureCounter(keys []string) (func([]byte) (int, error), error) {
	var vs []note.Verifier
	for _, k := range keys {
		v, err := witness.NewCosignatureVerifier(k)
		if err != nil {
			return nil, fmt.Errorf("log audit: --witness-key %q: %w", k, err)
		}
		vs = append(vs, v)
	}
	return func(msg []byte) (int, error) {
		n, err := note.Open(msg, note.VerifierList(vs...))
		var unverified *note.UnverifiedNoteError
		if errors.As(err, &unverified) {
			return 0, nil
		}
		if err != nil {
			return 0, err
		}
		return len(n.Sigs), nil
	}, nil
}
