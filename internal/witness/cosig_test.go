// SPDX-License-Identifier: Apache-2.0

package witness

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"
)

// readVector returns the cosigned checkpoint of testdata/PROVENANCE.md,
// the log's key and the witnesses' keys.
func readVector(t *testing.T) (cp []byte, logKey string, witnessKeys []string) {
	t.Helper()
	cp, err := os.ReadFile("testdata/arche2025h1.cosigned")
	if err != nil {
		t.Fatal(err)
	}
	k, err := os.ReadFile("testdata/keys.txt")
	if err != nil {
		t.Fatal(err)
	}
	keys := strings.Fields(string(k))
	return cp, keys[0], keys[1:]
}

// TestPublishedWitnesses checks our key IDs and verifier against
// cosignatures made by four public witnesses.
func TestPublishedWitnesses(t *testing.T) {
	cp, logKey, witnessKeys := readVector(t)
	for _, k := range witnessKeys {
		t.Run(k[:strings.IndexByte(k, '+')], func(t *testing.T) {
			// The key ID in a vkey must be the one we derive.
			v, err := NewCosignatureVerifier(k)
			if err != nil {
				t.Fatalf("NewCosignatureVerifier(%q) = %v", k, err)
			}
			if v.String() != k {
				t.Errorf("String() = %q, want %q", v.String(), k)
			}
			c, cosigs, err := VerifyCosigned(cp, logKey, []string{k}, 1)
			if err != nil {
				t.Fatalf("VerifyCosigned = %v", err)
			}
			want := time.Unix(0x6a122120, 0).UTC() // the timestamp bytes of all four lines
			if len(cosigs) != 1 || cosigs[0].Name != v.Name() || !cosigs[0].Time.Equal(want) {
				t.Errorf("cosignatures = %+v, want %s at %s", cosigs, v.Name(), want)
			}
			if c.Size != 1432088532 || c.Origin != "arche2025h1.staging.ct.transparency.dev" {
				t.Errorf("checkpoint = %+v", c)
			}
		})
	}
	_, cosigs, err := VerifyCosigned(cp, logKey, witnessKeys, 4)
	if err != nil || len(cosigs) != 4 {
		t.Fatalf("VerifyCosigned(all four) = %d, %v; want 4", len(cosigs), err)
	}
	// Any change to the text breaks every cosignature.
	bad := bytes.Replace(cp, []byte("1432088532"), []byte("1432088533"), 1)
	for _, k := range witnessKeys {
		n, err := note.Open(bad, note.VerifierList(mustVerifier(t, k)))
		if err == nil {
			t.Errorf("%s verified a changed checkpoint: %+v", k, n.Sigs)
		}
	}
}

