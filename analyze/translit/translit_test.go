package translit

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestLatin(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Рябков", "Ryabkov"},
		{"Захарова", "Zakharova"},
		{"Сергей", "Sergey"},
		{"Мария", "Mariya"},
		{"Елена Васильева", "Yelena Vasilyeva"}, // ye at the start and after a soft sign
		{"Пётр Хрущёв", "Pyotr Khrushchov"},     // no y-glide after щ
		{"Щукин", "Shchukin"},                   // a capital digraph is capitalised
		{"ТАСС", "TASS"},                        // all capitals stay all capitals
		{"РИА Новости", "RIA Novosti"},
		{"Я", "Ya"},
		// A word with a letter only Ukrainian has is romanised the Ukrainian
		// way; other words by the Russian values.
		{"Київ", "Kyiv"},
		{"Харків Їжак", "Kharkiv Yizhak"},
		{"Зеленський", "Zelenskiy"},
		{"Ђоковић", "Djokovic"},
		{"Interfax", "Interfax"}, // Latin is untouched
		{"日本 Москва", "日本 Moskva"},
		{"", ""},
		{"Бад\xffбайт", "Bad\uFFFDbayt"}, // invalid UTF-8 becomes U+FFFD
	} {
		if got := Latin(tc.in); got != tc.want {
			t.Errorf("Latin(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestKey(t *testing.T) {
	for _, tc := range []struct {
		name string
		a, b string
		same bool
	}{
		{"ei/ey", "Sergei", "Sergey", true},
		{"ej", "Sergej", "Sergei", true},
		{"Cyrillic first name", "Сергей", "Sergei", true},
		{"Cyrillic surname", "Рябков", "Ryabkov", true},
		{"kh/h", "Zakharova", "Zaharova", true},
		{"Cyrillic full name", "Мария Захарова", "Maria Zakharova", true},
		{"iya/ia", "Mariya", "Maria", true},
		{"ya/ia/ja", "Tatyana", "Tatjana", true},
		{"final -iy/-y/-i/-ii", "Dmitriy", "Dmitry", true},
		{"final -ii", "Dmitrii", "Dmitri", true},
		{"ks/x", "Aleksey", "Alexei", true},
		{"initial ye", "Yevgeny", "Evgeniy", true},
		{"initial yu/iu", "Yury", "Iurii", true},
		{"tz/ts", "Kravetz", "Kravets", true},
		{"double letters", "Gennady", "Genadiy", true},
		{"diacritics", "Łukasz Ærøskøbing", "Lukasz Aeroskobing", true},
		{"case and spaces", "  maria   ZAKHAROVA ", "Maria Zakharova", true},
		{"apostrophe inside a word", "O'Brien", "OBrien", true},
		{"all-caps Cyrillic", "ТАСС", "Tass", true},
		{"hyphen splits words", "RIA-Novosti", "RIA Novosti", true},
		{"initial j is not i", "Jan", "Ian", false},
		{"different names", "Sergei", "Sergio", false},
		{"c is not k", "Marc", "Mark", false},
		{"gender is not folded", "Zakharova", "Zakharov", false},
		{"different surnames", "Ryabkov", "Kislyak", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ka, kb := Key(tc.a), Key(tc.b)
			if (ka == kb) != tc.same {
				t.Errorf("Key(%q) = %q, Key(%q) = %q; same = %v, want %v", tc.a, ka, tc.b, kb, ka == kb, tc.same)
			}
		})
	}
	for in, want := range map[string]string{
		"Sergei Ryabkov": "sergei riabkov",
		"Сергей Рябков":  "sergei riabkov",
		"INTERFAX.RU":    "interfax ru",
		"Trump's":        "trumps",
		"—":              "",
	} {
		if got := Key(in); got != want {
			t.Errorf("Key(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzKey(f *testing.F) {
	for _, s := range []string{"Сергей Рябков", "Zakharova", "ТАСС", "O'Brien", "kkhh", "yie", "\xff\xfe", "İstanbul", "e\u0301"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		lat, key := Latin(s), Key(s)
		if !utf8.ValidString(lat) || !utf8.ValidString(key) {
			t.Fatalf("invalid UTF-8: Latin %q, Key %q", lat, key)
		}
		if k2 := Key(key); k2 != key {
			t.Fatalf("Key not idempotent: %q → %q → %q", s, key, k2)
		}
		if key != strings.Join(strings.Fields(key), " ") {
			t.Fatalf("Key %q has stray spaces", key)
		}
		if utf8.ValidString(s) && !hasCyrillic(s) && lat != s {
			t.Fatalf("Latin changed a text without Cyrillic: %q → %q", s, lat)
		}
	})
}

func BenchmarkKey(b *testing.B) {
	for b.Loop() {
		Key("Russian Deputy Foreign Minister Сергей Рябков")
	}
}
