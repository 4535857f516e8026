// SPDX-License-Identifier: Apache-2.0

package pdfbadge

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"io"
	"math"
	"slices"
	"strings"

	// oksvg (the fyne-io fork of srwiley/oksvg, kept up by the Fyne
	// project) parses SVG into rasterx paths. Of the candidates it brings
	// the least: rasterx, golang.org/x/image and golang.org/x/net/html
	// (for the XML charset), all pure Go. tdewolff/canvas draws more of
	// SVG but its root package pulls in some twenty modules (an X11
	// client, a TeX engine, embedded fonts); srwiley/oksvg itself has had
	// no change since 2022.
	"github.com/fyne-io/oksvg"
	"github.com/srwiley/rasterx"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"
	"golang.org/x/net/html/charset"
)

// Limits of [rasterSVG]. The SVG was checked when it was uploaded; these
// bound the work of drawing it all the same, so that one odd image cannot
// hold up the server.
const (
	maxSVGBytes    = 1 << 20
	maxSVGPixels   = 600 // the longer side of the raster: 380 dpi at the 40 mm the badge is printed
	maxSVGElements = 20000
	maxSVGDepth    = 64

	// maxSVGSegments bounds the line segments given to the scanner (after
	// curves are flattened and strokes dashed), maxSVGWork the rows and
	// columns they cross and the pixels filled (see scanner), a pixel of
	// a gradient counting gradientCost: rasterx computes its colour pixel
	// by pixel, 50 to 150 ns against 10 for a plain colour. The budget is
	// one to two seconds' work on one core: 460 rasters filled flat or 29
	// with a gradient, where a badge needs a few.
	maxSVGSegments = 1 << 20
	maxSVGWork     = 160 << 20
	gradientCost   = 16
)

// errSVG reports an SVG badge image that [rasterSVG] does not draw.
var errSVG = errors.New("pdfbadge: SVG badge image")

// rasterSVG draws an SVG image on white, maxSVGPixels on its longer side.
// What the rasteriser does not know (text, clipping, masks, filters,
// images) is left out; an SVG it cannot read at all, or one past the
// limits above, is an error wrapping errSVG.
func rasterSVG(svg []byte) (*image.RGBA, error) {
	return rasterSVGSize(svg, maxSVGPixels)
}

func rasterSVGSize(svg []byte, side int) (img *image.RGBA, err error) {
	if len(svg) > maxSVGBytes {
		return nil, fmt.Errorf("%w: larger than %d bytes", errSVG, maxSVGBytes)
	}
	svg, err = checkSVG(svg)
	if err != nil {
		return nil, err
	}
	// The rasteriser is third-party code fed with an issuer's upload: a
	// panic in it (or the budget's, see scanner) must not take the
	// certificate, or the server, with it.
	defer func() {
		if r := recover(); r != nil {
			img = nil
			if e, ok := r.(budgetError); ok {
				err = fmt.Errorf("%w: %s", errSVG, string(e))
			} else {
				err = fmt.Errorf("%w: the rasteriser failed: %v", errSVG, r)
			}
		}
	}()
	// oksvg takes currentColor for an unknown colour and gives up; the
	// image has no context to inherit a colour from, so it is SVG's
	// initial one, black.
	icon, err := oksvg.ReadReplacingCurrentColor(bytes.NewReader(svg), "black")
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errSVG, err)
	}
	vb := icon.ViewBox
	if !(vb.W > 0 && vb.H > 0) || math.IsInf(vb.W, 0) || math.IsInf(vb.H, 0) || vb.W/vb.H > 1e6 || vb.H/vb.W > 1e6 {
		return nil, fmt.Errorf("%w: no usable viewBox or width and height", errSVG)
	}
	w, h := side, side
	if vb.W > vb.H {
		h = max(1, int(math.Round(float64(side)*vb.H/vb.W)))
	} else {
		w = max(1, int(math.Round(float64(side)*vb.W/vb.H)))
	}
	icon.SetTarget(0, 0, float64(w), float64(h))
	scale := float64(w) / vb.W

	// oksvg transforms the points of a path but not the width of its
	// stroke or its dashes, which come out in pixels; scale them as the
	// viewBox is scaled. (A transform on an element still does not scale
	// its stroke.)
	for i := range icon.SVGPaths {
		p := &icon.SVGPaths[i]
		p.LineWidth *= scale
		p.Dash, p.DashOffset = dashes(p.Dash, p.DashOffset, scale)
	}

	img = image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	icon.Draw(rasterx.NewDasher(w, h, newScanner(img, icon.Transform.Invert())), 1)
	return img, nil
}

