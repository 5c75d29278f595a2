package language

import "testing"

func TestFromEnv(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{}, English},
		{map[string]string{"LANG": "ml_IN.UTF-8"}, Malayalam},
		{map[string]string{"LANG": "ml_IN"}, Malayalam},
		{map[string]string{"LANG": "en_IN.UTF-8"}, English},
		{map[string]string{"LANG": "mr_IN.UTF-8"}, English}, // Marathi is not Malayalam
		{map[string]string{"LANG": "ml_IN.UTF-8", "LC_ALL": "en_US.UTF-8"}, English},
		{map[string]string{"LANG": "en_US.UTF-8", "LC_MESSAGES": "ml_IN.UTF-8"}, Malayalam},
		{map[string]string{"LANG": "en_US.UTF-8", "LANGUAGE": "ml:en"}, Malayalam},
		{map[string]string{"LC_ALL": "C", "LANGUAGE": "ml"}, English},
		{map[string]string{"LANG": "ml"}, Malayalam},
		{map[string]string{"LANG": "ml@latin"}, Malayalam},
		{map[string]string{"LANG": "mlx_XX"}, English},
	} {
		got := fromEnv(func(k string) string { return tc.env[k] })
		if got != tc.want {
			t.Errorf("fromEnv(%v) = %q, want %q", tc.env, got, tc.want)
		}
	}
}

func TestFromTag(t *testing.T) {
	for tag, want := range map[string]string{"ml-IN": Malayalam, "ML": Malayalam, "en-GB": English, "": English, "hi-IN": English} {
		if got := fromTag(tag); got != want {
			t.Errorf("fromTag(%q) = %q, want %q", tag, got, want)
		}
	}
}
