// SPDX-License-Identifier: Apache-2.0

package fetch

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"time"
)

// Defaults for the zero values of [Options].
const (
	DefaultTimeout      = 10 * time.Second
	DefaultMaxBytes     = 2 << 20
	DefaultMaxRedirects = 5
	DefaultUserAgent    = "akashi-verifier"
)

// Options configure a [Fetcher]. The zero value is the safe default: https
// only, public addresses only, 10 s, 2 MiB, 5 redirects.
type Options struct {
	// AllowHTTP lets plain http URLs (and redirects to them) through.
	AllowHTTP bool
	// AllowPrivate turns the address check off (see [Forbidden]).
	AllowPrivate bool
	// Timeout bounds the whole request, body included; 0 means 10 s.
	Timeout time.Duration
	// MaxBytes bounds the body; 0 means 2 MiB. A larger body is ErrTooLarge.
	MaxBytes int64
	// MaxRedirects bounds the redirects followed; 0 means 5, a negative
	// value means none.
	MaxRedirects int
	// URLMap answers the URLs it lists from local files, never from the
	// network. A URL with a fragment is looked up as written, then without
	// the fragment.
	URLMap map[string]string
	// Offline forbids all network access: a URL not in URLMap is ErrOffline.
	Offline bool
	// UserAgent is sent with every request; empty means "akashi-verifier".
	UserAgent string
	// RootCAs replaces the system roots when set (tests, private PKI).
	RootCAs *x509.CertPool
}

// Response is what a server (or the URL map) answered. URL is the final URL
// after redirects.
type Response struct {
	URL         string
	Status      int
	ContentType string
	Body        []byte
}

// Fetcher performs safe GET requests; see the package documentation. It is
// safe for concurrent use.
type Fetcher struct {
	opts   Options
	client *http.Client
}

// New returns a Fetcher for opts, with defaults filled in.
func New(opts Options) *Fetcher {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = DefaultMaxBytes
	}
	if opts.MaxRedirects == 0 {
		opts.MaxRedirects = DefaultMaxRedirects
	}
	if opts.UserAgent == "" {
		opts.UserAgent = DefaultUserAgent
	}
	f := &Fetcher{opts: opts}
	f.client = &http.Client{Transport: f.transport(), CheckRedirect: f.checkRedirect}
	return f
}

func (f *Fetcher) transport() *http.Transport {
	d := &net.Dialer{Timeout: f.opts.Timeout}
	if !f.opts.AllowPrivate {
		d.Control = dialControl
	}
	return &http.Transport{
		Proxy:                 nil,
		DialContext:           d.DialContext,
		TLSClientConfig:       &tls.Config{RootCAs: f.opts.RootCAs, MinVersion: tls.VersionTLS12},
		TLSHandshakeTimeout:   f.opts.Timeout,
		ResponseHeaderTimeout: f.opts.Timeout,
		MaxIdleConns:          10,
		IdleConnTimeout:       30 * time.Second,
		ForceAttemptHTTP2:     true,
	}
}

func (f *Fetcher) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) > max(f.opts.MaxRedirects, 0) {
		return fmt.Errorf("%w (%d) at %s", ErrTooManyRedirects, len(via), req.URL)
	}
	return f.checkScheme(req.URL)
}

func (f *Fetcher) checkScheme(u *url.URL) error {
	switch {
	case u.Scheme == "https":
		return nil
	case u.Scheme == "http" && f.opts.AllowHTTP:
		return nil
	}
	return fmt.Errorf("%w: %s", ErrScheme, u.Redacted())
}

// Get fetches rawURL with the given Accept header. A response with any HTTP
// status is returned as a [Response] (Open Badges 2.0 needs 410 Gone); an
// error means no usable response: ErrScheme, ErrForbiddenAddress,
// ErrTooManyRedirects, ErrTooLarge, ErrTimeout, ErrOffline, or a network or
// file error.
func (f *Fetcher) Get(ctx context.Context, rawURL, accept string) (*Response, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("fetch: %w", err)
	}
	if path, ok := f.mapped(u); ok {
		return f.fromFile(rawURL, path)
	}
	if err := f.checkScheme(u); err != nil {
		return nil, err
	}
	if u.Host == "" {
		return nil, fmt.Errorf("fetch: %s: no host", u.Redacted())
	}
	if f.opts.Offline {
		return nil, fmt.Errorf("%w: %s is not in the URL map", ErrOffline, u.Redacted())
	}
	return f.fromNetwork(ctx, u, accept)
}

// GetBody is [Fetcher.Get] for callers that only want a 2xx body: any other
// status is a *[StatusError].
func (f *Fetcher) GetBody(ctx context.Context, rawURL, accept string) ([]byte, error) {
	resp, err := f.Get(ctx, rawURL, accept)
	if err != nil {
		return nil, err
	}
	if resp.Status < 200 || resp.Status > 299 {
		return nil, &StatusError{URL: rawURL, Status: resp.Status}
	}
	return resp.Body, nil
}

func (f *Fetcher) fromNetwork(ctx context.Context, u *url.URL, accept string) (*Response, error) {
	parent := ctx
	ctx, cancel := context.WithTimeout(ctx, f.opts.Timeout)
	defer cancel()
	u.Fragment, u.RawFragment = "", ""
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("fetch: %w", err)
	}
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	req.Header.Set("User-Agent", f.opts.UserAgent)
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, f.wrapErr(parent, ctx, err)
	}
	defer resp.Body.Close()
	body, err := readLimited(resp.Body, resp.ContentLength, f.opts.MaxBytes)
	if err == nil && ctx.Err() != nil {
		// A body cut short by our deadline can read as a clean EOF; never
		// hand out a possibly truncated document.
		err = ctx.Err()
	}
	if err != nil {
		return nil, f.wrapErr(parent, ctx, fmt.Errorf("%w (%s)", err, u.Redacted()))
	}
	return &Response{
		URL:         resp.Request.URL.String(),
		Status:      resp.StatusCode,
		ContentType: resp.Header.Get("Content-Type"),
		Body:        body,
	}, nil
}

// wrapErr turns the deadline of our own timeout into ErrTimeout; the
// caller's cancellation stays what it is.
func (f *Fetcher) wrapErr(parent, ctx context.Context, err error) error {
	var ne net.Error
	timedOut := errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
	if errors.Is(parent.Err(), context.Canceled) {
		return fmt.Errorf("fetch: %w", err)
	}
	if timedOut || ctx.Err() != nil {
		return fmt.Errorf("%w after %s: %w", ErrTimeout, f.opts.Timeout, err)
	}
	return fmt.Errorf("fetch: %w", err)
}