// dashes scales a dash array and its offset to pixels, in a new slice:
// paths share the one they inherit. A pattern rasterx would spend long on
// is drawn solid: one finer than a pixel (a grey blur at best, and
// millions of segments) or of more than 64 entries. The offset is brought
// within the pattern, as rasterx walks to it dash by dash.
func dashes(d []float64, offset, scale float64) ([]float64, float64) {
	if len(d) == 0 || len(d) > 64 {
		return nil, 0
	}
	out := make([]float64, len(d))
	var sum float64
	for i, v := range d {
		out[i] = max(v, 0) * scale // rasterx takes a negative dash as 0
		sum += out[i]
	}
	if !(sum >= 1) || math.IsInf(sum, 0) {
		return nil, 0
	}
	period := sum
	if len(d)%2 == 1 {
		period *= 2 // an odd list repeats once more to alternate dash and gap
	}
	offset = math.Mod(offset*scale, period)
	if math.IsNaN(offset) {
		offset = 0
	} else if offset < 0 {
		offset += period
	}
	return out, offset
}

// checkSVG reads the SVG's element structure before oksvg does, and
// refuses what would make oksvg's work grow faster than the file: deep
// nesting, too many elements, and <use> repeating a large <defs> many
// times. It also refuses a <use> inside <defs>, and <defs> inside <defs>
// (which lets a later <use> be stored as a definition): oksvg expands
// <use> recursively, so a definition that uses itself overflows the
// stack, which is fatal, not a panic that can be recovered.
//
// It returns the SVG with two things done that oksvg does not do, both
// in the way Inkscape writes every gradient: a <stop> whose colour is in
// its style attribute is rewritten with the colour as an attribute, and a
// gradient without stops that names another with href is given the
// other's stops. Else oksvg would fill such gradients with black.
func checkSVG(svg []byte) ([]byte, error) {
	d := xml.NewDecoder(bytes.NewReader(svg))
	converted := false
	d.CharsetReader = func(label string, r io.Reader) (io.Reader, error) {
		converted = true // offsets are then in the converted text
		return charset.NewReaderLabel(label, r)
	}
	var (
		depth, defs, elements, defElements, uses int

		edits []edit
		grads []*gradient
		byID  = map[string]*gradient{}
		grad  *gradient // the gradient being read, if any
		stop  edit      // the <stop> being read, if stop.text != nil
	)
	for {
		from := int(d.InputOffset())
		t, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %v", errSVG, err)
		}
		switch t := t.(type) {
		case xml.StartElement:
			depth++
			elements++
			if defs > 0 {
				defElements++
			}
			switch {
			case depth > maxSVGDepth:
				return nil, fmt.Errorf("%w: elements nested deeper than %d", errSVG, maxSVGDepth)
			case elements > maxSVGElements:
				return nil, fmt.Errorf("%w: more than %d elements", errSVG, maxSVGElements)
			case defs > 0 && (t.Name.Local == "use" || t.Name.Local == "defs"):
				return nil, fmt.Errorf("%w: <%s> inside <defs>", errSVG, t.Name.Local)
			}
			switch t.Name.Local {
			case "defs":
				defs++
			case "use":
				uses++
			case "linearGradient", "radialGradient":
				grad = &gradient{tag: edit{from: from, to: int(d.InputOffset())}, depth: depth}
				for _, a := range t.Attr {
					switch a.Name.Local {
					case "id":
						grad.id = a.Value
					case "href":
						grad.href = strings.TrimPrefix(a.Value, "#")
					}
				}
				grads = append(grads, grad)
				if _, dup := byID[grad.id]; !dup && grad.id != "" {
					byID[grad.id] = grad
				}
			case "stop":
				if grad != nil && depth == grad.depth+1 {
					stop = edit{from: from, text: stopElement(t.Attr)}
				}
			}
		case xml.EndElement:
			if stop.text != nil && grad != nil && depth == grad.depth+1 {
				stop.to = int(d.InputOffset())
				edits = append(edits, stop)
				grad.stops = append(grad.stops, stop.text...)
				stop = edit{}
			}
			if grad != nil && depth == grad.depth {
				grad = nil
			}
			depth--
			if t.Name.Local == "defs" {
				defs--
			}
		}
	}
	// oksvg keeps all of <defs> as one definition, so each <use> draws
	// every element in it.
	if elements+uses*defElements > maxSVGElements {
		return nil, fmt.Errorf("%w: <use> repeats more than %d elements", errSVG, maxSVGElements)
	}
	if converted {
		return svg, nil
	}
	for _, g := range grads {
		if len(g.stops) > 0 || g.href == "" {
			continue
		}
		// Follow a few hrefs to the first gradient with stops.
		for r, n := byID[g.href], 0; r != nil && n < 8; r, n = byID[r.href], n+1 {
			if len(r.stops) > 0 {
				edits = append(edits, g.withStops(svg, r.stops))
				break
			}
		}
	}
	if len(edits) == 0 {
		return svg, nil
	}
	slices.SortFunc(edits, func(a, b edit) int { return a.from - b.from })
	out := make([]byte, 0, len(svg))
	last := 0
	for _, e := range edits {
		out = append(append(out, svg[last:e.from]...), e.text...)
		last = e.to
		if len(out) > 2*maxSVGBytes {
			return nil, fmt.Errorf("%w: gradients copy too many stops", errSVG)
		}
	}
	return append(out, svg[last:]...), nil
}

