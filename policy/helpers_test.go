package policy

import "testing"

// assertValid checks out against the named schema ("decision" or "error").
func assertValid(t *testing.T, kind string, out []byte) {
	t.Helper()
	if err := CheckOutput(out); err != nil {
		t.Errorf("%s does not match its schema: %v\n%.500s", kind, err, out)
	}
}
