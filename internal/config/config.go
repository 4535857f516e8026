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
}

// Default returns the embedded default: SQLite in ./akashi-data on localhost.
func Default() Config {
	return Config{Addr: "127.0.0.1:8080", DataDir: "./akashi-data", LogFormat: "text", MailFrom: "Akashi <no-reply@localhost>"}
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
	if c.SMTPURL != "" {
		u, err := url.Parse(c.SMTPURL)
		if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Host == "" {
			return fmt.Errorf("config: --smtp-url must look like smtp://user:pass@host:port")
		}
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return fmt.Errorf("config: --log-format must be text or json")
	}
	return nil
}
