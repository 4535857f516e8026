// SPDX-License-Identifier: Apache-2.0

package ob2

import (
	"context"
	"fmt"
	"net/http"
	"reflect"
	"strings"

	"github.com/akashi-badges/akashi/internal/report"
)

// hostedFetch is what the URL of a hosted assertion answered.
type hostedFetch struct {
	url     string
	fetched bool           // 2xx with a JSON object: st.asrt holds it
	gone    bool           // 410 Gone
	goneDoc map[string]any // the optional body of the 410
	err     error          // why no assertion was obtained
}

// fetchHosted GETs the assertion id (OB 2.0 #HostedBadge step 1): the
// document found there, not the given copy, is the assertion. The given copy
// is kept as st.asrt when nothing better is found.
func (st *run) fetchHosted(ctx context.Context) {
	id := stringProp(st.given, "id")
	st.hosted.url = id
	st.asrt = decoded(document[Assertion]{ref: id, raw: st.given})
	if !isHTTPURL(id) {
		st.hosted.err = fmt.Errorf("ob2: the assertion id %q is not an HTTP(S) URL", id)
		return
	}
	resp, err := st.f.Get(ctx, id, acceptJSONLD)
	switch {
	case err != nil:
		st.hosted.err = err
	case resp.Status == http.StatusGone:
		st.hosted.gone = true
		st.hosted.goneDoc, _ = decodeObject(resp.Body)
	case resp.Status < 200 || resp.Status > 299:
		st.hosted.err = &statusError{url: id, status: resp.Status}
	default:
		doc := fromJSON[Assertion](id, resp.Body, id)
		if doc.raw == nil {
			st.hosted.err = doc.err
			return
		}
		st.asrt, st.hosted.fetched = doc, true
	}
}

// checkHosted reports whether the hosted assertion, its BadgeClass and its
// issuer Profile were retrieved from their URLs and agree.
func (st *run) checkHosted() {
	var o outcome
	h := st.hosted
	switch {
	case h.gone:
		st.r.Add("hosted", report.Skip, fmt.Sprintf("The assertion URL %s answers 410 Gone: the issuer no longer hosts it.", h.url))
		return
	case h.err != nil:
		o.fail("The hosted assertion could not be fetched from %s: %v.", h.url, h.err)
	default:
		st.compareGiven(&o)
	}
	linkedProblems(&o, "BadgeClass", &st.badge)
	linkedProblems(&o, "issuer Profile", &st.issuer)
	st.compareIssuer(&o)
	o.emit(st.r, "hosted", fmt.Sprintf("The assertion was fetched from its id %s; its BadgeClass and issuer Profile were retrieved and name the same issuer.", h.url))
}

// compareGiven checks the given copy against the hosted document.
func (st *run) compareGiven(o *outcome) {
	if id := stringProp(st.asrt.raw, "id"); id != st.hosted.url {
		o.fail("The document at %s gives its id as %q.", st.hosted.url, id)
	}
	var differ []string
	for _, prop := range []string{"recipient", "issuedOn", "expires"} {
		g, ok := st.given[prop]
		if ok && !reflect.DeepEqual(g, st.asrt.raw[prop]) {
			differ = append(differ, prop)
		}
	}
	if g, ok := st.given["badge"]; ok && linkID(g) != linkID(st.asrt.raw["badge"]) {
		differ = append(differ, "badge")
	}
	if len(differ) > 0 {
		o.fail("The assertion hosted at %s differs from the given copy in %s.", st.hosted.url, strings.Join(differ, ", "))
	}
}

// compareIssuer checks that the issuer named by the given copy (through an
// embedded BadgeClass) is the issuer of the BadgeClass that was retrieved.
func (st *run) compareIssuer(o *outcome) {
	givenBadge, ok := st.given["badge"].(map[string]any)
	if !ok || st.badge.raw == nil {
		return
	}
	want, got := linkID(givenBadge["issuer"]), linkID(st.badge.raw["issuer"])
	if want != "" && got != "" && want != got {
		o.fail("The given assertion names the issuer %s, but its BadgeClass names %s.", want, got)
	}
}

// linkedProblems reports a linked document that could not be retrieved (a
// warning when only because the fetcher is offline) or whose id is not the
// URL it was fetched from.
func linkedProblems[T any](o *outcome, kind string, d *document[T]) {
	switch {
	case d.ref == "" && d.raw == nil:
		return // missing link: reported by the schema check
	case d.ok && d.err != nil && d.offline():
		o.warn("The %s %s could not be fetched from its id (offline); only its embedded copy was seen.", kind, d.ref)
	case d.ok && d.err != nil:
		o.fail("The %s %s could not be fetched from its id: %v.", kind, d.ref, d.err)
	case !d.ok && d.offline():
		o.warn("The %s %s could not be retrieved (offline).", kind, d.ref)
	case !d.ok:
		o.fail("The %s %s could not be retrieved: %v.", kind, d.ref, d.err)
	}
	if msg := d.idMismatch(); msg != "" {
		o.fail("%s", msg)
	}
}

// linkID is the IRI of a link: the string itself or the object's id.
func linkID(link any) string {
	switch l := link.(type) {
	case string:
		return l
	case map[string]any:
		return stringProp(l, "id")
	}
	return ""
}

// checkHostedStatus: a hosted assertion is revoked when its URL answers
// 410 Gone or its document says revoked: true (OB 2.0 #HostedBadge).
func (st *run) checkHostedStatus() {
	var o outcome
	h := st.hosted
	switch {
	case h.gone:
		reason := stringProp(h.goneDoc, "revocationReason")
		if reason == "" {
			reason = "the issuer's server answers 410 Gone"
		}
		revoked(&o, reason)
	case st.asrt.raw["revoked"] == true:
		revoked(&o, stringProp(st.asrt.raw, "revocationReason"))
	case st.given["revoked"] == true:
		revoked(&o, stringProp(st.given, "revocationReason"))
	case h.err != nil:
		o.warn("Revocation could not be checked because the hosted assertion could not be fetched.")
	}
	o.emit(st.r, "status", "The issuer's server still hosts the assertion and does not mark it revoked.")
}

// revoked records a revocation with its reason.
func revoked(o *outcome, reason string) {
	if reason == "" {
		reason = "no reason given"
	}
	o.fail("This badge was revoked: %s.", strings.TrimRight(reason, ". "))
	o.param("reason", reason)
	o.param("purpose", "revocation")
}
