// Package ics renders chujing deadlines as an iCalendar file (RFC 5545) a
// compliance officer can import into any calendar program.
//
// The output is deterministic: the same deadlines, processor name and
// as_of date give the same bytes. Each deadline becomes one all-day VEVENT
// with a UID derived from the processor name, filing id, kind and date (so
// re-importing an updated file replaces events instead of duplicating them,
// as long as the date is unchanged), and a display alarm 7 days before.
// DTSTAMP, which RFC 5545 requires in every VEVENT, is the as_of date at
// 00:00:00 UTC rather than the time of rendering, so that output does not
// change from run to run.
//
// The package is pure: no I/O, no clock, no randomness.
package ics

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"maps"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/chujing/chujing/policy"
)

// ProductID is the PRODID of every calendar rendered.
const ProductID = "-//chujing//outbound data transfer deadlines//ZH-EN"

// maxLine is the longest content line in octets, CRLF excluded (RFC 5545
// section 3.1).
const maxLine = 75

// kindLabels names each deadline kind in Chinese and English.
var kindLabels = map[string][2]string{
	"filing_due":             {"合同备案截止", "Contract filing due"},
	"valid_until":            {"有效期届满", "Validity ends"},
	"extension_window_opens": {"可申请延长有效期", "Extension window opens"},
	"recertify_by":           {"重新申请认证截止", "Apply for recertification by"},
	"completeness_check_due": {"完备性查验期限", "Completeness check due"},
	"acceptance_due":         {"受理决定期限", "Acceptance decision due"},
	"assessment_due":         {"安全评估完成期限", "Assessment due"},
	"records_until":          {"影响评估报告和记录保存至", "Keep assessment report and records until"},
}

// UID returns the stable UID of the event for one deadline: an FNV-1a
// 128-bit hash over the processor name, filing id, kind and date, so it
// never depends on the time or on chance. (FNV, not SHA-256: crypto/sha256
// would link the os package's file functions into the module and add
// filesystem imports no host should have to provide.) The processor name is included so that two processors'
// filings with the same id do not collide in one calendar.
func UID(processor string, d policy.Deadline) string {
	h := fnv.New128a()
	h.Write([]byte(strings.Join([]string{processor, d.Filing, d.Kind, d.Date}, "\x00")))
	return hex.EncodeToString(h.Sum(nil)) + "@chujing"
}

// Render returns the deadlines as an iCalendar document with CRLF line
// endings, lines folded at 75 octets without splitting a UTF-8 sequence, and
// TEXT values escaped. asOf is the date the deadlines' statuses were judged
// on (the decision's as_of); it becomes every event's DTSTAMP. A deadline
// whose date is not YYYY-MM-DD is an error.
func Render(processor string, asOf time.Time, deadlines []policy.Deadline) ([]byte, error) {
	var b strings.Builder
	w := func(name, value string) {
		b.WriteString(fold(name + ":" + value))
	}
	y, m, dd := asOf.Date()
	stamp := time.Date(y, m, dd, 0, 0, 0, 0, time.UTC).Format("20060102T150405Z")

	w("BEGIN", "VCALENDAR")
	w("VERSION", "2.0")
	w("PRODID", ProductID)
	w("CALSCALE", "GREGORIAN")
	w("METHOD", "PUBLISH")
	name := "chujing 出境期限"
	if processor != "" {
		name = processor + " — " + name
	}
	w("X-WR-CALNAME", escape(name))
	for i, d := range deadlines {
		day, err := time.Parse(time.DateOnly, d.Date)
		if err != nil {
			return nil, fmt.Errorf("ics: deadline %d (%s %s): date %q is not YYYY-MM-DD", i, d.Filing, d.Kind, d.Date)
		}
		summary := summaryOf(processor, d)
		w("BEGIN", "VEVENT")
		w("UID", UID(processor, d))
		w("DTSTAMP", stamp)
		w("DTSTART;VALUE=DATE", day.Format("20060102"))
		w("DTEND;VALUE=DATE", day.AddDate(0, 0, 1).Format("20060102"))
		w("SUMMARY", escape(summary))
		w("DESCRIPTION", escape(description(asOf, d)))
		w("CATEGORIES", escape(d.Kind))
		w("TRANSP", "TRANSPARENT")
		w("BEGIN", "VALARM")
		w("ACTION", "DISPLAY")
		w("TRIGGER", "-P7D")
		w("DESCRIPTION", escape(summary))
		w("END", "VALARM")
		w("END", "VEVENT")
	}
	w("END", "VCALENDAR")
	return []byte(b.String()), nil
}

