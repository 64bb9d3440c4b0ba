package jiko

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// testKey loads one of the committed test keys of testdata/keys (see its
// README): generating RSA keys at run time costs the tests seconds.
func testKey(t testing.TB, name string) *rsa.PrivateKey {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "keys", name))
	require.NoError(t, err)
	block, _ := pem.Decode(b)
	require.NotNil(t, block, name)
	if block.Type == "RSA PRIVATE KEY" {
		k, err := x509.ParsePKCS1PrivateKey(block.Bytes)
		require.NoError(t, err, name)
		return k
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	require.NoError(t, err, name)
	return k.(*rsa.PrivateKey)
}

// virtualCardTestKey is the committed 4096-bit test key pair, as a
// VirtualCardKey.
func virtualCardTestKey(t testing.TB) *VirtualCardKey {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "keys", "virtual-card-test-key-4096.pem"))
	require.NoError(t, err)
	key, err := ParseVirtualCardKey(b)
	require.NoError(t, err)
	return key
}
