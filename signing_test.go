package jiko

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	knownSecret = "shared-secret-here"
	knownKey    = "497f6eca-6276-4993-bfeb-53cbbbba6f08"
)

func TestSignKnownAnswers(t *testing.T) {
	s := NewSigner(knownSecret)
	assert.Equal(t, "r5rcJFQe5XKawKTAxGTObfRIAA7fiH322K4FuYmsb94=",
		s.Sign(knownKey, "/api/v1/agreements/", nil))
	assert.Equal(t, "r5rcJFQe5XKawKTAxGTObfRIAA7fiH322K4FuYmsb94=",
		s.Sign(knownKey, "/api/v1/agreements/", []byte{}), "nil and empty bodies sign alike")
	assert.Equal(t, "TKOCIapqaf0EKHnNL48S0fC68hNDZTDBnDKNwYihYsg=",
		s.Sign(knownKey,
			"/api/v2/customers/62c5272e-ef8c-4d8a-a49d-633432409fd4/pockets/d0e1dd1b-3e21-4cd4-9872-f71ea4967ffd/",
			[]byte(`{"pocket_name":"Savings"}`)))
}

func TestSignChangesWithEveryInput(t *testing.T) {
	s := NewSigner(knownSecret)
	base := s.Sign(knownKey, "/api/v1/agreements/", []byte("{}"))
	assert.NotEqual(t, base, NewSigner("other-secret").Sign(knownKey, "/api/v1/agreements/", []byte("{}")))
	assert.NotEqual(t, base, s.Sign("another-key", "/api/v1/agreements/", []byte("{}")))
	assert.NotEqual(t, base, s.Sign(knownKey, "/api/v1/agreements", []byte("{}")), "trailing slash is signed")
	assert.NotEqual(t, base, s.Sign(knownKey, "/api/v1/agreements/", []byte("{ }")), "exact body bytes are signed")
}

func TestVerify(t *testing.T) {
	s := NewSigner(knownSecret)
	sig := s.Sign(knownKey, "/p/", []byte("b"))
	assert.True(t, s.Verify(knownKey, "/p/", []byte("b"), sig))
	assert.False(t, s.Verify(knownKey, "/p/", []byte("c"), sig))
	assert.False(t, s.Verify(knownKey, "/p/", []byte("b"), ""))
	assert.False(t, s.Verify(knownKey, "/p/", []byte("b"), "not base64!"))
	assert.False(t, s.Verify(knownKey, "/p/", []byte("b"), sig[:20]))
	assert.False(t, s.Verify(knownKey, "/p/", []byte("b"), sig+"AAAA"))
}

func TestVerifyRefusesMalformedSignatures(t *testing.T) {
	s := NewSigner(knownSecret)
	body := []byte("b")
	sig := s.Sign(knownKey, "/p/", body)
	require.Len(t, sig, 44)
	require.True(t, strings.HasSuffix(sig, "="))

	// The last data character of a canonical signature carries two zero
	// bits; the next character of the alphabet decodes to the same bytes
	// when those bits are ignored.
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	i := strings.IndexByte(alphabet, sig[42])
	require.Zero(t, i%4)
	nonCanonical := sig[:42] + string(alphabet[i+1]) + "="
	lax, err := base64.StdEncoding.Decode(make([]byte, 32), []byte(nonCanonical))
	require.NoError(t, err)
	require.Equal(t, 32, lax)

	for name, bad := range map[string]string{
		"empty":                          "",
		"over-long, 48 characters":       strings.Repeat("A", 48),
		"over-long, 1000 characters":     strings.Repeat("A", 1000),
		"signature with more appended":   sig + "AAAA",
		"signature with padding dropped": sig[:43],
		"44 characters without padding":  strings.Repeat("A", 44),
		"data in place of the padding":   sig[:43] + "A",
		"short":                          sig[:20],
		"one character":                  "A",
		"one quantum":                    "AAAA",
		"double padding":                 sig[:42] + "==",
		"non-base64":                     "not base64!",
		"non-base64, 44 characters":      strings.Repeat("!", 44),
		"one character changed to *":     "*" + sig[1:],
		"URL-safe alphabet":              strings.Repeat("-_", 21) + "A=",
		"newline inside":                 sig[:20] + "\n" + sig[20:43],
		"non-canonical padding bits":     nonCanonical,
		"non-ASCII":                      strings.Repeat("é", 22),
	} {
		t.Run(name, func(t *testing.T) {
			assert.NotPanics(t, func() {
				assert.False(t, s.Verify(knownKey, "/p/", body, bad), "%q", bad)
			})
		})
	}
	assert.True(t, s.Verify(knownKey, "/p/", body, sig), "the real signature still verifies")
}

// FuzzSignerVerify checks that Verify never panics, that every signature
// Sign makes verifies, and that no other string verifies in its place.
func FuzzSignerVerify(f *testing.F) {
	s := NewSigner(knownSecret)
	good := s.Sign(knownKey, "/p/", []byte("b"))
	for _, sig := range []string{
		"", good, good[:43], good + "AAAA", strings.Repeat("A", 44), strings.Repeat("A", 48),
		"not base64!", good[:42] + "==",
	} {
		f.Add(knownKey, "/p/", []byte("b"), sig)
	}
	f.Add("", "", []byte(nil), "")
	f.Fuzz(func(t *testing.T, key, path string, body []byte, sig string) {
		want := s.Sign(key, path, body)
		if !s.Verify(key, path, body, want) {
			t.Fatalf("Sign's own signature %q does not verify", want)
		}
		if got := s.Verify(key, path, body, sig); got != (sig == want) {
			t.Fatalf("Verify(%q) = %v; the signature is %q", sig, got, want)
		}
	})
}

func TestSignerIsSafeForConcurrentUse(t *testing.T) {
	s := NewSigner(knownSecret)
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body := []byte(fmt.Sprintf(`{"n":%d}`, i))
			m := hmac.New(sha256.New, []byte(knownSecret))
			m.Write([]byte(knownKey + "/x/"))
			m.Write(body)
			assert.Equal(t, base64.StdEncoding.EncodeToString(m.Sum(nil)), s.Sign(knownKey, "/x/", body))
		}()
	}
	wg.Wait()
}

func TestSignerNeverPrintsSecret(t *testing.T) {
	s := NewSigner(knownSecret)
	for _, f := range []string{"%v", "%+v", "%#v", "%s"} {
		assert.NotContains(t, fmt.Sprintf(f, s), knownSecret, f)
	}
}

var benchBody = []byte(`{"pocket_name":"Savings","deposit_strategy_id":"UST-4W"}`)

const benchPath = "/api/v2/customers/62c5272e-ef8c-4d8a-a49d-633432409fd4/pockets/d0e1dd1b-3e21-4cd4-9872-f71ea4967ffd/"

func BenchmarkSign(b *testing.B) {
	s := NewSigner(knownSecret)
	b.ReportAllocs()
	for b.Loop() {
		_ = s.Sign(knownKey, benchPath, benchBody)
	}
}

// BenchmarkSignBareHMAC is the baseline: the signature computed directly with
// crypto/hmac, as a hand-written client would.
func BenchmarkSignBareHMAC(b *testing.B) {
	secret := []byte(knownSecret)
	b.ReportAllocs()
	for b.Loop() {
		m := hmac.New(sha256.New, secret)
		m.Write([]byte(knownKey + benchPath))
		m.Write(benchBody)
		_ = base64.StdEncoding.EncodeToString(m.Sum(nil))
	}
}
