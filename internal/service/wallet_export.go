// SPDX-License-Identifier: Apache-2.0

package service

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/bake"
	"github.com/akashi-badges/akashi/internal/store"
	"github.com/akashi-badges/akashi/internal/tlog"
)

// WalletExport is everything a wallet holds, to be written as one zip
// archive with [WalletExport.Write]: for each badge of the account, its
// signed credentials as issued (OB 3.0 JSON and JWT, OB 2.0 assertion),
// its image with the credential baked in and the transparency-log receipts
// of its credentials; for each imported badge, the credential as it was
// imported and its latest verification report; and index.json listing
// every badge with its files.
type WalletExport struct {
	s       *Service
	at      time.Time
	badges  []*WalletBadge
	imports []*badge.WalletImport
	account int64
}

// ExportIndex is index.json of a wallet export.
type ExportIndex struct {
	ExportedAt time.Time     `json:"exported_at"`
	Badges     []ExportEntry `json:"badges"`
}

// ExportEntry is one badge in index.json.
type ExportEntry struct {
	Source    string     `json:"source"` // "awarded" or "imported"
	Name      string     `json:"name"`
	NameEN    string     `json:"name_en,omitempty"`
	Issuer    string     `json:"issuer"`
	IssuedOn  *time.Time `json:"issued_on,omitempty"`
	ExpiresOn *time.Time `json:"expires_on,omitempty"`
	State     string     `json:"state"`
	Private   bool       `json:"private"`
	// PublicURL is the badge's public page (awarded and public only);
	// SourceURL where an imported badge was fetched from.
	PublicURL string `json:"public_url,omitempty"`
	SourceURL string `json:"source_url,omitempty"`
	// CheckedAt is when an imported badge was last verified.
	CheckedAt *time.Time `json:"checked_at,omitempty"`
	Files     []string   `json:"files"`
}

// ExportWallet gathers the signed-in account's wallet for export. Nothing
// is written yet: an error here (not signed in) can still be shown as a
// page.
func (s *Service) ExportWallet(ctx context.Context) (*WalletExport, error) {
	id, err := walletActor(ctx)
	if err != nil {
		return nil, err
	}
	bs, err := s.WalletBadges(ctx, "")
	if err != nil {
		return nil, err
	}
	ws, _, err := s.Store.FindWalletImports(ctx, store.WalletImportFilter{AccountID: &id})
	if err != nil {
		return nil, err
	}
	return &WalletExport{s: s, at: s.now(), badges: bs, imports: ws, account: id}, nil
}

// Filename is the name to save the archive under.
func (e *WalletExport) Filename() string {
	return "akashi-wallet-" + e.at.Format("2006-01-02") + ".zip"
}

// Write streams the archive to w. ctx must be the signed-in account's
// (receipts of private badges are for their owner only).
func (e *WalletExport) Write(ctx context.Context, w io.Writer) error {
	z := &exportZip{w: zip.NewWriter(w), at: e.at}
	index := ExportIndex{ExportedAt: e.at, Badges: []ExportEntry{}}
	for _, b := range e.badges {
		entry, err := e.writeAward(ctx, z, b)
		if err != nil {
			return err
		}
		index.Badges = append(index.Badges, entry)
	}
	for _, listed := range e.imports {
		entry, err := e.writeImport(ctx, z, listed)
		if errors.Is(err, store.ErrNotFound) {
			continue // deleted meanwhile
		}
		if err != nil {
			return err
		}
		index.Badges = append(index.Badges, entry)
	}
	doc, err := json.MarshalIndent(index, "", "  ")
	if err != nil {
		return badge.Internal(err)
	}
	if err := z.file("index.json", doc); err != nil {
		return err
	}
	return z.w.Close()
}

// exportZip writes the files of an export.
type exportZip struct {
	w  *zip.Writer
	at time.Time
}

func (z *exportZip) file(name string, data []byte) error {
	f, err := z.w.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: z.at})
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	return err
}

