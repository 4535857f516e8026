module github.com/akashi-badges/akashi

go 1.26.8

require (
	github.com/google/go-cmp v0.7.0 // indirect
	github.com/mr-tron/base58 v1.3.0 // indirect
	github.com/piprate/json-gold v0.9.1 // indirect
	github.com/santhosh-tekuri/jsonschema/v6 v6.0.3 // indirect
	golang.org/x/crypto v0.58.0 // indirect
	golang.org/x/text v0.43.0 // indirect
)