// edit replaces svg[from:to] with text.
type edit struct {
	from, to int
	text     []byte
}

// gradient is a gradient element as checkSVG found it.
type gradient struct {
	id, href string
	tag      edit // the start tag
	depth    int
	stops    []byte // its <stop> elements, as stopElement writes them
}

// withStops is the edit that puts stops into g, after its start tag; a
// tag that ends the element, <linearGradient .../>, is opened and closed.
func (g *gradient) withStops(svg, stops []byte) edit {
	tag := svg[g.tag.from:g.tag.to]
	e := edit{from: g.tag.from, to: g.tag.to}
	if !bytes.HasSuffix(tag, []byte("/>")) {
		e.text = append(append(e.text, tag...), stops...)
		return e
	}
	name := tag[1:bytes.IndexAny(tag, " \t\r\n/")]
	e.text = append(append(e.text, tag[:len(tag)-2]...), '>')
	e.text = append(append(e.text, stops...), "</"...)
	e.text = append(append(e.text, name...), '>')
	return e
}

// stopElement writes a <stop> with its offset, colour and opacity as
// attributes, taking them from its style attribute where they are there
// (which oksvg does not read).
func stopElement(attrs []xml.Attr) []byte {
	var v [3]*string
	names := [3]string{"offset", "stop-color", "stop-opacity"}
	for _, a := range attrs {
		if i := slices.Index(names[:], a.Name.Local); i >= 0 && v[i] == nil {
			v[i] = &a.Value
		}
	}
	for _, a := range attrs {
		if a.Name.Local != "style" {
			continue
		}
		for decl := range strings.SplitSeq(a.Value, ";") {
			k, val, _ := strings.Cut(decl, ":")
			if i := slices.Index(names[1:], strings.TrimSpace(k)); i >= 0 {
				val = strings.TrimSpace(val)
				v[i+1] = &val
			}
		}
	}
	var b bytes.Buffer
	b.WriteString("<stop")
	for i, val := range v {
		if val != nil {
			fmt.Fprintf(&b, ` %s="`, names[i])
			xml.EscapeText(&b, []byte(*val))
			b.WriteByte('"')
		}
	}
	b.WriteString("/>")
	return b.Bytes()
}

