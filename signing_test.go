package jiko

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
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
