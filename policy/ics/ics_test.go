package ics

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	ical "github.com/arran4/golang-ical"

	"github.com/chujing/chujing/policy"
)

var sample = []policy.Deadline{
	{
		Filing: "f1", Kind: "filing_due", Date: "2026-03-04", Status: "pending",
		Citation: "scc-measures-2023 art.7", Computed: true,
		ComputedFrom: map[string]string{"date": "2026-02-12", "period": "10 working days"},
		Text: policy.Text{
			ZH: "标准合同于2026-02-12生效，应当自生效之日起10个工作日内（不含生效当日，按国务院节假日安排计算）向所在地省级网信部门备案，最后一日为2026-03-04。尚未备案。",
			EN: "The standard contract took effect on 2026-02-12; it must be filed with the provincial cyberspace office within 10 working days, by 2026-03-04. Not filed yet; a comma, a semicolon; and a back\\slash.",
		},
	},
	{
		Filing: "a1", Kind: "extension_window_opens", Date: "2026-10-09", Status: "open",
		Citation: "provisions-2024 art.9", Computed: true,
		ComputedFrom: map[string]string{"valid_until": "2026-12-31", "period": "60 working days before"},
		Text:         policy.Text{ZH: "可以申请延长", EN: "An extension may be applied for."},
		Checklist: []policy.Text{
			{ZH: "数据出境的目的、范围等未发生变化", EN: "The purpose, scope etc. have not changed."},
			{ZH: "数据处理者和境外接收方等未发生变化", EN: "The processor and recipient have not changed."},
		},
	},
	{
		Filing: "a1", Kind: "valid_until", Date: "2026-12-31", Status: "in_force",
		Citation: "provisions-2024 art.9", Computed: false,
		ComputedFrom: map[string]string{"valid_until": "2026-12-31", "source": "printed on the result notice"},
		Text:         policy.Text{ZH: "评估结果通知书载明有效期至2026-12-31。", EN: "Valid until 2026-12-31."},
	},
}

var asOf = time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)

const processor = "示例数据科技（深圳）有限公司, Example Data Technology (Shenzhen) Co., Ltd."

func TestParsesWithGolangICal(t *testing.T) {
	out, err := Render(processor, asOf, sample)
	if err != nil {
		t.Fatal(err)
	}
	cal, err := ical.ParseCalendar(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("golang-ical cannot parse the output: %v\n%s", err, out)
	}
	events := cal.Events()
	if len(events) != len(sample) {
		t.Fatalf("%d events, want %d", len(events), len(sample))
	}
	for i, e := range events {
		d := sample[i]
		if e.Id() != UID(processor, d) {
			t.Errorf("event %d UID %q, want %q", i, e.Id(), UID(processor, d))
		}
		start, err := e.GetAllDayStartAt()
		if err != nil || start.Format(time.DateOnly) != d.Date {
			t.Errorf("event %d starts %v (%v), want %s", i, start, err, d.Date)
		}
		end, err := e.GetAllDayEndAt()
		if err != nil || end.Format(time.DateOnly) != mustDay(d.Date).AddDate(0, 0, 1).Format(time.DateOnly) {
			t.Errorf("event %d ends %v (%v)", i, end, err)
		}
		stamp, err := e.GetDtStampTime()
		if err != nil || !stamp.Equal(asOf) {
			t.Errorf("event %d DTSTAMP %v (%v), want %v", i, stamp, err, asOf)
		}
		desc := ical.FromText(e.GetProperty(ical.ComponentPropertyDescription).Value)
		if want := description(asOf, d); desc != want {
			t.Errorf("event %d description after unfolding and unescaping:\n%q\nwant\n%q", i, desc, want)
		}
		if !strings.Contains(desc, d.Citation) || !strings.Contains(desc, d.Text.ZH) || !strings.Contains(desc, d.Text.EN) {
			t.Errorf("event %d description lacks basis or text", i)
		}
		summary := ical.FromText(e.GetProperty(ical.ComponentPropertySummary).Value)
		if !strings.HasPrefix(summary, processor+": ") {
			t.Errorf("event %d summary %q lacks the processor", i, summary)
		}
		alarms := e.Alarms()
		if len(alarms) != 1 {
			t.Fatalf("event %d has %d alarms", i, len(alarms))
		}
		if tr := alarms[0].GetProperty(ical.ComponentPropertyTrigger); tr == nil || tr.Value != "-P7D" {
			t.Errorf("event %d alarm trigger %v, want -P7D", i, tr)
		}
	}
	if len(sample[1].Checklist) > 0 {
		desc := ical.FromText(events[1].GetProperty(ical.ComponentPropertyDescription).Value)
		if !strings.Contains(desc, "1. 数据出境的目的、范围等未发生变化") {
			t.Errorf("checklist missing from description: %q", desc)
		}
	}
}

