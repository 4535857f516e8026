// SPDX-License-Identifier: Apache-2.0

package issuing

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/akashi-badges/akashi/internal/did"
)

// ErrInput reports input that cannot make a valid artefact: a required field
// is empty, a key does not match its identifier, a value is out of range.
// The message names the field.
var ErrInput = errors.New("issuing: invalid input")

// Issuer is the awarding organisation and its keys.
type Issuer struct {
	// ID is the organisation's did:key or did:web: the OB 3.0 issuer id.
	ID string
	// The issuer Profile; OB 2.0 requires Name, URL and Email.
	Name, URL, Email, Description, ImageURL string

	// VerificationMethod is the id of the Ed25519 key in ID's DID document
	// ("<ID>#<fragment>"): the proofs' verificationMethod and the JWT kid.
	VerificationMethod string
	Ed25519            ed25519.PrivateKey

	// Open Badges 2.0: the hosted issuer Profile, the RSA key that signs
	// assertions and the URL of its CryptographicKey document, and the
	// RevocationList URL named in the Profile.
	ProfileURL        string
	RSAKey            *rsa.PrivateKey
	RSAKeyURL         string
	RevocationListURL string
}

// Alignment links an achievement to an item of a framework (OB 3.0 and
// 2.0 Alignment); Name and URL are required.
type Alignment struct{ Name, URL, Description, Framework, Code string }

// Achievement is a snapshot of one badge-class revision.
type Achievement struct {
	ID          string // https URL of the achievement: the OB 3.0 Achievement id
	OB2BadgeURL string // the hosted OB 2.0 BadgeClass URL

	Name, Description string
	Language          string // BCP 47 code, e.g. "ja" or "en" (inLanguage)

	// ImageURL is the badge image (also a data: URI). ImageType is its
	// media type, "image/png" or "image/svg+xml": it is not written into any
	// artefact (neither OB version has a member for it) but checked here,
	// because those are the only types a badge can be baked into.
	ImageURL, ImageType string

	// At least one of the two.
	CriteriaNarrative, CriteriaURL string

	Alignments []Alignment
	Tags       []string

	// AchievementType is an OB 3.0 AchievementType value ("Badge",
	// "Certificate", … or "ext:…"); empty means "Badge".
	AchievementType string

	// SchemaChecked skips the 1EdTech schema check of each credential. Set
	// it only after [Credential] succeeded for this issuer and achievement:
	// what varies between awards (recipient, dates, evidence, status) is
	// checked by the rules of [Award] either way, and the schema check is a
	// third of the cost of signing, paid once per badge instead of once per
	// recipient in a bulk award.
	SchemaChecked bool
}

// Status purposes of a BitstringStatusList.
const (
	PurposeRevocation = "revocation"
	PurposeSuspension = "suspension"
)

// StatusEntry places a credential in a status list: bit Index of the
// BitstringStatusListCredential at ListURL, for Purpose.
type StatusEntry struct {
	ListURL string
	Index   int
	Purpose string // PurposeRevocation or PurposeSuspension
}

// Award is one award of an achievement to one person.
type Award struct {
	CredentialID string // OB 3.0 credential id, urn:uuid:…
	AssertionURL string // OB 2.0 assertion id, the URL it is hosted at

	RecipientEmail string
	RecipientName  string // optional; written as given (全角 spaces kept)
	// Salt of the recipient hash. Empty means a random one, in which case
	// only the artefacts of one [Issue] call share it.
	Salt string

	IssuedAt   time.Time  // zero means now
	ValidUntil *time.Time // optional; after IssuedAt

	EvidenceURL, Narrative string // optional, either or both

	Status *StatusEntry // optional
}

// withDefaults returns a copy of w with the salt and issue time that every
// artefact of one award must share filled in.
func (w *Award) withDefaults() *Award {
	c := *w
	if c.Salt == "" {
		c.Salt = rand.Text()
	}
	if c.IssuedAt.IsZero() {
		c.IssuedAt = time.Now()
	}
	c.IssuedAt = c.IssuedAt.UTC().Truncate(time.Second)
	return &c
}

func missing(field string) error { return fmt.Errorf("%w: %s is required", ErrInput, field) }

