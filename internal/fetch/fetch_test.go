// SPDX-License-Identifier: Apache-2.0

package fetch

import (
	"context"
	"crypto/x509"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// tlsServer starts an httptest TLS server on 127.0.0.1 and returns it with
// a pool trusting its certificate.
func tlsServer(t *testing.T, h http.Handler) (*httptest.Server, *x509.CertPool) {
	t.Helper()
	srv := httptest.NewTLSServer(h)
	t.Cleanup(srv.Close)
	pool := x509.NewCertPool()
	pool.AddCert(srv.Certificate())
	return srv, pool
}

func jsonHandler(body string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/ld+json")
		w.Write([]byte(body))
	})
}

func TestGetLoopbackRefusedByDefault(t *testing.T) {
	srv, pool := tlsServer(t, jsonHandler(`{}`))
	f := New(Options{RootCAs: pool})
	_, err := f.Get(context.Background(), srv.URL+"/a.json", "application/json")
	if !errors.Is(err, ErrForbiddenAddress) {
		t.Fatalf("Get(%s) error = %v, want ErrForbiddenAddress", srv.URL, err)
	}
	// The same through a name that resolves to loopback.
	localhost := strings.Replace(srv.URL, "127.0.0.1", "localhost", 1)
	_, err = f.Get(context.Background(), localhost+"/a.json", "application/json")
	if !errors.Is(err, ErrForbiddenAddress) {
		t.Fatalf("Get(%s) error = %v, want ErrForbiddenAddress", localhost, err)
	}
}

func TestGetAllowPrivate(t *testing.T) {
	var gotAccept, gotUA string
	srv, pool := tlsServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotAccept, gotUA = r.Header.Get("Accept"), r.Header.Get("User-Agent")
		w.Header().Set("Content-Type", "application/ld+json")
		w.Write([]byte(`{"id":"x"}`))
	}))
	f := New(Options{AllowPrivate: true, RootCAs: pool, UserAgent: "test-agent"})
	resp, err := f.Get(context.Background(), srv.URL+"/a.json#frag", "application/ld+json, application/json")
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	want := &Response{URL: srv.URL + "/a.json", Status: 200, ContentType: "application/ld+json", Body: []byte(`{"id":"x"}`)}
	if diff := cmp.Diff(want, resp); diff != "" {
		t.Errorf("Get response (-want +got):\n%s", diff)
	}
	if gotAccept != "application/ld+json, application/json" || gotUA != "test-agent" {
		t.Errorf("server saw Accept %q, User-Agent %q", gotAccept, gotUA)
	}
}

func TestGetErrorStatusIsAResponse(t *testing.T) {
	srv, pool := tlsServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusGone)
		w.Write([]byte(`{"revoked":true}`))
	}))
	f := New(Options{AllowPrivate: true, RootCAs: pool})
	resp, err := f.Get(context.Background(), srv.URL, "")
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	if resp.Status != http.StatusGone || string(resp.Body) != `{"revoked":true}` {
		t.Errorf("Get = %d %q, want 410 with body", resp.Status, resp.Body)
	}
	_, err = f.GetBody(context.Background(), srv.URL, "")
	var se *StatusError
	if !errors.As(err, &se) || se.Status != http.StatusGone {
		t.Errorf("GetBody error = %v, want StatusError 410", err)
	}
}

func TestGetScheme(t *testing.T) {
	srv := httptest.NewServer(jsonHandler(`{"ok":1}`))
	defer srv.Close()
	for _, u := range []string{srv.URL, "ftp://example.org/x", "file:///etc/passwd", "gopher://x"} {
		_, err := New(Options{AllowPrivate: true}).Get(context.Background(), u, "")
		if !errors.Is(err, ErrScheme) {
			t.Errorf("Get(%s) error = %v, want ErrScheme", u, err)
		}
	}
	resp, err := New(Options{AllowPrivate: true, AllowHTTP: true}).Get(context.Background(), srv.URL, "")
	if err != nil || string(resp.Body) != `{"ok":1}` {
		t.Errorf("Get(%s) with AllowHTTP = %v, %v; want body", srv.URL, resp, err)
	}
}

