// Package schemas embeds the JSON Schemas (draft 2020-12) of every document
// that crosses chujing's boundaries: the request, the decision, the error
// and the free trade zone list files. It holds data only.
package schemas

import (
	"embed"
	"io/fs"
	"sort"
	"strings"
)

//go:embed *.schema.json
var files embed.FS

// Names lists the embedded schemas by short name ("request", "decision", …),
// sorted.
func Names() []string {
	entries, _ := fs.ReadDir(files, ".")
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".schema.json"))
	}
	sort.Strings(names)
	return names
}

// Get returns the schema with the short name, and false if there is none.
func Get(name string) ([]byte, bool) {
	if strings.ContainsAny(name, "/\\.") || name == "" {
		return nil, false
	}
	b, err := files.ReadFile(name + ".schema.json")
	return b, err == nil
}
