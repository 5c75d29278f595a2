package version

import "testing"

func TestReleaseAndCommit(t *testing.T) {
	for _, tc := range []struct{ v, release, commit string }{
		{"v0.2.0", "v0.2.0", ""},
		{"v0.2.0-dirty", "v0.2.0", "dirty"},
		{"v0.2.0-3-g1a2b3c4", "v0.2.0", "1a2b3c4"},
		{"v0.2.0-3-g1a2b3c4-dirty", "v0.2.0", "1a2b3c4-dirty"},
		{"v1.0.0-rc1-12-gdeadbee", "v1.0.0-rc1", "deadbee"},
		{"4a2f9be", "", "4a2f9be"},
		{"4a2f9be-dirty", "", "4a2f9be-dirty"},
		{"dev", "", ""},
		{"1.2.3", "1.2.3", ""},
	} {
		if got := release(tc.v); got != tc.release {
			t.Errorf("release(%q) = %q, want %q", tc.v, got, tc.release)
		}
		if got := commit(tc.v); got != tc.commit {
			t.Errorf("commit(%q) = %q, want %q", tc.v, got, tc.commit)
		}
	}
}
