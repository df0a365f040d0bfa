package http

import (
	"bytes"
	"cmp"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	parallax "github.com/parallax-news/parallax"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// pages holds one parsed template set per page, each the layout plus the
// page's own blocks, parsed once at start-up so a broken template fails
// NewServer rather than a request.
type pages map[string]*template.Template

// pageNames are the page templates; each defines "title" and "content".
var pageNames = []string{"stories", "story", "storylines", "storyline", "article", "search", "add", "error", "entity", "sources"}

var funcs = template.FuncMap{
	"date":     formatDate,
	"day":      formatDay,
	"datetime": func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
	"plural": func(n int, one, many string) string {
		if n == 1 {
			return "1 " + one
		}
		return strconv.Itoa(n) + " " + many
	},
	"join":      strings.Join,
	"roleNames": topRoles,
	"entityURL": entityURL,
	"outlet":    outletName,
}

func parsePages() (pages, error) {
	// The partials go with the layout, so every page can use them.
	base, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/partials.html")
	if err != nil {
		return nil, fmt.Errorf("http: parsing layout: %w", err)
	}
	p := pages{}
	for _, name := range pageNames {
		t, err := template.Must(base.Clone()).ParseFS(templateFS, "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("http: parsing %s page: %w", name, err)
		}
		p[name] = t
	}
	return p, nil
}

// layout is what every page gets: the layout's own fields and the page's data.
type layout struct {
	Title string
	Q     string // the header search box's value
	Page  any
}

// render executes a page into a buffer first, so a template error yields a
// clean 500 instead of half a page.
func (s *Server) render(w http.ResponseWriter, status int, name, title, q string, data any) error {
	var buf bytes.Buffer
	if err := s.pages[name].ExecuteTemplate(&buf, "layout.html", layout{Title: title, Q: q, Page: data}); err != nil {
		return fmt.Errorf("rendering %s page: %w", name, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
	return nil
}

// errorPage is the data of the error page.
type errorPage struct {
	Status  int
	Heading string
	Message string
}

// pageError answers err as an HTML page with its mapped status.
func (s *Server) pageError(w http.ResponseWriter, r *http.Request, err error) {
	_, status, msg := s.errorInfo(r, err)
	heading := http.StatusText(status)
	if status == http.StatusNotFound {
		heading = "Not found"
	}
	if rerr := s.render(w, status, "error", heading, "", errorPage{Status: status, Heading: heading, Message: msg}); rerr != nil {
		s.log.Error("rendering error page", "error", rerr)
		http.Error(w, msg, status)
	}
}

func (s *Server) pageNotFound(w http.ResponseWriter, r *http.Request) error {
	return parallax.Errorf(parallax.ENotFound, "There is no page at %s.", r.URL.Path)
}

// staticHandler serves the embedded stylesheet and other assets.
func staticHandler() http.Handler {
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		panic(err) // the embed pattern guarantees the folder
	}
	fsrv := http.StripPrefix("/static/", http.FileServerFS(sub))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		fsrv.ServeHTTP(w, r)
	})
}

// formatDate shows a time as a calm, unambiguous date in UTC.
func formatDate(t time.Time) string {
	if t.IsZero() {
		return "date unknown"
	}
	t = t.UTC()
	if t.Hour() == 0 && t.Minute() == 0 {
		return t.Format("2 Jan 2006")
	}
	return t.Format("2 Jan 2006, 15:04 UTC")
}

// formatDay shows the UTC day of a time, for ranges of days.
func formatDay(t time.Time) string {
	if t.IsZero() {
		return "date unknown"
	}
	return t.UTC().Format("2 Jan 2006")
}

func outletName(o string) string {
	if o == "" {
		return "unknown outlet"
	}
	return o
}

// storyItem is a story in the list.
type storyItem struct {
	parallax.StorySummary
	OutletNames []string
}

