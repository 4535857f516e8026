// SPDX-License-Identifier: Apache-2.0

// Package config is the server's configuration: a plain struct filled from
// flags and AKASHI_* environment variables by the command line, checked once
// by Validate.
package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"
)

// Config is everything `akashi serve` needs to start.
type Config struct {
	// Addr is the listen address, e.g. "127.0.0.1:8080" (":0" picks a port).
	Addr string
	// DataDir holds the SQLite database, the master key file and uploads.
	DataDir string
	// DatabaseURL selects PostgreSQL (postgres://…); empty means SQLite in DataDir.
	DatabaseURL string
	// BaseURL is the public URL of the instance (links in e-mails, credential
	// ids). Empty means http://Addr. did:web identifiers need an https BaseURL.
	BaseURL string
	// SMTPURL is smtp://user:pass@host:port; empty keeps mail in the outbox.
	SMTPURL string
	// MailFrom is the sender address of outgoing mail.
	MailFrom string
	// Demo seeds a demo organisation, badge and admin on start.
	Demo bool
	// LogFormat is "text" or "json".
	LogFormat string
	// PDFFont is the TrueType font of PDF certificates (it must cover
	// Japanese); empty searches the usual system paths for IPAex Gothic.
	PDFFont string
	// TrustedLogKeys are the signed-note verifier keys of other
	// transparency logs whose receipts the public verifier checks (its
	// own log's key is always trusted).
	TrustedLogKeys []string
	// Witnesses are the log's witnesses, each "VKEY URL": the witness's
	// cosignature verifier key and its add-checkpoint URL. With any, only
	// checkpoints WitnessThreshold of them cosigned are published.
	Witnesses []string
	// WitnessThreshold is how many witnesses must cosign; 0 means all.
	WitnessThreshold int
	// AnchorRPC is the JSON-RPC URL of an Ethereum-compatible chain to
	// anchor checkpoints in; empty turns anchoring off (the default).
	AnchorRPC string
	// AnchorKeyFile holds the anchoring account's secp256k1 key (hex).
	AnchorKeyFile string
	// AnchorInterval is how often the latest checkpoint is anchored.
	AnchorInterval time.Duration
	// PrivacyPolicyURL and TermsURL are the instance's privacy policy and
	// terms of service, which the Open Badges APIs' discovery documents
	// name; empty means the instance's home page.
	PrivacyPolicyURL string
	TermsURL         string
}

// Default returns the embedded default: SQLite in ./akashi-data on localhost.
func Default() Config {
	return Config{Addr: "127.0.0.1:8080", DataDir: "./akashi-data", LogFormat: "text", MailFrom: "Akashi <no-reply@localhost>",
		AnchorInterval: 24 * time.Hour}
}

// Validate checks the configuration and returns one error naming the setting.
func (c *Config) Validate() error {
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return fmt.Errorf("config: --addr %q: %v", c.Addr, err)
	}
	if c.DatabaseURL == "" && c.DataDir == "" {
		return errors.New("config: --data is required when no --database-url is given")
	}
	if c.DatabaseURL != "" && !strings.HasPrefix(c.DatabaseURL, "postgres://") && !strings.HasPrefix(c.DatabaseURL, "postgresql://") {
		return fmt.Errorf("config: --database-url must start with postgres://")
	}
	if c.BaseURL != "" {
		u, err := url.Parse(c.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("config: --base-url %q must be an absolute http(s) URL", c.BaseURL)
		}
		c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	}
	for _, p := range [][2]string{{"--privacy-policy-url", c.PrivacyPolicyURL}, {"--terms-url", c.TermsURL}} {
		if p[1] == "" {
			continue
		}
		u, err := url.Parse(p[1])
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("config: %s %q must be an absolute http(s) URL", p[0], p[1])
		}
	}
	if c.SMTPURL != "" {
		u, err := url.Parse(c.SMTPURL)
		if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Host == "" {
			return fmt.Errorf("config: --smtp-url must look like smtp://user:pass@host:port")
		}
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return fmt.Errorf("config: --log-format must be text or json")
	}
	for _, w := range c.Witnesses {
		if _, _, err := ParseWitness(w); err != nil {
			return err
		}
	}
	if c.WitnessThreshold < 0 || c.WitnessThreshold > len(c.Witnesses) {
		return fmt.Errorf("config: --witness-threshold must be between 0 and the number of witnesses (%d)", len(c.Witnesses))
	}
	if c.AnchorRPC != "" {
		u, err := url.Parse(c.AnchorRPC)
		if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "ws" && u.Scheme != "wss") {
			return fmt.Errorf("config: --anchor-rpc %q must be an http(s) or ws(s) JSON-RPC URL", c.AnchorRPC)
		}
		if c.AnchorKeyFile == "" {
			return errors.New("config: --anchor-rpc needs --anchor-key-file, the anchoring account's key")
		}
		if c.AnchorInterval < time.Minute {
			return errors.New("config: --anchor-interval must be at least 1m")
		}
	}
	return nil
}

// ParseWitness reads a --witness value, "VKEY URL".
func ParseWitness(s string) (vkey, rawURL string, err error) {
	f := strings.Fields(s)
	if len(f) != 2 || !strings.Contains(f[0], "+") {
		return "", "", fmt.Errorf("config: --witness %q must be the witness's verifier key and its URL, separated by a space", s)
	}
	u, err := url.Parse(f[1])
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return "", "", fmt.Errorf("config: --witness URL %q must be an absolute http(s) URL", f[1])
	}
	return f[0], f[1], nil
}
