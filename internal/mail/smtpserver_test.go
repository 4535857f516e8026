// SPDX-License-Identifier: Apache-2.0

package mail

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"math/big"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// received is one message as the test SMTP server got it.
type received struct {
	From     string
	To       []string
	Data     []byte
	TLS      bool   // the DATA arrived over TLS (STARTTLS or implicit)
	AuthUser string // empty when the client did not authenticate
	AuthPass string
}

// testServer is a real SMTP server (github.com/emersion/go-smtp) on
// 127.0.0.1 that keeps what it receives.
type testServer struct {
	Addr string
	// User and Pass, when User is set, make AUTH PLAIN mandatory.
	User, Pass string
	// RcptErr and DataErr, when set, are the server's answer to RCPT TO and
	// to the end of DATA.
	RcptErr, DataErr error
	// HangUp drops the connection once a message is accepted, so the
	// client's next command (RSET, QUIT) fails.
	HangUp bool

	mu   sync.Mutex
	msgs []received
}

// serverConfig says how to run a testServer.
type serverConfig struct {
	listen      string           // address to listen on; "" is 127.0.0.1:0
	cert        *tls.Certificate // offers STARTTLS when set
	implicitTLS bool             // TLS from the first byte (smtps); needs cert
	user, pass  string
	rcptErr     error
	dataErr     error
	hangUp      bool // drop the connection right after accepting a message
}

// startServer starts a server and stops it when the test ends.
func startServer(t *testing.T, cfg serverConfig) *testServer {
	t.Helper()
	ts := &testServer{User: cfg.user, Pass: cfg.pass, RcptErr: cfg.rcptErr, DataErr: cfg.dataErr, HangUp: cfg.hangUp}
	s := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		return &testSession{server: ts, conn: c}, nil
	}))
	s.Domain = "localhost"
	s.ReadTimeout = 10 * time.Second
	s.WriteTimeout = 10 * time.Second
	s.ErrorLog = testLogger{t}
	if cfg.listen == "" {
		cfg.listen = "127.0.0.1:0"
	}
	l, err := net.Listen("tcp", cfg.listen)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.cert != nil {
		s.TLSConfig = &tls.Config{Certificates: []tls.Certificate{*cfg.cert}}
		if cfg.implicitTLS {
			l = tls.NewListener(l, s.TLSConfig)
		}
	}
	ts.Addr = l.Addr().String()
	done := make(chan struct{})
	go func() {
		defer close(done)
		err := s.Serve(l)
		if err != nil && !errors.Is(err, smtp.ErrServerClosed) && !errors.Is(err, net.ErrClosed) {
			t.Errorf("SMTP server: %v", err)
		}
	}()
	t.Cleanup(func() {
		s.Close()
		// Close forgets a listener Serve has not registered yet; closing
		// it here as well makes Serve return in every case.
		l.Close()
		<-done
	})
	return ts
}

// Messages returns what the server has received so far.
func (ts *testServer) Messages() []received {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return append([]received(nil), ts.msgs...)
}

type testSession struct {
	server     *testServer
	conn       *smtp.Conn
	msg        received
	authorized bool
	accepted   bool // a message was accepted on this connection
}

func (s *testSession) AuthMechanisms() []string {
	if s.server.User == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (s *testSession) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, username, password string) error {
		if username != s.server.User || password != s.server.Pass {
			return smtp.ErrAuthFailed
		}
		s.authorized = true
		s.msg.AuthUser, s.msg.AuthPass = username, password
		return nil
	}), nil
}

func (s *testSession) Mail(from string, _ *smtp.MailOptions) error {
	if s.server.User != "" && !s.authorized {
		return smtp.ErrAuthRequired
	}
	s.msg.From = from
	return nil
}

func (s *testSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	if s.server.RcptErr != nil {
		return s.server.RcptErr
	}
	s.msg.To = append(s.msg.To, to)
	return nil
}

func (s *testSession) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if s.server.DataErr != nil {
		return s.server.DataErr
	}
	s.msg.Data = data
	_, s.msg.TLS = s.conn.TLSConnectionState()
	s.server.mu.Lock()
	s.server.msgs = append(s.server.msgs, s.msg)
	s.server.mu.Unlock()
	s.accepted = true
	return nil
}

// Reset runs on RSET and, in go-smtp, after the reply to DATA is written.
func (s *testSession) Reset() {
	if s.server.HangUp && s.accepted {
		s.conn.Conn().Close()
	}
	s.msg = received{AuthUser: s.msg.AuthUser, AuthPass: s.msg.AuthPass}
}

func (s *testSession) Logout() error { return nil }

// testLogger sends the server's own error log to the test log.
type testLogger struct{ t *testing.T }

func (l testLogger) Printf(format string, v ...any) { l.t.Logf("smtp server: "+format, v...) }
func (l testLogger) Println(v ...any)               { l.t.Log(append([]any{"smtp server:"}, v...)...) }

// selfSigned returns a certificate for 127.0.0.1 and a pool that trusts it.
func selfSigned(t *testing.T) (*tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "akashi mail test"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return &tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool
}

// silentServer accepts connections and never says a word, like a server
// behind a black-holing firewall; it returns the address.
func silentServer(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var conns []net.Conn
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		l.Close()
		wg.Wait()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	return l.Addr().String()
}
