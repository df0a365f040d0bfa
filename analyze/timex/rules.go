package timex

import (
	"strconv"
	"strings"
	"time"
)

// match is a pattern's result: the expression ends before token end.
type match struct {
	end      int
	typ      Type
	val      string
	anchored bool
	quarter  bool // names a quarter that "a year earlier" may refer back to
}

// ctx is one call of Find: the text, its tokens, the DCT and what the
// document said so far.
type ctx struct {
	t    *Tagger
	s    string
	toks []tok
	dct  time.Time // the DCT's calendar day, midnight UTC
	// lastQ is the last quarter named ("the third quarter"): "a year
	// earlier" in an earnings report means that quarter a year before.
	lastQY, lastQ int
}

func (c *ctx) word(j int) *word {
	if j < 0 || j >= len(c.toks) || c.toks[j].k != kWord {
		return nil
	}
	return c.toks[j].w
}

func (c *ctx) text(j int) string { return c.s[c.toks[j].s:c.toks[j].e] }

func (c *ctx) is(j int, w string) bool {
	if j < 0 || j >= len(c.toks) {
		return false
	}
	t := &c.toks[j]
	return t.e-t.s == len(w) && t.k == kWord && strings.EqualFold(c.s[t.s:t.e], w)
}

func (c *ctx) isAny(j int, ws ...string) bool {
	for _, w := range ws {
		if c.is(j, w) {
			return true
		}
	}
	return false
}

func (c *ctx) punct(j int, b byte) bool {
	return j >= 0 && j < len(c.toks) && c.toks[j].k == kPunct && c.toks[j].c == b
}

// adj reports whether token j follows token j-1 with no space between.
func (c *ctx) adj(j int) bool {
	return j > 0 && j < len(c.toks) && c.toks[j].s == c.toks[j-1].e
}

// hyphen skips a hyphen joining tokens j-1 and j+1 ("two-year").
func (c *ctx) hyphen(j int) int {
	if c.punct(j, '-') && c.adj(j) && c.adj(j+1) {
		return j + 1
	}
	return j
}

var monthLen = [13]int{0, 7, 8, 5, 5, 3, 4, 4, 6, 9, 7, 8, 8}
var weekdayLen = [8]int{0, 6, 7, 9, 8, 6, 8, 6}

// month reads a month name at j: capitalised, an abbreviation with its dot
// or before a day. It returns 0 when there is none.
func (c *ctx) month(j int) (int, int) {
	w := c.word(j)
	if w == nil || w.month == 0 || !c.toks[j].cap {
		return 0, j
	}
	if c.toks[j].e-c.toks[j].s == monthLen[w.month] {
		return int(w.month), j + 1
	}
	if c.punct(j+1, '.') && c.adj(j+1) {
		return int(w.month), j + 2
	}
	if d, _ := c.day(j + 1); d > 0 {
		return int(w.month), j + 1
	}
	return 0, j
}

func (c *ctx) weekday(j int) (int, int) {
	w := c.word(j)
	if w == nil || w.weekday == 0 || !c.toks[j].cap {
		return 0, j
	}
	if c.toks[j].e-c.toks[j].s == weekdayLen[w.weekday] {
		return int(w.weekday), j + 1
	}
	if c.punct(j+1, '.') && c.adj(j+1) {
		return int(w.weekday), j + 2
	}
	return 0, j
}

// day reads a day of the month: 1–31, "7th".
func (c *ctx) day(j int) (int, int) {
	if j >= len(c.toks) {
		return 0, j
	}
	t := c.toks[j]
	if t.k == kNum && t.nd <= 2 && t.n >= 1 && t.n <= 31 && (t.suffix == 0 || t.suffix == 'o') {
		return t.n, j + 1
	}
	return 0, j
}

// year reads a four-digit year. Years before 1900 need a preposition or
// a month before them, as "1500 troops" is more common than "1500".
func (c *ctx) year(j int) int {
	if j >= len(c.toks) {
		return 0
	}
	t := c.toks[j]
	if t.k != kNum || t.nd != 4 || t.suffix != 0 || t.n < 1000 || t.n > 2199 {
		return 0
	}
	return t.n
}

// standaloneYear reads a year that is a time expression by itself.
func (c *ctx) standaloneYear(j int) int {
	y := c.year(j)
	if y == 0 {
		return 0
	}
	if c.punct(j-1, '$') || c.punct(j+1, '%') || c.isAny(j+1, "percent", "pct") || c.word(j+1) != nil && c.word(j+1).unit != "" {
		return 0
	}
	if c.punct(j-1, '.') && c.adj(j) || c.punct(j-1, '-') && c.adj(j) && j >= 2 && c.toks[j-2].k == kNum {
		return 0 // 10.1990, 1989-1990 reads as one year, not two
	}
	if y < 1900 && !c.isAny(j-1, "in", "since", "of", "from", "by", "until", "year", "before", "after") {
		return 0
	}
	return y
}

