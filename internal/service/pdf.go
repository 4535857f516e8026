// SPDX-License-Identifier: Apache-2.0

package service

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"os"
	"sync"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/pdfbadge"
	"github.com/akashi-badges/akashi/internal/qr"
	"github.com/akashi-badges/akashi/internal/tlog"
)

// KeyPDFNoFont is the message key of the error for a server without a
// font for PDF certificates.
const KeyPDFNoFont = "pdf.no_font"

// PDFSource is what an award's PDF certificate is made from: the public
// award (award, badge revision, image, organisation) and the key that
// seals it.
type PDFSource struct {
	*PublicAward
	// Signer is the organisation's current Ed25519 key and
	// VerificationMethod the id that names it (the kid of the seal).
	Signer             ed25519.PrivateKey
	VerificationMethod string
}

// pdfSource returns what the certificate of a public award needs.
func (s *Service) pdfSource(ctx context.Context, publicID string) (*PDFSource, error) {
	pa, err := s.PublicAward(ctx, publicID)
	if err != nil {
		return nil, err
	}
	iss, err := s.issuer(ctx, s.Store, pa.Org)
	if err != nil {
		return nil, err
	}
	return &PDFSource{PublicAward: pa, Signer: iss.Ed25519, VerificationMethod: iss.VerificationMethod}, nil
}

// awardAttachments are an award's signed artefacts as the certificate
// attaches them, under the names of its public files.
func awardAttachments(a *badge.Award) []pdfbadge.Attachment {
	var out []pdfbadge.Attachment
	for _, f := range []pdfbadge.Attachment{
		{Name: "credential.json", Data: a.CredentialDI},
		{Name: "credential.jwt", Data: []byte(a.CredentialJWT)},
		{Name: "assertion.jws", Data: []byte(a.OB2Signed)},
		{Name: "assertion.json", Data: a.OB2Assertion},
	} {
		if len(f.Data) > 0 {
			out = append(out, f)
		}
	}
	return out
}

// attachmentKinds are the log leaf kinds of the attached credentials.
var attachmentKinds = map[string]string{
	"credential.json": tlog.KindOB3DI, "credential.jwt": tlog.KindOB3JWT,
	"assertion.jws": tlog.KindOB2Signed, "assertion.json": tlog.KindOB2Hosted,
}

// CredentialDigest is the first 16 hex digits of the SHA-256 of an
// award's primary credential (see pdfbadge.Primary): what the QR code
// carries so that a printed badge can be matched with the one online.
// It is "" for an award with no credential.
func CredentialDigest(a *badge.Award) string {
	p := pdfbadge.Primary(awardAttachments(a))
	if p == nil {
		return ""
	}
	sum := sha256.Sum256(p.Data)
	return hex.EncodeToString(sum[:8])
}

// ShortVerifyURL is the verification link printed on certificates and
// drawn as QR codes: <base>/v/<award id>?d=<credential digest>. The digest
// is a query parameter rather than a fragment because a fragment never
// reaches the server, which passes it on to the verifier.
func (s *Service) ShortVerifyURL(a *badge.Award) string {
	return s.BaseURL + "/v/" + a.PublicID + "?d=" + CredentialDigest(a)
}

// ShortVerifyTarget is where a short verification link leads: the public
// verifier, given the URL of the award's primary credential and the
// digest from the link (the verifier compares it with what it fetches).
// A private or unknown award is not found.
func (s *Service) ShortVerifyTarget(ctx context.Context, publicID, digest string) (string, error) {
	pa, err := s.PublicAward(ctx, publicID)
	if err != nil {
		return "", err
	}
	p := pdfbadge.Primary(awardAttachments(pa.Award))
	if p == nil {
		return pa.PageURL, nil
	}
	q := url.Values{"url": {pa.PageURL + "/" + p.Name}}
	if len(digest) == 16 {
		if _, err := hex.DecodeString(digest); err == nil {
			q.Set("digest", digest)
		}
	}
	return "/verify?" + q.Encode(), nil
}

