// SPDX-License-Identifier: Apache-2.0

package config

import "testing"

func TestValidate(t *testing.T) {
	ok := Default()
	if err := ok.Validate(); err != nil {
		t.Fatalf("default config: %v", err)
	}
	for name, edit := range map[string]func(c *Config){
		"addr":     func(c *Config) { c.Addr = "8080" },
		"no data":  func(c *Config) { c.DataDir = "" },
		"db url":   func(c *Config) { c.DatabaseURL = "mysql://x" },
		"base url": func(c *Config) { c.BaseURL = "badges.example" },
		"smtp":     func(c *Config) { c.SMTPURL = "http://mail" },
		"log":      func(c *Config) { c.LogFormat = "xml" },
		"privacy":  func(c *Config) { c.PrivacyPolicyURL = "/privacy" },
		"terms":    func(c *Config) { c.TermsURL = "mailto:legal@example.ac.jp" },
	} {
		c := Default()
		edit(&c)
		if err := c.Validate(); err == nil {
			t.Errorf("%s: Validate accepted a bad setting", name)
		}
	}
	c := Default()
	c.PrivacyPolicyURL, c.TermsURL = "https://www.example.ac.jp/privacy", "http://www.example.ac.jp/terms?lang=ja"
	if err := c.Validate(); err != nil {
		t.Errorf("policy URLs refused: %v", err)
	}
	c = Default()
	c.BaseURL = "https://badges.example.ac.jp/"
	if err := c.Validate(); err != nil || c.BaseURL != "https://badges.example.ac.jp" {
		t.Errorf("base URL normalised to %q, %v", c.BaseURL, err)
	}
}
