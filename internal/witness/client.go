// SPDX-License-Identifier: Apache-2.0

package witness

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/mod/sumdb/note"

	"github.com/akashi-badges/akashi/internal/tlog"
)

// maxResponseBytes bounds a witness's answer: a few signature lines.
const maxResponseBytes = 64 << 10

// ConflictError is the answer of a witness whose latest cosigned tree size
// is not the old size the log sent (409 Conflict, text/x.tlog.size). The
// log can prove consistency from Size and ask again.
type ConflictError struct {
	Size int64 // the witness's latest cosigned size
}

func (e *ConflictError) Error() string {
	return fmt.Sprintf("witness: the witness has cosigned size %d", e.Size)
}

// StatusError is any other refusal by a witness: Code is the HTTP status
// (403 bad log signature, 404 unknown log, 409 a fork at the same size,
// 422 bad consistency proof, …) and Message the start of its body.
type StatusError struct {
	Code    int
	Message string
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("witness: %s: %s", http.StatusText(e.Code), e.Message)
}

// AddCheckpoint submits signedCheckpoint to the witness whose submission
// prefix is witnessURL, with the consistency proof from oldSize, through hc
// (nil means http.DefaultClient; give it a timeout). It returns
// the witness's signature lines, not yet verified. A witness at another
// size gives a [*ConflictError]; other refusals a [*StatusError].
func AddCheckpoint(ctx context.Context, hc *http.Client, witnessURL string, oldSize int64, proof []tlog.Hash, signedCheckpoint []byte) ([]byte, error) {
	body := (&AddCheckpointRequest{OldSize: oldSize, Proof: proof, Checkpoint: signedCheckpoint}).Marshal()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimSuffix(witnessURL, "/")+"/add-checkpoint", bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("witness: %w", err)
	}
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("witness: %w", err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes))
	if err != nil {
		return nil, fmt.Errorf("witness: reading the answer: %w", err)
	}
	if resp.StatusCode == http.StatusConflict {
		if mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); mt == "text/x.tlog.size" {
			if n, ok := parseSize(b); ok {
				return nil, &ConflictError{Size: n}
			}
		}
	}
	if resp.StatusCode != http.StatusOK {
		msg, _, _ := strings.Cut(strings.TrimSpace(string(b)), "\n")
		return nil, &StatusError{Code: resp.StatusCode, Message: strings.ToValidUTF8(msg[:min(len(msg), 200)], "?")}
	}
	if !signatureLines(b) {
		return nil, errors.New("witness: the answer is not note signature lines")
	}
	return b, nil
}

func parseSize(b []byte) (int64, bool) {
	s, ok := strings.CutSuffix(string(b), "\n")
	n, err := strconv.ParseInt(s, 10, 64)
	return n, ok && err == nil && n >= 0 && strconv.FormatInt(n, 10) == s
}

// signatureLines reports whether b is one or more "— name sig" lines.
func signatureLines(b []byte) bool {
	if len(b) == 0 || b[len(b)-1] != '\n' {
		return false
	}
	for _, l := range bytes.Split(b[:len(b)-1], []byte("\n")) {
		if !bytes.HasPrefix(l, []byte("— ")) {
			return false
		}
	}
	return true
}

// Witness is a witness the log asks for cosignatures.
type Witness struct {
	Name        string // for errors and logs
	URL         string // submission prefix: requests go to URL + "/add-checkpoint"
	VerifierKey string // its cosignature/v1 verifier key
}

// ThresholdError reports fewer cosignatures than required. Errs says why,
// one error per witness that did not cosign, when known.
type ThresholdError struct {
	Got, Want int
	Errs      []error
}

func (e *ThresholdError) Error() string {
	msg := fmt.Sprintf("witness: %d cosignatures, need %d", e.Got, e.Want)
	if len(e.Errs) > 0 {
		msg += ": " + errors.Join(e.Errs...).Error()
	}
	return strings.ReplaceAll(msg, "\n", "; ")
}

func (e *ThresholdError) Unwrap() []error { return e.Errs }

