// SPDX-License-Identifier: Apache-2.0

package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/akashi-badges/akashi/internal/witness"
)

func runWitness(e *env, args []string) int {
	if len(args) > 0 {
		switch args[0] {
		case "keygen":
			return runWitnessKeygen(e, args[1:])
		case "serve":
			return runWitnessServe(e, args[1:])
		}
	}
	return e.fail(exitUsage, errors.New("usage: akashi witness keygen|serve [flags]"),
		"akashi witness keygen --name witness.example.org/w1 --out witness.key")
}

func runWitnessKeygen(e *env, args []string) int {
	fs := newFlags(e, "witness keygen", "")
	name := fs.String("name", "", "the witness's name, a schema-less URL such as witness.example.org/w1")
	out := fs.String("out", "", "file to write the private key to (created with mode 0600; never overwritten)")
	if code := parseFlags(e, fs, args); code >= 0 {
		return code
	}
	if *name == "" || *out == "" {
		return e.fail(exitUsage, errors.New("witness keygen: --name and --out are required"),
			"akashi witness keygen --name witness.example.org/w1 --out witness.key")
	}
	skey, vkey, err := witness.GenerateKey(*name)
	if err != nil {
		return e.fail(exitUsage, err, "")
	}
	f, err := os.OpenFile(*out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return e.fail(exitUsage, err, "choose a file name that does not exist yet")
	}
	_, err = f.WriteString(skey + "\n")
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return e.fail(exitUsage, err, "")
	}
	fmt.Fprintln(e.stdout, vkey)
	return exitOK
}

func runWitnessServe(e *env, args []string) int {
	fs := newFlags(e, "witness serve", "")
	keyFile := fs.String("key", "", "the witness's private key file (from akashi witness keygen)")
	stateDir := fs.String("state", "", "directory keeping the latest cosigned checkpoint of each log (created if missing)")
	listen := fs.String("listen", "localhost:7380", "listen address")
	var logs []string
	fs.Var(listFlag{&logs}, "log", "verifier key of a log to witness, ORIGIN+HASH+KEY (repeatable; ';' separates several in AKASHI_LOG)")
	logsFile := fs.String("logs", "", "file of log verifier keys, one a line ('#' starts a comment)")
	if code := parseFlags(e, fs, args); code >= 0 {
		return code
	}
	if *keyFile == "" || *stateDir == "" || len(logs) == 0 && *logsFile == "" {
		return e.fail(exitUsage, errors.New("witness serve: need --key, --state and --log or --logs"),
			"akashi witness serve --key witness.key --state witness-state --log 'example.org/log+1234abcd+AQ…'")
	}
	cfg, err := witnessConfig(*keyFile, *stateDir, logs, *logsFile)
	if err != nil {
		return e.fail(exitUsage, err, "")
	}
	cfg.Logger = slog.New(slog.NewTextHandler(e.stderr, nil))
	srv, err := witness.NewServer(cfg)
	if err != nil {
		return e.fail(exitUsage, err, "")
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return e.fail(exitFailed, err, "")
	}
	fmt.Fprintf(e.stdout, "Witness %s is listening on http://%s\nVerifier key: %s\n", cfg.Cosigner.Name(), ln.Addr(), cfg.Cosigner.VerifierKey())
	if err := serveUntilDone(e.ctx, ln, srv); err != nil {
		return e.fail(exitFailed, err, "")
	}
	return exitOK
}

func witnessConfig(keyFile, stateDir string, logs []string, logsFile string) (witness.Config, error) {
	var c witness.Config
	skey, err := os.ReadFile(keyFile)
	if err != nil {
		return c, err
	}
	if c.Cosigner, err = witness.NewCosigner(string(skey)); err != nil {
		return c, fmt.Errorf("%s: %w", keyFile, err)
	}
	if logsFile != "" {
		b, err := os.ReadFile(logsFile)
		if err != nil {
			return c, err
		}
		for _, l := range strings.Split(string(b), "\n") {
			l, _, _ = strings.Cut(l, "#")
			if l = strings.TrimSpace(l); l != "" {
				logs = append(logs, l)
			}
		}
	}
	if err := os.MkdirAll(stateDir, 0o700); err != nil {
		return c, err
	}
	c.StateDir, c.LogKeys = stateDir, logs
	return c, nil
}

// serveUntilDone serves h on ln until ctx is done, then lets requests in
// flight finish: a cosignature already persisted should reach its log.
func serveUntilDone(ctx context.Context, ln net.Listener, h http.Handler) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	return srv.Shutdown(shutdownCtx)
}
