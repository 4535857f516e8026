// SPDX-License-Identifier: Apache-2.0

package logaudit

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"
)

// A notServedError is a resource the log should serve and does not: a
// finding, where a network failure is an error.
type notServedError struct{ msg string }

func (e *notServedError) Error() string { return e.msg }

type fetcher struct {
	client  *http.Client
	base    string // the log's URL, ending in "/log/"
	timeout time.Duration
}

// testOnlyRetryDelay is the wait before the first retry.
var testOnlyRetryDelay = 500 * time.Millisecond

// get fetches base+path, refusing bodies over limit bytes. Transient
// failures (network, 5xx, 429) are retried twice.
func (f *fetcher) get(ctx context.Context, path string, limit int64) ([]byte, error) {
	delay := testOnlyRetryDelay
	for attempt := 0; ; attempt++ {
		b, retry, err := f.try(ctx, path, limit)
		if err == nil || !retry || attempt == 2 || ctx.Err() != nil {
			return b, err
		}
		select {
		case <-time.After(delay):
			delay *= 2
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

func (f *fetcher) try(ctx context.Context, path string, limit int64) (_ []byte, retry bool, _ error) {
	ctx, cancel := context.WithTimeout(ctx, f.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, f.base+path, nil)
	if err != nil {
		return nil, false, err
	}
	req.Header.Set("User-Agent", "akashi-log-audit")
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, true, fmt.Errorf("logaudit: %s: %w", path, err)
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusOK:
	case resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusGone:
		return nil, false, &notServedError{fmt.Sprintf("%s: not served (HTTP %d)", path, resp.StatusCode)}
	case resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests:
		return nil, true, fmt.Errorf("logaudit: %s: HTTP %d", path, resp.StatusCode)
	default:
		return nil, false, fmt.Errorf("logaudit: %s: HTTP %d", path, resp.StatusCode)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, true, fmt.Errorf("logaudit: %s: %w", path, err)
	}
	if int64(len(b)) > limit {
		return nil, false, &notServedError{fmt.Sprintf("%s: larger than %d bytes", path, limit)}
	}
	return b, false, nil
}

func isNotServed(err error) bool {
	var ns *notServedError
	return errors.As(err, &ns)
}

// inOrder runs fn(i) for i in [0, n) on up to workers goroutines and
// hands the results to each, in order, until each returns false. Only a
// few results wait at a time, so memory stays bounded however slow one
// fetch is.
func inOrder[T any](ctx context.Context, workers int, n int64, fn func(context.Context, int64) T, each func(T) bool) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	defer wg.Wait()
	queue := make(chan chan T, workers)
	sem := make(chan struct{}, workers)
	go func() {
		defer close(queue)
		for i := range n {
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				return
			}
			ch := make(chan T, 1)
			select {
			case queue <- ch:
			case <-ctx.Done():
				return
			}
			wg.Go(func() {
				ch <- fn(ctx, i)
				<-sem
			})
		}
	}()
	for ch := range queue {
		if !each(<-ch) {
			cancel()
			for range queue {
			}
			return
		}
	}
}