// checkOB3 checks what an OB 3.0 credential signed by iss needs.
func (iss *Issuer) checkOB3() error {
	switch {
	case iss == nil:
		return missing("issuer")
	case iss.ID == "":
		return missing("issuer ID")
	case !strings.HasPrefix(iss.VerificationMethod, iss.ID+"#"):
		// A key outside the issuer's DID document would sign credentials
		// that verifiers reject as not the issuer's.
		return fmt.Errorf("%w: verification method %q is not a key of %s", ErrInput, iss.VerificationMethod, iss.ID)
	case len(iss.Ed25519) != ed25519.PrivateKeySize:
		return missing("issuer Ed25519 key")
	}
	if strings.HasPrefix(iss.ID, "did:key:") {
		pub := iss.Ed25519.Public().(ed25519.PublicKey)
		if did.KeyDID(pub) != iss.ID {
			return fmt.Errorf("%w: the Ed25519 key is not the key of %s", ErrInput, iss.ID)
		}
	}
	return nil
}

// checkOB2 checks what the OB 2.0 documents of iss need; OB 2.0 requires
// an issuer's name, url and email.
func (iss *Issuer) checkOB2() error {
	switch {
	case iss == nil:
		return missing("issuer")
	case !isHTTPURL(iss.ProfileURL):
		return missing("issuer ProfileURL (an http(s) URL)")
	case iss.Name == "":
		return missing("issuer Name")
	case iss.URL == "":
		return missing("issuer URL")
	case iss.Email == "":
		return missing("issuer Email")
	}
	return nil
}

// checkRSA checks what signed OB 2.0 assertions need.
func (iss *Issuer) checkRSA() error {
	switch {
	case iss.RSAKey == nil:
		return missing("issuer RSAKey")
	case !isHTTPURL(iss.RSAKeyURL):
		return missing("issuer RSAKeyURL (an http(s) URL)")
	}
	return nil
}

func (a *Achievement) check() error {
	switch {
	case a == nil:
		return missing("achievement")
	case a.Name == "":
		return missing("achievement Name")
	case a.Description == "":
		return missing("achievement Description")
	case a.CriteriaNarrative == "" && a.CriteriaURL == "":
		return missing("achievement CriteriaNarrative or CriteriaURL")
	case a.ImageType != "" && a.ImageType != "image/png" && a.ImageType != "image/svg+xml":
		return fmt.Errorf("%w: achievement ImageType %q is neither image/png nor image/svg+xml", ErrInput, a.ImageType)
	}
	for i, al := range a.Alignments {
		if al.Name == "" || al.URL == "" {
			return fmt.Errorf("%w: alignment %d needs a Name and a URL", ErrInput, i)
		}
	}
	return nil
}

func (w *Award) check() error {
	switch {
	case w == nil:
		return missing("award")
	case strings.TrimSpace(w.RecipientEmail) == "":
		return missing("award RecipientEmail")
	case w.ValidUntil != nil && !w.ValidUntil.After(w.IssuedAt):
		return fmt.Errorf("%w: ValidUntil %s is not after IssuedAt %s", ErrInput, w.ValidUntil.UTC().Format(time.RFC3339), w.IssuedAt.UTC().Format(time.RFC3339))
	}
	if s := w.Status; s != nil {
		switch {
		case s.ListURL == "":
			return missing("status ListURL")
		case s.Index < 0:
			return fmt.Errorf("%w: status Index %d is negative", ErrInput, s.Index)
		}
		if err := checkPurpose(s.Purpose); err != nil {
			return err
		}
	}
	return nil
}

func checkPurpose(p string) error {
	if p != PurposeRevocation && p != PurposeSuspension {
		return fmt.Errorf("%w: status purpose %q is neither %q nor %q", ErrInput, p, PurposeRevocation, PurposeSuspension)
	}
	return nil
}

func isHTTPURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}

// sameOrigin reports whether two http(s) URLs have one origin (scheme,
// host, port; default ports omitted), the OB 2.0 hosted-badge rule.
func sameOrigin(a, b string) bool {
	oa := origin(a)
	return oa != "" && oa == origin(b)
}

func origin(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return ""
	}
	scheme, port := strings.ToLower(u.Scheme), u.Port()
	if scheme == "https" && port == "443" || scheme == "http" && port == "80" {
		port = ""
	}
	return scheme + "://" + strings.ToLower(u.Hostname()) + ":" + port
}
