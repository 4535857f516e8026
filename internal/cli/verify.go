// SPDX-License-Identifier: Apache-2.0

package cli

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/akashi-badges/akashi/internal/anchor"
	"github.com/akashi-badges/akashi/internal/fetch"
	"github.com/akashi-badges/akashi/internal/report"
	"github.com/akashi-badges/akashi/internal/verify"
)

func runVerify(e *env, args []string) int {
	fs := newFlags(e, "verify", "INPUT...")
	asJSON := fs.Bool("json", false, "print one JSON report per input")
	offline := fs.Bool("offline", false, "never use the network (status lists, did:web and hosted badges are then answered only by --url-map)")
	urlMap := fs.String("url-map", "", "JSON file {URL: file} answering fetches from local files")
	allowPrivate := fs.Bool("allow-private", false, "allow fetching from loopback and private network addresses (refused by default)")
	allowHTTP := fs.Bool("allow-http", false, "allow plain http URLs (https only by default)")
	timeout := fs.Duration("timeout", 10*time.Second, "time limit for each network request")
	receiptFile := fs.String("receipt", "", "transparency-log receipt (C2SP tlog-proof, from /awards/ID/receipt) of the single INPUT: adds the log check")
	logKey := fs.String("log-key", "", "the log's checkpoint key (from /log/key), or a file holding it: checks --receipt, and the receipt a PDF certificate carries")
	var witnessKeys []string
	fs.Var(listFlag{&witnessKeys}, "witness-key", "a witness's cosignature key (akashi witness keygen prints one): the report says how many of them cosigned the receipt's checkpoint (repeatable)")
	threshold := fs.Int("witness-threshold", 0, "how many --witness-key witnesses must have cosigned (default: all)")
	anchorRPC := fs.String("anchor-rpc", "", "JSON-RPC URL of a node of the chain the receipt's log anchors in: adds the log-anchor check")
	if code := parseFlags(e, fs, args); code >= 0 {
		return code
	}
	if fs.NArg() == 0 {
		return e.fail(exitUsage, errors.New("verify: no input"), "akashi verify badge.png (files: .json .jwt .png .svg; or a URL)")
	}
	opts := fetch.Options{Offline: *offline, AllowPrivate: *allowPrivate, AllowHTTP: *allowHTTP, Timeout: *timeout}
	if *urlMap != "" {
		m, err := fetch.LoadURLMap(*urlMap)
		if err != nil {
			return e.fail(exitUsage, err, "")
		}
		opts.URLMap = m
	}
	var receipt []byte
	if *receiptFile != "" {
		if fs.NArg() != 1 {
			return e.fail(exitUsage, errors.New("verify: --receipt takes exactly one INPUT"), "")
		}
		var err error
		if receipt, err = readInput(e, *receiptFile); err != nil {
			return e.fail(exitUsage, err, "")
		}
		if *logKey == "" {
			return e.fail(exitUsage, errors.New("verify: --receipt needs --log-key"), "")
		}
	}
	if *logKey != "" && !strings.Contains(*logKey, "+") {
		k, err := readInput(e, *logKey)
		if err != nil {
			return e.fail(exitUsage, err, "")
		}
		*logKey = strings.TrimSpace(string(k))
	}
	vo := verify.Options{Fetcher: fetch.New(opts), WitnessKeys: witnessKeys, WitnessThreshold: *threshold}
	if *logKey != "" {
		vo.LogKeys = []string{*logKey}
	}
	if vo.WitnessThreshold == 0 {
		vo.WitnessThreshold = len(witnessKeys)
	}
	if vo.WitnessThreshold > len(witnessKeys) {
		return e.fail(exitUsage, fmt.Errorf("verify: --witness-threshold %d with %d --witness-key", vo.WitnessThreshold, len(witnessKeys)), "")
	}
	if *anchorRPC != "" {
		c, err := anchor.Dial(e.ctx, *anchorRPC)
		if err != nil {
			return e.fail(exitUsage, err, "")
		}
		defer c.Close()
		vo.AnchorCheck = anchor.VerifierCheck(c)
	}
	v := verify.New(vo)
	code := exitOK
	for _, in := range fs.Args() {
		var r *report.Report
		var err error
		if strings.HasPrefix(in, "https://") || strings.HasPrefix(in, "http://") {
			r, err = v.VerifyURL(e.ctx, in)
		} else {
			var b []byte
			if b, err = readInput(e, in); err == nil {
				if receipt != nil {
					r = v.VerifyWithReceipt(e.ctx, in, b, receipt, *logKey)
				} else {
					r = v.Verify(e.ctx, in, b)
				}
			}
		}
		if err != nil {
			e.fail(exitUsage, err, "")
			code = exitUsage
			continue
		}
		if !r.Valid && code == exitOK {
			code = exitFailed
		}
		if *asJSON {
			b, _ := marshalJSON(r)
			e.stdout.Write(b)
		} else {
			printReport(e.stdout, r)
		}
	}
	return code
}

var statusMarks = map[report.Status]string{report.Pass: "ok  ", report.Fail: "FAIL", report.Warn: "warn", report.Skip: "skip"}

func printReport(w io.Writer, r *report.Report) {
	verdict := "VALID"
	if !r.Valid {
		verdict = "NOT VALID"
	}
	fmt.Fprintf(w, "%s: %s (%s)\n", r.Input, verdict, r.Format)
	for _, c := range r.Checks {
		fmt.Fprintf(w, "  %s %-9s %s\n", statusMarks[c.Status], c.ID, c.Message)
	}
}