// number reads a quantity: digits, a number word, "a few", "a couple of".
// vague is true for an unknown quantity (several, few).
func (c *ctx) number(j int, allowA bool) (n int, vague bool, next int) {
	if j >= len(c.toks) {
		return 0, false, j
	}
	t := c.toks[j]
	if t.k == kNum {
		if t.n < 0 || t.suffix != 0 || t.nd > 3 {
			return 0, false, j // 1988 before "quarter" is a year, not a count
		}
		// 5 1/2 hours: a fraction after the number is read and dropped.
		return t.n, false, j + 1
	}
	w := c.word(j)
	if w == nil {
		return 0, false, j
	}
	isA := c.isAny(j, "a", "an")
	if isA {
		if c.isAny(j+1, "few", "couple") {
			k := j + 2
			if c.is(k, "of") {
				k++
			}
			if c.is(j+1, "couple") {
				return 2, false, k
			}
			return 0, true, k
		}
		if !allowA {
			return 0, false, j
		}
		return 1, false, j + 1
	}
	if w.vague {
		return 0, true, j + 1
	}
	if w.num > 0 {
		n := int(w.num)
		// twenty-five, twenty five
		if n >= 20 && n < 100 && n%10 == 0 {
			k := c.hyphen(j + 1)
			if w2 := c.word(k); w2 != nil && w2.num > 0 && w2.num < 10 && !c.isAny(k, "a", "an") {
				return n + int(w2.num), false, k + 1
			}
		}
		return n, false, j + 1
	}
	return 0, false, j
}

func (c *ctx) unit(j int) string {
	if w := c.word(j); w != nil && w.unit != "" && w.unit != "WE" {
		return w.unit
	}
	return ""
}

// plural reports whether the unit word at j is plural (days, years).
func (c *ctx) plural(j int) bool {
	t := c.text(j)
	return len(t) > 1 && (t[len(t)-1] == 's' || t[len(t)-1] == 'S')
}

func ymd(t time.Time) string { return t.Format("2006-01-02") }
func ym(y, m int) string     { return pad4(y) + "-" + pad2(m) }
func pad2(n int) string {
	if n < 10 && n >= 0 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}
func pad4(n int) string {
	s := strconv.Itoa(n)
	for len(s) < 4 {
		s = "0" + s
	}
	return s
}
func week(t time.Time) string {
	y, w := t.ISOWeek()
	return pad4(y) + "-W" + pad2(w)
}
func quarter(y, q int) string { return pad4(y) + "-Q" + strconv.Itoa(q) }

// addMonths moves y-m by n months.
func addMonths(y, m, n int) (int, int) {
	k := y*12 + m - 1 + n
	return k / 12, k%12 + 1
}

func (c *ctx) dctQuarter() (int, int) { return c.dct.Year(), (int(c.dct.Month())-1)/3 + 1 }

// dayFor gives a year to a month and day written without one: the DCT's
// year, unless that puts a statement that does not look ahead more than a
// season after publication (then the year before) or one that does well
// before it (then the year after). The season of slack is for deadlines and
// schedules told in the past tense ("said the offer expires Nov. 25"): on
// TempEval-3, moving every past-tense date after publication back a year
// scores lower (value F1 0.769 against 0.782).
func (c *ctx) dayFor(m, d int, fut bool) time.Time {
	y := c.dct.Year()
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	switch {
	case !fut && t.After(c.dct.AddDate(0, 0, pastSlackDays)):
		t = t.AddDate(-1, 0, 0)
	case fut && t.Before(c.dct.AddDate(0, 0, -futureSlackDays)):
		t = t.AddDate(1, 0, 0)
	}
	return t
}

// The slack of dayFor and monthFor.
const (
	pastSlackDays   = 90
	futureSlackDays = 60
)

func (c *ctx) monthFor(m int, fut bool) int {
	y, dm := c.dct.Year(), int(c.dct.Month())
	switch {
	case !fut && m > dm+pastSlackDays/30:
		return y - 1
	case fut && m < dm-futureSlackDays/30:
		return y + 1
	}
	return y
}

// weekdayFor is the weekday wd nearest publication: on or before the DCT,
// or on or after it in a sentence that looks ahead.
func (c *ctx) weekdayFor(wd int, fut bool) time.Time {
	cur := isoWeekday(c.dct)
	if fut {
		return c.dct.AddDate(0, 0, (wd-cur+7)%7)
	}
	return c.dct.AddDate(0, 0, -((cur - wd + 7) % 7))
}

func isoWeekday(t time.Time) int {
	wd := int(t.Weekday())
	if wd == 0 {
		return 7
	}
	return wd
}

// fut reports whether the expression at token i speaks of the future.
func (c *ctx) fut(i int) bool { return c.tense(i) > 0 }

// tense tells whether the expression at token i speaks of the future (1)
// or the past (-1), as far as the words near it tell: the nearest tense
// cue before it in its sentence ("will meet Friday", "said Friday"), else
// the nearest after it; 0 when there is none.
func (c *ctx) tense(i int) int {
	sent := c.toks[i].sent
	for j := i - 1; j >= 0 && j >= i-cueWindow && c.toks[j].sent == sent; j-- {
		if f, ok := c.cue(j); ok {
			return tenseOf(f)
		}
	}
	for j := i + 1; j < len(c.toks) && j <= i+cueWindow && c.toks[j].sent == sent; j++ {
		if f, ok := c.cue(j); ok {
			return tenseOf(f)
		}
	}
	return 0
}