// budgetError is the panic with which scanner stops the rasteriser.
type budgetError string

// scanner is what rasterx hands the outlines of fills and strokes to, in
// place of its own ScannerGV, for three reasons.
//
// It draws only the rectangle a shape covers. ScannerGV paints the whole
// raster for every shape, and for a gradient calls the colour function
// and reads and writes every pixel through interfaces: the test badge,
// with two gradients, took 450 ms that way and takes 10 ms this way.
//
// It keeps a budget, as rasterx has no way to stop early: the segments it
// is given grow with curves, strokes and dashes (a dash array of tiny
// dashes on a long path makes millions), and the work of each segment with
// the rows and columns it crosses. Segments are clipped to the shape's
// rectangle first, so that coordinates far off the raster cost nothing.
// Past the budget it panics, and rasterSVG recovers.
//
// It puts gradients in user space: for gradientUnits="userSpaceOnUse"
// (Illustrator's default) rasterx gives a colour function of user
// coordinates but calls it with pixels, which is wrong once the viewBox is
// scaled; the scanner maps pixels back through the viewBox transform.
// oksvg asks for the path's extent only for an objectBoundingBox gradient,
// whose function is already in pixels: that call marks the next colour as
// one to leave alone.
type scanner struct {
	dst    *image.RGBA
	toUser rasterx.Matrix2D

	z        vector.Rasterizer
	mask     image.Alpha
	path     []step
	min, max fixed.Point26_6
	color    color.Color
	gradient paint
	bbox     bool // GetPathExtent was called: the next colour is in pixels

	segments int // left to take
	work     int // left: rows and columns crossed, pixels painted
}

// paint gives the premultiplied colour of a pixel, as color.Color's RGBA.
type paint func(x, y int) (r, g, b, a uint32)

// step is a point of the path: the start of a sub-path or the end of a line.
type step struct {
	p     fixed.Point26_6
	start bool
}

func newScanner(dst *image.RGBA, toUser rasterx.Matrix2D) *scanner {
	s := &scanner{dst: dst, toUser: toUser, segments: maxSVGSegments, work: maxSVGWork, color: color.Black}
	s.Clear()
	return s
}

func (s *scanner) Start(a fixed.Point26_6) { s.add(a, true) }
func (s *scanner) Line(b fixed.Point26_6)  { s.add(b, false) }

func (s *scanner) add(p fixed.Point26_6, start bool) {
	if s.segments--; s.segments < 0 {
		panic(budgetError(fmt.Sprintf("more than %d segments to draw", maxSVGSegments)))
	}
	s.path = append(s.path, step{p, start})
	s.min.X, s.min.Y = min(s.min.X, p.X), min(s.min.Y, p.Y)
	s.max.X, s.max.Y = max(s.max.X, p.X), max(s.max.Y, p.Y)
}

func (s *scanner) GetPathExtent() fixed.Rectangle26_6 {
	s.bbox = true
	return fixed.Rectangle26_6{Min: s.min, Max: s.max}
}

func (s *scanner) SetColor(c any) {
	switch c := c.(type) {
	case color.Color:
		s.color, s.gradient = c, nil
	case rasterx.ColorFunc:
		s.color, s.gradient = nil, func(x, y int) (r, g, b, a uint32) { return c(x, y).RGBA() }
		if !s.bbox {
			s.gradient = userSpace(c, s.toUser)
		}
	}
	s.bbox = false
}

