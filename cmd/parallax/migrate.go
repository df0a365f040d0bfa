package main

import (
	"context"
	"fmt"

	"github.com/parallax-news/parallax/postgres"
	"github.com/parallax-news/parallax/sqlite"
)

// runMigrate brings the store's schema up to this build's version (opening a
// store does so; this command does only that, for deployments that migrate
// before starting servers and workers) and reports it.
func runMigrate(ctx context.Context, m *Main) error {
	store, err := m.openStore(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	kind, version := "", 0
	switch store.(type) {
	case *sqlite.DB:
		kind, version = "sqlite", sqlite.SchemaVersion()
	case *postgres.DB:
		kind, version = "postgres", postgres.SchemaVersion()
	default:
		return fmt.Errorf("migrate: unknown store %T", store)
	}
	if m.Config.JSON {
		return writeJSON(m.Stdout, map[string]any{"store": kind, "schema_version": version})
	}
	fmt.Fprintf(m.Stdout, "%s store at schema version %d\n", kind, version)
	return nil
}