func tenseOf(future bool) int {
	if future {
		return 1
	}
	return -1
}

// cueWindow is how many tokens fut looks at on each side.
const cueWindow = 10

// cue reads token j as a tense cue: future words of the lexicon, and past
// ones (its list, and words ending in -ed).
func (c *ctx) cue(j int) (future, ok bool) {
	t := c.toks[j]
	if t.k != kWord {
		return false, false
	}
	if t.w != nil && t.w.future {
		return true, true
	}
	if t.w != nil && t.w.past {
		return false, true
	}
	if n := t.e - t.s; n > 4 && !t.cap && c.s[t.e-2] == 'e' && c.s[t.e-1] == 'd' {
		return false, true
	}
	return false, false
}

// at tries every pattern at token i and keeps the longest match.
func (c *ctx) at(i int) match {
	var best match
	try := func(m match) {
		if m.end > best.end {
			best = m
		}
	}
	try(c.explicit(i))
	try(c.clock(i))
	try(c.dayName(i))
	try(c.deictic(i))
	try(c.relative(i))
	try(c.set(i)) // before quantity: "$9,000 a year" is a recurrence
	try(c.quantity(i))
	try(c.quarterOrHalf(i))
	try(c.modified(i))
	return best
}

// explicit reads calendar dates: March 13, 2016; 13 March; March 2016;
// March; 2016; the 1990s; 11/10/2016; holidays.
func (c *ctx) explicit(i int) match {
	if i >= len(c.toks) {
		return match{}
	}
	if m, j := c.month(i); m > 0 {
		if d, k := c.day(j); d > 0 {
			k2 := k
			if c.punct(k2, ',') {
				k2++
			}
			if y := c.year(k2); y > 0 {
				return match{k2 + 1, Date, pad4(y) + "-" + pad2(m) + "-" + pad2(d), false, false}
			}
			return match{k, Date, ymd(c.dayFor(m, d, c.fut(i))), true, false}
		}
		k := j
		if c.punct(k, ',') || c.is(k, "of") {
			k++
		}
		if y := c.year(k); y > 0 {
			return match{k + 1, Date, ym(y, m), false, false}
		}
		if m == 5 && !c.isAny(i-1, "in", "since", "until", "by", "last", "next", "this", "early", "late", "mid", "of", "from", "through", "during", "before", "after", "and", "or", "to", "between") {
			return match{} // the modal "May"
		}
		return match{j, Date, ym(c.monthFor(m, c.fut(i)), m), true, false}
	}
	if d, j := c.day(i); d > 0 {
		k := j
		if c.is(k, "of") {
			k++
		}
		if m, k2 := c.month(k); m > 0 && (c.toks[i].suffix == 'o' || k == j) {
			if y := c.year(k2); y > 0 {
				return match{k2 + 1, Date, pad4(y) + "-" + pad2(m) + "-" + pad2(d), false, false}
			}
			return match{k2, Date, ymd(c.dayFor(m, d, c.fut(i))), true, false}
		}
	}
	if t := c.toks[i]; t.k == kNum && t.suffix == 0 && (t.nd == 1 || t.nd == 2) && c.punct(i+1, '/') && c.adj(i+1) && c.adj(i+2) {
		// 11/10/2016 (month first, as American news writes it)
		if d, k := c.day(i + 2); d > 0 && t.n >= 1 && t.n <= 12 && c.punct(k, '/') && c.adj(k) && c.adj(k+1) && k+1 < len(c.toks) && c.toks[k+1].k == kNum {
			y := c.toks[k+1].n
			if c.toks[k+1].nd == 2 {
				y += 1900
				if y < 1950 {
					y += 100
				}
			}
			if y >= 1000 && y <= 2199 {
				return match{k + 2, Date, pad4(y) + "-" + pad2(t.n) + "-" + pad2(d), false, false}
			}
		}
	}
	if y := c.standaloneYear(i); y > 0 {
		return match{i + 1, Date, pad4(y), false, false}
	}
	if t := c.toks[i]; t.k == kNum && t.suffix == 's' && (t.nd == 4 && t.n%10 == 0 && t.n >= 1000 || t.nd == 2 && t.n%10 == 0) {
		n := t.n
		if t.nd == 2 {
			n += 1900
		}
		return match{i + 1, Date, strconv.Itoa(n / 10), false, false}
	}
	if c.is(i, "the") {
		// the 20th century
		if t := c.toks[min(i+1, len(c.toks)-1)]; i+1 < len(c.toks) && (t.k == kNum && t.suffix == 'o' || c.word(i+1) != nil && c.word(i+1).ord > 0) && c.word(i+2) != nil && c.word(i+2).unit == "CE" && !c.plural(i+2) {
			n := t.n
			if t.k == kWord {
				n = int(c.word(i + 1).ord)
			}
			if n > 0 && n < 30 {
				return match{i + 3, Date, pad2(n - 1), false, false}
			}
		}
	}
	return c.holiday(i)
}

