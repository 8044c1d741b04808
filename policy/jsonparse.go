package policy

import (
	"encoding/json"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// scanner is a small JSON parser for request documents. It builds the same
// values as encoding/json with UseNumber (maps, slices, json.Number,
// string, bool, nil) in one pass without reflection, which matters in
// WebAssembly, and it refuses what encoding/json would accept silently:
// duplicate keys, lone UTF-16 surrogates, nesting deeper than MaxDepth and
// numbers beyond ±(2^53-1). The input must be valid UTF-8.
type scanner struct {
	src  []byte
	pos  int
	path []string // pointer segments of the value being read, escaped
}

// ptr is the JSON pointer of the value being read; it is built only when
// a problem needs it.
func (s *scanner) ptr() string {
	n := 0
	for _, seg := range s.path {
		n += 1 + len(seg)
	}
	b := make([]byte, 0, n)
	for _, seg := range s.path {
		b = append(b, '/')
		b = append(b, seg...)
	}
	return string(b)
}

// scanError carries the problem a parse stopped at.
type scanError struct{ p Problem }

func (s *scanner) fail(code string, args ...any) *scanError {
	return &scanError{problem(s.ptr(), code, args...)}
}

func (s *scanner) syntax(msg string) *scanError {
	if s.pos >= len(s.src) {
		msg = "unexpected end of input"
	}
	return s.fail(CodeSyntax, lineCol(s.src, s.pos), msg)
}

func (s *scanner) skipSpace() {
	for s.pos < len(s.src) {
		switch s.src[s.pos] {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return
		}
	}
}

// document parses one JSON value followed by nothing but white space.
func (s *scanner) document() (any, *scanError) {
	v, err := s.value(0)
	if err != nil {
		return nil, err
	}
	s.skipSpace()
	if s.pos < len(s.src) {
		return nil, s.fail(CodeTrailingData, lineCol(s.src, s.pos))
	}
	return v, nil
}

func (s *scanner) value(depth int) (any, *scanError) {
	s.skipSpace()
	if s.pos >= len(s.src) {
		return nil, s.syntax("")
	}
	switch c := s.src[s.pos]; {
	case c == '{':
		if depth >= MaxDepth {
			return nil, s.fail(CodeTooDeep, MaxDepth)
		}
		return s.object(depth + 1)
	case c == '[':
		if depth >= MaxDepth {
			return nil, s.fail(CodeTooDeep, MaxDepth)
		}
		return s.array(depth + 1)
	case c == '"':
		return s.str()
	case c == '-' || c >= '0' && c <= '9':
		return s.number()
	case c == 't':
		return true, s.literal("true")
	case c == 'f':
		return false, s.literal("false")
	case c == 'n':
		return nil, s.literal("null")
	default:
		return nil, s.syntax("invalid character " + strconv.QuoteRune(rune(c)) + " looking for beginning of value")
	}
}

func (s *scanner) literal(word string) *scanError {
	if len(s.src)-s.pos < len(word) || string(s.src[s.pos:s.pos+len(word)]) != word {
		return s.syntax("invalid literal, expected " + word)
	}
	s.pos += len(word)
	return nil
}

func (s *scanner) object(depth int) (any, *scanError) {
	s.pos++ // '{'
	m := map[string]any{}
	s.skipSpace()
	if s.pos < len(s.src) && s.src[s.pos] == '}' {
		s.pos++
		return m, nil
	}
	for {
		s.skipSpace()
		if s.pos >= len(s.src) || s.src[s.pos] != '"' {
			return nil, s.syntax("expected a quoted object key")
		}
		k, err := s.str()
		if err != nil {
			return nil, err
		}
		key := k.(string)
		s.path = append(s.path, escapePointer(key))
		if _, dup := m[key]; dup {
			return nil, s.fail(CodeDuplicateKey, key)
		}
		s.skipSpace()
		if s.pos >= len(s.src) || s.src[s.pos] != ':' {
			return nil, s.syntax("expected ':' after object key")
		}
		s.pos++
		v, err := s.value(depth)
		if err != nil {
			return nil, err
		}
		s.path = s.path[:len(s.path)-1]
		m[key] = v
		s.skipSpace()
		if s.pos >= len(s.src) {
			return nil, s.syntax("")
		}
		switch s.src[s.pos] {
		case ',':
			s.pos++
		case '}':
			s.pos++
			return m, nil
		default:
			return nil, s.syntax("expected ',' or '}' after object value")
		}
	}
}

func (s *scanner) array(depth int) (any, *scanError) {
	s.pos++ // '['
	a := []any{}
	s.skipSpace()
	if s.pos < len(s.src) && s.src[s.pos] == ']' {
		s.pos++
		return a, nil
	}
	for {
		s.path = append(s.path, strconv.Itoa(len(a)))
		v, err := s.value(depth)
		if err != nil {
			return nil, err
		}
		s.path = s.path[:len(s.path)-1]
		a = append(a, v)
		s.skipSpace()
		if s.pos >= len(s.src) {
			return nil, s.syntax("")
		}
		switch s.src[s.pos] {
		case ',':
			s.pos++
		case ']':
			s.pos++
			return a, nil
		default:
			return nil, s.syntax("expected ',' or ']' after array element")
		}
	}
}

// str parses a string starting at its opening quote.
func (s *scanner) str() (any, *scanError) {
	s.pos++ // '"'
	start := s.pos
	// Fast path: no escapes.
	for s.pos < len(s.src) {
		c := s.src[s.pos]
		if c == '"' {
			out := string(s.src[start:s.pos])
			s.pos++
			return out, nil
		}
		if c == '\\' {
			break
		}
		if c < 0x20 {
			return nil, s.syntax("control character in string")
		}
		s.pos++
	}
	buf := append([]byte(nil), s.src[start:s.pos]...)
	for s.pos < len(s.src) {
		c := s.src[s.pos]
		switch {
		case c == '"':
			s.pos++
			return string(buf), nil
		case c < 0x20:
			return nil, s.syntax("control character in string")
		case c != '\\':
			buf = append(buf, c)
			s.pos++
			continue
		}
		s.pos++ // '\\'
		if s.pos >= len(s.src) {
			break
		}
		e := s.src[s.pos]
		s.pos++
		switch e {
		case '"', '\\', '/':
			buf = append(buf, e)
		case 'b':
			buf = append(buf, '\b')
		case 'f':
			buf = append(buf, '\f')
		case 'n':
			buf = append(buf, '\n')
		case 'r':
			buf = append(buf, '\r')
		case 't':
			buf = append(buf, '\t')
		case 'u':
			r, ok := s.hex4()
			if !ok {
				return nil, s.syntax("invalid \\u escape")
			}
			if utf16.IsSurrogate(r) {
				if s.pos+1 < len(s.src) && s.src[s.pos] == '\\' && s.src[s.pos+1] == 'u' {
					s.pos += 2
					r2, ok := s.hex4()
					if !ok {
						return nil, s.syntax("invalid \\u escape")
					}
					r = utf16.DecodeRune(r, r2)
				} else {
					r = utf8.RuneError
				}
				if r == utf8.RuneError {
					return nil, s.syntax("lone UTF-16 surrogate in \\u escape")
				}
			}
			buf = utf8.AppendRune(buf, r)
		default:
			return nil, s.syntax("invalid escape character " + strconv.QuoteRune(rune(e)))
		}
	}
	return nil, s.syntax("")
}

func (s *scanner) hex4() (rune, bool) {
	if len(s.src)-s.pos < 4 {
		return 0, false
	}
	var r rune
	for _, c := range s.src[s.pos : s.pos+4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	s.pos += 4
	return r, true
}

// number parses a number by the JSON grammar:
// -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
func (s *scanner) number() (any, *scanError) {
	start := s.pos
	digits := func() int {
		n := 0
		for s.pos < len(s.src) && s.src[s.pos] >= '0' && s.src[s.pos] <= '9' {
			s.pos++
			n++
		}
		return n
	}
	if s.src[s.pos] == '-' {
		s.pos++
	}
	switch {
	case s.pos < len(s.src) && s.src[s.pos] == '0':
		s.pos++
	case digits() == 0:
		return nil, s.syntax("invalid number")
	}
	if s.pos < len(s.src) && s.src[s.pos] == '.' {
		s.pos++
		if digits() == 0 {
			return nil, s.syntax("invalid number: digits expected after '.'")
		}
	}
	if s.pos < len(s.src) && (s.src[s.pos] == 'e' || s.src[s.pos] == 'E') {
		s.pos++
		if s.pos < len(s.src) && (s.src[s.pos] == '+' || s.src[s.pos] == '-') {
			s.pos++
		}
		if digits() == 0 {
			return nil, s.syntax("invalid number: digits expected in exponent")
		}
	}
	n := json.Number(s.src[start:s.pos])
	if !safeNumber(string(n)) {
		return nil, s.fail(CodeNumberTooLarge, string(n))
	}
	return n, nil
}
