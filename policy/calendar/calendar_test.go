package calendar

import (
	"errors"
	"io/fs"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Every expected date in this file was worked out by hand from
// /work/shared/rules/calendar.md (the notices' tables), not by the code.

func d(s string) time.Time {
	t, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return t
}

func wantNoNotice(t *testing.T, err error, year int) {
	t.Helper()
	if !errors.Is(err, ErrNoNotice) {
		t.Fatalf("err = %v, want ErrNoNotice", err)
	}
	var nn *NoNoticeError
	if !errors.As(err, &nn) || nn.Year != year {
		t.Fatalf("err = %#v, want *NoNoticeError{Year: %d}", err, year)
	}
}

func TestPublishedWorkingDayCounts(t *testing.T) {
	c := Default()
	for year, want := range map[int]int{2022: 249, 2023: 249, 2024: 251, 2025: 248, 2026: 248} {
		got, err := c.WorkingDaysBetween(Date(year-1, 12, 31), Date(year, 12, 31))
		if err != nil {
			t.Fatalf("%d: %v", year, err)
		}
		if got != want {
			t.Errorf("%d: %d working days, published %d", year, got, want)
		}
	}
}

func TestIsWorkingDay(t *testing.T) {
	c := Default()
	tests := []struct {
		date string
		want bool
		why  string
	}{
		{"2026-02-13", true, "Friday before Spring Festival 2026"},
		{"2026-02-14", true, "Saturday worked for Spring Festival 2026"},
		{"2026-02-15", false, "first day of Spring Festival 2026 (Sunday)"},
		{"2026-02-16", false, "除夕 2026, a Monday in the block"},
		{"2026-02-23", false, "last day of Spring Festival 2026 (Monday)"},
		{"2026-02-24", true, "first working day after Spring Festival 2026"},
		{"2026-02-28", true, "Saturday worked for Spring Festival 2026"},
		{"2026-03-01", false, "ordinary Sunday"},
		{"2026-01-01", false, "元旦 2026"},
		{"2026-01-02", false, "元旦 2026 (Friday)"},
		{"2026-01-04", true, "Sunday worked for 元旦 2026"},
		{"2026-05-05", false, "last day of Labour Day 2026 (Tuesday)"},
		{"2026-05-09", true, "Saturday worked for Labour Day 2026"},
		{"2026-09-20", true, "Sunday worked for National Day 2026"},
		{"2026-09-25", false, "Mid-Autumn 2026 (Friday)"},
		{"2026-09-30", true, "Wednesday before National Day 2026"},
		{"2026-10-01", false, "National Day 2026"},
		{"2026-10-07", false, "last day of National Day 2026 (Wednesday)"},
		{"2026-10-08", true, "Thursday after National Day 2026"},
		{"2026-10-10", true, "Saturday worked for National Day 2026"},
		{"2026-10-11", false, "ordinary Sunday"},
		{"2026-12-31", true, "last day of the known calendar (Thursday)"},
		{"2025-01-28", false, "除夕 2025, first year it is a statutory day off"},
		{"2025-01-26", true, "Sunday worked for Spring Festival 2025"},
		{"2025-09-03", true, "no day off for the 2025 parade"},
		{"2025-10-08", false, "last day of National Day and Mid-Autumn 2025"},
		{"2025-10-11", true, "Saturday worked for National Day 2025"},
		{"2024-02-09", true, "除夕 2024 was not a day off"},
		{"2024-02-18", true, "Sunday worked for Spring Festival 2024"},
		{"2024-02-29", true, "29 February 2024 (Thursday)"},
		{"2024-06-10", false, "Dragon Boat 2024 (Monday)"},
		{"2023-01-02", false, "元旦 2023 (Monday)"},
		{"2023-04-05", false, "Qingming 2023, a single Wednesday"},
		{"2023-06-25", true, "Sunday worked for Dragon Boat 2023"},
		{"2022-12-31", false, "Saturday, first day of the 2023 元旦 block"},
		{"2022-01-03", false, "元旦 2022 (Monday)"},
		{"2022-01-29", true, "Saturday worked for Spring Festival 2022"},
	}
	for _, tt := range tests {
		got, err := c.IsWorkingDay(d(tt.date))
		if err != nil {
			t.Errorf("%s: %v", tt.date, err)
			continue
		}
		if got != tt.want {
			t.Errorf("IsWorkingDay(%s) = %v, want %v (%s)", tt.date, got, tt.want, tt.why)
		}
	}
}

func TestIsWorkingDayNoNotice(t *testing.T) {
	c := Default()
	for _, tt := range []struct {
		date string
		year int
	}{{"2027-01-01", 2027}, {"2027-01-04", 2027}, {"2021-12-31", 2021}, {"2021-06-01", 2021}} {
		_, err := c.IsWorkingDay(d(tt.date))
		wantNoNotice(t, err, tt.year)
	}
}

func TestAddWorkingDays(t *testing.T) {
	c := Default()
	tests := []struct {
		from string
		n    int
		want string // "" with year: ErrNoNotice for that year
		year int
		why  string
	}{
		{"2026-02-12", 10, "2026-03-04", 0, "across Spring Festival 2026 and both worked Saturdays"},
		{"2026-02-13", 10, "2026-03-05", 0, "from the Friday before Spring Festival 2026"},
		{"2026-02-13", 1, "2026-02-14", 0, "worked Saturday is the next working day"},
		{"2026-02-14", 1, "2026-02-24", 0, "over the whole Spring Festival block"},
		{"2026-09-29", 10, "2026-10-19", 0, "across National Day 2026 and Saturday 10-10"},
		{"2026-09-17", 10, "2026-10-08", 0, "Sunday 09-20 worked, Mid-Autumn and National Day off"},
		{"2026-04-30", 10, "2026-05-18", 0, "Labour Day 2026 and Saturday 05-09"},
		{"2025-12-31", 10, "2026-01-15", 0, "across the year end into 元旦 2026 and Sunday 01-04"},
		{"2026-12-17", 10, "2026-12-31", 0, "ends on the last known day"},
		{"2026-12-31", 1, "", 2027, "the next working day is in 2027"},
		{"2026-12-24", 10, "", 2027, "five working days left in 2026"},
		{"2024-02-29", 10, "2024-03-14", 0, "from 29 February"},
		{"2023-01-20", 1, "2023-01-28", 0, "Spring Festival 2023 then a worked Saturday"},
		{"2025-09-30", 1, "2025-10-09", 0, "over National Day and Mid-Autumn 2025"},
		{"2025-09-30", 3, "2025-10-11", 0, "ending on the worked Saturday 2025-10-11"},
		{"2026-09-29", 5, "2026-10-12", 0, "completeness check"},
		{"2026-09-29", 7, "2026-10-14", 0, "acceptance"},
		{"2026-10-14", 45, "2026-12-16", 0, "assessment period"},
		{"2021-12-31", 1, "2022-01-04", 0, "the start day is not counted, so its year need not be known"},
		{"2026-12-31", -60, "2026-10-09", 0, "60 working days back, over Saturday 10-10"},
		{"2026-10-12", -1, "2026-10-10", 0, "back to the worked Saturday"},
		{"2026-02-24", -1, "2026-02-14", 0, "back over Spring Festival 2026"},
		{"2026-01-05", -1, "2026-01-04", 0, "back to the worked Sunday"},
		{"2026-01-04", -1, "2025-12-31", 0, "back over 元旦 into 2025"},
		{"2022-01-04", -1, "", 2021, "back over 元旦 2022 into 2021"},
		{"2026-03-04", 0, "2026-03-04", 0, "n = 0"},
	}
	for _, tt := range tests {
		got, err := c.AddWorkingDays(d(tt.from), tt.n)
		if tt.want == "" {
			wantNoNotice(t, err, tt.year)
			if !got.IsZero() {
				t.Errorf("AddWorkingDays(%s, %d) returned a date %v with the error", tt.from, tt.n, got)
			}
			continue
		}
		if err != nil {
			t.Errorf("AddWorkingDays(%s, %d): %v (%s)", tt.from, tt.n, err, tt.why)
			continue
		}
		if g := got.Format(time.DateOnly); g != tt.want {
			t.Errorf("AddWorkingDays(%s, %d) = %s, want %s (%s)", tt.from, tt.n, g, tt.want, tt.why)
		}
		if got.Location() != time.UTC || got.Hour() != 0 {
			t.Errorf("AddWorkingDays(%s, %d) = %v, want UTC midnight", tt.from, tt.n, got)
		}
	}
}

func TestAddWorkingDaysUsesCivilDate(t *testing.T) {
	sh := time.FixedZone("CST", 8*3600)
	got, err := Default().AddWorkingDays(time.Date(2026, 2, 12, 23, 30, 0, 0, sh), 10)
	if err != nil || got != Date(2026, 3, 4) {
		t.Fatalf("got %v, %v; want 2026-03-04 UTC", got, err)
	}
}

func TestWorkingDaysBetween(t *testing.T) {
	c := Default()
	tests := []struct {
		a, b string
		want int
	}{
		{"2026-02-12", "2026-03-04", 10},
		{"2026-03-04", "2026-02-12", -10},
		{"2026-01-01", "2026-01-01", 0},
		{"2026-02-14", "2026-02-23", 0},
		{"2026-02-13", "2026-02-14", 1},
		{"2026-12-31", "2026-10-09", -60},
		{"2026-10-14", "2026-12-16", 45},
	}
	for _, tt := range tests {
		got, err := c.WorkingDaysBetween(d(tt.a), d(tt.b))
		if err != nil || got != tt.want {
			t.Errorf("WorkingDaysBetween(%s, %s) = %d, %v; want %d", tt.a, tt.b, got, err, tt.want)
		}
	}
	_, err := c.WorkingDaysBetween(d("2026-12-30"), d("2027-01-01"))
	wantNoNotice(t, err, 2027)
}

func TestAddYearsMonths(t *testing.T) {
	tests := []struct {
		from      string
		years, mo int
		want      string
	}{
		{"2024-02-29", 2, 0, "2026-02-28"},
		{"2024-02-29", 4, 0, "2028-02-29"},
		{"2024-02-29", 3, 0, "2027-02-28"},
		{"2024-06-14", 3, 0, "2027-06-14"},
		{"2023-06-14", 2, 0, "2025-06-14"},
		{"2029-08-31", 0, -6, "2029-02-28"},
		{"2028-08-31", 0, -6, "2028-02-29"},
		{"2027-03-31", 0, -6, "2026-09-30"},
		{"2029-03-31", 0, -6, "2028-09-30"},
		{"2026-01-31", 0, 1, "2026-02-28"},
		{"2026-12-15", 0, 1, "2027-01-15"},
		{"2026-01-15", 0, -1, "2025-12-15"},
		{"2026-05-31", 0, -12, "2025-05-31"},
	}
	for _, tt := range tests {
		var got time.Time
		if tt.years != 0 {
			got = AddYears(d(tt.from), tt.years)
		} else {
			got = AddMonths(d(tt.from), tt.mo)
		}
		if g := got.Format(time.DateOnly); g != tt.want {
			t.Errorf("%s + %dy%dm = %s, want %s", tt.from, tt.years, tt.mo, g, tt.want)
		}
	}
}

// TestYearFiles loads every file in years/ on its own and checks its
// invariants (parseYear does the checks), so that adding a year is a
// data-only change the tests still guard.
func TestYearFiles(t *testing.T) {
	entries, err := fs.ReadDir(yearFiles, "years")
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, e := range entries {
		b, err := fs.ReadFile(yearFiles, "years/"+e.Name())
		if err != nil {
			t.Fatal(err)
		}
		y, _, err := parseYear(b)
		if err != nil {
			t.Errorf("%s: %v", e.Name(), err)
			continue
		}
		if e.Name() != strconv.Itoa(y.Year)+".json" {
			t.Errorf("%s holds year %d", e.Name(), y.Year)
		}
		seen++
	}
	if seen != len(Default().Years()) {
		t.Errorf("years/ has %d valid files, Default holds %d years", seen, len(Default().Years()))
	}
}

func TestYearsMetadata(t *testing.T) {
	ys := Default().Years()
	var got []string
	for _, y := range ys {
		got = append(got, strconv.Itoa(y.Year)+" "+y.Notice.DocumentNumber)
	}
	want := "2022 国办发明电〔2021〕11号,2023 国办发明电〔2022〕16号,2024 国办发明电〔2023〕7号,2025 国办发明电〔2024〕12号,2026 国办发明电〔2025〕7号"
	if strings.Join(got, ",") != want {
		t.Errorf("Years() = %q, want %q", strings.Join(got, ","), want)
	}
	ys[0].Holidays[0].First = "changed"
	ys[0].Notice.Checked[0] = "changed"
	if again := Default().Years(); again[0].Holidays[0].First != "2022-01-01" || again[0].Notice.Checked[0] == "changed" {
		t.Error("Years() exposes the calendar's own data")
	}
	if !Default().Covers(2026) || Default().Covers(2027) {
		t.Error("Covers: want 2026 covered and 2027 not")
	}
}

func TestParseYearRejects(t *testing.T) {
	const good = `{"year": 2026, "notice": {"title_zh": "t", "document_number": "n", "date": "2025-11-04", "url": "u", "checked": ["c"]},
	"holidays": [%H%], "adjusted_working_days": [%A%], "days_off": %O%, "working_days": %W%}`
	build := func(h, a string, off, work int) []byte {
		r := strings.NewReplacer("%H%", h, "%A%", a, "%O%", strconv.Itoa(off), "%W%", strconv.Itoa(work))
		return []byte(r.Replace(good))
	}
	// 2026 has 261 Monday–Friday days. 2026-10-01..07 holds 5 of them.
	ok := build(`{"name_zh":"国庆节","name_en":"National Day","first":"2026-10-01","last":"2026-10-07"}`,
		`{"date":"2026-10-10","holiday_zh":"国庆节"}`, 7, 261-5+1)
	if _, _, err := parseYear(ok); err != nil {
		t.Fatalf("valid data rejected: %v", err)
	}
	bad := map[string][]byte{
		"count mismatch": build(`{"name_zh":"国庆节","name_en":"National Day","first":"2026-10-01","last":"2026-10-07"}`,
			`{"date":"2026-10-10","holiday_zh":"国庆节"}`, 7, 261),
		"adjusted weekday": build(`{"name_zh":"国庆节","name_en":"National Day","first":"2026-10-01","last":"2026-10-07"}`,
			`{"date":"2026-10-09","holiday_zh":"国庆节"}`, 7, 261-5+1),
		"adjusted inside block": build(`{"name_zh":"国庆节","name_en":"National Day","first":"2026-10-01","last":"2026-10-07"}`,
			`{"date":"2026-10-03","holiday_zh":"国庆节"}`, 7, 261-5+1),
		"overlap": build(`{"name_zh":"中秋节","name_en":"Mid-Autumn","first":"2026-09-30","last":"2026-10-01"},{"name_zh":"国庆节","name_en":"National Day","first":"2026-10-01","last":"2026-10-07"}`,
			``, 9, 261-6),
		"outside year":          build(`{"name_zh":"元旦","name_en":"New Year","first":"2027-01-01","last":"2027-01-01"}`, ``, 1, 261),
		"previous-year weekday": build(`{"name_zh":"元旦","name_en":"New Year","first":"2025-12-31","last":"2026-01-01"}`, ``, 2, 260),
		"adjusted outside year": build(``, `{"date":"2027-01-02","holiday_zh":"x"}`, 0, 261),
		"unknown holiday name":  build(``, `{"date":"2026-10-10","holiday_zh":"国庆节"}`, 0, 262),
		"unknown field":         []byte(`{"year": 2026, "extra": 1}`),
		"days off mismatch": build(`{"name_zh":"国庆节","name_en":"National Day","first":"2026-10-01","last":"2026-10-07"}`,
			`{"date":"2026-10-10","holiday_zh":"国庆节"}`, 5, 261-5+1),
	}
	for name, b := range bad {
		if _, _, err := parseYear(b); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestDefaultConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			got, err := Default().AddWorkingDays(Date(2026, 2, 12), 10)
			if err != nil || got != Date(2026, 3, 4) {
				t.Errorf("got %v, %v", got, err)
			}
		})
	}
	wg.Wait()
}