// holiday reads the fixed-date holidays news names, and Thanksgiving.
func (c *ctx) holiday(i int) match {
	if i >= len(c.toks) || c.toks[i].k != kWord {
		return match{}
	}
	day := func(m, d, end int) match {
		if y := c.year(end); y > 0 {
			return match{end + 1, Date, pad4(y) + "-" + pad2(m) + "-" + pad2(d), false, false}
		}
		return match{end, Date, ymd(c.dayFor(m, d, c.fut(i))), true, false}
	}
	switch {
	case c.is(i, "christmas") && c.toks[i].cap:
		if c.is(i+1, "eve") {
			return day(12, 24, i+2)
		}
		end := i + 1
		if c.is(end, "day") {
			end++
		}
		return day(12, 25, end)
	case c.is(i, "new") && c.is(i+1, "year") && c.punct(i+2, '\'') && c.is(i+3, "s") && c.isAny(i+4, "day", "eve"):
		if c.is(i+4, "eve") {
			return day(12, 31, i+5)
		}
		return day(1, 1, i+5)
	case c.is(i, "halloween"):
		return day(10, 31, i+1)
	case c.is(i, "thanksgiving") && c.toks[i].cap:
		end := i + 1
		if c.is(end, "day") {
			end++
		}
		y := c.dct.Year()
		if y2 := c.year(end); y2 > 0 {
			y = y2
			end++
		}
		thanksgiving := func(y int) time.Time {
			t := time.Date(y, 11, 1, 0, 0, 0, 0, time.UTC)
			return t.AddDate(0, 0, (4-isoWeekday(t)+7)%7+21)
		}
		t := thanksgiving(y)
		if y == c.dct.Year() && t.After(c.dct) && !c.fut(i) {
			t = thanksgiving(y - 1)
		}
		return match{end, Date, ymd(t), y == c.dct.Year(), false}
	}
	return match{}
}

var clockZones = map[string]bool{"EST": true, "EDT": true, "CST": true, "CDT": true, "MST": true, "MDT": true, "PST": true, "PDT": true, "GMT": true, "UTC": true, "ET": true, "PT": true, "BST": true, "CET": true}

// clock reads a time of day, with the day it names after it when there is
// one: 10:35 a.m., 10 p.m. Wednesday, noon Thursday, 5 p.m. EST Nov. 9.
func (c *ctx) clock(i int) match {
	var hh, mm, j int
	t := c.toks[i]
	switch {
	case c.is(i, "noon"):
		hh, j = 12, i+1
	case c.is(i, "midnight"):
		hh, j = 24, i+1
	case t.k == kNum && t.nd <= 2 && (t.suffix == 0 || t.suffix == ':'):
		hh, mm, j = t.n, int(t.min), i+1
		switch {
		case c.word(j) == c.t.meridiem['a'] && c.word(j) != nil || c.is(j, "am") && c.adj(j):
			if hh == 12 {
				hh = 0
			}
		case c.word(j) == c.t.meridiem['p'] && c.word(j) != nil || c.is(j, "pm"):
			if hh < 12 {
				hh += 12
			}
		case c.is(j, "o") && c.punct(j+1, '\'') && c.is(j+2, "clock"):
			j += 2
		case c.is(j, "in") && c.is(j+1, "the") && c.isAny(j+2, "morning", "afternoon", "evening"):
			if !c.is(j+2, "morning") && hh < 12 {
				hh += 12
			}
			j += 2
		case t.suffix == ':':
			j--
		default:
			return match{}
		}
		j++
		if hh > 24 || mm > 59 {
			return match{}
		}
	default:
		return match{}
	}
	if j < len(c.toks) && c.toks[j].k == kWord && clockZones[c.text(j)] {
		j++
	}
	hm := "T" + pad2(hh) + ":" + pad2(mm)
	// The day after the time, if any.
	k := j
	if c.punct(k, ',') || c.is(k, "on") {
		k++
	}
	if wd, k2 := c.weekday(k); wd > 0 {
		return match{k2, Time, ymd(c.weekdayFor(wd, c.fut(i))) + hm, true, false}
	}
	if m := c.explicit(k); m.end > k && m.typ == Date && len(m.val) == 10 {
		return match{m.end, Time, m.val + hm, m.anchored, false}
	}
	switch {
	case c.is(k, "today"):
		return match{k + 1, Time, ymd(c.dct) + hm, true, false}
	case c.is(k, "yesterday"):
		return match{k + 1, Time, ymd(c.dct.AddDate(0, 0, -1)) + hm, true, false}
	case c.is(k, "tomorrow"):
		return match{k + 1, Time, ymd(c.dct.AddDate(0, 0, 1)) + hm, true, false}
	}
	return match{j, Time, ymd(c.dct) + hm, true, false}
}

// partOfDay reads "morning", "night", … at j.
func (c *ctx) partOfDay(j int) string {
	if w := c.word(j); w != nil && w.part != "" && !c.is(j, "overnight") {
		return w.part
	}
	return ""
}