func summaryOf(processor string, d policy.Deadline) string {
	label, ok := kindLabels[d.Kind]
	if !ok {
		label = [2]string{d.Kind, d.Kind}
	}
	s := fmt.Sprintf("%s %s (%s)", label[0], label[1], d.Filing)
	if processor != "" {
		s = processor + ": " + s
	}
	return s
}

// description is the event's DESCRIPTION before escaping: the deadline's
// text, its basis, status and what it was computed from.
func description(asOf time.Time, d policy.Deadline) string {
	var b strings.Builder
	b.WriteString(d.Text.ZH + "\n" + d.Text.EN + "\n\n")
	fmt.Fprintf(&b, "依据 Basis: %s\n", d.Citation)
	fmt.Fprintf(&b, "状态 Status (%s): %s\n", asOf.Format(time.DateOnly), d.Status)
	if d.Computed {
		b.WriteString("计算所得 Computed from:")
	} else {
		b.WriteString("证载日期 Printed on the document:")
	}
	for _, k := range slices.Sorted(maps.Keys(d.ComputedFrom)) {
		fmt.Fprintf(&b, " %s=%s;", k, d.ComputedFrom[k])
	}
	b.WriteString("\n")
	if len(d.Checklist) > 0 {
		b.WriteString("\n条件 Conditions:\n")
		for i, c := range d.Checklist {
			fmt.Fprintf(&b, "%d. %s / %s\n", i+1, c.ZH, c.EN)
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// escape escapes a TEXT value (RFC 5545 section 3.3.11): backslash,
// semicolon, comma and line breaks.
func escape(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.NewReplacer(`\`, `\\`, `;`, `\;`, `,`, `\,`, "\n", `\n`).Replace(s)
}

// fold splits a content line into lines of at most 75 octets, each
// continuation starting with a space (RFC 5545 section 3.1), never inside a
// UTF-8 sequence, and ends every line with CRLF.
func fold(line string) string {
	var b strings.Builder
	limit := maxLine
	for len(line) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(line[cut]) {
			cut--
		}
		b.WriteString(line[:cut])
		b.WriteString("\r\n ")
		line = line[cut:]
		limit = maxLine - 1 // the leading space counts
	}
	b.WriteString(line)
	b.WriteString("\r\n")
	return b.String()
}

// Calendar is the result of the module's ics export: the deadlines of a
// request's decision as iCalendar text.
type Calendar struct {
	Kind string `json:"kind"`
	ICS  string `json:"ics"`
}

// CalendarJSON evaluates a request and returns {"kind":"calendar","ics":…}
// with its deadlines, or the evaluation's error document. Like
// policy.EvaluateJSON it never panics and always returns JSON.
func CalendarJSON(request []byte) []byte {
	out := policy.EvaluateJSON(request)
	d, err := policy.ParseDecision(out)
	if err != nil {
		return out
	}
	asOf, err := time.Parse("2006-01-02", d.AsOf)
	if err != nil {
		return policy.ErrorDocJSON([]policy.Problem{{Code: policy.CodeInternal, Message: policy.Text{ZH: "内部错误：" + err.Error(), EN: "Internal error: " + err.Error()}}})
	}
	var name struct {
		Processor struct {
			Name string `json:"name"`
		} `json:"processor"`
	}
	json.Unmarshal(request, &name)
	b, err := Render(name.Processor.Name, asOf, d.Deadlines)
	if err != nil {
		return policy.ErrorDocJSON([]policy.Problem{{Code: policy.CodeInternal, Message: policy.Text{ZH: "内部错误：" + err.Error(), EN: "Internal error: " + err.Error()}}})
	}
	return policy.Marshal(Calendar{Kind: "calendar", ICS: string(b)})
}
