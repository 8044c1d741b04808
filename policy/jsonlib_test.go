package policy

import (
	stdjson "encoding/json"
	"os"
	"testing"

	goccy "github.com/goccy/go-json"
)

// BenchmarkJSONLibrary compares encoding/json with goccy/go-json on what
// crosses the boundary: encoding a decision (the module's side) and
// decoding it (the Go host's side).
func BenchmarkJSONLibrary(b *testing.B) {
	in, err := os.ReadFile("../testdata/golden/typical-three-transfers.request.json")
	if err != nil {
		b.Fatal(err)
	}
	req, _ := decodeRequest(in)
	d, _ := Evaluate(req)
	out := marshal(d)
	b.Run("encode/encoding-json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			stdjson.Marshal(d)
		}
	})
	b.Run("encode/goccy", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			goccy.Marshal(d)
		}
	})
	b.Run("decode/encoding-json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var x Decision
			stdjson.Unmarshal(out, &x)
		}
	})
	b.Run("decode/goccy", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var x Decision
			goccy.Unmarshal(out, &x)
		}
	})
}
