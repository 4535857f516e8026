// SPDX-License-Identifier: Apache-2.0

package ob3

import "encoding/json"

// Achievement is what was awarded (OB 3.0 data model): the badge class of OB
// 2.0. ID, Type, Name, Description and Criteria are required.
type Achievement struct {
	ID                string              `json:"id"`
	Type              []string            `json:"type"`
	AchievementType   string              `json:"achievementType,omitempty"`
	Name              string              `json:"name"`
	Description       string              `json:"description"`
	Criteria          Criteria            `json:"criteria"`
	Image             *Image              `json:"image,omitempty"`
	Alignment         []Alignment         `json:"alignment,omitempty"`
	Tag               []string            `json:"tag,omitempty"`
	ResultDescription []ResultDescription `json:"resultDescription,omitempty"`
	Creator           *Profile            `json:"creator,omitempty"`
	CreditsAvailable  *float64            `json:"creditsAvailable,omitempty"`
	FieldOfStudy      string              `json:"fieldOfStudy,omitempty"`
	HumanCode         string              `json:"humanCode,omitempty"`
	InLanguage        string              `json:"inLanguage,omitempty"`
	Specialization    string              `json:"specialization,omitempty"`
	Version           string              `json:"version,omitempty"`
	OtherIdentifier   []IdentifierEntry   `json:"otherIdentifier,omitempty"`
	Related           []Related           `json:"related,omitempty"`
	Endorsement       []json.RawMessage   `json:"endorsement,omitempty"`
	EndorsementJwt    []string            `json:"endorsementJwt,omitempty"`
}

// Criteria says how the achievement is earned: a URL (ID), a Markdown
// Narrative, or both.
type Criteria struct {
	ID        string `json:"id,omitempty"`
	Narrative string `json:"narrative,omitempty"`
}

// Alignment links the achievement to a framework item (OB 3.0 data model);
// Type must contain "Alignment", TargetName and TargetURL are required.
type Alignment struct {
	Type              []string `json:"type"`
	TargetName        string   `json:"targetName"`
	TargetURL         string   `json:"targetUrl"`
	TargetDescription string   `json:"targetDescription,omitempty"`
	TargetFramework   string   `json:"targetFramework,omitempty"`
	TargetCode        string   `json:"targetCode,omitempty"`
	TargetType        string   `json:"targetType,omitempty"`
}

// ResultDescription describes a possible result (OB 3.0 data model).
type ResultDescription struct {
	ID                   string                 `json:"id"`
	Type                 []string               `json:"type"`
	Name                 string                 `json:"name"`
	ResultType           string                 `json:"resultType"`
	Alignment            []Alignment            `json:"alignment,omitempty"`
	AllowedValue         []string               `json:"allowedValue,omitempty"`
	RequiredLevel        string                 `json:"requiredLevel,omitempty"`
	RequiredValue        string                 `json:"requiredValue,omitempty"`
	RubricCriterionLevel []RubricCriterionLevel `json:"rubricCriterionLevel,omitempty"`
	ValueMax             string                 `json:"valueMax,omitempty"`
	ValueMin             string                 `json:"valueMin,omitempty"`
}

// RubricCriterionLevel is one level of a rubric criterion.
type RubricCriterionLevel struct {
	ID          string      `json:"id"`
	Type        []string    `json:"type"`
	Name        string      `json:"name"`
	Description string      `json:"description,omitempty"`
	Level       string      `json:"level,omitempty"`
	Points      string      `json:"points,omitempty"`
	Alignment   []Alignment `json:"alignment,omitempty"`
}

// IdentifierEntry is another identifier of an achievement or profile.
type IdentifierEntry struct {
	Type           string `json:"type"`
	Identifier     string `json:"identifier"`
	IdentifierType string `json:"identifierType"`
}

// Related points to a related achievement, for example a translation.
type Related struct {
	ID         string   `json:"id"`
	Type       []string `json:"type"`
	InLanguage string   `json:"inLanguage,omitempty"`
	Version    string   `json:"version,omitempty"`
}
