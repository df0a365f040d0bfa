package parallax

import "testing"

func TestOutletOf(t *testing.T) {
	for in, want := range map[string]string{
		"https://WWW.Selby-Courier.example./news/1": "selby-courier.example",
		" http://news.example:8080/a ":              "news.example",
		"https://www2.example/a":                    "www2.example",
		"not a url":                                 "",
		"":                                          "",
	} {
		if got := OutletOf(in); got != want {
			t.Errorf("OutletOf(%q) = %q, want %q", in, got, want)
		}
	}
}
