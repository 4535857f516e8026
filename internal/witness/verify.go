// SPDX-License-Identifier: Apache-2.0

package witness

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"golang.org/x/mod/sumdb/note"

	"github.com/akashi-badges/akashi/internal/tlog"
)

// Cosignature is one witness's verified cosignature on a checkpoint.
type Cosignature struct {
	Name string    // the witness's key name
	Time time.Time // when the witness says it cosigned
}

// VerifyCosigned checks a cosigned checkpoint: that the log's key logVKey
// signed it, and which of the witnesses whose verifier keys are
// witnessVKeys cosigned it. It returns the checkpoint and the
// cosignatures, in the note's order, so a verifier can say "witnessed by
// N of M".
//
// A signature from a known key that does not verify rejects the whole
// note, as signed-note advises; lines of unknown keys are ignored. With
// fewer than threshold cosignatures, the checkpoint and cosignatures come
// back with a [*ThresholdError]: the log signed it, but it is not
// witnessed enough. Any other error means the note is not a checkpoint of
// that log.
func VerifyCosigned(signedNote []byte, logVKey string, witnessVKeys []string, threshold int) (tlog.Checkpoint, []Cosignature, error) {
	logV, err := note.NewVerifier(logVKey)
	if err != nil {
		return tlog.Checkpoint{}, nil, fmt.Errorf("witness: log key: %w", err)
	}
	vs := []note.Verifier{logV}
	for _, k := range slices.Compact(slices.Sorted(slices.Values(witnessVKeys))) {
		v, err := NewCosignatureVerifier(k)
		if err != nil {
			return tlog.Checkpoint{}, nil, fmt.Errorf("witness: witness key %q: %w", k, err)
		}
		vs = append(vs, v)
	}
	if threshold < 0 || threshold > len(vs)-1 {
		return tlog.Checkpoint{}, nil, fmt.Errorf("witness: threshold %d of %d witnesses", threshold, len(vs)-1)
	}
	n, err := note.Open(signedNote, note.VerifierList(vs...))
	if err != nil {
		return tlog.Checkpoint{}, nil, fmt.Errorf("witness: %w", err)
	}
	var cosigs []Cosignature
	logSigned := false
	for _, s := range n.Sigs {
		if s.Name == logV.Name() && s.Hash == logV.KeyHash() {
			logSigned = true
			continue
		}
		t, err := CosignatureTime(s)
		if err != nil {
			return tlog.Checkpoint{}, nil, err
		}
		cosigs = append(cosigs, Cosignature{Name: s.Name, Time: t})
	}
	if !logSigned {
		return tlog.Checkpoint{}, nil, errors.New("witness: checkpoint not signed by the log")
	}
	c, err := tlog.ParseCheckpoint(n.Text)
	if err != nil {
		return c, nil, err
	}
	if c.Origin != logV.Name() {
		return c, nil, fmt.Errorf("witness: checkpoint of log %q, key of %q", c.Origin, logV.Name())
	}
	if len(cosigs) < threshold {
		return c, cosigs, &ThresholdError{Got: len(cosigs), Want: threshold}
	}
	return c, cosigs, nil
}
