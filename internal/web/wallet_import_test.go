// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/bake"
	"github.com/akashi-badges/akashi/internal/service"
)

// walletOf signs in a new wallet account holding one accepted award of
// the demo badge, and returns its browser and the award.
func (s *server) walletOf(t *testing.T, email string) (*browser, *badge.Award) {
	t.Helper()
	admin := s.browser()
	admin.signIn(demoEmail, demoPassword)
	a := s.awardOne(t, admin, s.badgeNamed(t, "オープンバッジ入門"), "山田 花子", email)
	sys := service.WithActor(context.Background(), service.Actor{System: true})
	if _, err := s.m.Service().CreateAccount(sys, service.NewAccount{Email: email, Name: "山田 花子",
		Password: "correct horse battery", Verified: true}); err != nil {
		t.Fatal(err)
	}
	me := s.browser()
	me.signIn(email, "correct horse battery")
	me.check(step{name: "accept", method: "POST", path: fmt.Sprintf("/wallet/pending/%d/accept", a.ID), status: 303})
	return me, a
}

// importOf posts the import form and returns the new import's page.
func (b *browser) importOf(t *testing.T, what string, values url.Values, file string, data []byte) string {
	t.Helper()
	field := ""
	if file != "" {
		field = "file"
	}
	r := b.multipartStep(t, "/wallet/import", values, field, file, data, nil)
	if r.status != http.StatusSeeOther || !strings.HasPrefix(r.location, "/wallet/imports/") {
		t.Fatalf("import %s = %d %q\n%.2000s", what, r.status, r.location, mainOf(r.body))
	}
	return r.location
}

