// SPDX-License-Identifier: Apache-2.0

// Package httpx is the HTTP plumbing shared by the surfaces: request ids,
// structured request logs, panic recovery, metrics, and the mapping from
// application errors to HTTP statuses (the only place statuses are chosen).
package httpx

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

type ctxKey int

const (
	requestIDKey ctxKey = 1
	routeKey     ctxKey = 2
)

// route is where a surface with its own ServeMux, mounted under a pattern
// of the outer one, notes the pattern it matched (see [SetRoute]).
type route struct{ pattern string }

// SetRoute records pattern as the route of the request of ctx, for the
// metrics and the request log of [Middleware]. A surface that routes with
// its own ServeMux calls it with the pattern its mux matched (see
// [http.ServeMux.Handler]); otherwise the outer mux's pattern is used,
// which for a surface mounted at "/" would be "/" for every page.
func SetRoute(ctx context.Context, pattern string) {
	if rt, ok := ctx.Value(routeKey).(*route); ok && pattern != "" {
		rt.pattern = pattern
	}
}

// RequestID returns the id given to the request by [Middleware].
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

func newRequestID() string {
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// Metrics are the HTTP metrics exported on /metrics.
type Metrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

// NewMetrics registers the HTTP metrics in reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "akashi_http_requests_total", Help: "HTTP requests by route pattern and status code.",
		}, []string{"route", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "akashi_http_request_duration_seconds", Help: "HTTP request latency by route pattern.",
			Buckets: prometheus.DefBuckets,
		}, []string{"route"}),
	}
	reg.MustRegister(m.requests, m.duration)
	return m
}

type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Middleware gives each request an id (X-Request-Id, echoed), logs it with
// slog, turns a panic into a 500 with the id, and counts it in m under its
// route: the pattern an inner mux noted with [SetRoute], else the pattern
// the outer ServeMux matched (r.Pattern), else "unmatched".
func Middleware(log *slog.Logger, m *Metrics, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := newRequestID()
		w.Header().Set("X-Request-Id", id)
		rt := &route{}
		ctx := context.WithValue(context.WithValue(r.Context(), requestIDKey, id), routeKey, rt)
		r = r.WithContext(ctx)
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			if p := recover(); p != nil {
				log.Error("panic", "request_id", id, "panic", p)
				if sw.status == 0 {
					http.Error(sw, "internal error (request "+id+")", http.StatusInternalServerError)
				}
			}
			route := rt.pattern
			if route == "" {
				route = r.Pattern // set by the outer ServeMux on r itself
			}
			if route == "" {
				route = "unmatched"
			}
			if m != nil {
				m.requests.WithLabelValues(route, strconv.Itoa(sw.status)).Inc()
				m.duration.WithLabelValues(route).Observe(time.Since(start).Seconds())
			}
			log.Info("request", "request_id", id, "method", r.Method, "path", r.URL.Path, "route", route,
				"status", sw.status, "bytes", sw.bytes, "duration_ms", time.Since(start).Milliseconds())
		}()
		next.ServeHTTP(sw, r)
	})
}
