// SPDX-License-Identifier: Apache-2.0

package service

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"net/url"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/report"
	"github.com/akashi-badges/akashi/internal/store"
	"github.com/akashi-badges/akashi/internal/verify"
)

// ImportInput is a badge to import into the wallet: Data (a baked PNG or
// SVG image, a JSON credential or a compact JWS) with the Filename it came
// under, or else a URL to fetch it from (through the safe fetcher only).
type ImportInput struct {
	Data     []byte
	Filename string
	URL      string
	// Replace makes the import an upsert, as the OB 3.0 API's POST
	// /credentials is: a credential equal to one the wallet imported
	// before — the same id and the same issuer id, compared after
	// percent-decoding and trimming (OB 3.0 §"Credential equality and
	// comparison") — replaces that import, which keeps its id, its privacy
	// and its place in collections, rather than being added beside it. A
	// credential that fails verification (state invalid) does not replace
	// one that passed it: it is added beside, so that a document merely
	// claiming an issuer's ids cannot overwrite the issuer's own.
	Replace bool
}

// ImportedBadge is a badge the wallet imported from elsewhere, as its
// owner sees it. Report is the kept report of its latest verification
// (nil in listings).
type ImportedBadge struct {
	*badge.WalletImport
	Report *report.Report
	// Existing is set by [Service.ImportBadge] when the wallet held the
	// credential already.
	Existing bool
	// Replaced is set by [Service.ImportBadge] when the credential
	// replaced an equal one ([ImportInput.Replace]).
	Replaced bool
}

// Summary is what the credential states of itself, in the verifier's
// terms, to show beside its report.
func (b *ImportedBadge) Summary() *verify.Summary {
	w := b.WalletImport
	s := &verify.Summary{BadgeName: w.Name, BadgeDescription: w.Description, ImageURL: w.ImageURL,
		IssuerName: w.IssuerName, IssuerID: w.IssuerID, IssuerURL: w.IssuerURL,
		RecipientName: w.Recipient, RecipientHashed: w.RecipientHashed}
	if w.IssuedOn != nil {
		s.IssuedOn = *w.IssuedOn
	}
	if w.ExpiresAt != nil {
		s.ValidUntil = *w.ExpiresAt
	}
	return s
}

// KeyImportTooLarge is the message key of the error for an input larger
// than badge.MaxImportBytes.
const KeyImportTooLarge = "wallet_import.too_large"

// ImportTooLarge is the error for an input larger than badge.MaxImportBytes.
func ImportTooLarge(field string) error {
	return badge.Invalid(field, KeyImportTooLarge, "The file is larger than 5 MiB, the largest badge the wallet imports.")
}

// importNotFound is the answer for another account's import, or none.
func importNotFound() error {
	return badge.NotFound("error.not_found", "No such imported badge in your wallet.")
}

