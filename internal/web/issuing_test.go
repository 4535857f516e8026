// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/service"
	"github.com/akashi-badges/akashi/internal/store"
)

// testPNG returns a small square badge image.
func testPNG(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 64, 64))
	for x := range 64 {
		for y := range 64 {
			img.Set(x, y, color.RGBA{39, 70, 110, 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// multipartStep posts a multipart form (values, and one file when field is
// set) and returns the full answer.
func (b *browser) multipartStep(t *testing.T, path string, values url.Values, field, name string, data []byte, header map[string]string) *response {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range values {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	if field != "" {
		fw, _ := mw.CreateFormFile(field, name)
		fw.Write(data)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", b.srv.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := b.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return &response{status: resp.StatusCode, header: resp.Header, body: string(raw), location: resp.Header.Get("Location")}
}

// badgeForm is a complete badge form.
func badgeForm() url.Values {
	return url.Values{
		"name_ja":             {"データサイエンス基礎"},
		"name_en":             {"Foundations of Data Science"},
		"description_ja":      {"データサイエンスの基礎を修得したことを証明します。"},
		"description_en":      {"Certifies the foundations of data science."},
		"criteria_narrative":  {"全8回の講義に出席し、\n最終課題に合格すること。"},
		"criteria_url":        {"https://example.ac.jp/ds/criteria"},
		"alignment_name":      {"データ分析", "", "", "", ""},
		"alignment_url":       {"https://example.jp/skills/data-analysis", "", "", "", ""},
		"alignment_framework": {"数理・データサイエンス・AI教育プログラム", "", "", "", ""},
		"alignment_code":      {"DS-1", "", "", "", ""},
		"tags":                {"データサイエンス、AI, 統計"},
		"achievement_type":    {"Certificate"},
		"expiry":              {"days"},
		"expiry_days":         {"1095"},
		"formats":             badge.AllFormats,
	}
}

var badgeLocRE = regexp.MustCompile(`^/console/badges/(\d+)$`)

// createBadge creates a badge through the form and returns its id.
func (b *browser) createBadge(t *testing.T) int64 {
	t.Helper()
	r := b.multipartStep(t, "/console/badges/new", badgeForm(), "image", "badge.png", testPNG(t), nil)
	m := badgeLocRE.FindStringSubmatch(r.location)
	if r.status != http.StatusSeeOther || m == nil {
		t.Fatalf("create badge = %d %q\n%.2000s", r.status, r.location, mainOf(r.body))
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	return id
}

// awardOne awards badge id to one person through the form and returns the
// award.
func (s *server) awardOne(t *testing.T, b *browser, badgeID int64, name, email string) *badge.Award {
	t.Helper()
	r := b.check(step{name: "award " + email, method: "POST", path: fmt.Sprintf("/console/badges/%d/award", badgeID),
		form: form("name", name, "email", email, "locale", "", "evidence_url", "https://example.ac.jp/portfolio/1",
			"narrative", "最終課題：地域の人口推計", "issued_on", "2025-04-01"), status: http.StatusSeeOther})
	id, err := strconv.ParseInt(strings.TrimPrefix(r.location, "/console/awards/"), 10, 64)
	if err != nil {
		t.Fatalf("award redirects to %q", r.location)
	}
	a, err := s.m.Store.FindAwardByID(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// badgeNamed returns the id of the badge whose name holds name.
func (s *server) badgeNamed(t *testing.T, name string) int64 {
	t.Helper()
	bs, _, err := s.m.Store.FindBadgeClasses(context.Background(), store.BadgeClassFilter{Query: name})
	if err != nil || len(bs) != 1 {
		t.Fatalf("FindBadgeClasses(%q) = %d badges, %v; want one", name, len(bs), err)
	}
	return bs[0].ID
}

// demoOrg returns the demo organisation.
func (s *server) demoOrg(t *testing.T) *badge.Organization {
	t.Helper()
	o, err := s.m.Store.FindOrganizationBySlug(context.Background(), "demo-university")
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// TestIssuing: an admin creates a badge with an uploaded PNG, awards it to
// one person, finds them in the history with their state, the recipient
// opens the claim link and the public page (Open Graph tags, valid), the
// admin revokes it with a reason from the history, and the public page,
// the claim link and the Excel export say revoked.
func TestIssuing(t *testing.T) {
	s := start(t)
	admin := s.browser()
	admin.signIn(demoEmail, demoPassword)
	admin.run([]step{
		{name: "the list", path: "/console/badges", status: 200, want: []string{`href="/console/badges/new"`}, notWant: []string{"データサイエンス基礎"}},
		{name: "nav", path: "/console", status: 200, want: []string{`href="/console/badges"`, `href="/console/awards"`, "発行履歴"}},
		{name: "form", path: "/console/badges/new", status: 200,
			want: []string{`enctype="multipart/form-data"`, `name="formats" value="ob3-di" checked`, `name="formats" value="ob2-signed" checked`,
				`<option value="Badge" selected>バッジ</option>`, `value="none" checked`, `name="alignment_name"`}},
	})

	// The image is required; what was typed comes back.
	r := admin.multipartStep(t, "/console/badges/new", badgeForm(), "", "", nil, nil)
	if r.status != 400 || !strings.Contains(r.body, `id="f-image-error"`) || !strings.Contains(r.body, `value="データサイエンス基礎"`) ||
		!strings.Contains(r.body, `value="DS-1"`) || !strings.Contains(r.body, `value="1095"`) {
		t.Errorf("badge without image = %d:\n%.3000s", r.status, mainOf(r.body))
	}
	// A file that is not an image is refused, next to the field.
	r = admin.multipartStep(t, "/console/badges/new", badgeForm(), "image", "x.png", []byte("<script>alert(1)</script>"), nil)
	if r.status != 400 || !strings.Contains(r.body, "PNGまたはSVG形式の画像を選択してください") || !strings.Contains(r.body, "もう一度ファイルを選択してください") {
		t.Errorf("badge with a non-image = %d:\n%.3000s", r.status, mainOf(r.body))
	}
	// A bad alignment URL is explained at the alignments.
	bad := badgeForm()
	bad["alignment_url"] = []string{"not a url", "", "", "", ""}
	r = admin.multipartStep(t, "/console/badges/new", bad, "image", "badge.png", testPNG(t), nil)
	if r.status != 400 || !strings.Contains(r.body, "https:// または http:// から始まるURL") {
		t.Errorf("badge with a bad alignment = %d:\n%.3000s", r.status, mainOf(r.body))
	}

	id := admin.createBadge(t)
	bp := fmt.Sprintf("/console/badges/%d", id)
	b, err := s.m.Store.FindBadgeClassByID(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if b.ExpiryDays != 1095 || len(b.Alignments) != 1 || b.Alignments[0].Code != "DS-1" || strings.Join(b.Tags, "|") != "データサイエンス|AI|統計" ||
		b.AchievementType != "Certificate" || len(b.Formats) != 4 {
		t.Errorf("badge as stored = %+v", b)
	}
	admin.run([]step{
		{name: "created", path: bp, status: 200, want: []string{"バッジ「データサイエンス基礎」を作成しました", "第1版",
			fmt.Sprintf(`src="/console/images/%d"`, b.ImageID), `action="` + bp + `/award"`, "発行日から1095日間有効",
			"数理・データサイエンス・AI教育プログラム", "証明書", "全8回の講義に出席し、<br>最終課題に合格すること。"}},
		{name: "listed with its thumbnail", path: "/console/badges", status: 200,
			want: []string{"データサイエンス基礎", fmt.Sprintf(`src="/console/images/%d"`, b.ImageID), "件のバッジ"}},
		{name: "search", path: "/console/badges?q=" + url.QueryEscape("統計"), status: 200, want: []string{"データサイエンス基礎", "1件のバッジ"}},
		{name: "search, none", path: "/console/badges?q=nothing", status: 200, want: []string{"条件に合うバッジはありません"}},
	})
	img := admin.check(step{name: "console image", path: fmt.Sprintf("/console/images/%d", b.ImageID), status: 200})
	if img.header.Get("Content-Type") != "image/png" || !strings.Contains(img.header.Get("Content-Security-Policy"), "sandbox") || img.body != string(testPNG(t)) {
		t.Errorf("image served as %q, CSP %q, %d bytes", img.header.Get("Content-Type"), img.header.Get("Content-Security-Policy"), len(img.body))
	}

	// Award one person: a bad address is explained on the form.
	admin.check(step{name: "bad address", method: "POST", path: bp + "/award", form: form("name", "山田　太郎", "email", "yamada"),
		status: 400, want: []string{"メールアドレスの形式が正しくありません", `value="山田　太郎"`}})
	admin.check(step{name: "bad date", method: "POST", path: bp + "/award", form: form("name", "山田　太郎", "email", "yamada@example.ac.jp", "issued_on", "2025-13-40"),
		status: 400, want: []string{`id="f-issued_on-error"`, "正しい日付を入力してください"}})
	a := s.awardOne(t, admin, id, "山田　太郎", "yamada@example.ac.jp")
	ap := fmt.Sprintf("/console/awards/%d", a.ID)
	admin.run([]step{
		{name: "award page", path: ap, status: 200, want: []string{"山田　太郎さん（yamada@example.ac.jp）にバッジを発行しました", "メール送信済み",
			`href="/awards/` + a.PublicID + `"`, "2025年4月1日", `href="/awards/` + a.PublicID + `/badge.png?download=1"`,
			`/credential.jwt?download=1`, `action="` + ap + `/revoke"`, `action="` + ap + `/resend"`}},
		{name: "history", path: "/console/awards", status: 200, want: []string{"山田　太郎", "yamada@example.ac.jp", "メール送信済み",
			`name="id" value="` + strconv.FormatInt(a.ID, 10) + `"`, "選択したバッジを失効させる"}},
		{name: "search by e-mail", path: "/console/awards?q=yamada", status: 200, want: []string{"山田　太郎"}},
		{name: "search, none", path: "/console/awards?q=suzuki", status: 200, want: []string{"条件に合う発行はありません"}},
		{name: "filter by badge", path: fmt.Sprintf("/console/awards?badge=%d", id), status: 200, want: []string{"山田　太郎", `selected>データサイエンス基礎`}},
		{name: "filter revoked, none", path: "/console/awards?state=revoked", status: 200, notWant: []string{"山田　太郎"}},
		{name: "resend", method: "POST", path: ap + "/resend", status: 303, location: ap},
		{name: "resent", path: ap, status: 200, want: []string{"新しいリンクでメールを再送しました"}},
	})

	// The recipient opens the link of the (second) e-mail, and the public page.
	claim := s.linkIn(s.mailTo("yamada@example.ac.jp"), "/claim/")
	anon := s.browser()
	anon.run([]step{
		{name: "claim", path: claim, status: 200, want: []string{"山田　太郎さん、おめでとうございます", "データサイエンス基礎",
			"ウォレット", "/badge.png?download=1", `<meta name="robots" content="noindex">`}},
		{name: "public page", path: "/awards/" + a.PublicID, status: 200, want: []string{
			`<meta property="og:title" content="山田　太郎さんの「データサイエンス基礎」">`,
			`<meta property="og:description" content="データサイエンスの基礎を修得したことを証明します。">`,
			`<meta property="og:image" content="` + s.URL + `/orgs/demo-university/images/`,
			`<meta property="og:url" content="` + s.URL + `/awards/` + a.PublicID + `">`,
			`<meta name="twitter:card" content="summary">`,
			"このバッジは有効です", "did:key:z", "明石デモ大学", "2025年4月1日", "2028年", "データ分析", "DS-1", "統計",
			`src="/orgs/demo-university/images/`, "/credential.json?download=1"}},
		{name: "public page in English", path: "/awards/" + a.PublicID, header: map[string]string{"Accept-Language": "en"}, status: 200,
			want: []string{`<html lang="en">`, "This badge is valid.", "Foundations of Data Science", "1 April 2025"}},
		{name: "badge page", path: "/badges/" + b.PublicID + "/v1", status: 200, want: []string{"データサイエンス基礎", "全8回の講義に出席し", `og:title`}},
		{name: "no such revision", path: "/badges/" + b.PublicID + "/v9", status: 404},
		{name: "not a revision", path: "/badges/" + b.PublicID + "/1", status: 404},
	})
	admin.check(step{name: "opened", path: "/console/awards", status: 200, want: []string{"リンク確認済み"}})

	// Software gets the OB 2.0 documents from the same addresses.
	for _, path := range []string{"/awards/" + a.PublicID, "/badges/" + b.PublicID + "/v1"} {
		j := anon.check(step{name: "JSON " + path, path: path, header: map[string]string{"Accept": "application/ld+json"}, status: 200})
		var doc map[string]any
		if err := json.Unmarshal([]byte(j.body), &doc); err != nil || !strings.Contains(j.header.Get("Content-Type"), "json") ||
			!strings.Contains(j.header.Get("Vary"), "Accept") {
			t.Errorf("GET %s as JSON = %q %q: %.300s", path, j.header.Get("Content-Type"), j.header.Get("Vary"), j.body)
		}
	}

	// Revoking from the history needs a choice and a reason.
	back := "/console/awards?q=yamada"
	admin.run([]step{
		{name: "revoke nothing", method: "POST", path: "/console/awards/revoke", form: form("reason", "x", "back", back), status: 303, location: back},
		{name: "told", path: back, status: 200, want: []string{"失効させるバッジを1件以上選択してください"}},
		{name: "revoke without reason", method: "POST", path: "/console/awards/revoke", form: form("id", itoa(a.ID), "reason", " ", "back", back),
			status: 303, location: back},
		{name: "told why", path: back, status: 200, want: []string{"失効の理由を入力してください"}},
		{name: "back stays in the history", method: "POST", path: "/console/awards/revoke", form: form("reason", "x", "back", "//evil.example/"),
			status: 303, location: "/console/awards"},
		{name: "revoke", method: "POST", path: "/console/awards/revoke", form: form("id", itoa(a.ID), "reason", "成績評価の誤りのため", "back", back),
			status: 303, location: back},
		{name: "revoked", path: back, status: 200, want: []string{"1件のバッジを失効させました", "失効", "成績評価の誤りのため"}},
		{name: "revoked filter", path: "/console/awards?state=revoked", status: 200, want: []string{"山田　太郎"}},
		{name: "detail", path: ap, status: 200, want: []string{"失効させました", "成績評価の誤りのため"}, notWant: []string{`action="` + ap + `/revoke"`}},
	})
	anon.run([]step{
		{name: "public page says revoked", path: "/awards/" + a.PublicID, status: 200,
			want: []string{"発行者により失効されました", "成績評価の誤りのため"}, notWant: []string{"このバッジは有効です"}},
		{name: "claim link says revoked", path: claim, status: 400, want: []string{"このバッジは発行者により失効されたため、受け取ることはできません"}},
		{name: "unknown claim link", path: "/claim/not-a-token", status: 404, want: []string{"このリンクは無効です"}},
	})

	// The export opens in Excel: BOM, CRLF, header in the visitor's language.
	x := admin.check(step{name: "export", path: "/console/awards.csv?q=yamada", status: 200})
	if !strings.HasPrefix(x.body, "\xEF\xBB\xBFID,受領者氏名,メールアドレス,バッジ,") || !strings.Contains(x.body, "\r\n") ||
		!strings.Contains(x.body, "山田　太郎,yamada@example.ac.jp,データサイエンス基礎,1,失効,2025-04-01,2028-") ||
		!strings.Contains(x.body, "成績評価の誤りのため,"+s.URL+"/awards/"+a.PublicID) {
		t.Errorf("export:\n%q", x.body)
	}
	if ct, cd := x.header.Get("Content-Type"), x.header.Get("Content-Disposition"); ct != "text/csv; charset=utf-8" || !strings.HasPrefix(cd, "attachment;") {
		t.Errorf("export Content-Type %q, Content-Disposition %q", ct, cd)
	}
	if x := admin.check(step{name: "empty export", path: "/console/awards.csv?q=nobody", status: 200}); x.body != "\xEF\xBB\xBFID,受領者氏名,メールアドレス,バッジ,バッジの版,状態,発行日,有効期限,失効日,失効の理由,公開ページ\r\n" {
		t.Errorf("empty export = %q", x.body)
	}

	// Editing makes revision 2; the award keeps revision 1.
	edit := badgeForm()
	edit.Set("name_ja", "データサイエンス基礎（2026年度）")
	if r := admin.multipartStep(t, bp+"/edit", edit, "image", "", nil, nil); r.status != 303 || r.location != bp {
		t.Fatalf("edit = %d %q\n%.2000s", r.status, r.location, mainOf(r.body))
	}
	admin.check(step{name: "revision 2", path: bp, status: 200, want: []string{"第2版として保存しました", "第2版", "データサイエンス基礎（2026年度）"}})
	anon.run([]step{
		{name: "the award keeps its revision", path: "/awards/" + a.PublicID, status: 200, want: []string{"「データサイエンス基礎」"}, notWant: []string{"2026年度"}},
		{name: "revision 1 kept", path: "/badges/" + b.PublicID + "/v1", status: 200, notWant: []string{"2026年度"}},
		{name: "revision 2", path: "/badges/" + b.PublicID + "/v2", status: 200, want: []string{"2026年度"}},
	})

	// A fixed expiry date before the issue date is explained.
	past := badgeForm()
	past.Set("expiry", "date")
	past.Set("expiry_date", "2025-03-31")
	if r := admin.multipartStep(t, bp+"/edit", past, "", "", nil, nil); r.status != 303 {
		t.Fatalf("edit = %d\n%.2000s", r.status, mainOf(r.body))
	}
	admin.check(step{name: "expiry before the issue date", method: "POST", path: bp + "/award", form: form("name", "x", "email", "x@example.ac.jp", "issued_on", "2025-04-01"),
		status: 400, want: []string{"このバッジの有効期限（2025年3月31日）が発行日より前になっています"}})
	admin.check(step{name: "edit form shows the date", path: bp + "/edit", status: 200, want: []string{`value="2025-03-31"`, `value="date" checked`}})

	// Archived badges cannot be awarded; restoring opens them again.
	admin.run([]step{
		{name: "archive", method: "POST", path: bp + "/archive", status: 303, location: bp},
		{name: "archived", path: bp, status: 200, want: []string{"アーカイブしました", "このバッジを元に戻す"}, notWant: []string{`action="` + bp + `/award"`}},
		{name: "not listed in use", path: "/console/badges", status: 200, notWant: []string{"データサイエンス基礎"}},
		{name: "listed as archived", path: "/console/badges?archived=1", status: 200, want: []string{"データサイエンス基礎", "アーカイブ済み"}},
		{name: "cannot award", method: "POST", path: bp + "/award", form: form("name", "x", "email", "x@example.ac.jp"), status: 400,
			want: []string{"このバッジはアーカイブされています"}},
		{name: "archive the demo's badge too", method: "POST", path: fmt.Sprintf("/console/badges/%d/archive", s.badgeNamed(t, "オープンバッジ入門")), status: 303},
		{name: "none in use", path: "/console/badges", status: 200, want: []string{"使用中のバッジはありません", `href="/console/badges?archived=1"`}},
		{name: "restore", method: "POST", path: bp + "/restore", status: 303, location: bp},
		{name: "restored", path: bp, status: 200, want: []string{"元に戻しました", `action="` + bp + `/award"`}},
	})
}

// TestPrivateAward: a private award is not found on the public page, as
// a page or as JSON, exactly like one that does not exist.
func TestPrivateAward(t *testing.T) {
	s := start(t)
	admin := s.browser()
	admin.signIn(demoEmail, demoPassword)
	id := admin.createBadge(t)
	acct, err := s.m.Store.FindAccountByEmail(context.Background(), demoEmail)
	if err != nil {
		t.Fatal(err)
	}
	ctx := service.WithActor(context.Background(), service.Actor{AccountID: acct.ID})
	res, err := s.m.Service().Award(ctx, s.demoOrg(t).ID, service.AwardInput{BadgeClassID: id, Email: "hidden@example.ac.jp", Name: "非公開 花子", Private: true})
	if err != nil {
		t.Fatal(err)
	}
	anon := s.browser()
	for _, path := range []string{"/awards/" + res.Award.PublicID, "/awards/00000000-0000-4000-8000-000000000000"} {
		anon.check(step{name: "page " + path, path: path, status: 404, notWant: []string{"非公開 花子"}})
		anon.check(step{name: "JSON " + path, path: path, header: map[string]string{"Accept": "application/json"}, status: 404})
	}
	admin.check(step{name: "staff see it, marked private", path: fmt.Sprintf("/console/awards/%d", res.Award.ID), status: 200,
		want: []string{"非公開 花子", "非公開（受領者がバッジを公開していません）"}, notWant: []string{"download=1"}})
}

// TestBulkAward: a 3-row CSV with one bad row shows that row's line and
// reason in the preview; confirming issues the two good rows (the job is
// run here), the progress page says done; the same file again skips the
// recipients as duplicates; a workbook is refused; a preview can be
// cancelled.
func TestBulkAward(t *testing.T) {
	s := start(t)
	admin := s.browser()
	admin.signIn(demoEmail, demoPassword)
	id := admin.createBadge(t)
	bp := fmt.Sprintf("/console/badges/%d/bulk", id)
	admin.run([]step{
		{name: "upload form", path: bp, status: 200, want: []string{`href="/console/bulk/template.csv?lang=ja"`, `href="/console/bulk/template.csv?lang=en"`, `enctype="multipart/form-data"`}},
		{name: "template ja", path: "/console/bulk/template.csv?lang=ja", status: 200, want: []string{"\xEF\xBB\xBFメールアドレス,氏名"}},
		{name: "template en", path: "/console/bulk/template.csv?lang=en", status: 200, want: []string{"\xEF\xBB\xBFemail,name"}},
	})
	csv := "メールアドレス,氏名,発行日,備考\r\n" +
		"sato@example.ac.jp,佐藤　花子,2025/4/1,\r\n" +
		"not-an-address,鈴木 一郎,,再履修\r\n" +
		"ＴＡＮＡＫＡ＠ｅｘａｍｐｌｅ．ａｃ．ｊｐ,田中 次郎,令和7年4月1日,\r\n"
	bulkID := uploadCSV(t, admin, bp, csv)
	pp := fmt.Sprintf("/console/bulk/%d", bulkID)
	admin.run([]step{
		{name: "preview", path: pp, status: 200, want: []string{"ファイルを読み込みました（3行）", "確認待ち", "3行目",
			"「not-an-address」はメールアドレスとして正しくありません", "2件を発行する", "佐藤　花子", "tanaka@example.ac.jp",
			`action="` + pp + `/confirm"`, `action="` + pp + `/cancel"`}, notWant: []string{"http-equiv"}},
		{name: "history lists it", path: "/console/bulk", status: 200, want: []string{pp, "確認待ち", "members.csv"}},
		{name: "confirm", method: "POST", path: pp + "/confirm", status: 303, location: pp},
		{name: "twice is refused", method: "POST", path: pp + "/confirm", status: 303, location: pp},
		{name: "told", path: pp, status: 200, want: []string{"すでに確定またはキャンセルされています"}},
	})
	if err := s.m.Service().RunBulkAward(context.Background(), bulkID); err != nil {
		t.Fatal(err)
	}
	admin.run([]step{
		{name: "done", path: pp, status: 200, want: []string{"発行が完了しました", "<progress", `value="3"`, "3行中3行を処理しました（100%）",
			"3行目", fmt.Sprintf(`href="/console/awards?bulk=%d"`, bulkID)}, notWant: []string{"http-equiv"}},
		{name: "awards of the file", path: fmt.Sprintf("/console/awards?bulk=%d", bulkID), status: 200,
			want: []string{"佐藤　花子", "tanaka@example.ac.jp", "2件"}, notWant: []string{"鈴木"}},
	})
	// The same file again: both recipients already hold the badge.
	again := uploadCSV(t, admin, bp, csv)
	ap := fmt.Sprintf("/console/bulk/%d", again)
	admin.check(step{name: "confirm again", method: "POST", path: ap + "/confirm", status: 303})
	if err := s.m.Service().RunBulkAward(context.Background(), again); err != nil {
		t.Fatal(err)
	}
	admin.check(step{name: "duplicates skipped", path: ap, status: 200, want: []string{"発行しなかった行", "この受領者はすでにこのバッジを持っています", "2行目", "4行目"}})

	// A workbook is refused with what to do; nothing is kept.
	r := admin.multipartStep(t, bp, nil, "file", "members.xlsx", append([]byte("PK\x03\x04"), make([]byte, 200)...), nil)
	if r.status != 400 || !strings.Contains(r.body, "表計算ソフトのブック") || !strings.Contains(r.body, `id="f-file-error"`) {
		t.Errorf("workbook upload = %d:\n%.2000s", r.status, mainOf(r.body))
	}
	r = admin.multipartStep(t, bp, nil, "file", "", nil, nil)
	if r.status != 400 || !strings.Contains(r.body, "この項目は必須です") {
		t.Errorf("upload without file = %d:\n%.2000s", r.status, mainOf(r.body))
	}

	// While a CSV award runs, its page refreshes itself. (Set on one in
	// preview, which no job touches, so the state stays as set.)
	c := uploadCSV(t, admin, bp, "email,name\r\nnew@example.ac.jp,New Person\r\n")
	cp := fmt.Sprintf("/console/bulk/%d", c)
	setState := func(st string) {
		if _, err := s.m.Store.UpdateBulkAward(context.Background(), c, store.BulkAwardUpdate{State: &st}); err != nil {
			t.Fatal(err)
		}
	}
	setState(badge.BulkRunning)
	admin.check(step{name: "running", path: cp, status: 200, want: []string{`<meta http-equiv="refresh" content="2">`, "発行中…", "2秒ごとに自動で更新", "<progress"}})
	setState(badge.BulkPreview)

	// A preview can be cancelled.
	admin.run([]step{
		{name: "cancel", method: "POST", path: cp + "/cancel", status: 303, location: cp},
		{name: "cancelled", path: cp, status: 200, want: []string{"一括発行をキャンセルしました", "キャンセル"}, notWant: []string{`/confirm"`}},
	})
}

var bulkLocRE = regexp.MustCompile(`^/console/bulk/(\d+)$`)

// uploadCSV uploads a CSV as members.csv and returns the CSV award's id.
func uploadCSV(t *testing.T, b *browser, path, csv string) int64 {
	t.Helper()
	r := b.multipartStep(t, path, nil, "file", "members.csv", []byte(csv), nil)
	m := bulkLocRE.FindStringSubmatch(r.location)
	if r.status != 303 || m == nil {
		t.Fatalf("upload = %d %q\n%.2000s", r.status, r.location, mainOf(r.body))
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	return id
}

// TestViewerCannotAward: a viewer sees badges and the history without the
// controls, and is refused (403) when posting anyway.
func TestViewerCannotAward(t *testing.T) {
	s := start(t)
	admin := s.browser()
	admin.signIn(demoEmail, demoPassword)
	id := admin.createBadge(t)
	a := s.awardOne(t, admin, id, "山田 太郎", "yamada@example.ac.jp")

	sys := service.WithActor(context.Background(), service.Actor{System: true})
	v, err := s.m.Service().CreateAccount(sys, service.NewAccount{Email: "viewer@example.ac.jp", Name: "閲覧 次郎", Password: "viewer passphrase", Verified: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.m.Store.CreateMembership(context.Background(), &badge.Membership{OrgID: s.demoOrg(t).ID, AccountID: v.ID, Role: badge.RoleViewer}); err != nil {
		t.Fatal(err)
	}
	viewer := s.browser()
	viewer.signIn("viewer@example.ac.jp", "viewer passphrase")
	bp := fmt.Sprintf("/console/badges/%d", id)
	viewer.run([]step{
		{name: "badge page without the award form", path: bp, status: 200, want: []string{"データサイエンス基礎"},
			notWant: []string{`action="` + bp + `/award"`, `href="` + bp + `/edit"`, `href="` + bp + `/bulk"`, "/archive"}},
		{name: "list without the create button", path: "/console/badges", status: 200, notWant: []string{`href="/console/badges/new"`}},
		{name: "history without revoking", path: "/console/awards", status: 200, want: []string{"山田 太郎"},
			notWant: []string{`name="id"`, "選択したバッジを失効させる"}},
		{name: "award detail without actions", path: fmt.Sprintf("/console/awards/%d", a.ID), status: 200, notWant: []string{"/revoke", "/resend"}},
		{name: "award refused", method: "POST", path: bp + "/award", form: form("name", "x", "email", "x@example.ac.jp"), status: 403,
			want: []string{"この操作を行う権限がありません"}},
		{name: "new badge form refused", path: "/console/badges/new", status: 403},
		{name: "revoke refused", method: "POST", path: "/console/awards/revoke", form: form("id", itoa(a.ID), "reason", "x"), status: 403},
		{name: "archive refused", method: "POST", path: bp + "/archive", status: 403},
		{name: "export allowed", path: "/console/awards.csv", status: 200, want: []string{"yamada@example.ac.jp"}},
	})
	r := viewer.multipartStep(t, "/console/badges/new", badgeForm(), "image", "badge.png", testPNG(t), nil)
	if r.status != 403 {
		t.Errorf("viewer creating a badge = %d", r.status)
	}
	if r := viewer.multipartStep(t, bp+"/bulk", nil, "file", "m.csv", []byte("email,name\r\nx@example.jp,X\r\n"), nil); r.status != 403 {
		t.Errorf("viewer uploading a CSV = %d", r.status)
	}
	if n, _ := s.m.Store.CountAwards(context.Background(), store.AwardFilter{BadgeClassID: &id}); n != 1 {
		t.Errorf("awards after the viewer's attempts = %d, want 1", n)
	}
}

// TestIssuingForgedPost: forms of the issuing pages posted from another
// site are refused and change nothing.
func TestIssuingForgedPost(t *testing.T) {
	s := start(t)
	admin := s.browser()
	admin.signIn(demoEmail, demoPassword)
	id := admin.createBadge(t)
	a := s.awardOne(t, admin, id, "山田 太郎", "yamada@example.ac.jp")
	_, before, err := s.m.Store.FindBadgeClasses(context.Background(), store.BadgeClassFilter{})
	if err != nil {
		t.Fatal(err)
	}
	hdr := map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}
	bp := fmt.Sprintf("/console/badges/%d", id)
	admin.run([]step{
		{name: "forged award", method: "POST", path: bp + "/award", header: hdr, form: form("name", "x", "email", "attacker@evil.example"), status: 403},
		{name: "forged revoke", method: "POST", path: "/console/awards/revoke", header: hdr, form: form("id", itoa(a.ID), "reason", "x"), status: 403},
		{name: "forged archive", method: "POST", path: bp + "/archive", header: hdr, status: 403},
	})
	if r := admin.multipartStep(t, "/console/badges/new", badgeForm(), "image", "b.png", testPNG(t), hdr); r.status != 403 {
		t.Errorf("forged badge creation = %d", r.status)
	}
	if n, _ := s.m.Store.CountAwards(context.Background(), store.AwardFilter{BadgeClassID: &id}); n != 1 {
		t.Errorf("awards after forged posts = %d, want 1", n)
	}
	if aw, _ := s.m.Store.FindAwardByID(context.Background(), a.ID); aw.RevokedAt != nil {
		t.Error("a forged post revoked the award")
	}
	if _, n, _ := s.m.Store.FindBadgeClasses(context.Background(), store.BadgeClassFilter{}); n != before {
		t.Errorf("badges after forged posts = %d, want %d", n, before)
	}
}

// TestIssuingPages renders each issuing page in both languages: language
// attribute, security headers, no missing message or unfilled placeholder.
func TestIssuingPages(t *testing.T) {
	s := start(t)
	admin := s.browser()
	admin.signIn(demoEmail, demoPassword)
	id := admin.createBadge(t)
	a := s.awardOne(t, admin, id, "山田 太郎", "yamada@example.ac.jp")
	claim := s.linkIn(s.mailTo("yamada@example.ac.jp"), "/claim/")
	bulk := uploadCSV(t, admin, fmt.Sprintf("/console/badges/%d/bulk", id), "email,name\r\nsato@example.ac.jp,Sato\r\nbad,Bad\r\n")
	done := uploadCSV(t, admin, fmt.Sprintf("/console/badges/%d/bulk", id), "email,name\r\nyamada@example.ac.jp,Yamada\r\nito@example.ac.jp,Ito\r\n")
	admin.check(step{name: "confirm", method: "POST", path: fmt.Sprintf("/console/bulk/%d/confirm", done), status: 303})
	if err := s.m.Service().RunBulkAward(context.Background(), done); err != nil {
		t.Fatal(err)
	}
	b, _ := s.m.Store.FindBadgeClassByID(context.Background(), id)
	console := []string{"/console/badges", "/console/badges/new", fmt.Sprintf("/console/badges/%d", id), fmt.Sprintf("/console/badges/%d/edit", id),
		fmt.Sprintf("/console/badges/%d/bulk", id), "/console/bulk", fmt.Sprintf("/console/bulk/%d", bulk), fmt.Sprintf("/console/bulk/%d", done),
		"/console/awards", fmt.Sprintf("/console/awards/%d", a.ID), "/console/audit"}
	public := []string{"/awards/" + a.PublicID, "/badges/" + b.PublicID + "/v1", claim}
	for _, lang := range []string{"ja", "en"} {
		anon := s.browser()
		for _, br := range []*browser{anon, admin} {
			br.check(step{name: "choose " + lang, method: "POST", path: "/lang", form: form("lang", lang, "next", "/login"), status: 303})
		}
		for _, p := range console {
			checkPage(t, admin, p, lang, http.StatusOK)
		}
		for _, p := range public {
			checkPage(t, anon, p, lang, http.StatusOK)
		}
		checkPage(t, anon, "/claim/unknown", lang, http.StatusNotFound)
		checkPage(t, anon, "/awards/unknown", lang, http.StatusNotFound)
		checkPage(t, admin, "/console/awards/999999", lang, http.StatusNotFound)
		checkPage(t, admin, "/console/bulk/999999", lang, http.StatusNotFound)
	}
	admin.check(step{name: "audit in English", path: "/console/audit", want: []string{"Confirmed a CSV award", "Awarded a badge"}})
}
