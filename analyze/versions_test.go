package analyze

import (
	"reflect"
	"testing"

	"github.com/parallax-news/parallax"
)

func TestVersionsRecorded(t *testing.T) {
	p := newPipeline(t)
	want := p.Versions()
	for _, name := range []string{"analyze", "text", "entity", "quote", "terms", "fingerprint"} {
		if want[name] == "" {
			t.Errorf("no version for %q in %v", name, want)
		}
	}
	a := p.Analyze(&parallax.Document{Text: "Mayor Ilse Brandt said the bridge would reopen."})
	if !reflect.DeepEqual(a.Versions, want) {
		t.Errorf("Analysis.Versions = %v, want %v", a.Versions, want)
	}
	// Each analysis owns its map: changing one changes no other.
	a.Versions["entity"] = "changed"
	if b := p.Analyze(&parallax.Document{Text: "Another text."}); b.Versions["entity"] != want["entity"] {
		t.Errorf("versions shared between analyses: %v", b.Versions)
	}
}
