package policy

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chujing/chujing/policy/calendar"
)

// Expected dates were worked out by hand from shared/rules/calendar.md;
// the reasoning is in each case's comment.

func sp(s string) *string { return &s }
func ip(n int64) *int64   { return &n }

type wantDeadline struct {
	filing, kind, date, status, citation string
}

type wantChange struct {
	transfer, filing, change, action, citation string
}

func TestComputeDeadlines(t *testing.T) {
	tests := []struct {
		name      string
		asOf      string
		filings   []Filing
		transfers []Transfer
		want      []wantDeadline
		absent    []string // "filing kind" pairs that must not be present
		missing   []string // "filing kind" pairs in NoDeadline
		notes     []string // note ids
		noNotes   []string
		changes   []wantChange
	}{
		{
			// After 02-12: 02-13 Fri (1), 02-14 Sat worked (2), 02-15..23 Spring
			// Festival, 02-24..27 (3-6), 02-28 Sat worked (7), 03-02..04 (8-10).
			name:    "contract before Spring Festival 2026, pending on the last day",
			asOf:    "2026-03-04",
			filings: []Filing{{ID: "f1", Kind: "standard_contract", Date: "2026-02-12"}},
			want: []wantDeadline{
				{"f1", "filing_due", "2026-03-04", "pending", "scc-measures-2023 art.7"},
				{"f1", "records_until", "2029-02-12", "pending", "pipl art.56"},
			},
		},
		{
			name:    "contract before Spring Festival 2026, overdue the day after",
			asOf:    "2026-03-05",
			filings: []Filing{{ID: "f1", Kind: "standard_contract", Date: "2026-02-12"}},
			want:    []wantDeadline{{"f1", "filing_due", "2026-03-04", "overdue", "scc-measures-2023 art.7"}},
		},
		{
			name:    "contract filed on the last day",
			asOf:    "2026-06-01",
			filings: []Filing{{ID: "f1", Kind: "standard_contract", Date: "2026-02-12", Filed: sp("2026-03-04")}},
			want:    []wantDeadline{{"f1", "filing_due", "2026-03-04", "filed", "scc-measures-2023 art.7"}},
		},
		{
			name:    "contract filed a day late",
			asOf:    "2026-06-01",
			filings: []Filing{{ID: "f1", Kind: "standard_contract", Date: "2026-02-12", Filed: sp("2026-03-05")}},
			want:    []wantDeadline{{"f1", "filing_due", "2026-03-04", "filed_late", "scc-measures-2023 art.7"}},
		},
		{
			// 09-30 (1), 10-01..07 off, 10-08 (2), 10-09 (3), 10-10 Sat worked (4),
			// 10-12..16 (5-9), 10-19 Mon (10).
			name:    "contract before National Day 2026",
			asOf:    "2026-10-01",
			filings: []Filing{{ID: "f1", Kind: "standard_contract", Date: "2026-09-29"}},
			want:    []wantDeadline{{"f1", "filing_due", "2026-10-19", "pending", "scc-measures-2023 art.7"}},
		},
		{
			// 09-18 Fri (1), 09-20 Sun worked (2), 09-21..24 (3-6), 09-25..27
			// Mid-Autumn, 09-28..30 (7-9), National Day, 10-08 (10).
			name:    "adjusted Sunday inside the period",
			asOf:    "2026-09-17",
			filings: []Filing{{ID: "f1", Kind: "standard_contract", Date: "2026-09-17"}},
			want:    []wantDeadline{{"f1", "filing_due", "2026-10-08", "pending", "scc-measures-2023 art.7"}},
		},
		{
			// 05-01..05 off, 05-06..08 (1-3), 05-09 Sat worked (4), 05-11..15
			// (5-9), 05-18 Mon (10).
			name:    "adjusted Saturday inside the period",
			asOf:    "2026-05-20",
			filings: []Filing{{ID: "f1", Kind: "standard_contract", Date: "2026-04-30", Filed: sp("2026-05-18")}},
			want:    []wantDeadline{{"f1", "filing_due", "2026-05-18", "filed", "scc-measures-2023 art.7"}},
		},
		{
			// 03-01 Fri (1), 03-04..08 (2-6), 03-11..14 (7-10); no holiday in March 2024.
			name:    "contract effective on 29 February 2024",
			asOf:    "2024-03-20",
			filings: []Filing{{ID: "f1", Kind: "standard_contract", Date: "2024-02-29", Filed: sp("2024-03-15")}},
			want: []wantDeadline{
				{"f1", "filing_due", "2024-03-14", "filed_late", "scc-measures-2023 art.7"},
				{"f1", "records_until", "2027-02-28", "pending", "pipl art.56"},
			},
		},
		{
			// 12-18 (1) .. 12-31 Thu (10): ends on the last known day.
			name:    "contract whose period ends on 2026-12-31",
			asOf:    "2026-12-20",
			filings: []Filing{{ID: "f1", Kind: "standard_contract", Date: "2026-12-17"}},
			want:    []wantDeadline{{"f1", "filing_due", "2026-12-31", "pending", "scc-measures-2023 art.7"}},
		},
		{
			// 12-25, 12-28..31 are 5 working days; the 6th is in 2027.
			name:    "contract whose period runs into 2027",
			asOf:    "2026-12-24",
			filings: []Filing{{ID: "f1", Kind: "standard_contract", Date: "2026-12-24"}},
			want:    []wantDeadline{{"f1", "records_until", "2029-12-24", "pending", "pipl art.56"}},
			absent:  []string{"f1 filing_due"},
			missing: []string{"f1 filing_due"},
		},
		{
			name:      "Greater Bay Area contract, Hong Kong",
			asOf:      "2026-10-01",
			filings:   []Filing{{ID: "g1", Kind: "gba_contract", Date: "2026-09-29"}},
			transfers: []Transfer{{ID: "t1", Filing: sp("g1"), Recipient: &Recipient{Name: "HK Co", Region: sp("hong_kong")}}},
			want:      []wantDeadline{{"g1", "filing_due", "2026-10-19", "pending", "gba-hk-2023"}},
		},
		{
			name:      "Greater Bay Area contract, Macao",
			asOf:      "2026-10-01",
			filings:   []Filing{{ID: "g1", Kind: "gba_contract", Date: "2026-09-29"}},
			transfers: []Transfer{{ID: "t1", Filing: sp("g1"), Recipient: &Recipient{Name: "Macao Co", Region: sp("macao")}}},
			want:      []wantDeadline{{"g1", "filing_due", "2026-10-19", "pending", "gba-macao-2024"}},
			notes:     []string{"gba-macao-filing-period"},
		},
		{
			// 2 years from 2023-06-14 = 2025-06-14, a Saturday (06-02 Mon was
			// the last day of Dragon Boat 2025).
			name:    "assessment issued in 2023: 2 years, expired",
			asOf:    "2026-06-01",
			filings: []Filing{{ID: "a1", Kind: "security_assessment", Date: "2023-06-14"}},
			want: []wantDeadline{
				{"a1", "valid_until", "2025-06-14", "expired", "sa-measures-2022 art.14"},
				{"a1", "records_until", "2026-06-14", "pending", "pipl art.56"},
			},
			absent: []string{"a1 extension_window_opens"},
			notes:  []string{"sa-result-before-2024", "validity-end-on-holiday"},
		},
		{
			// The last day before provisions-2024: 2 years, to 2026-03-21 (Sat).
			name:    "assessment issued 2024-03-21",
			asOf:    "2026-03-21",
			filings: []Filing{{ID: "a1", Kind: "security_assessment", Date: "2024-03-21"}},
			want:    []wantDeadline{{"a1", "valid_until", "2026-03-21", "in_force", "sa-measures-2022 art.14"}},
			absent:  []string{"a1 extension_window_opens"},
			notes:   []string{"sa-result-before-2024", "validity-end-on-holiday"},
		},
		{
			// The first day of provisions-2024: 3 years, to 2027-03-22; the
			// window needs 2027's working days.
			name:    "assessment issued 2024-03-22",
			asOf:    "2026-11-23",
			filings: []Filing{{ID: "a1", Kind: "security_assessment", Date: "2024-03-22"}},
			want:    []wantDeadline{{"a1", "valid_until", "2027-03-22", "in_force", "provisions-2024 art.9"}},
			missing: []string{"a1 extension_window_opens"},
			noNotes: []string{"sa-result-before-2024"},
		},
		{
			// 2 years from 2024-02-29 = 2026-02-28, a worked Saturday: no art.203 note.
			name:    "assessment issued on 29 February 2024",
			asOf:    "2026-02-28",
			filings: []Filing{{ID: "a1", Kind: "security_assessment", Date: "2024-02-29"}},
			want:    []wantDeadline{{"a1", "valid_until", "2026-02-28", "in_force", "sa-measures-2022 art.14"}},
			notes:   []string{"sa-result-before-2024"},
			noNotes: []string{"validity-end-on-holiday"},
		},
		{
			// Back from 12-31 (not counted): December 1-30 has 22 working days,
			// November 21, October 30, 29, 28, 27, 26, 23, 22, 21, 20, 19, 16,
			// 15, 14, 13, 12, 10 (Sat worked), 09: the 60th is 10-09.
			name:    "printed valid_until wins; extension window open",
			asOf:    "2026-11-23",
			filings: []Filing{{ID: "a1", Kind: "security_assessment", Date: "2024-06-14", ValidUntil: sp("2026-12-31")}},
			want: []wantDeadline{
				{"a1", "valid_until", "2026-12-31", "in_force", "provisions-2024 art.9"},
				{"a1", "extension_window_opens", "2026-10-09", "open", "provisions-2024 art.9"},
			},
		},
		{
			name:    "extension window not yet open",
			asOf:    "2026-10-08",
			filings: []Filing{{ID: "a1", Kind: "security_assessment", Date: "2024-06-14", ValidUntil: sp("2026-12-31")}},
			want:    []wantDeadline{{"a1", "extension_window_opens", "2026-10-09", "not_open", "provisions-2024 art.9"}},
		},
		{
			name:    "extension window closed",
			asOf:    "2027-01-01",
			filings: []Filing{{ID: "a1", Kind: "security_assessment", Date: "2024-06-14", ValidUntil: sp("2026-12-31")}},
			want: []wantDeadline{
				{"a1", "valid_until", "2026-12-31", "expired", "provisions-2024 art.9"},
				{"a1", "extension_window_opens", "2026-10-09", "closed", "provisions-2024 art.9"},
			},
		},
		{
			// Submitted 09-29: 09-30 (1), 10-08 (2), 10-09 (3), 10-10 Sat (4),
			// 10-12 (5), 10-13 (6), 10-14 (7). Accepted 10-14: 45 working days
			// (no holidays left in 2026) end on 12-16.
			name: "declaration accepted, assessment running",
			asOf: "2026-11-23",
			filings: []Filing{{ID: "a1", Kind: "security_assessment", Date: "2026-09-29",
				Declared: &Declaration{Submitted: "2026-09-29", Accepted: "2026-10-14"}}},
			want: []wantDeadline{
				{"a1", "completeness_check_due", "2026-10-12", "done", "sa-measures-2022 art.7"},
				{"a1", "acceptance_due", "2026-10-14", "done", "sa-measures-2022 art.7"},
				{"a1", "assessment_due", "2026-12-16", "pending", "sa-measures-2022 art.12"},
			},
			absent: []string{"a1 valid_until", "a1 records_until", "a1 extension_window_opens"},
		},
		{
			name: "declaration not yet accepted",
			asOf: "2026-10-13",
			filings: []Filing{{ID: "a1", Kind: "security_assessment", Date: "2026-09-29",
				Declared: &Declaration{Submitted: "2026-09-29"}}},
			want: []wantDeadline{
				{"a1", "completeness_check_due", "2026-10-12", "overdue", "sa-measures-2022 art.7"},
				{"a1", "acceptance_due", "2026-10-14", "pending", "sa-measures-2022 art.7"},
			},
			absent: []string{"a1 assessment_due", "a1 valid_until"},
			notes:  []string{"acceptance-counted-from-provincial-receipt"},
		},
		{
			// A re-declaration beside a result held (date before submitted).
			name: "re-declaration during validity",
			asOf: "2026-11-23",
			filings: []Filing{{ID: "a1", Kind: "security_assessment", Date: "2024-06-14",
				Declared: &Declaration{Submitted: "2026-09-29"}}},
			want: []wantDeadline{
				{"a1", "valid_until", "2027-06-14", "in_force", "provisions-2024 art.9"},
				{"a1", "acceptance_due", "2026-10-14", "overdue", "sa-measures-2022 art.7"},
			},
			missing: []string{"a1 extension_window_opens"},
		},
		{
			// 3 years: 2029-08-31; 6 months before: 2029-02-28 (no 29th).
			name:    "certification",
			asOf:    "2026-11-23",
			filings: []Filing{{ID: "c1", Kind: "certification", Date: "2026-08-31"}},
			want: []wantDeadline{
				{"c1", "valid_until", "2029-08-31", "in_force", "cert-measures-2025 art.8"},
				{"c1", "recertify_by", "2029-02-28", "pending", "cert-measures-2025 art.8"},
				{"c1", "records_until", "2029-08-31", "pending", "pipl art.56"},
			},
		},
		{
			// Printed 2026-10-31 (a Saturday): recertify by 2026-04-30.
			name:    "certificate with a printed expiry, expired",
			asOf:    "2026-11-23",
			filings: []Filing{{ID: "c1", Kind: "certification", Date: "2026-01-05", ValidUntil: sp("2026-10-31")}},
			want: []wantDeadline{
				{"c1", "valid_until", "2026-10-31", "expired", "cert-measures-2025 art.8"},
				{"c1", "recertify_by", "2026-04-30", "overdue", "cert-measures-2025 art.8"},
			},
			notes: []string{"validity-end-on-holiday"},
		},
		{
			name: "scope changes under a security assessment",
			asOf: "2026-11-23",
			filings: []Filing{
				{ID: "a1", Kind: "security_assessment", Date: "2025-05-20", Scope: &Scope{
					Recipients: []string{"Acme GmbH"}, DataCategories: []string{"customer contact"},
					Individuals: ip(200000), SensitiveIndividuals: ip(5000), Purpose: "customer service"}},
				{ID: "a0", Kind: "security_assessment", Date: "2023-06-14"},
			},
			transfers: []Transfer{
				{ID: "ok", Filing: sp("a1"), Recipient: &Recipient{Name: " acme gmbh "}, DataCategories: []string{"Customer Contact"}, Purpose: "Customer service",
					PersonalInformation: &Counts{Individuals: ip(150000), SensitiveIndividuals: ip(5000)}},
				{ID: "t1", Filing: sp("a1"), Recipient: &Recipient{Name: "Beta Ltd"}},
				{ID: "t2", Filing: sp("a1"), DataCategories: []string{"customer contact", "health records"}},
				{ID: "t3", Filing: sp("a1"), PersonalInformation: &Counts{Individuals: ip(60000)}},
				{ID: "t4", Filing: sp("a1"), PersonalInformation: &Counts{SensitiveIndividuals: ip(1)}},
				{ID: "t5", Filing: sp("a1"), Purpose: "marketing"},
				{ID: "t6", Filing: sp("a0"), Recipient: &Recipient{Name: "Beta Ltd"}},
				{ID: "t7", Filing: sp("nope")},
			},
			missing: []string{"a1 extension_window_opens"},
			changes: []wantChange{
				{"t1", "a1", "new_recipient", "redeclare", "sa-measures-2022 art.14"},
				{"t2", "a1", "new_data_category", "redeclare", "sa-measures-2022 art.14"},
				{"t3", "a1", "more_individuals", "redeclare", "sa-measures-2022 art.14"},
				{"t4", "a1", "more_sensitive_individuals", "redeclare", "sa-measures-2022 art.14"},
				{"t5", "a1", "different_purpose", "redeclare", "sa-measures-2022 art.14"},
				{"t6", "a0", "expired", "redeclare", "sa-measures-2022 art.14"},
			},
		},
		{
			name: "scope changes under a standard contract and a certificate",
			asOf: "2026-11-23",
			filings: []Filing{
				{ID: "s1", Kind: "standard_contract", Date: "2026-03-02", Filed: sp("2026-03-06"), Scope: &Scope{
					Recipients: []string{"Acme GmbH"}, Purpose: "payroll"}},
				{ID: "c1", Kind: "certification", Date: "2026-03-02", Scope: &Scope{DataCategories: []string{"contact"}}},
			},
			transfers: []Transfer{
				{ID: "t1", Filing: sp("s1"), Recipient: &Recipient{Name: "Beta Ltd"}, Purpose: "payroll"},
				{ID: "t2", Filing: sp("s1"), Recipient: &Recipient{Name: "Acme GmbH"}, Purpose: "marketing"},
				{ID: "t3", Filing: sp("c1"), DataCategories: []string{"location"}},
			},
			changes: []wantChange{
				{"t1", "s1", "new_recipient", "new_contract", "scc-measures-2023 art.8"},
				{"t2", "s1", "different_purpose", "refile", "scc-measures-2023 art.8"},
				{"t3", "c1", "new_data_category", "recertify", "cert-measures-2025 art.10"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := &Request{AsOf: tt.asOf, Processor: Processor{Filings: tt.filings}, Transfers: tt.transfers}
			asOf, err := calendar.ParseDate(tt.asOf)
			if err != nil {
				t.Fatal(err)
			}
			ds, nd, ch, notes := computeDeadlines(req, asOf, nil)
			if ds == nil || nd == nil || ch == nil || notes == nil {
				t.Error("nil slice returned")
			}
			got := map[string]Deadline{}
			for _, d := range ds {
				got[d.Filing+" "+d.Kind] = d
				checkDeadline(t, d)
			}
			for _, w := range tt.want {
				d, ok := got[w.filing+" "+w.kind]
				if !ok {
					t.Errorf("no %s %s; got %v", w.filing, w.kind, keys(got))
					continue
				}
				if d.Date != w.date || d.Status != w.status || d.Citation != w.citation {
					t.Errorf("%s %s = %s %s %s, want %s %s %s", w.filing, w.kind, d.Date, d.Status, d.Citation, w.date, w.status, w.citation)
				}
			}
			for _, a := range tt.absent {
				if _, ok := got[a]; ok {
					t.Errorf("unexpected deadline %s", a)
				}
			}
			var gotMissing []string
			for _, m := range nd {
				gotMissing = append(gotMissing, m.Filing+" "+m.Kind)
				if m.Reason.ZH == "" || m.Reason.EN == "" || !strings.Contains(m.Settle.ZH, "国务院办公厅") || !strings.Contains(m.Settle.EN, "State Council") {
					t.Errorf("NoDeadline %s %s lacks reason or settle: %+v", m.Filing, m.Kind, m)
				}
			}
			if !sameSet(gotMissing, tt.missing) {
				t.Errorf("no_deadline = %v, want %v", gotMissing, tt.missing)
			}
			var noteIDs []string
			for _, n := range notes {
				noteIDs = append(noteIDs, n.ID)
				if n.Text.ZH == "" || n.Text.EN == "" || len(n.Citations) == 0 || n.Transfers == nil {
					t.Errorf("note %s incomplete", n.ID)
				}
			}
			for _, id := range tt.notes {
				if !slices.Contains(noteIDs, id) {
					t.Errorf("no note %s; got %v", id, noteIDs)
				}
			}
			for _, id := range tt.noNotes {
				if slices.Contains(noteIDs, id) {
					t.Errorf("unexpected note %s", id)
				}
			}
			var gotCh []wantChange
			for _, c := range ch {
				gotCh = append(gotCh, wantChange{c.Transfer, c.Filing, c.Change, c.Action, c.Citation})
				if c.Text.ZH == "" || c.Text.EN == "" || len(c.Facts) < 2 {
					t.Errorf("scope change %+v incomplete", c)
				}
			}
			if !slices.Equal(gotCh, tt.changes) && !(len(gotCh) == 0 && len(tt.changes) == 0) {
				t.Errorf("scope changes =\n%v\nwant\n%v", gotCh, tt.changes)
			}
		})
	}
}

func checkDeadline(t *testing.T, d Deadline) {
	t.Helper()
	if d.Citation == "" || d.Text.ZH == "" || d.Text.EN == "" || len(d.ComputedFrom) == 0 {
		t.Errorf("deadline %s %s incomplete: %+v", d.Filing, d.Kind, d)
	}
	if d.Kind == "extension_window_opens" && len(d.Checklist) != 6 {
		t.Errorf("extension window has %d checklist items, want 6", len(d.Checklist))
	}
}

func keys(m map[string]Deadline) []string {
	var k []string
	for s := range m {
		k = append(k, s)
	}
	slices.Sort(k)
	return k
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

func TestComputeDeadlinesFacts(t *testing.T) {
	req := &Request{
		Processor: Processor{Filings: []Filing{{ID: "a1", Kind: "security_assessment", Date: "2025-05-20",
			Scope: &Scope{Recipients: []string{"Acme"}, Individuals: ip(100)}}}},
		Transfers: []Transfer{
			{ID: "x", Filing: sp("a1"), Recipient: &Recipient{Name: "Beta"}, PersonalInformation: &Counts{Individuals: ip(60)}},
			{ID: "y", Filing: sp("a1"), PersonalInformation: &Counts{Individuals: ip(50)}},
		},
	}
	_, _, ch, _ := computeDeadlines(req, calendar.Date(2026, 11, 23), nil)
	if len(ch) != 2 {
		t.Fatalf("changes = %+v", ch)
	}
	wantFacts := [][]string{
		{"/transfers/0/filing", "/transfers/0/recipient/name", "/processor/filings/0/scope/recipients"},
		{"/transfers/1/filing", "/transfers/0/personal_information/individuals", "/transfers/1/personal_information/individuals", "/processor/filings/0/scope/individuals"},
	}
	for i, c := range ch {
		if !slices.Equal(c.Facts, wantFacts[i]) {
			t.Errorf("change %d facts = %v, want %v", i, c.Facts, wantFacts[i])
		}
	}
}

// The output is deterministic and JSON-encodable with the fields the
// decision schema requires.
func TestComputeDeadlinesDeterministic(t *testing.T) {
	req := &Request{Processor: Processor{Filings: []Filing{
		{ID: "a1", Kind: "security_assessment", Date: "2023-06-14"},
		{ID: "s1", Kind: "standard_contract", Date: "2026-12-24"},
		{ID: "c1", Kind: "certification", Date: "2026-08-31"},
	}}}
	asOf := time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC)
	var first []byte
	for range 5 {
		ds, nd, ch, notes := computeDeadlines(req, asOf, calendar.Default())
		b, err := json.Marshal([]any{ds, nd, ch, notes})
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = b
		} else if string(b) != string(first) {
			t.Fatal("output differs between runs")
		}
	}
	if !strings.Contains(string(first), `"computed_from":{"date":"2023-06-14","period":"2 years"}`) {
		t.Errorf("computed_from missing: %s", first)
	}
}