// storiesPage is the data of the story list.
type storiesPage struct {
	Stories    []storyItem
	Prev, Next string // links to neighbouring pages, "" when none
}

func (s *Server) pageStories(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	limit, offset, err := pageParams(q, defaultStoryLimit)
	if err != nil {
		return err
	}
	list, err := s.store.Stories(r.Context(), parallax.StoryFilter{Limit: limit, Offset: offset})
	if err != nil {
		return err
	}
	var data storiesPage
	for _, st := range list {
		item := storyItem{StorySummary: st}
		for _, a := range st.Articles {
			if name := outletName(a.Outlet); !slices.Contains(item.OutletNames, name) {
				item.OutletNames = append(item.OutletNames, name)
			}
		}
		data.Stories = append(data.Stories, item)
	}
	if offset > 0 {
		data.Prev = pageLink("/", q, max(offset-limit, 0))
	}
	if len(list) == limit {
		data.Next = pageLink("/", q, offset+limit)
	}
	return s.render(w, http.StatusOK, "stories", "Stories", "", data)
}

// pageLink is path with query q at another offset.
func pageLink(path string, q url.Values, offset int) string {
	q = cloneValues(q)
	if offset == 0 {
		q.Del("offset")
	} else {
		q.Set("offset", strconv.Itoa(offset))
	}
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}

// cloneValues copies url.Values so links never alter the request's own values.
func cloneValues(q url.Values) url.Values {
	c := make(url.Values, len(q))
	for k, v := range q {
		c[k] = slices.Clone(v)
	}
	return c
}

// storyPage is the data of a story page.
type storyPage struct {
	Story    parallax.StoryView
	Outlets  []outletGroup
	Speakers []speakerGroup
	Summary  []summaryItem
	Timeline *timelineChart // nil when the story has no dated happening

	Line      *storylineRef          // the storyline the story is an event of; nil when unknown
	SplitOff  *parallax.StorySummary // the story a split just made, for the notice after the redirect
	NeedToken bool                   // the merge and split forms ask for the write token
	// MergeError and SplitError are the forms' messages after a refused edit.
	MergeError, SplitError string
}

// storylineRef is what a story page shows of its storyline: a link, the
// story's place among the events, and the other events, which the merge
// form offers.
type storylineRef struct {
	ID, Title string
	Events    int // how many events the storyline has
	Position  int // 1-based place of this story among them, oldest first
	Others    []parallax.StorySummary
}

// summaryItem is one summary sentence with the outlets that said it, for
// the hover title, and the article it links to.
type summaryItem struct {
	parallax.SummarySentence
	Outlets string // "cnn.com, timesofisrael.com"
}

// summaryItems names, for each summary sentence, every outlet cited.
func summaryItems(sentences []parallax.SummarySentence) []summaryItem {
	var out []summaryItem
	for _, s := range sentences {
		var names []string
		for _, c := range s.Citations {
			if n := outletName(c.Outlet); !slices.Contains(names, n) {
				names = append(names, n)
			}
		}
		out = append(out, summaryItem{SummarySentence: s, Outlets: strings.Join(names, ", ")})
	}
	return out
}

// timelineChart is the story's timeline drawn as an SVG strip: one dot per
// entry on a date axis, entries of one date stacked. Coordinates are
// computed here so the template only places them.
type timelineChart struct {
	Width, Height int
	Axis          int // y of the axis line
	Ticks         []chartTick
	Dots          []chartDot
	Entries       []parallax.TimelineEntry
}

type chartTick struct {
	X     int
	Label string
}

type chartDot struct {
	X, Y  int
	Label string // the entry's date and words, for the hover title
	Href  string
	Month bool // month precision: drawn hollow
}

// Chart geometry, in SVG user units.
const (
	chartWidth  = 720
	chartMargin = 40
	chartStep   = 14 // vertical distance between stacked dots
)