// dayName reads a weekday, with a part of the day after it: Friday,
// Thursday evening (TIME 2016-11-10TEV, as TimeML writes parts of days).
func (c *ctx) dayName(i int) match {
	wd, j := c.weekday(i)
	if wd == 0 {
		return match{}
	}
	d := ymd(c.weekdayFor(wd, c.fut(i)))
	// "Saturday, April 25" is one date, the one written out.
	k := j
	if c.punct(k, ',') {
		k++
	}
	if m := c.explicit(k); m.end > k && m.typ == Date && len(m.val) == 10 {
		return match{m.end, Date, m.val, m.anchored, false}
	}
	if p := c.partOfDay(j); p != "" {
		return match{j + 1, Date, d + "T" + p, true, false}
	}
	return match{j, Date, d, true, false}
}

// deictic reads words that name a day or a vague time by themselves:
// today, yesterday morning, tonight, now, recently, the future.
func (c *ctx) deictic(i int) match {
	day := func(off int) match {
		d := ymd(c.dct.AddDate(0, 0, off))
		if p := c.partOfDay(i + 1); p != "" {
			return match{i + 2, Time, d + "T" + p, true, false}
		}
		return match{i + 1, Date, d, true, false}
	}
	switch {
	case c.is(i, "today"):
		return day(0)
	case c.is(i, "yesterday"):
		return day(-1)
	case c.is(i, "tomorrow"):
		return day(1)
	case c.is(i, "tonight"):
		return match{i + 1, Time, ymd(c.dct) + "TNI", true, false}
	case c.isAny(i, "now", "currently", "nowadays"):
		return match{i + 1, Date, "PRESENT_REF", false, false}
	case c.is(i, "these") && c.is(i+1, "days"):
		return match{i + 2, Date, "PRESENT_REF", false, false}
	case c.is(i, "current") && !c.is(i-1, "the"):
		return match{i + 1, Date, "PRESENT_REF", false, false}
	case c.is(i, "recently"):
		return match{i + 1, Date, "PAST_REF", false, false}
	case c.is(i, "the") && c.is(i+1, "future"):
		return match{i + 2, Date, "FUTURE_REF", false, false}
	case c.is(i, "the") && c.is(i+1, "past"):
		return match{i + 2, Date, "PAST_REF", false, false}
	case c.is(i, "the") && c.is(i+1, "present"):
		return match{i + 2, Date, "PRESENT_REF", false, false}
	}
	return match{}
}

// relative reads "last month", "this week", "next Friday", "last fall",
// "this morning", "last night", "the weekend", "the past decade".
func (c *ctx) relative(i int) match {
	j, the := i, false
	if c.is(j, "the") {
		j, the = j+1, true
	}
	if the && c.isAny(j, "weekend") {
		// The weekend just past, or the coming one when the sentence looks
		// ahead or the DCT falls on it.
		wd := isoWeekday(c.dct)
		t := c.dct
		if wd < 6 && !c.fut(i) {
			t = t.AddDate(0, 0, -7)
		}
		return match{j + 1, Date, week(t) + "-WE", true, false}
	}
	if c.is(j, "most") && c.is(j+1, "recent") {
		j++
	}
	w := c.word(j)
	if w == nil || !w.isRel && !c.is(j, "recent") {
		return match{}
	}
	rel := int(w.rel)
	if c.is(j, "recent") {
		rel = -1
	}
	past := c.isAny(j, "past")
	k := j + 1
	if c.is(k, "fiscal") {
		k++
	}
	dy, dm := c.dct.Year(), int(c.dct.Month())
	if u := c.word(k); u != nil && u.unit != "" && !c.plural(k) {
		// "the past year" and "the last week" are a stretch of time; "last
		// year" a date.
		if (the && (past || rel != 0 && !c.isAny(j, "coming", "following", "latest")) || past) && u.unit != "Q" && u.unit != "WE" {
			return match{k + 1, Duration, durationValue(1, false, u.unit), false, false}
		}
		switch u.unit {
		case "Y":
			return match{k + 1, Date, pad4(dy + rel), true, false}
		case "M":
			y, m := addMonths(dy, dm, rel)
			return match{k + 1, Date, ym(y, m), true, false}
		case "W":
			return match{k + 1, Date, week(c.dct.AddDate(0, 0, 7*rel)), true, false}
		case "WE":
			return match{k + 1, Date, week(c.dct.AddDate(0, 0, 7*rel)) + "-WE", true, false}
		case "Q":
			y, q := c.dctQuarter()
			n := y*4 + q - 1 + rel
			return match{end: k + 1, typ: Date, val: quarter(n/4, n%4+1), anchored: true, quarter: true}
		case "DE":
			return match{k + 1, Date, strconv.Itoa(dy/10 + rel), true, false}
		case "CE":
			return match{k + 1, Date, strconv.Itoa(dy/100 + rel), true, false}
		case "D":
			if rel == 0 && c.is(k, "night") {
				return match{k + 1, Time, ymd(c.dct) + "TNI", true, false}
			}
		}
		if rel == -1 && c.is(k, "night") && !the {
			return match{k + 1, Time, ymd(c.dct.AddDate(0, 0, -1)) + "TNI", true, false}
		}
		return match{}
	}
	if p := c.partOfDay(k); p != "" && rel == 0 && !the {
		return match{k + 1, Time, ymd(c.dct) + "T" + p, true, false}
	}
	if wd, k2 := c.weekday(k); wd > 0 && !the {
		cur := isoWeekday(c.dct)
		var t time.Time
		switch {
		case rel < 0:
			t = c.dct.AddDate(0, 0, -((cur-wd+6)%7 + 1))
		case rel > 0:
			t = c.dct.AddDate(0, 0, (wd-cur+6)%7+1)
		default:
			t = c.dct.AddDate(0, 0, wd-cur)
		}
		return match{k2, Date, ymd(t), true, false}
	}
	if m, k2 := c.month(k); m > 0 && !the {
		y := dy
		switch {
		case rel < 0 && m >= dm:
			y--
		case rel > 0 && m <= dm:
			y++
		}
		return match{k2, Date, ym(y, m), true, false}
	}
	if sw := c.word(k); sw != nil && sw.season != "" && !the {
		cur := season(dm)
		target := seasonIndex(sw.season)
		y := dy
		if dm == 12 {
			y++ // December opens the winter named for the next year
		}
		switch {
		case rel < 0 && target >= cur:
			y--
		case rel > 0 && target <= cur:
			y++
		}
		return match{k + 1, Date, pad4(y) + "-" + sw.season, true, false}
	}
	return match{}
}

