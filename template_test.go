package parallax

import "testing"

func TestTemplateKey(t *testing.T) {
	a, ok1 := TemplateKey("Updated 12:05  GMT")
	b, ok2 := TemplateKey("updated 09:41 gmt")
	if !ok1 || !ok2 || a != b {
		t.Errorf("case, spacing and digits should fold: %v %v %x %x", ok1, ok2, a, b)
	}
	if c, _ := TemplateKey("Updated 12:05 BST"); c == a {
		t.Error("different words share a key")
	}
	for _, line := range []string{"", "   ", `The mayor said: "Sign up now."`, "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen"} {
		if _, ok := TemplateKey(line); ok {
			t.Errorf("%q should have no key", line)
		}
	}
	if keys := TemplateKeys("Share this\nA long paragraph of prose that goes on and on with many words, more than fifteen of them in all.\nShare this\nAdvertisement"); len(keys) != 2 {
		t.Errorf("keys %x, want the two distinct short lines", keys)
	}
}
