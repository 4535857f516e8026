// SPDX-License-Identifier: Apache-2.0

package ob2

import (
	"fmt"
	"strings"

	"github.com/akashi-badges/akashi/internal/report"
)

// outcome gathers the findings of one check; with none the check passes.
type outcome struct {
	status report.Status
	msgs   []string
	params map[string]string
}

func (o *outcome) add(st report.Status, format string, args ...any) {
	o.msgs = append(o.msgs, fmt.Sprintf(format, args...))
	if rank(st) > rank(o.status) {
		o.status = st
	}
}

func (o *outcome) fail(format string, args ...any) { o.add(report.Fail, format, args...) }
func (o *outcome) warn(format string, args ...any) { o.add(report.Warn, format, args...) }

// param records a message parameter for translations; the first value set
// for a name wins.
func (o *outcome) param(name, value string) {
	if o.params == nil {
		o.params = map[string]string{}
	}
	if _, ok := o.params[name]; !ok {
		o.params[name] = value
	}
}

// emit adds the check to r: pass with passMsg when nothing was found.
func (o *outcome) emit(r *report.Report, id, passMsg string) {
	if len(o.msgs) == 0 {
		c := r.Add(id, report.Pass, passMsg)
		c.Params = o.params
		return
	}
	c := r.Add(id, o.status, strings.Join(o.msgs, " "))
	c.Params = o.params
}

func rank(st report.Status) int {
	switch st {
	case report.Fail:
		return 3
	case report.Warn:
		return 2
	case report.Skip:
		return 1
	}
	return 0
}
