package cluster

import (
	"strings"
	"unicode"
	"unicode/utf8"

	parallax "github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/analyze/translit"
)

// Names are the strongest evidence that crosses languages: a Russian report
// writes "Анна Келлер" and "Келлера" where an English one writes "Anna
// Keller", a German one "Keller". The key of a name is therefore written in
// one folded Latin spelling that both scripts reach:
//
//   - translit.Key: Cyrillic to Latin, then the romanisation variants folded
//     (y/j → i, kh → h, ks → x, doubled letters single): Келлер → keler,
//     Keller → keler; Остерби → osterbi, Osterby → osterbi;
//   - a few Latin spellings that Cyrillic writes one way (w → v: Вебер is
//     Weber; sch → sh, ph → f, th → t, ck → k, c before a hard vowel or a
//     consonant → k: Картер is Carter);
//   - a Russian case or gender ending, or a final vowel, dropped from any
//     word that keeps four letters: Келлера, Келлеру, Келлером → keler;
//     Орлова, Орловым, Орловой → orlov; Тарском → tarsk; Velmora and
//     Вельморе → velmor. Dropping it on both sides is what makes the forms
//     meet: a Latin name cannot tell a nominative vowel (Varga, Selva) from
//     a Russian ending, so both lose it.
//
// Two names with one key may still be two people; a key is one piece of
// evidence among many, weighted by how rare it is.

// NameKey returns the key spelling of one word of a name, the one entity
// keys use ("Келлера" and "Keller" give "keler"), for views that compare
// names across articles the way the clusterer does.
func NameKey(word string) string { return foldName(word) }

// caseEndings are the endings foldName drops, in translit.Key's spelling
// (ы and й are i, ю iu, я ia), longest first: Russian case endings of
// nouns and of adjectival surnames, then a lone final vowel.
var caseEndings = []string{
	"omu", "emu", "ogo", "ego", "aia", "uiu", "imi", "ami",
	"om", "em", "im", "oi", "ei", "iu", "ia",
	"a", "e", "i", "o", "u",
}

// minStem is the fewest letters a word keeps when an ending is dropped:
// "Nova" stays nova, "Rome" stays rome.
const minStem = 4

// foldName returns the key spelling of one word of a name (see above).
func foldName(w string) string {
	w = translit.Key(w)
	if w == "" || strings.ContainsRune(w, ' ') {
		return w
	}
	w = latinFolds(w)
	for _, e := range caseEndings {
		if strings.HasSuffix(w, e) && utf8.RuneCountInString(w)-len(e) >= minStem {
			return strings.TrimSuffix(w, e)
		}
	}
	return w
}

// latinFolds spells w, an already keyed word, as a transliteration from
// Cyrillic would: Cyrillic has one letter for w and v, none for th or ph,
// and writes a hard c as к.
func latinFolds(w string) string {
	if !strings.ContainsAny(w, "wchpq") {
		return w
	}
	b := make([]byte, 0, len(w))
	for i := 0; i < len(w); i++ {
		c := w[i]
		next := byte(0)
		if i+1 < len(w) {
			next = w[i+1]
		}
		switch {
		case c == 'w':
			b = append(b, 'v')
		case c == 'q':
			b = append(b, 'k')
		case strings.HasPrefix(w[i:], "sch"):
			b = append(b, 's', 'h')
			i += 2
		case c == 'p' && next == 'h':
			b = append(b, 'f')
			i++
		case c == 't' && next == 'h':
			b = append(b, 't')
			i++
		case c == 'c' && next == 'k':
			b = append(b, 'k')
			i++
		case c == 'c' && next != 'h' && next != 'e' && next != 'i':
			b = append(b, 'k')
		default:
			b = append(b, c)
		}
	}
	// A fold may double a letter again (ck after k); translit.Key folded
	// doubles, so do it once more.
	out := b[:0]
	for i, c := range b {
		if i > 0 && c == b[i-1] {
			continue
		}
		out = append(out, c)
	}
	return string(out)
}

// EntityKey returns the clustering key ("e:…") a mention of the entity
// kind and name contributes, "" when none: what the story view needs to
// show a shared key under the entity's name.
func EntityKey(kind parallax.EntityKind, name string) string {
	if kind == parallax.Outlet {
		kind = parallax.Organization // the tagger marks outlets as organisations
	}
	return entityKey(kind, name)
}

// entityKey returns the clustering key of an entity mention: a person by the
// folded key of their surname (reports call people by surname after the
// first mention), an organisation or place by the folded keys of all its
// words. Misc mentions (nationalities, events) return "": they echo terms
// and would count twice. One-letter words are dropped: a capitalised
// preposition opening a Russian sentence ("В") is tagged as a name.
func entityKey(kind parallax.EntityKind, name string) string {
	toks := nameTokens(name)
	if len(toks) == 0 {
		return ""
	}
	switch kind {
	case parallax.Person:
		if k := foldName(toks[len(toks)-1]); utf8.RuneCountInString(k) > 1 {
			return entityPrefix + k
		}
	case parallax.Organization, parallax.Place:
		if toks[0] == "the" && len(toks) > 1 {
			toks = toks[1:]
		}
		keys := make([]string, 0, len(toks))
		for _, t := range toks {
			if k := foldName(t); k != "" {
				keys = append(keys, k)
			}
		}
		if k := strings.Join(keys, " "); utf8.RuneCountInString(k) > 1 {
			return entityPrefix + k
		}
	}
	return ""
}