func TestGetRedirects(t *testing.T) {
	plain := httptest.NewServer(jsonHandler(`{"plain":true}`))
	defer plain.Close()
	var srvURL string
	srv, pool := tlsServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/to-http":
			http.Redirect(w, r, plain.URL, http.StatusFound)
		case "/loop":
			http.Redirect(w, r, srvURL+"/loop", http.StatusFound)
		case "/hop":
			http.Redirect(w, r, srvURL+"/final", http.StatusMovedPermanently)
		default:
			w.Write([]byte(`{"final":true}`))
		}
	}))
	srvURL = srv.URL
	ctx := context.Background()

	f := New(Options{AllowPrivate: true, RootCAs: pool, MaxRedirects: 2})
	if _, err := f.Get(ctx, srv.URL+"/to-http", ""); !errors.Is(err, ErrScheme) {
		t.Errorf("redirect to http: error = %v, want ErrScheme", err)
	}
	if _, err := f.Get(ctx, srv.URL+"/loop", ""); !errors.Is(err, ErrTooManyRedirects) {
		t.Errorf("redirect loop: error = %v, want ErrTooManyRedirects", err)
	}
	resp, err := f.Get(ctx, srv.URL+"/hop", "")
	if err != nil || resp.URL != srv.URL+"/final" {
		t.Errorf("one hop: Get = %+v, %v; want final URL %s", resp, err, srv.URL+"/final")
	}
	none := New(Options{AllowPrivate: true, RootCAs: pool, MaxRedirects: -1})
	if _, err := none.Get(ctx, srv.URL+"/hop", ""); !errors.Is(err, ErrTooManyRedirects) {
		t.Errorf("MaxRedirects -1: error = %v, want ErrTooManyRedirects", err)
	}
}

// TestGetRedirectToPrivateRefused lets the first server through the address
// check (standing in for a public host) and checks that its redirect to a
// loopback address is refused at dial time.
func TestGetRedirectToPrivateRefused(t *testing.T) {
	internal, pool := tlsServer(t, jsonHandler(`{"secret":true}`))
	var publicHits atomic.Int32
	public, _ := tlsServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		publicHits.Add(1)
		http.Redirect(w, r, internal.URL+"/metadata", http.StatusFound)
	}))
	publicAddr := netip.MustParseAddrPort(public.Listener.Addr().String())
	testOnlyAllow = func(ap netip.AddrPort) bool { return ap == publicAddr }
	t.Cleanup(func() { testOnlyAllow = nil })

	f := New(Options{RootCAs: pool})
	_, err := f.Get(context.Background(), public.URL+"/start", "")
	if !errors.Is(err, ErrForbiddenAddress) {
		t.Fatalf("Get(redirect to %s) error = %v, want ErrForbiddenAddress", internal.URL, err)
	}
	if n := publicHits.Load(); n != 1 {
		t.Errorf("first hop served %d requests, want 1", n)
	}
}

func TestGetTooLarge(t *testing.T) {
	big := strings.Repeat("x", 2000)
	srv, pool := tlsServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/chunked":
			// Flushing first forces chunked encoding: no Content-Length.
			w.(http.Flusher).Flush()
			w.Write([]byte(big))
		case "/exact":
			w.Write([]byte(big[:1000]))
		default:
			w.Write([]byte(big))
		}
	}))
	f := New(Options{AllowPrivate: true, RootCAs: pool, MaxBytes: 1000})
	for _, path := range []string{"/declared", "/chunked"} {
		if _, err := f.Get(context.Background(), srv.URL+path, ""); !errors.Is(err, ErrTooLarge) {
			t.Errorf("Get(%s) error = %v, want ErrTooLarge", path, err)
		}
	}
	resp, err := f.Get(context.Background(), srv.URL+"/exact", "")
	if err != nil || len(resp.Body) != 1000 {
		t.Errorf("Get(/exact) = %v; want 1000 bytes", err)
	}
}

func TestGetTimeout(t *testing.T) {
	srv, pool := tlsServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/slow-body" {
			w.Write([]byte("{"))
			w.(http.Flusher).Flush()
		}
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	}))
	f := New(Options{AllowPrivate: true, RootCAs: pool, Timeout: 200 * time.Millisecond})
	for _, path := range []string{"/slow-headers", "/slow-body"} {
		start := time.Now()
		resp, err := f.Get(context.Background(), srv.URL+path, "")
		if !errors.Is(err, ErrTimeout) {
			t.Errorf("Get(%s) = %+v, %v; want ErrTimeout", path, resp, err)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("Get(%s) took %s, want about 200ms", path, d)
		}
	}
}

func TestGetCallerCancel(t *testing.T) {
	srv, pool := tlsServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	}))
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	_, err := New(Options{AllowPrivate: true, RootCAs: pool}).Get(ctx, srv.URL, "")
	if !errors.Is(err, context.Canceled) || errors.Is(err, ErrTimeout) {
		t.Errorf("Get with cancelled context: error = %v, want context.Canceled", err)
	}
}

func TestGetOffline(t *testing.T) {
	srv, pool := tlsServer(t, jsonHandler(`{}`))
	f := New(Options{AllowPrivate: true, RootCAs: pool, Offline: true})
	if _, err := f.Get(context.Background(), srv.URL, ""); !errors.Is(err, ErrOffline) {
		t.Errorf("Offline Get(%s) error = %v, want ErrOffline", srv.URL, err)
	}
}
