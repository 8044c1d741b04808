// Package calendar is China's official working-day calendar as data: for
// each year, the State Council General Office's holiday notice
// (国务院办公厅关于XXXX年部分节假日安排的通知), its holiday blocks and its
// adjusted working days (调休上班).
//
// The data is one JSON file per year under years/, embedded in the binary.
// A day in a year with no notice loaded is unknown: every method returns an
// error matching ErrNoNotice for it and never falls back to Monday–Friday.
// Adding a year is a data-only change: add years/YYYY.json.
//
// Dates are civil dates. Functions take a time.Time and use only its year,
// month and day (in its own location); they return dates at UTC midnight.
//
// The package does no I/O beyond reading its embedded files.
package calendar

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// ErrNoNotice is matched (errors.Is) by every error about a day in a year
// for which no State Council holiday notice is loaded. The error itself is a
// *NoNoticeError carrying the year.
var ErrNoNotice = errors.New("calendar: no State Council holiday notice loaded for the year")

// NoNoticeError says that a day falls in a year for which no State Council
// holiday notice is loaded, so whether it is a working day is unknown.
type NoNoticeError struct {
	// Year is the calendar year with no notice.
	Year int
}

// Error implements error.
func (e *NoNoticeError) Error() string {
	return fmt.Sprintf("calendar: no State Council holiday notice loaded for %d", e.Year)
}

// Is makes errors.Is(err, ErrNoNotice) true.
func (e *NoNoticeError) Is(target error) bool { return target == ErrNoNotice }

// Notice is the State Council General Office notice a year's data comes
// from, and where the data was checked.
type Notice struct {
	// TitleZH is the notice's title as published.
	TitleZH string `json:"title_zh"`
	// DocumentNumber is the document number (发文字号), e.g. 国办发明电〔2025〕7号.
	DocumentNumber string `json:"document_number"`
	// Date is the day the notice was dated and published, YYYY-MM-DD.
	Date string `json:"date"`
	// URL is the notice on gov.cn.
	URL string `json:"url"`
	// OtherURLs are other official addresses of the same notice.
	OtherURLs []string `json:"other_urls,omitempty"`
	// Checked lists the sources the data was checked against.
	Checked []string `json:"checked"`
}

// Holiday is one block of consecutive days off as announced in a notice,
// including the Saturdays and Sundays inside it.
type Holiday struct {
	// NameZH is the name used in the notice, e.g. 春节 or 中秋节、国庆节.
	NameZH string `json:"name_zh"`
	// NameEN is an English name.
	NameEN string `json:"name_en"`
	// First is the first day off, YYYY-MM-DD. It may fall in the previous
	// year (the 2023 元旦 block starts on 2022-12-31, a Saturday).
	First string `json:"first"`
	// Last is the last day off, YYYY-MM-DD.
	Last string `json:"last"`
}

// AdjustedDay is a Saturday or Sunday the notice makes a working day
// (调休上班).
type AdjustedDay struct {
	// Date is the day worked, YYYY-MM-DD.
	Date string `json:"date"`
	// HolidayZH names the holiday block it belongs to (Holiday.NameZH).
	HolidayZH string `json:"holiday_zh"`
}

// Year is one year's calendar as published.
type Year struct {
	// Year is the calendar year.
	Year int `json:"year"`
	// Notice is the State Council notice the data comes from.
	Notice Notice `json:"notice"`
	// Holidays are the blocks of days off, in date order.
	Holidays []Holiday `json:"holidays"`
	// AdjustedWorkingDays are the weekend days worked, in date order.
	AdjustedWorkingDays []AdjustedDay `json:"adjusted_working_days"`
	// DaysOff is the number of days in the holiday blocks, as published
	// (counting days that fall in the previous year).
	DaysOff int `json:"days_off"`
	// WorkingDays is the published number of working days in the year; the
	// data is checked against it when loaded.
	WorkingDays int `json:"working_days"`
}

// Calendar answers working-day questions for the years it holds. A
// Calendar is immutable and safe for concurrent use.
type Calendar struct {
	years map[int]*yearDays
	meta  []Year // sorted by year
}

// yearDays holds one year's exceptions to the weekend rule, keyed by the
// day of the year (1..366).
type yearDays struct {
	off      map[int]bool // Monday–Friday days off (weekend days off change nothing)
	adjusted map[int]bool // Saturdays and Sundays worked
}

//go:embed years/*.json
var yearFiles embed.FS