// nameTokens lower-cases name and splits it into words, dropping possessive
// endings and surrounding punctuation ("Trump's" → "trump").
func nameTokens(name string) []string {
	var out []string
	for _, f := range strings.Fields(strings.ToLower(name)) {
		f = strings.TrimSuffix(strings.TrimSuffix(f, "'s"), "’s")
		f = strings.TrimFunc(f, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		if f != "" {
			out = append(out, f)
		}
	}
	return out
}

// entityKeys counts the entity keys of rec's mentions. In German text the
// English-trained tagger takes capitalised common nouns for names ("Der
// Schaden", "Brücke", "März"); a mention whose key word is used as a noun
// somewhere in the text is dropped there (germanNoun).
func entityKeys(rec *parallax.Record) map[string]int {
	counts := map[string]int{}
	text := rec.Document.Text
	var nouns map[string]bool
	if rec.Analysis.Language == "de" {
		nouns = germanNouns(text)
	}
	for _, m := range rec.Analysis.Mentions {
		name := m.Name
		if nouns != nil {
			if name = germanName(m.Kind, name, nouns); name == "" {
				continue
			}
		}
		if k := entityKey(m.Kind, name); k != "" {
			counts[k]++
		}
	}
	return counts
}

// germanName returns name without the German function words and common
// nouns the tagger swept into it ("Der Chemiekonzern Orvane Chemicals" →
// "Orvane Chemicals": "Chemiekonzern" follows "Der"; "Richterin Petra
// Holm" is kept whole), or "" when
// its last word (a person's key, and the head of most names) is a function
// word, a month or weekday, or a noun.
func germanName(kind parallax.EntityKind, name string, nouns map[string]bool) string {
	words := strings.Fields(name)
	for len(words) > 0 && (germanStop[strings.ToLower(words[0])] || nouns[strings.ToLower(words[0])]) {
		words = words[1:]
	}
	if len(words) == 0 {
		return ""
	}
	last := strings.ToLower(strings.TrimFunc(words[len(words)-1], func(r rune) bool { return !unicode.IsLetter(r) }))
	if germanStop[last] || nouns[last] || germanCalendar[last] {
		return ""
	}
	return strings.Join(words, " ")
}

// germanNouns returns the lower-cased words that the text uses as common
// nouns: after an article or a determiner, possibly with one lower-case
// adjective between ("der Schaden", "die neue Brücke", "im Hafen"), or after
// a figure ("60 Feuerwehrleute", "zwei Arbeiter"). German writes every noun
// with a capital, so capitalisation alone cannot tell a name from a noun;
// a name is seldom written after an article, a place name sometimes is
// ("die Selva"), which costs that name in German reports.
func germanNouns(text string) map[string]bool {
	out := map[string]bool{}
	words := strings.FieldsFunc(text, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' && r != ','
	})
	for i, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) || i == 0 {
			continue
		}
		w = strings.ToLower(strings.TrimRight(w, ","))
		prev := strings.ToLower(strings.TrimRight(words[i-1], ","))
		p, _ := utf8.DecodeRuneInString(words[i-1])
		switch {
		case germanDeterminer[prev], germanCount[prev], unicode.IsDigit(p):
			out[w] = true
		case i >= 2 && unicode.IsLower(p) && !strings.HasSuffix(words[i-1], ",") && germanDeterminer[strings.ToLower(words[i-2])]:
			out[w] = true
		}
	}
	return out
}

// germanDeterminer holds articles, contracted prepositions and determiners:
// what a German common noun follows and a personal name does not.
var germanDeterminer = set("der die das den dem des ein eine einen einem einer eines " +
	"am im zum zur vom beim ins ans kein keine keinen keinem keiner " +
	"sein seine seinen seinem seiner ihr ihre ihren ihrem ihrer unser unsere " +
	"dieser diese dieses diesem diesen jeder jede jedes jedem jeden alle allen " +
	"mehrere viele einige beide")

// germanCount holds number words: "zwei Arbeiter", "rund 60 Feuerwehrleute".
var germanCount = set("zwei drei vier fünf sechs sieben acht neun zehn elf zwölf zwanzig dreißig " +
	"vierzig fünfzig hundert tausend rund etwa knapp fast über mehr")

// germanStop holds German function words the tagger takes for names when
// they open a sentence ("Der", "Bei", "Nach").
var germanStop = set("aber als also am an auch auf aus bei bis da damit dann das dass dem den der des " +
	"die dies diese dieser doch dort durch ein eine einem einen einer eines er es für gegen hier " +
	"im in ist ja jetzt kein keine man mit nach nicht noch nun nur ob oder ohne seit sie so " +
	"über um und unter vom von vor wie wir zu zum zur zwischen rund etwa laut nachdem während " +
	"seine ihre sein ihr nach angaben")

// germanCalendar holds month and weekday names, capitalised like names.
var germanCalendar = set("januar jänner februar märz april mai juni juli august september oktober november dezember " +
	"montag dienstag mittwoch donnerstag freitag samstag sonntag")

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}