// newTimelineChart lays the entries on a linear date axis from the first
// to the last date (a month entry sits on its first day).
func newTimelineChart(entries []parallax.TimelineEntry) *timelineChart {
	type at struct {
		t time.Time
		e parallax.TimelineEntry
	}
	var pts []at
	for _, e := range entries {
		layout := time.DateOnly
		if e.Precision == parallax.PrecisionMonth {
			layout = "2006-01"
		}
		if t, err := time.Parse(layout, e.Date); err == nil {
			pts = append(pts, at{t, e})
		}
	}
	if len(pts) == 0 {
		return nil
	}
	first, last := pts[0].t, pts[0].t
	for _, p := range pts {
		first, last = minTime(first, p.t), maxTime(last, p.t)
	}
	span := last.Sub(first).Hours()
	x := func(t time.Time) int {
		if span == 0 {
			return chartWidth / 2
		}
		return chartMargin + int(t.Sub(first).Hours()/span*float64(chartWidth-2*chartMargin))
	}
	stack := map[int]int{}
	c := &timelineChart{Width: chartWidth}
	for _, p := range pts {
		px := x(p.t)
		c.Dots = append(c.Dots, chartDot{X: px, Y: stack[px], Label: p.e.Date + " · " + p.e.Text,
			Href: "/articles/" + url.PathEscape(p.e.Article), Month: p.e.Precision == parallax.PrecisionMonth})
		stack[px]++
	}
	tallest := 0
	for _, n := range stack {
		tallest = max(tallest, n)
	}
	c.Axis = 20 + tallest*chartStep
	c.Height = c.Axis + 30
	for i := range c.Dots {
		c.Dots[i].Y = c.Axis - 10 - c.Dots[i].Y*chartStep
	}
	c.Ticks = append(c.Ticks, chartTick{X: x(first), Label: first.Format("2 Jan 2006")})
	if !last.Equal(first) {
		c.Ticks = append(c.Ticks, chartTick{X: x(last), Label: last.Format("2 Jan 2006")})
	}
	c.Entries = entries
	return c
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// outletGroup is one outlet's original articles in a story, oldest first.
type outletGroup struct {
	Outlet   string
	Articles []articleItem
}

// articleItem is an article with the near-copies folded under it.
type articleItem struct {
	parallax.ArticleMeta
	When   time.Time // published, else fetched
	Copies []articleItem
	Why    *parallax.ArticleWhy // the evidence that put it in the story; nil if none
	Reuses *reuseItem           // the earlier article it copies, rewrites or translates; nil if none
}

// reuseItem names the source an article reuses (parallax.ArticleLineage),
// with what the page shows of it.
type reuseItem struct {
	Kind   string // copy, rewrite or translation
	Source string // article id
	Title  string
	Outlet string
}

// speakerGroup is one speaker's quotes; Name is "" for unattributed quotes.
type speakerGroup struct {
	Name   string
	Roles  []string // the speaker's roles in this story, most frequent first
	Quotes []quoteItem
	Graph  *graph // how the speaker's words reached the articles; nil for unknown speakers
}

// quoteItem is one statement as listed on the story page: its words once,
// with every article that carried them (a copy repeats its original's quotes).
type quoteItem struct {
	Text    string
	Sources []quoteSource
}

// quoteSource is one article that carried a quote.
type quoteSource struct {
	Outlet  string
	Article string // article id
	Title   string // article title
	Anchor  string // "q-N" on the article page, "" when the quote cannot be found there
	Wording string // this article's words when they differ from the item's Text
	ToldTo  []string
	Via     []string
}

// speakerGroups lists who said what: each named speaker of the view (most
// statements first) with their statements, one statement carried by
// several articles listed once with all of them, earliest first, and the
// graph of how their words travelled; then the quotes whose speaker is unknown.
func speakerGroups(v parallax.StoryView, arts []*parallax.StoredArticle) []speakerGroup {
	meta := map[string]parallax.ArticleMeta{}
	for _, m := range v.Articles {
		meta[m.ID] = m
	}
	analysis := map[string]*parallax.StoredArticle{}
	for _, a := range arts {
		if a != nil {
			analysis[a.ID] = a
		}
	}
	var groups []speakerGroup
	for _, sp := range v.Speakers {
		g := speakerGroup{Name: sp.Name, Roles: topRoles(sp.Roles, 2), Graph: relayGraph(sp, meta)}
		for _, st := range sp.Statements {
			item := quoteItem{Text: st.Text}
			shown := map[string]bool{}
			for _, o := range st.Occurrences {
				if shown[o.Article] {
					continue // a fragment quoted again inside the same article's longer quote
				}
				shown[o.Article] = true
				src := quoteSource{Outlet: o.Outlet, Article: o.Article, Title: meta[o.Article].Title, ToldTo: o.ToldTo, Via: o.Via}
				if a := analysis[o.Article]; a != nil {
					src.Anchor = findQuote(a.Analysis.Quotes, o.Start, o.End)
				}
				if quoteKey(o.Text) != quoteKey(st.Text) {
					src.Wording = o.Text
				}
				item.Sources = append(item.Sources, src)
			}
			g.Quotes = append(g.Quotes, item)
		}
		groups = append(groups, g)
	}
	// Reported speech without a source reads as narration ("…, which …"):
	// only words in quotation marks are worth listing as said by someone unknown.
	var unknown []parallax.StoryQuote
	for _, q := range v.Quotes {
		if q.Speaker == "" && q.Direct {
			unknown = append(unknown, q)
		}
	}
	return append(groups, groupQuotes(unknown, v.Articles, arts)...)
}

// topRoles returns up to n distinct roles, most often given first.
func topRoles(rs []parallax.Role, n int) []string {
	count := map[string]int{}
	var order []string
	for _, r := range rs {
		if count[r.Role] == 0 {
			order = append(order, r.Role)
		}
		count[r.Role]++
	}
	slices.SortStableFunc(order, func(a, b string) int { return cmp.Compare(count[b], count[a]) })
	return order[:min(n, len(order))]
}

func (s *Server) pageStory(w http.ResponseWriter, r *http.Request) error {
	return s.renderStory(w, r, http.StatusOK, storyPage{}, r.URL.Query().Get("split"))
}

// renderStory renders the page of story r.PathValue("id") with status, on
// top of data's form messages. splitOff names a story a split has just made,
// for the notice; it is shown only when it is another event of the same
// storyline, so the query string cannot make the page claim anything else.
func (s *Server) renderStory(w http.ResponseWriter, r *http.Request, status int, data storyPage, splitOff string) error {
	v, arts, err := s.storyView(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	data.Story = v
	data.Outlets = groupByOutlet(v.Articles, arts)
	data.Speakers = speakerGroups(v, arts)
	data.Summary = summaryItems(v.Summary)
	data.Timeline = newTimelineChart(v.Timeline)
	data.NeedToken = s.token != ""
	if data.Line, err = s.storylineRef(r.Context(), v.StorySummary); err != nil {
		return err
	}
	if data.Line != nil && splitOff != "" {
		for i, e := range data.Line.Others {
			if e.ID == splitOff {
				data.SplitOff = &data.Line.Others[i]
			}
		}
	}
	whys := map[string]*parallax.ArticleWhy{}
	for i := range v.Why {
		whys[v.Why[i].Article] = &v.Why[i]
	}
	metas := map[string]parallax.ArticleMeta{}
	for _, m := range v.Articles {
		metas[m.ID] = m
	}
	reuses := map[string]*reuseItem{}
	for _, l := range v.Lineage {
		src := metas[l.Source]
		reuses[l.Article] = &reuseItem{Kind: l.Kind, Source: l.Source, Title: src.Title, Outlet: src.Outlet}
	}
	for g := range data.Outlets {
		for i := range data.Outlets[g].Articles {
			it := &data.Outlets[g].Articles[i]
			it.Why = whys[it.ID]
			it.Reuses = reuses[it.ID]
			for j := range it.Copies {
				it.Copies[j].Why = whys[it.Copies[j].ID]
			}
		}
	}
	title := v.Title
	if title == "" {
		title = "Untitled story"
	}
	return s.render(w, status, "story", title, "", data)
}

// groupByOutlet groups a story's articles by outlet, each outlet's articles
// by time, and folds near-copies under the article they copy. Outlets come in
// the order of their first original article; an outlet that only copied
// appears only under the originals.
func groupByOutlet(metas []parallax.ArticleMeta, arts []*parallax.StoredArticle) []outletGroup {
	fetched := map[string]time.Time{}
	for _, a := range arts {
		if a != nil {
			fetched[a.ID] = a.Fetched
		}
	}
	items := make([]articleItem, len(metas))
	index := map[string]int{}
	for i, m := range metas {
		when := m.Published
		if when.IsZero() {
			when = fetched[m.ID]
		}
		items[i] = articleItem{ArticleMeta: m, When: when}
		index[m.ID] = i
	}
	slices.SortStableFunc(items, func(a, b articleItem) int { return a.When.Compare(b.When) })
	for i, it := range items {
		index[it.ID] = i
	}
	// root follows DuplicateOf to the original within this story; a copy
	// whose original is elsewhere (or gone) stands on its own.
	root := func(i int) int {
		for range len(items) { // bounded: a cycle in bad data must not hang the page
			j, ok := index[items[i].DuplicateOf]
			if items[i].DuplicateOf == "" || !ok || j == i {
				return i
			}
			i = j
		}
		return i
	}
	copies := map[int][]articleItem{}
	var originals []int
	for i := range items {
		if r := root(i); r != i {
			copies[r] = append(copies[r], items[i])
		} else {
			originals = append(originals, i)
		}
	}
	var groups []outletGroup
	pos := map[string]int{}
	for _, i := range originals {
		it := items[i]
		it.Copies = copies[i]
		g, ok := pos[it.Outlet]
		if !ok {
			g = len(groups)
			pos[it.Outlet] = g
			groups = append(groups, outletGroup{Outlet: it.Outlet})
		}
		groups[g].Articles = append(groups[g].Articles, it)
	}
	return groups
}

// groupQuotes groups quotes by speaker: speakers with most quotes first,
// ties in order of first quote, unattributed quotes last. Each quote links
// to its anchor on the article page.
func groupQuotes(quotes []parallax.StoryQuote, metas []parallax.ArticleMeta, arts []*parallax.StoredArticle) []speakerGroup {
	meta := map[string]parallax.ArticleMeta{}
	for _, m := range metas {
		meta[m.ID] = m
	}
	analysis := map[string]*parallax.StoredArticle{}
	for _, a := range arts {
		if a != nil {
			analysis[a.ID] = a
		}
	}
	var groups []speakerGroup
	pos := map[string]int{}
	seen := map[[2]string]int{} // speaker key, normalised text → index in its group
	for _, q := range quotes {
		key := q.EntityID
		if key == "" {
			key = "name:" + q.Speaker
		}
		if q.Speaker == "" {
			key = ""
		}
		g, ok := pos[key]
		if !ok {
			g = len(groups)
			pos[key] = g
			groups = append(groups, speakerGroup{Name: q.Speaker})
		}
		m := meta[q.Article]
		src := quoteSource{Outlet: m.Outlet, Article: q.Article, Title: m.Title}
		if a := analysis[q.Article]; a != nil {
			src.Anchor = findQuote(a.Analysis.Quotes, q.Start, q.End)
		}
		k := [2]string{key, quoteKey(q.Text)}
		if i, ok := seen[k]; ok {
			groups[g].Quotes[i].Sources = append(groups[g].Quotes[i].Sources, src)
			continue
		}
		seen[k] = len(groups[g].Quotes)
		groups[g].Quotes = append(groups[g].Quotes, quoteItem{Text: q.Text, Sources: []quoteSource{src}})
	}
	slices.SortStableFunc(groups, func(a, b speakerGroup) int {
		if (a.Name == "") != (b.Name == "") {
			if a.Name == "" {
				return 1
			}
			return -1
		}
		return cmp.Compare(len(b.Quotes), len(a.Quotes))
	})
	return groups
}

// quoteKey is the form in which two quotes count as the same words: case,
// spacing and surrounding punctuation ignored.
func quoteKey(s string) string {
	s = strings.ToLower(strings.Join(strings.Fields(s), " "))
	return strings.TrimFunc(s, func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSpace(r) })
}

// findQuote returns the anchor of the article quote whose content span is
// [start, end), else of the first one containing start, else "".
func findQuote(qs []parallax.Quote, start, end int) string {
	for i, q := range qs {
		if q.Content.Start == start && q.Content.End == end {
			return quoteAnchor(i)
		}
	}
	for i, q := range qs {
		if q.Content.Start <= start && start < q.Content.End {
			return quoteAnchor(i)
		}
	}
	return ""
}

// articlePage is the data of an article page.
type articlePage struct {
	Article   *parallax.StoredArticle
	Text      articleText
	NeedToken bool
}

func (s *Server) pageArticle(w http.ResponseWriter, r *http.Request) error {
	a, err := s.store.Article(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	title := a.Title
	if title == "" {
		title = "Untitled article"
	}
	data := articlePage{Article: a, Text: layoutText(a.Text, a.Analysis), NeedToken: s.token != ""}
	return s.render(w, http.StatusOK, "article", title, "", data)
}

// parseForm parses a POSTed form under the body cap.
func (s *Server) parseForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, s.maxBody)
	if err := r.ParseForm(); err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return parallax.Errorf(codeTooLarge, "the form is larger than %d bytes", s.maxBody)
		}
		return parallax.Errorf(parallax.EInvalid, "the form could not be read")
	}
	return nil
}

