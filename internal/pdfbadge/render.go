// SPDX-License-Identifier: Apache-2.0

package pdfbadge

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"strings"
	"time"
	"unicode/utf8"

	"codeberg.org/go-pdf/fpdf"

	"github.com/akashi-badges/akashi/internal/qr"
)

// Creator is the producer the certificate names in its document
// information (/Creator). A verifier that finds it in a PDF without a seal
// knows the seal was removed.
const Creator = "Akashi sealed certificate"

// Limits of what [Render] draws, so that the certificate stays one page.
const (
	maxDescriptionRunes = 420
	maxCriteriaRunes    = 300
	maxImagePixels      = 2048 // width or height of the badge image
)

// Attachment is a file embedded in the certificate.
type Attachment struct {
	Name string // credential.json, credential.jwt, assertion.json or assertion.jws
	Data []byte
}

// Input is everything the certificate shows and carries.
type Input struct {
	// Lang is "ja" or "en": the language of the labels and dates, and
	// which of the two names and descriptions comes first.
	Lang string

	RecipientName                string
	BadgeNameJA, BadgeNameEN     string
	DescriptionJA, DescriptionEN string
	IssuerName                   string
	IssuedOn                     time.Time
	Expires                      *time.Time // nil: does not expire
	Criteria                     string     // the criteria narrative; a summary is printed
	CriteriaURL                  string

	// Image is the badge image; ImageType its media type, image/png or
	// image/svg+xml. An SVG is rasterised; what the rasteriser does not
	// draw (text, clipping, filters) is missing, and an SVG it cannot read,
	// or that would cost too much to draw, is left out rather than failing
	// the certificate.
	Image     []byte
	ImageType string

	// VerifyURL is printed and drawn as a QR code.
	VerifyURL string
	// CredentialID is printed small, for reference.
	CredentialID string
	// Attachments are embedded as document attachments, in this order.
	Attachments []Attachment

	// Created is the document's creation date; zero means IssuedOn, so
	// the same award always renders to the same bytes.
	Created time.Time
	// Font is a TrueType font covering Japanese and Latin text (see
	// [FindFont]).
	Font []byte
}

// ErrInput reports an [Input] that cannot be rendered.
var ErrInput = errors.New("pdfbadge: invalid input")

// Render draws the certificate. It returns an error wrapping [ErrInput] for
// missing texts, an unreadable badge image or an unusable font.
func Render(in Input) ([]byte, error) {
	if err := in.check(); err != nil {
		return nil, err
	}
	l := labels(in.Lang)
	created := in.Created
	if created.IsZero() {
		created = in.IssuedOn
	}
	f := fpdf.New("P", "mm", "A4", "")
	f.SetCatalogSort(true)
	f.SetCreationDate(created.UTC())
	f.SetModificationDate(created.UTC())
	f.SetCreator(Creator, false)
	f.SetProducer("Akashi", false)
	f.SetTitle(firstNonEmpty(in.primary(in.BadgeNameJA, in.BadgeNameEN)), true)
	f.SetAutoPageBreak(false, 0)
	f.SetMargins(20, 20, 20)
	f.AddUTF8FontFromBytes("jp", "", in.Font)
	if err := f.Error(); err != nil {
		return nil, fmt.Errorf("%w: font: %v", ErrInput, err)
	}
	atts := make([]fpdf.Attachment, len(in.Attachments))
	for i, a := range in.Attachments {
		atts[i] = fpdf.Attachment{Content: a.Data, Filename: a.Name, Description: "Signed Open Badge credential"}
	}
	f.SetAttachments(atts)
	f.AddPage()

	frame(f)
	y := header(f, l)
	var err error
	if y, err = badgeImage(f, in, y); err != nil {
		return nil, err
	}
	y = recipient(f, in, l, y)
	y = badgeText(f, in, y)
	y = facts(f, in, l, y)
	criteria(f, in, l, y)
	if err := verification(f, in, l); err != nil {
		return nil, err
	}
	var out bytes.Buffer
	if err := f.Output(&out); err != nil {
		return nil, fmt.Errorf("pdfbadge: %w", err)
	}
	return out.Bytes(), nil
}

