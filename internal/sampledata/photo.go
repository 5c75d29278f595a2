package sampledata

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"math"
)

// A photo is drawn, not loaded: a passport-style avatar (gradient backdrop,
// head, a cap or a headscarf, shoulders) with sensor-like grain. The grain
// is what makes a JPEG as big as a real one of the same size; flat
// synthetic pictures compress to almost nothing.

// photoSpec is everything that decides one photo's bytes.
type photoSpec struct {
	index  int    // order among the photos written
	file   string // name under media/members/photos
	png    bool
	female bool
	w, h   int
	seed   uint64
}

const (
	jpegQuality = 95 // what phone cameras write
	jpegGrain   = 20 // +/- levels of noise per channel
	pngGrain    = 3  // screenshots and edited avatars: cleaner
)

// rng is splitmix64: tiny, fast, and the same on every platform.
type rng uint64

func (r *rng) next() uint64 {
	*r += 0x9e3779b97f4a7c15
	z := uint64(*r)
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

func (r *rng) intn(n int) int { return int(r.next() % uint64(n)) }

type rgb struct{ r, g, b int }

var (
	skinTones  = []rgb{{141, 85, 36}, {198, 134, 66}, {224, 172, 105}, {241, 194, 125}, {172, 112, 61}, {120, 72, 40}}
	backdrops  = []rgb{{230, 230, 235}, {200, 220, 240}, {235, 225, 205}, {210, 235, 215}, {250, 250, 250}, {180, 200, 230}}
	clothes    = []rgb{{40, 60, 120}, {240, 240, 240}, {20, 20, 25}, {120, 30, 40}, {30, 110, 80}, {150, 120, 90}, {90, 60, 130}}
	scarfs     = []rgb{{20, 20, 30}, {120, 20, 60}, {40, 80, 140}, {200, 180, 150}, {60, 120, 110}, {230, 200, 210}}
	hairColour = rgb{25, 20, 18}
	capColour  = rgb{245, 245, 240}
)

func pick(r *rng, cs []rgb) rgb { return cs[r.intn(len(cs))] }

// canvas holds a worker's reusable pixel and output buffers, so the big
// allocations happen once per worker, not once per photo.
type canvas struct {
	img   *image.RGBA
	noise []int8
	out   bytes.Buffer
	enc   png.Encoder
}

func (c *canvas) size(w, h int) *image.RGBA {
	need := 4 * w * h
	if c.img == nil || cap(c.img.Pix) < need {
		c.img = image.NewRGBA(image.Rect(0, 0, w, h))
	}
	c.img.Pix = c.img.Pix[:need]
	c.img.Stride = 4 * w
	c.img.Rect = image.Rect(0, 0, w, h)
	return c.img
}

// span returns the columns [x0, x1) of row centre fy that lie inside the
// ellipse centred at (cx, cy) with radii rx, ry; x0 == x1 when none do.
// Filling spans per row costs far less than testing every pixel.
func span(fy, cx, cy, rx, ry float64, w int) (int, int) {
	dy := (fy - cy) / ry
	if dy*dy >= 1 {
		return 0, 0
	}
	half := rx * math.Sqrt(1-dy*dy)
	x0 := int(math.Ceil(cx - half - 0.5))
	x1 := int(math.Floor(cx+half-0.5)) + 1
	if x0 < 0 {
		x0 = 0
	}
	if x1 > w {
		x1 = w
	}
	if x1 < x0 {
		x1 = x0
	}
	return x0, x1
}

// fill paints columns [x0, x1) of row with c.
func fill(row []uint8, x0, x1 int, c rgb) {
	for x := x0; x < x1; x++ {
		o := 4 * x
		row[o], row[o+1], row[o+2] = uint8(c.r), uint8(c.g), uint8(c.b)
	}
}

// render draws the photo of s and encodes it into c.out.
func (c *canvas) render(s photoSpec) ([]byte, error) {
	img := c.size(s.w, s.h)
	r := rng(s.seed)
	bgTop, bgBottom := pick(&r, backdrops), pick(&r, backdrops)
	skin, cloth := pick(&r, skinTones), pick(&r, clothes)
	scarf := pick(&r, scarfs)
	withCap := r.intn(3) == 0
	grain := jpegGrain
	if s.png {
		grain = pngGrain
	}

	w, h := float64(s.w), float64(s.h)
	// Jitter the pose so no two members look alike.
	jx := (float64(r.intn(21)) - 10) / 100
	jy := (float64(r.intn(21)) - 10) / 100
	hcx, hcy := w*(0.5+jx*0.3), h*(0.42+jy*0.2)
	hrx, hry := w*(0.19+float64(r.intn(5))/100), h*(0.19+float64(r.intn(5))/100)
	eyeY, eyeDX, eyeR := hcy-hry*0.12, hrx*0.38, hrx*0.09
	mouthY := hcy + hry*0.45
	hairline := hcy - hry*0.7
	if withCap {
		hairline = hcy - hry*0.55
	}
	eye, mouth := rgb{30, 25, 25}, rgb{110, 50, 50}

	// Grain comes from a per-photo table read at a random offset per row:
	// high-entropy like sensor noise, at a fraction of a draw per pixel.
	noise := c.noiseTable(s.seed^0x5bd1e995, grain)
	mask := len(noise) - 1

	for y := 0; y < s.h; y++ {
		fy := float64(y) + 0.5
		t := fy / h
		bg := rgb{
			bgTop.r + int(float64(bgBottom.r-bgTop.r)*t),
			bgTop.g + int(float64(bgBottom.g-bgTop.g)*t),
			bgTop.b + int(float64(bgBottom.b-bgTop.b)*t),
		}
		row := img.Pix[y*img.Stride : y*img.Stride+4*s.w]
		fill(row, 0, s.w, bg)
		x0, x1 := span(fy, w*0.5, h*1.0, w*0.46, h*0.33, s.w)
		fill(row, x0, x1, cloth)
		if s.female {
			x0, x1 = span(fy, hcx, hcy+hry*0.25, hrx*1.45, hry*1.5, s.w)
			fill(row, x0, x1, scarf)
		} else {
			x0, x1 = span(fy, hcx, hcy-hry*0.2, hrx*1.05, hry*0.95, s.w)
			if withCap && fy < hcy-hry*0.55 {
				fill(row, x0, x1, capColour)
			} else {
				fill(row, x0, x1, hairColour)
			}
		}
		if s.female || fy > hairline {
			x0, x1 = span(fy, hcx, hcy, hrx, hry, s.w)
			dy := (fy - hcy) / hry
			for x := x0; x < x1; x++ {
				dx := (float64(x) + 0.5 - hcx) / hrx
				shade := 1 - 0.25*(dx*dx+dy*dy)
				o := 4 * x
				row[o] = uint8(float64(skin.r) * shade)
				row[o+1] = uint8(float64(skin.g) * shade)
				row[o+2] = uint8(float64(skin.b) * shade)
			}
			x0, x1 = span(fy, hcx-eyeDX, eyeY, eyeR, eyeR*0.7, s.w)
			fill(row, x0, x1, eye)
			x0, x1 = span(fy, hcx+eyeDX, eyeY, eyeR, eyeR*0.7, s.w)
			fill(row, x0, x1, eye)
			x0, x1 = span(fy, hcx, mouthY, hrx*0.3, hry*0.05, s.w)
			fill(row, x0, x1, mouth)
		}
		k := r.intn(len(noise))
		for o := 0; o+3 < len(row); o += 4 {
			row[o] = clamp(int(row[o]) + int(noise[k&mask]))
			row[o+1] = clamp(int(row[o+1]) + int(noise[(k+1)&mask]))
			row[o+2] = clamp(int(row[o+2]) + int(noise[(k+2)&mask]))
			row[o+3] = 0xff
			k += 3
		}
	}

	c.out.Reset()
	var err error
	if s.png {
		// Deflating grain gains little at higher levels and costs a
		// lot of time; the result is a valid, ordinary PNG either way.
		c.enc.CompressionLevel = png.BestSpeed
		err = c.enc.Encode(&c.out, img)
	} else {
		err = jpeg.Encode(&c.out, img, &jpeg.Options{Quality: jpegQuality})
	}
	if err != nil {
		return nil, fmt.Errorf("encode photo %s: %w", s.file, err)
	}
	return c.out.Bytes(), nil
}

// noiseTable fills the canvas's grain table for one photo: values in
// [-grain, grain], 64 Ki of them (a power of two, for masking).
func (c *canvas) noiseTable(seed uint64, grain int) []int8 {
	if c.noise == nil {
		c.noise = make([]int8, 1<<16)
	}
	r := rng(seed)
	span := uint64(2*grain + 1)
	for i := 0; i < len(c.noise); i += 8 {
		v := r.next()
		for j := 0; j < 8; j++ {
			c.noise[i+j] = int8(int(((v>>(8*j))&0xff)%span) - grain)
		}
	}
	return c.noise
}

func clamp(v int) uint8 {
	if v < 0 {
		return 0
	}
	if v > 255 {
		return 255
	}
	return uint8(v)
}
