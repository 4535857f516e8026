// SPDX-License-Identifier: Apache-2.0

package service

import (
	"container/list"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/fetch"
	"github.com/akashi-badges/akashi/internal/report"
	"github.com/akashi-badges/akashi/internal/tlog"
	"github.com/akashi-badges/akashi/internal/verify"
)

// Limits of the public verifier.
const (
	// MaxVerifyInput bounds an uploaded or pasted credential (bytes).
	MaxVerifyInput = 5 << 20
	// DefaultVerifyTimeout bounds one verification, every fetch included.
	DefaultVerifyTimeout = 15 * time.Second
	// verifyCacheTTL is how long a result is reused; verifyCacheSize how
	// many are kept.
	verifyCacheTTL  = 60 * time.Second
	verifyCacheSize = 256
)

// Verifier is the public verifier's use case: anyone may check a badge
// (a URL, or the bytes of a file or pasted text). Results are cached
// briefly, so a page reloaded or a badge checked by many people at once
// does not fetch the same documents again; every verification has a
// deadline, so a slow remote cannot hold a request.
type Verifier struct {
	// Engine is the verification engine, with its safe fetcher; nil means
	// offline: nothing is fetched.
	Engine *verify.Verifier
	// Timeout bounds one verification; 0 means DefaultVerifyTimeout.
	Timeout time.Duration
	// Now is the cache's clock; nil means time.Now.
	Now func() time.Time
	// Receipt returns the transparency-log receipt of the credential at a
	// URL, when the verifier knows it (this instance's own awards), or
	// nil: with one, the report gains the log checks.
	Receipt func(ctx context.Context, credentialURL string) []byte

	once  sync.Once
	cache *resultCache
}

// VerifyInput is what to verify: a URL, or Data with the Name it came
// under (a file name).
type VerifyInput struct {
	URL  string
	Name string
	Data []byte
}

// Verification is the result: the engine's report and what the credential
// states of itself (nil when nothing could be read). Kind is the form of
// the input ("png", "svg", "json", "jwt", "pdf").
type Verification struct {
	Report  *report.Report
	Summary *verify.Summary
	Kind    string
	// Digest is the first 16 hex digits of the SHA-256 of the input's
	// bytes (as fetched, for a URL): what a QR code's digest is compared
	// with (see [CredentialDigest] and [Verification.MatchesDigest]).
	Digest string
	// Image is the input itself when it was a baked PNG or SVG image, to
	// show it; nil otherwise.
	Image []byte
}

// KeyVerifyTooLarge is the message key of the error for an input larger
// than MaxVerifyInput (the API answers it with 413).
const KeyVerifyTooLarge = "verify.too_large"

// VerifyTooLarge is the error for an input larger than MaxVerifyInput.
func VerifyTooLarge(field string) error {
	return badge.Invalid(field, KeyVerifyTooLarge, "The file is larger than 5 MiB, the largest the verifier accepts.")
}

// Verify checks a badge for anyone, with s.Verifier (offline when nil);
// see [Verifier.Verify].
func (s *Service) Verify(ctx context.Context, in VerifyInput) (*Verification, error) {
	v := s.Verifier
	if v == nil {
		s.offlineOnce.Do(func() { s.offline = &Verifier{} })
		v = s.offline
	}
	return v.Verify(ctx, in)
}

