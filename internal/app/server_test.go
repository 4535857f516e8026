// SPDX-License-Identifier: Apache-2.0

package app

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestMetricsRoutes: requests are counted under the ServeMux pattern that
// served them, the pages' own patterns included (they are mounted at "/"
// of the server's mux), not "/" for every page.
func TestMetricsRoutes(t *testing.T) {
	m := start(t, "", true)
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, p := range []string{"/login", "/login", "/signup", "/console", "/no/such/page", "/api/v1/openapi.json"} {
		resp, err := noFollow.Get(m.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	_, body := get(t, m.URL+"/metrics")
	for _, want := range []string{
		`akashi_http_requests_total{code="200",route="GET /login"} 2`,
		`akashi_http_requests_total{code="200",route="GET /signup"} 1`,
		`akashi_http_requests_total{code="303",route="GET /console"} 1`,
		`akashi_http_requests_total{code="200",route="GET /api/v1/openapi.json"} 1`,
		`akashi_http_requests_total{code="404",route="/"} 1`,
		`akashi_http_request_duration_seconds_count{route="GET /login"} 2`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if regexp.MustCompile(`akashi_http_requests_total\{code="(200|303)",route="/"\}`).MatchString(body) {
		t.Errorf("pages counted under the route \"/\":\n%s", grep(body, "akashi_http_requests_total"))
	}
}

func grep(s, part string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, part) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// TestAPINotFound: an unknown address under /api/ is answered in JSON, not
// with the site's HTML page.
func TestAPINotFound(t *testing.T) {
	m := start(t, "", false)
	for _, tc := range []struct {
		method, path string
		status       int
	}{
		{"GET", "/api/v1/no-such-endpoint", 404},
		{"GET", "/api/", 404},
		{"POST", "/api/v1/organization", 405},
	} {
		req, _ := http.NewRequest(tc.method, m.URL+tc.path, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.status || resp.Header.Get("Content-Type") != "application/problem+json" ||
			!strings.Contains(string(b), fmt.Sprintf(`"status":%d`, tc.status)) || strings.Contains(string(b), "<html") {
			t.Errorf("%s %s = %d %s\n%.300s", tc.method, tc.path, resp.StatusCode, resp.Header.Get("Content-Type"), b)
		}
	}
	// Elsewhere a missing page is still a page.
	if code, body := get(t, m.URL+"/no/such/page"); code != 404 || !strings.Contains(body, "<html") {
		t.Errorf("/no/such/page = %d, want the HTML page", code)
	}
}

// TestGracefulShutdown: when the server is told to stop, it stops
// accepting connections at once, lets a request in progress (here a slow
// upload) finish with a full response, and only then returns.
func TestGracefulShutdown(t *testing.T) {
	m := NewMain()
	m.Config.Addr = "127.0.0.1:0"
	m.Config.DataDir = t.TempDir()
	m.Logger = nil
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := m.Open(ctx); err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	listening := make(chan string, 1)
	m.OnListen = func(u string) { listening <- u }
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx) }()
	var addr string
	select {
	case u := <-listening:
		addr = strings.TrimPrefix(u, "http://")
	case err := <-done:
		t.Fatalf("Run: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("server did not start")
	}

	// A sign-in whose body arrives slowly: the headers and half the body now.
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	body := "email=slow%40example.jp&password=not+the+right+one"
	fmt.Fprintf(conn, "POST /login HTTP/1.1\r\nHost: %s\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n%s",
		addr, len(body), body[:20])
	time.Sleep(200 * time.Millisecond) // let the server start reading it

	cancel()
	// The port closes while the request is still in progress.
	deadline := time.Now().Add(5 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err != nil {
			break
		}
		c.Close()
		if time.Now().After(deadline) {
			t.Fatal("the server still accepts connections 5 s after shutdown began")
		}
		time.Sleep(20 * time.Millisecond)
	}
	select {
	case err := <-done:
		t.Fatalf("Run returned (%v) before the request in progress finished", err)
	default:
	}

	// The rest of the body: the request completes with a whole answer.
	if _, err := io.WriteString(conn, body[20:]); err != nil {
		t.Fatalf("finishing the upload: %v", err)
	}
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("reading the answer to the request in progress: %v", err)
	}
	page, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusUnauthorized || !strings.Contains(string(page), "</html>") {
		t.Errorf("the request in progress got %d, %d bytes, %v; want the whole sign-in page with 401", resp.StatusCode, len(page), err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run after a graceful shutdown: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("Run did not return after the last request finished")
	}
	if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		c.Close()
		t.Error("the port is open after Run returned")
	}
}