// season numbers the seasons of a year from winter (0) to fall (3).
func season(m int) int {
	switch {
	case m <= 2 || m == 12:
		return 0
	case m <= 5:
		return 1
	case m <= 8:
		return 2
	}
	return 3
}

func seasonIndex(s string) int {
	switch s {
	case "WI":
		return 0
	case "SP":
		return 1
	case "SU":
		return 2
	}
	return 3
}

// durationValue writes n units as an ISO 8601 duration (P3D, PT2H, PXY).
func durationValue(n int, vague bool, unit string) string {
	q := strconv.Itoa(n)
	switch unit {
	case "Q":
		unit, n = "M", n*3
	case "DE":
		if vague {
			return "PXDE"
		}
		unit, n = "Y", n*10
	case "CE":
		if vague {
			return "PXCE"
		}
		unit, n = "Y", n*100
	}
	q = strconv.Itoa(n)
	if vague {
		q = "X"
	}
	if unit[0] == 'T' {
		return "PT" + q + unit[1:]
	}
	return "P" + q + unit
}

// quantity reads amounts of time and what is counted from them: "three
// weeks", "two-year", "the past two years", "the first nine months", "up
// to 180 days", "two days ago", "a year earlier", "several years ago".
func (c *ctx) quantity(i int) match {
	j := i
	// Approximators belong to the span: "more than four hours", "at least 30 days".
	switch {
	case c.is(j, "no") && c.isAny(j+1, "more", "less", "fewer") && c.is(j+2, "than"):
		j += 3
	case c.isAny(j, "more", "less", "fewer") && c.is(j+1, "than"):
		j += 2
	case c.is(j, "at") && c.isAny(j+1, "least", "most"):
		j += 2
	case c.is(j, "up") && c.is(j+1, "to"):
		j += 2
	case c.is(j, "over") && !c.is(j+1, "the") && !(c.word(j+1) != nil && c.word(j+1).isRel):
		j++ // "over an hour", but not "over the past year"
	case c.word(j) != nil && c.word(j).approx && !c.is(j, "over"):
		j++
	}
	the := false
	if c.is(j, "the") {
		j, the = j+1, true
	}
	relw := false
	if w := c.word(j); w != nil && (w.isRel || w.ord == 1 || c.isAny(j, "final", "remaining", "recent", "first")) {
		j, relw = j+1, true
	}
	n, vague, k := c.number(j, !the)
	if k == j {
		// No number: "recent years", "the coming months", "for years".
		if !relw {
			// "for years", "within weeks": the span leaves "for" out.
			if u := c.unit(i); u != "" && c.plural(i) && c.isAny(i-1, "for", "within") && !c.is(i+1, "ago") {
				return match{i + 1, Duration, durationValue(0, true, u), false, false}
			}
			return match{}
		}
		if u := c.unit(k); u != "" && c.plural(k) {
			return c.vagueSpan(j-1, k+1, u)
		}
		return match{}
	}
	if c.isAny(j, "a", "an") && (the || relw) {
		return match{}
	}
	k = c.hyphen(k)
	u := c.unit(k)
	if u == "" {
		return match{}
	}
	hyph := k > 0 && c.punct(k-1, '-')
	end := k + 1
	if c.punct(end, '-') && c.adj(end) {
		// "6-year-old" is an age and "a year-earlier" a date read
		// elsewhere; neither is a duration.
		return match{}
	}
	if hyph && c.plural(k) || c.isAny(j, "a", "an") && c.is(k, "second") {
		return match{} // "three-quarters", "a second" look
	}
	// N units ago: a date counted back from publication.
	if !the && !relw && (c.isAny(end, "ago") || c.is(end, "earlier") && n == 1 && u == "Y") {
		if vague {
			return match{end + 1, Date, "PAST_REF", false, false}
		}
		return match{end + 1, Date, c.back(n, u), true, false}
	}
	if the && !relw && !hyph && n == 1 {
		return match{} // "the one day" is rarely a duration
	}
	if vague && relw {
		return c.vagueSpan(j-1, end, u)
	}
	return match{end, Duration, durationValue(n, vague, u), false, false}
}

