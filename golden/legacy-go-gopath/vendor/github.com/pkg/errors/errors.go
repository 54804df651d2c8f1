package errors

import "fmt"

func Wrap(err error, msg string) error { return fmt.Errorf("%s: %v", msg, err) }
