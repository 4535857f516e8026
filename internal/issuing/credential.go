// SPDX-License-Identifier: Apache-2.0

package issuing

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/akashi-badges/akashi/internal/jsonld"
	"github.com/akashi-badges/akashi/internal/ob3"
)

// DefaultAchievementType is the achievementType of an [Achievement] that
// names none.
const DefaultAchievementType = "Badge"

// Credential returns the unsigned OB 3.0 OpenBadgeCredential of an award
// (see the package documentation for its shape), as the decoded JSON that
// [proof.Engine.SignDataIntegrity] signs. An empty Award.Salt gets a random
// salt and a zero IssuedAt the current time; a caller that keeps the
// credential should set both. Bad input gives [ErrInput], also when the
// result would not validate against 1EdTech's schema (an unknown
// achievementType, a malformed language code).
func Credential(iss *Issuer, a *Achievement, w *Award) (map[string]any, error) {
	if w == nil {
		return nil, missing("award")
	}
	if a != nil && a.SchemaChecked {
		c := *a
		c.SchemaChecked = false // Credential always checks
		a = &c
	}
	m, _, err := credential(iss, a, w.withDefaults())
	return m, err
}

// credential builds the credential of an award whose defaults are filled,
// returning it decoded and as JSON (the VC-JWT payload).
func credential(iss *Issuer, a *Achievement, w *Award) (map[string]any, []byte, error) {
	if err := iss.checkOB3(); err != nil {
		return nil, nil, err
	}
	if err := a.check(); err != nil {
		return nil, nil, err
	}
	if a.ID == "" {
		return nil, nil, missing("achievement ID")
	}
	if err := w.check(); err != nil {
		return nil, nil, err
	}
	if w.CredentialID == "" {
		return nil, nil, missing("award CredentialID")
	}
	c, err := ob3.NewCredential(ob3Input(iss, a, w))
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %w", ErrInput, err)
	}
	if w.RecipientName != "" {
		c.CredentialSubject.Identifier = append(c.CredentialSubject.Identifier, ob3.IdentityObject{
			Type: "IdentityObject", Hashed: false, IdentityHash: w.RecipientName, IdentityType: "name",
		})
	}
	b, err := marshal(c)
	if err != nil {
		return nil, nil, err
	}
	// The builder above cannot produce every schema rule (enumerations,
	// patterns), so the result is checked before anyone signs it.
	if !a.SchemaChecked {
		if err := ob3.ValidateSchema(b); err != nil {
			return nil, nil, fmt.Errorf("%w: %w", ErrInput, err)
		}
	}
	doc, err := jsonld.ParseJSON(b)
	if err != nil {
		return nil, nil, fmt.Errorf("issuing: %w", err)
	}
	return doc.(map[string]any), b, nil
}

func ob3Input(iss *Issuer, a *Achievement, w *Award) ob3.Input {
	in := ob3.Input{
		ID:             w.CredentialID,
		Issuer:         ob3Issuer(iss),
		Achievement:    ob3Achievement(a),
		RecipientEmail: w.RecipientEmail,
		RecipientSalt:  w.Salt,
		ValidFrom:      w.IssuedAt,
		AwardedDate:    w.IssuedAt,
	}
	if w.ValidUntil != nil {
		in.ValidUntil = *w.ValidUntil
	}
	if w.EvidenceURL != "" || w.Narrative != "" {
		in.Evidence = []ob3.Evidence{{ID: w.EvidenceURL, Narrative: w.Narrative}}
	}
	if s := w.Status; s != nil {
		in.CredentialStatus = &ob3.CredentialStatus{
			ID:                   s.ListURL + "#" + strconv.Itoa(s.Index),
			Type:                 "BitstringStatusListEntry",
			StatusPurpose:        s.Purpose,
			StatusListIndex:      strconv.Itoa(s.Index),
			StatusListCredential: s.ListURL,
		}
	}
	return in
}

func ob3Issuer(iss *Issuer) ob3.Profile {
	p := ob3.Profile{
		ID: iss.ID, Type: []string{"Profile"}, Name: iss.Name, URL: iss.URL,
		Email: iss.Email, Description: iss.Description,
	}
	if iss.ImageURL != "" {
		p.Image = &ob3.Image{ID: iss.ImageURL, Type: "Image"}
	}
	return p
}

func ob3Achievement(a *Achievement) ob3.Achievement {
	out := ob3.Achievement{
		ID:              a.ID,
		Type:            []string{"Achievement"},
		AchievementType: a.AchievementType,
		Name:            a.Name,
		Description:     a.Description,
		Criteria:        ob3.Criteria{ID: a.CriteriaURL, Narrative: a.CriteriaNarrative},
		Tag:             a.Tags,
		InLanguage:      a.Language,
	}
	if out.AchievementType == "" {
		out.AchievementType = DefaultAchievementType
	}
	if a.ImageURL != "" {
		out.Image = &ob3.Image{ID: a.ImageURL, Type: "Image"}
	}
	for _, al := range a.Alignments {
		out.Alignment = append(out.Alignment, ob3.Alignment{
			Type: []string{"Alignment"}, TargetName: al.Name, TargetURL: al.URL,
			TargetDescription: al.Description, TargetFramework: al.Framework, TargetCode: al.Code,
		})
	}
	return out
}

// marshal encodes v as compact JSON without encoding/json's HTML escaping,
// so that URLs with "&" and text with "<" stay readable in every artefact.
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("issuing: encode: %w", err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// timestamp writes a time as the OB documents do: UTC, whole seconds.
func timestamp(t time.Time) string { return t.UTC().Truncate(time.Second).Format(time.RFC3339) }
