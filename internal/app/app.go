// SPDX-License-Identifier: Apache-2.0

// Package app wires the server: configuration → database (migrations) →
// master key → services → HTTP. Main is what `akashi serve` runs and what
// end-to-end tests start on ":0" with a temporary data directory.
package app

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/akashi-badges/akashi/internal/anchor"
	"github.com/akashi-badges/akashi/internal/config"
	"github.com/akashi-badges/akashi/internal/fetch"
	"github.com/akashi-badges/akashi/internal/httpx"
	"github.com/akashi-badges/akashi/internal/jobs"
	"github.com/akashi-badges/akashi/internal/keys"
	"github.com/akashi-badges/akashi/internal/mail"
	"github.com/akashi-badges/akashi/internal/service"
	"github.com/akashi-badges/akashi/internal/store"
	"github.com/akashi-badges/akashi/internal/store/postgres"
	"github.com/akashi-badges/akashi/internal/store/sqlite"
	"github.com/akashi-badges/akashi/internal/verify"
)

// Main is one running server.
type Main struct {
	Config config.Config
	Logger *slog.Logger
	// Now is the clock of the store and services; nil means time.Now.
	Now func() time.Time

	Store     store.Store
	MasterKey *keys.MasterKey
	// Queue runs background jobs (mail delivery) from the database.
	Queue *jobs.Queue
	// Sender delivers mail; nil (no --smtp-url) keeps mail in the outbox.
	Sender mail.Sender

	// VerifyFetch are the options of the safe fetcher the public verifier
	// uses (hosted badges, status lists, did:web). The zero value is the
	// safe default: https only, public addresses only. Tests allow loopback
	// over http here; nothing else should.
	VerifyFetch fetch.Options

	// AnchorBackend and AnchorKey anchor the log's checkpoints on a chain;
	// Open sets them from --anchor-rpc and --anchor-key-file, and tests
	// set them to a simulated chain. Nil turns anchoring off.
	AnchorBackend anchor.Backend
	AnchorKey     *ecdsa.PrivateKey

	// URL is where the server listens, set by Run once it does.
	URL string
	// OnListen, when set, is called with URL once the server accepts connections.
	OnListen func(url string)

	// pollInterval is how often workers look for jobs; 0 is the queue's default.
	pollInterval time.Duration
	// anchorCheck is how often the anchoring loop runs; 0 is a minute.
	anchorCheck time.Duration

	server   *http.Server
	listener net.Listener
	ready    chan struct{}
	svc      *service.Service // built once the base URL is known
}

// NewMain returns a Main with the default configuration, logging to stderr.
func NewMain() *Main {
	return &Main{Config: config.Default(), Logger: slog.New(slog.NewTextHandler(os.Stderr, nil))}
}