// ImportBadge imports a badge from elsewhere into the signed-in account's
// wallet: any Open Badges 2.0 or 3.0 credential of any issuer. It is
// verified at once and kept with its report — also when a check fails
// (a revoked, expired or tampered badge is kept and shown with its
// problems), but not when no badge can be read from the input, which is an
// invalid error naming the field ("file" for Data, "url" for URL). The
// same credential imported twice returns the first import. New imports
// are private.
func (s *Service) ImportBadge(ctx context.Context, in ImportInput) (*ImportedBadge, error) {
	id, err := walletActor(ctx)
	if err != nil {
		return nil, err
	}
	engine, timeout := s.importEngine()
	data, name, field, err := s.importData(ctx, engine, in)
	if err != nil {
		return nil, err
	}
	// A PDF certificate (Akashi's, or any with a credential attached the
	// same way) is imported as the credential it carries; the page itself
	// is not kept.
	if verify.Sniff(data) == "pdf" {
		if cred, ok := verify.PDFCredential(data); ok {
			data = cred
		}
	}
	kind, err := sniffImport(data, field)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	if w, err := s.Store.FindWalletImportByDigest(ctx, id, sum[:]); err == nil {
		return existingImport(w)
	} else if !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	if !in.Replace { // a replacement needs no room: checked once none is found
		if err := s.importRoom(ctx, id, field); err != nil {
			return nil, err
		}
	}
	c, err := checkImport(ctx, engine, timeout, name, data, true)
	if err != nil {
		return nil, err
	}
	if importUnreadable(c.report) {
		e := badge.Invalid(field, "wallet_import.unreadable", "No Open Badge could be read from this: it is not a badge, or it is damaged.")
		e.Err = errors.New(c.report.Checks[0].Message)
		return nil, e
	}
	w := &badge.WalletImport{AccountID: id, Digest: sum[:], Credential: data, Kind: kind,
		Format: c.report.Format, Report: c.json, State: c.state, CheckedAt: s.now(), Private: true}
	if field == "url" {
		w.SourceURL = in.URL
	}
	w.Image, w.ImageType = importImage(kind, data)
	describeInto(w, c.summary)
	if in.Replace {
		old, err := s.equalImport(ctx, w)
		if err != nil {
			return nil, err
		}
		if old != nil && (w.State != badge.ImportInvalid || old.State == badge.ImportInvalid) {
			w.ID = old.ID
			err := s.Store.ReplaceWalletImport(ctx, w)
			if err == nil {
				return &ImportedBadge{WalletImport: w, Report: c.report, Replaced: true}, nil
			}
			if !errors.Is(err, store.ErrNotFound) {
				return s.sameMoment(ctx, id, sum[:], err)
			}
			w.ID = 0 // deleted meanwhile: added anew
		}
		if err := s.importRoom(ctx, id, field); err != nil {
			return nil, err
		}
	}
	if err := s.Store.CreateWalletImport(ctx, w); err != nil {
		return s.sameMoment(ctx, id, sum[:], err)
	}
	return &ImportedBadge{WalletImport: w, Report: c.report}, nil
}

// sameMoment answers the failure err of storing an import: a conflict is
// the same credential, imported at the same moment, which is answered as
// existing.
func (s *Service) sameMoment(ctx context.Context, accountID int64, digest []byte, err error) (*ImportedBadge, error) {
	if errors.Is(err, store.ErrConflict) {
		if w, err := s.Store.FindWalletImportByDigest(ctx, accountID, digest); err == nil {
			return existingImport(w)
		}
	}
	return nil, err
}

// importRoom refuses an import into a wallet that holds
// badge.MaxWalletImports already.
func (s *Service) importRoom(ctx context.Context, accountID int64, field string) error {
	_, n, err := s.Store.FindWalletImports(ctx, store.WalletImportFilter{AccountID: &accountID, Page: store.Page{Limit: 1}})
	if err == nil && n >= badge.MaxWalletImports {
		err = badge.Conflict(field, "wallet_import.too_many", "Your wallet holds as many imported badges as it can; delete some first.")
	}
	return err
}

// equalImport returns the import of w's account whose credential is
// equal to w's by OB 3.0's credential equality (the same id and issuer
// id), or nil. Of several (a credential that failed verification is added
// beside the one it could not replace), the newest that did not fail
// verification is returned, else the newest. Only imports stating the
// same issuer id are read.
func (s *Service) equalImport(ctx context.Context, w *badge.WalletImport) (*badge.WalletImport, error) {
	want := credentialIdentity(w.Kind, w.Credential)
	if want.id == "" || want.issuer == "" {
		return nil, nil
	}
	list, _, err := s.Store.FindWalletImports(ctx, store.WalletImportFilter{AccountID: &w.AccountID, IssuerID: &w.IssuerID})
	if err != nil {
		return nil, err
	}
	var found *badge.WalletImport
	for _, l := range list { // newest first
		if found != nil && l.State == badge.ImportInvalid {
			continue // not preferred: no need to read it
		}
		full, err := s.Store.FindWalletImport(ctx, w.AccountID, l.ID)
		if errors.Is(err, store.ErrNotFound) {
			continue // deleted meanwhile
		}
		if err != nil {
			return nil, err
		}
		if credentialIdentity(full.Kind, full.Credential) != want {
			continue
		}
		if full.State != badge.ImportInvalid {
			return full, nil
		}
		if found == nil {
			found = full
		}
	}
	return found, nil
}

