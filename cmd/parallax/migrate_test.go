package main

import (
	"path/filepath"
	"testing"

	"github.com/parallax-news/parallax/sqlite"
)

func TestMigrate(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	for range 2 { // a second run finds nothing to do
		got := decode[struct {
			Store   string
			Version int `json:"schema_version"`
		}](t, cli(t, nil, "", "--db", db, "migrate", "--json").stdout)
		if got.Store != "sqlite" || got.Version != sqlite.SchemaVersion() || got.Version < 5 {
			t.Fatalf("migrate: %+v", got)
		}
	}
	if r := cli(t, nil, "", "--db", db, "migrate", "extra"); r.code != 2 {
		t.Errorf("migrate with an argument: code %d", r.code)
	}
}