// Verify checks a badge. A badge that fails a check is a result, not an
// error; errors are for input that cannot be verified at all: nothing
// given, too large, not a badge format, or
// a URL that is refused or cannot be read — each a [badge.Error] naming
// the field ("url", "file" or "credential").
func (v *Verifier) Verify(ctx context.Context, in VerifyInput) (*Verification, error) {
	v.once.Do(func() { v.cache = newResultCache(verifyCacheSize, verifyCacheTTL) })
	timeout := v.Timeout
	if timeout <= 0 {
		timeout = DefaultVerifyTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	field := "file"
	name := in.Name
	var key string
	if in.URL != "" {
		u, err := url.Parse(in.URL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(in.URL) > 2048 {
			return nil, badge.Invalid("url", "verify.bad_url", "Give a web address starting with https://.")
		}
		key = "url\x00" + in.URL
		if res, ok := v.cache.get(key, v.now()); ok {
			return res, nil
		}
		if v.Engine == nil {
			return nil, badge.Invalid("url", "verify.fetch_failed", "This verifier is offline and cannot fetch web addresses.")
		}
		data, err := v.Engine.Fetch(ctx, in.URL)
		if err != nil {
			return nil, fetchError(err)
		}
		in.Data, name, field = data, in.URL, "url"
	}
	if len(in.Data) == 0 {
		return nil, badge.Invalid(field, "verify.empty", "Give a web address, paste the badge data, or choose a file.")
	}
	if len(in.Data) > MaxVerifyInput {
		return nil, VerifyTooLarge(field)
	}
	kind := verify.Sniff(in.Data)
	if kind == "" {
		return nil, badge.Invalid(field, "verify.unknown_format", "This is not a badge: give a PNG or SVG badge image, a PDF certificate, or badge data in JSON or JWT form.")
	}
	sum := sha256.Sum256(in.Data)
	if key == "" {
		key = "data\x00" + string(sum[:])
	}
	if res, ok := v.cache.get(key, v.now()); ok {
		return withInput(res, name), nil
	}
	engine := v.Engine
	if engine == nil {
		engine = verify.New(verify.Options{})
	}
	var rep *report.Report
	if rc := v.receipt(ctx, in.URL); rc != nil {
		rep = engine.VerifyWithReceipt(ctx, name, in.Data, rc, "")
	} else {
		rep = engine.Verify(ctx, name, in.Data)
	}
	res := &Verification{Report: rep, Summary: engine.Describe(ctx, in.Data), Kind: kind,
		Digest: hex.EncodeToString(sum[:8])}
	if kind == "png" || kind == "svg" {
		res.Image = in.Data
	}
	// A result cut short by the deadline is not kept.
	if ctx.Err() == nil {
		v.cache.put(key, res, v.now())
	}
	return res, nil
}

// MatchesDigest reports whether digest, the 16 hex digits a QR code
// carries (see [ShortVerifyURL]), is that of the verified bytes: whether
// the printed badge is the one online. Case is ignored.
func (res *Verification) MatchesDigest(digest string) bool {
	return len(digest) == 16 && res.Digest != "" && strings.EqualFold(digest, res.Digest)
}

// ValidDigest reports whether s has the form of a QR code's digest: 16
// hex digits.
func ValidDigest(s string) bool {
	if len(s) != 16 {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil
}

func (v *Verifier) receipt(ctx context.Context, credentialURL string) []byte {
	if v.Receipt == nil || credentialURL == "" {
		return nil
	}
	return v.Receipt(ctx, credentialURL)
}

// OwnReceipt is the receipt of one of this instance's public awards'
// credentials, by the URL of the credential (credential.json,
// credential.jwt, assertion.json, assertion.jws, or the baked image with
// its ?format=), or nil: not an award of this instance, private, or not
// in the log yet. The public verifier uses it (see [Verifier.Receipt]).
func (s *Service) OwnReceipt(ctx context.Context, credentialURL string) []byte {
	u, err := url.Parse(credentialURL)
	rest, ok := strings.CutPrefix(credentialURL, s.BaseURL+"/awards/")
	if err != nil || !ok {
		return nil
	}
	id, file, _ := strings.Cut(strings.SplitN(rest, "?", 2)[0], "/")
	kind, ok := attachmentKinds[file]
	if !ok {
		switch {
		case file == "" && u.Query().Get("format") == "":
			kind = tlog.KindOB2Hosted // the page's URL answers the hosted assertion
		case strings.HasPrefix(file, "badge."):
			kind = map[string]string{"": tlog.KindOB3DI, "di": tlog.KindOB3DI, "jwt": tlog.KindOB3JWT,
				"ob2": tlog.KindOB2Hosted, "ob2-signed": tlog.KindOB2Signed}[u.Query().Get("format")]
		}
	}
	if kind == "" {
		return nil
	}
	rc, err := s.AwardReceipt(ctx, id, kind)
	if err != nil {
		return nil
	}
	return rc
}

func (v *Verifier) now() time.Time {
	if v.Now != nil {
		return v.Now()
	}
	return time.Now()
}

// withInput returns res labelled name (a cached result of the same bytes
// uploaded under another name).
func withInput(res *Verification, name string) *Verification {
	if res.Report.Input == name {
		return res
	}
	r := *res.Report
	r.Input = name
	out := *res
	out.Report = &r
	return &out
}

// fetchError says why a URL could not be read, without the details of our
// network.
func fetchError(err error) error {
	var msg, key string
	switch {
	case errors.Is(err, fetch.ErrForbiddenAddress):
		key, msg = "verify.url_forbidden", "This address is on a private network; the verifier only fetches public addresses."
	case errors.Is(err, fetch.ErrScheme):
		key, msg = "verify.url_scheme", "Only https:// addresses can be verified."
	case errors.Is(err, fetch.ErrTooLarge):
		key, msg = "verify.url_too_large", "The document at this address is too large."
	case errors.Is(err, fetch.ErrTimeout), errors.Is(err, context.DeadlineExceeded):
		key, msg = "verify.url_timeout", "The address did not answer in time."
	default:
		key, msg = "verify.fetch_failed", "The badge could not be fetched from this address."
	}
	e := badge.Invalid("url", key, msg)
	e.Err = err
	return e
}

// resultCache keeps the most recent results for a short time: a bounded
// LRU with a time to live. Safe for concurrent use.
type resultCache struct {
	mu    sync.Mutex
	size  int
	ttl   time.Duration
	order *list.List // front: most recently used
	items map[string]*list.Element
}

type cacheEntry struct {
	key     string
	res     *Verification
	expires time.Time
}

func newResultCache(size int, ttl time.Duration) *resultCache {
	return &resultCache{size: size, ttl: ttl, order: list.New(), items: map[string]*list.Element{}}
}

func (c *resultCache) get(key string, now time.Time) (*Verification, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.items[key]
	if !ok {
		return nil, false
	}
	e := el.Value.(*cacheEntry)
	if !now.Before(e.expires) {
		c.order.Remove(el)
		delete(c.items, key)
		return nil, false
	}
	c.order.MoveToFront(el)
	return e.res, true
}

func (c *resultCache) put(key string, res *Verification, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[key]; ok {
		el.Value = &cacheEntry{key: key, res: res, expires: now.Add(c.ttl)}
		c.order.MoveToFront(el)
		return
	}
	c.items[key] = c.order.PushFront(&cacheEntry{key: key, res: res, expires: now.Add(c.ttl)})
	for c.order.Len() > c.size {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.items, last.Value.(*cacheEntry).key)
	}
}
