package text

import (
	"testing"
	"testing/fstest"
)

func TestDataVersion(t *testing.T) {
	fsys := func(files map[string]string) fstest.MapFS {
		m := fstest.MapFS{}
		for name, data := range files {
			m[name] = &fstest.MapFile{Data: []byte(data)}
		}
		return m
	}
	base := DataVersion("1", fsys(map[string]string{"data/a.txt": "mr\ndr\n", "data/b.txt": "inc\n"}))
	if again := DataVersion("1", fsys(map[string]string{"data/b.txt": "inc\n", "data/a.txt": "mr\ndr\n"})); again != base {
		t.Errorf("same data, other version: %s, %s", again, base)
	}
	for name, files := range map[string]map[string]string{
		"a word added":   {"data/a.txt": "mr\ndr\nst\n", "data/b.txt": "inc\n"},
		"a file renamed": {"data/c.txt": "mr\ndr\n", "data/b.txt": "inc\n"},
		"a word moved":   {"data/a.txt": "mr\n", "data/b.txt": "dr\ninc\n"},
		"a file removed": {"data/a.txt": "mr\ndr\n"},
	} {
		if v := DataVersion("1", fsys(files)); v == base {
			t.Errorf("%s: version unchanged (%s)", name, v)
		}
	}
	if v := DataVersion("2", fsys(map[string]string{"data/a.txt": "mr\ndr\n", "data/b.txt": "inc\n"})); v == base {
		t.Errorf("rules bumped, version unchanged (%s)", v)
	}
	if Version() != DataVersion(rules, data) || Version() == "" {
		t.Errorf("Version() = %q", Version())
	}
}
