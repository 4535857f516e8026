// SPDX-License-Identifier: Apache-2.0

package verify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	mtlog "golang.org/x/mod/sumdb/tlog"

	"github.com/akashi-badges/akashi/internal/report"
	"github.com/akashi-badges/akashi/internal/tlog"
)

// maxAnchorList bounds a log's /anchors answer.
const maxAnchorList = 1 << 20

// checkAnchor is the online "log-anchor" check, with an
// [Options.AnchorCheck]: the first anchor of the receipt's log whose
// checkpoint holds the receipt's tree is read from the log's /anchors
// list; that checkpoint must extend the receipt's (proved with the log's
// tiles, authenticated against the anchored root), and the chain must
// hold the anchor. Then the record existed no later than the anchor's
// block. Without an AnchorCheck the check is left out.
func (v *Verifier) checkAnchor(ctx context.Context, cp tlog.Checkpoint, r *report.Report) {
	const id = "log-anchor"
	if v.anchorCheck == nil {
		return
	}
	if v.fetcher == nil {
		r.Add(id, report.Skip, "The verifier is offline, so the log's anchors were not checked.")
		return
	}
	base := v.logURL(cp.Origin)
	body, err := v.fetcher.GetBody(ctx, base+"/anchors", "application/json")
	if err != nil {
		r.Add(id, report.Skip, "The log publishes no anchors that could be read: "+err.Error())
		return
	}
	var list struct {
		Anchors []json.RawMessage `json:"anchors"`
	}
	if len(body) > maxAnchorList || json.Unmarshal(body, &list) != nil {
		r.Add(id, report.Warn, "The log's list of anchors cannot be read.")
		return
	}
	// The list is newest first: the last entry that holds the receipt's
	// tree is the earliest, the tightest bound.
	var raw json.RawMessage
	var anchored tlog.Checkpoint
	var checkpointBody string
	for _, e := range list.Anchors {
		var a struct {
			Checkpoint  string `json:"checkpoint"`
			BlockNumber uint64 `json:"blockNumber"`
		}
		if json.Unmarshal(e, &a) != nil || a.BlockNumber == 0 {
			continue
		}
		c, err := tlog.ParseCheckpoint(a.Checkpoint)
		if err != nil || c.Origin != cp.Origin || c.Size < cp.Size {
			continue
		}
		raw, anchored, checkpointBody = e, c, a.Checkpoint
	}
	if raw == nil {
		r.Add(id, report.Skip, "The log has not anchored a state that holds this record yet.")
		return
	}
	rewritten := func(msg string) {
		r.Add(id, report.Fail, msg).Params = map[string]string{"problem": ProblemLogRewritten}
	}
	if anchored.Size == cp.Size && anchored.Root != cp.Root {
		rewritten("The anchored checkpoint has the receipt's size but another root: the log was rewritten.")
		return
	}
	if anchored.Size > cp.Size {
		tr := &tileFetcher{ctx: ctx, v: v, base: base}
		hr := mtlog.TileHashReader(mtlog.Tree{N: anchored.Size, Hash: anchored.Root}, tr)
		proof, err := mtlog.ProveTree(anchored.Size, cp.Size, hr)
		if err == nil {
			err = mtlog.CheckTree(proof, anchored.Size, anchored.Root, cp.Size, cp.Root)
		}
		if err != nil && tr.err != nil {
			r.Add(id, report.Warn, "The log's tiles could not be read to compare the anchored state with the receipt: "+tr.err.Error())
			return
		}
		if err != nil {
			rewritten(fmt.Sprintf("The anchored checkpoint (%d entries) does not extend the receipt's (%d): the log was rewritten.", anchored.Size, cp.Size))
			return
		}
	}
	when, err := v.anchorCheck(ctx, raw, []byte(checkpointBody))
	switch {
	case errors.Is(err, ErrAnchorOtherChain):
		r.Add(id, report.Skip, "The log anchors on a chain this verifier does not read.")
	case errors.Is(err, ErrAnchorInvalid):
		r.Add(id, report.Fail, "The chain does not hold the log's anchor as the log lists it: "+err.Error()).
			Params = map[string]string{"problem": "chain"}
	case err != nil:
		r.Add(id, report.Warn, "The log's anchor could not be checked on the chain: "+err.Error())
	default:
		r.Add(id, report.Pass, fmt.Sprintf("Anchored on a public chain: the log held this record no later than %s (a checkpoint of %d entries).",
			when.UTC().Format(time.RFC3339), anchored.Size)).Params = map[string]string{"time": when.UTC().Format(time.RFC3339), "date": when.UTC().Format(time.DateOnly)}
	}
}
