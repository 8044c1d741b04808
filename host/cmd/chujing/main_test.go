package main

import (
	"bytes"
	"strings"
	"testing"

	ical "github.com/arran4/golang-ical"
)

func TestCLI(t *testing.T) {
	const typical = "../../../testdata/golden/typical-three-transfers.request.json"
	filing := `{"as_of":"2026-02-20","processor":{"name":"Example Co.","ciio":"no","filings":[{"id":"f1","kind":"standard_contract","date":"2026-02-12"}]},"transfers":[{"id":"t1","important_data":"none","personal_information":{"individuals":150000},"filing":"f1"}]}`
	tests := []struct {
		name  string
		args  []string
		stdin string
		code  int
		want  string
	}{
		{"check a file", []string{"check", typical}, "", exitOK, "Route: standard contract or certification"},
		{"check in Chinese", []string{"check", "--lang", "zh", typical}, "", exitOK, "结论: 订立标准合同或通过个人信息保护认证"},
		{"check JSON", []string{"check", "--json", typical}, "", exitOK, `"kind":"decision"`},
		{"check stdin", []string{"check", "-"}, `{"as_of":"2026-06-01","processor":{"ciio":"no"},"transfers":[{"id":"a","important_data":"none"}]}`, exitOK, "Route: no procedure"},
		{"invalid request", []string{"check", "-"}, `{"as_of":"2026-06-01","processor":{"ciio":"maybe"},"transfers":[]}`, exitInvalid, "/processor/ciio"},
		{"invalid request JSON", []string{"check", "--json", "-"}, `{`, exitInvalid, `"kind":"error"`},
		{"ics", []string{"check", "--ics", "-"}, filing, exitOK, "BEGIN:VCALENDAR"},
		{"missing file", []string{"check", "/nonexistent.json"}, "", exitUsage, ""},
		{"bad flag", []string{"check", "--lang", "fr", typical}, "", exitUsage, ""},
		{"no command", nil, "", exitUsage, ""},
		{"unknown command", []string{"frobnicate"}, "", exitUsage, ""},
		{"version", []string{"version"}, "", exitOK, "provisions-2024"},
		{"schema", []string{"schema", "request"}, "", exitOK, `"$id": "https://chujing.dev/schemas/request/v1.json"`},
		{"unknown schema", []string{"schema", "nope"}, "", exitUsage, ""},
		{"shared cases", []string{"cases", "../../../testdata/golden-cases-missing"}, "", exitUsage, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run(tt.args, strings.NewReader(tt.stdin), &out, &errb)
			if code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout: %.300s\nstderr: %.300s", code, tt.code, out.String(), errb.String())
			}
			if !strings.Contains(out.String(), tt.want) {
				t.Errorf("stdout lacks %q: %.400s", tt.want, out.String())
			}
		})
	}
}

// TestICSParses checks the CLI's iCalendar output with a real parser.
func TestICSParses(t *testing.T) {
	in := `{"as_of":"2026-02-20","processor":{"name":"Example Co.","ciio":"no","filings":[{"id":"f1","kind":"standard_contract","date":"2026-02-12"},{"id":"a1","kind":"security_assessment","date":"2024-06-14"}]},"transfers":[{"id":"t1","important_data":"none"}]}`
	var out, errb bytes.Buffer
	if code := run([]string{"check", "--ics", "-"}, strings.NewReader(in), &out, &errb); code != exitOK {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	cal, err := ical.ParseCalendar(&out)
	if err != nil {
		t.Fatal(err)
	}
	events := cal.Events()
	if len(events) < 3 {
		t.Fatalf("want at least 3 events, got %d", len(events))
	}
	seen := map[string]bool{}
	for _, e := range events {
		uid := e.Id()
		if uid == "" || seen[uid] {
			t.Errorf("missing or repeated UID %q", uid)
		}
		seen[uid] = true
	}
}