// importData returns the bytes to import, the name the report gives them,
// and the form field they came from: in.Data, or what in.URL answered.
func (s *Service) importData(ctx context.Context, engine *verify.Verifier, in ImportInput) (data []byte, name, field string, err error) {
	if len(in.Data) == 0 && in.URL == "" {
		return nil, "", "file", badge.Invalid("file", "wallet_import.empty", "Choose a badge file, paste the badge data, or give its web address.")
	}
	if len(in.Data) > 0 {
		if len(in.Data) > badge.MaxImportBytes {
			return nil, "", "file", ImportTooLarge("file")
		}
		return in.Data, importName(in.Filename), "file", nil
	}
	u, perr := url.Parse(in.URL)
	if perr != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(in.URL) > badge.MaxURLLen {
		return nil, "", "url", badge.Invalid("url", "verify.bad_url", "Give a web address starting with https://.")
	}
	if s.Verifier == nil || s.Verifier.Engine == nil {
		return nil, "", "url", badge.Invalid("url", "verify.fetch_failed", "This server is offline and cannot fetch web addresses.")
	}
	ctx, cancel := context.WithTimeout(ctx, DefaultVerifyTimeout)
	defer cancel()
	data, err = engine.Fetch(ctx, in.URL)
	if err != nil {
		return nil, "", "url", fetchError(err)
	}
	if len(data) == 0 {
		return nil, "", "url", notABadge("url")
	}
	return data, in.URL, "url", nil
}

// importName is the label of an upload in its report: the file's base
// name, or "pasted" for text.
func importName(filename string) string {
	for i := len(filename) - 1; i >= 0; i-- {
		if filename[i] == '/' || filename[i] == '\\' {
			filename = filename[i+1:]
			break
		}
	}
	if filename = importText(filename, 100); filename == "" {
		return "pasted"
	}
	return filename
}

// existingImport is the answer of ImportBadge for a credential imported before.
func existingImport(w *badge.WalletImport) (*ImportedBadge, error) {
	b, err := importedBadge(w)
	if err == nil {
		b.Existing = true
	}
	return b, err
}

// importedBadge is w with its kept report read back.
func importedBadge(w *badge.WalletImport) (*ImportedBadge, error) {
	b := &ImportedBadge{WalletImport: w}
	if len(w.Report) > 0 {
		b.Report = &report.Report{}
		if err := json.Unmarshal(w.Report, b.Report); err != nil {
			return nil, badge.Internal(err)
		}
	}
	return b, nil
}

// ImportedBadges returns the badges the signed-in account imported,
// newest first, without their reports.
func (s *Service) ImportedBadges(ctx context.Context) ([]*ImportedBadge, error) {
	id, err := walletActor(ctx)
	if err != nil {
		return nil, err
	}
	return s.importedBadges(ctx, store.WalletImportFilter{AccountID: &id})
}

func (s *Service) importedBadges(ctx context.Context, f store.WalletImportFilter) ([]*ImportedBadge, error) {
	ws, _, err := s.Store.FindWalletImports(ctx, f)
	if err != nil {
		return nil, err
	}
	out := make([]*ImportedBadge, len(ws))
	for i, w := range ws {
		out[i] = &ImportedBadge{WalletImport: w}
	}
	return out, nil
}

// ImportedBadge returns one badge the signed-in account imported, with
// its credential and kept report. Another account's import is not found.
func (s *Service) ImportedBadge(ctx context.Context, id int64) (*ImportedBadge, error) {
	acc, err := walletActor(ctx)
	if err != nil {
		return nil, err
	}
	w, err := s.Store.FindWalletImport(ctx, acc, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, importNotFound()
	}
	if err != nil {
		return nil, err
	}
	return importedBadge(w)
}

