// SPDX-License-Identifier: Apache-2.0

package witness

import (
	"bytes"
	"encoding/base64"
	"errors"
	"strconv"
	"strings"

	"github.com/akashi-badges/akashi/internal/tlog"
)

// MaxProofLines is the most consistency proof hashes a request may carry,
// as tlog-witness says: enough for any tree of up to 2^63 leaves.
const MaxProofLines = 63

// AddCheckpointRequest is the body of an add-checkpoint call:
//
//	old <size>
//	<base64 hash>…
//
//	<signed checkpoint>
//
// Every line ends in a newline; there is no proof when OldSize is 0.
type AddCheckpointRequest struct {
	OldSize    int64       // the tree size the log believes the witness last cosigned
	Proof      []tlog.Hash // consistency proof from OldSize to the checkpoint's size
	Checkpoint []byte      // the signed checkpoint note
}

var errRequest = errors.New("witness: malformed add-checkpoint request")

// Marshal returns the request body.
func (r *AddCheckpointRequest) Marshal() []byte {
	b := strconv.AppendInt([]byte("old "), r.OldSize, 10)
	b = append(b, '\n')
	for _, h := range r.Proof {
		b = base64.StdEncoding.AppendEncode(b, h[:])
		b = append(b, '\n')
	}
	b = append(b, '\n')
	return append(b, r.Checkpoint...)
}

// ParseAddCheckpointRequest reads a request body. It checks the framing
// only: that the checkpoint is signed, and by whom, is for the witness.
// Marshal of the result gives body back byte for byte.
func ParseAddCheckpointRequest(body []byte) (*AddCheckpointRequest, error) {
	head, cp, ok := bytes.Cut(body, []byte("\n\n"))
	if !ok || len(cp) == 0 {
		return nil, errRequest
	}
	lines := strings.Split(string(head), "\n")
	size, ok := strings.CutPrefix(lines[0], "old ")
	if !ok {
		return nil, errRequest
	}
	old, err := strconv.ParseInt(size, 10, 64)
	// No sign, no leading zeros: one spelling per size.
	if err != nil || old < 0 || strconv.FormatInt(old, 10) != size {
		return nil, errRequest
	}
	proof := lines[1:]
	if len(proof) > MaxProofLines || old == 0 && len(proof) > 0 {
		return nil, errRequest
	}
	r := &AddCheckpointRequest{OldSize: old, Checkpoint: cp}
	for _, l := range proof {
		h, err := parseHash(l)
		if err != nil {
			return nil, err
		}
		r.Proof = append(r.Proof, h)
	}
	return r, nil
}

// parseHash reads one base64 hash, refusing the spellings the decoder
// would otherwise forgive (a stray CR, non-zero padding bits).
func parseHash(s string) (tlog.Hash, error) {
	var h tlog.Hash
	if len(s) != base64.StdEncoding.EncodedLen(len(h)) {
		return h, errRequest
	}
	b, err := base64.StdEncoding.Strict().DecodeString(s)
	if err != nil || len(b) != len(h) {
		return h, errRequest
	}
	return tlog.Hash(b), nil
}
