package pgtest

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestStartAndStop(t *testing.T) {
	s, err := Start()
	if errors.Is(err, ErrNotInstalled) && os.Getenv("CI") != "true" {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(s.dir, ".s.PGSQL.5432")); err != nil {
		t.Errorf("no socket: %v", err)
	}
	if s.Version() == "" {
		t.Error("no version")
	}
	if err := s.Stop(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(s.dir); !os.IsNotExist(err) {
		t.Errorf("%s is still there: %v", s.dir, err)
	}
	if err := s.Stop(); err != nil {
		t.Errorf("a second Stop: %v", err)
	}
}
