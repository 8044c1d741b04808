module github.com/chujing/chujing

go 1.26

require (
	github.com/arran4/golang-ical v0.3.4
	github.com/goccy/go-json v0.12.0
	github.com/santhosh-tekuri/jsonschema/v5 v5.3.1
	github.com/tetratelabs/wazero v1.12.0
	gopkg.in/yaml.v3 v3.0.1
)

require golang.org/x/sys v0.44.0 // indirect