func (in *Input) check() error {
	switch {
	case len(in.Font) == 0:
		return fmt.Errorf("%w: no font", ErrInput)
	case !isTrueType(in.Font):
		return fmt.Errorf("%w: the font is not a TrueType font (.ttf; OpenType with CFF outlines is not supported)", ErrInput)
	case strings.TrimSpace(in.RecipientName) == "":
		return fmt.Errorf("%w: no recipient name", ErrInput)
	case strings.TrimSpace(in.BadgeNameJA+in.BadgeNameEN) == "":
		return fmt.Errorf("%w: no badge name", ErrInput)
	case in.VerifyURL == "":
		return fmt.Errorf("%w: no verification URL", ErrInput)
	case in.IssuedOn.IsZero():
		return fmt.Errorf("%w: no issue date", ErrInput)
	}
	return nil
}

// primary orders a Japanese and an English text by the certificate's
// language: first the one in Lang, then the other.
func (in *Input) primary(ja, en string) (string, string) {
	if in.Lang == "en" {
		return en, ja
	}
	return ja, en
}

// isTrueType reports whether font starts like a TrueType font file (sfnt
// version 1.0 or "true"); the PDF writer reads nothing else.
func isTrueType(font []byte) bool {
	return bytes.HasPrefix(font, []byte{0, 1, 0, 0}) || bytes.HasPrefix(font, []byte("true"))
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

const pageW = 210.0

func frame(f *fpdf.Fpdf) {
	f.SetDrawColor(140, 28, 40)
	f.SetLineWidth(0.8)
	f.Rect(10, 10, pageW-20, 277, "D")
	f.SetLineWidth(0.2)
	f.Rect(12.5, 12.5, pageW-25, 272, "D")
	f.SetDrawColor(0, 0, 0)
}

func header(f *fpdf.Fpdf, l label) float64 {
	f.SetTextColor(140, 28, 40)
	f.SetFont("jp", "", 22)
	centered(f, 24, 10, l.title)
	f.SetFont("jp", "", 11)
	centered(f, 34, 6, l.subtitle)
	f.SetTextColor(0, 0, 0)
	return 44
}

// badgeImage draws the badge 40 mm wide; no image takes no room. A PNG is
// decoded and written afresh as 8-bit RGBA so that interlaced or 16-bit
// images, which the PDF writer does not take, work. An SVG is rasterised
// (see [rasterSVG]); one that cannot be drawn is left out, not refused:
// the image was accepted when the badge was made, and the award must
// still print.
func badgeImage(f *fpdf.Fpdf, in Input, y float64) (float64, error) {
	var img image.Image
	switch {
	case len(in.Image) == 0:
		return y + 4, nil
	case in.ImageType == "image/png":
		cfg, err := png.DecodeConfig(bytes.NewReader(in.Image))
		if err != nil || cfg.Width > maxImagePixels || cfg.Height > maxImagePixels || cfg.Width == 0 || cfg.Height == 0 {
			return 0, fmt.Errorf("%w: the badge image is not a PNG of at most %d pixels square", ErrInput, maxImagePixels)
		}
		src, err := png.Decode(bytes.NewReader(in.Image))
		if err != nil {
			return 0, fmt.Errorf("%w: badge image: %v", ErrInput, err)
		}
		rgba := image.NewNRGBA(src.Bounds())
		draw.Draw(rgba, rgba.Bounds(), src, src.Bounds().Min, draw.Src)
		img = rgba
	case in.ImageType == "image/svg+xml":
		svg, err := rasterSVG(in.Image)
		if err != nil {
			return y + 4, nil
		}
		img = svg
	default:
		return y + 4, nil
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		return 0, fmt.Errorf("pdfbadge: %w", err)
	}
	f.RegisterImageOptionsReader("badge", fpdf.ImageOptions{ImageType: "PNG"}, &b)
	size := img.Bounds().Size()
	w := 40.0
	h := w * float64(size.Y) / float64(size.X)
	if h > 50 {
		h, w = 50, 50*float64(size.X)/float64(size.Y)
	}
	f.ImageOptions("badge", (pageW-w)/2, y, w, h, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
	if err := f.Error(); err != nil {
		return 0, fmt.Errorf("%w: badge image: %v", ErrInput, err)
	}
	return y + h + 6, nil
}

func recipient(f *fpdf.Fpdf, in Input, l label, y float64) float64 {
	f.SetFont("jp", "", 10)
	f.SetTextColor(90, 90, 90)
	centered(f, y, 5, l.certifies)
	f.SetTextColor(0, 0, 0)
	f.SetFont("jp", "", 26)
	centered(f, y+7, 12, truncate(in.RecipientName, 40))
	f.SetDrawColor(140, 28, 40)
	f.Line(45, y+20, pageW-45, y+20)
	f.SetDrawColor(0, 0, 0)
	f.SetFont("jp", "", 10)
	f.SetTextColor(90, 90, 90)
	centered(f, y+23, 5, l.earned)
	f.SetTextColor(0, 0, 0)
	return y + 31
}

func badgeText(f *fpdf.Fpdf, in Input, y float64) float64 {
	name, other := in.primary(in.BadgeNameJA, in.BadgeNameEN)
	if name == "" {
		name, other = other, ""
	}
	f.SetFont("jp", "", 18)
	f.SetXY(20, y)
	f.MultiCell(pageW-40, 8, truncate(name, 80), "", "C", false)
	if other != "" {
		f.SetFont("jp", "", 12)
		f.SetX(20)
		f.MultiCell(pageW-40, 6, truncate(other, 100), "", "C", false)
	}
	desc, descOther := in.primary(in.DescriptionJA, in.DescriptionEN)
	f.SetFont("jp", "", 9.5)
	for _, d := range []string{desc, descOther} {
		if strings.TrimSpace(d) == "" {
			continue
		}
		f.SetY(f.GetY() + 2)
		f.SetX(25)
		f.MultiCell(pageW-50, 5, truncate(d, maxDescriptionRunes/2), "", "L", false)
	}
	return f.GetY() + 5
}

func facts(f *fpdf.Fpdf, in Input, l label, y float64) float64 {
	rows := [][2]string{
		{l.issuer, in.IssuerName},
		{l.issued, l.date(in.IssuedOn)},
		{l.expires, l.none},
	}
	if in.Expires != nil {
		rows[2][1] = l.date(*in.Expires)
	}
	f.SetFont("jp", "", 10)
	for _, r := range rows {
		f.SetXY(25, y)
		f.SetTextColor(90, 90, 90)
		f.CellFormat(35, 6, r[0], "", 0, "L", false, 0, "")
		f.SetTextColor(0, 0, 0)
		f.CellFormat(pageW-85, 6, truncate(r[1], 60), "", 0, "L", false, 0, "")
		y += 6.5
	}
	return y + 3
}

func criteria(f *fpdf.Fpdf, in Input, l label, y float64) {
	if strings.TrimSpace(in.Criteria) == "" && in.CriteriaURL == "" {
		return
	}
	f.SetFont("jp", "", 10)
	f.SetTextColor(90, 90, 90)
	f.SetXY(25, y)
	f.CellFormat(pageW-50, 6, l.criteria, "", 1, "L", false, 0, "")
	f.SetTextColor(0, 0, 0)
	f.SetFont("jp", "", 9)
	if c := strings.TrimSpace(in.Criteria); c != "" {
		f.SetX(25)
		f.MultiCell(pageW-50, 4.6, truncate(c, maxCriteriaRunes), "", "L", false)
	}
	if in.CriteriaURL != "" {
		f.SetX(25)
		f.MultiCell(pageW-50, 4.6, truncate(in.CriteriaURL, 200), "", "L", false)
	}
}

// verification draws the QR code of the verification URL in the bottom
// right corner, with the URL and a note on the attachment beside it.
func verification(f *fpdf.Fpdf, in Input, l label) error {
	code, err := qr.PNG(in.VerifyURL, 4)
	if err != nil {
		return fmt.Errorf("%w: verification URL: %v", ErrInput, err)
	}
	f.RegisterImageOptionsReader("qr", fpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(code))
	const size, x, y = 38.0, pageW - 20 - 38, 232.0
	f.ImageOptions("qr", x, y, size, size, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
	f.SetFont("jp", "", 10)
	f.SetXY(22, y+2)
	f.CellFormat(x-26, 6, l.verify, "", 1, "L", false, 0, "")
	f.SetFont("jp", "", 8)
	f.SetX(22)
	f.MultiCell(x-26, 4, l.verifyHow, "", "L", false)
	f.SetX(22)
	f.SetTextColor(140, 28, 40)
	f.MultiCell(x-26, 4, in.VerifyURL, "", "L", false)
	f.SetTextColor(90, 90, 90)
	if in.CredentialID != "" {
		f.SetX(22)
		f.MultiCell(x-26, 4, truncate(in.CredentialID, 120), "", "L", false)
	}
	f.SetTextColor(0, 0, 0)
	return f.Error()
}

func centered(f *fpdf.Fpdf, y, h float64, s string) {
	f.SetXY(15, y)
	f.CellFormat(pageW-30, h, s, "", 0, "C", false, 0, "")
}

// truncate cuts s to at most n runes, marking the cut with an ellipsis.
func truncate(s string, n int) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}
