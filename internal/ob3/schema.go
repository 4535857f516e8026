// SPDX-License-Identifier: Apache-2.0

package ob3

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

//go:embed schema/*.json
var schemaFS embed.FS

// Schema names, as reported in [SchemaError].
const (
	SchemaNameAchievementCredential = "AchievementCredential"
	SchemaNameEndorsementCredential = "EndorsementCredential"
	SchemaNameProfile               = "Profile"
)

var schemaFiles = map[string]string{
	SchemaNameAchievementCredential: "schema/achievementcredential.json",
	SchemaNameEndorsementCredential: "schema/endorsementcredential.json",
	SchemaNameProfile:               "schema/profile.json",
}

// compiledSchemas compiles the embedded schemas once, on first use.
var compiledSchemas = sync.OnceValues(compileSchemas)

func compileSchemas() (map[string]*jsonschema.Schema, error) {
	loader, err := newEmbeddedLoader()
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2019)
	// Draft 2019-09 treats "format" as an annotation unless asked; 1EdTech's
	// date-time members are meant to be checked.
	c.AssertFormat()
	c.UseLoader(loader)
	out := make(map[string]*jsonschema.Schema, len(schemaFiles))
	for name, file := range schemaFiles {
		sch, err := c.Compile(loader.idOf[file])
		if err != nil {
			return nil, fmt.Errorf("ob3: compile %s: %w", file, err)
		}
		out[name] = sch
	}
	return out, nil
}

// embeddedLoader serves the embedded schemas by their $id and refuses every
// other URL, so compiling never touches the network or the file system. The
// draft 2019-09 meta-schema is built into the jsonschema library.
type embeddedLoader struct {
	byID map[string]string // $id -> embedded file
	idOf map[string]string // embedded file -> $id
}

func newEmbeddedLoader() (*embeddedLoader, error) {
	l := &embeddedLoader{byID: map[string]string{}, idOf: map[string]string{}}
	for _, file := range schemaFiles {
		doc, err := readEmbedded(file)
		if err != nil {
			return nil, err
		}
		id, _ := doc.(map[string]any)["$id"].(string)
		if id == "" {
			return nil, fmt.Errorf("ob3: %s has no $id", file)
		}
		l.byID[id], l.idOf[file] = file, id
	}
	return l, nil
}

func (l *embeddedLoader) Load(url string) (any, error) {
	file, ok := l.byID[url]
	if !ok {
		return nil, fmt.Errorf("ob3: schema %s is not embedded (schemas are never fetched)", url)
	}
	return readEmbedded(file)
}

func readEmbedded(file string) (any, error) {
	b, err := fs.ReadFile(schemaFS, file)
	if err != nil {
		return nil, fmt.Errorf("ob3: %w", err)
	}
	return jsonschema.UnmarshalJSON(bytes.NewReader(b))
}

// ValidateSchema validates a credential against 1EdTech's JSON Schema for
// its type: EndorsementCredential when type contains
// "EndorsementCredential", AchievementCredential when it contains
// "AchievementCredential" or "OpenBadgeCredential". doc is the JSON ([]byte
// or json.RawMessage) or any value encoding/json marshals to it (a decoded
// map, an [*AchievementCredential], an [*EndorsementCredential]).
//
// A document that does not conform gives a [*SchemaError] (which matches
// [ErrSchema]) listing the JSON pointer of every failing location. Other
// errors mean the document could not be read.
func ValidateSchema(doc any) error {
	inst, err := instance(doc)
	if err != nil {
		return err
	}
	name, err := schemaFor(inst)
	if err != nil {
		return err
	}
	return validateAs(name, inst)
}

// ValidateProfile validates an issuer Profile document against 1EdTech's
// Profile schema; doc and the errors are as for [ValidateSchema].
func ValidateProfile(doc any) error {
	inst, err := instance(doc)
	if err != nil {
		return err
	}
	return validateAs(SchemaNameProfile, inst)
}

func validateAs(name string, inst any) error {
	schemas, err := compiledSchemas()
	if err != nil {
		return err
	}
	err = schemas[name].Validate(inst)
	var ve *jsonschema.ValidationError
	if errors.As(err, &ve) {
		return newSchemaError(name, ve)
	}
	if err != nil {
		return fmt.Errorf("ob3: validate: %w", err)
	}
	return nil
}

// instance turns doc into the generic JSON value the validator walks.
func instance(doc any) (any, error) {
	var b []byte
	switch d := doc.(type) {
	case []byte:
		b = d
	case json.RawMessage:
		b = d
	default:
		var err error
		if b, err = json.Marshal(doc); err != nil {
			return nil, fmt.Errorf("ob3: encode document: %w", err)
		}
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("ob3: read document: %w", err)
	}
	return v, nil
}

func schemaFor(inst any) (string, error) {
	obj, ok := inst.(map[string]any)
	if !ok {
		return "", &SchemaError{Failures: []SchemaFailure{{Pointer: "", Message: "document is not a JSON object"}}}
	}
	types := stringList(obj["type"])
	switch {
	case slices.Contains(types, TypeEndorsementCredential):
		return SchemaNameEndorsementCredential, nil
	case slices.Contains(types, TypeAchievementCredential), slices.Contains(types, TypeOpenBadgeCredential):
		return SchemaNameAchievementCredential, nil
	}
	return "", &SchemaError{Failures: []SchemaFailure{{Pointer: "/type", Message: "type names neither an AchievementCredential/OpenBadgeCredential nor an EndorsementCredential"}}}
}

// stringList reads a JSON-LD value that is a string or an array of strings.
func stringList(v any) []string {
	switch t := v.(type) {
	case string:
		return []string{t}
	case []any:
		out := make([]string, 0, len(t))
		for _, e := range t {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}