// defaultCalendar parses the embedded data once.
var defaultCalendar = sync.OnceValue(func() *Calendar {
	c, err := load(yearFiles, "years")
	if err != nil {
		// The embedded data is checked by the package's tests; failing here
		// means the binary was built from broken data.
		panic(err)
	}
	return c
})

// Default returns the calendar built from the embedded notices (2022–2026
// at present). The data is parsed once; the result is shared and immutable.
func Default() *Calendar { return defaultCalendar() }

// Date returns the civil date y-m-d as a time.Time at UTC midnight.
func Date(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// ParseDate parses a YYYY-MM-DD civil date to UTC midnight.
func ParseDate(s string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("calendar: %q is not a YYYY-MM-DD date", s)
	}
	return t, nil
}

// civil reduces t to its civil date at UTC midnight.
func civil(t time.Time) time.Time {
	y, m, d := t.Date()
	return Date(y, m, d)
}

// IsWorkingDay reports whether d is a working day under the State Council's
// notice for d's year: Monday to Friday unless inside a holiday block, and
// the Saturdays and Sundays the notice makes working days. For a year with
// no notice loaded it returns a *NoNoticeError (errors.Is ErrNoNotice).
func (c *Calendar) IsWorkingDay(d time.Time) (bool, error) {
	d = civil(d)
	yd, ok := c.years[d.Year()]
	if !ok {
		return false, &NoNoticeError{Year: d.Year()}
	}
	doy := d.YearDay()
	switch d.Weekday() {
	case time.Saturday, time.Sunday:
		return yd.adjusted[doy], nil
	default:
		return !yd.off[doy], nil
	}
}

// AddWorkingDays returns, for n > 0, the nth working day after d and, for
// n < 0, the |n|th working day before d; d itself is never counted (Civil
// Code art. 201: the day of the event is not counted). For n == 0 it returns
// d. If the count reaches a year with no notice loaded, it returns a
// *NoNoticeError for that year (errors.Is ErrNoNotice) and no date.
func (c *Calendar) AddWorkingDays(d time.Time, n int) (time.Time, error) {
	d = civil(d)
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	for n > 0 {
		d = d.AddDate(0, 0, step)
		ok, err := c.IsWorkingDay(d)
		if err != nil {
			return time.Time{}, err
		}
		if ok {
			n--
		}
	}
	return d, nil
}

// WorkingDaysBetween counts the working days d with a < d <= b. If b is
// before a it returns minus the count of working days d with b < d <= a. A
// day in a year with no notice loaded gives a *NoNoticeError.
func (c *Calendar) WorkingDaysBetween(a, b time.Time) (int, error) {
	a, b = civil(a), civil(b)
	sign := 1
	if b.Before(a) {
		a, b, sign = b, a, -1
	}
	n := 0
	for d := a.AddDate(0, 0, 1); !d.After(b); d = d.AddDate(0, 0, 1) {
		ok, err := c.IsWorkingDay(d)
		if err != nil {
			return 0, err
		}
		if ok {
			n++
		}
	}
	return sign * n, nil
}

// Years returns the years the calendar holds, in order, with their notices.
// The result is a copy; changing it does not change the calendar.
func (c *Calendar) Years() []Year {
	out := make([]Year, len(c.meta))
	for i, y := range c.meta {
		y.Notice.OtherURLs = slices.Clone(y.Notice.OtherURLs)
		y.Notice.Checked = slices.Clone(y.Notice.Checked)
		y.Holidays = slices.Clone(y.Holidays)
		y.AdjustedWorkingDays = slices.Clone(y.AdjustedWorkingDays)
		out[i] = y
	}
	return out
}

// Covers reports whether a notice is loaded for year.
func (c *Calendar) Covers(year int) bool {
	_, ok := c.years[year]
	return ok
}

// load reads every dir/YYYY.json in fsys, checks it and builds a Calendar.
func load(fsys fs.FS, dir string) (*Calendar, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("calendar: %w", err)
	}
	c := &Calendar{years: map[int]*yearDays{}}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".json") {
			continue
		}
		b, err := fs.ReadFile(fsys, path.Join(dir, name))
		if err != nil {
			return nil, fmt.Errorf("calendar: %w", err)
		}
		y, days, err := parseYear(b)
		if err != nil {
			return nil, fmt.Errorf("calendar: %s: %w", name, err)
		}
		if want := strconv.Itoa(y.Year) + ".json"; name != want {
			return nil, fmt.Errorf("calendar: %s holds year %d; name it %s", name, y.Year, want)
		}
		c.years[y.Year] = days
		c.meta = append(c.meta, y)
	}
	slices.SortFunc(c.meta, func(a, b Year) int { return a.Year - b.Year })
	return c, nil
}