func mustDay(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestLines(t *testing.T) {
	out, err := Render(processor, asOf, sample)
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	if !strings.HasSuffix(s, "END:VCALENDAR\r\n") {
		t.Error("output does not end with END:VCALENDAR CRLF")
	}
	if strings.Count(s, "\n") != strings.Count(s, "\r\n") {
		t.Error("a line ends with LF only")
	}
	folded := 0
	for i, line := range strings.Split(strings.TrimSuffix(s, "\r\n"), "\r\n") {
		if len(line) > 75 {
			t.Errorf("line %d has %d octets: %q", i, len(line), line)
		}
		if !utf8.ValidString(line) {
			t.Errorf("line %d splits a UTF-8 sequence: %q", i, line)
		}
		if strings.HasPrefix(line, " ") {
			folded++
		}
	}
	if folded == 0 {
		t.Error("no folded line: the test data should need folding")
	}
}

func TestStable(t *testing.T) {
	a, err := Render(processor, asOf, sample)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Render(processor, asOf.Add(13*time.Hour), sample)
	if !bytes.Equal(a, b) {
		t.Error("output depends on the time of day of as_of")
	}
	// A UID depends only on processor, filing, kind and date.
	d := sample[0]
	changed := d
	changed.Status, changed.Text = "overdue", policy.Text{ZH: "x", EN: "y"}
	if UID(processor, d) != UID(processor, changed) {
		t.Error("UID changed with status or text")
	}
	if UID(processor, d) == UID("other", d) || UID(processor, d) == UID(processor, sample[1]) {
		t.Error("UIDs collide")
	}
}

func TestUIDPinned(t *testing.T) {
	// Pinned so that a change to the derivation (which would duplicate
	// events in calendars that imported earlier files) is noticed.
	got := UID("p", policy.Deadline{Filing: "f1", Kind: "filing_due", Date: "2026-03-04"})
	if got != pinnedUID {
		t.Errorf("UID = %s, want %s", got, pinnedUID)
	}
}

func TestFold(t *testing.T) {
	for _, s := range []string{"", "A:" + strings.Repeat("a", 200), "D:" + strings.Repeat("出境", 100), "D:" + strings.Repeat("a出", 77)} {
		out := fold(s)
		unfolded := strings.ReplaceAll(strings.TrimSuffix(out, "\r\n"), "\r\n ", "")
		if unfolded != s {
			t.Errorf("fold does not round-trip for %q", s)
		}
		for _, l := range strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n") {
			if len(l) > 75 || !utf8.ValidString(l) {
				t.Errorf("bad line %q", l)
			}
		}
	}
}

func TestEscape(t *testing.T) {
	if got := escape("a,b;c\\d\r\ne\nf"); got != `a\,b\;c\\d\ne\nf` {
		t.Errorf("escape = %q", got)
	}
}

func TestBadDate(t *testing.T) {
	if _, err := Render("p", asOf, []policy.Deadline{{Filing: "f", Kind: "filing_due", Date: "2026-3-4"}}); err == nil {
		t.Error("bad date accepted")
	}
}

// pinnedUID was computed outside Go, with FNV-1a 128 written out in
// Python (offset basis 0x6c62272e07bb014262b821756295c58d, prime
// 0x1000000000000000000013b) over "p\0f1\0filing_due\02026-03-04".
const pinnedUID = "73e8ccb994ef0a7f2c96f33ed2cf3627@chujing"
