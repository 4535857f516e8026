// SPDX-License-Identifier: Apache-2.0

package ob2

import (
	"context"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/akashi-badges/akashi/internal/fetch"
	"github.com/akashi-badges/akashi/internal/report"
)

// checkOrder is the order of the check ids in every complete report.
var checkOrder = []string{"format", "context", "schema", "proof", "issuer", "hosted", "validity", "status"}

const (
	revokedPlainID  = "urn:uuid:00000000-0000-4000-8000-000000000001"
	revokedReasonID = "urn:uuid:00000000-0000-4000-8000-000000000002"
	signedID        = "urn:uuid:5e0c1b7a-3c3e-4b0e-9d7e-2b1f0f4b6c11"
)

type verifyCase struct {
	name       string
	serverOnly bool // needs an HTTP status a URL map cannot give
	input      func(w *world) []byte
	format     string
	valid      bool
	want       map[string]report.Status
	wantMsg    map[string]string // check id -> substring of its message
}

const (
	pass = report.Pass
	fail = report.Fail
	warn = report.Warn
	skip = report.Skip
)

func hostedInput(w *world) []byte { return mustJSON(w.t, w.issuer.doc("/assertions/1")) }

func signedInput(w *world) []byte { return w.sign(w.signedAssertion(signedID), w.key) }

var allPassHosted = map[string]report.Status{
	"format": pass, "context": pass, "schema": pass, "proof": skip,
	"issuer": pass, "hosted": pass, "validity": pass, "status": pass,
}

var allPassSigned = map[string]report.Status{
	"format": pass, "context": pass, "schema": pass, "proof": pass,
	"issuer": pass, "hosted": skip, "validity": pass, "status": pass,
}

func with(base map[string]report.Status, changes map[string]report.Status) map[string]report.Status {
	out := map[string]report.Status{}
	for k, v := range base {
		out[k] = v
	}
	for k, v := range changes {
		out[k] = v
	}
	return out
}