// writeAward writes an award's files under awarded/<public id>/.
func (e *WalletExport) writeAward(ctx context.Context, z *exportZip, b *WalletBadge) (ExportEntry, error) {
	a := b.Award
	dir := "awarded/" + a.PublicID + "/"
	entry := ExportEntry{Source: SourceAwarded, Name: b.Badge.NameJA, NameEN: b.Badge.NameEN, Issuer: b.Org.Name,
		IssuedOn: &a.IssuedAt, ExpiresOn: a.ExpiresAt, State: b.State, Private: a.Private, Files: []string{}}
	if entry.Name == "" {
		entry.Name = b.Badge.NameEN
	}
	if !a.Private {
		entry.PublicURL = b.PageURL
	}
	type artefact struct {
		name, kind string
		data       []byte
	}
	arts := []artefact{
		{"credential.json", tlog.KindOB3DI, a.CredentialDI},
		{"credential.jwt", tlog.KindOB3JWT, []byte(a.CredentialJWT)},
		{"assertion.json", tlog.KindOB2Hosted, a.OB2Assertion},
		{"assertion.jws", tlog.KindOB2Signed, []byte(a.OB2Signed)},
	}
	add := func(name string, data []byte) error {
		entry.Files = append(entry.Files, dir+name)
		return z.file(dir+name, data)
	}
	for _, x := range arts {
		if len(x.data) == 0 {
			continue
		}
		if err := add(x.name, x.data); err != nil {
			return entry, err
		}
		rc, err := e.s.AwardReceipt(ctx, a.PublicID, x.kind)
		switch {
		case badge.ErrorCode(err) == badge.CodeNotFound || errors.Is(err, store.ErrNotFound):
			// Not in the log (yet): nothing to prove.
		case err != nil:
			return entry, err
		default:
			if err := add("receipt-"+x.kind+".txt", rc); err != nil {
				return entry, err
			}
		}
	}
	name, img, err := bakedImage(b)
	if err == nil && img != nil {
		err = add(name, img)
	}
	return entry, err
}

// bakedImage is the badge image of b with its first credential baked in,
// as the wallet's download offers it; nil when nothing was issued.
func bakedImage(b *WalletBadge) (string, []byte, error) {
	a := b.Award
	var p bake.Payload
	switch {
	case len(a.CredentialDI) > 0:
		p = bake.Payload{Version: bake.OB3, Data: a.CredentialDI}
	case a.CredentialJWT != "":
		p = bake.Payload{Version: bake.OB3, Data: []byte(a.CredentialJWT)}
	case len(a.OB2Assertion) > 0:
		p = bake.Payload{Version: bake.OB2, Data: a.OB2Assertion, HostedURL: b.PageURL}
	default:
		return "", nil, nil
	}
	name := "badge.png"
	if b.Image.MediaType == "image/svg+xml" {
		name = "badge.svg"
	}
	img, err := bake.Bake(b.Image.Data, p, &bake.Limits{MaxPayloadBytes: 4 << 20})
	if err != nil {
		return "", nil, badge.Internal(fmt.Errorf("service: baking %s for export: %w", a.PublicID, err))
	}
	return name, img, nil
}

// writeImport writes an import's files under imported/<id>/.
func (e *WalletExport) writeImport(ctx context.Context, z *exportZip, listed *badge.WalletImport) (ExportEntry, error) {
	w, err := e.s.Store.FindWalletImport(ctx, e.account, listed.ID)
	if err != nil {
		return ExportEntry{}, err
	}
	dir := fmt.Sprintf("imported/%d/", w.ID)
	entry := ExportEntry{Source: SourceImported, Name: w.Name, Issuer: w.IssuerName, IssuedOn: w.IssuedOn,
		ExpiresOn: w.ExpiresAt, State: w.State, Private: w.Private, SourceURL: w.SourceURL, CheckedAt: &w.CheckedAt,
		Files: []string{}}
	if entry.Issuer == "" {
		entry.Issuer = w.IssuerID
	}
	add := func(name string, data []byte) error {
		entry.Files = append(entry.Files, dir+name)
		return z.file(dir+name, data)
	}
	if err := add("credential."+w.Kind, w.Credential); err != nil {
		return entry, err
	}
	var rep bytes.Buffer
	if err := json.Indent(&rep, w.Report, "", "  "); err != nil {
		rep.Reset()
		rep.Write(w.Report)
	}
	if err := add("report.json", rep.Bytes()); err != nil {
		return entry, err
	}
	if w.Image != nil {
		ext := ".png"
		if w.ImageType == "image/svg+xml" {
			ext = ".svg"
		}
		if err := add("image"+ext, w.Image); err != nil {
			return entry, err
		}
	}
	return entry, nil
}
