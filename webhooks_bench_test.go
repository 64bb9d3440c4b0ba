package jiko

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"testing"
	"time"
)

const benchSecret = "1234567890123456"

// BenchmarkWebhookVerifyParse verifies and parses one delivery with the
// package functions.
func BenchmarkWebhookVerifyParse(b *testing.B) {
	body := []byte(approvedBody)
	sig := SignWebhook(body, benchSecret)
	b.ReportAllocs()
	for b.Loop() {
		if err := VerifyWebhook(body, sig, benchSecret); err != nil {
			b.Fatal(err)
		}
		ev, err := ParseWebhook(body)
		if err != nil || ev.Payload.Variant.(*ApplicationUpdatePayload).ApplicationID == "" {
			b.Fatal(err)
		}
	}
}

// BenchmarkWebhookVerifyParseRaw is the baseline: the same checks and the
// same typed result written by hand with crypto/hmac and encoding/json.
func BenchmarkWebhookVerifyParseRaw(b *testing.B) {
	body := []byte(approvedBody)
	sig := SignWebhook(body, benchSecret)
	secret := []byte(benchSecret)
	type envelope struct {
		EventID   string          `json:"event_id"`
		EventType string          `json:"event_type"`
		Timestamp time.Time       `json:"timestamp"`
		Payload   json.RawMessage `json:"payload"`
	}
	type approved struct {
		ApplicationID string `json:"application_id"`
	}
	b.ReportAllocs()
	for b.Loop() {
		m := hmac.New(sha256.New, secret)
		m.Write(body)
		got, err := base64.StdEncoding.DecodeString(sig)
		if err != nil || !hmac.Equal(m.Sum(nil), got) {
			b.Fatal("signature")
		}
		var env envelope
		if err := json.Unmarshal(body, &env); err != nil {
			b.Fatal(err)
		}
		var p approved
		if err := json.Unmarshal(env.Payload, &p); err != nil || p.ApplicationID == "" {
			b.Fatal(err)
		}
	}
}
