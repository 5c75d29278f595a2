package size

import (
	"math"
	"testing"
)

func TestFormat(t *testing.T) {
	for n, want := range map[int64]string{
		0:                  "0 bytes",
		1:                  "1 byte",
		512:                "512 bytes",
		1023:               "1023 bytes",
		1024:               "1.0 KB",
		1536:               "1.5 KB",
		99*1024 + 1000:     "100 KB", // 99.98 KB rounds up to 100: no decimal
		250 << 10:          "250 KB",
		1024*1024 - 1:      "1.0 MB", // not "1024 KB"
		12_900_000:         "12.3 MB",
		95 << 20:           "95.0 MB",
		250 << 20:          "250 MB",
		1_181_116_006:      "1.1 GB",
		3 << 40:            "3.0 TB",
		-1536:              "-1.5 KB",
		math.MaxInt64:      "8.0 EB",
		1<<30 + 100<<20:    "1.1 GB",
		1023*1024*1024 + 1: "1023 MB",
	} {
		if got := Format(n); got != want {
			t.Errorf("Format(%d) = %q, want %q", n, got, want)
		}
	}
}
