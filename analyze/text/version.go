package text

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"sync"
)

// rules is the revision of this package's code. Bump it when a code change
// moves paragraph, sentence or token boundaries; edits to the embedded
// abbreviation lists need no bump, since Version hashes them.
const rules = "1"

var version = sync.OnceValue(func() string { return DataVersion(rules, data) })

// Version identifies the segmentation rules and abbreviation lists that an
// analysis was made with: the code's revision and a short hash of the data.
func Version() string { return version() }

// DataVersion returns rules joined to a short hash of every file in fsys
// (paths and contents, in lexical order). The analyze packages build their
// Version with it, so that editing a word list or retraining an embedded
// model changes the version without anyone remembering to bump it.
func DataVersion(rules string, fsys fs.FS) string {
	h := sha256.New()
	err := fs.WalkDir(fsys, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, path)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", path, len(b))
		h.Write(b)
		return nil
	})
	if err != nil {
		// Only a broken fs.FS gets here, never an embed.FS. Hashing the error
		// still gives a version that no readable data has, so analyses made
		// with it are redone rather than trusted.
		fmt.Fprint(h, err)
	}
	return rules + "+" + hex.EncodeToString(h.Sum(nil)[:4])
}
