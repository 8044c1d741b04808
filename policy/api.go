package policy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// EvaluateJSON validates a request document and evaluates it. It always
// returns JSON: a decision (schemas/decision.schema.json) or an error
// document (schemas/error.schema.json), never panics, and gives the same
// bytes for the same input on every host.
func EvaluateJSON(b []byte) (out []byte) {
	defer func() {
		if r := recover(); r != nil {
			out = errorJSON([]Problem{problem("", CodeInternal, fmt.Sprint(r))})
		}
	}()
	req, err := decodeRequest(b)
	if err != nil {
		return errorJSON(problemsOf(err))
	}
	d, err := Evaluate(req)
	if err != nil {
		return errorJSON(problemsOf(err))
	}
	return marshal(d)
}

// ValidateJSON validates a request document without evaluating it. It
// returns {"kind":"valid"} or an error document.
func ValidateJSON(b []byte) (out []byte) {
	defer func() {
		if r := recover(); r != nil {
			out = errorJSON([]Problem{problem("", CodeInternal, fmt.Sprint(r))})
		}
	}()
	if err := Validate(b); err != nil {
		return errorJSON(problemsOf(err))
	}
	return []byte(`{"kind":"valid"}`)
}

// ParseDecision reads a decision or an error document: it returns the
// decision, or an *Error holding the error document's problems.
func ParseDecision(b []byte) (*Decision, error) {
	var probe struct {
		Kind   string    `json:"kind"`
		Errors []Problem `json:"errors"`
	}
	if err := json.Unmarshal(b, &probe); err != nil {
		return nil, err
	}
	if probe.Kind == "error" {
		return nil, &Error{probe.Errors}
	}
	var d Decision
	if err := json.Unmarshal(b, &d); err != nil {
		return nil, err
	}
	return &d, nil
}

func problemsOf(err error) []Problem {
	var e *Error
	if errors.As(err, &e) {
		return e.Problems
	}
	return []Problem{problem("", CodeInternal, err.Error())}
}

func errorJSON(ps []Problem) []byte {
	return marshal(ErrorDoc{Kind: "error", Errors: ps})
}

// marshal encodes without HTML escaping, so that text reads the same in
// every host, and without a trailing newline.
func marshal(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// Marshal encodes a value as the module does: no HTML escaping, no
// trailing newline, maps in sorted key order.
func Marshal(v any) []byte { return marshal(v) }
