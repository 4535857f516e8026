// SPDX-License-Identifier: Apache-2.0

package anchor

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/akashi-badges/akashi/internal/verify"
)

// VerifierCheck returns the anchor check of the verification engine
// (verify.Options.AnchorCheck) over a node of one chain: an anchor on
// another chain is reported as such, not as invalid.
func VerifierCheck(b Backend) func(ctx context.Context, record json.RawMessage, checkpointBody []byte) (time.Time, error) {
	return func(ctx context.Context, record json.RawMessage, checkpointBody []byte) (time.Time, error) {
		var rec Record
		if err := json.Unmarshal(record, &rec); err != nil {
			return time.Time{}, fmt.Errorf("%w: %v", verify.ErrAnchorInvalid, err)
		}
		res, err := Verify(ctx, b, rec, checkpointBody)
		switch {
		case errors.Is(err, ErrWrongChain):
			return time.Time{}, fmt.Errorf("%w: %v", verify.ErrAnchorOtherChain, err)
		case errors.Is(err, ErrInvalid):
			return time.Time{}, fmt.Errorf("%w: %v", verify.ErrAnchorInvalid, err)
		case err != nil:
			return time.Time{}, err
		}
		return res.BlockTime, nil
	}
}
