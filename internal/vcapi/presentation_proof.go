// SPDX-License-Identifier: Apache-2.0

package vcapi

import (
	"crypto/ed25519"
	"crypto/sha256"
	"errors"
	"fmt"
	"reflect"
	"strings"

	"github.com/akashi-badges/akashi/internal/did"
	"github.com/akashi-badges/akashi/internal/multikey"
	"github.com/akashi-badges/akashi/internal/proof"
	"github.com/akashi-badges/akashi/internal/report"
)

// This file verifies the Data Integrity proof of a presentation
// (eddsa-rdfc-2022, vc-di-eddsa §3.3): the hash of the canonical proof
// configuration followed by the hash of the canonical presentation without
// its proof, signed with Ed25519. proof.Engine does the same for credentials
// but accepts only the assertionMethod purpose; a presentation's proof is an
// authentication by its holder, so the steps are spelled out here on top of
// proof.Engine.Canonicalize.

// defaultPresentationPurpose is the proof purpose of a presentation.
const defaultPresentationPurpose = "authentication"

// checkPresentationProofs verifies every proof of a presentation and adds
// the checks proof, holder, challenge and domain.
func (h *Handler) checkPresentationProofs(vp map[string]any, opts verifyOptions, r *report.Report) {
	proofs, err := presentationProofs(vp)
	if err == nil {
		var controllers []string
		controllers, err = h.verifyPresentationProofs(vp, proofs, opts)
		if err == nil {
			r.Add(idProof, report.Pass, fmt.Sprintf("The eddsa-rdfc-2022 signature of the presentation matches the key of %s.", strings.Join(controllers, ", ")))
			compareHolder(vp, controllers, r)
		}
	}
	if err != nil {
		r.Add(idProof, report.Fail, "The presentation's proof is not valid: "+err.Error())
		r.Add(idHolder, report.Skip, "The holder could not be checked because the presentation's proof did not verify.")
	}
	// The purpose was required of each proof above.
	applyProofOptions(r, proofs, verifyOptions{challenge: opts.challenge, domain: opts.domain}, "")
	if opts.challenge == "" {
		r.Add(idChallenge, report.Warn, "No challenge was given, so nothing shows that the presentation was made for this verification rather than replayed.")
	}
}

func presentationProofs(vp map[string]any) ([]map[string]any, error) {
	switch p := vp["proof"].(type) {
	case nil:
		return nil, errors.New("the presentation carries no proof (send an unsigned presentation as presentation, not verifiablePresentation)")
	case map[string]any:
		return []map[string]any{p}, nil
	case []any:
		proofs := proofObjects(vp)
		if len(proofs) == 0 || len(proofs) != len(p) {
			return nil, errors.New("proof must be an object or an array of objects")
		}
		return proofs, nil
	}
	return nil, errors.New("proof must be an object or an array of objects")
}

// verifyPresentationProofs checks each proof and returns the controllers
// of the keys that made them.
func (h *Handler) verifyPresentationProofs(vp map[string]any, proofs []map[string]any, opts verifyOptions) ([]string, error) {
	purpose := opts.expectedProofPurpose
	if purpose == "" {
		purpose = defaultPresentationPurpose
	}
	unsecured := make(map[string]any, len(vp))
	for k, v := range vp {
		if k != "proof" {
			unsecured[k] = v
		}
	}
	canonical, err := proof.Default.Canonicalize(unsecured)
	if err != nil {
		return nil, fmt.Errorf("the presentation cannot be read as linked data: %s", trimPrefix(err))
	}
	docHash := sha256.Sum256(canonical)
	controllers := make([]string, 0, len(proofs))
	for i, p := range proofs {
		c, err := h.verifyPresentationProof(vp, docHash, p, purpose)
		if err != nil {
			if len(proofs) > 1 {
				err = fmt.Errorf("proof %d of %d: %w", i+1, len(proofs), err)
			}
			return nil, err
		}
		controllers = append(controllers, c)
	}
	return controllers, nil
}

