// Package size writes a number of bytes the way Windows Explorer does, so
// that what the CLI and the app say matches what people see in their file
// manager: 1024-based units labelled KB, MB, GB, TB, with one decimal below
// 100 and none from 100 up ("512 bytes", "1.5 KB", "12.3 MB", "250 MB",
// "1.1 GB"). The UI mirrors this function in TypeScript.
package size

import (
	"fmt"
	"math"
)

var units = []string{"KB", "MB", "GB", "TB", "PB", "EB"}

// Format is n bytes for a person to read.
func Format(n int64) string {
	if n < 0 {
		return "-" + Format(-n)
	}
	switch {
	case n == 1:
		return "1 byte"
	case n < 1024:
		return fmt.Sprintf("%d bytes", n)
	}
	v := float64(n)
	for i, u := range units {
		v /= 1024
		// Round as it will be printed, so 1023.96 KB reads "1.0 MB", not
		// "1024 KB", and 99.96 reads "100", not "100.0".
		r := math.Round(v*10) / 10
		if r >= 100 {
			r = math.Round(v)
		}
		if r >= 1024 && i < len(units)-1 {
			continue
		}
		if r >= 100 {
			return fmt.Sprintf("%.0f %s", r, u)
		}
		return fmt.Sprintf("%.1f %s", r, u)
	}
	panic("unreachable")
}
