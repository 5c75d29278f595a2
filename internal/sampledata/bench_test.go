package sampledata

import "testing"

// The photo encoders are what a large sample costs; these show a regression.
func benchmarkRender(b *testing.B, png bool, w, h int) {
	var c canvas
	var n int
	for i := 0; b.Loop(); i++ {
		out, err := c.render(photoSpec{file: "bench", png: png, w: w, h: h, seed: uint64(i), female: i%2 == 0})
		if err != nil {
			b.Fatal(err)
		}
		n += len(out)
	}
	b.ReportMetric(float64(n)/float64(b.N), "bytes/photo")
	b.SetBytes(int64(n / b.N))
}

func BenchmarkRenderJPEG(b *testing.B) { benchmarkRender(b, false, 480, 600) }
func BenchmarkRenderPNG(b *testing.B)  { benchmarkRender(b, true, 200, 200) }