// verifyPresentationProof checks one proof and returns its key's controller.
func (h *Handler) verifyPresentationProof(vp map[string]any, docHash [32]byte, p map[string]any, purpose string) (string, error) {
	typ, _ := p["type"].(string)
	suite, _ := p["cryptosuite"].(string)
	if typ != proof.TypeDataIntegrity || suite != proof.SuiteEdDSARDFC2022 {
		return "", fmt.Errorf("it is %q %q; presentations must be signed with a DataIntegrityProof using eddsa-rdfc-2022", typ, suite)
	}
	if got, _ := p["proofPurpose"].(string); got != purpose {
		return "", fmt.Errorf("its proofPurpose is %q, not %q", got, purpose)
	}
	if err := h.checkProofDates(p); err != nil {
		return "", err
	}
	pv, _ := p["proofValue"].(string)
	sig, err := multikey.DecodeBase58btc(pv)
	if err != nil || len(sig) != ed25519.SignatureSize {
		return "", errors.New("proofValue is not a base58btc Ed25519 signature")
	}
	vm, _ := p["verificationMethod"].(string)
	pub, controller, err := presentationKey(vm, purpose)
	if err != nil {
		return "", err
	}
	config, err := proofConfig(vp, p)
	if err != nil {
		return "", err
	}
	canonical, err := proof.Default.Canonicalize(config)
	if err != nil {
		return "", fmt.Errorf("the proof cannot be read as linked data: %s", trimPrefix(err))
	}
	configHash := sha256.Sum256(canonical)
	if !ed25519.Verify(pub, append(configHash[:], docHash[:]...), sig) {
		return "", errors.New("the signature does not match: the presentation was changed after it was signed, or signed with another key")
	}
	return controller, nil
}

// checkProofDates: created must be a date-time with a time zone, and a
// proof past its expires is no longer valid.
func (h *Handler) checkProofDates(p map[string]any) error {
	if v, present := p["created"]; present {
		s, _ := v.(string)
		if _, ok := parseDate(s, true); !ok {
			return fmt.Errorf("created %v is not a date-time with a time zone", v)
		}
	}
	if v, present := p["expires"]; present {
		s, _ := v.(string)
		t, ok := parseDate(s, true)
		if !ok {
			return fmt.Errorf("expires %v is not a date-time with a time zone", v)
		}
		if h.now().After(t) {
			return fmt.Errorf("the proof expired at %s", s)
		}
	}
	return nil
}

// presentationKey resolves a did:key verification method offline and
// checks that its DID document authorises it for purpose.
func presentationKey(vm, purpose string) (ed25519.PublicKey, string, error) {
	didPart, _, _ := strings.Cut(vm, "#")
	doc, err := did.KeyDocument(didPart)
	if err != nil {
		return nil, "", fmt.Errorf("the key %q cannot be resolved offline; presentations must be signed with a did:key", vm)
	}
	relations := map[string][]string{
		"authentication":       doc.Authentication,
		"assertionMethod":      doc.AssertionMethod,
		"capabilityInvocation": doc.CapabilityInvoke,
		"capabilityDelegation": doc.CapabilityDelegate,
	}
	allowed, known := relations[purpose]
	if !known {
		return nil, "", fmt.Errorf("the proof purpose %q is not one a DID document can authorise", purpose)
	}
	for _, m := range doc.VerificationMethod {
		if m.ID != vm {
			continue
		}
		if !contains(allowed, m.ID) {
			return nil, "", fmt.Errorf("the key %s is not authorised for %s", vm, purpose)
		}
		pub, err := multikey.DecodePublic(m.PublicKeyMultibase)
		if err != nil {
			return nil, "", err
		}
		return ed25519.PublicKey(pub), doc.ID, nil
	}
	return nil, "", fmt.Errorf("the key %q is not in the DID document of %s", vm, doc.ID)
}

// proofConfig rebuilds the signed proof configuration: the proof without
// proofValue, with the presentation's @context (vc-di-eddsa §3.3.2: a proof
// that has its own @context must match the start of the document's).
func proofConfig(doc, p map[string]any) (map[string]any, error) {
	config := make(map[string]any, len(p)+1)
	for k, v := range p {
		if k != "proofValue" {
			config[k] = v
		}
	}
	docCtx, _ := doc["@context"].([]any)
	pc, has := p["@context"]
	if !has {
		config["@context"] = docCtx
		return config, nil
	}
	list, ok := pc.([]any)
	if !ok {
		list = []any{pc}
	}
	if len(list) > len(docCtx) || !reflect.DeepEqual(list, docCtx[:len(list)]) {
		return nil, errors.New("the proof's @context does not match the presentation's")
	}
	return config, nil
}
