module github.com/chujing/chujing

go 1.26

require github.com/arran4/golang-ical v0.3.4

require github.com/santhosh-tekuri/jsonschema/v5 v5.3.1
