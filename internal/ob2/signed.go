// SPDX-License-Identifier: Apache-2.0

package ob2

import (
	"context"
	"crypto/rsa"
	"fmt"
	"strings"
)

// signingKey is a key that may have signed the assertion.
type signingKey struct {
	doc      document[CryptographicKey]
	pub      *rsa.PublicKey
	err      error // why pub is nil
	listed   bool  // the issuer Profile lists it in publicKey
	verified bool  // the JWS verifies with it
}

func (k *signingKey) id() string { return k.doc.ref }

// maxKeys bounds the keys fetched and tried for one assertion.
const maxKeys = 8

// resolveKeys picks the keys to try (OB 2.0 #SignedBadge steps 4-5): the
// keys listed by the issuer Profile, narrowed to verification.creator when
// the assertion names it. A creator the Profile does not list is still
// tried, so the report can say both that the signature is right and that the
// key is not the issuer's.
func (st *run) resolveKeys(ctx context.Context) []*signingKey {
	if !st.issuer.trusted() {
		return nil
	}
	listed := linksOf(st.issuer.raw["publicKey"])
	creator := verificationOf(st.asrt.raw).Creator
	var links []any
	for _, l := range listed {
		if creator == "" || linkID(l) == creator {
			links = append(links, l)
		}
	}
	links = links[:min(len(links), maxKeys)]
	unlisted := creator != "" && len(links) == 0
	if unlisted {
		links = []any{creator}
	}
	var keys []*signingKey
	for _, l := range links {
		keys = append(keys, st.loadKey(ctx, l, !unlisted))
	}
	return keys
}

// loadKey obtains one CryptographicKey: embedded in the issuer Profile
// when it shares the Profile's origin, else fetched from its id.
func (st *run) loadKey(ctx context.Context, link any, listed bool) *signingKey {
	k := &signingKey{listed: listed}
	k.doc = resolve[CryptographicKey](ctx, st.f, link, st.issuer.source, true)
	switch {
	case !k.doc.ok || !k.doc.trusted():
		k.err = k.doc.err
		if k.err == nil {
			k.err = fmt.Errorf("ob2: key %s is not served from its own origin", k.doc.ref)
		}
	default:
		k.pub, k.err = parsePublicKeyPEM(k.doc.val.PublicKeyPem)
	}
	return k
}

// linksOf returns the links of a one-or-many property.
func linksOf(v any) []any {
	switch x := v.(type) {
	case nil:
		return nil
	case []any:
		return x
	}
	return []any{v}
}

// checkProof verifies the JWS with the candidate keys (step 6).
func (st *run) checkProof(keys []*signingKey) {
	var o outcome
	switch {
	case st.jws == nil:
		o.fail("The signature cannot be checked: a signed assertion must be verified from its JWS, not from its JSON.")
	case len(keys) == 0:
		o.fail("The signature cannot be checked. %s.", st.noKeyReason())
	default:
		for _, k := range keys {
			if k.pub != nil && st.jws.verify(k.pub) == nil {
				k.verified = true
				o.param("key", k.id())
				whose := "the issuer's key"
				if !k.listed {
					whose = "the key named by verification.creator,"
				}
				o.emit(st.r, "proof", fmt.Sprintf("The JWS signature verifies with %s %s.", whose, k.id()))
				return
			}
		}
		o.fail("%s", keysFailure(keys))
		if tried := triedKeys(keys); tried {
			o.param("problem", "signature")
		} else {
			o.param("problem", "key")
		}
	}
	o.emit(st.r, "proof", "")
}

// noKeyReason says why no candidate key exists.
func (st *run) noKeyReason() string {
	if !st.issuer.trusted() {
		var o outcome
		st.issuerUnavailable(&o, "no key of the issuer is known")
		return strings.TrimSuffix(strings.Join(o.msgs, " "), ".")
	}
	return fmt.Sprintf("The issuer Profile %s lists no publicKey", st.issuer.ref)
}

// triedKeys reports whether any candidate key could be used, so that a
// failure is a signature mismatch rather than a missing key.
func triedKeys(keys []*signingKey) bool {
	for _, k := range keys {
		if k.pub != nil {
			return true
		}
	}
	return false
}

func keysFailure(keys []*signingKey) string {
	var tried, unusable []string
	for _, k := range keys {
		if k.pub != nil {
			tried = append(tried, k.id())
		} else {
			unusable = append(unusable, fmt.Sprintf("%s (%v)", k.id(), k.err))
		}
	}
	if len(tried) > 0 {
		return fmt.Sprintf("The JWS signature does not verify with the issuer's key %s.", strings.Join(tried, ", "))
	}
	return fmt.Sprintf("The signature cannot be checked: no usable key: %s.", strings.Join(unusable, "; "))
}

// checkKeyBinding checks that the key belongs to the issuer: the Profile
// lists it in publicKey and the CryptographicKey's owner is the Profile.
func (st *run) checkKeyBinding(keys []*signingKey) {
	var o outcome
	if v := verificationOf(st.asrt.raw); !v.Signed() {
		o.fail("The assertion does not ask for SignedBadge verification.")
	}
	if !st.issuer.trusted() {
		st.issuerUnavailable(&o, "the signing key cannot be tied to the issuer")
	} else if k := chosenKey(keys); k != nil {
		keyProblems(&o, k, st.issuer.id())
	}
	if msg := st.badge.idMismatch(); msg != "" {
		o.fail("%s", msg)
	}
	if msg := st.issuer.idMismatch(); msg != "" {
		o.fail("%s", msg)
	}
	passMsg := fmt.Sprintf("The signing key belongs to the issuer %s, which lists it in publicKey.", st.issuer.id())
	if k := chosenKey(keys); k != nil {
		passMsg = fmt.Sprintf("The signing key %s belongs to the issuer %s, which lists it in publicKey.", k.id(), st.issuer.id())
	}
	o.emit(st.r, "issuer", passMsg)
}

// chosenKey is the key that verified the signature, else the first tried.
func chosenKey(keys []*signingKey) *signingKey {
	for _, k := range keys {
		if k.verified {
			return k
		}
	}
	if len(keys) > 0 {
		return keys[0]
	}
	return nil
}

func keyProblems(o *outcome, k *signingKey, issuerID string) {
	if !k.listed {
		o.fail("The key %s is not listed in the publicKey of the issuer Profile %s.", k.id(), issuerID)
	}
	if !k.doc.ok {
		return // reported by the proof check
	}
	owner := k.doc.val.Owner
	embedded := k.doc.source != k.doc.ref
	switch {
	case owner == "" && !embedded:
		o.fail("The key %s names no owner.", k.id())
	case owner != "" && owner != issuerID:
		o.fail("The key %s is owned by %s, not by the issuer %s.", k.id(), owner, issuerID)
	}
	if msg := k.doc.idMismatch(); msg != "" {
		o.fail("%s", msg)
	}
}
