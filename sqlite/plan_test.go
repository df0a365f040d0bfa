package sqlite

import (
	"context"
	"path/filepath"
	"testing"
)

func TestPlanDebug(t *testing.T) {
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{
		`SELECT sk.story_id, sk.key, sk.weight, s.updated, s.norm2
		FROM (SELECT DISTINCT value AS key FROM json_each(?1)) q
		JOIN story_keys sk ON sk.key = q.key
		JOIN stories s ON s.id = sk.story_id
		WHERE s.updated BETWEEN ?2 AND ?3`,
		`UPDATE stories SET
			norm2 = norm2 + (
				SELECT coalesce(sum(2 * coalesce(sk.weight, 0) * j.value + j.value * j.value), 0)
				FROM json_each(?1) j
				LEFT JOIN story_keys sk ON sk.key = j.key AND sk.story_id = ?2) WHERE id = ?2`,
		`INSERT INTO story_keys(key, story_id, weight)
			SELECT j.key, ?1, j.value FROM json_each(?2) j WHERE true
			ON CONFLICT(key, story_id) DO UPDATE SET weight = weight + excluded.weight`,
	} {
		rows, err := db.w.Query("EXPLAIN QUERY PLAN "+q, "[]", "x", 0)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var a, b, c int
			var d string
			rows.Scan(&a, &b, &c, &d)
			t.Log(d)
		}
		rows.Close()
		t.Log("---")
	}
}
