// SPDX-License-Identifier: Apache-2.0

// Command akashi-load measures a CSV award end to end on SQLite, the
// embedded default: it awards -rows recipients of one CSV through the
// service (parse, preview, sign in the badge's formats, status-list slots,
// storage, award mail in the outbox and on the job queue) and prints awards
// per second next to the engine's bare signing rate for the same formats,
// measured in the same run, and the peak memory of the process. With
// -preload N it then stores N more awards directly in the database and
// awards -rows again, to show whether the rate holds as an organisation grows.
//
//	go run ./cmd/akashi-load -rows 10000
//	go run ./cmd/akashi-load -rows 10000 -preload 1000000 -formats di
package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/bake"
	"github.com/akashi-badges/akashi/internal/did"
	"github.com/akashi-badges/akashi/internal/issuing"
	"github.com/akashi-badges/akashi/internal/jobs"
	"github.com/akashi-badges/akashi/internal/keys"
	"github.com/akashi-badges/akashi/internal/mail"
	"github.com/akashi-badges/akashi/internal/proof"
	"github.com/akashi-badges/akashi/internal/service"
	"github.com/akashi-badges/akashi/internal/store"
	"github.com/akashi-badges/akashi/internal/store/sqlite"
)

func main() {
	rows := flag.Int("rows", 10000, "recipients in the CSV")
	preload := flag.Int("preload", 0, "awards to store directly before a second run (0 = no second run)")
	formats := flag.String("formats", "all", `formats issued: "all" or a comma list of di, jwt, ob2-hosted, ob2-signed`)
	dir := flag.String("dir", "", "data directory (default: a new temporary one, removed afterwards)")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the whole run to this file")
	logOn := flag.Bool("log", true, "record awards in the transparency log, with the sequencer running as in the server (false: measure without the log)")
	flag.Parse()
	log.SetFlags(0)
	if *cpuProfile != "" {
		pf, err := os.Create(*cpuProfile)
		if err != nil {
			log.Fatal(err)
		}
		pprof.StartCPUProfile(pf)
		defer pprof.StopCPUProfile()
	}
	if err := run(*rows, *preload, *formats, *dir, *logOn); err != nil {
		pprof.StopCPUProfile()
		log.Fatal(err)
	}
}

