// SPDX-License-Identifier: Apache-2.0

// Package report is the shape of a verification result: an ordered list of
// checks, each with a stable id, a status and a message key that surfaces
// translate (DESIGN §3). A failed check is a result, not an error.
package report

// Status of one check.
type Status string

const (
	Pass Status = "pass"
	Fail Status = "fail"
	Warn Status = "warn"
	Skip Status = "skip"
)

// Check is one step of a verification. ID is stable (tests and translations
// key on it); Message is a human-readable English sentence; Key and Params
// let a surface render the message in another language.
type Check struct {
	ID      string            `json:"id"`
	Status  Status            `json:"status"`
	Message string            `json:"message"`
	Key     string            `json:"key,omitempty"`
	Params  map[string]string `json:"params,omitempty"`
}

// Report is the result of verifying one input.
type Report struct {
	Input  string  `json:"input"`
	Valid  bool    `json:"valid"`
	Format string  `json:"format"`
	Checks []Check `json:"checks"`
}

// Add appends a check and returns it for chaining.
func (r *Report) Add(id string, st Status, msg string) *Check {
	r.Checks = append(r.Checks, Check{ID: id, Status: st, Message: msg, Key: "check." + id + "." + string(st)})
	return &r.Checks[len(r.Checks)-1]
}

// Finish sets Valid: true when at least one check passed and none failed.
func (r *Report) Finish() {
	passed := false
	for _, c := range r.Checks {
		if c.Status == Fail {
			r.Valid = false
			return
		}
		if c.Status == Pass {
			passed = true
		}
	}
	r.Valid = passed
}

// Status returns the status of the check with id, or "" when absent.
func (r *Report) Status(id string) Status {
	for _, c := range r.Checks {
		if c.ID == id {
			return c.Status
		}
	}
	return ""
}