// parseYear decodes one year's file and checks its invariants: every
// holiday day and adjusted day lies in the year (a holiday block may start
// in the previous year only on weekend days, which change nothing there),
// adjusted days are Saturdays or Sundays outside every block and name a
// block, blocks do not overlap, and the days off and working days match the
// published counts.
func parseYear(b []byte) (Year, *yearDays, error) {
	var y Year
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&y); err != nil {
		return Year{}, nil, err
	}
	if y.Year < 1949 || y.Year > 9999 {
		return Year{}, nil, fmt.Errorf("year %d out of range", y.Year)
	}
	n := y.Notice
	if n.TitleZH == "" || n.DocumentNumber == "" || n.URL == "" || len(n.Checked) == 0 {
		return Year{}, nil, errors.New("notice title_zh, document_number, url and checked are required")
	}
	if _, err := ParseDate(n.Date); err != nil {
		return Year{}, nil, fmt.Errorf("notice date: %w", err)
	}
	days := &yearDays{off: map[int]bool{}, adjusted: map[int]bool{}}
	offAll := map[time.Time]string{} // every day off, in or before the year
	blocks := map[string]bool{}
	for _, h := range y.Holidays {
		if h.NameZH == "" || h.NameEN == "" {
			return Year{}, nil, fmt.Errorf("holiday %s..%s: name_zh and name_en are required", h.First, h.Last)
		}
		if blocks[h.NameZH] {
			return Year{}, nil, fmt.Errorf("holiday %s listed twice", h.NameZH)
		}
		blocks[h.NameZH] = true
		first, err := ParseDate(h.First)
		if err != nil {
			return Year{}, nil, err
		}
		last, err := ParseDate(h.Last)
		if err != nil {
			return Year{}, nil, err
		}
		if last.Before(first) {
			return Year{}, nil, fmt.Errorf("holiday %s ends before it starts", h.NameZH)
		}
		if last.Year() != y.Year {
			return Year{}, nil, fmt.Errorf("holiday %s ends outside %d", h.NameZH, y.Year)
		}
		for d := first; !d.After(last); d = d.AddDate(0, 0, 1) {
			if other, dup := offAll[d]; dup {
				return Year{}, nil, fmt.Errorf("holiday %s overlaps %s on %s", h.NameZH, other, d.Format(time.DateOnly))
			}
			offAll[d] = h.NameZH
			weekend := d.Weekday() == time.Saturday || d.Weekday() == time.Sunday
			if d.Year() != y.Year {
				if !weekend {
					return Year{}, nil, fmt.Errorf("holiday %s: %s is outside %d and not a weekend day", h.NameZH, d.Format(time.DateOnly), y.Year)
				}
				continue
			}
			if !weekend {
				days.off[d.YearDay()] = true
			}
		}
	}
	if len(offAll) != y.DaysOff {
		return Year{}, nil, fmt.Errorf("holiday blocks hold %d days; published %d", len(offAll), y.DaysOff)
	}
	for _, a := range y.AdjustedWorkingDays {
		d, err := ParseDate(a.Date)
		if err != nil {
			return Year{}, nil, err
		}
		if d.Year() != y.Year {
			return Year{}, nil, fmt.Errorf("adjusted working day %s outside %d", a.Date, y.Year)
		}
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			return Year{}, nil, fmt.Errorf("adjusted working day %s is a %s, not a weekend day", a.Date, wd)
		}
		if h, in := offAll[d]; in {
			return Year{}, nil, fmt.Errorf("adjusted working day %s lies inside holiday %s", a.Date, h)
		}
		if !blocks[a.HolidayZH] {
			return Year{}, nil, fmt.Errorf("adjusted working day %s names unknown holiday %q", a.Date, a.HolidayZH)
		}
		if days.adjusted[d.YearDay()] {
			return Year{}, nil, fmt.Errorf("adjusted working day %s listed twice", a.Date)
		}
		days.adjusted[d.YearDay()] = true
	}
	working := 0
	for d := Date(y.Year, 1, 1); d.Year() == y.Year; d = d.AddDate(0, 0, 1) {
		switch d.Weekday() {
		case time.Saturday, time.Sunday:
			if days.adjusted[d.YearDay()] {
				working++
			}
		default:
			if !days.off[d.YearDay()] {
				working++
			}
		}
	}
	if working != y.WorkingDays {
		return Year{}, nil, fmt.Errorf("data gives %d working days; published %d", working, y.WorkingDays)
	}
	return y, days, nil
}
