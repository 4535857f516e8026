// SPDX-License-Identifier: Apache-2.0

// Package cli implements the akashi subcommands (DESIGN §5). Each command
// parses its flags, calls the engine or the app, and prints; errors are one
// line, plus a hint line when the user can fix something.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// Exit codes.
const (
	exitOK      = 0
	exitFailed  = 1 // the command ran, and its answer is "no" (e.g. a badge is not valid)
	exitUsage   = 2 // bad usage or an I/O error
	envPrefix   = "AKASHI_"
	programName = "akashi"
)

// env carries the process streams, so tests can run commands in-process.
type env struct {
	ctx    context.Context
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

type command struct {
	summary string
	run     func(e *env, args []string) int
}

var commands = map[string]command{
	"keys":      {"manage signing keys (keys generate --out FILE)", runKeys},
	"sign":      {"sign a credential (Data Integrity eddsa-rdfc-2022 or VC-JWT)", runSign},
	"verify":    {"verify badges: JSON, JWT, PNG, SVG files or URLs", runVerify},
	"bake":      {"bake a credential into a PNG or SVG image", runBake},
	"unbake":    {"print the credential baked into a PNG or SVG image", runUnbake},
	"version":   {"print the version", runVersion},
	"serve":     {"run the server (SQLite in --data by default; --demo seeds a demo organisation)", runServe},
	"bootstrap": {"create an organisation, its admin and an API client, for automation", runBootstrap},
	"log":       {"audit a transparency log: rebuild its tree from the leaves (log audit URL)", runLog},
	"witness":   {"run a transparency-log witness (witness keygen --name NAME --out FILE; witness serve)", runWitness},
}

// Main runs one akashi command and returns the process exit code.
func Main(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{ctx: ctx, stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stdout)
		return exitOK
	}
	cmd, ok := commands[args[0]]
	if !ok {
		return e.fail(exitUsage, fmt.Errorf("unknown command %q", args[0]), "run 'akashi --help' for the list of commands")
	}
	return cmd.run(e, args[1:])
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "akashi — Open Badges 2.0/3.0: issue, sign, bake and verify badges.")
	fmt.Fprintln(w, "\nUsage: akashi COMMAND [flags] [args]\n\nCommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-8s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'akashi COMMAND --help' for a command's flags. Flags can also be set as AKASHI_<FLAG> environment variables.")
}

// hintError is an error with advice on how to fix it.
type hintError struct {
	err  error
	hint string
}

func (h *hintError) Error() string { return h.err.Error() }
func (h *hintError) Unwrap() error { return h.err }

func withHint(err error, hint string) error { return &hintError{err, hint} }

// fail prints "akashi: <err>" and an optional hint, and returns code.
func (e *env) fail(code int, err error, hint string) int {
	fmt.Fprintf(e.stderr, "%s: %s\n", programName, oneLine(err.Error()))
	var h *hintError
	if hint == "" && errors.As(err, &h) {
		hint = h.hint
	}
	if hint != "" {
		fmt.Fprintf(e.stderr, "hint: %s\n", hint)
	}
	return code
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func readInput(e *env, path string) ([]byte, error) {
	if path == "-" {
		return io.ReadAll(io.LimitReader(e.stdin, 64<<20))
	}
	return os.ReadFile(path)
}

// writeOutput writes to the file, or stdout when path is empty.
func writeOutput(e *env, path string, b []byte) error {
	if path == "" {
		_, err := e.stdout.Write(b)
		return err
	}
	return os.WriteFile(path, b, 0o644)
}