var verifyCases = []verifyCase{
	{
		name: "valid hosted", input: hostedInput,
		format: FormatHosted, valid: true, want: allPassHosted,
	},
	{
		name: "valid hosted given as baked copy with embedded badge and issuer",
		input: func(w *world) []byte {
			a := clone(w.t, w.issuer.doc("/assertions/1"))
			badge := clone(w.t, w.issuer.doc("/badge"))
			badge["issuer"] = clone(w.t, w.issuer.doc("/issuer"))
			a["badge"] = badge
			return mustJSON(w.t, a)
		},
		format: FormatHosted, valid: true, want: allPassHosted,
	},
	{
		name: "valid hosted with 1.x verify alias and short type",
		input: func(w *world) []byte {
			a := w.issuer.doc("/assertions/1")
			delete(a, "verification")
			a["verify"] = map[string]any{"type": "hosted"}
			return mustJSON(w.t, a)
		},
		format: FormatHosted, valid: true, want: allPassHosted,
	},
	{
		name: "valid signed", input: signedInput,
		format: FormatSigned, valid: true, want: allPassSigned,
	},
	{
		name: "valid signed without creator tries the issuer's keys",
		input: func(w *world) []byte {
			a := w.signedAssertion(signedID)
			a["verification"] = map[string]any{"type": "SignedBadge"}
			return w.sign(a, w.key)
		},
		format: FormatSigned, valid: true, want: allPassSigned,
	},
	{
		name: "valid signed with key embedded in the issuer profile",
		input: func(w *world) []byte {
			w.issuer.doc("/issuer")["publicKey"] = w.issuer.doc("/key")
			delete(w.issuer.docs, "/key")
			return signedInput(w)
		},
		format: FormatSigned, valid: true, want: allPassSigned,
	},
	{
		name: "hosted 410 Gone is revoked", serverOnly: true,
		input: func(w *world) []byte {
			in := hostedInput(w)
			w.issuer.status["/assertions/1"] = http.StatusGone
			w.issuer.docs["/assertions/1"] = map[string]any{
				"@context": ContextURL, "id": w.issuer.url("/assertions/1"),
				"revoked": true, "revocationReason": "Robot was three children in a trenchcoat",
			}
			return in
		},
		format:  FormatHosted,
		want:    with(allPassHosted, map[string]report.Status{"hosted": skip, "status": fail}),
		wantMsg: map[string]string{"status": "revoked: Robot was three children in a trenchcoat"},
	},
	{
		name: "hosted 410 Gone without body", serverOnly: true,
		input: func(w *world) []byte {
			in := hostedInput(w)
			w.issuer.status["/assertions/1"] = http.StatusGone
			delete(w.issuer.docs, "/assertions/1")
			return in
		},
		format:  FormatHosted,
		want:    with(allPassHosted, map[string]report.Status{"hosted": skip, "status": fail}),
		wantMsg: map[string]string{"status": "revoked: the issuer's server answers 410 Gone"},
	},
	{
		name: "hosted document says revoked",
		input: func(w *world) []byte {
			in := hostedInput(w)
			a := w.issuer.doc("/assertions/1")
			a["revoked"], a["revocationReason"] = true, "Issued in error"
			return in
		},
		format: FormatHosted,
		want:   with(allPassHosted, map[string]report.Status{"status": fail}),
		// The given copy and the hosted one differ only in revocation,
		// which is not a mismatch.
		wantMsg: map[string]string{"status": "revoked: Issued in error"},
	},
	{
		name: "hosted 404", serverOnly: true,
		input: func(w *world) []byte {
			in := hostedInput(w)
			delete(w.issuer.docs, "/assertions/1")
			return in
		},
		format:  FormatHosted,
		want:    with(allPassHosted, map[string]report.Status{"hosted": fail, "status": warn}),
		wantMsg: map[string]string{"hosted": "404"},
	},
	{
		name:    "signed in revocation list with reason",
		input:   func(w *world) []byte { return w.sign(w.signedAssertion(revokedReasonID), w.key) },
		format:  FormatSigned,
		want:    with(allPassSigned, map[string]report.Status{"status": fail}),
		wantMsg: map[string]string{"status": "revoked: Honor code violation"},
	},
	{
		name:    "signed in revocation list by plain id",
		input:   func(w *world) []byte { return w.sign(w.signedAssertion(revokedPlainID), w.key) },
		format:  FormatSigned,
		want:    with(allPassSigned, map[string]report.Status{"status": fail}),
		wantMsg: map[string]string{"status": "revoked: no reason given"},
	},
	{
		name: "signed with unreachable revocation list", serverOnly: true,
		input: func(w *world) []byte {
			delete(w.issuer.docs, "/revocations")
			return signedInput(w)
		},
		format:  FormatSigned,
		want:    with(allPassSigned, map[string]report.Status{"status": fail}),
		wantMsg: map[string]string{"status": "could not be fetched"},
	},
	{
		name: "signed issuer without revocation list",
		input: func(w *world) []byte {
			delete(w.issuer.doc("/issuer"), "revocationList")
			return signedInput(w)
		},
		format: FormatSigned, valid: true, want: allPassSigned,
		wantMsg: map[string]string{"status": "no revocation list"},
	},
	{
		name: "expired",
		input: func(w *world) []byte {
			w.issuer.doc("/assertions/1")["expires"] = "2020-01-01T00:00:00Z"
			return hostedInput(w)
		},
		format:  FormatHosted,
		want:    with(allPassHosted, map[string]report.Status{"validity": fail}),
		wantMsg: map[string]string{"validity": "expired on 2020-01-01"},
	},
	{
		name: "issued in the future",
		input: func(w *world) []byte {
			a := w.signedAssertion(signedID)
			a["issuedOn"] = "2026-01-01T00:00:00+09:00"
			return w.sign(a, w.key)
		},
		format:  FormatSigned,
		want:    with(allPassSigned, map[string]report.Status{"validity": fail}),
		wantMsg: map[string]string{"validity": "in the future"},
	},
	{
		name:    "signed by another key",
		input:   func(w *world) []byte { return w.sign(w.signedAssertion(signedID), w.other) },
		format:  FormatSigned,
		want:    with(allPassSigned, map[string]report.Status{"proof": fail}),
		wantMsg: map[string]string{"proof": "does not verify"},
	},
	{
		name: "key owned by another issuer",
		input: func(w *world) []byte {
			w.issuer.doc("/key")["owner"] = w.issuer.url("/other-issuer")
			return signedInput(w)
		},
		format:  FormatSigned,
		want:    with(allPassSigned, map[string]report.Status{"issuer": fail}),
		wantMsg: map[string]string{"issuer": "is owned by " + "ISSUER/other-issuer"},
	},
	{
		name: "creator key not listed by the issuer",
		input: func(w *world) []byte {
			w.issuer.docs["/key2"] = w.keyDoc(w.issuer.url("/key2"), w.issuer.url("/issuer"), &w.other.PublicKey)
			a := w.signedAssertion(signedID)
			a["verification"] = map[string]any{"type": "SignedBadge", "creator": w.issuer.url("/key2")}
			return w.sign(a, w.other)
		},
		format:  FormatSigned,
		want:    with(allPassSigned, map[string]report.Status{"issuer": fail}),
		wantMsg: map[string]string{"issuer": "not listed in the publicKey"},
	},
	{
		name: "forged issuer embedded in a signed payload",
		input: func(w *world) []byte {
			// The attacker embeds the issuer with its own key; the verifier
			// fetches the real Profile, which does not list that key.
			w.foreign.docs["/key"] = w.keyDoc(w.foreign.url("/key"), w.issuer.url("/issuer"), &w.other.PublicKey)
			issuer := clone(w.t, w.issuer.doc("/issuer"))
			issuer["publicKey"] = w.foreign.url("/key")
			badge := clone(w.t, w.issuer.doc("/badge"))
			badge["issuer"] = issuer
			a := w.signedAssertion(signedID)
			a["badge"] = badge
			a["verification"] = map[string]any{"type": "SignedBadge", "creator": w.foreign.url("/key")}
			return w.sign(a, w.other)
		},
		format:  FormatSigned,
		want:    with(allPassSigned, map[string]report.Status{"issuer": fail}),
		wantMsg: map[string]string{"issuer": "not listed in the publicKey"},
	},
	{
		name: "assertion id on a foreign origin",
		input: func(w *world) []byte {
			a := w.hostedAssertion(w.foreign.url("/assertions/1"), w.issuer.url("/badge"))
			w.foreign.docs["/assertions/1"] = a
			return mustJSON(w.t, a)
		},
		format:  FormatHosted,
		want:    with(allPassHosted, map[string]report.Status{"issuer": fail}),
		wantMsg: map[string]string{"issuer": "not on the origin of the issuer Profile"},
	},
	{
		name: "forged hosting policy embedded in a foreign assertion",
		input: func(w *world) []byte {
			issuer := clone(w.t, w.issuer.doc("/issuer"))
			issuer["verification"] = map[string]any{"type": "VerificationObject", "allowedOrigins": hostOf(w.foreign.base)}
			badge := clone(w.t, w.issuer.doc("/badge"))
			badge["issuer"] = issuer
			a := w.hostedAssertion(w.foreign.url("/assertions/1"), "")
			a["badge"] = badge
			w.foreign.docs["/assertions/1"] = a
			return mustJSON(w.t, a)
		},
		format: FormatHosted,
		want:   with(allPassHosted, map[string]report.Status{"issuer": fail}),
	},
	{
		name: "allowedOrigins admits a foreign origin",
		input: func(w *world) []byte {
			w.issuer.doc("/issuer")["verification"] = map[string]any{"type": "VerificationObject", "allowedOrigins": hostOf(w.foreign.base)}
			a := w.hostedAssertion(w.foreign.url("/assertions/1"), w.issuer.url("/badge"))
			w.foreign.docs["/assertions/1"] = a
			return mustJSON(w.t, a)
		},
		format: FormatHosted, valid: true, want: allPassHosted,
		wantMsg: map[string]string{"issuer": "allowedOrigins"},
	},
	{
		name: "startsWith refuses another path",
		input: func(w *world) []byte {
			w.issuer.doc("/issuer")["verification"] = map[string]any{"startsWith": []any{w.issuer.url("/badges/")}}
			return hostedInput(w)
		},
		format:  FormatHosted,
		want:    with(allPassHosted, map[string]report.Status{"issuer": fail}),
		wantMsg: map[string]string{"issuer": "startsWith"},
	},
	{
		name: "tampered JWS payload",
		input: func(w *world) []byte {
			return tamper(w.t, signedInput(w), `"salt":"pepper"`, `"salt":"peppes"`)
		},
		format:  FormatSigned,
		want:    with(allPassSigned, map[string]report.Status{"proof": fail}),
		wantMsg: map[string]string{"proof": "does not verify"},
	},
	{
		name: "badge class names another issuer than the given copy",
		input: func(w *world) []byte {
			given := clone(w.t, w.issuer.doc("/assertions/1"))
			given["badge"] = clone(w.t, w.issuer.doc("/badge"))
			w.issuer.docs["/issuer2"] = w.profile(w.issuer.url("/issuer2"))
			w.issuer.doc("/badge")["issuer"] = w.issuer.url("/issuer2")
			return mustJSON(w.t, given)
		},
		format:  FormatHosted,
		want:    with(allPassHosted, map[string]report.Status{"hosted": fail}),
		wantMsg: map[string]string{"hosted": "names the issuer ISSUER/issuer, but its BadgeClass names ISSUER/issuer2"},
	},
	{
		name: "issuer profile served under another id",
		input: func(w *world) []byte {
			w.issuer.docs["/issuer-alias"] = w.issuer.doc("/issuer")
			w.issuer.doc("/badge")["issuer"] = w.issuer.url("/issuer-alias")
			return hostedInput(w)
		},
		format:  FormatHosted,
		want:    with(allPassHosted, map[string]report.Status{"hosted": fail}),
		wantMsg: map[string]string{"hosted": `gives its id as "ISSUER/issuer"`},
	},
	{
		name: "hosted copy differs from the given copy",
		input: func(w *world) []byte {
			given := clone(w.t, w.issuer.doc("/assertions/1"))
			given["recipient"].(map[string]any)["identity"] = HashIdentity("mallory@example.org", "pepper")
			return mustJSON(w.t, given)
		},
		format:  FormatHosted,
		want:    with(allPassHosted, map[string]report.Status{"hosted": fail}),
		wantMsg: map[string]string{"hosted": "differs from the given copy in recipient"},
	},
	{
		name: "badge class without criteria",
		input: func(w *world) []byte {
			delete(w.issuer.doc("/badge"), "criteria")
			return hostedInput(w)
		},
		format:  FormatHosted,
		want:    with(allPassHosted, map[string]report.Status{"schema": fail}),
		wantMsg: map[string]string{"schema": `BadgeClass is missing the required property "criteria"`},
	},
	{
		name: "assertion without recipient",
		input: func(w *world) []byte {
			a := w.signedAssertion(signedID)
			delete(a, "recipient")
			return w.sign(a, w.key)
		},
		format:  FormatSigned,
		want:    with(allPassSigned, map[string]report.Status{"schema": fail}),
		wantMsg: map[string]string{"schema": `Assertion is missing the required property "recipient"`},
	},
	{
		name: "issuer profile without email and with a bad url",
		input: func(w *world) []byte {
			delete(w.issuer.doc("/issuer"), "email")
			w.issuer.doc("/issuer")["url"] = 42
			return signedInput(w)
		},
		format:  FormatSigned,
		want:    with(allPassSigned, map[string]report.Status{"schema": fail}),
		wantMsg: map[string]string{"schema": `Profile property "url" must be an absolute IRI`},
	},
	{
		name: "issuedOn without time zone",
		input: func(w *world) []byte {
			w.issuer.doc("/assertions/1")["issuedOn"] = "2024-01-15T09:00:00"
			return hostedInput(w)
		},
		format:  FormatHosted,
		want:    with(allPassHosted, map[string]report.Status{"schema": fail, "validity": skip}),
		wantMsg: map[string]string{"schema": `"issuedOn" must be an ISO 8601 date-time with a time zone`},
	},
	{
		name: "signed assertion given as JSON",
		input: func(w *world) []byte {
			return mustJSON(w.t, w.signedAssertion(signedID))
		},
		format:  FormatSigned,
		want:    with(allPassSigned, map[string]report.Status{"proof": fail}),
		wantMsg: map[string]string{"proof": "must be verified from its JWS"},
	},
	{
		name: "wrong context",
		input: func(w *world) []byte {
			w.issuer.doc("/assertions/1")["@context"] = "https://w3id.org/openbadges/v1"
			return hostedInput(w)
		},
		format:  FormatHosted,
		want:    with(allPassHosted, map[string]report.Status{"context": fail}),
		wantMsg: map[string]string{"context": "1.x"},
	},
}

