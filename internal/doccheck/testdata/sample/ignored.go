//go:build ignore

package sample

func BadButIgnored() {}