// vagueSpan values an unknown stretch of time after the word at rel:
// "recent years" and "the past few months" point at the past (PAST_REF),
// "the coming months" at the future, "the next few days" is a duration.
func (c *ctx) vagueSpan(rel, end int, u string) match {
	switch {
	case c.isAny(rel, "recent", "past", "last", "previous"):
		return match{end, Date, "PAST_REF", false, false}
	case c.isAny(rel, "coming", "upcoming"):
		return match{end, Date, "FUTURE_REF", false, false}
	}
	return match{end, Duration, durationValue(0, true, u), false, false}
}

// back is the date n units before publication, at the unit's precision.
// "a year ago" after a quarter was named is that quarter a year before.
func (c *ctx) back(n int, u string) string {
	switch u {
	case "D":
		return ymd(c.dct.AddDate(0, 0, -n))
	case "W":
		return week(c.dct.AddDate(0, 0, -7*n))
	case "M":
		y, m := addMonths(c.dct.Year(), int(c.dct.Month()), -n)
		return ym(y, m)
	case "Q":
		y, q := c.dctQuarter()
		k := y*4 + q - 1 - n
		return quarter(k/4, k%4+1)
	case "Y":
		if c.lastQ > 0 && n == 1 {
			return quarter(c.lastQY-1, c.lastQ)
		}
		return pad4(c.dct.Year() - n)
	case "DE":
		return pad4(c.dct.Year() - 10*n)
	case "CE":
		return pad2(c.dct.Year()/100 - n)
	}
	return ymd(c.dct) // hours, minutes: the day
}

// quarterOrHalf reads fiscal quarters and halves: "the third quarter",
// "third-quarter", "the fourth quarter of 1989", "the quarter", "the
// year-earlier quarter", "the first half".
func (c *ctx) quarterOrHalf(i int) match {
	j := i
	if c.is(j, "the") {
		j++
	}
	// "the year-earlier quarter", "the year-ago third quarter": the
	// quarter named last, a year before.
	if c.is(j, "year") && c.punct(j+1, '-') && c.isAny(j+2, "earlier", "ago") && c.adj(j+1) && c.adj(j+2) {
		y, q := c.reportedQuarter()
		if c.lastQ > 0 {
			y, q = c.lastQY, c.lastQ
		}
		if c.is(j+3, "quarter") {
			return match{end: j + 4, typ: Date, val: quarter(y-1, q), anchored: true}
		}
		if m := c.quarterOrHalf(j + 3); m.end > 0 && len(m.val) == 7 && m.val[5] == 'Q' {
			return match{end: m.end, typ: Date, val: quarter(y-1, int(m.val[6]-'0')), anchored: true}
		}
		if j > i {
			return match{}
		}
		return match{end: j + 3, typ: Date, val: quarter(y-1, q), anchored: true}
	}
	// "the 1988 quarter", "the 1988 third quarter"
	if y := c.year(j); y > 0 && j > i {
		if c.is(j+1, "quarter") {
			_, q := c.reportedQuarter()
			if c.lastQ > 0 {
				q = c.lastQ
			}
			return match{end: j + 2, typ: Date, val: quarter(y, q), anchored: true}
		}
		if m := c.quarterOrHalf(j + 1); m.end > 0 && len(m.val) == 7 && m.val[5] == 'Q' {
			return match{end: m.end, typ: Date, val: quarter(y, int(m.val[6]-'0')), quarter: true}
		}
		return match{}
	}
	if j > i && c.is(j, "quarter") && !c.punct(j-2, '-') {
		y, q := c.reportedQuarter()
		return match{end: j + 1, typ: Date, val: quarter(y, q), anchored: true, quarter: true}
	}
	var n int
	if w := c.word(j); w != nil && w.ord > 0 {
		n = int(w.ord)
	} else if j < len(c.toks) && c.toks[j].k == kNum && c.toks[j].suffix == 'o' {
		n = c.toks[j].n
	}
	if n < 1 || n > 4 {
		return match{}
	}
	k := c.hyphen(j + 1)
	if c.is(k, "fiscal") {
		k++
	}
	half := c.is(k, "half")
	if !c.is(k, "quarter") && !(half && n <= 2) {
		return match{}
	}
	end := k + 1
	y := 0
	e2 := end
	if c.punct(e2, ',') || c.is(e2, "of") {
		e2++
	}
	if c.is(e2, "fiscal") {
		e2++
	}
	if yy := c.year(e2); yy > 0 {
		y, end = yy, e2+1
	}
	anchored := y == 0
	if half {
		if y == 0 {
			y = c.dct.Year()
			if n == 2 && c.dct.Month() <= 6 && !c.fut(i) {
				y--
			}
		}
		return match{end: end, typ: Date, val: pad4(y) + "-H" + strconv.Itoa(n), anchored: anchored}
	}
	if y == 0 {
		dy, dq := c.dctQuarter()
		y = dy
		if n > dq && !c.fut(i) {
			y--
		}
	}
	return match{end: end, typ: Date, val: quarter(y, n), anchored: anchored, quarter: true}
}