// Open validates the configuration and opens the database (applying
// migrations) and the master key. Run calls it; bootstrap uses it alone.
func (m *Main) Open(ctx context.Context) error {
	if err := m.Config.Validate(); err != nil {
		return err
	}
	if m.Logger == nil {
		m.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if m.Config.DataDir != "" {
		if err := os.MkdirAll(m.Config.DataDir, 0o700); err != nil {
			return fmt.Errorf("app: data directory: %w", err)
		}
	}
	var err error
	opts := store.Options{Now: m.Now}
	if m.Config.DatabaseURL != "" {
		m.Store, err = postgres.Open(ctx, m.Config.DatabaseURL, opts)
	} else {
		m.Store, err = sqlite.Open(ctx, filepath.Join(m.Config.DataDir, "akashi.db"), opts)
	}
	if err != nil {
		if errors.Is(err, store.ErrSchemaTooNew) {
			return fmt.Errorf("app: %w; upgrade akashi before starting it on this database", err)
		}
		return fmt.Errorf("app: opening the database: %w", err)
	}
	m.MasterKey, err = keys.LoadOrCreateMasterKey(m.Config.DataDir, os.Getenv)
	if err != nil {
		return fmt.Errorf("app: %w", err)
	}
	if err := m.openAnchor(ctx); err != nil {
		return err
	}
	return m.openQueue(ctx)
}

// openAnchor connects to the chain of --anchor-rpc with the key of
// --anchor-key-file, when they are set (and tests have not set a chain).
func (m *Main) openAnchor(ctx context.Context) error {
	if m.Config.AnchorRPC == "" || m.AnchorBackend != nil {
		return nil
	}
	key, err := anchor.LoadKey(m.Config.AnchorKeyFile)
	if err != nil {
		return fmt.Errorf("app: --anchor-key-file: %w", err)
	}
	c, err := anchor.Dial(ctx, m.Config.AnchorRPC)
	if err != nil {
		return fmt.Errorf("app: --anchor-rpc: %w", err)
	}
	m.AnchorBackend, m.AnchorKey = c, key
	return nil
}

// openQueue sets up mail delivery: an SMTP sender when configured, and the
// job queue (its own tables migrate here too).
func (m *Main) openQueue(ctx context.Context) error {
	if m.Config.SMTPURL != "" && m.Sender == nil {
		s, err := mail.NewSMTPSender(m.Config.SMTPURL, mail.SMTPOptions{From: m.Config.MailFrom})
		if err != nil {
			return fmt.Errorf("app: --smtp-url: %w", err)
		}
		m.Sender = s
	}
	q, err := jobs.New(ctx, m.Store.DB(), m.Store.Dialect(), jobs.Workers{
		Outbox: outbox{st: m.Store, from: m.Config.MailFrom}, Sender: m.Sender,
		Awarder: awarder{m},
	}, jobs.Options{Logger: m.Logger, PollInterval: m.pollInterval})
	if err != nil {
		return fmt.Errorf("app: job queue: %w", err)
	}
	m.Queue = q
	return nil
}

// Run opens everything, starts listening, and serves until ctx is done;
// then it shuts down gracefully. It returns once the server has stopped.
func (m *Main) Run(ctx context.Context) error {
	if m.Store == nil {
		if err := m.Open(ctx); err != nil {
			return err
		}
	}
	ln, err := net.Listen("tcp", m.Config.Addr)
	if err != nil {
		return fmt.Errorf("app: listen on %s: %w", m.Config.Addr, err)
	}
	m.listener = ln
	m.URL = "http://" + ln.Addr().String()
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.server = &http.Server{
		Handler:           httpx.Middleware(m.Logger, httpx.NewMetrics(reg), m.routes(reg)),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute,
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
	}
	if err := m.Queue.Start(ctx); err != nil {
		return fmt.Errorf("app: starting jobs: %w", err)
	}
	// CSV awards cut off by a crash or restart carry on now; their rows
	// commit with their awards, so nothing is issued twice.
	go func() {
		if err := m.Service().ResumeBulkAwards(ctx); err != nil && ctx.Err() == nil {
			m.Logger.Error("resuming CSV awards", "err", err)
		}
	}()
	go m.sequenceLog(ctx)
	go m.anchorLog(ctx)
	go m.recheckImports(ctx)
	go m.purgeOAuth(ctx)
	errc := make(chan error, 1)
	go func() { errc <- m.server.Serve(ln) }()
	m.Logger.Info("listening", "url", m.URL, "database", m.Store.Dialect())
	if m.OnListen != nil {
		m.OnListen(m.URL)
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := m.server.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("app: shutdown: %w", err)
	}
	if err := m.Queue.Stop(shutdownCtx); err != nil {
		return fmt.Errorf("app: stopping jobs: %w", err)
	}
	return nil
}

// Start runs the server in the background (see Run) and returns once it
// accepts connections, or the error that kept it from starting; stop shuts
// it down gracefully and returns Run's error. For tests and for programs
// that embed Akashi. Any OnListen set before is still called.
func (m *Main) Start(ctx context.Context, timeout time.Duration) (stop func() error, err error) {
	ctx, cancel := context.WithCancel(ctx)
	listening := make(chan struct{})
	prev := m.OnListen
	m.OnListen = func(u string) {
		if prev != nil {
			prev(u)
		}
		close(listening)
	}
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx) }()
	select {
	case <-listening:
		return func() error { cancel(); return <-done }, nil
	case err := <-done:
		cancel()
		return nil, err
	case <-time.After(timeout):
		cancel()
		<-done
		return nil, fmt.Errorf("app: the server did not start within %v", timeout)
	}
}