// ImportImage returns the image of one of the signed-in account's imports
// and its media type; not found when it has none.
func (s *Service) ImportImage(ctx context.Context, id int64) ([]byte, string, error) {
	b, err := s.ImportedBadge(ctx, id)
	if err != nil {
		return nil, "", err
	}
	return importImageOf(b.WalletImport)
}

// importImageOf is the image an import shows: the kept image, or the
// credential itself when it is a baked image.
func importImageOf(w *badge.WalletImport) ([]byte, string, error) {
	switch {
	case w.ImageType == "":
		return nil, "", badge.NotFound("error.not_found", "This badge has no image.")
	case w.Image != nil:
		return w.Image, w.ImageType, nil
	}
	return w.Credential, w.ImageType, nil
}

// RemoveImport deletes one of the signed-in account's imports for good
// (and takes it out of its collections).
func (s *Service) RemoveImport(ctx context.Context, id int64) error {
	acc, err := walletActor(ctx)
	if err != nil {
		return err
	}
	err = s.Store.DeleteWalletImport(ctx, acc, id)
	if errors.Is(err, store.ErrNotFound) {
		return importNotFound()
	}
	return err
}

// SetImportPrivate makes one of the signed-in account's imports private
// (shown nowhere public) or public (shown in the public pages of the
// collections that hold it).
func (s *Service) SetImportPrivate(ctx context.Context, id int64, private bool) (*ImportedBadge, error) {
	acc, err := walletActor(ctx)
	if err != nil {
		return nil, err
	}
	w, err := s.Store.UpdateWalletImport(ctx, acc, id, store.WalletImportUpdate{Private: &private})
	if errors.Is(err, store.ErrNotFound) {
		return nil, importNotFound()
	}
	if err != nil {
		return nil, err
	}
	return importedBadge(w)
}

// RecheckImports verifies again up to limit imports (of every account)
// last checked more than olderThan ago, oldest first, and keeps the new
// report and state: a badge revoked or expired since shows so. It returns
// how many it checked. Run by the server periodically; an import deleted
// meanwhile is skipped, and one that cannot be checked does not stop the
// others (the first such error is returned).
func (s *Service) RecheckImports(ctx context.Context, olderThan time.Duration, limit int) (int, error) {
	before := s.now().Add(-olderThan)
	ws, _, err := s.Store.FindWalletImports(ctx, store.WalletImportFilter{CheckedBefore: &before, Page: store.Page{Limit: limit}})
	if err != nil {
		return 0, err
	}
	engine, timeout := s.importEngine()
	n := 0
	var first error
	for _, listed := range ws {
		if err := ctx.Err(); err != nil {
			return n, err
		}
		// One import that cannot be checked must not hold up the others.
		w, err := s.Store.FindWalletImport(ctx, listed.AccountID, listed.ID)
		if err == nil {
			err = s.recheck(ctx, engine, timeout, w)
		}
		switch {
		case err == nil:
			n++
		case !errors.Is(err, store.ErrNotFound) && first == nil:
			first = err
		}
	}
	return n, first
}

// recheck verifies w again and stores the result.
func (s *Service) recheck(ctx context.Context, engine *verify.Verifier, timeout time.Duration, w *badge.WalletImport) error {
	name := w.SourceURL
	if old, err := importedBadge(w); err == nil && old.Report != nil && old.Report.Input != "" {
		name = old.Report.Input
	}
	c, err := checkImport(ctx, engine, timeout, name, w.Credential, false)
	if err != nil {
		return err
	}
	if ctx.Err() != nil {
		// Cut short by shutdown: the report would say "could not fetch".
		return ctx.Err()
	}
	now := s.now()
	_, err = s.Store.UpdateWalletImport(ctx, w.AccountID, w.ID, store.WalletImportUpdate{
		State: &c.state, Report: c.json, CheckedAt: &now})
	return err
}
