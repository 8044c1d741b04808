package policy

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

const validRequest = `{"as_of":"2026-06-01","processor":{"ciio":"no"},"transfers":[{"id":"t1","scenario":"other","important_data":"none","personal_information":{"individuals":150000,"sensitive_individuals":0}}]}`

// withTransfers builds a request with n transfers.
func withTransfers(n int) string {
	var ts []string
	for i := 0; i < n; i++ {
		ts = append(ts, fmt.Sprintf(`{"id":"t%d"}`, i))
	}
	return `{"as_of":"2026-06-01","processor":{"ciio":"no"},"transfers":[` + strings.Join(ts, ",") + `]}`
}

func TestBadInput(t *testing.T) {
	tests := []struct {
		name    string
		input   string
		pointer string
		code    string
	}{
		{"empty body", ``, "", CodeEmpty},
		{"only white space", " \n\t ", "", CodeEmpty},
		{"malformed JSON", `{"as_of": }`, "/as_of", CodeSyntax},
		{"truncated JSON", `{"as_of":"2026-06-01","processor":{`, "/processor", CodeSyntax},
		{"not an object", `[1,2]`, "", CodeType},
		{"trailing data", validRequest + ` {}`, "", CodeTrailingData},
		{"invalid UTF-8", "{\"as_of\":\"2026-06-01\xff\"}", "", CodeInvalidUTF8},
		{"duplicate key", `{"as_of":"2026-06-01","as_of":"2025-01-01","processor":{},"transfers":[]}`, "/as_of", CodeDuplicateKey},
		{"very deep nesting", strings.Repeat("[", 100000) + strings.Repeat("]", 100000), strings.Repeat("/0", MaxDepth), CodeTooDeep},
		{"body over 1 MiB", `{"as_of":"` + strings.Repeat("x", MaxRequestBytes) + `"}`, "", CodeTooLarge},
		{"number beyond 2^53", strings.Replace(validRequest, "150000", "9007199254740993", 1), "/transfers/0/personal_information/individuals", CodeNumberTooLarge},
		{"huge exponent", strings.Replace(validRequest, "150000", "1e400", 1), "/transfers/0/personal_information/individuals", CodeNumberTooLarge},
		{"negative count", strings.Replace(validRequest, "150000", "-1", 1), "/transfers/0/personal_information/individuals", CodeMinimum},
		{"fractional count", strings.Replace(validRequest, "150000", "1.5", 1), "/transfers/0/personal_information/individuals", CodeNotInteger},
		{"whole number written 1.0", strings.Replace(validRequest, "150000", "1.0", 1), "/transfers/0/personal_information/individuals", CodeNotInteger},
		{"count as a string", strings.Replace(validRequest, "150000", `"150000"`, 1), "/transfers/0/personal_information/individuals", CodeType},
		{"ciio as a boolean", strings.Replace(validRequest, `"ciio":"no"`, `"ciio":false`, 1), "/processor/ciio", CodeType},
		{"unknown enum value", strings.Replace(validRequest, `"important_data":"none"`, `"important_data":"maybe"`, 1), "/transfers/0/important_data", CodeEnum},
		{"unknown scenario", strings.Replace(validRequest, `"scenario":"other"`, `"scenario":"shopping"`, 1), "/transfers/0/scenario", CodeEnum},
		{"missing transfer id", strings.Replace(validRequest, `"id":"t1",`, ``, 1), "/transfers/0/id", CodeRequired},
		{"missing as_of", strings.Replace(validRequest, `"as_of":"2026-06-01",`, ``, 1), "/as_of", CodeRequired},
		{"missing processor", `{"as_of":"2026-06-01","transfers":[]}`, "/processor", CodeRequired},
		{"duplicate transfer id", `{"as_of":"2026-06-01","processor":{},"transfers":[{"id":"a"},{"id":"a"}]}`, "/transfers/1/id", CodeDuplicateID},
		{"bad id characters", strings.Replace(validRequest, `"id":"t1"`, `"id":"t 1/x"`, 1), "/transfers/0/id", CodePattern},
		{"unknown property", strings.Replace(validRequest, `"ciio":"no"`, `"ciio":"no","cio":"yes"`, 1), "/processor/cio", CodeUnknownProperty},
		{"date before every rule set", strings.Replace(validRequest, "2026-06-01", "2022-08-31", 1), "/as_of", CodeDateOutOfRange},
		{"impossible date", strings.Replace(validRequest, "2026-06-01", "2026-02-30", 1), "/as_of", CodeFormat},
		{"date in another format", strings.Replace(validRequest, "2026-06-01", "01/06/2026", 1), "/as_of", CodePattern},
		{"more than 10,000 transfers", withTransfers(10001), "/transfers", CodeTooMany},
		{"unknown filing reference", `{"as_of":"2026-06-01","processor":{},"transfers":[{"id":"a","filing":"f9"}]}`, "/transfers/0/filing", CodeUnknownReference},
		{"duplicate filing id", `{"as_of":"2026-06-01","processor":{"filings":[{"id":"f","kind":"certification","date":"2026-01-05"},{"id":"f","kind":"certification","date":"2026-01-06"}]},"transfers":[]}`, "/processor/filings/1/id", CodeDuplicateID},
		{"wrong version", strings.Replace(validRequest, `{"as_of"`, `{"version":"2","as_of"`, 1), "/version", CodeConst},
		{"null processor", `{"as_of":"2026-06-01","processor":null,"transfers":[]}`, "/processor", CodeType},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := EvaluateJSON([]byte(tt.input))
			var doc ErrorDoc
			if err := json.Unmarshal(out, &doc); err != nil || doc.Kind != "error" {
				t.Fatalf("want an error document, got %.300s", out)
			}
			assertValid(t, "error", out)
			found := false
			for _, p := range doc.Errors {
				if p.Message.ZH == "" || p.Message.EN == "" {
					t.Errorf("problem %+v lacks a message", p)
				}
				if p.Pointer == tt.pointer && p.Code == tt.code {
					found = true
				}
			}
			if !found {
				t.Errorf("want %s at %q, got %+v", tt.code, tt.pointer, doc.Errors)
			}
		})
	}
}

func TestEveryProblemIsReported(t *testing.T) {
	in := `{"as_of":"2026-13-01","processor":{"ciio":"maybe"},"transfers":[{"id":"a","personal_information":{"individuals":-5}},{"id":"a"}]}`
	var doc ErrorDoc
	if err := json.Unmarshal(EvaluateJSON([]byte(in)), &doc); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"/as_of": CodeFormat, "/processor/ciio": CodeEnum, "/transfers/0/personal_information/individuals": CodeMinimum}
	for _, p := range doc.Errors {
		if want[p.Pointer] == p.Code {
			delete(want, p.Pointer)
		}
	}
	if len(want) > 0 {
		t.Errorf("not reported: %v; got %+v", want, doc.Errors)
	}
}

func TestMessagesUseSchemaTitles(t *testing.T) {
	out := string(EvaluateJSON([]byte(strings.Replace(validRequest, `"important_data":"none"`, `"important_data":"maybe"`, 1))))
	for _, want := range []string{"重要数据", "Important data", "none, notified, unknown"} {
		if !strings.Contains(out, want) {
			t.Errorf("message lacks %q: %s", want, out)
		}
	}
}

func TestValidRequestIsValid(t *testing.T) {
	if err := Validate([]byte(validRequest)); err != nil {
		t.Fatal(err)
	}
	if got := string(ValidateJSON([]byte(validRequest))); got != `{"kind":"valid"}` {
		t.Fatal(got)
	}
}