// Service returns the use cases over the opened store.
func (m *Main) Service() *service.Service {
	base := m.Config.BaseURL
	if base == "" && m.URL != "" {
		base = m.URL
	}
	// One Service per base URL, so its caches (opened signing keys) are shared.
	if m.svc != nil && m.svc.BaseURL == base {
		return m.svc
	}
	svc := &service.Service{Store: m.Store, MasterKey: m.MasterKey, BaseURL: base, Now: m.Now, PDFFont: m.Config.PDFFont}
	if m.Sender != nil && m.Queue != nil {
		svc.EnqueueMail = func(ctx context.Context, tx store.Tx, ids ...int64) error {
			return m.Queue.EnqueueMailTx(ctx, tx.SQLTx(), ids)
		}
	}
	if m.Queue != nil {
		svc.EnqueueBulkAward = func(ctx context.Context, tx store.Tx, id int64) error {
			return m.Queue.EnqueueTx(ctx, tx.SQLTx(), jobs.BulkAward{BulkID: id})
		}
	}
	for _, w := range m.Config.Witnesses {
		vkey, u, _ := config.ParseWitness(w) // checked by Config.Validate
		name, _, _ := strings.Cut(vkey, "+")
		svc.LogWitnesses = append(svc.LogWitnesses, service.LogWitness{Name: name, URL: u, Key: vkey})
	}
	svc.LogWitnessThreshold = m.Config.WitnessThreshold
	if m.AnchorBackend != nil && m.AnchorKey != nil {
		svc.Anchorer = anchor.New(m.AnchorBackend, m.AnchorKey)
	}
	svc.Verifier = m.newVerifier(svc)
	m.svc = svc
	return svc
}

// awarder runs bulk award jobs with the server's service.
type awarder struct{ m *Main }

func (a awarder) RunBulkAward(ctx context.Context, id int64) error {
	return a.m.Service().RunBulkAward(ctx, id)
}

// Close releases the database.
func (m *Main) Close() error {
	if m.Store != nil {
		return m.Store.Close()
	}
	return nil
}

// Limits of the public verifier's fetches: each request is short, and the
// whole verification has its own deadline (service.DefaultVerifyTimeout),
// so a slow or hostile remote cannot hold a request for long.
const (
	verifyFetchTimeout  = 5 * time.Second
	verifyFetchMaxBytes = 2 << 20
)

// ResetVerifier gives the service a new public verifier (an empty cache)
// built with the current VerifyFetch options; tests that let it reach
// 127.0.0.1 call it after changing them.
func (m *Main) ResetVerifier() {
	svc := m.Service()
	svc.Verifier = m.newVerifier(svc)
}

// newVerifier builds the public verifier over the safe fetcher. It trusts
// this instance's transparency log (read at its own base URL, which may be
// plain http on a test or intranet set-up), the configured other logs, and
// the log's witnesses.
func (m *Main) newVerifier(svc *service.Service) *service.Verifier {
	opts := m.VerifyFetch
	if opts.Timeout == 0 {
		opts.Timeout = verifyFetchTimeout
	}
	if opts.MaxBytes == 0 {
		opts.MaxBytes = verifyFetchMaxBytes
	}
	vo := verify.Options{Fetcher: fetch.New(opts), Now: m.Now, LogKeys: m.Config.TrustedLogKeys, WitnessThreshold: svc.LogWitnessThreshold}
	if svc.Store != nil {
		if vkey, err := svc.LogKey(context.Background()); err == nil {
			vo.LogKeys = append([]string{vkey}, vo.LogKeys...)
		} else {
			m.Logger.Warn("transparency log: no key for the verifier", "err", err)
		}
	}
	own, base := svc.LogOrigin(), svc.BaseURL+"/log"
	vo.LogURL = func(origin string) string {
		if origin == own {
			return base
		}
		return "https://" + origin
	}
	for _, w := range svc.LogWitnesses {
		vo.WitnessKeys = append(vo.WitnessKeys, w.Key)
	}
	if m.AnchorBackend != nil {
		vo.AnchorCheck = anchor.VerifierCheck(m.AnchorBackend)
	}
	if vo.WitnessThreshold == 0 {
		vo.WitnessThreshold = len(vo.WitnessKeys)
	}
	return &service.Verifier{Engine: verify.New(vo), Timeout: service.DefaultVerifyTimeout, Receipt: svc.OwnReceipt}
}