func mustVerifier(t *testing.T, vkey string) *CosignatureVerifier {
	t.Helper()
	v, err := NewCosignatureVerifier(vkey)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestSpecExampleTimestamp reads the timestamp of the cosignature line of
// c2sp.org/tlog-cosignature's example, whose signed message shows time
// 1679315147.
func TestSpecExampleTimestamp(t *testing.T) {
	sig := note.Signature{Name: "witness.example.com/w1", Base64: "jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA=="}
	got, err := CosignatureTime(sig)
	if err != nil || got.Unix() != 1679315147 {
		t.Errorf("CosignatureTime = %v, %v; want 1679315147", got.Unix(), err)
	}
	// An Ed25519 signature of type 0x01 is 4+64 bytes: not a cosignature.
	plain := note.Signature{Base64: base64.StdEncoding.EncodeToString(make([]byte, 68))}
	if _, err := CosignatureTime(plain); err == nil {
		t.Error("CosignatureTime accepted a 68-byte signature")
	}
}

// TestSignFraming checks each byte of a cosignature line against the
// spec's layout, computed here independently of the package's code.
func TestSignFraming(t *testing.T) {
	const text = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
	seed := sha256.Sum256([]byte("framing"))
	priv := ed25519.NewKeyFromSeed(seed[:])
	s, err := newCosigner("witness.example.com/w1", priv)
	if err != nil {
		t.Fatal(err)
	}
	s.now = func() time.Time { return time.Unix(1679315147, 0) }
	signed, err := note.Sign(&note.Note{Text: text}, s)
	if err != nil {
		t.Fatal(err)
	}
	id := sha256.Sum256(append([]byte("witness.example.com/w1\n\x04"), priv.Public().(ed25519.PublicKey)...))
	msg := "cosignature/v1\ntime 1679315147\n" + text
	raw := append(append(append([]byte{}, id[:4]...), 0, 0, 0, 0, 0x64, 0x18, 0x50, 0xcb), ed25519.Sign(priv, []byte(msg))...)
	want := text + "\n— witness.example.com/w1 " + base64.StdEncoding.EncodeToString(raw) + "\n"
	if string(signed) != want {
		t.Errorf("signed note =\n%s\nwant\n%s", signed, want)
	}
	if s.KeyHash() != binary.BigEndian.Uint32(id[:4]) {
		t.Errorf("KeyHash = %08x, want %x", s.KeyHash(), id[:4])
	}
}

func TestCosignatureTamper(t *testing.T) {
	const text = "example.org/log\n8\nf+7CoKgXKE/tNys9TTXcr/ad6U/K3xvznmzew9y6SP0=\n"
	s := testCosigner(t, "witness.example.org/w1", "w1")
	signed, err := note.Sign(&note.Note{Text: text + "ext line\n"}, s)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := note.Open(signed, note.VerifierList(s.Verifier())); err != nil {
		t.Fatalf("Open(own cosignature) = %v", err)
	}
	// The same Ed25519 key as a plain signed-note key (type 0x01) names
	// another key and must not verify cosignatures.
	plainVKey, err := note.NewEd25519VerifierKey(s.Name(), s.key.Public().(ed25519.PublicKey))
	if err != nil {
		t.Fatal(err)
	}
	plain, err := note.NewVerifier(plainVKey)
	if err != nil {
		t.Fatal(err)
	}
	line := signed[bytes.LastIndex(signed, []byte("\n\n"))+2:]
	sig, _ := base64.StdEncoding.DecodeString(string(line[strings.LastIndexByte(string(line), ' ')+1 : len(line)-1]))
	flipTime := append([]byte{}, sig...)
	flipTime[4+7] ^= 1
	for _, tc := range []struct {
		name string
		msg  []byte
		v    note.Verifier
	}{
		{"size changed", bytes.Replace(signed, []byte("\n8\n"), []byte("\n9\n"), 1), s.Verifier()},
		{"extension line changed", bytes.Replace(signed, []byte("ext line"), []byte("ext lime"), 1), s.Verifier()},
		{"extension line dropped", bytes.Replace(signed, []byte("ext line\n"), nil, 1), s.Verifier()},
		{"timestamp changed", append([]byte(text+"ext line\n\n— witness.example.org/w1 "), base64.StdEncoding.EncodeToString(flipTime)+"\n"...), s.Verifier()},
		{"another witness", signed, testCosigner(t, "witness.example.org/w1", "w2").Verifier()},
		{"plain Ed25519 key", signed, plain},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if n, err := note.Open(tc.msg, note.VerifierList(tc.v)); err == nil {
				t.Errorf("Open = %+v, want an error", n.Sigs)
			}
		})
	}
	if _, err := note.Sign(&note.Note{Text: "not a checkpoint\n"}, s); err == nil {
		t.Error("Sign cosigned a note that is not a checkpoint")
	}
}

func TestKeys(t *testing.T) {
	skey, vkey, err := GenerateKey("witness.example.org/w1")
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewCosigner(skey + "\n") // as read from a file
	if err != nil {
		t.Fatalf("NewCosigner(GenerateKey) = %v", err)
	}
	if s.VerifierKey() != vkey || s.Verifier().String() != vkey || mustVerifier(t, vkey).KeyHash() != s.KeyHash() {
		t.Errorf("keys disagree: %q, %q", s.VerifierKey(), vkey)
	}
	_, rest, _ := strings.Cut(vkey, "+")
	h, k, _ := strings.Cut(rest, "+") // key ID and base64 key
	raw, _ := base64.StdEncoding.DecodeString(k)
	plain := append([]byte{1}, raw[1:]...)
	for _, tc := range []struct {
		name, key string
		want      error
	}{
		{"type 0x01", "witness.example.org/w1+" + h + "+" + base64.StdEncoding.EncodeToString(plain), errKeyType},
		{"wrong key ID", "witness.example.org/w1+00000000+" + k, errKeyHash},
		{"another name", "witness.example.org/w2+" + h + "+" + k, errKeyHash},
		{"space in name", "witness example+" + h + "+" + k, errKeyName},
		{"short key ID", "witness.example.org/w1+0000000+" + k, errKey},
		{"bad base64", "witness.example.org/w1+" + h + "+" + k[:10], errKey},
		{"newline in key", "witness.example.org/w1+" + h + "+" + k[:20] + "\n" + k[20:], errKey},
		{"no key", "witness.example.org/w1", errKey},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := NewCosignatureVerifier(tc.key); !errors.Is(err, tc.want) {
				t.Errorf("NewCosignatureVerifier(%q) = %v, want %v", tc.key, err, tc.want)
			}
		})
	}
	if _, err := NewCosigner(strings.Replace(skey, "+"+h+"+", "+00000000+", 1)); !errors.Is(err, errKeyHash) {
		t.Errorf("NewCosigner(wrong key ID) = %v, want %v", err, errKeyHash)
	}
	if _, err := NewCosigner(vkey); !errors.Is(err, errKey) {
		t.Errorf("NewCosigner(vkey) = %v, want %v", err, errKey)
	}
	if _, _, err := GenerateKey("has+plus"); err == nil {
		t.Error("GenerateKey accepted a name with '+'")
	}
}
