package scrub

import (
	"encoding/json"
	"testing"
)

func TestSecretName(t *testing.T) {
	for name, want := range map[string]bool{
		"access_token": true, "Password": true, "pin": true, "card_pin": true, "card_number": true, "pan": true,
		"spin": false, "pocket_name": false, "company": false, "status": false, "signature": true,
	} {
		if got := SecretName(name); got != want {
			t.Errorf("%s: %v, want %v", name, got, want)
		}
	}
}

func TestJSONAndDigits(t *testing.T) {
	var v any
	json.Unmarshal([]byte(`{"a":[{"token":"t","pin":"1234"}],"note":"card 4111111111111111 ok","n":12345678901}`), &v)
	b, _ := json.Marshal(JSON(v))
	if got, want := Digits(string(b)), `{"a":[{"pin":"[redacted]","token":"[redacted]"}],"n":12345678901,"note":"card **************** ok"}`; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if v.(map[string]any)["a"].([]any)[0].(map[string]any)["token"] != "t" {
		t.Error("the original was changed")
	}
}
