// Package query encodes the jiko parameter structs into URL query values.
//
// A field takes part when it carries a `url:"name"` tag; `url:"name,omitempty"`
// leaves out its zero value. Strings, booleans, integers, types that
// implement encoding.TextMarshaler, pointers to these and slices of these are
// supported; a slice becomes one repeated key per element, the form the
// Partner API reads for parameters such as filter[status] and omit[].
package query

import (
	"encoding"
	"fmt"
	"net/url"
	"reflect"
	"strconv"
	"strings"
)

var textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()

// Values encodes v, a struct or a pointer to one (nil gives no values).
func Values(v any) (url.Values, error) {
	out := url.Values{}
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return out, nil
		}
		rv = rv.Elem()
	}
	if rv.Kind() != reflect.Struct {
		return nil, fmt.Errorf("query: %T is not a struct", v)
	}
	rt := rv.Type()
	for i := range rt.NumField() {
		f := rt.Field(i)
		tag, ok := f.Tag.Lookup("url")
		if !ok || tag == "-" || !f.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		omitempty := opts == "omitempty"
		fv := rv.Field(i)
		if omitempty && fv.IsZero() {
			continue
		}
		if fv.Kind() == reflect.Slice && !fv.Type().Implements(textMarshalerType) {
			for j := range fv.Len() {
				s, err := scalar(fv.Index(j))
				if err != nil {
					return nil, fmt.Errorf("query: field %s: %w", f.Name, err)
				}
				out.Add(name, s)
			}
			continue
		}
		s, err := scalar(fv)
		if err != nil {
			return nil, fmt.Errorf("query: field %s: %w", f.Name, err)
		}
		out.Set(name, s)
	}
	return out, nil
}

func scalar(v reflect.Value) (string, error) {
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return "", nil
		}
		v = v.Elem()
	}
	if v.Type().Implements(textMarshalerType) {
		b, err := v.Interface().(encoding.TextMarshaler).MarshalText()
		return string(b), err
	}
	switch v.Kind() {
	case reflect.String:
		return v.String(), nil
	case reflect.Bool:
		return strconv.FormatBool(v.Bool()), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return strconv.FormatUint(v.Uint(), 10), nil
	}
	return "", fmt.Errorf("unsupported type %s", v.Type())
}
