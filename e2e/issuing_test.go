// SPDX-License-Identifier: Apache-2.0

package e2e

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/akashi-badges/akashi/internal/store"
)

// TestIssuing drives the issuer's day in the browser: the demo admin
// creates a badge with an image upload, awards it to one person, uploads a
// 3-row CSV with one bad row, sees that row's problem in the preview,
// confirms, watches the progress page (which refreshes itself, no script)
// reach done, revokes one award from the history with a reason, and opens
// its public page in Japanese and in English.
func TestIssuing(t *testing.T) {
	ctx := newBrowser(t)
	s := startServer(t)
	b := &tab{t: t, ctx: ctx, url: s.URL}
	dir := t.TempDir()
	imgPath := filepath.Join(dir, "badge.png")
	writeFile(t, imgPath, badgePNG(t))
	csvPath := filepath.Join(dir, "cohort.csv")
	writeFile(t, csvPath, []byte("メールアドレス,氏名,発行日\r\n"+
		"sato@example.ac.jp,佐藤　花子,2025/4/1\r\n"+
		"not-an-address,鈴木 一郎,\r\n"+
		"tanaka@example.ac.jp,田中 次郎,令和7年4月1日\r\n"))

	b.signIn(demoEmail, demoPassword)

	// A badge with its image.
	b.open("/console/badges")
	b.submit("new badge", `main a[href="/console/badges/new"]`, "#f-name_ja")
	b.fill("#f-name_ja", "データサイエンス基礎")
	b.fill("#f-name_en", "Foundations of Data Science")
	b.fill("#f-description_ja", "データサイエンスの基礎を修得したことを証明します。")
	b.fill("#f-description_en", "Certifies the foundations of data science.")
	b.fill("#f-criteria_narrative", "全8回の講義に出席し、最終課題に合格すること。")
	b.fill("#f-al-name-0", "データ分析")
	b.fill("#f-al-url-0", "https://example.jp/skills/data-analysis")
	b.fill("#f-tags", "データサイエンス、AI")
	b.screenshot("akashi-badge-form.png")
	b.do("choose the image", chromedp.SetUploadFiles(chromedp.CSS("#f-image"), []string{imgPath}))
	b.submit("create the badge", `form.badge-form button[type=submit]`, ".flash-notice")
	b.wantText(".flash-notice", "バッジ「データサイエンス基礎」を作成しました")
	if w := b.eval(`document.querySelector("img.badge-hero").naturalWidth`); w != 64 {
		t.Errorf("the badge image shows %d px wide, want 64 (the upload)", w)
	}
	b.screenshot("akashi-badge.png")
	badgeURL := b.eval2(`location.pathname`)

	// One person.
	b.fill("#f-name", "山田 太郎") // chromedp types no U+3000; the CSV below keeps one
	b.fill("#f-email", "yamada@example.ac.jp")
	b.submit("award", `form[action$="/award"] button[type=submit]`, `form[action$="/resend"]`)
	b.wantText(".flash-notice", "山田 太郎さん（yamada@example.ac.jp）にバッジを発行しました")
	b.wantText("main", "メール送信済み")

	// A cohort by CSV, one bad row.
	b.open(badgeURL)
	b.submit("CSV award", `main a[href$="/bulk"]`, "#f-file")
	b.do("choose the CSV", chromedp.SetUploadFiles(chromedp.CSS("#f-file"), []string{csvPath}))
	b.submit("upload", `form[enctype="multipart/form-data"] button[type=submit]`, "#preview-title")
	b.wantText("table.problems", "3行目")
	b.wantText("table.problems", "「not-an-address」はメールアドレスとして正しくありません")
	b.wantText("main", "2件を発行する")
	b.screenshot("akashi-bulk-preview.png")
	b.submit("confirm", `form[action$="/confirm"] button`, "#progress-title")
	b.waitText("#progress-title", "発行が完了しました", 60*time.Second)
	b.wantText("main", "3行中3行を処理しました（100%）")
	b.screenshot("akashi-bulk-done.png")

	// Revoke one award from the history, with a reason.
	b.open("/console/awards?q=sato")
	b.wantText("main table", "佐藤　花子")
	b.do("tick", chromedp.Click(chromedp.CSS(`input[name=id]`)))
	b.do("open revoke", chromedp.Click(chromedp.CSS(`details.confirm summary`)), chromedp.WaitVisible(chromedp.CSS("#f-reason")))
	b.fill("#f-reason", "受講登録の誤りのため")
	b.submit("revoke", `details.confirm button.danger`, ".flash-notice")
	b.wantText(".flash-notice", "1件のバッジを失効させました")
	b.wantText("main table", "失効")
	b.open("/console/awards")
	b.screenshot("akashi-awards.png")

	// The public page, signed out, in Japanese and in English.
	sato := "sato@example.ac.jp"
	as, _, err := s.m.Store.FindAwards(context.Background(), store.AwardFilter{RecipientEmail: &sato})
	if err != nil || len(as) != 1 {
		t.Fatalf("awards to %s: %d, %v", sato, len(as), err)
	}
	b.signOut()
	b.open("/awards/" + as[0].PublicID)
	b.wantText("main h1", "データサイエンス基礎")
	b.wantText(".verdict", "発行者により失効されました")
	b.wantText(".verdict", "受講登録の誤りのため")
	b.wantText(".recipient", "佐藤　花子")
	if og := b.attr(`meta[property="og:image"]`, "content"); !strings.HasPrefix(og, s.URL+"/orgs/demo-university/images/") {
		t.Errorf("og:image = %q", og)
	}
	b.screenshot("akashi-award-public.png")
	b.submit("English", `form.langswitch button[value="en"]`, `html[lang="en"] main`)
	b.wantText("main h1", "Foundations of Data Science")
	b.wantText(".verdict", "This badge was revoked by its issuer")
	b.wantText(".verdict", "受講登録の誤りのため")
	b.submit("Japanese", `form.langswitch button[value="ja"]`, `html[lang="ja"] main`)
	b.wantText(".verdict", "発行者により失効されました")

	// At 360 px wide the issuing pages fit without scrolling sideways.
	b.do("phone viewport", chromedp.EmulateViewport(360, 740))
	narrow := []string{"/awards/" + as[0].PublicID}
	b.signIn(demoEmail, demoPassword)
	narrow = append(narrow, "/console/badges", "/console/badges/new", badgeURL, badgeURL+"/bulk", "/console/bulk",
		"/console/awards", "/console/bulk/1")
	for _, path := range narrow {
		b.open(path)
		if over := b.eval("document.documentElement.scrollWidth - document.documentElement.clientWidth"); over > 0 {
			t.Errorf("%s is %d px too wide at a 360 px viewport", path, over)
		}
	}
	b.open("/console/awards")
	b.screenshot("akashi-awards-360.png")
}

// waitText waits until the element sel shows want; the page may reload
// itself meanwhile (the progress page refreshes every two seconds).
func (b *tab) waitText(sel, want string, limit time.Duration) {
	b.t.Helper()
	deadline := time.Now().Add(limit)
	last := ""
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		cancel()
		if err == nil {
			if strings.Contains(s, want) {
				return
			}
			last = s
		}
		time.Sleep(250 * time.Millisecond)
	}
	b.t.Fatalf("%s still shows %q after %v, want %q", sel, last, limit, want)
}

// eval2 returns the string expression evaluates to in the page.
func (b *tab) eval2(expression string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](expression))
	if err != nil {
		b.t.Fatalf("evaluate %s: %v", expression, err)
	}
	return s
}

// badgePNG is a 64 × 64 badge image.
func badgePNG(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 64, 64))
	for x := range 64 {
		for y := range 64 {
			img.Set(x, y, color.RGBA{39, 70, 110, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}