// formTokenOK checks the write token a UI form carries in its "token" field.
// Forms do not use cookies: with no session there is nothing for a
// cross-site request to ride on, and CrossOriginProtection refuses those anyway.
func (s *Server) formTokenOK(r *http.Request) bool { return s.tokenOK(r.PostFormValue("token")) }

var errFormToken = parallax.Errorf(parallax.EUnauthorized, "The write token is missing or wrong.")

func (s *Server) pageDeleteArticle(w http.ResponseWriter, r *http.Request) error {
	if err := s.parseForm(w, r); err != nil {
		return err
	}
	if !s.formTokenOK(r) {
		return errFormToken
	}
	id := r.PathValue("id")
	a, err := s.store.Article(r.Context(), id)
	if err != nil {
		return err
	}
	if err := s.deleteArticle(r.Context(), id); err != nil {
		return err
	}
	// Back to the story, unless the delete removed its last article.
	to := "/"
	if a.Story != "" {
		if _, _, err := s.store.Story(r.Context(), a.Story); err == nil {
			to = "/stories/" + url.PathEscape(a.Story)
		}
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// addPage is the data of the add-article form.
type addPage struct {
	Title, Outlet, URL, Text string
	Error                    string
	NeedToken                bool
}

func (s *Server) pageAddForm(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, http.StatusOK, "add", "Add an article", "", addPage{NeedToken: s.token != ""})
}

func (s *Server) pageAdd(w http.ResponseWriter, r *http.Request) error {
	if err := s.parseForm(w, r); err != nil {
		return err
	}
	form := addPage{
		Title:     strings.TrimSpace(r.PostFormValue("title")),
		Outlet:    strings.TrimSpace(r.PostFormValue("outlet")),
		URL:       strings.TrimSpace(r.PostFormValue("url")),
		Text:      r.PostFormValue("text"),
		NeedToken: s.token != "",
	}
	again := func(status int, msg string) error {
		form.Error = msg
		return s.render(w, status, "add", "Add an article", "", form)
	}
	if !s.formTokenOK(r) {
		return again(http.StatusUnauthorized, "The write token is missing or wrong.")
	}
	if strings.TrimSpace(form.Text) == "" {
		return again(http.StatusBadRequest, "Paste the article's text.")
	}
	art := parallax.Article{
		URL:         form.URL,
		Outlet:      strings.ToLower(form.Outlet),
		Title:       form.Title,
		ContentType: parallax.ContentText,
		Body:        []byte(form.Text),
		Origin:      "form",
		Fetched:     s.now(),
	}
	if form.URL != "" {
		u, err := url.Parse(form.URL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return again(http.StatusBadRequest, "The URL must be an http or https address.")
		}
		if art.Outlet == "" {
			art.Outlet = parallax.OutletOf(form.URL)
		}
	}
	results, err := s.ingest(r.Context(), func(yield func(parallax.Article, error) bool) { yield(art, nil) })
	if err != nil {
		return err
	}
	if len(results) == 0 {
		return fmt.Errorf("ingester returned no result for one article")
	}
	res := results[0]
	switch res.Status {
	case parallax.StatusStored, parallax.StatusUnchanged:
		http.Redirect(w, r, "/articles/"+url.PathEscape(res.ID), http.StatusSeeOther)
		return nil
	case parallax.StatusConflict:
		return again(http.StatusConflict, "An article with this id is already stored with a different text: "+res.Error)
	default:
		return again(http.StatusUnprocessableEntity, "The article was not stored: "+res.Error)
	}
}

// searchPage is the data of the search page.
type searchPage struct {
	Q, Outlet, Entity, From, To string // the form as typed
	Searched                    bool
	Error                       string
	Hits                        []hitItem
	Total                       int
	First, Last                 int // 1-based positions of the hits shown
	Prev, Next                  string
}

// hitItem is a search hit with its snippet cut at the marks.
type hitItem struct {
	parallax.SearchHit
	Pieces []snippetPiece
}

func (s *Server) pageSearch(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	data := searchPage{
		Q: q.Get("q"), Outlet: q.Get("outlet"), Entity: q.Get("entity"),
		From: q.Get("from"), To: q.Get("to"),
	}
	title := "Search"
	if data.Q != "" {
		title = "Search: " + data.Q
	}
	searched := false
	for _, k := range []string{"q", "outlet", "entity", "from", "to"} {
		searched = searched || strings.TrimSpace(q.Get(k)) != ""
	}
	if !searched {
		return s.render(w, http.StatusOK, "search", title, data.Q, data)
	}
	f, err := searchFilter(q)
	if err != nil {
		if parallax.ErrorCode(err) != parallax.EInvalid {
			return err
		}
		data.Error = parallax.ErrorMessage(err)
		return s.render(w, http.StatusBadRequest, "search", title, data.Q, data)
	}
	res, err := s.store.Search(r.Context(), f)
	if err != nil {
		return err
	}
	data.Searched = true
	data.Total = res.Total
	for _, h := range res.Hits {
		data.Hits = append(data.Hits, hitItem{SearchHit: h, Pieces: snippetPieces(h.Snippet, h.Marks)})
	}
	if len(data.Hits) > 0 {
		data.First, data.Last = f.Offset+1, f.Offset+len(data.Hits)
	}
	if f.Offset > 0 {
		data.Prev = pageLink("/search", q, max(f.Offset-f.Limit, 0))
	}
	if f.Offset+len(res.Hits) < res.Total && len(res.Hits) > 0 {
		data.Next = pageLink("/search", q, f.Offset+f.Limit)
	}
	return s.render(w, http.StatusOK, "search", title, data.Q, data)
}
