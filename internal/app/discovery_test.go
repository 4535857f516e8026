// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"encoding/json"
	"testing"
	"time"
)

// The privacy policy and terms of service named by the Open Badges APIs'
// discovery documents are the configured ones, the home page by default.
func TestPolicyURLs(t *testing.T) {
	for name, tc := range map[string]struct{ privacy, terms string }{
		"configured": {"https://www.example.ac.jp/privacy", "https://www.example.ac.jp/terms"},
		"default":    {"", ""},
	} {
		t.Run(name, func(t *testing.T) {
			m := NewMain()
			m.Config.Addr = "127.0.0.1:0"
			m.Config.DataDir = t.TempDir()
			m.Config.PrivacyPolicyURL, m.Config.TermsURL = tc.privacy, tc.terms
			m.Logger = nil
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			stop, err := m.Start(ctx, 20*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			defer m.Close()
			defer stop()
			wantPrivacy, wantTerms := tc.privacy, tc.terms
			if wantPrivacy == "" {
				wantPrivacy, wantTerms = m.URL+"/", m.URL+"/"
			}

			var disc struct {
				Info struct {
					TermsOfService string `json:"termsOfService"`
					Privacy        string `json:"x-imssf-privacyPolicyUrl"`
				} `json:"info"`
			}
			status, body := get(t, m.URL+"/ims/ob/v3p0/discovery")
			if err := json.Unmarshal([]byte(body), &disc); status != 200 || err != nil {
				t.Fatalf("discovery = %d, %v", status, err)
			}
			if disc.Info.Privacy != wantPrivacy || disc.Info.TermsOfService != wantTerms {
				t.Errorf("OB 3.0 discovery names privacy %q, terms %q; want %q, %q", disc.Info.Privacy, disc.Info.TermsOfService, wantPrivacy, wantTerms)
			}

			var manifest struct {
				APIs []struct {
					Terms   string `json:"termsOfServiceUrl"`
					Privacy string `json:"privacyPolicyUrl"`
				} `json:"badgeConnectAPI"`
			}
			status, body = get(t, m.URL+"/.well-known/badgeconnect.json")
			if err := json.Unmarshal([]byte(body), &manifest); status != 200 || err != nil || len(manifest.APIs) != 1 {
				t.Fatalf("manifest = %d, %v: %s", status, err, body)
			}
			if manifest.APIs[0].Privacy != wantPrivacy || manifest.APIs[0].Terms != wantTerms {
				t.Errorf("Badge Connect manifest names privacy %q, terms %q; want %q, %q", manifest.APIs[0].Privacy, manifest.APIs[0].Terms, wantPrivacy, wantTerms)
			}
		})
	}
}