func run(rows, preload int, formatList, dir string, logOn bool) error {
	ctx := context.Background()
	if dir == "" {
		d, err := os.MkdirTemp("", "akashi-load-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		dir = d
	}
	fs, f, err := parseFormats(formatList)
	if err != nil {
		return err
	}
	st, err := sqlite.Open(ctx, filepath.Join(dir, "akashi.db"), store.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	mk, err := keys.LoadOrCreateMasterKey(dir, func(string) string { return "" })
	if err != nil {
		return err
	}
	q, err := jobs.New(ctx, st.DB(), st.Dialect(), jobs.Workers{Outbox: noOutbox{}}, jobs.Options{})
	if err != nil {
		return err
	}
	svc := &service.Service{Store: st, MasterKey: mk, BaseURL: "https://badges.example.ac.jp",
		// The award mail is queued as in production with SMTP configured
		// (the queue is not started, so nothing is sent).
		EnqueueMail: func(ctx context.Context, tx store.Tx, ids ...int64) error {
			return q.EnqueueMailTx(ctx, tx.SQLTx(), ids)
		},
		LogOff: !logOn}
	if logOn {
		// The sequencer, as the server runs it: integrate about once a second.
		seqCtx, stop := context.WithCancel(ctx)
		defer stop()
		go func() {
			t := time.NewTicker(time.Second)
			defer t.Stop()
			for {
				for {
					if n, err := svc.IntegrateLog(seqCtx); err != nil || n == 0 {
						break
					}
				}
				select {
				case <-seqCtx.Done():
					return
				case <-t.C:
				}
			}
		}()
	}
	boot, err := svc.Bootstrap(ctx, service.BootstrapInput{OrgName: "負荷試験大学 Load Test University", OrgSlug: "load",
		AdminEmail: "admin@load.example.ac.jp", AdminPassword: "load-test-password"})
	if err != nil {
		return err
	}
	admin := service.WithActor(ctx, service.Actor{AccountID: boot.AdminID})
	img := badgePNG()
	class, err := svc.CreateBadgeClass(admin, boot.OrgID, service.BadgeInput{
		NameJA: "データサイエンス基礎", NameEN: "Data Science Basics",
		DescriptionJA:     "数理・データサイエンス・AI教育プログラム（リテラシーレベル）を修了した。",
		CriteriaNarrative: "全8回の講義に出席し、最終レポートで60点以上を得ること。",
		Alignments:        []badge.Alignment{{Name: "数理・データサイエンス・AI（リテラシーレベル）モデルカリキュラム", URL: "http://www.mi.u-tokyo.ac.jp/consortium/model_literacy.html", Code: "L-1"}},
		Tags:              []string{"データサイエンス", "AI"}, Formats: fs, Image: img,
	})
	if err != nil {
		return err
	}

	fmt.Printf("formats: %s; %d recipients; SQLite in %s; GOMAXPROCS %d; transparency log %v\n", strings.Join(fs, ","), rows, dir, runtime.GOMAXPROCS(0), logOn)
	bare1, err := bareRate(f, min(rows, 1000), 1)
	if err != nil {
		return err
	}
	bare, err := bareRate(f, min(rows, 1000), runtime.GOMAXPROCS(0))
	if err != nil {
		return err
	}
	fmt.Printf("bare signing (issuing.Issue, same formats), one core:  %8.0f credentials/s\n", bare1)
	fmt.Printf("bare signing (issuing.Issue, same formats), all cores: %8.0f credentials/s\n", bare)
	bakeRate(img)

	rate, err := bulk(admin, svc, boot.OrgID, class.ID, rows, "first")
	if err != nil {
		return err
	}
	fmt.Printf("end to end, CSV of %d:                   %8.0f awards/s  (%.2f of one core's bare rate, %.2f of all cores')\n", rows, rate, rate/bare1, rate/bare)
	fmt.Printf("peak RSS so far: %d MB\n", peakRSSMB())
	if preload == 0 {
		return nil
	}
	t0 := time.Now()
	if err := preloadAwards(ctx, st, boot.OrgID, class.ID, preload); err != nil {
		return err
	}
	fmt.Printf("stored %d more awards directly in %v\n", preload, time.Since(t0).Round(time.Second))
	rate2, err := bulk(admin, svc, boot.OrgID, class.ID, rows, "second")
	if err != nil {
		return err
	}
	fmt.Printf("end to end with %d stored:            %8.0f awards/s  (%.0f%% of the first run)\n", preload+rows+1, rate2, 100*rate2/rate)
	fmt.Printf("peak RSS: %d MB\n", peakRSSMB())
	return nil
}

func parseFormats(list string) ([]string, issuing.Formats, error) {
	if list == "all" {
		return badge.AllFormats, issuing.AllFormats, nil
	}
	var fs []string
	var f issuing.Formats
	for _, s := range strings.Split(list, ",") {
		switch s {
		case "di":
			fs, f.DataIntegrity = append(fs, badge.FormatOB3DataIntegrity), true
		case "jwt":
			fs, f.JWT = append(fs, badge.FormatOB3JWT), true
		case "ob2-hosted":
			fs, f.OB2Hosted = append(fs, badge.FormatOB2Hosted), true
		case "ob2-signed":
			fs, f.OB2Signed = append(fs, badge.FormatOB2Signed), true
		default:
			return nil, f, fmt.Errorf("unknown format %q", s)
		}
	}
	return fs, f, nil
}

// bulk awards n recipients from one CSV and returns awards per second,
// from upload to the last row committed.
func bulk(ctx context.Context, svc *service.Service, orgID, classID int64, n int, tag string) (float64, error) {
	var csv bytes.Buffer
	csv.WriteString("\ufeffメールアドレス,氏名,所見\r\n")
	for i := range n {
		fmt.Fprintf(&csv, "s%s%06d@students.example.ac.jp,学生　%s%06d,第%d回講義修了\r\n", tag, i, tag, i, i%8+1)
	}
	t0 := time.Now()
	p, err := svc.PrepareBulkAward(ctx, orgID, classID, tag+".csv", &csv)
	if err != nil {
		return 0, err
	}
	if p.Valid != n {
		return 0, fmt.Errorf("preview: %d valid of %d: %+v", p.Valid, n, p.Problems[:min(3, len(p.Problems))])
	}
	if _, err := svc.ConfirmBulkAward(ctx, orgID, p.Bulk.ID); err != nil {
		return 0, err
	}
	if err := svc.RunBulkAward(ctx, p.Bulk.ID); err != nil {
		return 0, err
	}
	el := time.Since(t0)
	b, err := svc.BulkAward(ctx, orgID, p.Bulk.ID)
	if err != nil {
		return 0, err
	}
	if b.Issued != n {
		return 0, fmt.Errorf("issued %d of %d (skipped %d, failed %d)", b.Issued, n, b.Skipped, b.Failed)
	}
	return float64(n) / el.Seconds(), nil
}

// bareRate signs n awards with the engine alone, no storage, on workers
// goroutines.
func bareRate(f issuing.Formats, n, workers int) (float64, error) {
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	rk, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return 0, err
	}
	id, _ := did.WebDID("https://badges.example.ac.jp/orgs/load")
	iss := &issuing.Issuer{ID: id, VerificationMethod: did.WebKeyID(id, pub), Ed25519: priv, Name: "負荷試験大学", URL: "https://badges.example.ac.jp/orgs/load",
		Email: "admin@load.example.ac.jp", ProfileURL: "https://badges.example.ac.jp/orgs/load/issuer", RSAKey: rk,
		RSAKeyURL: "https://badges.example.ac.jp/orgs/load/keys/2", RevocationListURL: "https://badges.example.ac.jp/orgs/load/revocations"}
	ach := &issuing.Achievement{ID: "https://badges.example.ac.jp/badges/x/v1", OB2BadgeURL: "https://badges.example.ac.jp/badges/x/v1",
		Name: "データサイエンス基礎", Description: "数理・データサイエンス・AI教育プログラム（リテラシーレベル）を修了した。", Language: "ja",
		ImageURL: "https://badges.example.ac.jp/orgs/load/images/x.png", ImageType: "image/png",
		CriteriaNarrative: "全8回の講義に出席し、最終レポートで60点以上を得ること。", Tags: []string{"データサイエンス", "AI"},
		Alignments: []issuing.Alignment{{Name: "モデルカリキュラム", URL: "http://www.mi.u-tokyo.ac.jp/consortium/model_literacy.html", Code: "L-1"}}}
	// As the bulk award does: the schema checked once, then every core signing.
	if _, err := issuing.Credential(iss, ach, &issuing.Award{CredentialID: "urn:uuid:00000000-0000-4000-8000-000000000000",
		AssertionURL: "https://badges.example.ac.jp/awards/0", RecipientEmail: "s@example.ac.jp", IssuedAt: time.Now()}); err != nil {
		return 0, err
	}
	ach.SchemaChecked = true
	next := make(chan int)
	errc := make(chan error, 1)
	var wg sync.WaitGroup
	t0 := time.Now()
	for range workers {
		wg.Go(func() {
			for i := range next {
				w := &issuing.Award{CredentialID: fmt.Sprintf("urn:uuid:00000000-0000-4000-8000-%012d", i),
					AssertionURL:   fmt.Sprintf("https://badges.example.ac.jp/awards/%d", i),
					RecipientEmail: fmt.Sprintf("s%06d@students.example.ac.jp", i), RecipientName: "学生", IssuedAt: time.Now(),
					Status: &issuing.StatusEntry{ListURL: "https://badges.example.ac.jp/orgs/load/status/1", Index: i, Purpose: "revocation"}}
				if _, err := issuing.Issue(proof.Default, iss, ach, w, f); err != nil {
					select {
					case errc <- err:
					default:
					}
				}
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	el := time.Since(t0)
	select {
	case err := <-errc:
		return 0, err
	default:
	}
	return float64(n) / el.Seconds(), nil
}

// bakeRate prints how fast a credential is baked into the badge image:
// baking happens when an image is downloaded, not at award time.
func bakeRate(img []byte) {
	data := bytes.Repeat([]byte("x"), 4000)
	t0 := time.Now()
	const n = 2000
	for range n {
		bake.Bake(img, bake.Payload{Version: bake.OB3, Data: data}, nil)
	}
	fmt.Printf("baking a 4 KB credential into the PNG (on download): %8.0f images/s\n", n/time.Since(t0).Seconds())
}

// preloadAwards stores n awards straight into the database, as a large
// organisation's history: real rows with real status-list slots and unique
// ids, with short placeholder artefacts (what matters for the next run is
// the size of the tables and their indexes, not the bytes of old badges).
func preloadAwards(ctx context.Context, st store.Store, orgID, classID int64, n int) error {
	const batch = 20000
	for done := 0; done < n; done += batch {
		k := min(batch, n-done)
		err := st.ReadWrite(ctx, func(tx store.Tx) error {
			slots, err := tx.AllocateStatusSlots(ctx, orgID, badge.StatusRevocation, k)
			if err != nil {
				return err
			}
			stmt, err := tx.SQLTx().PrepareContext(ctx, `INSERT INTO awards (org_id, badge_class_id, revision, public_id, idempotency_key,
				recipient_email, recipient_name, recipient_locale, salt, issued_at, status_list_id, status_index,
				credential_di, credential_jwt, ob2_assertion, claim_token_hash, sent_at, created_at)
				VALUES (?, ?, 1, ?, ?, ?, ?, 'ja', 'salt', ?, ?, ?, ?, '', '', ?, ?, ?)`)
			if err != nil {
				return err
			}
			defer stmt.Close()
			now := time.Now().UnixMicro()
			for i, s := range slots {
				j := done + i
				var h [32]byte
				rand.Read(h[:])
				if _, err := stmt.ExecContext(ctx, orgID, classID, fmt.Sprintf("pre-%08d-%x", j, h[:6]), fmt.Sprintf("pre:%d", j),
					fmt.Sprintf("p%07d@alumni.example.ac.jp", j), fmt.Sprintf("卒業生　%07d", j), now,
					s.ListID, s.Index, `{"placeholder":true}`, h[:], now, now); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// peakRSSMB is the process's peak resident set (VmHWM), in MB.
func peakRSSMB() int {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kb int
			fmt.Sscan(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), &kb)
			return kb / 1024
		}
	}
	return -1
}

func badgePNG() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 256, 256))
	for x := range 256 {
		for y := range 256 {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 128, 255})
		}
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes()
}

// noOutbox satisfies the queue's mail port; the queue is never started.
type noOutbox struct{}

func (noOutbox) LoadMail(context.Context, int64) (mail.Message, error) {
	return mail.Message{}, jobs.ErrNothingToDo
}
func (noOutbox) MarkSent(context.Context, int64, time.Time) error      { return nil }
func (noOutbox) MarkAttempt(context.Context, int64, int, string) error { return nil }
func (noOutbox) MarkFailed(context.Context, int64, string) error       { return nil }
