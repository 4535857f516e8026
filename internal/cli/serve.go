// SPDX-License-Identifier: Apache-2.0

package cli

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"strings"

	"github.com/akashi-badges/akashi/internal/app"
	"github.com/akashi-badges/akashi/internal/config"
	"github.com/akashi-badges/akashi/internal/service"
)

// serverFlags are the flags serve and bootstrap share.
func serverFlags(fs *flag.FlagSet, c *config.Config) {
	fs.StringVar(&c.DataDir, "data", c.DataDir, "data directory: SQLite database, master key")
	fs.StringVar(&c.DatabaseURL, "database-url", c.DatabaseURL, "PostgreSQL URL (postgres://…); empty uses SQLite in --data")
	fs.StringVar(&c.BaseURL, "base-url", c.BaseURL, "public URL of this instance (https gives organisations did:web identifiers)")
}

func runServe(e *env, args []string) int {
	c := config.Default()
	fs := newFlags(e, "serve", "")
	fs.StringVar(&c.Addr, "addr", c.Addr, "listen address")
	serverFlags(fs, &c)
	fs.StringVar(&c.SMTPURL, "smtp-url", c.SMTPURL, "SMTP server, smtp://user:pass@host:port; empty keeps mail in the console outbox")
	fs.StringVar(&c.MailFrom, "mail-from", c.MailFrom, "sender address of outgoing mail")
	fs.BoolVar(&c.Demo, "demo", c.Demo, "seed a demo organisation, badge and admin, and print how to sign in")
	fs.StringVar(&c.LogFormat, "log-format", c.LogFormat, "log format: text or json")
	fs.StringVar(&c.PDFFont, "pdf-font", c.PDFFont, "TrueType font for PDF certificates, covering Japanese; empty finds IPAex Gothic (fonts-ipaexfont-gothic)")
	fs.Var(listFlag{&c.TrustedLogKeys}, "trusted-log-key", "verifier key of another transparency log whose receipts the public verifier checks (repeatable)")
	fs.Var(listFlag{&c.Witnesses}, "witness", "a witness of this instance's log: \"VKEY URL\" (repeatable; see docs/trust-model.md)")
	fs.IntVar(&c.WitnessThreshold, "witness-threshold", c.WitnessThreshold, "how many witnesses must cosign a checkpoint before it is published (0: all)")
	fs.StringVar(&c.AnchorRPC, "anchor-rpc", c.AnchorRPC, "JSON-RPC URL of an Ethereum-compatible chain to anchor log checkpoints in (off when empty)")
	fs.StringVar(&c.AnchorKeyFile, "anchor-key-file", c.AnchorKeyFile, "file holding the anchoring account's secp256k1 private key (hex)")
	fs.DurationVar(&c.AnchorInterval, "anchor-interval", c.AnchorInterval, "how often the latest checkpoint is anchored")
	fs.StringVar(&c.PrivacyPolicyURL, "privacy-policy-url", c.PrivacyPolicyURL, "the instance's privacy policy, named by the Open Badges API discovery documents; empty names the home page")
	fs.StringVar(&c.TermsURL, "terms-url", c.TermsURL, "the instance's terms of service, named by the Open Badges API discovery documents; empty names the home page")
	if code := parseFlags(e, fs, args); code >= 0 {
		return code
	}
	m := app.NewMain()
	m.Config = c
	if c.LogFormat == "json" {
		m.Logger = slog.New(slog.NewJSONHandler(e.stderr, nil))
	} else {
		m.Logger = slog.New(slog.NewTextHandler(e.stderr, nil))
	}
	defer m.Close()
	if err := m.Open(e.ctx); err != nil {
		return e.fail(exitFailed, err, "")
	}
	if c.Demo {
		demo, err := m.SeedDemo(e.ctx)
		if err != nil {
			return e.fail(exitFailed, err, "")
		}
		m.OnListen = func(url string) {
			fmt.Fprintf(e.stdout, "Demo: sign in at %s/login as %s with password %s\n", url, demo.Email, demo.Password)
		}
	}
	prev := m.OnListen
	m.OnListen = func(url string) {
		fmt.Fprintf(e.stdout, "Akashi is listening on %s\n", url)
		if prev != nil {
			prev(url)
		}
	}
	if err := m.Run(e.ctx); err != nil {
		return e.fail(exitFailed, err, "")
	}
	return exitOK
}

func runBootstrap(e *env, args []string) int {
	c := config.Default()
	fs := newFlags(e, "bootstrap", "")
	serverFlags(fs, &c)
	var in service.BootstrapInput
	fs.StringVar(&in.OrgName, "org-name", "", "name of the organisation to create")
	fs.StringVar(&in.OrgSlug, "org-slug", "", "short name used in URLs (derived from the name when empty)")
	fs.StringVar(&in.AdminEmail, "admin-email", "", "e-mail address of the organisation's first owner")
	fs.StringVar(&in.AdminName, "admin-name", "", "display name of the owner")
	pwFile := fs.String("admin-password-file", "", "file holding the owner's password (- for standard input)")
	fs.StringVar(&in.Locale, "locale", "ja", "default language: ja or en")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	if code := parseFlags(e, fs, args); code >= 0 {
		return code
	}
	if in.OrgName == "" || in.AdminEmail == "" || *pwFile == "" {
		return e.fail(exitUsage, errors.New("bootstrap: need --org-name, --admin-email and --admin-password-file"),
			"akashi bootstrap --data ./akashi-data --org-name 'Example University' --admin-email admin@example.ac.jp --admin-password-file pw.txt --json")
	}
	pw, err := readInput(e, *pwFile)
	if err != nil {
		return e.fail(exitUsage, err, "")
	}
	in.AdminPassword = strings.TrimRight(string(pw), "\r\n")
	m := app.NewMain()
	m.Config = c
	m.Logger = slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	defer m.Close()
	if err := m.Open(e.ctx); err != nil {
		return e.fail(exitFailed, err, "")
	}
	res, err := m.Service().Bootstrap(e.ctx, in)
	if err != nil {
		return e.fail(exitFailed, err, "")
	}
	if *asJSON {
		b, _ := json.MarshalIndent(res, "", "  ")
		fmt.Fprintln(e.stdout, string(b))
		return exitOK
	}
	fmt.Fprintf(e.stdout, "organisation %d (%s), issuer %s\nadmin account %d\nAPI client %s\nclient secret %s (shown once)\n",
		res.OrgID, res.OrgSlug, res.IssuerID, res.AdminID, res.ClientID, res.ClientSecret)
	return exitOK
}