func (s *scanner) Clear() {
	s.path = s.path[:0]
	s.min = fixed.Point26_6{X: math.MaxInt32, Y: math.MaxInt32}
	s.max = fixed.Point26_6{X: math.MinInt32, Y: math.MinInt32}
	s.bbox = false
}

// Neither is used by oksvg: the raster's bounds are the image's, and the
// winding rule is always non-zero (as ScannerGV's).
func (s *scanner) SetBounds(int, int)      {}
func (s *scanner) SetWinding(bool)         {}
func (s *scanner) SetClip(image.Rectangle) {}

func (s *scanner) spend(n int) {
	if s.work -= n; s.work < 0 {
		panic(budgetError("too much to draw"))
	}
}

func (s *scanner) Draw() {
	if len(s.path) == 0 {
		return
	}
	r := image.Rect(s.min.X.Floor(), s.min.Y.Floor(), s.max.X.Ceil(), s.max.Y.Ceil()).Intersect(s.dst.Bounds())
	if r.Empty() {
		return
	}
	w, h := float64(r.Dx()), float64(r.Dy())
	if s.gradient == nil {
		s.spend(r.Dx() * r.Dy())
	} else {
		s.spend(r.Dx() * r.Dy() * gradientCost)
	}
	s.z.Reset(r.Dx(), r.Dy())
	var ax, ay float64
	for _, st := range s.path {
		x, y := float64(st.p.X)/64-float64(r.Min.X), float64(st.p.Y)/64-float64(r.Min.Y)
		if !st.start {
			clipLine(ax, ay, x, y, w, h, func(ax, ay, bx, by float64) {
				s.spend(1 + int(math.Abs(by-ay)) + int(math.Abs(bx-ax)))
				s.z.MoveTo(float32(ax), float32(ay))
				s.z.LineTo(float32(bx), float32(by))
			})
		}
		ax, ay = x, y
	}
	if s.gradient == nil {
		s.z.DrawOp = draw.Over
		s.z.Draw(s.dst, r, image.NewUniform(s.color), image.Point{})
		return
	}
	// A gradient: the coverage into a mask, then the colour function only
	// where the mask is not empty.
	n := r.Dx() * r.Dy()
	if cap(s.mask.Pix) < n {
		s.mask.Pix = make([]uint8, n)
	}
	s.mask.Pix, s.mask.Stride, s.mask.Rect = s.mask.Pix[:n], r.Dx(), image.Rect(0, 0, r.Dx(), r.Dy())
	s.z.DrawOp = draw.Src
	s.z.Draw(&s.mask, s.mask.Rect, image.Opaque, image.Point{})
	for y := range r.Dy() {
		for x := range r.Dx() {
			m := uint32(s.mask.Pix[y*s.mask.Stride+x])
			if m == 0 {
				continue
			}
			m *= 0x101
			sr, sg, sb, sa := s.gradient(r.Min.X+x, r.Min.Y+y)
			d := s.dst.Pix[s.dst.PixOffset(r.Min.X+x, r.Min.Y+y):][:4]
			a := 0xffff - sa*m/0xffff
			d[0] = uint8((uint32(d[0])*0x101*a + sr*m) / 0xffff >> 8)
			d[1] = uint8((uint32(d[1])*0x101*a + sg*m) / 0xffff >> 8)
			d[2] = uint8((uint32(d[2])*0x101*a + sb*m) / 0xffff >> 8)
			d[3] = uint8((uint32(d[3])*0x101*a + sa*m) / 0xffff >> 8)
		}
	}
}

