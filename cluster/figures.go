package cluster

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Figures and dates are keys because they are what tells two events of one
// kind apart (two earthquakes, two fires in one town), and because they are
// written with the same digits in every language: a Russian or German report
// shares few words with an English one, but its magnitude, its toll and its
// date are the same once the separators are read the way its language
// writes them.

// numberRE matches a number as written: digits with "." or "," groups
// ("6.1", "1,200", "9-14" gives "9" and "14").
var numberRE = regexp.MustCompile(`[0-9]+(?:[.,][0-9]+)*`)

// decimalComma holds the languages that write a decimal comma and group
// thousands with a point or a space ("6,1", "27.000", "27 000"). Other
// languages, and text of unknown language, are read the English way.
var decimalComma = set("de ru uk be bg sr hr bs sl cs sk pl fr es it pt nl da sv nb nn no fi et lv lt ro hu tr el id vi")

// numberKeys returns the numbers written in text, as keys with their
// counts. The analysis keeps only words with letters as terms, so without
// these a magnitude, a death toll, an age or a year would count for
// nothing. Each is written without thousands separators and with a decimal
// point, read by the conventions of lang: "1,200" in English, "1.200" in
// German and "1 200" in Russian are all 1200; "6,1" is 6.1.
func numberKeys(text, lang string) map[string]int {
	out := map[string]int{}
	comma := decimalComma[lang]
	locs := numberRE.FindAllStringIndex(text, -1)
	for i := 0; i < len(locs); i++ {
		start, end := locs[i][0], locs[i][1]
		// A space between digit groups groups thousands where the
		// language does ("27 000", also with a no-break or thin space):
		// the group before has at most three digits, the one after
		// exactly three, and no digit or separator follows it.
		for comma && i+1 < len(locs) && groupedBySpace(text, end, locs[i+1]) && lastGroup(text[start:end]) <= 3 {
			i++
			end = locs[i][1]
		}
		n := strings.Map(func(r rune) rune {
			if unicode.IsSpace(r) || r == '\u202f' {
				return -1
			}
			return r
		}, text[start:end])
		out[numberPrefix+normNumber(n, comma)]++
	}
	return out
}

// groupedBySpace reports whether the number at next follows the one ending
// at end after one space and is a group of exactly three digits.
func groupedBySpace(text string, end int, next []int) bool {
	r, n := utf8.DecodeRuneInString(text[end:])
	if (r != ' ' && r != '\u00a0' && r != '\u202f' && r != '\u2009') || end+n != next[0] {
		return false
	}
	g := text[next[0]:next[1]]
	if len(g) != 3 || strings.ContainsAny(g, ".,") {
		return false
	}
	return true
}

// lastGroup is the number of digits after n's last separator.
func lastGroup(n string) int {
	return len(n) - 1 - strings.LastIndexAny(n, ".,")
}

// normNumber writes n without thousands separators and with a decimal
// point. Read the English way (comma false), a comma followed by exactly
// three digits groups thousands and any other comma is a decimal one;
// "1.200" stays as written. Read the continental way (comma true), a point
// followed by exactly three digits groups thousands, and a comma is decimal.
func normNumber(n string, comma bool) string {
	group := ","
	if comma {
		group = "."
	}
	if !strings.ContainsAny(n, ".,") {
		return n
	}
	var b strings.Builder
	rest := n
	for rest != "" {
		i := strings.IndexAny(rest, ".,")
		if i < 0 {
			b.WriteString(rest)
			break
		}
		b.WriteString(rest[:i])
		sep := rest[i : i+1]
		rest = rest[i+1:]
		next, _, _ := strings.Cut(strings.ReplaceAll(rest, ".", ","), ",")
		// A group separator before exactly three digits is dropped; any
		// other separator is a decimal point, whichever the language
		// prefers ("3,5" in English text, "1.2" in German text).
		if sep != group || len(next) != 3 {
			b.WriteString(".")
		}
	}
	return b.String()
}

// datePrefix marks a date mentioned in the text ("d:2031-03-12").
const datePrefix = "d:"

// months maps month names, as written after a day, to their number: English
// (with the usual abbreviations), German, Russian (genitive, as a date
// writes it), Spanish and French.
var months = func() map[string]int {
	m := map[string]int{}
	for _, names := range []string{
		"january february march april may june july august september october november december",
		"jan feb mar apr may jun jul aug sep oct nov dec",
		"januar februar märz april mai juni juli august september oktober november dezember",
		"jänner februar maerz april mai juni juli august september oktober november dezember",
		"января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
		"enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
		"janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
	} {
		for i, name := range strings.Fields(names) {
			m[name] = i + 1
		}
	}
	m["sept"] = 9
	m["setiembre"] = 9
	return m
}()

// englishMonth holds the English names, which must be capitalised to count:
// "may" and "march" are also a verb.
var englishMonth = set("january february march april may june july august september october november december " +
	"jan feb mar apr jun jul aug sep sept oct nov dec")

var (
	// dayMonthRE: "12 March 2031", "12. März 2031", "12 марта 2031 г.",
	// "12 de marzo de 2031", "12 March" (the year is optional).
	dayMonthRE = regexp.MustCompile(`\b([0-9]{1,2})\.?\s+(?:de\s+)?(\p{L}+)\.?(?:,?\s+(?:de\s+)?([0-9]{4})\b)?`)
	// monthDayRE: "March 12, 2031", "March 12th", "Sept. 3".
	monthDayRE = regexp.MustCompile(`\b(\p{Lu}\p{Ll}+)\.?\s+([0-9]{1,2})(?:st|nd|rd|th)?\b(?:,?\s+([0-9]{4})\b)?`)
)

// dateKeys returns the calendar dates written in text as day and month
// names, with or without a year, as keys "d:YYYY-MM-DD" with their counts.
// A date without a year takes the year that puts it closest before or
// shortly after t, the article's time (a report of 2 January writing "28
// December" means the year before). Reports of one event in any language
// name its day; reports of two events of one kind seldom name the same one.
func dateKeys(text string, t time.Time) map[string]int {
	out := map[string]int{}
	add := func(day, month, year string) {
		d, err := strconv.Atoi(day)
		if err != nil {
			return
		}
		m := months[strings.ToLower(month)]
		if m == 0 || d < 1 || d > 31 {
			return
		}
		if englishMonth[strings.ToLower(month)] {
			if r, _ := utf8.DecodeRuneInString(month); !unicode.IsUpper(r) {
				return
			}
		}
		y := 0
		if year != "" {
			y, _ = strconv.Atoi(year)
		} else if !t.IsZero() {
			y = t.Year()
			if time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC).After(t.AddDate(0, 2, 0)) {
				y--
			}
		}
		if y < 1000 || y > 2999 {
			return
		}
		date := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
		if date.Day() != d { // 31 April
			return
		}
		out[fmt.Sprintf("%s%04d-%02d-%02d", datePrefix, y, m, d)]++
	}
	for _, sm := range dayMonthRE.FindAllStringSubmatch(text, -1) {
		add(sm[1], sm[2], sm[3])
	}
	for _, sm := range monthDayRE.FindAllStringSubmatch(text, -1) {
		if englishMonth[strings.ToLower(sm[1])] {
			add(sm[2], sm[1], sm[3])
		}
	}
	return out
}