// Cosign asks all witnesses, in parallel, to cosign signedCheckpoint (a
// checkpoint signed by the log) and returns it with their verified
// cosignature lines appended, a signed note with several signatures, and
// how many witnesses cosigned.
//
// oldSize gives the size the log believes a witness last cosigned (nil
// means 0, which a witness that knows the log answers with its size).
// prove returns the consistency proof from an older size to the
// checkpoint's; it is called only for sizes between 0 and the
// checkpoint's, both excluded. A witness answering 409 with its size gets
// one second request, proved from that size.
//
// With fewer than threshold cosignatures, Cosign returns the note it could
// build and a [*ThresholdError].
func Cosign(ctx context.Context, hc *http.Client, witnesses []Witness, threshold int,
	oldSize func(Witness) int64, prove func(oldSize int64) ([]tlog.Hash, error), signedCheckpoint []byte) (cosigned []byte, got int, err error) {
	if threshold < 0 || threshold > len(witnesses) {
		return nil, 0, fmt.Errorf("witness: threshold %d of %d witnesses", threshold, len(witnesses))
	}
	i := bytes.LastIndex(signedCheckpoint, []byte("\n\n"))
	if i < 0 {
		return nil, 0, errors.New("witness: checkpoint is not a signed note")
	}
	text := signedCheckpoint[:i+1]
	c, err := tlog.ParseCheckpoint(string(text))
	if err != nil {
		return nil, 0, err
	}
	verifiers := make([]*CosignatureVerifier, len(witnesses))
	for j, w := range witnesses {
		if verifiers[j], err = NewCosignatureVerifier(w.VerifierKey); err != nil {
			return nil, 0, fmt.Errorf("witness %s: %w", w.Name, err)
		}
	}
	lines := make([][]byte, len(witnesses))
	errs := make([]error, len(witnesses))
	var wg sync.WaitGroup
	for j, w := range witnesses {
		old := int64(0)
		if oldSize != nil {
			old = oldSize(w)
		}
		wg.Go(func() {
			a := asker{hc: hc, w: w, v: verifiers[j], prove: prove, signed: signedCheckpoint, text: text, size: c.Size}
			lines[j], errs[j] = a.ask(ctx, old)
		})
	}
	wg.Wait()
	return assemble(signedCheckpoint, lines, errs, threshold)
}

// asker gets one witness's cosignature.
type asker struct {
	hc     *http.Client
	w      Witness
	v      *CosignatureVerifier
	prove  func(int64) ([]tlog.Hash, error)
	signed []byte // the checkpoint as the log signed it
	text   []byte // its note text
	size   int64
}

func (a *asker) ask(ctx context.Context, old int64) ([]byte, error) {
	resp, err := a.submit(ctx, old)
	var ce *ConflictError
	// Retry once, and only towards a size that can be proved; a witness
	// ahead of the checkpoint has seen a bigger tree, and must be looked into.
	if errors.As(err, &ce) && ce.Size != old && ce.Size <= a.size {
		resp, err = a.submit(ctx, ce.Size)
	}
	if err != nil {
		return nil, fmt.Errorf("witness %s: %w", a.w.Name, err)
	}
	line, err := a.verify(resp)
	if err != nil {
		return nil, fmt.Errorf("witness %s: %w", a.w.Name, err)
	}
	return line, nil
}

func (a *asker) submit(ctx context.Context, old int64) ([]byte, error) {
	if old < 0 || old > a.size {
		return nil, fmt.Errorf("witness: old size %d for a checkpoint of size %d", old, a.size)
	}
	var proof []tlog.Hash
	if old > 0 && old < a.size {
		if a.prove == nil {
			return nil, fmt.Errorf("witness: no way to prove consistency from %d", old)
		}
		var err error
		if proof, err = a.prove(old); err != nil {
			return nil, fmt.Errorf("witness: proving consistency from %d: %w", old, err)
		}
	}
	return AddCheckpoint(ctx, a.hc, a.w.URL, old, proof, a.signed)
}

// verify checks the witness's answer against its key, ignoring lines of
// other keys, and returns its own cosignature line.
func (a *asker) verify(resp []byte) ([]byte, error) {
	msg := append(append(append([]byte{}, a.text...), '\n'), resp...)
	n, err := note.Open(msg, note.VerifierList(a.v))
	if err != nil {
		return nil, fmt.Errorf("witness: no valid cosignature in the answer: %w", err)
	}
	s := n.Sigs[0]
	return fmt.Appendf(nil, "— %s %s\n", s.Name, s.Base64), nil
}

// assemble appends the cosignature lines to the log's checkpoint, leaving
// out keys that already signed it.
func assemble(signed []byte, lines [][]byte, errs []error, threshold int) ([]byte, int, error) {
	have := map[string]bool{}
	for _, l := range bytes.Split(signed[bytes.LastIndex(signed, []byte("\n\n"))+2:], []byte("\n")) {
		have[lineKey(l)] = true
	}
	out := append([]byte{}, signed...)
	got := 0
	var failed []error
	for j, l := range lines {
		if l == nil {
			failed = append(failed, errs[j])
			continue
		}
		got++
		if k := lineKey(l); !have[k] {
			have[k] = true
			out = append(out, l...)
		}
	}
	if got < threshold {
		return out, got, &ThresholdError{Got: got, Want: threshold, Errs: failed}
	}
	return out, got, nil
}

// lineKey is the key name and key ID of a signature line, which together
// name the key that made it; "" when the line is not one.
func lineKey(line []byte) string {
	rest, ok := bytes.CutPrefix(bytes.TrimSuffix(line, []byte("\n")), []byte("— "))
	name, b64, _ := bytes.Cut(rest, []byte(" "))
	if !ok || len(b64) < 8 {
		return ""
	}
	id, err := base64.StdEncoding.DecodeString(string(b64[:8])) // 6 bytes, the first 4 the ID
	if err != nil {
		return ""
	}
	return fmt.Sprintf("%s+%x", name, id[:4])
}
