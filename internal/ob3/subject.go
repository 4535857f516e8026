// SPDX-License-Identifier: Apache-2.0

package ob3

// AchievementSubject is the credentialSubject of an AchievementCredential
// (OB 3.0 data model): the recipient, by ID and/or Identifier, and the
// Achievement awarded.
type AchievementSubject struct {
	ID                string           `json:"id,omitempty"`
	Type              []string         `json:"type"`
	Identifier        []IdentityObject `json:"identifier,omitempty"`
	Achievement       Achievement      `json:"achievement"`
	Result            []Result         `json:"result,omitempty"`
	ActivityStartDate string           `json:"activityStartDate,omitempty"`
	ActivityEndDate   string           `json:"activityEndDate,omitempty"`
	CreditsEarned     *float64         `json:"creditsEarned,omitempty"`
	LicenseNumber     string           `json:"licenseNumber,omitempty"`
	Narrative         string           `json:"narrative,omitempty"`
	Role              string           `json:"role,omitempty"`
	Term              string           `json:"term,omitempty"`
	Image             *Image           `json:"image,omitempty"`
	Source            *Profile         `json:"source,omitempty"`
}

// IdentityObject identifies the recipient without an id (OB 3.0 data model),
// usually by a salted hash of an e-mail address; see [HashIdentity].
// Hashed has no omitempty: the schema requires it even when false.
type IdentityObject struct {
	Type         string `json:"type"`
	Hashed       bool   `json:"hashed"`
	IdentityHash string `json:"identityHash"`
	IdentityType string `json:"identityType"`
	Salt         string `json:"salt,omitempty"`
}

// Result describes a result the recipient achieved (OB 3.0 data model).
type Result struct {
	Type              []string    `json:"type"`
	AchievedLevel     string      `json:"achievedLevel,omitempty"`
	Alignment         []Alignment `json:"alignment,omitempty"`
	ResultDescription string      `json:"resultDescription,omitempty"`
	Status            string      `json:"status,omitempty"`
	Value             string      `json:"value,omitempty"`
}

// Evidence describes the work that led to the award (OB 3.0 data model).
type Evidence struct {
	ID          string   `json:"id,omitempty"`
	Type        []string `json:"type"`
	Narrative   string   `json:"narrative,omitempty"`
	Name        string   `json:"name,omitempty"`
	Description string   `json:"description,omitempty"`
	Genre       string   `json:"genre,omitempty"`
	Audience    string   `json:"audience,omitempty"`
}