// TestWalletImport: a recipient imports badges by file, URL and pasted
// text (each verified, kept private), sees them listed with their own
// badges and filtered, reads the kept report, makes one public and
// deletes one; another account reaches none of them; something that is no
// badge is refused with a clear message.
func TestWalletImport(t *testing.T) {
	s := start(t)
	s.allowLoopbackVerify()
	me, a := s.walletOf(t, "hanako@example.ac.jp")
	cred := s.get(t, "/awards/"+a.PublicID+"/credential.json")

	anon := s.browser()
	anon.check(step{name: "signed out", path: "/wallet/import", status: 303, location: "/login?next=%2Fwallet%2Fimport"})
	me.check(step{name: "the form", path: "/wallet/import", status: 200, want: []string{"バッジの取り込み", `name="file"`, `name="url"`, `name="credential"`}})
	me.check(step{name: "the wallet links it", path: "/wallet", want: []string{`href="/wallet/import"`, `href="/wallet/export"`, `href="/wallet/collections"`}})

	byFile := me.importOf(t, "a credential file", nil, "credential.json", cred)
	me.check(step{name: "imported by file", path: byFile, status: 200, want: []string{"バッジを取り込み、検証しました", "オープンバッジ入門",
		`data-verdict="valid"`, `data-state="valid"`, "取り込み", "非公開", "credential.json"}, notWant: []string{`id="import-warning"`}})
	if again := me.importOf(t, "the same file", nil, "again.json", cred); again != byFile {
		t.Errorf("the same credential again went to %s, want %s", again, byFile)
	}
	me.check(step{name: "already there", path: byFile, want: []string{"このバッジはすでにウォレットにあります"}})

	byURL := me.importOf(t, "a hosted OB 2.0 URL", form("url", s.URL+"/awards/"+a.PublicID), "", nil)
	me.check(step{name: "imported by URL", path: byURL, status: 200, want: []string{`data-verdict="valid"`, "オープンバッジ 2.0", s.URL + "/awards/" + a.PublicID}})

	png, err := bake.Bake(testPNG(t), bake.Payload{Version: bake.OB3, Data: bytes.Replace(cred, []byte("山田 花子"), []byte("山田 太郎"), 1)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	tampered := me.importOf(t, "a tampered baked PNG", nil, "tampered.png", png)
	me.check(step{name: "tampered: kept, with a warning", path: tampered, status: 200, want: []string{`id="import-warning"`,
		"このバッジは検証に合格しませんでした", `data-verdict="invalid"`, tampered + "/image"}})
	img := me.do(step{path: tampered + "/image"})
	if img.status != 200 || img.header.Get("Content-Type") != "image/png" || !strings.Contains(img.header.Get("Content-Security-Policy"), "sandbox") || img.body != string(png) {
		t.Errorf("GET %s/image = %d %q %q", tampered, img.status, img.header.Get("Content-Type"), img.header.Get("Content-Security-Policy"))
	}

	for _, tc := range []struct{ name, text, want string }{
		{"not a badge", "hello there", "オープンバッジではありません"},
		{"other JSON", `{"a": 1}`, "オープンバッジを読み取れませんでした"},
		{"nothing", "", "バッジのファイルを選ぶか"},
	} {
		r := me.multipartStep(t, "/wallet/import", form("credential", tc.text), "", "", nil, nil)
		if r.status != http.StatusBadRequest || !strings.Contains(r.body, tc.want) || !strings.Contains(r.body, `id="import-form"`) {
			t.Errorf("%s: POST /wallet/import = %d\n%.1500s", tc.name, r.status, mainOf(r.body))
		}
	}
	if r := me.multipartStep(t, "/wallet/import", nil, "file", "big.json", make([]byte, badge.MaxImportBytes+1), nil); r.status != http.StatusRequestEntityTooLarge ||
		!strings.Contains(r.body, "5 MiB") {
		t.Errorf("too large: POST /wallet/import = %d\n%.1500s", r.status, mainOf(r.body))
	}

	// Listed with the wallet's own badges, filtered by source and state.
	importID := func(path string) string { return strings.TrimPrefix(path, "/wallet/imports/") }
	awardMark, fileMark := fmt.Sprintf(`id="badge-%d"`, a.ID), `id="import-`+importID(byFile)+`"`
	me.run([]step{
		{name: "all", path: "/wallet", want: []string{awardMark, fileMark, `id="import-` + importID(tampered) + `"`, "取り込み", "無効"}},
		{name: "imported", path: "/wallet?source=imported", want: []string{fileMark}, notWant: []string{awardMark}},
		{name: "awarded", path: "/wallet?source=awarded", want: []string{awardMark}, notWant: []string{`id="import-`}},
		{name: "not valid", path: "/wallet?state=invalid", want: []string{`id="import-` + importID(tampered) + `"`}, notWant: []string{awardMark, fileMark}},
		{name: "revoked", path: "/wallet?state=revoked", want: []string{"検索に一致するバッジはありません"}, notWant: []string{awardMark, fileMark}},
		{name: "the filters", path: "/wallet?state=expired&source=imported", want: []string{`<option value="expired" selected>`, `<option value="imported" selected>`}},
	})

	// Another account reaches none of it.
	other, _ := s.walletOf(t, "mallory@example.com")
	id := importID(byFile)
	other.run([]step{
		{name: "another's import", path: byFile, status: 404, notWant: []string{"オープンバッジ入門"}},
		{name: "another's image", path: tampered + "/image", status: 404},
		{name: "another's file", path: byFile + "/file", status: 404},
		{name: "publish another's", method: "POST", path: byFile + "/privacy", form: form("private", "0"), status: 404},
		{name: "delete another's", method: "POST", path: byFile + "/delete", status: 404},
		{name: "not in another's wallet", path: "/wallet", notWant: []string{`id="import-` + id + `"`}},
	})

	me.check(step{name: "make public", method: "POST", path: byFile + "/privacy", form: form("private", "0"), status: 303, location: byFile})
	me.check(step{name: "public", path: byFile, want: []string{"このバッジを含むコレクションの公開ページに表示されます"}})
	me.check(step{name: "make private from the list", method: "POST", path: byFile + "/privacy",
		form: form("private", "1", "next", "/wallet#import-"+id), status: 303, location: "/wallet#import-" + id})
	if f := me.do(step{path: byFile + "/file"}); f.status != 200 || f.body != string(cred) || !strings.HasPrefix(f.header.Get("Content-Disposition"), "attachment") {
		t.Errorf("GET %s/file = %d, %q", byFile, f.status, f.header.Get("Content-Disposition"))
	}

	for _, lang := range []string{"ja", "en"} {
		me.check(step{name: "choose " + lang, method: "POST", path: "/lang", form: form("lang", lang, "next", "/wallet"), status: 303})
		for _, p := range []string{"/wallet/import", byFile, tampered, tampered + "/delete", "/wallet?source=imported"} {
			checkPage(t, me, p, lang, http.StatusOK)
		}
	}
	me.check(step{name: "English report", path: tampered, want: []string{"This badge did not pass verification", "Imported"}})
	me.check(step{name: "delete warning", path: tampered + "/delete", want: []string{"This cannot be undone"}})
	me.check(step{name: "delete", method: "POST", path: tampered + "/delete", status: 303, location: "/wallet"})
	me.check(step{name: "deleted", path: tampered, status: 404})
}

// TestWalletExport: the export is a zip with every badge's files and an
// index of them.
func TestWalletExport(t *testing.T) {
	s := start(t)
	me, a := s.walletOf(t, "hanako@example.ac.jp")
	cred := s.get(t, "/awards/"+a.PublicID+"/credential.json")
	me.importOf(t, "a credential", nil, "credential.json", cred)

	r := me.do(step{path: "/wallet/export"})
	if r.status != 200 || r.header.Get("Content-Type") != "application/zip" || !strings.Contains(r.header.Get("Content-Disposition"), "akashi-wallet-") {
		t.Fatalf("GET /wallet/export = %d %q %q", r.status, r.header.Get("Content-Type"), r.header.Get("Content-Disposition"))
	}
	z, err := zip.NewReader(strings.NewReader(r.body), int64(len(r.body)))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, f := range z.File {
		rc, _ := f.Open()
		files[f.Name], _ = io.ReadAll(rc)
		rc.Close()
	}
	var index service.ExportIndex
	if err := json.Unmarshal(files["index.json"], &index); err != nil || len(index.Badges) != 2 {
		t.Fatalf("index.json = %s, %v", files["index.json"], err)
	}
	for _, e := range index.Badges {
		for _, f := range e.Files {
			if len(files[f]) == 0 {
				t.Errorf("index lists %s: not in the archive", f)
			}
		}
	}
	if got := files["awarded/"+a.PublicID+"/credential.json"]; !bytes.Equal(got, cred) {
		t.Error("the export's credential.json is not the one issued")
	}
	s.browser().check(step{name: "signed out", path: "/wallet/export", status: 303})
}

// TestCollections: a collection's public page shows its public badges
// only; a private badge in it is never listed there.
func TestCollections(t *testing.T) {
	s := start(t)
	me, a := s.walletOf(t, "hanako@example.ac.jp")
	cred := s.get(t, "/awards/"+a.PublicID+"/credential.json")
	png, err := bake.Bake(testPNG(t), bake.Payload{Version: bake.OB3, Data: cred}, nil)
	if err != nil {
		t.Fatal(err)
	}
	imp := strings.TrimPrefix(me.importOf(t, "a baked badge", nil, "badge.png", png), "/wallet/imports/")

	r := me.check(step{name: "create", method: "POST", path: "/wallet/collections", form: form("name", "就職活動用", "slug", "hanako-skills"), status: 303})
	col := r.location
	if _, err := strconv.Atoi(strings.TrimPrefix(col, "/wallet/collections/")); err != nil {
		t.Fatalf("create redirects to %q", col)
	}
	me.run([]step{
		{name: "taken slug", method: "POST", path: "/wallet/collections", form: form("name", "x", "slug", "hanako-skills"), status: 409,
			want: []string{"このアドレスはすでに使われています"}},
		{name: "no name", method: "POST", path: "/wallet/collections", form: form("name", ""), status: 400},
		{name: "the collection", path: col, status: 200, want: []string{"就職活動用", "/c/hanako-skills", fmt.Sprintf(`id="add-award-%d"`, a.ID), `id="add-import-` + imp + `"`}},
		{name: "add the award", method: "POST", path: col + "/add", form: form("award", strconv.FormatInt(a.ID, 10)), status: 303},
		{name: "add the import", method: "POST", path: col + "/add", form: form("import", imp), status: 303},
		{name: "both in", path: col, want: []string{fmt.Sprintf(`id="collection-award-%d"`, a.ID), `id="collection-import-` + imp + `"`, "公開ページには表示されません"}},
		{name: "listed", path: "/wallet/collections", want: []string{"就職活動用", col}},
	})

	anon := s.browser()
	awardMark, importMark := `id="public-award-`+a.PublicID+`"`, `id="public-import-`+imp+`"`
	image := "/c/hanako-skills/imports/" + imp + "/image"
	anon.check(step{name: "public: the award, not the private import", path: "/c/hanako-skills", status: 200,
		want: []string{"就職活動用", awardMark}, notWant: []string{importMark, "山田 花子"}})
	anon.check(step{name: "no image of a private import", path: image, status: 404})
	me.check(step{name: "publish the import", method: "POST", path: "/wallet/imports/" + imp + "/privacy", form: form("private", "0"), status: 303})
	anon.check(step{name: "public: both", path: "/c/hanako-skills", want: []string{awardMark, importMark, image}})
	anon.check(step{name: "the import's image", path: image, status: 200})
	me.check(step{name: "make the award private", method: "POST", path: fmt.Sprintf("/wallet/badges/%d/privacy", a.ID), form: form("private", "1"), status: 303})
	anon.check(step{name: "public: the private award is gone", path: "/c/HANAKO-SKILLS", status: 200, want: []string{importMark}, notWant: []string{awardMark, a.PublicID}})
	checkPage(t, anon, "/c/hanako-skills", "ja", http.StatusOK)

	other, _ := s.walletOf(t, "mallory@example.com")
	other.run([]step{
		{name: "another's collection", path: col, status: 404},
		{name: "add to another's", method: "POST", path: col + "/add", form: form("award", strconv.FormatInt(a.ID, 10)), status: 404},
		{name: "rename another's", method: "POST", path: col, form: form("name", "Mine"), status: 404},
		{name: "delete another's", method: "POST", path: col + "/delete", status: 404},
	})

	me.run([]step{
		{name: "rename", method: "POST", path: col, form: form("name", "Portfolio", "slug", "hanako-portfolio"), status: 303},
		{name: "renamed", path: col, want: []string{"Portfolio", "/c/hanako-portfolio"}},
		{name: "remove the import", method: "POST", path: col + "/remove", form: form("import", imp), status: 303},
		{name: "delete", method: "POST", path: col + "/delete", status: 303, location: "/wallet/collections"},
	})
	anon.check(step{name: "old address", path: "/c/hanako-skills", status: 404})
	anon.check(step{name: "deleted", path: "/c/hanako-portfolio", status: 404})
	me.check(step{name: "the import stays", path: "/wallet/imports/" + imp, status: 200})
	for _, lang := range []string{"ja", "en"} {
		me.check(step{name: "choose " + lang, method: "POST", path: "/lang", form: form("lang", lang, "next", "/wallet"), status: 303})
		checkPage(t, me, "/wallet/collections", lang, http.StatusOK)
	}
}