// clipLine gives draw the parts of the line from a to b that matter to
// the coverage of the w×h raster. Parts above or below it matter not at
// all; parts left or right of it only by the rows they cross, so they are
// moved onto its left or right edge. Horizontal lines cover nothing.
func clipLine(ax, ay, bx, by, w, h float64, draw func(ax, ay, bx, by float64)) {
	if ay == by || (ay <= 0 && by <= 0) || (ay >= h && by >= h) {
		return
	}
	at := func(t float64) (float64, float64) { return ax + t*(bx-ax), ay + t*(by-ay) }
	// The part with 0 <= y <= h, as t from t0 to t1.
	t0, t1 := (0-ay)/(by-ay), (h-ay)/(by-ay)
	if t0 > t1 {
		t0, t1 = t1, t0
	}
	t0, t1 = max(t0, 0), min(t1, 1)
	// Where it crosses x = 0 and x = w.
	ts := []float64{t0}
	if ax != bx {
		for _, edge := range [2]float64{0, w} {
			if t := (edge - ax) / (bx - ax); t > t0 && t < t1 {
				ts = append(ts, t)
			}
		}
		if len(ts) == 3 && ts[2] < ts[1] {
			ts[1], ts[2] = ts[2], ts[1]
		}
	}
	ts = append(ts, t1)
	for i := 1; i < len(ts); i++ {
		x0, y0 := at(ts[i-1])
		x1, y1 := at(ts[i])
		draw(min(max(x0, 0), w), min(max(y0, 0), h), min(max(x1, 0), w), min(max(y1, 0), h))
	}
}

// userSpace turns f, a colour function of user coordinates that takes
// whole numbers only (it samples the middle of unit square x, y), into a
// function of pixels. Where a unit is wider than a pixel the colour is
// interpolated between the four samples around the point, or the gradient
// would come out in bands; the scanner asks for pixels along a row, so the
// samples of the last unit are kept.
func userSpace(f rasterx.ColorFunc, toUser rasterx.Matrix2D) paint {
	if math.Abs(toUser.A*toUser.D-toUser.B*toUser.C) >= 1 { // a unit is at most a pixel: the nearest sample will do
		return func(x, y int) (r, g, b, a uint32) {
			ux, uy := toUser.Transform(float64(x)+0.5, float64(y)+0.5)
			if !(math.Abs(ux) < 1<<30 && math.Abs(uy) < 1<<30) {
				return 0, 0, 0, 0
			}
			return f(int(math.Floor(ux)), int(math.Floor(uy))).RGBA()
		}
	}
	var (
		x0, y0 = math.MinInt, math.MinInt
		sample [4][4]float64 // at (x0,y0), (x0+1,y0), (x0,y0+1), (x0+1,y0+1)
	)
	at := func(i, x, y int) {
		r, g, b, a := f(x, y).RGBA()
		sample[i] = [4]float64{float64(r), float64(g), float64(b), float64(a)}
	}
	return func(x, y int) (r, g, b, a uint32) {
		ux, uy := toUser.Transform(float64(x)+0.5, float64(y)+0.5)
		ux, uy = ux-0.5, uy-0.5
		if !(math.Abs(ux) < 1<<30 && math.Abs(uy) < 1<<30) {
			return 0, 0, 0, 0
		}
		fx, fy := math.Floor(ux), math.Floor(uy)
		switch nx, ny := int(fx), int(fy); {
		case nx == x0 && ny == y0:
		case nx == x0+1 && ny == y0:
			sample[0], sample[2] = sample[1], sample[3]
			x0 = nx
			at(1, x0+1, y0)
			at(3, x0+1, y0+1)
		default:
			x0, y0 = nx, ny
			at(0, x0, y0)
			at(1, x0+1, y0)
			at(2, x0, y0+1)
			at(3, x0+1, y0+1)
		}
		tx, ty := ux-fx, uy-fy
		var out [4]uint32
		for i := range out {
			top := sample[0][i] + tx*(sample[1][i]-sample[0][i])
			bottom := sample[2][i] + tx*(sample[3][i]-sample[2][i])
			out[i] = uint32(min(max(top+ty*(bottom-top)+0.5, 0), 0xffff))
		}
		return out[0], out[1], out[2], out[3]
	}
}
