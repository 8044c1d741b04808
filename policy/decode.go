package policy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Limits on a request document. Inputs beyond them get a structured error.
const (
	// MaxRequestBytes is the largest request accepted (1 MiB).
	MaxRequestBytes = 1 << 20
	// MaxDepth is the deepest nesting of arrays and objects accepted.
	MaxDepth = 32
	// maxSafeInteger is 2^53-1, the largest integer every JSON host reads exactly.
	maxSafeInteger = 1<<53 - 1
)

// parseTree reads a JSON document into maps, slices, json.Number, string,
// bool and nil, refusing what encoding/json would silently accept or
// change: invalid UTF-8, duplicate keys, trailing data, nesting deeper than
// MaxDepth and numbers beyond 2^53. Problems come back as Problems with
// JSON pointers.
func parseTree(b []byte) (any, []Problem) {
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, []Problem{problem("", CodeEmpty)}
	}
	if len(b) > MaxRequestBytes {
		return nil, []Problem{problem("", CodeTooLarge, len(b), MaxRequestBytes)}
	}
	if !utf8.Valid(b) {
		return nil, []Problem{problem("", CodeInvalidUTF8, firstInvalidUTF8(b))}
	}
	p := treeParser{dec: json.NewDecoder(bytes.NewReader(b)), src: b}
	p.dec.UseNumber()
	v, err := p.value("", 0)
	if err == nil {
		if _, terr := p.dec.Token(); terr != io.EOF {
			err = p.fail("", CodeTrailingData, p.line())
		}
	}
	if err != nil {
		var pe *problemError
		if errors.As(err, &pe) {
			return nil, []Problem{pe.p}
		}
		return nil, []Problem{p.syntax(p.ptr, err)}
	}
	return v, nil
}

type problemError struct{ p Problem }

func (e *problemError) Error() string { return e.p.Message.EN }

type treeParser struct {
	dec *json.Decoder
	src []byte
	ptr string // pointer of the value being read, for syntax errors
}

func (p *treeParser) fail(ptr, code string, args ...any) error {
	return &problemError{problem(ptr, code, args...)}
}

// line returns "line L, column C" of the decoder's offset.
func (p *treeParser) line() string {
	return lineCol(p.src, int(p.dec.InputOffset()))
}

func (p *treeParser) syntax(ptr string, err error) Problem {
	off := int(p.dec.InputOffset())
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off = int(se.Offset)
	}
	msg := err.Error()
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		msg = "unexpected end of input"
	}
	return problem(ptr, CodeSyntax, lineCol(p.src, off), msg)
}

func (p *treeParser) value(ptr string, depth int) (any, error) {
	p.ptr = ptr
	tok, err := p.dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		if depth >= MaxDepth {
			return nil, p.fail(ptr, CodeTooDeep, MaxDepth)
		}
		if t == '{' {
			return p.object(ptr, depth+1)
		}
		return p.array(ptr, depth+1)
	case json.Number:
		if !safeNumber(string(t)) {
			return nil, p.fail(ptr, CodeNumberTooLarge, string(t))
		}
		return t, nil
	default:
		return t, nil
	}
}

func (p *treeParser) object(ptr string, depth int) (any, error) {
	m := map[string]any{}
	for p.dec.More() {
		tok, err := p.dec.Token()
		if err != nil {
			return nil, err
		}
		key, ok := tok.(string)
		if !ok {
			return nil, fmt.Errorf("object key expected")
		}
		child := ptr + "/" + escapePointer(key)
		if _, dup := m[key]; dup {
			return nil, p.fail(child, CodeDuplicateKey, key)
		}
		v, err := p.value(child, depth)
		if err != nil {
			return nil, err
		}
		m[key] = v
	}
	p.ptr = ptr
	if _, err := p.dec.Token(); err != nil { // '}'
		return nil, err
	}
	return m, nil
}

func (p *treeParser) array(ptr string, depth int) (any, error) {
	a := []any{}
	for p.dec.More() {
		v, err := p.value(ptr+"/"+strconv.Itoa(len(a)), depth)
		if err != nil {
			return nil, err
		}
		a = append(a, v)
	}
	p.ptr = ptr
	if _, err := p.dec.Token(); err != nil { // ']'
		return nil, err
	}
	return a, nil
}

// safeNumber reports whether a JSON number lies within ±(2^53-1).
func safeNumber(s string) bool {
	f, err := strconv.ParseFloat(s, 64)
	return err == nil && math.Abs(f) <= maxSafeInteger
}

// escapePointer escapes a key for a JSON pointer (RFC 6901).
func escapePointer(s string) string {
	if !strings.ContainsAny(s, "~/") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

func lineCol(b []byte, off int) string {
	if off > len(b) {
		off = len(b)
	}
	line, col := 1, 1
	for _, r := range string(b[:off]) {
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return fmt.Sprintf("%d:%d", line, col)
}

func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}
