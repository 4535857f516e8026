// SPDX-License-Identifier: Apache-2.0

package verify

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	mtlog "golang.org/x/mod/sumdb/tlog"

	"github.com/akashi-badges/akashi/internal/fetch"
	"github.com/akashi-badges/akashi/internal/report"
	"github.com/akashi-badges/akashi/internal/tlog"
	"github.com/akashi-badges/akashi/internal/witness"
)

// logURL is where a log with origin publishes its checkpoint and tiles.
func (v *Verifier) logURL(origin string) string {
	if v.logURLFunc != nil {
		return v.logURLFunc(origin)
	}
	return "https://" + origin
}

// checkConsistency is the online "log-consistency" check: the log's latest
// checkpoint, signed with the same key, must describe a tree that extends
// the receipt's, proven with hashes read from the log's tiles (which
// golang.org/x/mod/sumdb/tlog authenticates against the latest root). A
// log rewritten after the receipt was made fails it.
func (v *Verifier) checkConsistency(ctx context.Context, old tlog.Checkpoint, logKey string, r *report.Report) {
	const id = "log-consistency"
	if v.fetcher == nil {
		r.Add(id, report.Skip, "The verifier is offline, so the log's latest checkpoint was not compared with the receipt's.")
		return
	}
	unreachable := func(err error) {
		r.Add(id, report.Warn, "The log's latest state could not be read, so it was not compared with the receipt: "+err.Error()).
			Params = map[string]string{"problem": ProblemLogFetch}
	}
	rewritten := func(msg string) {
		r.Add(id, report.Fail, msg).Params = map[string]string{"problem": ProblemLogRewritten}
	}
	base := v.logURL(old.Origin)
	body, err := v.fetcher.GetBody(ctx, base+"/checkpoint", "text/plain")
	if errors.Is(err, fetch.ErrOffline) {
		r.Add(id, report.Skip, "The verifier is offline, so the log's latest checkpoint was not compared with the receipt's.")
		return
	}
	if err != nil {
		unreachable(err)
		return
	}
	latest, err := tlog.OpenCheckpoint(body, logKey)
	if err != nil {
		r.Add(id, report.Fail, "The log's latest checkpoint is not signed with the log's key: "+err.Error()).
			Params = map[string]string{"problem": ProblemLogSignature}
		return
	}
	switch {
	case latest.Size < old.Size:
		rewritten(fmt.Sprintf("The log now has %d entries, fewer than the %d of the receipt's checkpoint: it was rewritten.", latest.Size, old.Size))
		return
	case latest.Size == old.Size && latest.Root != old.Root:
		rewritten("The log's latest checkpoint has the receipt's size but another root: it was rewritten.")
		return
	}
	tr := &tileFetcher{ctx: ctx, v: v, base: base}
	hr := mtlog.TileHashReader(mtlog.Tree{N: latest.Size, Hash: latest.Root}, tr)
	proof, err := mtlog.ProveTree(latest.Size, old.Size, hr)
	if err != nil {
		if tr.err != nil {
			unreachable(tr.err)
		} else {
			rewritten("The log's tiles do not match its latest checkpoint: " + err.Error())
		}
		return
	}
	if err := mtlog.CheckTree(proof, latest.Size, latest.Root, old.Size, old.Root); err != nil {
		rewritten(fmt.Sprintf("The log's latest checkpoint (%d entries) does not extend the receipt's (%d): the log was rewritten.", latest.Size, old.Size))
		return
	}
	r.Add(id, report.Pass, fmt.Sprintf("The log still holds this record: its latest checkpoint (%d entries) extends the receipt's (%d).", latest.Size, old.Size)).
		Params = map[string]string{"size": fmt.Sprint(latest.Size)}
}

// tileFetcher reads a log's hash tiles through the verifier's fetcher.
type tileFetcher struct {
	ctx  context.Context
	v    *Verifier
	base string
	err  error // the first fetch error
}

func (t *tileFetcher) Height() int { return tlog.TileHeight }

func (t *tileFetcher) ReadTiles(tiles []mtlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(tiles))
	for i, tile := range tiles {
		b, err := t.v.fetcher.GetBody(t.ctx, t.base+"/"+tlog.TilePath(tile), "application/octet-stream")
		if err != nil {
			if t.err == nil {
				t.err = err
			}
			return nil, err
		}
		out[i] = b
	}
	return out, nil
}

func (t *tileFetcher) SaveTiles([]mtlog.Tile, [][]byte) {}

// checkWitnesses is the "log-witness" check: how many of the trusted
// witnesses cosigned the receipt's checkpoint (already verified with
// logKey). The earliest cosignature's time dates the record: it was in
// the log no later than that.
func (v *Verifier) checkWitnesses(checkpoint []byte, logKey string, r *report.Report) {
	const id = "log-witness"
	if len(v.witnessKeys) == 0 {
		r.Add(id, report.Skip, "No witnesses are configured for this verifier, so cosignatures were not checked.")
		return
	}
	threshold := max(v.witnessThreshold, 1)
	threshold = min(threshold, len(v.witnessKeys))
	_, cosigs, err := witness.VerifyCosigned(checkpoint, logKey, v.witnessKeys, threshold)
	var te *witness.ThresholdError
	if err != nil && !errors.As(err, &te) {
		r.Add(id, report.Fail, "The witnesses' cosignatures on the receipt's checkpoint do not verify: "+err.Error())
		return
	}
	names := make([]string, len(cosigs))
	var first time.Time
	for i, c := range cosigs {
		names[i] = c.Name
		if first.IsZero() || c.Time.Before(first) {
			first = c.Time
		}
	}
	params := map[string]string{"count": fmt.Sprint(len(cosigs)), "total": fmt.Sprint(len(v.witnessKeys)),
		"threshold": fmt.Sprint(threshold), "names": strings.Join(names, ", ")}
	if !first.IsZero() {
		params["time"] = first.UTC().Format(time.RFC3339)
		// The log check gains its date: recorded no later than this.
		for i := range r.Checks {
			if r.Checks[i].ID == "log" && r.Checks[i].Params != nil {
				r.Checks[i].Params["date"] = first.UTC().Format(time.DateOnly)
			}
		}
	}
	if te != nil {
		params["problem"] = ProblemLogFewer
		r.Add(id, report.Warn, fmt.Sprintf("Witnessed by only %d of %d trusted witnesses (%d required).", len(cosigs), len(v.witnessKeys), threshold)).Params = params
		return
	}
	r.Add(id, report.Pass, fmt.Sprintf("Witnessed by %d of %d trusted witnesses (%s), first on %s.", len(cosigs), len(v.witnessKeys),
		strings.Join(names, ", "), first.UTC().Format(time.RFC3339))).Params = params
}
