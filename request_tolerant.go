package jiko

import (
	"reflect"
	"sync"
)

// This file keeps the text a tolerant value kept from an answer out of
// requests: a Date or Timestamp that did not parse is refused, naming its
// field, rather than sent back to the API.

// checkNoRawValues refuses a request params or body that carries a
// tolerant value that is not valid.
func checkNoRawValues(v any) error {
	if v == nil {
		return nil
	}
	rv := reflect.ValueOf(v)
	if !mayHoldTolerant(rv.Type()) {
		return nil
	}
	return findRawValue(rv, rv.Type().String())
}

var tolerantTypes sync.Map // reflect.Type -> bool

// mayHoldTolerant reports whether a value of t can hold a tolerant value,
// so that the walk skips the types that cannot.
func mayHoldTolerant(t reflect.Type) bool {
	if v, ok := tolerantTypes.Load(t); ok {
		return v.(bool)
	}
	tolerantTypes.Store(t, false) // a recursive type ends here
	may := false
	switch {
	case t.Implements(tolerantType) || reflect.PointerTo(t).Implements(tolerantType):
		may = true
	case t.Implements(nullableType):
		if f, ok := t.FieldByName("value"); ok {
			may = mayHoldTolerant(f.Type)
		}
	case t.Kind() == reflect.Pointer, t.Kind() == reflect.Slice, t.Kind() == reflect.Array:
		may = mayHoldTolerant(t.Elem())
	case t.Kind() == reflect.Map:
		may = mayHoldTolerant(t.Elem())
	case t.Kind() == reflect.Struct:
		for i := range t.NumField() {
			if f := t.Field(i); f.IsExported() && mayHoldTolerant(f.Type) {
				may = true
				break
			}
		}
	}
	tolerantTypes.Store(t, may)
	return may
}

func findRawValue(v reflect.Value, field string) error {
	if !v.IsValid() || !mayHoldTolerant(v.Type()) {
		return nil
	}
	switch x := v.Interface().(type) {
	case tolerantValue:
		if raw, bad := x.invalidRaw(); bad {
			return invalid(field, "%q is text from an answer, not a valid %s", shorten(raw), v.Type().Name())
		}
		return nil
	case nullableValue:
		return findRawValue(reflect.ValueOf(x.auditValue()), field)
	}
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			return findRawValue(v.Elem(), field)
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if err := findRawValue(v.Index(i), field); err != nil {
				return err
			}
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			if err := findRawValue(it.Value(), field); err != nil {
				return err
			}
		}
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			if f := t.Field(i); f.IsExported() {
				if err := findRawValue(v.Field(i), t.Name()+"."+f.Name); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