func hostOf(base string) string {
	u, _ := url.Parse(base)
	return u.Hostname()
}

// tamper replaces old by new in the decoded JWS payload and keeps the
// original header and signature.
func tamper(t testing.TB, jws []byte, old, new string) []byte {
	parts := strings.Split(string(jws), ".")
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	changed := strings.Replace(string(payload), old, new, 1)
	if changed == string(payload) {
		t.Fatalf("tamper: %q not in payload", old)
	}
	parts[1] = base64.RawURLEncoding.EncodeToString([]byte(changed))
	return []byte(strings.Join(parts, "."))
}

func TestVerify(t *testing.T) {
	for _, mode := range []string{"server", "urlmap"} {
		t.Run(mode, func(t *testing.T) {
			for _, tc := range verifyCases {
				t.Run(tc.name, func(t *testing.T) {
					if mode == "urlmap" && tc.serverOnly {
						t.Skip("a URL map answers 200 only")
					}
					t.Parallel()
					var w *world
					var f *fetch.Fetcher
					var input []byte
					if mode == "server" {
						w, f = serveWorld(t)
						input = tc.input(w)
					} else {
						w = newWorld(t, "https://issuer.test", "https://foreign.test")
						input = tc.input(w)
						f = mapWorld(t, w)
					}
					r := verifyInput(t, f, input)
					checkReport(t, r, tc, w)
				})
			}
		})
	}
}

