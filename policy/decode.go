package policy

import (
	"bytes"
	"fmt"
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
	sc := scanner{src: b}
	v, err := sc.document()
	if err != nil {
		return nil, []Problem{err.p}
	}
	return v, nil
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
