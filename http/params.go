package http

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	parallax "github.com/parallax-news/parallax"
)

// Paging bounds shared by the API and the UI.
const (
	defaultStoryLimit  = 50
	defaultSearchLimit = 20
	maxLimit           = 200
)

// intParam parses the query parameter name as an integer in [lo, hi];
// absent or empty gives def.
func intParam(q url.Values, name string, def, lo, hi int) (int, error) {
	v := strings.TrimSpace(q.Get(name))
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, parallax.Errorf(parallax.EInvalid, "%s must be an integer from %d to %d, not %q", name, lo, hi, v)
	}
	return n, nil
}

// pageParams parses limit and offset.
func pageParams(q url.Values, defLimit int) (limit, offset int, err error) {
	if limit, err = intParam(q, "limit", defLimit, 1, maxLimit); err != nil {
		return 0, 0, err
	}
	if offset, err = intParam(q, "offset", 0, 0, 1<<30); err != nil {
		return 0, 0, err
	}
	return limit, offset, nil
}

// dateParam parses a YYYY-MM-DD date (UTC) or an RFC 3339 time. dateOnly
// reports that v was a date, so an upper bound can include that whole day.
func dateParam(name, v string) (t time.Time, dateOnly bool, err error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}, false, nil
	}
	if t, err := time.Parse(time.DateOnly, v); err == nil {
		return t, true, nil
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, false, nil
	}
	return time.Time{}, false, parallax.Errorf(parallax.EInvalid,
		"%s must be a date (2016-11-10) or an RFC 3339 time (2016-11-10T09:00:00Z), not %q", name, v)
}

// searchFilter parses the search parameters shared by GET /api/search and
// the search page. A `to` given as a date includes that day, as people mean
// it; a `to` given as a time is exclusive, as SearchFilter.To is.
func searchFilter(q url.Values) (parallax.SearchFilter, error) {
	f := parallax.SearchFilter{
		Query:  strings.TrimSpace(q.Get("q")),
		Outlet: strings.TrimSpace(q.Get("outlet")),
		Entity: strings.TrimSpace(q.Get("entity")),
	}
	var err error
	if f.Limit, f.Offset, err = pageParams(q, defaultSearchLimit); err != nil {
		return f, err
	}
	if f.From, _, err = dateParam("from", q.Get("from")); err != nil {
		return f, err
	}
	var day bool
	if f.To, day, err = dateParam("to", q.Get("to")); err != nil {
		return f, err
	}
	if day {
		f.To = f.To.AddDate(0, 0, 1)
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		return f, parallax.Errorf(parallax.EInvalid, "from must be before to")
	}
	if len(f.Query) > 1000 {
		return f, parallax.Errorf(parallax.EInvalid, "q is longer than 1000 bytes")
	}
	return f, nil
}
