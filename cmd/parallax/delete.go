package main

import (
	"context"
	"fmt"
)

func runDelete(ctx context.Context, m *Main) error {
	store, err := m.openStore(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	failed := 0
	for _, id := range m.Config.Args {
		if err := store.Delete(ctx, id); err != nil {
			fmt.Fprintf(m.Stderr, "parallax: deleting %s: %s\n", id, errorText(err))
			failed++
			continue
		}
		fmt.Fprintf(m.Stdout, "deleted %s\n", id)
	}
	if failed > 0 {
		return errRejected
	}
	return nil
}
