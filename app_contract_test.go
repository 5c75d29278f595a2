package main

import (
	"reflect"
	"regexp"
	"strings"
	"testing"
)

var camelCase = regexp.MustCompile(`^[a-z][a-zA-Z0-9]*$`)

// TestBoundTypesAreCamelCase walks every type a bound method returns (the
// UI's whole view of Go, EventPayloads included) and requires camelCase
// JSON names, the frontend's convention, so no snake_case field slips in
// beside camelCase ones again.
func TestBoundTypesAreCamelCase(t *testing.T) {
	app := reflect.TypeOf(&App{})
	seen := map[reflect.Type]bool{}
	var walk func(path string, ty reflect.Type)
	walk = func(path string, ty reflect.Type) {
		for ty.Kind() == reflect.Pointer || ty.Kind() == reflect.Slice || ty.Kind() == reflect.Array || ty.Kind() == reflect.Map {
			ty = ty.Elem()
		}
		if ty.Kind() != reflect.Struct || seen[ty] || ty.PkgPath() == "time" {
			return
		}
		seen[ty] = true
		for i := range ty.NumField() {
			f := ty.Field(i)
			if !f.IsExported() {
				continue
			}
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" {
				continue
			}
			if !camelCase.MatchString(name) {
				t.Errorf("%s.%s (%s): JSON name %q is not camelCase", path, f.Name, ty, name)
			}
			walk(path+"."+f.Name, f.Type)
		}
	}
	methods := 0
	for i := range app.NumMethod() {
		m := app.Method(i)
		for o := range m.Type.NumOut() {
			walk(m.Name, m.Type.Out(o))
		}
		methods++
	}
	if methods < 9 || !seen[reflect.TypeOf(EventPayloads{})] {
		t.Fatalf("walked %d bound methods and %d types; expected the App's methods and EventPayloads", methods, len(seen))
	}
}