// reportedQuarter is the quarter an earnings report of the DCT speaks of
// as "the quarter": the one that ended up to a season before publication.
func (c *ctx) reportedQuarter() (int, int) {
	t := c.dct.AddDate(0, 0, -45)
	return t.Year(), (int(t.Month())-1)/3 + 1
}

var setWords = map[string]string{"daily": "P1D", "nightly": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y", "hourly": "PT1H", "quarterly": "P3M"}

// set reads recurrences: daily, every week, each Thursday, $5 a year.
func (c *ctx) set(i int) match {
	if i < len(c.toks) && c.toks[i].k == kWord {
		t := c.text(i)
		if len(t) <= 9 {
			var buf [9]byte
			for k := 0; k < len(t); k++ {
				buf[k] = lowerByte(t[k])
			}
			if v, ok := setWords[string(buf[:len(t)])]; ok {
				return match{i + 1, Set, v, false, false}
			}
		}
	}
	if c.isAny(i, "every", "each", "per") {
		j, n := i+1, 1
		if c.is(j, "other") {
			j, n = j+1, 2
		}
		if u := c.unit(j); u != "" && !c.plural(j) {
			return match{j + 1, Set, durationValue(n, false, u), false, false}
		}
		if wd, k := c.weekday(j); wd > 0 {
			return match{k, Set, "XXXX-WXX-" + strconv.Itoa(wd), false, false}
		}
		if m, k := c.month(j); m > 0 {
			return match{k, Set, "XXXX-" + pad2(m), false, false}
		}
		return match{}
	}
	if c.isAny(i, "a", "an") && i > 0 && (c.toks[i-1].k == kNum || c.punct(i-1, '%') || c.isAny(i-1, "once", "twice", "times")) {
		if u := c.unit(i + 1); u != "" && !c.plural(i+1) && !c.isAny(i+2, "ago", "earlier", "later") {
			return match{i + 2, Set, durationValue(1, false, u), false, false}
		}
	}
	return match{}
}

// modified reads a time expression after a modifier that joins its span
// and leaves its value: "late November", "earlier this year", "mid-1990s",
// "fiscal 1989", "the end of the year", "the late 1970s".
func (c *ctx) modified(i int) match {
	j := i
	if c.is(j, "the") && c.isAny(j+1, "end", "beginning", "start", "middle") && c.is(j+2, "of") {
		j += 3
		if c.is(j, "the") && c.isAny(j+1, "year", "month", "week", "quarter", "decade") {
			// "the end of the year": this year
			save := c.toks[j]
			_ = save
			m := c.relativeThis(j+1, j+2)
			if m.end > 0 {
				return m
			}
		}
	} else {
		if c.is(j, "the") {
			j++
		}
		w := c.word(j)
		if w == nil || !w.modifier {
			return match{}
		}
		if c.isAny(j, "earlier", "later") {
			if nw := c.word(j + 1); nw == nil || !nw.isRel && !c.isAny(j+1, "today", "tonight") {
				return match{}
			}
		}
		if c.is(j, "fiscal") && c.year(j+1) == 0 {
			return match{}
		}
		j++
		if c.punct(j, '-') && c.adj(j) {
			j++
		}
		if j > i+1 && c.is(i, "the") && !(c.toks[min(j, len(c.toks)-1)].k == kNum && c.toks[min(j, len(c.toks)-1)].suffix == 's') {
			return match{} // "the" before a modifier only for decades: the late 1970s
		}
	}
	if j >= len(c.toks) {
		return match{}
	}
	m := c.at(j)
	if m.end <= j || m.typ == Duration || m.typ == Set {
		return match{}
	}
	return m
}

// relativeThis is "the year" after "the end of": the DCT's year, month,
// week, quarter or decade.
func (c *ctx) relativeThis(u, end int) match {
	dy, dm := c.dct.Year(), int(c.dct.Month())
	switch {
	case c.is(u, "year"):
		return match{end, Date, pad4(dy), true, false}
	case c.is(u, "month"):
		return match{end, Date, ym(dy, dm), true, false}
	case c.is(u, "week"):
		return match{end, Date, week(c.dct), true, false}
	case c.is(u, "quarter"):
		y, q := c.dctQuarter()
		return match{end, Date, quarter(y, q), true, false}
	case c.is(u, "decade"):
		return match{end, Date, strconv.Itoa(dy / 10), true, false}
	}
	return match{}
}