func verifyInput(t *testing.T, f *fetch.Fetcher, input []byte) *report.Report {
	t.Helper()
	v := &Verifier{Fetcher: f, Now: func() time.Time { return testNow }}
	r := &report.Report{}
	if err := v.Verify(context.Background(), input, r); err != nil {
		t.Fatalf("Verify: %v", err)
	}
	r.Finish()
	return r
}

func checkReport(t *testing.T, r *report.Report, tc verifyCase, w *world) {
	t.Helper()
	var ids []string
	got := map[string]report.Status{}
	for _, c := range r.Checks {
		ids = append(ids, c.ID)
		got[c.ID] = c.Status
	}
	if diff := cmp.Diff(checkOrder, ids); diff != "" {
		t.Errorf("check ids (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(tc.want, got); diff != "" {
		t.Errorf("check statuses (-want +got):\n%s\n%s", diff, dump(r))
	}
	if r.Format != tc.format || r.Valid != tc.valid {
		t.Errorf("Format, Valid = %q, %v; want %q, %v", r.Format, r.Valid, tc.format, tc.valid)
	}
	for id, sub := range tc.wantMsg {
		sub = strings.ReplaceAll(sub, "ISSUER", w.issuer.base)
		if msg := message(r, id); !strings.Contains(msg, sub) {
			t.Errorf("check %s message = %q, want it to contain %q", id, msg, sub)
		}
	}
}

func message(r *report.Report, id string) string {
	for _, c := range r.Checks {
		if c.ID == id {
			return c.Message
		}
	}
	return ""
}

func dump(r *report.Report) string {
	var b strings.Builder
	for _, c := range r.Checks {
		b.WriteString("  " + c.ID + " " + string(c.Status) + ": " + c.Message + "\n")
	}
	return b.String()
}