// AwardQR returns a PNG QR code of a public award's short verification
// link.
func (s *Service) AwardQR(ctx context.Context, publicID string) ([]byte, error) {
	return s.awardQR(ctx, publicID, func(t string) ([]byte, error) { return qr.PNG(t, 0) })
}

// AwardQRSVG is [Service.AwardQR] as an SVG image, for print.
func (s *Service) AwardQRSVG(ctx context.Context, publicID string) ([]byte, error) {
	return s.awardQR(ctx, publicID, qr.SVG)
}

func (s *Service) awardQR(ctx context.Context, publicID string, draw func(string) ([]byte, error)) ([]byte, error) {
	pa, err := s.PublicAward(ctx, publicID)
	if err != nil {
		return nil, err
	}
	img, err := draw(s.ShortVerifyURL(pa.Award))
	if err != nil {
		return nil, badge.Internal(err)
	}
	return img, nil
}

// AwardPDF renders a public award's certificate and seals it with the
// organisation's key. lang ("ja" or "en") picks the language of the page;
// "" means the recipient's. The same award renders to the same bytes.
// A server without a font answers an internal error with key
// [KeyPDFNoFont] and a message saying how to install one.
func (s *Service) AwardPDF(ctx context.Context, publicID, lang string) ([]byte, error) {
	src, err := s.pdfSource(ctx, publicID)
	if err != nil {
		return nil, err
	}
	font, err := s.pdfFont.load(s.PDFFont)
	if err != nil {
		return nil, &badge.Error{Code: badge.CodeInternal, Key: KeyPDFNoFont, Err: err,
			Message: "PDF certificates are not available on this server: no Japanese font is installed (Debian: fonts-ipaexfont-gothic) or configured (--pdf-font)."}
	}
	a, b := src.Award, src.Badge
	if !badge.ValidLocale(lang) {
		lang = a.RecipientLocale
	}
	if !badge.ValidLocale(lang) {
		lang = src.Org.DefaultLocale
	}
	name := a.RecipientName
	if name == "" {
		name = "—"
	}
	atts := awardAttachments(a)
	primary := pdfbadge.Primary(atts)
	if primary == nil {
		return nil, badge.NotFound("error.not_found", "This badge has no credential to print.")
	}
	// The receipt proves the primary credential in the first published
	// checkpoint that holds it, so the certificate stays the same bytes
	// as the log grows; before the sequencer's next round there is none.
	if rc, err := s.awardReceipt(ctx, a.ID, attachmentKinds[primary.Name], true); err == nil {
		atts = append(atts, pdfbadge.Attachment{Name: pdfbadge.ReceiptName, Data: rc})
	}
	pdf, err := pdfbadge.Render(pdfbadge.Input{
		Lang: lang, RecipientName: name,
		BadgeNameJA: b.NameJA, BadgeNameEN: b.NameEN,
		DescriptionJA: b.DescriptionJA, DescriptionEN: b.DescriptionEN,
		IssuerName: src.Org.Name, IssuedOn: a.IssuedAt, Expires: a.ExpiresAt,
		Criteria: b.CriteriaNarrative, CriteriaURL: b.CriteriaURL,
		Image: src.Image.Data, ImageType: src.Image.MediaType,
		VerifyURL: s.ShortVerifyURL(a), CredentialID: pdfbadge.CredentialID(primary.Data),
		Attachments: atts, Font: font,
	})
	if err != nil {
		return nil, badge.Internal(err)
	}
	sealed, err := pdfbadge.Seal(pdf, src.Signer, src.VerificationMethod, pdfbadge.CredentialID(primary.Data))
	if err != nil {
		return nil, badge.Internal(err)
	}
	return sealed, nil
}

// fontCache keeps the font file read once: it is several megabytes.
type fontCache struct {
	mu   sync.Mutex
	path string
	data []byte
}

func (c *fontCache) load(configured string) ([]byte, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	p, err := pdfbadge.FindFont(configured)
	if err != nil {
		return nil, err
	}
	if p == c.path && c.data != nil {
		return c.data, nil
	}
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, err
	}
	c.path, c.data = p, b
	return b, nil
}
